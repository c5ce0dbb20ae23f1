// The store's generations, manifest and Redland storage (see store.hpp).
#include "store/store.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "common/atomic_file.hpp"
#include "store/index.hpp"
#include "store/index_query.hpp"
#include "store/redland.hpp"
#include "store/sparql_guard.hpp"

namespace fs = std::filesystem;

namespace papergraph {

using store_detail::fnv1a;
using store_detail::NodePtr;
using store_detail::termText;
using store_detail::World;

namespace {

constexpr const char* kManifestHeader = "papergraph-manifest/1";
constexpr const char* kStorageName = "db";  // files db-sp2o.db, db-contexts.db, ...

std::string errnoText() { return std::strerror(errno); }

// Percent-encodes the bytes a manifest field cannot hold.
std::string encodeField(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c == '%' || c == '\t' || c == '\n' || c == '\r' || c == ',') {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

std::string decodeField(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size()) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> parts;
  size_t from = 0;
  while (true) {
    size_t at = s.find(sep, from);
    parts.push_back(s.substr(from, at == std::string::npos ? std::string::npos : at - from));
    if (at == std::string::npos) break;
    from = at + 1;
  }
  return parts;
}

// A paper in the manifest, with the hashes of the shared quads it states.
struct Entry {
  StoredPaper paper;
  std::vector<uint64_t> shared;
};

struct Manifest {
  std::map<std::string, Entry> papers;
  std::vector<std::string> shared_graphs;
};

StatusOr<Manifest> parseManifest(std::istream& in, const std::string& what) {
  Manifest m;
  std::string line;
  if (!std::getline(in, line) || line != kManifestHeader)
    return badInput(what + ": not a papergraph manifest (expected '" + kManifestHeader + "')");
  size_t lineno = 1;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty()) continue;
    auto f = split(line, '\t');
    if (f[0] == "shared" && f.size() == 2) {
      m.shared_graphs.push_back(decodeField(f[1]));
    } else if (f[0] == "paper" && f.size() == 7) {
      Entry e;
      e.paper.id = decodeField(f[1]);
      e.paper.content_hash = f[2];
      e.paper.graph = decodeField(f[3]);
      e.paper.source = decodeField(f[4]);
      e.paper.triples = std::strtoull(f[5].c_str(), nullptr, 10);
      if (!f[6].empty())
        for (const auto& h : split(f[6], ',')) e.shared.push_back(std::strtoull(h.c_str(), nullptr, 16));
      m.papers[e.paper.id] = std::move(e);
    } else {
      return badInput(what + ":" + std::to_string(lineno) + ": malformed manifest line");
    }
  }
  return m;
}

StatusOr<Manifest> readManifest(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ioError(path.string() + ": cannot read the store manifest");
  return parseManifest(in, path.string());
}

// A paper's manifest line, without its newline.
std::string entryLine(const Entry& e) {
  std::string out = "paper\t" + encodeField(e.paper.id) + "\t" + e.paper.content_hash + "\t" +
                    encodeField(e.paper.graph) + "\t" + encodeField(e.paper.source) + "\t" +
                    std::to_string(e.paper.triples) + "\t";
  char buf[24];
  for (size_t i = 0; i < e.shared.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%s%llx", i ? "," : "", static_cast<unsigned long long>(e.shared[i]));
    out += buf;
  }
  return out;
}

std::string manifestText(const Manifest& m) {
  std::string out = std::string(kManifestHeader) + "\n";
  for (const auto& g : m.shared_graphs) out += "shared\t" + encodeField(g) + "\n";
  for (const auto& [id, e] : m.papers) out += entryLine(e) + "\n";
  return out;
}

// Flushes a file or folder to disk.
Status syncPath(const fs::path& p, bool directory) {
  int fd = ::open(p.c_str(), directory ? O_RDONLY | O_DIRECTORY : O_RDONLY);
  if (fd < 0) return ioError(p.string() + ": cannot open to sync: " + errnoText());
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) return ioError(p.string() + ": fsync failed: " + errnoText());
  return Status::ok();
}

// Starts writing a file's dirty pages to disk without waiting: the copy of
// a generation is flushed while papers are extracted and added, so the
// fsync at commit has little left to write. Only a hint: failure is ignored.
void startWriteback(const fs::path& p) {
  int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return;
  ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
  ::close(fd);
}

// The generation CURRENT names, "" when there is none yet.
StatusOr<std::string> readCurrent(const fs::path& dir) {
  std::ifstream in(dir / "CURRENT");
  if (!in) return std::string();
  std::string name;
  std::getline(in, name);
  if (name.rfind("gen-", 0) != 0 || name.find('/') != std::string::npos)
    return badInput((dir / "CURRENT").string() + ": does not name a generation");
  return name;
}

Status writeFormat(const fs::path& dir) {
  return writeFileAtomic((dir / "FORMAT").string(), std::string(kStoreFormat) + "\nstorage=hashes-bdb\n");
}

// Checks (or, for a writer of a new store, writes) the FORMAT file.
Status checkFormat(const fs::path& dir, bool create) {
  fs::path f = dir / "FORMAT";
  std::ifstream in(f);
  if (!in) {
    if (!create) return notFound(dir.string() + ": not a papergraph store (no FORMAT file)");
    return writeFormat(dir);
  }
  std::string line;
  std::getline(in, line);
  const std::string prefix = "papergraph-store/";
  if (line.rfind(prefix, 0) != 0) return badInput(f.string() + ": not a papergraph store format line");
  int version = std::atoi(line.c_str() + prefix.size());
  if (version > kStoreFormatVersion)
    return unsupported(dir.string() + ": store format " + line + " is newer than this papergraph (" + kStoreFormat +
                       ")");
  return Status::ok();
}

// Redland storage options for a generation folder.
std::string storageOptions(const fs::path& gen, bool create, bool write, bool contexts) {
  return "hash-type='bdb',dir='" + gen.string() + "',contexts='" + (contexts ? "yes" : "no") +
         "',index-predicates='yes',new='" +
         (create ? "yes" : "no") + "',write='" + (write ? "yes" : "no") + "'";
}

unsigned genNumber(const std::string& name) {
  return static_cast<unsigned>(std::strtoul(name.c_str() + 4, nullptr, 10));
}

std::string genName(unsigned n) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "gen-%06u", n);
  return buf;
}

// Key of a shared quad: its N-Triples text and graph, hashed.
uint64_t quadKey(const raptor_term* s, const raptor_term* p, const raptor_term* o, const raptor_term* g) {
  std::string text = termText(s) + ' ' + termText(p) + ' ' + termText(o) + ' ' + termText(g);
  return fnv1a(text);
}

// A parsed quad, owning its terms.
struct Quad {
  raptor_term *s = nullptr, *p = nullptr, *o = nullptr, *g = nullptr;
};

struct ParseState {
  std::vector<Quad> quads;
};

void onStatement(void* user, raptor_statement* st) {
  auto* state = static_cast<ParseState*>(user);
  Quad q;
  q.s = raptor_term_copy(st->subject);
  q.p = raptor_term_copy(st->predicate);
  q.o = raptor_term_copy(st->object);
  q.g = st->graph ? raptor_term_copy(st->graph) : nullptr;
  state->quads.push_back(q);
}

void freeQuads(std::vector<Quad>& quads) {
  for (auto& q : quads) {
    raptor_free_term(q.s);
    raptor_free_term(q.p);
    raptor_free_term(q.o);
    if (q.g) raptor_free_term(q.g);
  }
  quads.clear();
}

// Parses N-Quads text; on failure returns the parser's message.
Status parseNQuads(World& world, const std::string& text, const std::string& what, std::vector<Quad>* quads) {
  raptor_parser* parser = raptor_new_parser(world.raptor(), "nquads");
  if (!parser) return Status(StatusCode::kInternal, "raptor: no N-Quads parser");
  ParseState state;
  raptor_parser_set_statement_handler(parser, &state, onStatement);
  raptor_uri* base = raptor_new_uri(world.raptor(), reinterpret_cast<const unsigned char*>("urn:papergraph:"));
  world.takeErrors();
  int rc = raptor_parser_parse_start(parser, base);
  if (rc == 0)
    rc = raptor_parser_parse_chunk(parser, reinterpret_cast<const unsigned char*>(text.data()), text.size(), 1);
  raptor_free_uri(base);
  raptor_free_parser(parser);
  std::string errors = world.takeErrors();
  if (rc != 0 || !errors.empty()) {
    freeQuads(state.quads);
    return badInput(what + ": N-Quads do not parse: " + (errors.empty() ? "unknown error" : errors));
  }
  *quads = std::move(state.quads);
  return Status::ok();
}

// An open Redland storage + model over one generation folder.
struct OpenStore {
  librdf_storage* storage = nullptr;
  librdf_model* model = nullptr;
  ~OpenStore() { close(); }
  void close() {
    if (model) librdf_free_model(model);
    if (storage) librdf_free_storage(storage);
    model = nullptr;
    storage = nullptr;
  }
};

// Without `contexts` the named-graph index is not opened: only for readers
// (a writer without it would leave the index stale).
Status openStorage(World& world, const fs::path& gen, bool create, bool write, OpenStore* out,
                   bool contexts = true) {
  if (gen.string().find('\'') != std::string::npos)
    return invalidArgument(gen.string() + ": a store path may not contain a quote (')");
  world.takeErrors();
  std::string options = storageOptions(gen, create, write, write || contexts);
  out->storage = librdf_new_storage(world.get(), "hashes", kStorageName, options.c_str());
  if (out->storage) out->model = librdf_new_model(world.get(), out->storage, nullptr);
  if (!out->storage || !out->model) {
    out->close();
    std::string e = world.takeErrors();
    return ioError(gen.string() + ": cannot open the Berkeley DB store" + (e.empty() ? "" : ": " + e));
  }
  return Status::ok();
}

NodePtr uriNode(World& world, const std::string& iri) {
  return NodePtr(librdf_new_node_from_uri_string(world.get(), reinterpret_cast<const unsigned char*>(iri.c_str())));
}

NodePtr literalNode(World& world, const std::string& text) {
  return NodePtr(librdf_new_node_from_literal(world.get(), reinterpret_cast<const unsigned char*>(text.c_str()),
                                              nullptr, 0));
}

// Virtuoso stores xsd:gYear and xsd:gYearMonth literals as dates and gives
// them back as "2009-01-01"^^xsd:gYear; this restores the lexical form
// ("2009", "2009-03"). Other terms are returned as they are.
void restoreVirtuosoLexical(RdfTerm* t) {
  static const std::string xsd = "http://www.w3.org/2001/XMLSchema#";
  if (t->kind != RdfTerm::Kind::kLiteral || t->datatype.rfind(xsd, 0) != 0) return;
  std::string type = t->datatype.substr(xsd.size());
  int keep = type == "gYear" ? 1 : type == "gYearMonth" ? 2 : 0;  // date parts to keep
  if (!keep) return;
  size_t at = t->value[0] == '-' ? 1 : 0;  // a year may be negative
  for (int part = 0; part < keep && at != std::string::npos; ++part) at = t->value.find('-', at + 1);
  if (at != std::string::npos) t->value.resize(at);
}

RdfTerm toTerm(librdf_node* n) {
  RdfTerm t;
  if (!n) return t;
  if (librdf_node_is_resource(n)) {
    t.kind = RdfTerm::Kind::kIri;
    t.value = reinterpret_cast<const char*>(librdf_uri_as_string(librdf_node_get_uri(n)));
  } else if (librdf_node_is_literal(n)) {
    t.kind = RdfTerm::Kind::kLiteral;
    size_t len = 0;
    const unsigned char* v = librdf_node_get_literal_value_as_counted_string(n, &len);
    t.value.assign(reinterpret_cast<const char*>(v), len);
    if (const char* lang = librdf_node_get_literal_value_language(n)) t.lang = lang;
    if (librdf_uri* dt = librdf_node_get_literal_value_datatype_uri(n))
      t.datatype = reinterpret_cast<const char*>(librdf_uri_as_string(dt));
  } else {
    t.kind = RdfTerm::Kind::kBlank;
    t.value = reinterpret_cast<const char*>(librdf_node_get_blank_identifier(n));
  }
  return t;
}

// Writes a generation's query index (store/index.hpp) from every triple
// `model` holds.
Status writeQueryIndex(librdf_model* model, const fs::path& gen) {
  IndexBuilder builder;
  librdf_stream* st = librdf_model_as_stream(model);
  if (!st) return ioError(gen.string() + ": cannot read the store's triples to index them");
  while (!librdf_stream_end(st)) {
    librdf_statement* s = librdf_stream_get_object(st);
    builder.add(toTerm(librdf_statement_get_subject(s)), toTerm(librdf_statement_get_predicate(s)),
                toTerm(librdf_statement_get_object(s)));
    librdf_stream_next(st);
  }
  librdf_free_stream(st);
  return builder.write((gen / kIndexFileName).string());
}


// ---- Virtuoso

// The server-side manifest: one graph holding the store's format, its
// shared graphs and one entry per paper (the manifest line as a literal).
constexpr const char* kVirtuosoManifestGraph = "urn:papergraph:store:manifest";
constexpr const char* kVirtuosoStoreNode = "urn:papergraph:store";
constexpr const char* kVirtuosoFormat = "urn:papergraph:store#format";
constexpr const char* kVirtuosoShared = "urn:papergraph:store#sharedGraph";
constexpr const char* kVirtuosoEntry = "urn:papergraph:store#entry";

// The manifest node of a paper: its id, percent-encoded into an IRI.
std::string virtuosoEntryIri(const std::string& id) {
  std::string out = "urn:papergraph:store:paper:";
  for (unsigned char c : id) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

Status openVirtuoso(World& world, const std::string& location, OpenStore* out) {
  auto loc = parseVirtuosoLocation(location);
  if (!loc.isOk()) return loc.status();
  std::string options = "dsn='" + loc->dsn + "',user='" + loc->user + "',password='" + loc->password + "'";
  if (!loc->host.empty()) options += ",host='" + loc->host + "'";
  if (!loc->database.empty()) options += ",database='" + loc->database + "'";
  world.takeErrors();
  out->storage = librdf_new_storage(world.get(), "virtuoso", kVirtuosoManifestGraph, options.c_str());
  if (out->storage) out->model = librdf_new_model(world.get(), out->storage, nullptr);
  if (!out->storage || !out->model) {
    out->close();
    std::string e = world.takeErrors();
    return ioError("virtuoso: cannot open the storage (is librdf-storage-virtuoso installed?)" +
                   (e.empty() ? "" : ": " + e));
  }
  if (!world.registerVirtuosoQuery()) {
    out->close();
    return ioError("virtuoso: the storage module has no SPARQL query engine (librdf_init_query_virtuoso)");
  }
  return Status::ok();
}

// Runs a SELECT in Virtuoso's engine; each row's terms as text (IRI or
// literal value).
StatusOr<std::vector<std::vector<std::string>>> virtuosoSelect(World& world, librdf_model* model,
                                                               const std::string& sparql) {
  world.takeErrors();
  librdf_query* q =
      librdf_new_query(world.get(), "vsparql", nullptr, reinterpret_cast<const unsigned char*>(sparql.c_str()), nullptr);
  if (!q) return Status(StatusCode::kInternal, "virtuoso: cannot make a query: " + world.takeErrors());
  librdf_query_results* r = librdf_model_query_execute(model, q);
  std::vector<std::vector<std::string>> rows;
  if (r) {
    int count = librdf_query_results_get_bindings_count(r);
    while (!librdf_query_results_finished(r)) {
      std::vector<std::string> row;
      for (int i = 0; i < count; ++i) {
        librdf_node* n = librdf_query_results_get_binding_value(r, i);
        row.push_back(toTerm(n).value);
        if (n) librdf_free_node(n);
      }
      rows.push_back(std::move(row));
      if (librdf_query_results_next(r)) break;
    }
    librdf_free_query_results(r);
  }
  librdf_free_query(q);
  std::string e = world.takeErrors();
  if (!r || !e.empty()) return ioError("virtuoso: " + (e.empty() ? std::string("the query failed") : e));
  return rows;
}

// Reads the server-side manifest (empty when the store is new). Refuses a
// newer store format.
StatusOr<Manifest> readVirtuosoManifest(World& world, librdf_model* model, bool* has_format) {
  const std::string g = kVirtuosoManifestGraph;
  auto format = virtuosoSelect(world, model,
                               "SELECT ?f WHERE { GRAPH <" + g + "> { <" + kVirtuosoStoreNode + "> <" + kVirtuosoFormat +
                                   "> ?f } }");
  if (!format.isOk()) return format.status();
  *has_format = !format->empty();
  for (const auto& row : *format) {
    const std::string prefix = "papergraph-store/";
    if (row.at(0).rfind(prefix, 0) != 0 || std::atoi(row[0].c_str() + prefix.size()) > kStoreFormatVersion)
      return unsupported("virtuoso: store format " + row[0] + " is not one this papergraph (" + kStoreFormat +
                         ") reads");
  }
  auto shared = virtuosoSelect(world, model,
                               "SELECT ?g WHERE { GRAPH <" + g + "> { <" + kVirtuosoStoreNode + "> <" + kVirtuosoShared +
                                   "> ?g } }");
  if (!shared.isOk()) return shared.status();
  auto entries = virtuosoSelect(world, model, "SELECT ?e WHERE { GRAPH <" + g + "> { ?p <" + kVirtuosoEntry + "> ?e } }");
  if (!entries.isOk()) return entries.status();
  std::string text = std::string(kManifestHeader) + "\n";
  for (const auto& row : *shared) text += "shared\t" + encodeField(row.at(0)) + "\n";
  for (const auto& row : *entries) text += row.at(0) + "\n";
  std::istringstream in(text);
  return parseManifest(in, "virtuoso manifest");
}

}  // namespace

std::string contentHash(std::string_view bytes) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%016llx%016llx", static_cast<unsigned long long>(fnv1a(bytes)),
                static_cast<unsigned long long>(fnv1a(bytes, 0x84222325cbf29ce4ULL ^ bytes.size())));
  return buf;
}

bool isVirtuosoLocation(const std::string& location) { return location.rfind("virtuoso:", 0) == 0; }

StatusOr<VirtuosoLocation> parseVirtuosoLocation(const std::string& location) {
  if (!isVirtuosoLocation(location)) return invalidArgument(location + ": not a virtuoso: store location");
  VirtuosoLocation loc;
  bool password_set = false;
  for (const auto& item : split(location.substr(9), ',')) {
    if (item.empty()) continue;
    size_t eq = item.find('=');
    if (eq == std::string::npos)
      return invalidArgument("virtuoso store: '" + item + "' is not key=value (dsn, host, user, password, database)");
    std::string key = item.substr(0, eq), value = item.substr(eq + 1);
    if (value.find('\'') != std::string::npos) return invalidArgument("virtuoso store: " + key + " may not hold a quote");
    if (key == "dsn") {
      loc.dsn = value;
    } else if (key == "host") {
      loc.host = value;
    } else if (key == "user") {
      loc.user = value;
    } else if (key == "password") {
      loc.password = value;
      password_set = true;
    } else if (key == "database") {
      loc.database = value;
    } else {
      return invalidArgument("virtuoso store: unknown setting '" + key + "' (dsn, host, user, password, database)");
    }
  }
  if (loc.dsn.empty()) return invalidArgument("virtuoso store: dsn=NAME (an ODBC data source) is required");
  if (!password_set) {
    const char* env = std::getenv("PAPERGRAPH_VIRTUOSO_PASSWORD");
    if (!env) return invalidArgument("virtuoso store: give password=... or set PAPERGRAPH_VIRTUOSO_PASSWORD");
    loc.password = env;
    if (loc.password.find('\'') != std::string::npos)
      return invalidArgument("virtuoso store: the password may not hold a quote");
  }
  return loc;
}

// ---------------------------------------------------------------- writer

struct StoreWriter::Impl {
  fs::path dir;
  bool virtuoso = false;                              // a Virtuoso server, not a folder
  bool in_transaction = false;                        // virtuoso: changes wait in an open transaction
  bool has_format = false;                            // virtuoso: the server holds the format triple
  std::map<std::string, std::string> server_entries;  // virtuoso: paper id -> manifest line on the server
  std::set<std::string> server_shared;                // virtuoso: shared graphs listed on the server
  std::set<std::string> touched;                      // virtuoso: papers put or removed since commit
  int lock_fd = -1;
  World world;
  std::string current;                          // published generation, "" when none
  Manifest manifest;                            // of current + pending changes
  std::unordered_map<uint64_t, uint32_t> refs;  // shared quad -> papers stating it
  std::unordered_set<uint64_t> dead;            // in the working store, no longer stated
  std::string working;                          // generation being written, "" when none
  OpenStore store;
  size_t pending = 0;
  // The graphs of papers replaced or removed since the last commit, whose
  // stored statements go at the next commit; how many statements that is;
  // and the new statements of those among them put again, added once the
  // old ones are gone. Removing statements from Redland's Berkeley DB walks
  // duplicate lists as long as the store (~7 s a paper at 10k papers), so
  // past rebuild_above doomed statements the commit copies the rest into
  // new files instead (~25 s for the whole 10k store, whatever the number
  // of papers replaced).
  std::set<std::string, std::less<>> doomed;
  uint64_t doomed_statements = 0;
  std::map<std::string, std::vector<librdf_statement*>> deferred;  // graph -> its new statements
  uint64_t rebuild_above = kRebuildAboveStatements;

  ~Impl() {
    clearDeferred();
    if (in_transaction) librdf_model_transaction_rollback(store.model);  // never committed
    store.close();
    if (!working.empty()) {
      std::error_code ec;
      fs::remove_all(dir / working, ec);  // never published
    }
    if (lock_fd >= 0) ::close(lock_fd);
  }

  // Removes generations nobody reads, other than the current one.
  void collectGarbage() {
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      std::string name = e.path().filename().string();
      if (name.rfind("gen-", 0) != 0 || name == current || name == working) continue;
      int fd = ::open((e.path() / "lock").c_str(), O_RDONLY);
      if (fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        continue;  // a reader has it open
      }
      fs::remove_all(e.path(), ec);
      if (fd >= 0) ::close(fd);
    }
  }

  // Starts the next generation as a copy of the current one.
  Status ensureWorking() {
    if (virtuoso) {
      if (in_transaction) return Status::ok();
      world.takeErrors();
      if (librdf_model_transaction_start(store.model) != 0)
        return ioError("virtuoso: cannot start a transaction: " + world.takeErrors());
      in_transaction = true;
      return Status::ok();
    }
    if (!working.empty()) return Status::ok();
    unsigned next = current.empty() ? 1 : genNumber(current) + 1;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
      std::string name = e.path().filename().string();
      if (name.rfind("gen-", 0) == 0) next = std::max(next, genNumber(name) + 1);
    }
    std::string name = genName(next);
    fs::path gen = dir / name;
    fs::create_directories(gen, ec);
    if (ec) return ioError(gen.string() + ": cannot create: " + ec.message());
    working = name;
    if (!current.empty()) {
      for (const auto& e : fs::directory_iterator(dir / current, ec)) {
        if (e.path().extension() != ".db") continue;
        fs::path copy = gen / e.path().filename();
        fs::copy_file(e.path(), copy, ec);
        if (ec) return ioError(gen.string() + ": cannot copy " + e.path().string() + ": " + ec.message());
        startWriteback(copy);
      }
    }
    if (Status s = writeFileAtomic((gen / "lock").string(), ""); !s.isOk()) return s;
    return openStorage(world, gen, current.empty(), true, &store);
  }

  void clearDeferred() {
    for (auto& [_, statements] : deferred)
      for (librdf_statement* st : statements) librdf_free_statement(st);
    deferred.clear();
  }

  // Marks a stored paper's graph for removal at commit (embedded store);
  // a Virtuoso transaction removes it at once.
  void doom(const Entry& e) {
    if (virtuoso) {
      NodePtr old = uriNode(world, e.paper.graph);
      librdf_model_context_remove_statements(store.model, old.get());
      return;
    }
    if (doomed.insert(e.paper.graph).second) {
      doomed_statements += e.paper.triples;
    } else if (auto it = deferred.find(e.paper.graph); it != deferred.end()) {
      // Put earlier in this generation, never written: dropped.
      for (librdf_statement* st : it->second) librdf_free_statement(st);
      deferred.erase(it);
    }
  }

  // Removes the doomed graphs' stored statements (deleting them, or
  // copying the rest into new files when there are many), then adds the
  // deferred statements.
  Status applyDoomed() {
    if (doomed.empty()) return Status::ok();
    if (doomed_statements > rebuild_above) {
      if (Status s = rebuildWithoutDoomed(); !s.isOk()) return s;
    } else {
      for (const auto& g : doomed) {
        NodePtr graph = uriNode(world, g);
        librdf_model_context_remove_statements(store.model, graph.get());
      }
    }
    for (auto& [g, statements] : deferred) {
      NodePtr graph = uriNode(world, g);
      for (librdf_statement* st : statements) librdf_model_context_add_statement(store.model, graph.get(), st);
    }
    clearDeferred();
    doomed.clear();
    doomed_statements = 0;
    std::string errors = world.takeErrors();
    if (!errors.empty()) return ioError(dir.string() + ": replacing papers failed: " + errors);
    return Status::ok();
  }

  // Writes the working generation's statements, less the doomed graphs',
  // into new Berkeley DB files in a sub-folder, then moves them over the
  // working ones. The working generation is not published, so a failure
  // (or a kill) here leaves the published store as it was.
  Status rebuildWithoutDoomed() {
    fs::path gen = dir / working;
    fs::path fresh = gen / "rebuild";
    std::error_code ec;
    fs::remove_all(fresh, ec);
    fs::create_directories(fresh, ec);
    if (ec) return ioError(fresh.string() + ": cannot create: " + ec.message());
    OpenStore out;
    if (Status s = openStorage(world, fresh, true, true, &out); !s.isOk()) return s;
    librdf_stream* st = librdf_model_as_stream(store.model);
    while (st && !librdf_stream_end(st)) {
      librdf_statement* s = librdf_stream_get_object(st);
      librdf_node* ctx = librdf_stream_get_context2(st);
      librdf_uri* u = ctx && librdf_node_is_resource(ctx) ? librdf_node_get_uri(ctx) : nullptr;
      bool gone = u && doomed.count(std::string_view(reinterpret_cast<const char*>(librdf_uri_as_string(u))));
      if (!gone) {
        if (ctx)
          librdf_model_context_add_statement(out.model, ctx, s);
        else
          librdf_model_add_statement(out.model, s);
      }
      librdf_stream_next(st);
    }
    if (st) librdf_free_stream(st);
    librdf_model_sync(out.model);
    out.close();
    std::string errors = world.takeErrors();
    if (!errors.empty()) return ioError(fresh.string() + ": rewriting the store failed: " + errors);
    store.close();
    for (const auto& e : fs::directory_iterator(fresh, ec)) {
      if (e.path().extension() != ".db") continue;
      fs::rename(e.path(), gen / e.path().filename(), ec);
      if (ec) return ioError(gen.string() + ": cannot move " + e.path().string() + ": " + ec.message());
    }
    fs::remove_all(fresh, ec);
    return openStorage(world, gen, false, true, &store);
  }

  void unref(const Entry& e) {
    for (uint64_t h : e.shared) {
      auto it = refs.find(h);
      if (it == refs.end()) continue;
      if (--it->second == 0) {
        refs.erase(it);
        dead.insert(h);
      }
    }
  }

  // Removes the statements of `graph` that `doomed` picks, gathered first
  // (removing them while a stream over the graph is open skips some).
  template <typename Pick>
  void removeGraphStatements(librdf_node* graph, Pick doomed) {
    std::vector<librdf_statement*> gone;
    librdf_stream* st = librdf_model_context_as_stream(store.model, graph);
    while (st && !librdf_stream_end(st)) {
      librdf_statement* s = librdf_stream_get_object(st);
      if (doomed(s)) gone.push_back(librdf_new_statement_from_statement(s));
      librdf_stream_next(st);
    }
    if (st) librdf_free_stream(st);
    for (auto* s : gone) {
      librdf_model_context_remove_statement(store.model, graph, s);
      librdf_free_statement(s);
    }
  }

  // Adds (or removes) one triple of the server-side manifest.
  void manifestTriple(bool add, const std::string& subject, const char* predicate, librdf_node* object) {
    NodePtr graph = uriNode(world, kVirtuosoManifestGraph);
    librdf_statement* st = librdf_new_statement_from_nodes(world.get(), uriNode(world, subject).release(),
                                                           uriNode(world, predicate).release(), object);
    if (add)
      librdf_model_context_add_statement(store.model, graph.get(), st);
    else
      librdf_model_context_remove_statement(store.model, graph.get(), st);
    librdf_free_statement(st);
  }

  // Virtuoso: writes the manifest changes into the open transaction and
  // commits it; the server applies all of it or, if anything fails or the
  // connection drops, none.
  Status commitVirtuoso() {
    if (!in_transaction) return Status::ok();
    if (Status s = dropDead(); !s.isOk()) return s;
    if (!has_format) manifestTriple(true, kVirtuosoStoreNode, kVirtuosoFormat, literalNode(world, kStoreFormat).release());
    for (const auto& g : manifest.shared_graphs)
      if (!server_shared.count(g)) manifestTriple(true, kVirtuosoStoreNode, kVirtuosoShared, uriNode(world, g).release());
    std::map<std::string, std::string> lines;  // the entries as they will be on the server
    for (const auto& id : touched) {
      std::string iri = virtuosoEntryIri(id);
      if (auto old = server_entries.find(id); old != server_entries.end())
        manifestTriple(false, iri, kVirtuosoEntry, literalNode(world, old->second).release());
      if (auto now = manifest.papers.find(id); now != manifest.papers.end()) {
        lines[id] = entryLine(now->second);
        manifestTriple(true, iri, kVirtuosoEntry, literalNode(world, lines[id]).release());
      }
    }
    std::string errors = world.takeErrors();
    if (!errors.empty()) return ioError("virtuoso: writing the store failed: " + errors);
    in_transaction = false;
    if (librdf_model_transaction_commit(store.model) != 0 || world.hasErrors())
      return ioError("virtuoso: the commit failed: " + world.takeErrors());
    has_format = true;
    server_shared.insert(manifest.shared_graphs.begin(), manifest.shared_graphs.end());
    for (const auto& id : touched) {
      if (lines.count(id))
        server_entries[id] = lines[id];
      else
        server_entries.erase(id);
    }
    touched.clear();
    pending = 0;
    return Status::ok();
  }

  // Removes the statements of dead shared quads from the working store.
  Status dropDead() {
    if (dead.empty()) return Status::ok();
    for (const auto& g : manifest.shared_graphs) {
      NodePtr ctx = uriNode(world, g);
      removeGraphStatements(ctx.get(), [&](librdf_statement* s) {
        return dead.count(quadKey(librdf_statement_get_subject(s), librdf_statement_get_predicate(s),
                                  librdf_statement_get_object(s), ctx.get())) != 0;
      });
    }
    dead.clear();
    return Status::ok();
  }
};

StoreWriter::StoreWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StoreWriter::~StoreWriter() = default;

StatusOr<std::unique_ptr<StoreWriter>> StoreWriter::open(const std::string& dir_name) {
  auto impl = std::make_unique<Impl>();
  impl->dir = fs::path(dir_name);
  if (!impl->world.get()) return Status(StatusCode::kInternal, "librdf: cannot create a world");
  if (isVirtuosoLocation(dir_name)) {
    impl->virtuoso = true;
    if (Status s = openVirtuoso(impl->world, dir_name, &impl->store); !s.isOk()) return s;
    auto m = readVirtuosoManifest(impl->world, impl->store.model, &impl->has_format);
    if (!m.isOk()) return m.status();
    impl->manifest = std::move(*m);
    for (const auto& [id, e] : impl->manifest.papers) {
      impl->server_entries[id] = entryLine(e);
      for (uint64_t h : e.shared) ++impl->refs[h];
    }
    impl->server_shared.insert(impl->manifest.shared_graphs.begin(), impl->manifest.shared_graphs.end());
    return std::unique_ptr<StoreWriter>(new StoreWriter(std::move(impl)));
  }
  std::error_code ec;
  fs::create_directories(impl->dir, ec);
  if (!fs::is_directory(impl->dir, ec)) return ioError(dir_name + ": cannot create the store folder");
  impl->lock_fd = ::open((impl->dir / "write.lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (impl->lock_fd < 0) return ioError(dir_name + ": cannot create write.lock: " + errnoText());
  if (::flock(impl->lock_fd, LOCK_EX | LOCK_NB) != 0)
    return ioError(dir_name + ": another papergraph process is writing this store");
  if (Status s = checkFormat(impl->dir, true); !s.isOk()) return s;
  auto current = readCurrent(impl->dir);
  if (!current.isOk()) return current.status();
  impl->current = *current;
  if (!impl->current.empty()) {
    auto m = readManifest(impl->dir / impl->current / "manifest.tsv");
    if (!m.isOk()) return m.status();
    impl->manifest = std::move(*m);
    for (const auto& [_, e] : impl->manifest.papers)
      for (uint64_t h : e.shared) ++impl->refs[h];
    // A generation published before stores had a query index gets one, and
    // one whose index this build cannot read (an older format, or damaged)
    // gets a new one: it is derived from the generation's triples and
    // replaced atomically, so readers see the old file or the new one whole
    // (a reader that has the old one mapped keeps it), and the facts are
    // untouched.
    fs::path gen = impl->dir / impl->current;
    if (!QueryIndex::open((gen / kIndexFileName).string()).isOk()) {
      OpenStore old;
      if (Status s = openStorage(impl->world, gen, false, false, &old, false); !s.isOk()) return s;
      if (Status s = writeQueryIndex(old.model, gen); !s.isOk()) return s;
    }
  }
  impl->collectGarbage();  // generations of killed writers, and old ones
  return std::unique_ptr<StoreWriter>(new StoreWriter(std::move(impl)));
}

bool StoreWriter::unchanged(const std::string& id, const std::string& content_hash) const {
  auto it = impl_->manifest.papers.find(id);
  return it != impl_->manifest.papers.end() && it->second.paper.content_hash == content_hash;
}

const StoredPaper* StoreWriter::find(const std::string& id) const {
  auto it = impl_->manifest.papers.find(id);
  return it == impl_->manifest.papers.end() ? nullptr : &it->second.paper;
}

Status StoreWriter::put(const PaperQuads& paper) {
  Impl& w = *impl_;
  std::vector<Quad> quads;
  if (Status s = parseNQuads(w.world, paper.nquads, "paper '" + paper.id + "'", &quads); !s.isOk()) return s;
  struct Release {
    std::vector<Quad>& q;
    ~Release() { freeQuads(q); }
  } release{quads};
  if (Status s = w.ensureWorking(); !s.isOk()) return s;

  if (auto it = w.manifest.papers.find(paper.id); it != w.manifest.papers.end()) {
    w.doom(it->second);
    w.unref(it->second);
    w.manifest.papers.erase(it);
  }
  // The paper's own statements wait for commit while its graph's old ones
  // are still stored.
  std::vector<librdf_statement*>* later = nullptr;
  if (w.doomed.count(paper.graph)) later = &w.deferred[paper.graph];
  Entry entry;
  entry.paper.id = paper.id;
  entry.paper.graph = paper.graph;
  entry.paper.content_hash = paper.content_hash;
  entry.paper.source = paper.source;
  NodePtr own = uriNode(w.world, paper.graph);
  std::unordered_set<uint64_t> seen;
  for (const Quad& q : quads) {
    std::string g = q.g ? termText(q.g) : "";
    bool shared = q.g && !(q.g->type == RAPTOR_TERM_TYPE_URI && g == "<" + paper.graph + ">");
    librdf_statement* st = librdf_new_statement_from_nodes(w.world.get(), raptor_term_copy(q.s), raptor_term_copy(q.p),
                                                           raptor_term_copy(q.o));
    if (!shared) {
      if (later) {
        later->push_back(st);
        st = nullptr;
      } else {
        librdf_model_context_add_statement(w.store.model, own.get(), st);
      }
      ++entry.paper.triples;
    } else {
      uint64_t h = quadKey(q.s, q.p, q.o, q.g);
      if (seen.insert(h).second) {
        entry.shared.push_back(h);
        if (++w.refs[h] == 1 && !w.dead.erase(h)) librdf_model_context_add_statement(w.store.model, q.g, st);
        std::string iri(reinterpret_cast<const char*>(raptor_uri_as_string(q.g->value.uri)));
        if (std::find(w.manifest.shared_graphs.begin(), w.manifest.shared_graphs.end(), iri) ==
            w.manifest.shared_graphs.end())
          w.manifest.shared_graphs.push_back(iri);
      }
    }
    if (st) librdf_free_statement(st);
  }
  std::string errors = w.world.takeErrors();
  w.manifest.papers[paper.id] = std::move(entry);
  w.touched.insert(paper.id);
  ++w.pending;
  if (!errors.empty()) return ioError(w.dir.string() + ": writing paper '" + paper.id + "' failed: " + errors);
  return Status::ok();
}

Status StoreWriter::remove(const std::string& id) {
  Impl& w = *impl_;
  auto it = w.manifest.papers.find(id);
  if (it == w.manifest.papers.end()) return notFound("paper '" + id + "' is not in the store");
  if (Status s = w.ensureWorking(); !s.isOk()) return s;
  w.doom(it->second);
  w.unref(it->second);
  w.manifest.papers.erase(it);
  w.touched.insert(id);
  ++w.pending;
  return Status::ok();
}

Status StoreWriter::commit() {
  Impl& w = *impl_;
  if (w.virtuoso) return w.commitVirtuoso();
  if (w.working.empty()) return Status::ok();
  if (Status s = w.applyDoomed(); !s.isOk()) return s;
  if (Status s = w.dropDead(); !s.isOk()) return s;
  librdf_model_sync(w.store.model);
  if (Status s = writeQueryIndex(w.store.model, w.dir / w.working); !s.isOk()) return s;
  w.store.close();  // Berkeley DB flushes its files on close
  std::string errors = w.world.takeErrors();
  if (!errors.empty()) return ioError(w.dir.string() + ": writing the store failed: " + errors);
  fs::path gen = w.dir / w.working;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(gen, ec))
    if (e.path().extension() == ".db")
      if (Status s = syncPath(e.path(), false); !s.isOk()) return s;
  if (Status s = writeFileAtomic((gen / "manifest.tsv").string(), manifestText(w.manifest)); !s.isOk()) return s;
  if (Status s = syncPath(gen, true); !s.isOk()) return s;
  // The switch: readers see the old generation or the new one, whole.
  if (Status s = writeFileAtomic((w.dir / "CURRENT").string(), w.working + "\n"); !s.isOk()) return s;
  if (Status s = syncPath(w.dir, true); !s.isOk()) return s;
  w.current = w.working;
  w.working.clear();
  w.pending = 0;
  w.collectGarbage();
  return Status::ok();
}

size_t StoreWriter::pending() const { return impl_->pending; }

void StoreWriter::setRebuildAbove(uint64_t statements) { impl_->rebuild_above = statements; }

std::vector<StoredPaper> StoreWriter::papers() const {
  std::vector<StoredPaper> out;
  for (const auto& [_, e] : impl_->manifest.papers) out.push_back(e.paper);
  return out;
}

// ---------------------------------------------------------------- snapshot

struct StoreSnapshot::Impl {
  std::unique_ptr<World> world;  // with the storage, made at first need
  bool virtuoso = false;
  std::vector<std::string> shared_graphs;  // virtuoso: export reads graph by graph
  fs::path dir;
  std::string generation;
  int lock_fd = -1;
  OpenStore store;
  std::vector<StoredPaper> papers;
  bool named_graphs = true;
  bool storage_opened = false;          // the embedded store is opened at first need
  Status storage_status = Status::ok();
  bool index_opened = false;            // the query index is looked for at the first query
  std::unique_ptr<QueryIndex> index;    // null: none, or damaged (index_error)
  std::string index_error;
  // The generation's query index, opened at the first call; null (and
  // index_error saying why) when it has none or it is damaged.
  const QueryIndex* openedIndex() {
    if (!index_opened) {
      index_opened = true;
      auto ix = QueryIndex::open((dir / generation / kIndexFileName).string());
      if (ix.isOk())
        index = std::move(*ix);
      else
        index_error = ix.status().code() == StatusCode::kNotFound
                          ? "this generation has no query index (a store written before it had one; the next "
                            "papergraph build on the store writes it)"
                          : ix.status().message();
    }
    return index.get();
  }
  // The generation's Redland storage (and the librdf world), opened at the
  // first export or Rasqal query: a query the index answers needs neither,
  // and making the world and opening Berkeley DB cost ~20 ms of each query.
  // The generation is locked from open(), so it cannot vanish meanwhile.
  Status openedStorage() {
    if (!storage_opened) {
      storage_opened = true;
      world = std::make_unique<World>();
      if (!world->get())
        storage_status = Status(StatusCode::kInternal, "librdf: cannot create a world");
      else
        storage_status = openStorage(*world, dir / generation, false, false, &store, named_graphs);
    }
    return storage_status;
  }
  ~Impl() {
    store.close();
    if (lock_fd >= 0) ::close(lock_fd);
  }
};

StoreSnapshot::StoreSnapshot(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StoreSnapshot::~StoreSnapshot() = default;

StatusOr<std::unique_ptr<StoreSnapshot>> StoreSnapshot::open(const std::string& dir_name, bool read_papers,
                                                              bool named_graphs) {
  if (isVirtuosoLocation(dir_name)) {
    auto impl = std::make_unique<Impl>();
    impl->world = std::make_unique<World>();
    impl->storage_opened = true;
    if (!impl->world->get()) return Status(StatusCode::kInternal, "librdf: cannot create a world");
    impl->virtuoso = true;
    impl->generation = "virtuoso";
    if (Status s = openVirtuoso(*impl->world, dir_name, &impl->store); !s.isOk()) return s;
    bool has_format = false;
    auto m = readVirtuosoManifest(*impl->world, impl->store.model, &has_format);
    if (!m.isOk()) return m.status();
    if (!has_format) return notFound("virtuoso: the store has no published papers yet");
    impl->shared_graphs = m->shared_graphs;
    for (auto& [_, e] : m->papers) impl->papers.push_back(std::move(e.paper));
    return std::unique_ptr<StoreSnapshot>(new StoreSnapshot(std::move(impl)));
  }
  fs::path dir(dir_name);
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return notFound(dir_name + ": no such store");
  if (Status s = checkFormat(dir, false); !s.isOk()) return s;
  Status last = notFound(dir_name + ": the store has no published generation yet");
  // A writer may remove an old generation between reading CURRENT and
  // locking it: read CURRENT again then. Each miss means a newer generation
  // was published meanwhile; a reader slowed down on a loaded machine can
  // miss several in a row while a writer commits after every paper.
  for (int attempt = 0; attempt < 100; ++attempt) {
    auto current = readCurrent(dir);
    if (!current.isOk()) return current.status();
    if (current->empty()) return last;
    auto impl = std::make_unique<Impl>();
    impl->dir = dir;
    impl->generation = *current;
    impl->named_graphs = named_graphs;
    fs::path gen = dir / *current;
    impl->lock_fd = ::open((gen / "lock").c_str(), O_RDONLY | O_CLOEXEC);
    if (impl->lock_fd < 0 || ::flock(impl->lock_fd, LOCK_SH) != 0 || !fs::exists(gen / "lock", ec)) {
      last = ioError(gen.string() + ": generation vanished while opening it");
      continue;
    }
    if (read_papers) {
      auto m = readManifest(gen / "manifest.tsv");
      if (!m.isOk()) {
        last = m.status();
        continue;
      }
      for (auto& [_, e] : m->papers) impl->papers.push_back(std::move(e.paper));
    } else if (!fs::exists(gen / "manifest.tsv", ec)) {
      last = ioError(gen.string() + ": the generation has no manifest");
      continue;
    }
    return std::unique_ptr<StoreSnapshot>(new StoreSnapshot(std::move(impl)));
  }
  return last;
}

const std::vector<StoredPaper>& StoreSnapshot::papers() const { return impl_->papers; }
const std::string& StoreSnapshot::generation() const { return impl_->generation; }

// A raptor iostream's destination: bytes gathered into chunks of 64 KiB
// handed to a sink (or appended to a string). The first error the sink
// returns stops the writing; raptor is told by a non-zero return.
struct IostreamTarget {
  static constexpr size_t kChunk = 64 << 10;
  const ChunkSink* sink = nullptr;  // null: everything stays in *text
  std::string* text = nullptr;
  Status status = Status::ok();
  int flushIfFull() {
    if (!sink || text->size() < kChunk) return status.isOk() ? 0 : 1;
    return flush();
  }
  int flush() {
    if (sink && status.isOk() && !text->empty()) status = (*sink)(*text);
    if (sink) text->clear();
    return status.isOk() ? 0 : 1;
  }
};

namespace {

int appendBytes(void* context, const void* ptr, size_t size, size_t nmemb) {
  auto* t = static_cast<IostreamTarget*>(context);
  if (!t->status.isOk()) return 1;
  t->text->append(static_cast<const char*>(ptr), size * nmemb);
  return t->flushIfFull();
}
int appendByte(void* context, const int byte) {
  auto* t = static_cast<IostreamTarget*>(context);
  if (!t->status.isOk()) return 1;
  t->text->push_back(static_cast<char>(byte));
  return t->flushIfFull();
}

// A raptor iostream writing to *target (the handler outlives every stream).
raptor_iostream* targetStream(raptor_world* rw, IostreamTarget* target) {
  static raptor_iostream_handler handler = [] {
    raptor_iostream_handler h{};
    h.version = 2;
    h.write_byte = appendByte;
    h.write_bytes = appendBytes;
    return h;
  }();
  return raptor_new_iostream_from_handler(rw, target, &handler);
}

}  // namespace

Status StoreSnapshot::exportRdf(StoreExportFormat format, std::string* out) const {
  out->clear();
  IostreamTarget target;
  target.text = out;
  return exportTo(format, &target);
}

Status StoreSnapshot::exportRdf(StoreExportFormat format, const ChunkSink& sink) const {
  std::string buffer;
  IostreamTarget target;
  target.sink = &sink;
  target.text = &buffer;
  return exportTo(format, &target);
}

Status StoreSnapshot::exportTo(StoreExportFormat format, IostreamTarget* target) const {
  if (Status s = impl_->openedStorage(); !s.isOk()) return s;
  World& world = *impl_->world;
  raptor_world* rw = world.raptor();
  const char* name = format == StoreExportFormat::kTurtle     ? "turtle"
                     : format == StoreExportFormat::kNTriples ? "ntriples"
                     : format == StoreExportFormat::kNQuads   ? "nquads"
                                                              : "rdfxml";
  raptor_serializer* ser = raptor_new_serializer(rw, name);
  if (!ser) return Status(StatusCode::kInternal, std::string("raptor: no serializer '") + name + "'");
  raptor_iostream* io = targetStream(rw, target);
  if (format == StoreExportFormat::kTurtle || format == StoreExportFormat::kRdfXml) {
    const std::pair<const char*, const char*> prefixes[] = {
        {"dcat", "http://www.w3.org/ns/dcat#"},           {"dcterms", "http://purl.org/dc/terms/"},
        {"foaf", "http://xmlns.com/foaf/0.1/"},           {"cito", "http://purl.org/spar/cito/"},
        {"fabio", "http://purl.org/spar/fabio/"},         {"prov", "http://www.w3.org/ns/prov#"},
        {"skos", "http://www.w3.org/2004/02/skos/core#"}, {"rdfs", "http://www.w3.org/2000/01/rdf-schema#"},
        {"xsd", "http://www.w3.org/2001/XMLSchema#"},     {"owl", "http://www.w3.org/2002/07/owl#"},
        {"pg", "https://w3id.org/papergraph/ontology#"}};
    for (const auto& [prefix, ns] : prefixes) {
      raptor_uri* u = raptor_new_uri(rw, reinterpret_cast<const unsigned char*>(ns));
      raptor_serializer_set_namespace(ser, u, reinterpret_cast<const unsigned char*>(prefix));
      raptor_free_uri(u);
    }
  }
  raptor_serializer_start_to_iostream(ser, nullptr, io);
  world.takeErrors();
  bool quads = format == StoreExportFormat::kNQuads;
  std::unordered_set<uint64_t> seen;  // a triple stated in two graphs is written once without graphs
  auto emit = [&](librdf_statement* s, librdf_node* ctx) {
    raptor_statement rs;
    raptor_statement_init(&rs, rw);
    rs.subject = librdf_statement_get_subject(s);
    rs.predicate = librdf_statement_get_predicate(s);
    rs.object = librdf_statement_get_object(s);
    rs.graph = quads ? ctx : nullptr;
    if (quads || seen.insert(quadKey(rs.subject, rs.predicate, rs.object, nullptr)).second)
      raptor_serializer_serialize_statement(ser, &rs);
  };
  if (impl_->virtuoso) {
    // Graph by graph: the server holds other graphs too (its own, the manifest).
    std::vector<std::string> graphs = impl_->shared_graphs;
    for (const auto& p : impl_->papers) graphs.push_back(p.graph);
    for (const auto& g : graphs) {
      NodePtr ctx = uriNode(world, g);
      librdf_stream* st = librdf_model_context_as_stream(impl_->store.model, ctx.get());
      while (st && !librdf_stream_end(st)) {
        librdf_statement* s = librdf_stream_get_object(st);
        RdfTerm object = toTerm(librdf_statement_get_object(s));
        std::string stored = object.value;
        restoreVirtuosoLexical(&object);
        if (object.value == stored) {
          emit(s, ctx.get());
        } else {
          librdf_uri* type =
              librdf_new_uri(world.get(), reinterpret_cast<const unsigned char*>(object.datatype.c_str()));
          librdf_statement* fixed = librdf_new_statement_from_nodes(
              world.get(), librdf_new_node_from_node(librdf_statement_get_subject(s)),
              librdf_new_node_from_node(librdf_statement_get_predicate(s)),
              librdf_new_node_from_typed_literal(world.get(), reinterpret_cast<const unsigned char*>(object.value.c_str()),
                                                 nullptr, type));
          librdf_free_uri(type);
          emit(fixed, ctx.get());
          librdf_free_statement(fixed);
        }
        librdf_stream_next(st);
      }
      if (st) librdf_free_stream(st);
    }
  } else {
    librdf_stream* st = librdf_model_as_stream(impl_->store.model);
    while (st && !librdf_stream_end(st)) {
      emit(librdf_stream_get_object(st), librdf_stream_get_context2(st));
      librdf_stream_next(st);
    }
    if (st) librdf_free_stream(st);
  }
  raptor_serializer_serialize_end(ser);
  raptor_free_serializer(ser);
  raptor_free_iostream(io);
  target->flush();
  std::string errors = world.takeErrors();
  if (!target->status.isOk()) return target->status;
  if (!errors.empty()) return Status(StatusCode::kInternal, "exporting the store failed: " + errors);
  return Status::ok();
}

Status resultOverLimit(const QueryLimits& limits, const char* unit) {
  return Status(StatusCode::kUnsupported, "the result is larger than the limit (" + std::to_string(limits.max_rows) +
                                              " " + unit + ", " + std::to_string(limits.max_bytes) + " bytes)" +
                                              (std::string(unit) == "rows" ? "; add a LIMIT" : ""));
}

StatusOr<QueryResult> StoreSnapshot::query(const std::string& sparql, const QueryLimits& limits,
                                          QueryEngine engine) const {
  std::string why_rasqal;  // why the index did not answer
  if (!impl_->virtuoso && engine != QueryEngine::kRasqal) {
    if (const QueryIndex* index = impl_->openedIndex()) {
      auto a = queryIndex(*index, sparql, limits);
      if (!a.isOk()) return a.status();
      if (a->answered) {
        a->result.engine = "index";
        return std::move(a->result);
      }
      why_rasqal = a->declined;
    } else {
      why_rasqal = impl_->index_error;
    }
    if (engine == QueryEngine::kIndex) return unsupported("the query index cannot answer this query: " + why_rasqal);
  }
  if (Status s = impl_->openedStorage(); !s.isOk()) return s;
  World& world = *impl_->world;
  world.takeErrors();
  // Virtuoso answers in its own engine; the embedded store through Rasqal.
  std::string text = impl_->virtuoso ? stripSparqlComments(sparql) : sparql;
  librdf_query* q = librdf_new_query(world.get(), impl_->virtuoso ? "vsparql" : "sparql", nullptr,
                                     reinterpret_cast<const unsigned char*>(text.c_str()), nullptr);
  if (!q) {
    std::string e = world.takeErrors();
    return invalidArgument("SPARQL syntax error: " + (e.empty() ? std::string("the query does not parse") : e));
  }
  librdf_query_results* r = librdf_model_query_execute(impl_->store.model, q);
  if (!r) {
    std::string e = world.takeErrors();
    librdf_free_query(q);
    return invalidArgument("the query failed: " + (e.empty() ? std::string("the SPARQL engine gave no result") : e));
  }
  QueryResult result;
  result.engine = impl_->virtuoso ? "virtuoso" : why_rasqal.empty() ? "rasqal" : "rasqal (" + why_rasqal + ")";
  Status status = Status::ok();
  uint64_t bytes = 0;
  if (librdf_query_results_is_boolean(r)) {
    result.type = QueryResult::Type::kBoolean;
    result.boolean = librdf_query_results_get_boolean(r) > 0;
  } else if (librdf_query_results_is_graph(r)) {
    result.type = QueryResult::Type::kGraph;
    librdf_stream* st = librdf_query_results_as_stream(r);
    raptor_world* rw = world.raptor();
    raptor_serializer* ser = raptor_new_serializer(rw, "ntriples");
    IostreamTarget target;
    target.text = &result.ntriples;
    raptor_iostream* io = targetStream(rw, &target);
    raptor_serializer_start_to_iostream(ser, nullptr, io);
    uint64_t n = 0;
    while (st && !librdf_stream_end(st)) {
      librdf_statement* s = librdf_stream_get_object(st);
      raptor_statement rs;
      raptor_statement_init(&rs, rw);
      rs.subject = librdf_statement_get_subject(s);
      rs.predicate = librdf_statement_get_predicate(s);
      rs.object = librdf_statement_get_object(s);
      raptor_serializer_serialize_statement(ser, &rs);
      if (limits.exceeded(++n, result.ntriples.size())) {
        status = resultOverLimit(limits, "triples");
        break;
      }
      librdf_stream_next(st);
    }
    raptor_serializer_serialize_end(ser);
    raptor_free_serializer(ser);
    raptor_free_iostream(io);
    if (st) librdf_free_stream(st);
  } else if (librdf_query_results_is_bindings(r)) {
    int count = librdf_query_results_get_bindings_count(r);
    for (int i = 0; i < count; ++i) result.vars.push_back(librdf_query_results_get_binding_name(r, i));
    while (!librdf_query_results_finished(r)) {
      std::vector<RdfTerm> row;
      for (int i = 0; i < count; ++i) {
        librdf_node* n = librdf_query_results_get_binding_value(r, i);
        row.push_back(toTerm(n));
        if (impl_->virtuoso) restoreVirtuosoLexical(&row.back());
        bytes += transportBytes(row.back());
        if (n) librdf_free_node(n);
      }
      result.rows.push_back(std::move(row));
      if (limits.exceeded(result.rows.size(), bytes)) {
        status = resultOverLimit(limits, "rows");
        break;
      }
      if (librdf_query_results_next(r)) break;
    }
  } else {
    status = unsupported("the query gave a kind of result papergraph does not handle");
  }
  librdf_free_query_results(r);
  librdf_free_query(q);
  std::string e = world.takeErrors();
  if (!status.isOk()) return status;
  if (!e.empty()) return invalidArgument("the query failed: " + e);
  return result;
}

}  // namespace papergraph
