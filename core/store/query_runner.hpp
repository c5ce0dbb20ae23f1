// Running a user's SPARQL query safely: the guard refuses what breaks
// Rasqal, then the query runs in a forked child process with a time limit,
// an address-space limit and a result-size limit, and sends its result back
// through a pipe. A query that crashes the engine, corrupts its output or
// runs too long costs the child, never the caller (the CLI or `serve`).
// Results are formatted here too: table, CSV, TSV, SPARQL JSON and XML.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "papergraph/status.hpp"
#include "store/store.hpp"

namespace papergraph {

// Limits of one query run.
struct QueryRunLimits {
  double timeout_seconds = 30;    // wall clock; <= 0: none
  QueryLimits result;             // rows and bytes
  uint64_t max_memory_mb = 4096;  // the child's address space; 0: none
  QueryEngine engine = QueryEngine::kAuto;
};

// Guards, then runs `sparql` against the store's current generation in a
// child process. Fails with kUnsupported (a refused construct, or a result
// over the size limit), kInvalidArgument (a syntax or execution error from
// the engine), kTimeout, kNotFound (no store), or kInternal when the engine
// crashed or returned bytes that are not UTF-8.
StatusOr<QueryResult> runQuery(const std::string& store_dir, const std::string& sparql, const QueryRunLimits& limits);

// runQuery without the guard, for tests proving that a query crashing the
// engine costs only the child. Never for a user's query.
StatusOr<QueryResult> runQueryUnguarded(const std::string& store_dir, const std::string& sparql,
                                        const QueryRunLimits& limits);

// How results are written.
enum class ResultFormat { kTable, kCsv, kTsv, kJson, kXml };

// "table", "csv", "tsv", "json", "xml" -> format; nullopt otherwise.
std::optional<ResultFormat> resultFormatFromName(std::string_view name);

// Writes a result: an aligned table (IRIs shortened with the usual
// prefixes), SPARQL 1.1 CSV / TSV, SPARQL results JSON or XML. A CONSTRUCT
// result is N-Triples in every format.
std::string formatResult(const QueryResult& result, ResultFormat format);

// SPARQL results JSON (the JSON format); a CONSTRUCT result is
// {"ntriples": "..."}. Throws nlohmann's type_error on bytes that are not
// UTF-8 (runQuery's results are checked before they leave the child).
std::string resultToJson(const QueryResult& result);

}  // namespace papergraph
