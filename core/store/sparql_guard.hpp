// The SPARQL guard: refuses, before Rasqal 0.9.33 sees a query, the
// constructs measured to crash it, corrupt memory or give wrong answers
// (STACK.md). It reads tokens (strings, IRIs and comments are skipped whole,
// so a keyword inside a literal is not a construct), not raw text.
#pragma once

#include <string>
#include <string_view>

#include "papergraph/status.hpp"

namespace papergraph {

// What the guard found.
struct GuardVerdict {
  bool ok = true;
  std::string construct;        // the refused construct ("property path '/'", "VALUES", ...)
  size_t line = 0, column = 0;  // where (1-based), when !ok
  std::string message;          // "line 3, column 14: ... (why and what to write instead)"
};

// Checks a query. Refused: property paths, EXISTS / NOT EXISTS, MINUS,
// DESCRIBE, VALUES, CONCAT, GROUP_CONCAT's separator, SERVICE and every
// SPARQL Update operation (the store is read-only to queries).
GuardVerdict checkSparql(std::string_view query);

// checkSparql as a Status: kUnsupported carrying the message.
Status guardSparql(std::string_view query);

// True when the query names graphs: the keyword GRAPH or NAMED outside
// strings, IRIs and comments. A query without them reads only the default
// graph (every stored triple), so the store can be opened without its
// named-graph index (see StoreSnapshot::open).
bool sparqlUsesNamedGraphs(std::string_view query);

// The query with its comments blanked out (strings and IRIs kept whole).
// Redland's Virtuoso query tokenises the raw text for its first SELECT /
// ASK / CONSTRUCT / DESCRIBE word, so a comment saying "ask" would make a
// SELECT an ASK.
std::string stripSparqlComments(std::string_view query);

}  // namespace papergraph
