#include "graphml/graphml_export.hpp"

// GCC 12 reports -Wmaybe-uninitialized inside Boost's adjacency-list edge
// iterator (a false positive of boost::optional) when the writers walk a
// listS graph; the warning is about Boost's code, not ours.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <boost/graph/graphml.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/property_map/function_property_map.hpp>
#include <boost/property_map/transform_value_property_map.hpp>
#include <sstream>

#include "graph/graph_impl.hpp"

namespace papergraph {
namespace {

// The properties both writers show, read straight from the bundled structs.
boost::dynamic_properties properties(const BoostGraph& g, bool dot) {
  using V = BoostGraph::vertex_descriptor;
  using E = BoostGraph::edge_descriptor;
  boost::dynamic_properties dp(boost::ignore_other_properties);
  auto vmap = [&g](auto f) { return boost::make_function_property_map<V>([&g, f](V v) { return f(g[v]); }); };
  auto emap = [&g](auto f) { return boost::make_function_property_map<E>([&g, f](E e) { return f(g[e]); }); };
  dp.property("kind", vmap([](const GraphNode& n) { return std::string(nodeKindName(n.kind)); }));
  dp.property("label", vmap([dot](const GraphNode& n) {
                return dot ? n.label + "\n(" + nodeKindName(n.kind) + ")" : n.label;
              }));
  if (dot) {
    dp.property("node_id", vmap([](const GraphNode& n) { return n.iri; }));
    dp.property("label", emap([](const GraphEdge& e) {
                  return std::string(edgeKindName(e.kind)) + (e.role.empty() ? "" : " (" + e.role + ")");
                }));
  } else {
    dp.property("iri", vmap([](const GraphNode& n) { return n.iri; }));
    dp.property("kind", emap([](const GraphEdge& e) { return std::string(edgeKindName(e.kind)); }));
    dp.property("role", emap([](const GraphEdge& e) { return e.role; }));
    dp.property("confidence", emap([](const GraphEdge& e) { return static_cast<double>(e.confidence); }));
    dp.property("papers", emap([](const GraphEdge& e) { return static_cast<int>(e.papers); }));
    dp.property("evidence", emap([](const GraphEdge& e) { return static_cast<int>(e.evidence.size()); }));
    dp.property("extractors", emap([](const GraphEdge& e) {
                  std::string s;
                  for (const auto& x : e.extractors) s += (s.empty() ? "" : ",") + x;
                  return s;
                }));
  }
  return dp;
}

}  // namespace

std::string writeGraphml(const KnowledgeGraph& graph) {
  const BoostGraph& g = graph.impl().g;
  std::ostringstream out;
  boost::write_graphml(out, g, properties(g, false), true);
  return out.str();
}

std::string writeDot(const KnowledgeGraph& graph) {
  const BoostGraph& g = graph.impl().g;
  std::ostringstream out;
  boost::write_graphviz_dp(out, g, properties(g, true), "node_id");
  return out.str();
}

}  // namespace papergraph
