// The store's usage aggregates: after any mix of adds, replaces and
// removes (in one commit or many, by one writer or a reopened one), the
// example queries that read them give exactly what the SPARQL aggregates
// over the papers' own facts give.
#include "store/aggregates.hpp"

#include <gtest/gtest.h>

#include <random>
#include <regex>
#include <set>

#include "store/store.hpp"
#include "test_support.hpp"

using namespace papergraph;

namespace {

const std::string kBase = "https://w3id.org/papergraph/";
const std::string kEntities = "<" + kBase + "graph/entities>";

// The aggregate form of each example query: the same answer computed by
// counting at query time (grouped by node and title, which the example
// queries' answers equal).
const std::pair<const char*, const char*> kReferences[] = {
    {"top-datasets.rq",
     "PREFIX cito: <http://purl.org/spar/cito/> PREFIX dcterms: <http://purl.org/dc/terms/> "
     "SELECT ?dataset ?title (COUNT(DISTINCT ?paper) AS ?papers) "
     "WHERE { ?paper cito:usesDataFrom ?dataset . ?dataset dcterms:title ?title . } "
     "GROUP BY ?title ?dataset ORDER BY DESC(?papers) ?title"},
    {"tasks-per-dataset.rq",
     "PREFIX cito: <http://purl.org/spar/cito/> PREFIX dcterms: <http://purl.org/dc/terms/> "
     "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> PREFIX pg: <https://w3id.org/papergraph/ontology#> "
     "SELECT ?dataset ?task (COUNT(DISTINCT ?paper) AS ?papers) "
     "WHERE { ?paper cito:usesDataFrom ?d ; pg:addressesTask ?t . ?d dcterms:title ?dataset . "
     "?t skos:prefLabel ?task . } GROUP BY ?d ?t ?dataset ?task ORDER BY ?dataset DESC(?papers) ?task"},
    {"datasets-used-together.rq",
     "PREFIX cito: <http://purl.org/spar/cito/> PREFIX dcterms: <http://purl.org/dc/terms/> "
     "SELECT ?first ?second (COUNT(DISTINCT ?paper) AS ?papers) "
     "WHERE { ?paper cito:usesDataFrom ?a . ?paper cito:usesDataFrom ?b . ?a dcterms:title ?first . "
     "?b dcterms:title ?second . FILTER(STR(?a) < STR(?b)) } "
     "GROUP BY ?a ?b ?first ?second ORDER BY DESC(?papers) ?first ?second"},
};

// A query's rows as "value|datatype" cells, sorted (ties in the ORDER BY
// may come in any order).
std::multiset<std::string> rows(const StoreSnapshot& s, const std::string& sparql) {
  auto r = s.query(sparql, QueryLimits{});
  EXPECT_TRUE(r.isOk()) << r.status().message() << "\n" << sparql;
  std::multiset<std::string> out;
  if (!r.isOk()) return out;
  for (const auto& row : r->rows) {
    std::string line;
    for (const auto& t : row) line += t.value + "^" + t.datatype + "|";
    out.insert(line);
  }
  return out;
}

// Checks every example query that reads the aggregates against its
// aggregate form, on the published store. With no papers, the example
// queries must answer nothing (Rasqal answers a GROUP BY over nothing
// with one row of unbound groups, so the forms are not compared then).
void expectAggregatesMatch(const std::string& dir, const std::string& when, bool empty = false) {
  auto s = StoreSnapshot::open(dir, false);
  ASSERT_TRUE(s.isOk()) << s.status().message();
  for (const auto& [file, reference] : kReferences) {
    std::string example = pgtest::readFile(pgtest::sourceDir() / "examples" / "queries" / file);
    example = std::regex_replace(example, std::regex("\nLIMIT [0-9]+"), "\n");  // compare every row
    if (empty) {
      EXPECT_TRUE(rows(**s, example).empty()) << when << ": " << file;
      continue;
    }
    auto want = rows(**s, reference);
    EXPECT_EQ(rows(**s, example), want) << when << ": " << file;
    EXPECT_FALSE(want.empty()) << when << ": " << file;
  }
}

// A paper using some of 7 datasets and addressing some of 4 tasks; one
// dataset in two of its subjects' statements, some uses stated in the
// shared graph too (as facts another paper may also state).
PaperQuads randomPaper(const std::string& id, std::mt19937& rng) {
  PaperQuads q;
  q.id = id;
  q.graph = kBase + "graph/paper/" + id;
  std::string paper = "<" + kBase + "paper/" + id + ">";
  std::string g = "<" + q.graph + ">";
  q.nquads = paper + " <http://purl.org/dc/terms/title> \"Paper " + id + "\" " + g + " .\n";
  for (int d = 0; d < 7; ++d) {
    std::string ds = "<" + kBase + "dataset/d" + std::to_string(d) + ">";
    q.nquads += ds + " <http://purl.org/dc/terms/title> \"Dataset " + std::to_string(d % 6) + "\" " + kEntities + " .\n";
    if (rng() % 3 == 0) q.nquads += paper + " <http://purl.org/spar/cito/usesDataFrom> " + ds + " " + g + " .\n";
    if (rng() % 11 == 0)
      q.nquads += "<" + kBase + "paper/shared" + std::to_string(d % 2) + "> <http://purl.org/spar/cito/usesDataFrom> " +
                  ds + " " + kEntities + " .\n";
  }
  for (int t = 0; t < 4; ++t) {
    std::string task = "<" + kBase + "task/t" + std::to_string(t) + ">";
    q.nquads += task + " <http://www.w3.org/2004/02/skos/core#prefLabel> \"Task " + std::to_string(t) + "\" " +
                kEntities + " .\n";
    if (rng() % 2 == 0) q.nquads += paper + " <https://w3id.org/papergraph/ontology#addressesTask> " + task + " " + g + " .\n";
  }
  q.content_hash = contentHash(q.nquads);
  q.source = id + ".md";
  return q;
}

TEST(Aggregates, ExampleQueriesEqualTheAggregatesOverTheFactsThroughAddsReplacesAndRemoves) {
  pgtest::TempDir dir;
  std::string d = (dir / "store").string();
  std::mt19937 rng(7);
  {
    auto w = StoreWriter::open(d);
    ASSERT_TRUE(w.isOk()) << w.status().message();
    for (int i = 0; i < 30; ++i) ASSERT_TRUE((*w)->put(randomPaper("p" + std::to_string(i), rng)).isOk());
    ASSERT_TRUE((*w)->commit().isOk());
    expectAggregatesMatch(d, "after the first build");
    // Replaces and removes in one commit, a paper removed and put again.
    for (int i = 0; i < 30; i += 3) ASSERT_TRUE((*w)->put(randomPaper("p" + std::to_string(i), rng)).isOk());
    for (int i = 1; i < 30; i += 4) ASSERT_TRUE((*w)->remove("p" + std::to_string(i)).isOk());
    ASSERT_TRUE((*w)->put(randomPaper("p1", rng)).isOk());
    ASSERT_TRUE((*w)->commit().isOk());
    expectAggregatesMatch(d, "after replaces and removes");
  }
  // A new writer reads the counts back from the store and keeps them.
  for (int round = 0; round < 3; ++round) {
    auto w = StoreWriter::open(d);
    ASSERT_TRUE(w.isOk()) << w.status().message();
    for (int i = 0; i < 40; i += 2 + round) {
      std::string id = "p" + std::to_string(i);
      if (rng() % 4 == 0 && (*w)->find(id))
        ASSERT_TRUE((*w)->remove(id).isOk());
      else
        ASSERT_TRUE((*w)->put(randomPaper(id, rng)).isOk());
    }
    ASSERT_TRUE((*w)->commit().isOk());
    expectAggregatesMatch(d, "after reopening, round " + std::to_string(round));
  }
  // Removing every paper leaves no counts.
  auto w = StoreWriter::open(d);
  ASSERT_TRUE(w.isOk());
  for (const auto& p : (*w)->papers()) ASSERT_TRUE((*w)->remove(p.id).isOk());
  ASSERT_TRUE((*w)->commit().isOk());
  expectAggregatesMatch(d, "after removing every paper", true);
  auto s = StoreSnapshot::open(d, false);
  ASSERT_TRUE(s.isOk());
  EXPECT_TRUE(rows(**s, "SELECT ?n ?c WHERE { ?n <urn:papergraph:store#papers> ?c }").empty());
  EXPECT_TRUE(rows(**s, "SELECT ?n ?c WHERE { ?n <urn:papergraph:store#usedByPapers> ?c }").empty());
}

TEST(Aggregates, CountsAreDistinctSubjectsOverEveryGraph) {
  UsageAggregates a;
  const std::string uses = kUsesDataFrom, task = kAddressesTask;
  // Paper p states "p uses d1" in two graphs: one paper.
  a.count("p", uses, "d1", +1);
  a.count("p", uses, "d1", +1);
  a.count("p", uses, "d0", +1);
  a.count("p", task, "t", +1);
  a.count("q", uses, "d1", +1);
  EXPECT_FALSE(a.count("q", "http://purl.org/dc/terms/title", "x", +1));
  using K = UsageAggregates::Kind;
  std::map<UsageAggregates::Key, int64_t> want = {{{K::kDataset, "d0", ""}, 1},
                                                 {{K::kDataset, "d1", ""}, 2},
                                                 {{K::kDatasetTask, "d0", "t"}, 1},
                                                 {{K::kDatasetTask, "d1", "t"}, 1},
                                                 {{K::kDatasetPair, "d0", "d1"}, 1}};
  EXPECT_EQ(a.counts(), want);
  EXPECT_EQ(a.changes().size(), 5u);
  a.markStored();
  a.count("p", uses, "d1", -1);  // still stated by the other graph
  EXPECT_TRUE(a.changes().empty());
  a.count("p", uses, "d1", -1);
  auto c = a.changes();
  ASSERT_EQ(c.size(), 3u);  // d1 2 -> 1, (d1, t) and (d0, d1) 1 -> 0
  EXPECT_EQ(c[0].key.a, "d1");
  EXPECT_EQ(c[0].stored, 2);
  EXPECT_EQ(c[0].now, 1);
}

}  // namespace
