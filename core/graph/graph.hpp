// The knowledge graph: papers, datasets (with their versions and variants),
// tasks, bibliographic references and agents, and the typed edges between
// them. Built incrementally from resolved PaperResults, keeping no paper
// text, so it streams over many papers. Boost.Graph stays behind the pimpl
// (core/graph/graph_impl.hpp, for exporters that need it).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "catalog/catalog.hpp"
#include "merge/paper_result.hpp"

namespace papergraph {

// What a node is.
enum class NodeKind { kPaper, kDataset, kTask, kReference, kAgent };
// What an edge says.
enum class EdgeKind {
  kUses,          // paper -> dataset (role, evidence, extractors, confidence)
  kAddresses,     // paper -> task
  kUsedForTask,   // dataset -> task, through papers (papers counts them)
  kVersionOf,     // dataset -> dataset
  kVariantOf,     // dataset -> dataset
  kIntroducedBy,  // dataset -> reference a paper cites for it
  kCreator,       // reference or dataset -> agent
  kCites,         // paper -> reference
  kSameAs         // dataset -> dataset (an abbreviation's own node and its expansion's)
};

// "paper", "dataset", ...; "uses", "addresses", ...
const char* nodeKindName(NodeKind k);
const char* edgeKindName(EdgeKind k);

// One evidence span of a usage (offsets into the paper's text).
struct EvidenceSpan {
  uint32_t start = 0, end = 0;
  float confidence = 0;
};

// A node. Fields that do not apply to its kind stay empty. Values papers
// supply are sets (in first-seen order), never "first paper wins", so the
// exported triples do not depend on the order papers were added.
struct GraphNode {
  NodeKind kind = NodeKind::kDataset;
  std::string iri;
  std::string label;                    // for display: catalog title, paper title, else the first name seen
  std::vector<std::string> names;       // every title papers gave (unseen datasets/tasks, references, agents)
  std::vector<std::string> alt_labels;  // surface forms papers used (datasets, tasks), at most kMaxAltLabels
  std::string catalog_id;               // datasets and tasks the catalog knows
  std::string source, format;           // papers: where it was read
  std::vector<std::string> venues, years, dois, arxivs, urls;  // references
  // Datasets: metadata papers' citations supplied where the catalog had
  // none, and disagreements with it (field, value, reference IRI).
  std::vector<std::string> cited_creators, cited_issued, cited_identifiers;
  std::vector<std::tuple<std::string, std::string, std::string>> disagreements;
};

// Surface forms kept per node (beyond it, later forms are dropped).
inline constexpr size_t kMaxAltLabels = 64;

// An edge.
struct GraphEdge {
  EdgeKind kind = EdgeKind::kUses;
  std::string role;                     // kUses: used | introduced | referred-to
  float confidence = 0;                 // kUses
  std::vector<std::string> extractors;  // kUses
  std::vector<EvidenceSpan> evidence;   // kUses
  uint32_t papers = 0;                  // kUsedForTask: papers that support it
};

// Settings of the graph.
struct GraphOptions {
  std::string base_iri = "https://w3id.org/papergraph/";
  std::shared_ptr<const Catalog> catalog;  // may be null
};

class KnowledgeGraph {
 public:
  explicit KnowledgeGraph(GraphOptions options);
  ~KnowledgeGraph();
  KnowledgeGraph(KnowledgeGraph&&) noexcept;
  KnowledgeGraph& operator=(KnowledgeGraph&&) noexcept;

  // Adds one resolved paper (entity ids set) and the same-as links resolution
  // found in it. A paper id seen before is refused (returns false).
  bool addPaper(const PaperResult& paper, const std::vector<std::pair<std::string, std::string>>& same_as = {});

  size_t nodeCount() const;
  size_t edgeCount() const;
  size_t paperCount() const;
  // Node i (0 <= i < nodeCount()), in insertion order.
  const GraphNode& node(size_t i) const;
  // The node with this IRI, if any.
  std::optional<size_t> find(const std::string& iri) const;
  // Calls fn(source, target, edge) for every edge, by source node then
  // insertion order.
  void forEachEdge(const std::function<void(size_t, size_t, const GraphEdge&)>& fn) const;
  // The settings the graph was built with.
  const GraphOptions& options() const;

  struct Impl;
  // For exporters built on Boost.Graph (graph_impl.hpp).
  const Impl& impl() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace papergraph
