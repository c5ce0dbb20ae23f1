// The query runner: results in every format, ASK and CONSTRUCT, the guard
// in front, syntax errors reported, a time limit that stops a runaway
// query, a row limit, and an engine crash that costs only the child.
#include "store/query_runner.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "store/store.hpp"
#include "test_support.hpp"

using namespace papergraph;

namespace {

class QueryRunnerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = (tmp_ / "store").string();
    auto w = StoreWriter::open(dir_);
    ASSERT_TRUE(w.isOk()) << w.status().message();
    for (const char* id : {"a", "b"}) {
      PaperQuads q;
      q.id = id;
      q.graph = "https://w3id.org/papergraph/graph/paper/" + q.id;
      q.nquads = pgtest::readFile(pgtest::sourceDir() / "tests" / "fixtures" / "store" / ("paper-" + q.id + ".nq"));
      q.content_hash = contentHash(q.nquads);
      ASSERT_TRUE((*w)->put(q).isOk());
    }
    // A paper with many facts, for a query that runs long.
    PaperQuads big;
    big.id = "big";
    big.graph = "https://w3id.org/papergraph/graph/paper/big";
    for (int i = 0; i < 400; ++i)
      big.nquads +=
          "<http://x/s" + std::to_string(i) + "> <http://x/p> \"" + std::to_string(i) + "\" <" + big.graph + "> .\n";
    big.content_hash = "1";
    ASSERT_TRUE((*w)->put(big).isOk());
    ASSERT_TRUE((*w)->commit().isOk());
  }
  pgtest::TempDir tmp_;
  std::string dir_;
};

const char* kPapers =
    "PREFIX cito: <http://purl.org/spar/cito/>\nPREFIX dct: <http://purl.org/dc/terms/>\n"
    "SELECT DISTINCT ?paper ?title WHERE { ?paper cito:usesDataFrom ?d ; dct:title ?title } "
    "ORDER BY ?title";

TEST_F(QueryRunnerTest, SelectResultsInEveryFormat) {
  auto r = runQuery(dir_, kPapers, QueryRunLimits{});
  ASSERT_TRUE(r.isOk()) << r.status().message();
  ASSERT_EQ(r->rows.size(), 2u);
  EXPECT_EQ(formatResult(*r, ResultFormat::kTable),
            "paper                                  title\n"
            "-------------------------------------  ----------\n"
            "<https://w3id.org/papergraph/paper/a>  Paper A\n"
            "<https://w3id.org/papergraph/paper/b>  Paper B@en\n"
            "(2 rows)\n");
  EXPECT_EQ(formatResult(*r, ResultFormat::kCsv),
            "paper,title\r\nhttps://w3id.org/papergraph/paper/a,Paper A\r\n"
            "https://w3id.org/papergraph/paper/b,Paper B\r\n");
  EXPECT_EQ(formatResult(*r, ResultFormat::kTsv),
            "?paper\t?title\n<https://w3id.org/papergraph/paper/a>\t\"Paper A\"\n"
            "<https://w3id.org/papergraph/paper/b>\t\"Paper B\"@en\n");
  auto j = nlohmann::json::parse(formatResult(*r, ResultFormat::kJson));
  EXPECT_EQ(j["head"]["vars"], nlohmann::json::array({"paper", "title"}));
  EXPECT_EQ(j["results"]["bindings"][1]["title"]["xml:lang"], "en");
  std::string xml = formatResult(*r, ResultFormat::kXml);
  EXPECT_NE(xml.find("<binding name=\"title\"><literal xml:lang=\"en\">Paper B</literal></binding>"), std::string::npos)
      << xml;
}

TEST_F(QueryRunnerTest, AskAndConstruct) {
  auto ask = runQuery(dir_, "ASK { ?x <http://purl.org/dc/terms/title> \"ImageNet\" }", QueryRunLimits{});
  ASSERT_TRUE(ask.isOk()) << ask.status().message();
  EXPECT_EQ(ask->type, QueryResult::Type::kBoolean);
  EXPECT_TRUE(ask->boolean);
  auto c =
      runQuery(dir_, "CONSTRUCT { ?d <http://x/usedBy> ?p } WHERE { ?p <http://purl.org/spar/cito/usesDataFrom> ?d }",
               QueryRunLimits{});
  ASSERT_TRUE(c.isOk()) << c.status().message();
  EXPECT_EQ(c->type, QueryResult::Type::kGraph);
  EXPECT_NE(c->ntriples.find("<https://w3id.org/papergraph/dataset/imagenet> <http://x/usedBy> "
                             "<https://w3id.org/papergraph/paper/b> ."),
            std::string::npos)
      << c->ntriples;
}

TEST_F(QueryRunnerTest, RefusedConstructsNeverReachTheEngine) {
  auto r = runQuery(dir_, "SELECT ?s WHERE { ?s ?p ?o VALUES ?s { <http://x/s1> } }", QueryRunLimits{});
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(r.status().message().find("VALUES is refused"), std::string::npos);
}

TEST_F(QueryRunnerTest, SyntaxErrorsAreReported) {
  auto r = runQuery(dir_, "SELECT ?s WHERE { ?s ?p }", QueryRunLimits{});
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << r.status().message();
  EXPECT_NE(r.status().message().find("syntax"), std::string::npos) << r.status().message();
}

TEST_F(QueryRunnerTest, ARunawayQueryIsStoppedAtTheTimeLimit) {
  QueryRunLimits limits;
  limits.timeout_seconds = 0.5;
  auto start = std::chrono::steady_clock::now();
  auto r = runQuery(dir_, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }", limits);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(r.isOk());
  EXPECT_EQ(r.status().code(), StatusCode::kTimeout);
  EXPECT_NE(r.status().message().find("ran longer than 0.5 s"), std::string::npos) << r.status().message();
  EXPECT_LT(s, 3.0);
}

TEST_F(QueryRunnerTest, ResultsOverTheRowLimitAreAnErrorNotACut) {
  QueryRunLimits limits;
  limits.result.max_rows = 10;
  auto r = runQuery(dir_, "SELECT ?s WHERE { ?s <http://x/p> ?o }", limits);
  ASSERT_FALSE(r.isOk());
  EXPECT_NE(r.status().message().find("larger than the limit (10 rows"), std::string::npos) << r.status().message();
  limits.result.max_rows = 1000;
  EXPECT_TRUE(runQuery(dir_, "SELECT ?s WHERE { ?s <http://x/p> ?o }", limits).isOk());
}

TEST_F(QueryRunnerTest, AnEngineCrashCostsOnlyTheChild) {
  // VALUES after a pattern that matches its values segfaults Rasqal 0.9.33
  // (STACK.md); unguarded here on purpose, on a store where it was seen to.
  std::string crash_dir = (tmp_ / "crash").string();
  {
    auto w = StoreWriter::open(crash_dir);
    ASSERT_TRUE(w.isOk());
    PaperQuads q;
    q.id = "n";
    q.graph = "http://g/n";
    for (int i = 0; i < 50; ++i)
      q.nquads += "<http://x/s" + std::to_string(i) + "> <http://x/p> \"" + std::to_string(i) + "\" <http://g/n> .\n";
    ASSERT_TRUE((*w)->put(q).isOk());
    ASSERT_TRUE((*w)->commit().isOk());
  }
  // Whether Rasqal faults depends on its heap: try the constructs known to
  // crash or corrupt (each in its own child).
  const char* faulty[] = {"SELECT ?s ?o WHERE { ?s ?p ?o . VALUES ?o { \"1\" \"2\" } }",
                          "SELECT ?s WHERE { ?s ?p ?o . VALUES ?s { <http://x/s1> <http://x/s2> } }",
                          "SELECT ?s ?o WHERE { ?s <http://x/p> ?o . VALUES ?o { \"1\" \"2\" } }",
                          "SELECT (CONCAT(STR(?o), \"!\") AS ?x) WHERE { ?s ?p ?o } LIMIT 3"};
  Status fault = Status::ok();
  for (const char* q : faulty) {
    auto r = runQueryUnguarded(crash_dir, q, QueryRunLimits{});
    if (!r.isOk() && r.status().code() == StatusCode::kInternal) {
      fault = r.status();
      break;
    }
  }
  if (fault.isOk()) GTEST_SKIP() << "Rasqal did not fault on any of the known-bad constructs this time";
  EXPECT_TRUE(fault.message().find("crashed") != std::string::npos ||
              fault.message().find("not UTF-8") != std::string::npos)
      << fault.message();
  // And this process goes on answering.
  EXPECT_TRUE(runQuery(dir_, kPapers, QueryRunLimits{}).isOk());
}

// A query without GRAPH runs on the store opened without its named-graph
// index; it must see the same statements as one that asks for the graphs.
TEST_F(QueryRunnerTest, QueriesWithAndWithoutGraphsSeeTheSameStatements) {
  auto plain = runQuery(dir_, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", QueryRunLimits{});
  auto graphs = runQuery(dir_, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", QueryRunLimits{});
  ASSERT_TRUE(plain.isOk()) << plain.status().message();
  ASSERT_TRUE(graphs.isOk()) << graphs.status().message();
  ASSERT_EQ(plain->rows.size(), 1u);
  ASSERT_EQ(graphs->rows.size(), 1u);
  EXPECT_GT(std::stoi(plain->rows[0][0].value), 400);
  EXPECT_EQ(plain->rows[0][0].value, graphs->rows[0][0].value);
  auto named = runQuery(dir_,
                        "SELECT ?g WHERE { GRAPH ?g { ?p <http://purl.org/dc/terms/title> \"Paper A\" } }",
                        QueryRunLimits{});
  ASSERT_TRUE(named.isOk()) << named.status().message();
  ASSERT_EQ(named->rows.size(), 1u);
  EXPECT_EQ(named->rows[0][0].value, "https://w3id.org/papergraph/graph/paper/a");
  auto titles = runQuery(dir_, kPapers, QueryRunLimits{});
  ASSERT_TRUE(titles.isOk()) << titles.status().message();
  EXPECT_EQ(titles->rows.size(), 2u);
}

TEST_F(QueryRunnerTest, AMissingStoreIsNotFound) {
  auto r = runQuery((tmp_ / "nothing").string(), kPapers, QueryRunLimits{});
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound) << r.status().message();
}

}  // namespace
