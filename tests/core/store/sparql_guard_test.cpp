// The SPARQL guard: every construct known to break Rasqal 0.9.33 is refused
// with a message naming it and where it is; the same words inside strings,
// IRIs, comments, variables and prefixed names are not constructs; ordinary
// queries (arithmetic, SELECT *, COUNT(*), comparisons) pass.
#include "store/sparql_guard.hpp"

#include <gtest/gtest.h>

using papergraph::checkSparql;

namespace {

const char* kPrefixes =
    "PREFIX pg: <https://w3id.org/papergraph/ontology#>\n"
    "PREFIX dct: <http://purl.org/dc/terms/>\n";

void expectRefused(const std::string& body, const std::string& construct) {
  auto v = checkSparql(std::string(kPrefixes) + body);
  EXPECT_FALSE(v.ok) << body;
  EXPECT_EQ(v.construct, construct) << body;
  EXPECT_NE(v.message.find(construct + " is refused"), std::string::npos) << v.message;
  EXPECT_NE(v.message.find("line "), std::string::npos) << v.message;
}

void expectAccepted(const std::string& body) {
  auto v = checkSparql(std::string(kPrefixes) + body);
  EXPECT_TRUE(v.ok) << body << "\n" << v.message;
}

TEST(SparqlGuard, RefusesPropertyPaths) {
  expectRefused("SELECT ?p WHERE { ?p pg:usesDataFrom/dct:title ?t }", "property path '/'");
  expectRefused("SELECT ?p WHERE { ?p pg:a|pg:b ?t }", "property path '|'");
  expectRefused("SELECT ?p WHERE { ?d ^pg:usesDataFrom ?p }", "property path '^'");
  expectRefused("SELECT ?d WHERE { ?d dct:isVersionOf+ ?root }", "property path '+'");
  expectRefused("SELECT ?d WHERE { ?d dct:isVersionOf* ?root }", "property path '*'");
  expectRefused("SELECT ?d WHERE { ?d dct:isVersionOf? ?root }", "property path '?'");
  expectRefused("SELECT ?d WHERE { ?d !dct:title ?x }", "property path '!'");
  expectRefused("SELECT ?d WHERE { ?d (dct:isVersionOf/dct:title) ?x }", "property path '/'");
  expectRefused("SELECT ?d WHERE { ?d a/<http://x/sub> ?x }", "property path '/'");
}

TEST(SparqlGuard, RefusesTheConstructsThatBreakRasqal) {
  expectRefused("SELECT ?p WHERE { ?p ?q ?o FILTER NOT EXISTS { ?p dct:title ?t } }", "EXISTS / NOT EXISTS");
  expectRefused("SELECT ?p WHERE { ?p ?q ?o FILTER exists { ?p dct:title ?t } }", "EXISTS / NOT EXISTS");
  expectRefused("SELECT ?p WHERE { ?p ?q ?o MINUS { ?p dct:title ?t } }", "MINUS");
  expectRefused("DESCRIBE <http://x/a>", "DESCRIBE");
  expectRefused("SELECT ?p WHERE { ?p ?q ?o VALUES ?p { <http://x/a> } }", "VALUES");
  expectRefused("SELECT ?p WHERE { ?p ?q ?o } VALUES ?p { <http://x/a> }", "VALUES");
  expectRefused("SELECT (CONCAT(STR(?n), \"!\") AS ?x) WHERE { ?p ?q ?n }", "CONCAT");
  expectRefused("SELECT (GROUP_CONCAT(?t; SEPARATOR=\", \") AS ?all) WHERE { ?p dct:title ?t }",
                "GROUP_CONCAT separator");
  expectRefused("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", "SERVICE");
}

TEST(SparqlGuard, RefusesEverySparqlUpdateOperation) {
  expectRefused("INSERT DATA { <http://x/a> <http://x/b> 1 }", "INSERT");
  expectRefused("DELETE WHERE { ?s ?p ?o }", "DELETE");
  expectRefused("LOAD <http://x/data.ttl>", "LOAD");
  expectRefused("CLEAR ALL", "CLEAR");
  expectRefused("DROP GRAPH <http://x/g>", "DROP");
  expectRefused("CREATE GRAPH <http://x/g>", "CREATE");
  expectRefused("ADD <http://x/a> TO <http://x/b>", "ADD");
  expectRefused("MOVE <http://x/a> TO <http://x/b>", "MOVE");
  expectRefused("COPY <http://x/a> TO <http://x/b>", "COPY");
  expectRefused("WITH <http://x/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH");
}

TEST(SparqlGuard, NamesTheLineAndColumn) {
  auto v = checkSparql("SELECT ?p\nWHERE {\n  ?p <http://x/a>/<http://x/b> ?t }");
  ASSERT_FALSE(v.ok);
  EXPECT_EQ(v.line, 3u);
  EXPECT_EQ(v.column, 18u);
  EXPECT_EQ(v.message.rfind("line 3, column 18: property path '/' is refused", 0), 0u) << v.message;
}

TEST(SparqlGuard, WordsInStringsIrisCommentsAndNamesAreNotConstructs) {
  expectAccepted("SELECT ?p WHERE { ?p dct:title \"VALUES and MINUS / EXISTS | ^\" }");
  expectAccepted("SELECT ?p WHERE { ?p dct:title 'it''s not CONCAT' }");
  expectAccepted("SELECT ?p WHERE { ?p dct:title \"\"\"long\nDESCRIBE \"quoted\" string\"\"\" }");
  expectAccepted("SELECT ?p WHERE { ?p <http://x/a/b/values?x=1#minus> ?o }");
  expectAccepted("# VALUES in a comment, and a / path a/b\nSELECT ?p WHERE { ?p ?q ?o } # MINUS");
  expectAccepted("SELECT ?values ?minus WHERE { ?values pg:exists ?minus . ?minus pg:VALUES ?x }");
  expectAccepted("SELECT ?p WHERE { ?p dct:title ?t FILTER(lang(?t) = \"en\") } ");
  expectAccepted("SELECT ?p WHERE { ?p dct:title \"x\"^^<http://www.w3.org/2001/XMLSchema#string> }");
}

TEST(SparqlGuard, TellsWhetherAQueryNamesGraphs) {
  EXPECT_TRUE(papergraph::sparqlUsesNamedGraphs("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"));
  EXPECT_TRUE(papergraph::sparqlUsesNamedGraphs("select ?s where { graph <http://x/g> { ?s ?p ?o } }"));
  EXPECT_TRUE(papergraph::sparqlUsesNamedGraphs("SELECT ?s FROM NAMED <http://x/g> WHERE { ?s ?p ?o }"));
  EXPECT_FALSE(papergraph::sparqlUsesNamedGraphs("SELECT ?s WHERE { ?s ?p ?o }"));
  EXPECT_FALSE(papergraph::sparqlUsesNamedGraphs(
      "# GRAPH in a comment\nSELECT ?graph WHERE { ?graph pg:graph \"GRAPH\" . ?graph <http://x/GRAPH> 'named' }"));
}

TEST(SparqlGuard, OrdinaryQueriesPass) {
  expectAccepted("SELECT * WHERE { ?s ?p ?o } LIMIT 10");
  expectAccepted("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }");
  expectAccepted(
      "SELECT ?d (COUNT(DISTINCT ?p) AS ?papers) WHERE { ?p pg:usesDataFrom ?d } GROUP BY ?d "
      "HAVING (COUNT(DISTINCT ?p) > 1) ORDER BY DESC(?papers) LIMIT 5");
  expectAccepted("SELECT ?x WHERE { ?x pg:confidence ?c FILTER(?c * 2 > 1 && ?c / 2 < 1 || ?c + 1 >= 0) }");
  expectAccepted("SELECT ?x ((?c * 100) AS ?pct) WHERE { ?x pg:confidence ?c FILTER(?c<1) }");
  expectAccepted("SELECT ?x WHERE { ?x a pg:Task OPTIONAL { ?x dct:title ?t } FILTER(!BOUND(?t)) }");
  expectAccepted("SELECT ?x WHERE { { SELECT ?x (COUNT(*) AS ?n) WHERE { ?x ?p ?o } GROUP BY ?x } }");
  expectAccepted("SELECT ?x WHERE { { ?x a pg:Task } UNION { ?x a pg:Dataset } }");
  expectAccepted("ASK { ?x a pg:Task }");
  expectAccepted("CONSTRUCT { ?x a pg:Thing } WHERE { ?x a pg:Task }");
  expectAccepted("SELECT ?x WHERE { ?x pg:n ?n FILTER(?n != -1 && regex(?x, \"^a|b$\", \"i\")) }");
  expectAccepted("SELECT (GROUP_CONCAT(?t) AS ?all) WHERE { ?p dct:title ?t }");
  expectAccepted("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }");
}

}  // namespace
