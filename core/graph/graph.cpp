#include "graph/graph.hpp"

#include <algorithm>
#include <set>

#include "graph/graph_impl.hpp"
#include "resolve/describe.hpp"

namespace papergraph {

const char* nodeKindName(NodeKind k) {
  switch (k) {
    case NodeKind::kPaper: return "paper";
    case NodeKind::kDataset: return "dataset";
    case NodeKind::kTask: return "task";
    case NodeKind::kReference: return "reference";
    case NodeKind::kAgent: return "agent";
  }
  return "unknown";
}

const char* edgeKindName(EdgeKind k) {
  switch (k) {
    case EdgeKind::kUses: return "uses";
    case EdgeKind::kAddresses: return "addresses";
    case EdgeKind::kUsedForTask: return "used-for-task";
    case EdgeKind::kVersionOf: return "version-of";
    case EdgeKind::kVariantOf: return "variant-of";
    case EdgeKind::kIntroducedBy: return "introduced-by";
    case EdgeKind::kCreator: return "creator";
    case EdgeKind::kCites: return "cites";
    case EdgeKind::kSameAs: return "same-as";
  }
  return "unknown";
}

namespace {

// Percent-encodes everything but unreserved characters (RFC 3986), so any
// paper id makes a valid IRI segment.
std::string iriSegment(const std::string& s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') out += static_cast<char>(c);
    else out += {'%', hex[c >> 4], hex[c & 15]};
  }
  return out.empty() ? "_" : out;
}

// Adds v to a set kept as a vector (first-seen order).
void addUnique(std::vector<std::string>& set, const std::string& v) {
  if (!v.empty() && std::find(set.begin(), set.end(), v) == set.end()) set.push_back(v);
}

uint64_t edgeKey(size_t from, size_t to, EdgeKind kind) {
  return (static_cast<uint64_t>(from) << 36) ^ (static_cast<uint64_t>(to) << 4) ^ static_cast<uint64_t>(kind);
}

}  // namespace

// Building steps that need the Impl.
struct Builder {
  KnowledgeGraph::Impl& d;

  // The node with this IRI, made when new; label (when not empty) joins its
  // names.
  size_t node(NodeKind kind, const std::string& iri, const std::string& label, bool* created = nullptr) {
    auto [it, fresh] = d.by_iri.emplace(iri, 0);
    if (created) *created = fresh;
    if (fresh) {
      GraphNode n;
      n.kind = kind;
      n.iri = iri;
      it->second = boost::add_vertex(std::move(n), d.g);
    }
    GraphNode& n = d.g[it->second];
    if (!label.empty()) {
      if (n.label.empty()) n.label = label;
      addUnique(n.names, label);
    }
    return it->second;
  }
  GraphNode& at(size_t v) { return d.g[v]; }

  // An edge between entities, added once.
  void uniqueEdge(size_t from, size_t to, EdgeKind kind) {
    if (d.unique_edges.insert(edgeKey(from, to, kind)).second) {
      GraphEdge e;
      e.kind = kind;
      boost::add_edge(from, to, std::move(e), d.g);
    }
  }
  void edge(size_t from, size_t to, GraphEdge e) { boost::add_edge(from, to, std::move(e), d.g); }

  std::string iri(const char* kind, const std::string& local) { return d.options.base_iri + kind + "/" + local; }

  size_t agent(const std::string& name) {
    std::string slug = slugify(name);
    return node(NodeKind::kAgent, iri("agent", slug.empty() ? iriSegment(name) : slug), name);
  }

  size_t task(const std::string& name) {
    const Catalog* cat = d.options.catalog.get();
    std::string local, label = name;
    if (cat) {
      for (const auto& h : cat->lookupTask(name)) {
        if (h.ambiguous) continue;
        local = h.id;
        if (const auto* t = cat->task(h.id)) label = t->title;
        break;
      }
    }
    if (local.empty()) local = slugify(normalizeName(name));
    if (local.empty()) local = "unnamed";
    size_t v = node(NodeKind::kTask, iri("task", local), label);
    if (cat && cat->task(local)) at(v).catalog_id = local;
    return v;
  }

  // A catalog dataset node with its catalog relations (parents, creators,
  // tasks), made once.
  size_t catalogDataset(const std::string& id, int depth = 0) {
    const CatalogDataset* c = d.options.catalog ? d.options.catalog->dataset(id) : nullptr;
    bool created = false;
    size_t v = node(NodeKind::kDataset, iri("dataset", id), c ? c->title : id, &created);
    if (!created || !c) return v;
    at(v).catalog_id = id;
    for (const auto& a : c->creators) uniqueEdge(v, agent(a), EdgeKind::kCreator);
    for (const auto& t : c->tasks) uniqueEdge(v, task(t), EdgeKind::kUsedForTask);
    if (depth < 8) {
      if (!c->version_of.empty()) uniqueEdge(v, catalogDataset(c->version_of, depth + 1), EdgeKind::kVersionOf);
      if (!c->variant_of.empty()) uniqueEdge(v, catalogDataset(c->variant_of, depth + 1), EdgeKind::kVariantOf);
    }
    return v;
  }

  // A dataset node by IRI: through the catalog when the IRI is a catalog id.
  size_t datasetByIri(const std::string& dataset_iri, const std::string& label) {
    const std::string prefix = iri("dataset", "");
    if (dataset_iri.rfind(prefix, 0) == 0 && d.options.catalog &&
        d.options.catalog->dataset(dataset_iri.substr(prefix.size())))
      return catalogDataset(dataset_iri.substr(prefix.size()));
    // A node named only by reference (a version's parent, a same-as target)
    // has no name until a paper gives it one.
    return node(NodeKind::kDataset, dataset_iri, label);
  }

  size_t reference(const Paper& paper, const BibEntry& b) {
    std::string local;
    if (!b.doi.empty()) local = "doi-" + slugify(b.doi);
    else if (!b.arxiv.empty()) local = "arxiv-" + slugify(b.arxiv);
    else if (!b.title.empty()) local = slugify(b.title).substr(0, 80) + (b.year.empty() ? "" : "-" + b.year);
    if (local.empty() || local == "doi-" || local == "arxiv-")
      local = iriSegment(paper.id) + "-" + iriSegment(b.id);
    size_t v = node(NodeKind::kReference, iri("reference", local),
                    b.title.empty() ? (b.raw.empty() ? b.id : b.raw.substr(0, 200)) : b.title);
    GraphNode& n = at(v);
    addUnique(n.venues, b.venue);
    addUnique(n.years, b.year);
    addUnique(n.dois, b.doi);
    addUnique(n.arxivs, b.arxiv);
    addUnique(n.urls, b.url);
    for (const auto& a : b.authors) uniqueEdge(v, agent(a), EdgeKind::kCreator);
    return v;
  }
};

KnowledgeGraph::KnowledgeGraph(GraphOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
}
KnowledgeGraph::~KnowledgeGraph() = default;
KnowledgeGraph::KnowledgeGraph(KnowledgeGraph&&) noexcept = default;
KnowledgeGraph& KnowledgeGraph::operator=(KnowledgeGraph&&) noexcept = default;

bool KnowledgeGraph::addPaper(const PaperResult& r, const std::vector<std::pair<std::string, std::string>>& same_as) {
  Builder b{*impl_};
  const Paper& p = r.paper;
  bool created = false;
  size_t pv = b.node(NodeKind::kPaper, b.iri("paper", iriSegment(p.id)), p.title.empty() ? p.id : p.title, &created);
  if (!created) return false;
  ++impl_->papers;
  b.at(pv).source = p.source;
  b.at(pv).format = p.format;

  // The bibliography: one reference node per entry (shared across papers
  // when DOI, arXiv id or title+year agree), cited once per paper.
  std::map<std::string, size_t> refs;  // bib id -> node
  std::set<size_t> cited;
  for (const auto& entry : p.bibliography) {
    size_t rv = b.reference(p, entry);
    refs[entry.id] = rv;
    if (cited.insert(rv).second) {
      GraphEdge e;
      e.kind = EdgeKind::kCites;
      b.edge(pv, rv, std::move(e));
    }
  }

  std::vector<size_t> datasets, tasks;
  const Catalog* cat = impl_->options.catalog.get();
  for (const Entity& e : r.entities) {
    if (e.kind != Kind::kDataset && e.kind != Kind::kTask) continue;
    if (e.id.empty()) continue;
    size_t v;
    if (e.kind == Kind::kTask) {
      v = b.node(NodeKind::kTask, e.id, e.catalog_id.empty() ? e.name : std::string());
      if (!e.catalog_id.empty()) {
        b.at(v).catalog_id = e.catalog_id;
        const CatalogTask* t = cat ? cat->task(e.catalog_id) : nullptr;
        if (b.at(v).label.empty()) b.at(v).label = t ? t->title : e.name;
      }
      tasks.push_back(v);
      GraphEdge edge;
      edge.kind = EdgeKind::kAddresses;
      edge.confidence = e.confidence;
      b.edge(pv, v, std::move(edge));
    } else {
      v = b.datasetByIri(e.id, e.catalog_id.empty() ? e.name : std::string());
      if (e.role != "referred-to") datasets.push_back(v);
      for (const char* rel : {"version_of", "variant_of"}) {
        auto it = e.attributes.find(rel);
        if (it == e.attributes.end() || it->second.empty()) continue;
        size_t parent = b.datasetByIri(it->second, "");
        if (parent != v)
          b.uniqueEdge(v, parent, rel[1] == 'e' ? EdgeKind::kVersionOf : EdgeKind::kVariantOf);
      }
      GraphEdge use;
      use.kind = EdgeKind::kUses;
      use.role = e.role;
      use.confidence = e.confidence;
      for (const auto& ev : e.mentions) {
        use.evidence.push_back({static_cast<uint32_t>(ev.start), static_cast<uint32_t>(ev.end), ev.confidence});
        for (const auto& s : ev.sources)
          if (std::find(use.extractors.begin(), use.extractors.end(), s.extractor) == use.extractors.end())
            use.extractors.push_back(s.extractor);
      }
      std::sort(use.extractors.begin(), use.extractors.end());
      b.edge(pv, v, std::move(use));

      // Citations: the reference introduces the dataset; its metadata fills
      // what the catalog lacks, and disagreements are kept.
      for (const auto& c : e.citations) {
        auto ref = refs.find(c);
        if (ref != refs.end()) b.uniqueEdge(v, ref->second, EdgeKind::kIntroducedBy);
      }
      if (!e.citations.empty()) {
        DatasetDescription desc = describeDataset(cat, e, p);
        GraphNode& n = b.at(v);
        std::string ref_iri = desc.citation && refs.count(desc.citation->id)
                                  ? b.at(refs[desc.citation->id]).iri : std::string();
        auto from_citation = [&](const char* f) {
          auto it = desc.source.find(f);
          return it != desc.source.end() && it->second.rfind("citation:", 0) == 0;
        };
        if (from_citation("creators"))
          for (const auto& a : desc.creators) addUnique(n.cited_creators, a);
        if (from_citation("issued")) addUnique(n.cited_issued, desc.issued);
        if (from_citation("identifier")) addUnique(n.cited_identifiers, desc.identifier);
        for (const auto& dis : desc.disagreements) {
          auto t = std::make_tuple(dis.field, dis.cited_value, ref_iri);
          if (std::find(n.disagreements.begin(), n.disagreements.end(), t) == n.disagreements.end())
            n.disagreements.push_back(t);
        }
      }
    }
    // Surface forms papers used, for skos:altLabel.
    GraphNode& n = b.at(v);
    for (const auto& ev : e.mentions) {
      if (n.alt_labels.size() >= kMaxAltLabels) break;
      if (ev.text.size() <= 120) addUnique(n.alt_labels, ev.text);
    }
  }
  // Datasets used for tasks, through this paper.
  for (size_t dv : datasets) {
    for (size_t tv : tasks) {
      uint64_t key = (static_cast<uint64_t>(dv) << 32) | tv;
      auto it = impl_->used_for_task.find(key);
      if (it == impl_->used_for_task.end()) {
        GraphEdge e;
        e.kind = EdgeKind::kUsedForTask;
        auto [ed, ok] = boost::add_edge(dv, tv, std::move(e), impl_->g);
        (void)ok;
        it = impl_->used_for_task.emplace(key, ed).first;
      }
      ++impl_->g[it->second].papers;
    }
  }
  for (const auto& [from, to] : same_as) {
    if (from == to) continue;
    b.uniqueEdge(b.datasetByIri(from, ""), b.datasetByIri(to, ""), EdgeKind::kSameAs);
  }
  return true;
}

size_t KnowledgeGraph::nodeCount() const { return boost::num_vertices(impl_->g); }
size_t KnowledgeGraph::edgeCount() const { return boost::num_edges(impl_->g); }
size_t KnowledgeGraph::paperCount() const { return impl_->papers; }
const GraphNode& KnowledgeGraph::node(size_t i) const { return impl_->g[i]; }
const GraphOptions& KnowledgeGraph::options() const { return impl_->options; }

std::optional<size_t> KnowledgeGraph::find(const std::string& iri) const {
  auto it = impl_->by_iri.find(iri);
  if (it == impl_->by_iri.end()) return std::nullopt;
  return it->second;
}

void KnowledgeGraph::forEachEdge(const std::function<void(size_t, size_t, const GraphEdge&)>& fn) const {
  const BoostGraph& g = impl_->g;
  for (size_t v = 0; v < boost::num_vertices(g); ++v) {
    for (auto [it, end] = boost::out_edges(v, g); it != end; ++it) fn(v, boost::target(*it, g), g[*it]);
  }
}

}  // namespace papergraph
