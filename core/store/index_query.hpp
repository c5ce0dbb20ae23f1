// Answering SPARQL from a generation's query index (store/index.hpp)
// instead of Rasqal's engine.
//
// Rasqal 0.9.33 joins triple patterns as nested loops over librdf streams
// (tens of microseconds per row) and sorts and de-duplicates in unbalanced
// trees; on a 10k-paper store the example questions that count or pair
// uses took 5-17 s. This evaluator reads the same query (parsed by Rasqal's
// own parser, so syntax and prefixes mean the same) and answers the common
// shape of analytical questions directly from the sorted id triples:
//
//   SELECT [DISTINCT] ?v ... (COUNT([DISTINCT] ?v | STR(?v) | *) AS ?n) ...
//   WHERE  { triple patterns, FILTERs, nested groups, UNIONs }
//   [GROUP BY ?v ...] [ORDER BY [ASC|DESC](?v) ...] [LIMIT n] [OFFSET n]
//
// with FILTERs built from = != < > <= >=, && || !, STR, BOUND, isIRI,
// isBlank, isLiteral, variables and constants. Patterns are joined in an
// order chosen from the index's own counts, filters run as soon as their
// variables are bound, groups and DISTINCT counts are hashed and sorted.
//
// Anything else (OPTIONAL, GRAPH, FROM, sub-queries, other functions or
// aggregates, HAVING, ASK/CONSTRUCT, SELECT *, comparisons or an ORDER BY
// over literal types whose order this code does not define) is declined
// with the reason, and the caller runs the query in Rasqal as before. The
// answers follow SPARQL 1.1's semantics; tests compare them with Rasqal's.
#pragma once

#include <string>

#include "papergraph/status.hpp"
#include "store/index.hpp"
#include "store/store.hpp"

namespace papergraph {

struct IndexAnswer {
  bool answered = false;
  std::string declined;  // why not, when !answered
  QueryResult result;
};

// Evaluates `sparql` over `index`. An error (a result over `limits`) is a
// Status; a query outside the subset is an IndexAnswer with answered false.
StatusOr<IndexAnswer> queryIndex(const QueryIndex& index, const std::string& sparql, const QueryLimits& limits);

}  // namespace papergraph
