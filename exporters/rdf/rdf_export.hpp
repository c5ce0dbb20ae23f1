// RDF export of the knowledge graph through Redland (librdf + raptor2), in
// the vocabulary of ontology/papergraph.ttl: DCAT 3 + DCTERMS for datasets,
// FaBiO + CiTO for papers and references, PROV for per-usage provenance,
// SKOS for tasks and names, FOAF for agents. No blank nodes: every node has
// an IRI that depends only on its paper and name, so graphs exported
// separately merge by union. librdf stays out of this header.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "graph/graph.hpp"
#include "papergraph/status.hpp"

namespace papergraph {

// The RDF syntaxes papergraph writes.
enum class RdfFormat { kTurtle, kNTriples, kNQuads, kRdfXml };

// "turtle", "ntriples", "nquads", "rdfxml" -> format; nullopt otherwise.
std::optional<RdfFormat> rdfFormatFromName(std::string_view name);

// The vocabulary namespace of papergraph's own terms.
inline constexpr const char* kVocabularyIri = "https://w3id.org/papergraph/ontology#";

// Serialises graph into *out. N-Quads puts each paper's facts (its
// description, usages, citations, tasks) in its own named graph,
// <base>graph/paper/<id>, and the facts about datasets, tasks, references
// and agents in <base>graph/entities, so one paper's facts can be replaced.
// Fails (with librdf's message) only when the serializer does.
Status writeRdf(const KnowledgeGraph& graph, RdfFormat format, std::string* out);

}  // namespace papergraph
