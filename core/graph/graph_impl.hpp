// The inside of KnowledgeGraph: the Boost.Graph adjacency list and the
// indexes that keep nodes and edges unique. Only core/graph and exporters
// built on Boost.Graph (exporters/graphml) include this header.
#pragma once

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "graph/graph.hpp"

namespace papergraph {

// listS out-edges: edge descriptors stay valid while edges are added.
using BoostGraph = boost::adjacency_list<boost::listS, boost::vecS, boost::directedS, GraphNode, GraphEdge>;

struct KnowledgeGraph::Impl {
  GraphOptions options;
  BoostGraph g;
  std::unordered_map<std::string, size_t> by_iri;
  // Edges between entities, kept unique: from << 36 | to << 4 | kind.
  std::unordered_set<uint64_t> unique_edges;
  std::unordered_map<uint64_t, BoostGraph::edge_descriptor> used_for_task;  // from << 32 | to
  size_t papers = 0;
};

}  // namespace papergraph
