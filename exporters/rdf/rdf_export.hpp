// RDF export of the knowledge graph, in the vocabulary of
// ontology/papergraph.ttl: DCAT 3 + DCTERMS for datasets, FaBiO + CiTO for
// papers and references, PROV for per-usage provenance, SKOS for tasks and
// names, FOAF for agents. No blank nodes: every node has an IRI that depends
// only on its paper and name, so graphs exported separately merge by union.
//
// The export streams: statements are written as the graph is walked, in
// chunks, and no format keeps the document (or a model of it) in memory.
// N-Triples, N-Quads and Turtle are written directly (escaping as raptor2
// writes N-Triples); RDF/XML goes through raptor's streaming serializer.
// librdf stays out of this header.
#pragma once

#include <iosfwd>
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

// Serialises graph into *out (replacing its content): for small graphs, such
// as one paper's. N-Quads puts each paper's facts (its description, usages,
// citations, tasks) in its own named graph, <base>graph/paper/<id>, and the
// facts about datasets, tasks, references and agents in <base>graph/entities,
// so one paper's facts can be replaced. Fails only when raptor's RDF/XML
// serializer does (with its message).
Status writeRdf(const KnowledgeGraph& graph, RdfFormat format, std::string* out);

// Streams graph to out in chunks of about 64 KiB. Fails when out goes bad
// (the export stops there) or the serializer fails.
Status writeRdf(const KnowledgeGraph& graph, RdfFormat format, std::ostream& out);

// Streams graph into a temporary file beside path, flushes it to disk and
// renames it over path. On failure (disk full, no permission, serializer
// error) path is untouched, the temporary file is removed, and the Status
// names path and the reason.
Status writeRdfFile(const KnowledgeGraph& graph, RdfFormat format, const std::string& path);

}  // namespace papergraph
