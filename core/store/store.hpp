// The persistent store: Redland's Berkeley-DB `hashes` storage, one named
// graph per paper, published as copy-on-write generations.
//
// A store folder holds FORMAT, CURRENT (the name of the published
// generation) and gen-NNNNNN/ folders, each a complete Redland store plus a
// manifest of the papers in it. Redland's BDB storage has no transactions
// and a process killed while writing can leave its files torn, so a
// published generation is never written again: a writer copies it, changes
// the copy, flushes it and switches CURRENT by an atomic rename. A killed
// writer leaves CURRENT on the last whole generation (every paper fully in
// or fully out); readers open the generation CURRENT names and see it whole
// however long they run. librdf stays out of this header.
//
// The same classes also take a Virtuoso server instead of a folder (Redland's
// `virtuoso` storage over ODBC): a location "virtuoso:dsn=NAME,..." (see
// parseVirtuosoLocation). Virtuoso is transactional, so there a writer's
// changes are one transaction committed at commit() (a killed writer's
// transaction is rolled back by the server), the manifest is kept in the
// server in its own graph, and queries run in Virtuoso's SPARQL engine.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/atomic_file.hpp"
#include "papergraph/status.hpp"

namespace papergraph {

// One paper as the store takes it: its facts as N-Quads text. Quads in
// `graph` (and triples with no graph) belong to the paper alone and are
// replaced with it; quads in any other graph are shared facts (about
// datasets, tasks, references) that stay while at least one paper states
// them.
struct PaperQuads {
  std::string id;            // the paper id
  std::string graph;         // the paper's named graph IRI
  std::string content_hash;  // what the facts were made from; equal hash = unchanged
  std::string source;        // where the paper was read (informational)
  std::string nquads;        // N-Quads (or N-Triples) text
};

// A paper in a published generation.
struct StoredPaper {
  std::string id, graph, content_hash, source;
  uint64_t triples = 0;  // quads in the paper's own graph
};

// The store format this code writes and reads; newer stores are refused.
inline constexpr const char* kStoreFormat = "papergraph-store/1";
inline constexpr int kStoreFormatVersion = 1;

// See StoreWriter::setRebuildAbove. Measured on a 10k-paper store (1.25M
// statements): deleting cost ~7 s a paper of ~125 statements, rewriting
// the store ~25 s; both grow with the store, so the crossing point stays
// at a few hundred statements.
inline constexpr uint64_t kRebuildAboveStatements = 500;

// Adds, replaces and removes papers, then publishes them. Only one writer
// per store at a time (an advisory lock; a second writer is refused).
// Changes become visible to readers only at commit(); a writer destroyed or
// killed before commit() leaves the store as it was.
class StoreWriter {
 public:
  // Opens (creating when absent) the store folder and takes the write lock.
  // Fails when the folder cannot be created, another process writes it, or
  // its FORMAT is newer than kStoreFormat.
  static StatusOr<std::unique_ptr<StoreWriter>> open(const std::string& dir);
  ~StoreWriter();

  // True when the paper is stored (or pending) with this content hash.
  bool unchanged(const std::string& id, const std::string& content_hash) const;
  // The paper as stored or pending, if any.
  const StoredPaper* find(const std::string& id) const;
  // Adds the paper, replacing its earlier facts. Fails (leaving the pending
  // generation as it was) when the N-Quads do not parse.
  Status put(const PaperQuads& paper);
  // Removes a paper; notFound when it is not stored.
  Status remove(const std::string& id);
  // Publishes the changes since the last commit as a new generation.
  // Nothing to publish is not an error.
  Status commit();
  // Papers put or removed since the last commit.
  size_t pending() const;
  // A commit that drops more than this many stored statements of replaced
  // or removed papers writes the rest of the store into new files instead
  // of deleting them one by one (kRebuildAboveStatements by default, where
  // the two cost about the same; tests set 0 or a large value).
  void setRebuildAbove(uint64_t statements);
  // Every paper stored or pending, by id.
  std::vector<StoredPaper> papers() const;

  struct Impl;

 private:
  explicit StoreWriter(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// The RDF syntaxes a snapshot exports.
enum class StoreExportFormat { kTurtle, kNTriples, kNQuads, kRdfXml };

// The result of a SPARQL query, in a form that leaves librdf behind.
struct RdfTerm {
  enum class Kind { kUnbound, kIri, kLiteral, kBlank };
  Kind kind = Kind::kUnbound;
  std::string value, lang, datatype;
};
struct QueryResult {
  enum class Type { kBindings, kBoolean, kGraph };
  // Which engine answered: "index" (the generation's query index),
  // "rasqal", followed by why the index did not ("rasqal (OPTIONAL)"), or
  // "virtuoso".
  std::string engine;
  Type type = Type::kBindings;
  std::vector<std::string> vars;           // kBindings
  std::vector<std::vector<RdfTerm>> rows;  // kBindings, one term per var
  bool boolean = false;                    // kBoolean (ASK)
  std::string ntriples;                    // kGraph (CONSTRUCT), as N-Triples
};

// Limits a query runs under (0 = none).
struct QueryLimits {
  uint64_t max_rows = 0;   // rows (or triples); more is an error, not a silent cut
  uint64_t max_bytes = 0;  // bytes of the result as transported
  // Whether `rows` rows (or triples) of `bytes` bytes are over the limits.
  bool exceeded(uint64_t rows, uint64_t bytes) const {
    return (max_rows && rows > max_rows) || (max_bytes && bytes > max_bytes);
  }
};
// What a term of a result row counts towards QueryLimits::max_bytes.
inline uint64_t transportBytes(const RdfTerm& t) { return t.value.size() + t.datatype.size() + 8; }
// The error for a result over `limits`; `unit` is "rows" or "triples".
Status resultOverLimit(const QueryLimits& limits, const char* unit);

// Which engine answers a query on the embedded store. kAuto: the
// generation's query index (store/index_query.hpp) when it can answer the
// query, Rasqal otherwise. kIndex: the index or an error saying why not.
// kRasqal: always Rasqal. Virtuoso stores use Virtuoso's engine whatever
// is asked.
enum class QueryEngine { kAuto, kIndex, kRasqal };

struct IostreamTarget;  // where an export's bytes go (store.cpp)

// A published generation opened read-only. Stays whole while open, even
// when writers publish newer generations.
class StoreSnapshot {
 public:
  // Opens the generation CURRENT names. notFound when there is no store.
  // Without `read_papers` the manifest is not read and papers() is empty:
  // a query needs only the graph, and the manifest of a large store takes
  // longer to parse than most queries take to run. Without `named_graphs`
  // the embedded store is opened without its index of named graphs: the
  // facts are all there (export writes them without graphs), but queries
  // see no named graphs, so GRAPH patterns match nothing. Rasqal is then
  // spared listing every graph (one per paper) before each query, which
  // costs ~0.2-0.5 s on a 10k-paper store; queries that say GRAPH or FROM
  // NAMED need them (sparqlUsesNamedGraphs). Virtuoso ignores it.
  static StatusOr<std::unique_ptr<StoreSnapshot>> open(const std::string& dir, bool read_papers = true,
                                                       bool named_graphs = true);
  ~StoreSnapshot();

  // The papers in this generation (empty when opened without read_papers).
  const std::vector<StoredPaper>& papers() const;
  // The generation's folder name ("gen-000003").
  const std::string& generation() const;
  // Serialises every stored fact. N-Quads keeps the named graphs; the other
  // syntaxes write each triple once.
  Status exportRdf(StoreExportFormat format, std::string* out) const;
  // The same, handed to `sink` in chunks of about 64 KiB as it is made:
  // the export is never held whole. The first error the sink returns stops
  // the export and is returned.
  Status exportRdf(StoreExportFormat format, const ChunkSink& sink) const;
  // Runs a SPARQL query in this process, unguarded: callers run user
  // queries through runQuery (query_runner.hpp), which guards them.
  StatusOr<QueryResult> query(const std::string& sparql, const QueryLimits& limits,
                              QueryEngine engine = QueryEngine::kAuto) const;

  struct Impl;

 private:
  Status exportTo(StoreExportFormat format, IostreamTarget* target) const;
  explicit StoreSnapshot(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// A Virtuoso server as a store: "virtuoso:" followed by comma-separated
// key=value settings: dsn (required: an ODBC data source whose Driver is
// Virtuoso's virtodbc.so), host (HOST:PORT, overriding the DSN's address),
// user (default dba), password (default: the environment variable
// PAPERGRAPH_VIRTUOSO_PASSWORD), database. Values may not hold ',' or '\''.
struct VirtuosoLocation {
  std::string dsn, host, user = "dba", password, database;
};
// True when `location` names a Virtuoso store (starts with "virtuoso:").
bool isVirtuosoLocation(const std::string& location);
// Parses a "virtuoso:..." location; invalidArgument names what is wrong.
StatusOr<VirtuosoLocation> parseVirtuosoLocation(const std::string& location);

// A content hash of bytes (128 bits, hex): enough to tell whether a paper
// changed, not a cryptographic digest.
std::string contentHash(std::string_view bytes);

}  // namespace papergraph
