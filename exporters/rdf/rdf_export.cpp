#include "rdf/rdf_export.hpp"

#include <redland.h>

#include <cstdio>
#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "catalog/catalog.hpp"

namespace papergraph {

std::optional<RdfFormat> rdfFormatFromName(std::string_view name) {
  if (name == "turtle" || name == "ttl") return RdfFormat::kTurtle;
  if (name == "ntriples" || name == "nt") return RdfFormat::kNTriples;
  if (name == "nquads" || name == "nq") return RdfFormat::kNQuads;
  if (name == "rdfxml" || name == "xml") return RdfFormat::kRdfXml;
  return std::nullopt;
}

namespace {

constexpr const char* kDcat = "http://www.w3.org/ns/dcat#";
constexpr const char* kDct = "http://purl.org/dc/terms/";
constexpr const char* kFoaf = "http://xmlns.com/foaf/0.1/";
constexpr const char* kCito = "http://purl.org/spar/cito/";
constexpr const char* kFabio = "http://purl.org/spar/fabio/";
constexpr const char* kProv = "http://www.w3.org/ns/prov#";
constexpr const char* kSkos = "http://www.w3.org/2004/02/skos/core#";
constexpr const char* kRdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
constexpr const char* kRdfs = "http://www.w3.org/2000/01/rdf-schema#";
constexpr const char* kXsd = "http://www.w3.org/2001/XMLSchema#";
constexpr const char* kOwl = "http://www.w3.org/2002/07/owl#";
constexpr const char* kLang = "http://id.loc.gov/vocabulary/iso639-1/";

// Collects librdf/raptor messages of level error and above.
int logHandler(void* user, librdf_log_message* message) {
  if (librdf_log_message_level(message) >= LIBRDF_LOG_ERROR) {
    auto* errors = static_cast<std::string*>(user);
    if (errors->size() < 2000) *errors += std::string(librdf_log_message_message(message)) + "; ";
  }
  return 1;  // handled: nothing printed
}

// raptor iostream handler writing into a std::string.
int writeBytes(void* context, const void* ptr, size_t size, size_t nmemb) {
  static_cast<std::string*>(context)->append(static_cast<const char*>(ptr), size * nmemb);
  return 0;
}
int writeByte(void* context, const int byte) {
  static_cast<std::string*>(context)->push_back(static_cast<char>(byte));
  return 0;
}

// A valid absolute IRI for an object position: http(s) URLs without
// characters that are illegal in IRIs.
bool usableUrl(const std::string& s) {
  if (s.rfind("http://", 0) != 0 && s.rfind("https://", 0) != 0) return false;
  return s.find_first_of(" <>\"{}|\\^`\n\t") == std::string::npos;
}

std::string decimal(float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", static_cast<double>(v));
  return buf;
}

// Writes statements to a raptor serializer, owning the terms it makes.
class Emitter {
 public:
  Emitter(raptor_world* world, raptor_serializer* ser, bool quads) : world_(world), ser_(ser), quads_(quads) {}
  ~Emitter() {
    for (auto& [_, t] : uris_) raptor_free_term(t);
    if (graph_) raptor_free_term(graph_);
  }

  // Statements that follow go to this named graph (N-Quads only).
  void graph(const std::string& iri) {
    if (!quads_) return;
    if (graph_) raptor_free_term(graph_);
    graph_ = raptor_new_term_from_counted_uri_string(world_, bytes(iri), iri.size());
  }

  // A term for an IRI; frequently used ones (vocabulary) are cached.
  raptor_term* iri(const std::string& s, bool cache = false) {
    if (cache) {
      auto it = uris_.find(s);
      if (it != uris_.end()) return raptor_term_copy(it->second);
      raptor_term* t = raptor_new_term_from_counted_uri_string(world_, bytes(s), s.size());
      uris_[s] = t;
      return raptor_term_copy(t);
    }
    return raptor_new_term_from_counted_uri_string(world_, bytes(s), s.size());
  }
  raptor_term* vocab(const char* ns, const char* local) { return iri(std::string(ns) + local, true); }

  raptor_term* literal(const std::string& s, const char* datatype = nullptr) {
    raptor_uri* dt = nullptr;
    if (datatype) dt = raptor_new_uri(world_, bytes(std::string(kXsd) + datatype));
    raptor_term* t = raptor_new_term_from_counted_literal(world_, bytes(s), s.size(), dt, nullptr, 0);
    if (dt) raptor_free_uri(dt);
    return t;
  }

  // Emits (s p o); consumes the three terms.
  void emit(raptor_term* s, raptor_term* p, raptor_term* o) {
    raptor_statement st;
    raptor_statement_init(&st, world_);
    st.subject = s;
    st.predicate = p;
    st.object = o;
    st.graph = graph_ ? raptor_term_copy(graph_) : nullptr;
    if (raptor_serializer_serialize_statement(ser_, &st)) failed_ = true;
    raptor_statement_clear(&st);
    ++count_;
  }
  void emitIri(const std::string& s, const char* ns, const char* p, const std::string& o) {
    emit(iri(s), vocab(ns, p), iri(o));
  }
  void emitLit(const std::string& s, const char* ns, const char* p, const std::string& o,
               const char* datatype = nullptr) {
    if (!o.empty()) emit(iri(s), vocab(ns, p), literal(o, datatype));
  }
  void type(const std::string& s, const char* ns, const char* cls) { emit(iri(s), vocab(kRdf, "type"), vocab(ns, cls)); }

  bool failed() const { return failed_; }
  size_t count() const { return count_; }

 private:
  static const unsigned char* bytes(const std::string& s) { return reinterpret_cast<const unsigned char*>(s.c_str()); }
  raptor_world* world_;
  raptor_serializer* ser_;
  bool quads_;
  raptor_term* graph_ = nullptr;
  std::map<std::string, raptor_term*> uris_;
  bool failed_ = false;
  size_t count_ = 0;
};

// "2009" -> xsd:gYear, "2009-05-01" -> xsd:date, else a plain literal.
const char* dateType(const std::string& s) {
  auto digits = [&](size_t from, size_t n) {
    for (size_t i = from; i < from + n; ++i)
      if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
    return true;
  };
  if (s.size() == 4 && digits(0, 4)) return "gYear";
  if (s.size() == 10 && digits(0, 4) && s[4] == '-' && digits(5, 2) && s[7] == '-' && digits(8, 2)) return "date";
  return nullptr;
}

std::string tail(const std::string& iri, const std::string& prefix) {
  return iri.rfind(prefix, 0) == 0 ? iri.substr(prefix.size()) : slugify(iri);
}

// Everything the graph says, as statements.
void emitGraph(const KnowledgeGraph& g, Emitter& out) {
  const std::string base = g.options().base_iri;
  const std::string pg = kVocabularyIri;
  const Catalog* cat = g.options().catalog.get();
  const std::string entities_graph = base + "graph/entities";

  // Outgoing edges by node, once.
  std::vector<std::vector<std::pair<size_t, const GraphEdge*>>> out_edges(g.nodeCount());
  g.forEachEdge([&](size_t s, size_t t, const GraphEdge& e) { out_edges[s].push_back({t, &e}); });
  std::map<std::string, bool> extractors;
  std::set<std::string> themes;

  for (size_t v = 0; v < g.nodeCount(); ++v) {
    const GraphNode& n = g.node(v);
    if (n.kind == NodeKind::kPaper) {
      const std::string seg = tail(n.iri, base + "paper/");
      out.graph(base + "graph/paper/" + seg);
      out.type(n.iri, kFabio, "ResearchPaper");
      out.emitLit(n.iri, kDct, "title", n.label);
      out.emitLit(n.iri, pg.c_str(), "source", n.source);
      out.emitLit(n.iri, pg.c_str(), "sourceFormat", n.format);
      for (auto [t, e] : out_edges[v]) {
        const GraphNode& target = g.node(t);
        if (e->kind == EdgeKind::kCites) {
          out.emitIri(n.iri, kCito, "cites", target.iri);
        } else if (e->kind == EdgeKind::kAddresses) {
          out.emitIri(n.iri, pg.c_str(), "addressesTask", target.iri);
        } else if (e->kind == EdgeKind::kUses) {
          if (e->role == "referred-to") out.emitIri(n.iri, pg.c_str(), "mentionsDataset", target.iri);
          else out.emitIri(n.iri, kCito, "usesDataFrom", target.iri);
          if (e->role == "introduced") out.emitIri(n.iri, pg.c_str(), "introducesDataset", target.iri);
          const std::string u = base + "usage/" + seg + "/" + tail(target.iri, base + "dataset/");
          out.emitIri(n.iri, kProv, "qualifiedUsage", u);
          out.type(u, kProv, "Usage");
          out.type(u, pg.c_str(), "DatasetUsage");
          out.emitIri(u, kProv, "entity", target.iri);
          out.emitLit(u, pg.c_str(), "role", e->role);
          out.emitLit(u, pg.c_str(), "confidence", decimal(e->confidence), "decimal");
          for (const auto& x : e->extractors) {
            out.emitIri(u, pg.c_str(), "extractor", base + "extractor/" + slugify(x));
            extractors[x] = true;
          }
          for (const auto& s : e->evidence)
            out.emitLit(u, pg.c_str(), "evidenceSpan", std::to_string(s.start) + "-" + std::to_string(s.end));
        }
      }
      continue;
    }
    out.graph(entities_graph);
    switch (n.kind) {
      case NodeKind::kDataset: {
        out.type(n.iri, kDcat, "Dataset");
        std::set<std::string> alt(n.alt_labels.begin(), n.alt_labels.end());
        if (!n.catalog_id.empty()) out.emitLit(n.iri, pg.c_str(), "catalogId", n.catalog_id);
        const CatalogDataset* c = cat && !n.catalog_id.empty() ? cat->dataset(n.catalog_id) : nullptr;
        // A catalog dataset has the catalog's title; an unseen one every name
        // papers gave it (usually one: names with one slug differ in case or
        // spacing only).
        std::vector<std::string> titles = c ? std::vector<std::string>{c->title} : n.names;
        for (const auto& t : titles) out.emitLit(n.iri, kDct, "title", t);
        bool has_creators = false;
        std::vector<std::string> issued = n.cited_issued, identifier = n.cited_identifiers;
        if (c) {
          out.emitLit(n.iri, kDct, "description", c->description);
          if (!c->full_name.empty()) alt.insert(c->full_name);
          alt.insert(c->aliases.begin(), c->aliases.end());
          has_creators = !c->creators.empty();
          if (!c->issued.empty()) issued = {c->issued};
          if (!c->identifier.empty()) identifier = {c->identifier};
          else if (!c->introduced_by.doi.empty()) identifier = {c->introduced_by.doi};
          for (const auto& l : c->language) out.emitIri(n.iri, kDct, "language", kLang + l);
          for (const auto& t : c->theme) {
            std::string th = base + "theme/" + slugify(t);
            out.emitIri(n.iri, kDcat, "theme", th);
            if (themes.insert(th).second) {
              out.graph(entities_graph);
              out.type(th, kSkos, "Concept");
              out.emitLit(th, kSkos, "prefLabel", t);
            }
          }
          std::set<std::string> keywords(c->keywords.begin(), c->keywords.end());
          keywords.insert(c->modality.begin(), c->modality.end());
          for (const auto& k : keywords) out.emitLit(n.iri, kDcat, "keyword", k);
          if (usableUrl(c->landing_page)) out.emitIri(n.iri, kDcat, "landingPage", c->landing_page);
          out.emitLit(n.iri, kDcat, "version", c->version);
          out.emitLit(n.iri, kDct, "format", c->format);
          if (usableUrl(c->license)) out.emitIri(n.iri, kDct, "license", c->license);
          else out.emitLit(n.iri, pg.c_str(), "licenseName", c->license);
        }
        for (const auto& t : titles) alt.erase(t);
        for (const auto& a : alt) out.emitLit(n.iri, kSkos, "altLabel", a);
        for (const auto& x : issued) out.emitLit(n.iri, kDct, "issued", x, dateType(x));
        for (const auto& x : identifier) out.emitLit(n.iri, kDct, "identifier", x);
        if (!has_creators) {
          for (const auto& a : n.cited_creators) {
            std::string slug = slugify(a);
            if (!slug.empty()) out.emitIri(n.iri, kDct, "creator", base + "agent/" + slug);
          }
        }
        for (size_t i = 0; i < n.disagreements.size(); ++i) {
          const auto& [field, value, ref] = n.disagreements[i];
          std::string claim = n.iri + "/claim/" + field + "/" + slugify(value).substr(0, 60);
          out.emitIri(n.iri, pg.c_str(), "hasCitedClaim", claim);
          out.type(claim, pg.c_str(), "CitedClaim");
          out.emitLit(claim, pg.c_str(), "field", field);
          out.emitLit(claim, kRdf, "value", value);
          if (!ref.empty()) out.emitIri(claim, kProv, "wasDerivedFrom", ref);
        }
        std::set<std::pair<EdgeKind, size_t>> said;  // catalog and papers may both link a task
        for (auto [t, e] : out_edges[v]) {
          const GraphNode& target = g.node(t);
          if (!said.insert({e->kind, t}).second) continue;
          switch (e->kind) {
            case EdgeKind::kVersionOf:
              out.emitIri(n.iri, kDct, "isVersionOf", target.iri);
              out.emitIri(target.iri, kDcat, "hasVersion", n.iri);
              break;
            case EdgeKind::kVariantOf: out.emitIri(n.iri, pg.c_str(), "isVariantOf", target.iri); break;
            case EdgeKind::kUsedForTask: out.emitIri(n.iri, pg.c_str(), "usedForTask", target.iri); break;
            case EdgeKind::kIntroducedBy:
              out.emitIri(n.iri, pg.c_str(), "introducedBy", target.iri);
              break;
            case EdgeKind::kCreator: out.emitIri(n.iri, kDct, "creator", target.iri); break;
            case EdgeKind::kSameAs: out.emitIri(n.iri, kOwl, "sameAs", target.iri); break;
            default: break;
          }
        }
        break;
      }
      case NodeKind::kTask:
        out.type(n.iri, kSkos, "Concept");
        out.type(n.iri, pg.c_str(), "Task");
        if (const CatalogTask* t = cat && !n.catalog_id.empty() ? cat->task(n.catalog_id) : nullptr) {
          out.emitLit(n.iri, kSkos, "prefLabel", t->title);
          for (const auto& a : n.alt_labels)
            if (a != t->title) out.emitLit(n.iri, kSkos, "altLabel", a);
          out.emitLit(n.iri, kSkos, "definition", t->description);
          if (!t->broader.empty()) out.emitIri(n.iri, kSkos, "broader", base + "task/" + t->broader);
        } else {
          // Unseen tasks: every name papers gave (skos:prefLabel allows one).
          for (const auto& a : n.names) out.emitLit(n.iri, kRdfs, "label", a);
          for (const auto& a : n.alt_labels)
            if (std::find(n.names.begin(), n.names.end(), a) == n.names.end())
              out.emitLit(n.iri, kSkos, "altLabel", a);
        }
        break;
      case NodeKind::kReference:
        out.type(n.iri, pg.c_str(), "BibliographicReference");
        for (const auto& x : n.names) out.emitLit(n.iri, kDct, "title", x);
        for (const auto& x : n.years) out.emitLit(n.iri, kDct, "issued", x, dateType(x));
        for (const auto& x : n.venues) out.emitLit(n.iri, pg.c_str(), "venue", x);
        for (const auto& x : n.dois) out.emitLit(n.iri, kDct, "identifier", x);
        for (const auto& x : n.arxivs) out.emitLit(n.iri, pg.c_str(), "arxivId", x);
        for (const auto& x : n.urls)
          if (usableUrl(x)) out.emitIri(n.iri, kRdfs, "seeAlso", x);
        for (auto [t, e] : out_edges[v])
          if (e->kind == EdgeKind::kCreator) out.emitIri(n.iri, kDct, "creator", g.node(t).iri);
        break;
      case NodeKind::kAgent:
        out.type(n.iri, kFoaf, "Agent");
        for (const auto& x : n.names) out.emitLit(n.iri, kFoaf, "name", x);
        break;
      case NodeKind::kPaper: break;
    }
  }
  // Cited creators that have no agent node of their own yet.
  out.graph(entities_graph);
  std::set<std::string> agents;
  for (size_t v = 0; v < g.nodeCount(); ++v) {
    const GraphNode& n = g.node(v);
    for (const auto& a : n.cited_creators) {
      std::string slug = slugify(a);
      if (slug.empty() || g.find(base + "agent/" + slug) || !agents.insert(slug).second) continue;
      out.type(base + "agent/" + slug, kFoaf, "Agent");
      out.emitLit(base + "agent/" + slug, kFoaf, "name", a);
    }
  }
  for (const auto& [x, _] : extractors) {
    std::string e = base + "extractor/" + slugify(x);
    out.type(e, kProv, "SoftwareAgent");
    out.emitLit(e, kRdfs, "label", x);
  }
}

}  // namespace

Status writeRdf(const KnowledgeGraph& graph, RdfFormat format, std::string* out) {
  // One world per call: librdf has no locking, and a world per thread is
  // what works (STACK.md).
  std::unique_ptr<librdf_world, decltype(&librdf_free_world)> world(librdf_new_world(), &librdf_free_world);
  if (!world) return Status(StatusCode::kInternal, "librdf: cannot create a world");
  std::string errors;
  librdf_world_set_logger(world.get(), &errors, logHandler);
  librdf_world_open(world.get());
  raptor_world* rw = librdf_world_get_raptor(world.get());
  const char* name = format == RdfFormat::kTurtle     ? "turtle"
                     : format == RdfFormat::kNTriples ? "ntriples"
                     : format == RdfFormat::kNQuads   ? "nquads"
                                                      : "rdfxml";
  raptor_serializer* ser = raptor_new_serializer(rw, name);
  if (!ser) return Status(StatusCode::kInternal, std::string("raptor: no serializer '") + name + "'");
  out->clear();
  raptor_iostream_handler handler{};
  handler.version = 2;
  handler.write_byte = writeByte;
  handler.write_bytes = writeBytes;
  raptor_iostream* io = raptor_new_iostream_from_handler(rw, out, &handler);
  if (format == RdfFormat::kTurtle || format == RdfFormat::kRdfXml) {
    const std::pair<const char*, std::string> prefixes[] = {
        {"dcat", kDcat}, {"dcterms", kDct}, {"foaf", kFoaf}, {"cito", kCito}, {"fabio", kFabio},
        {"prov", kProv}, {"skos", kSkos}, {"rdfs", kRdfs}, {"xsd", kXsd}, {"owl", kOwl},
        {"pg", kVocabularyIri}};
    for (const auto& [prefix, ns] : prefixes) {
      raptor_uri* u = raptor_new_uri(rw, reinterpret_cast<const unsigned char*>(ns.c_str()));
      raptor_serializer_set_namespace(ser, u, reinterpret_cast<const unsigned char*>(prefix));
      raptor_free_uri(u);
    }
  }
  // Absolute IRIs only: no base in the output, so shards concatenate.
  raptor_serializer_start_to_iostream(ser, nullptr, io);
  bool failed = false;
  {
    Emitter emitter(rw, ser, format == RdfFormat::kNQuads);
    emitGraph(graph, emitter);
    failed = emitter.failed();
  }
  raptor_serializer_serialize_end(ser);
  raptor_free_serializer(ser);
  raptor_free_iostream(io);
  if (failed || !errors.empty())
    return Status(StatusCode::kInternal, "RDF serializer failed: " + (errors.empty() ? std::string("unknown") : errors));
  return Status::ok();
}

}  // namespace papergraph
