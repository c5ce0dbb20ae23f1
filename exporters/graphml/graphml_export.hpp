// GraphML and Graphviz DOT views of the knowledge graph, written with
// Boost.Graph's writers, for people who want to look at the graph.
#pragma once

#include <string>

#include "graph/graph.hpp"

namespace papergraph {

// GraphML: node attributes kind, iri, label; edge attributes kind, role,
// confidence, papers, evidence (span count). Deterministic for one graph.
std::string writeGraphml(const KnowledgeGraph& graph);

// DOT: nodes named by IRI, labelled by label and kind; edges labelled by
// kind (and role for usages).
std::string writeDot(const KnowledgeGraph& graph);

}  // namespace papergraph
