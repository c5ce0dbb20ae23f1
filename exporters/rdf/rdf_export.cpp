#include "rdf/rdf_export.hpp"

#include <redland.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <vector>

#include "catalog/catalog.hpp"
#include "common/atomic_file.hpp"
#include "graph/graph_impl.hpp"

namespace papergraph {

std::optional<RdfFormat> rdfFormatFromName(std::string_view name) {
  if (name == "turtle" || name == "ttl") return RdfFormat::kTurtle;
  if (name == "ntriples" || name == "nt") return RdfFormat::kNTriples;
  if (name == "nquads" || name == "nq") return RdfFormat::kNQuads;
  if (name == "rdfxml" || name == "xml") return RdfFormat::kRdfXml;
  return std::nullopt;
}

namespace {

// A namespace and the prefix Turtle and RDF/XML give it.
struct Ns {
  const char* prefix;
  const char* iri;
};
constexpr Ns kDcat{"dcat", "http://www.w3.org/ns/dcat#"};
constexpr Ns kDct{"dcterms", "http://purl.org/dc/terms/"};
constexpr Ns kFoaf{"foaf", "http://xmlns.com/foaf/0.1/"};
constexpr Ns kCito{"cito", "http://purl.org/spar/cito/"};
constexpr Ns kFabio{"fabio", "http://purl.org/spar/fabio/"};
constexpr Ns kProv{"prov", "http://www.w3.org/ns/prov#"};
constexpr Ns kSkos{"skos", "http://www.w3.org/2004/02/skos/core#"};
constexpr Ns kRdf{"rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"};
constexpr Ns kRdfs{"rdfs", "http://www.w3.org/2000/01/rdf-schema#"};
constexpr Ns kXsd{"xsd", "http://www.w3.org/2001/XMLSchema#"};
constexpr Ns kOwl{"owl", "http://www.w3.org/2002/07/owl#"};
constexpr Ns kPg{"pg", kVocabularyIri};
// Declared in Turtle and RDF/XML (RDF/XML declares rdf: itself).
constexpr const Ns* kDeclared[] = {&kDcat, &kDct, &kFoaf, &kCito, &kFabio, &kProv,
                                   &kSkos, &kRdfs, &kXsd,  &kOwl,  &kPg};
constexpr const char* kLang = "http://id.loc.gov/vocabulary/iso639-1/";

// A vocabulary term: a predicate, a class, a datatype.
struct Term {
  const Ns* ns;
  const char* local;
  bool operator==(const Term& o) const { return ns == o.ns && std::strcmp(local, o.local) == 0; }
};

// What a statement's object is.
struct Object {
  enum Kind { kIri, kTerm, kLiteral } kind;
  std::string_view text;           // kIri, kLiteral
  Term term{};                     // kTerm
  const char* datatype = nullptr;  // kLiteral: an xsd local name, or none
};

// Serialised bytes on their way out: writers append to buf(), and flush()
// hands it to write in chunks of about 64 KiB. After a failed write the rest
// is dropped and failed() says so, so writers stop early.
class Output {
 public:
  explicit Output(const ChunkSink& write) : write_(write) { buf_.reserve(kChunk + 4096); }
  std::string& buf() { return buf_; }
  bool failed() const { return !status_.isOk(); }
  const Status& status() const { return status_; }
  // Hands the buffer on once it holds a chunk (everything, with all).
  void flush(bool all = false) {
    if (buf_.size() < kChunk && !all) return;
    if (status_.isOk() && !buf_.empty()) status_ = write_(buf_);
    buf_.clear();
  }

 private:
  static constexpr size_t kChunk = size_t{1} << 16;
  const ChunkSink& write_;
  std::string buf_;
  Status status_;
};

// Decodes the UTF-8 sequence at s[i] into *cp; its length, or 0 when it is
// not valid UTF-8 (bad lead or continuation byte, cut short, overlong, a
// surrogate, beyond U+10FFFF).
size_t utf8Char(std::string_view s, size_t i, uint32_t* cp) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t n;
  uint32_t v, min;
  if ((c & 0xE0) == 0xC0) n = 2, v = c & 0x1Fu, min = 0x80;
  else if ((c & 0xF0) == 0xE0) n = 3, v = c & 0x0Fu, min = 0x800;
  else if ((c & 0xF8) == 0xF0) n = 4, v = c & 0x07u, min = 0x10000;
  else return 0;
  if (i + n > s.size()) return 0;
  for (size_t k = 1; k < n; ++k) {
    const auto d = static_cast<unsigned char>(s[i + k]);
    if ((d & 0xC0) != 0x80) return 0;
    v = v << 6 | (d & 0x3Fu);
  }
  if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
  *cp = v;
  return n;
}

// \uXXXX below U+10000, else \UXXXXXXXX, upper-case hex (as raptor writes).
void hexEscape(std::string& out, uint32_t cp) {
  static const char* hex = "0123456789ABCDEF";
  const int width = cp < 0x10000 ? 4 : 8;
  out += '\\';
  out += width == 4 ? 'u' : 'U';
  for (int k = width - 1; k >= 0; --k) out += hex[(cp >> (4 * k)) & 15];
}

// Appends s escaped for the inside of "..." (a literal) or <...> (an IRI)
// the way raptor 2.0.15 writes N-Triples: in literals \" \\ \t \n \r and
// \u00XX for other control characters and DEL; in IRIs \u00XX for space,
// controls, DEL and <>"{}|^`\. Non-ASCII characters are \u/\U escapes, or
// raw UTF-8 with raw_utf8 (Turtle). Where raptor would cut a literal short
// (a NUL byte, invalid UTF-8) this writes \u0000 and \uFFFD instead.
void appendEscaped(std::string& out, std::string_view s, bool iri, bool raw_utf8) {
  // The bytes written as they are: [0] in literals, [1] in IRIs.
  static constexpr auto kPlain = [] {
    std::array<std::array<bool, 256>, 2> t{};
    for (int c = 0x20; c < 0x7F; ++c) {
      t[0][c] = c != '"' && c != '\\';
      t[1][c] = std::string_view(" <>\"{}|^`\\").find(static_cast<char>(c)) == std::string_view::npos;
    }
    return t;
  }();
  const auto& plain = kPlain[iri ? 1 : 0];
  for (size_t i = 0; i < s.size();) {
    size_t run = i;
    while (i < s.size() && plain[static_cast<unsigned char>(s[i])]) ++i;
    out.append(s.data() + run, i - run);
    if (i == s.size()) break;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      uint32_t cp = 0;
      const size_t n = utf8Char(s, i, &cp);
      if (n == 0) hexEscape(out, 0xFFFD);
      else if (raw_utf8) out.append(s.data() + i, n);
      else hexEscape(out, cp);
      i += n == 0 ? 1 : n;
      continue;
    }
    ++i;
    if (!iri && (c == '"' || c == '\\')) out += {'\\', static_cast<char>(c)};
    else if (!iri && c == '\t') out += "\\t";
    else if (!iri && c == '\n') out += "\\n";
    else if (!iri && c == '\r') out += "\\r";
    else hexEscape(out, c);
  }
}

void appendIri(std::string& out, std::string_view iri, bool raw_utf8) {
  out += '<';
  appendEscaped(out, iri, true, raw_utf8);
  out += '>';
}

void appendLiteral(std::string& out, std::string_view text, bool raw_utf8) {
  out += '"';
  appendEscaped(out, text, false, raw_utf8);
  out += '"';
}

// Receives the statements of the graph, in the order emitGraph makes them,
// and writes them.
class Emitter {
 public:
  virtual ~Emitter() = default;
  // Statements that follow belong to this named graph (N-Quads only).
  virtual void graph(const std::string&) {}
  // Ends the document.
  virtual void finish() {}

  void emitIri(std::string_view s, const Ns& ns, const char* p, std::string_view o) {
    statement(s, {&ns, p}, Object{Object::kIri, o});
  }
  // An empty literal says nothing and is not written.
  void emitLit(std::string_view s, const Ns& ns, const char* p, std::string_view o, const char* datatype = nullptr) {
    if (!o.empty()) statement(s, {&ns, p}, Object{Object::kLiteral, o, {}, datatype});
  }
  void type(std::string_view s, const Ns& ns, const char* cls) {
    statement(s, {&kRdf, "type"}, Object{Object::kTerm, {}, {&ns, cls}});
  }

 protected:
  virtual void statement(std::string_view s, Term p, const Object& o) = 0;
};

// N-Triples and N-Quads, a line per statement, byte for byte what raptor's
// serializers write.
class LineWriter : public Emitter {
 public:
  LineWriter(Output& out, bool quads) : out_(out), quads_(quads) {}
  void graph(const std::string& iri) override {
    if (!quads_) return;
    graph_ = " ";
    appendIri(graph_, iri, false);
  }

 protected:
  void statement(std::string_view s, Term p, const Object& o) override {
    if (out_.failed()) return;
    std::string& b = out_.buf();
    appendIri(b, s, false);
    b += " <";
    b += p.ns->iri;
    b += p.local;
    b += "> ";
    switch (o.kind) {
      case Object::kIri: appendIri(b, o.text, false); break;
      case Object::kTerm:
        b += '<';
        b += o.term.ns->iri;
        b += o.term.local;
        b += '>';
        break;
      case Object::kLiteral:
        appendLiteral(b, o.text, false);
        if (o.datatype) {
          b += "^^<";
          b += kXsd.iri;
          b += o.datatype;
          b += '>';
        }
        break;
    }
    b += graph_;
    b += " .\n";
    out_.flush();
  }

 private:
  Output& out_;
  bool quads_;
  std::string graph_;  // " <iri>" in N-Quads
};

// Turtle, written as the statements come: consecutive statements about one
// subject share it (";"), and with it their predicate (","). A subject may
// come back later in a block of its own, which Turtle allows.
class TurtleWriter : public Emitter {
 public:
  explicit TurtleWriter(Output& out) : out_(out) {
    auto declare = [&](const Ns& ns) { out_.buf() += std::string("@prefix ") + ns.prefix + ": <" + ns.iri + "> .\n"; };
    declare(kRdf);
    for (const Ns* ns : kDeclared) declare(*ns);
  }
  void finish() override {
    if (open_ && !out_.failed()) out_.buf() += " .\n";
  }

 protected:
  void statement(std::string_view s, Term p, const Object& o) override {
    if (out_.failed()) return;
    std::string& b = out_.buf();
    if (open_ && s == subject_) {
      if (p == predicate_) {
        b += " ,\n        ";
      } else {
        b += " ;\n    ";
        term(b, p, true);
      }
    } else {
      b += open_ ? " .\n\n" : "\n";
      open_ = true;
      subject_.assign(s);
      appendIri(b, s, true);
      b += "\n    ";
      term(b, p, true);
    }
    predicate_ = p;
    b += ' ';
    switch (o.kind) {
      case Object::kIri: appendIri(b, o.text, true); break;
      case Object::kTerm: term(b, o.term, false); break;
      case Object::kLiteral:
        appendLiteral(b, o.text, true);
        if (o.datatype) {
          b += "^^xsd:";
          b += o.datatype;
        }
        break;
    }
    out_.flush();
  }

 private:
  // prefix:local (the vocabulary's local names are plain words), "a" for
  // rdf:type as a predicate.
  static void term(std::string& b, Term t, bool predicate) {
    if (predicate && t == Term{&kRdf, "type"}) {
      b += 'a';
      return;
    }
    b += t.ns->prefix;
    b += ':';
    b += t.local;
  }
  Output& out_;
  bool open_ = false;
  std::string subject_;
  Term predicate_{};
};

// Collects librdf/raptor messages of level error and above.
int logHandler(void* user, librdf_log_message* message) {
  if (librdf_log_message_level(message) >= LIBRDF_LOG_ERROR) {
    auto* errors = static_cast<std::string*>(user);
    if (errors->size() < 2000) *errors += std::string(librdf_log_message_message(message)) + "; ";
  }
  return 1;  // handled: nothing printed
}

// raptor iostream handler appending to an Output.
int writeBytes(void* context, const void* ptr, size_t size, size_t nmemb) {
  auto* out = static_cast<Output*>(context);
  out->buf().append(static_cast<const char*>(ptr), size * nmemb);
  out->flush();
  return out->failed() ? 1 : 0;
}
int writeByte(void* context, const int byte) {
  static_cast<Output*>(context)->buf().push_back(static_cast<char>(byte));
  return 0;
}

// RDF/XML through raptor's "rdfxml" serializer, which writes each statement
// as it comes (no grouping, so nothing is held).
class RaptorWriter : public Emitter {
 public:
  RaptorWriter(raptor_world* world, raptor_serializer* ser, const Output& out) : world_(world), ser_(ser), out_(out) {}
  ~RaptorWriter() override {
    for (auto& [_, t] : terms_) raptor_free_term(t);
    for (auto& [_, u] : datatypes_) raptor_free_uri(u);
  }
  bool failed() const { return failed_; }

 protected:
  void statement(std::string_view s, Term p, const Object& o) override {
    if (out_.failed()) return;
    raptor_statement st;
    raptor_statement_init(&st, world_);
    st.subject = iri(s);
    st.predicate = term(p);
    switch (o.kind) {
      case Object::kIri: st.object = iri(o.text); break;
      case Object::kTerm: st.object = term(o.term); break;
      case Object::kLiteral:
        st.object = raptor_new_term_from_counted_literal(world_, bytes(o.text.data()), o.text.size(),
                                                         o.datatype ? datatype(o.datatype) : nullptr, nullptr, 0);
        break;
    }
    if (raptor_serializer_serialize_statement(ser_, &st)) failed_ = true;
    raptor_statement_clear(&st);
  }

 private:
  static const unsigned char* bytes(const char* s) { return reinterpret_cast<const unsigned char*>(s); }
  raptor_term* iri(std::string_view s) {
    return raptor_new_term_from_counted_uri_string(world_, bytes(s.data()), s.size());
  }
  // Vocabulary terms are made once and copied.
  raptor_term* term(Term t) {
    std::string full = std::string(t.ns->iri) + t.local;
    auto it = terms_.find(full);
    if (it == terms_.end()) it = terms_.emplace(full, iri(full)).first;
    return raptor_term_copy(it->second);
  }
  raptor_uri* datatype(const char* local) {
    auto it = datatypes_.find(local);
    if (it == datatypes_.end())
      it = datatypes_.emplace(local, raptor_new_uri(world_, bytes((std::string(kXsd.iri) + local).c_str()))).first;
    return it->second;
  }
  raptor_world* world_;
  raptor_serializer* ser_;
  const Output& out_;
  std::map<std::string, raptor_term*> terms_;
  std::map<std::string, raptor_uri*> datatypes_;
  bool failed_ = false;
};

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

// Everything the graph says, as statements: a paper's own statements, then
// its usages; then each entity's.
void emitGraph(const KnowledgeGraph& g, Emitter& out) {
  const std::string base = g.options().base_iri;
  const Catalog* cat = g.options().catalog.get();
  const std::string entities_graph = base + "graph/entities";
  const BoostGraph& bg = g.impl().g;
  // Out-edges of node v, as (target, edge) pairs, in insertion order.
  auto edgesOf = [&bg](size_t v) {
    std::vector<std::pair<size_t, const GraphEdge*>> out;
    for (auto [it, end] = boost::out_edges(v, bg); it != end; ++it) out.push_back({boost::target(*it, bg), &bg[*it]});
    return out;
  };
  std::set<std::string> extractors, themes;

  for (size_t v = 0; v < g.nodeCount(); ++v) {
    const GraphNode& n = g.node(v);
    const auto out_edges = edgesOf(v);
    if (n.kind == NodeKind::kPaper) {
      const std::string seg = tail(n.iri, base + "paper/");
      out.graph(base + "graph/paper/" + seg);
      out.type(n.iri, kFabio, "ResearchPaper");
      out.emitLit(n.iri, kDct, "title", n.label);
      out.emitLit(n.iri, kPg, "source", n.source);
      out.emitLit(n.iri, kPg, "sourceFormat", n.format);
      auto usage = [&](size_t t) { return base + "usage/" + seg + "/" + tail(g.node(t).iri, base + "dataset/"); };
      for (auto [t, e] : out_edges) {
        const GraphNode& target = g.node(t);
        if (e->kind == EdgeKind::kCites) {
          out.emitIri(n.iri, kCito, "cites", target.iri);
        } else if (e->kind == EdgeKind::kAddresses) {
          out.emitIri(n.iri, kPg, "addressesTask", target.iri);
        } else if (e->kind == EdgeKind::kUses) {
          if (e->role == "referred-to") out.emitIri(n.iri, kPg, "mentionsDataset", target.iri);
          else out.emitIri(n.iri, kCito, "usesDataFrom", target.iri);
          if (e->role == "introduced") out.emitIri(n.iri, kPg, "introducesDataset", target.iri);
          out.emitIri(n.iri, kProv, "qualifiedUsage", usage(t));
        }
      }
      for (auto [t, e] : out_edges) {
        if (e->kind != EdgeKind::kUses) continue;
        const std::string u = usage(t);
        out.type(u, kProv, "Usage");
        out.type(u, kPg, "DatasetUsage");
        out.emitIri(u, kProv, "entity", g.node(t).iri);
        out.emitLit(u, kPg, "role", e->role);
        out.emitLit(u, kPg, "confidence", decimal(e->confidence), "decimal");
        for (const auto& x : e->extractors) {
          out.emitIri(u, kPg, "extractor", base + "extractor/" + slugify(x));
          extractors.insert(x);
        }
        for (const auto& s : e->evidence)
          out.emitLit(u, kPg, "evidenceSpan", std::to_string(s.start) + "-" + std::to_string(s.end));
      }
      continue;
    }
    out.graph(entities_graph);
    switch (n.kind) {
      case NodeKind::kDataset: {
        out.type(n.iri, kDcat, "Dataset");
        std::set<std::string> alt(n.alt_labels.begin(), n.alt_labels.end());
        if (!n.catalog_id.empty()) out.emitLit(n.iri, kPg, "catalogId", n.catalog_id);
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
          else out.emitLit(n.iri, kPg, "licenseName", c->license);
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
          out.emitIri(n.iri, kPg, "hasCitedClaim", claim);
          out.type(claim, kPg, "CitedClaim");
          out.emitLit(claim, kPg, "field", field);
          out.emitLit(claim, kRdf, "value", value);
          if (!ref.empty()) out.emitIri(claim, kProv, "wasDerivedFrom", ref);
        }
        std::set<std::pair<EdgeKind, size_t>> said;  // catalog and papers may both link a task
        for (auto [t, e] : out_edges) {
          const GraphNode& target = g.node(t);
          if (!said.insert({e->kind, t}).second) continue;
          switch (e->kind) {
            case EdgeKind::kVersionOf:
              out.emitIri(n.iri, kDct, "isVersionOf", target.iri);
              out.emitIri(target.iri, kDcat, "hasVersion", n.iri);
              break;
            case EdgeKind::kVariantOf: out.emitIri(n.iri, kPg, "isVariantOf", target.iri); break;
            case EdgeKind::kUsedForTask: out.emitIri(n.iri, kPg, "usedForTask", target.iri); break;
            case EdgeKind::kIntroducedBy: out.emitIri(n.iri, kPg, "introducedBy", target.iri); break;
            case EdgeKind::kCreator: out.emitIri(n.iri, kDct, "creator", target.iri); break;
            case EdgeKind::kSameAs: out.emitIri(n.iri, kOwl, "sameAs", target.iri); break;
            default: break;
          }
        }
        break;
      }
      case NodeKind::kTask:
        out.type(n.iri, kSkos, "Concept");
        out.type(n.iri, kPg, "Task");
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
        out.type(n.iri, kPg, "BibliographicReference");
        for (const auto& x : n.names) out.emitLit(n.iri, kDct, "title", x);
        for (const auto& x : n.years) out.emitLit(n.iri, kDct, "issued", x, dateType(x));
        for (const auto& x : n.venues) out.emitLit(n.iri, kPg, "venue", x);
        for (const auto& x : n.dois) out.emitLit(n.iri, kDct, "identifier", x);
        for (const auto& x : n.arxivs) out.emitLit(n.iri, kPg, "arxivId", x);
        for (const auto& x : n.urls)
          if (usableUrl(x)) out.emitIri(n.iri, kRdfs, "seeAlso", x);
        for (auto [t, e] : out_edges)
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
  for (const auto& x : extractors) {
    std::string e = base + "extractor/" + slugify(x);
    out.type(e, kProv, "SoftwareAgent");
    out.emitLit(e, kRdfs, "label", x);
  }
  out.finish();
}

// RDF/XML through raptor, into out.
Status writeRdfXml(const KnowledgeGraph& graph, Output& out) {
  // One world per call: librdf has no locking, and a world per thread is
  // what works (STACK.md).
  std::unique_ptr<librdf_world, decltype(&librdf_free_world)> world(librdf_new_world(), &librdf_free_world);
  if (!world) return Status(StatusCode::kInternal, "librdf: cannot create a world");
  std::string errors;
  librdf_world_set_logger(world.get(), &errors, logHandler);
  librdf_world_open(world.get());
  raptor_world* rw = librdf_world_get_raptor(world.get());
  raptor_serializer* ser = raptor_new_serializer(rw, "rdfxml");
  if (!ser) return Status(StatusCode::kInternal, "raptor: no serializer 'rdfxml'");
  raptor_iostream_handler handler{};
  handler.version = 2;
  handler.write_byte = writeByte;
  handler.write_bytes = writeBytes;
  raptor_iostream* io = raptor_new_iostream_from_handler(rw, &out, &handler);
  for (const Ns* ns : kDeclared) {
    raptor_uri* u = raptor_new_uri(rw, reinterpret_cast<const unsigned char*>(ns->iri));
    raptor_serializer_set_namespace(ser, u, reinterpret_cast<const unsigned char*>(ns->prefix));
    raptor_free_uri(u);
  }
  // Absolute IRIs only: no base in the output, so shards concatenate.
  raptor_serializer_start_to_iostream(ser, nullptr, io);
  bool failed = false;
  {
    RaptorWriter writer(rw, ser, out);
    emitGraph(graph, writer);
    failed = writer.failed();
  }
  raptor_serializer_serialize_end(ser);
  raptor_free_serializer(ser);
  raptor_free_iostream(io);
  if (failed || !errors.empty())
    return Status(StatusCode::kInternal, "RDF serializer failed: " + (errors.empty() ? std::string("unknown") : errors));
  return Status::ok();
}

// The export, handed to write in chunks. A failed write stops it and is
// what it returns.
Status writeChunks(const KnowledgeGraph& graph, RdfFormat format, const ChunkSink& write) {
  Output out(write);
  Status status;
  if (format == RdfFormat::kRdfXml) {
    status = writeRdfXml(graph, out);
  } else if (format == RdfFormat::kTurtle) {
    TurtleWriter writer(out);
    emitGraph(graph, writer);
  } else {
    LineWriter writer(out, format == RdfFormat::kNQuads);
    emitGraph(graph, writer);
  }
  out.flush(true);
  return out.failed() ? out.status() : status;
}

}  // namespace

Status writeRdf(const KnowledgeGraph& graph, RdfFormat format, std::string* out) {
  out->clear();
  return writeChunks(graph, format, [out](std::string_view chunk) {
    out->append(chunk);
    return Status::ok();
  });
}

Status writeRdf(const KnowledgeGraph& graph, RdfFormat format, std::ostream& out) {
  auto failed = [] { return ioError("cannot write the RDF output: the output stream failed"); };
  Status s = writeChunks(graph, format, [&](std::string_view chunk) {
    out.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
    return out ? Status::ok() : failed();
  });
  if (s.isOk() && !out.flush()) return failed();
  return s;
}

Status writeRdfFile(const KnowledgeGraph& graph, RdfFormat format, const std::string& path) {
  return writeFileAtomic(path, [&](const ChunkSink& sink) { return writeChunks(graph, format, sink); });
}

}  // namespace papergraph
