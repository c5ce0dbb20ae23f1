// The query index file: terms and triples round-trip, ids follow term
// order, every kind of pattern finds exactly the triples a scan finds, a
// damaged file is refused with its name and the problem, and a store's
// generations carry one (an older generation gets one when a writer opens
// the store).
#include "store/index.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <tuple>

#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace papergraph;

namespace {

RdfTerm iri(const std::string& v) { return {RdfTerm::Kind::kIri, v, "", ""}; }
RdfTerm lit(const std::string& v, const std::string& lang = "", const std::string& dt = "") {
  return {RdfTerm::Kind::kLiteral, v, lang, dt};
}
RdfTerm blank(const std::string& v) { return {RdfTerm::Kind::kBlank, v, "", ""}; }

bool sameTerm(const RdfTerm& a, const RdfTerm& b) {
  return a.kind == b.kind && a.value == b.value && a.lang == b.lang && a.datatype == b.datatype;
}

TEST(QueryIndexFile, TermsRoundTripInTermOrderAndDuplicatesAreDropped) {
  pgtest::TempDir tmp;
  std::string path = (tmp / "index.pgx").string();
  std::vector<RdfTerm> terms = {iri("http://x/b"),
                                iri("http://x/a"),
                                lit("CIFAR-10"),
                                lit("CIFAR-10", "en"),
                                lit("2009", "", "http://www.w3.org/2001/XMLSchema#gYear"),
                                lit(std::string("nul\0inside", 10)),
                                blank("b0"),
                                lit("")};
  IndexBuilder b;
  for (const RdfTerm& t : terms) b.add(iri("http://x/s"), iri("http://x/p"), t);
  b.add(iri("http://x/s"), iri("http://x/p"), lit("CIFAR-10"));  // a duplicate triple
  ASSERT_TRUE(b.write(path).isOk());
  auto ix = QueryIndex::open(path);
  ASSERT_TRUE(ix.isOk()) << ix.status().message();
  EXPECT_EQ((*ix)->tripleCount(), terms.size());
  EXPECT_EQ((*ix)->termCount(), terms.size() + 2);  // + subject and predicate
  for (const RdfTerm& t : terms) {
    uint32_t id = (*ix)->find(t);
    ASSERT_NE(id, QueryIndex::kNone) << t.value;
    EXPECT_TRUE(sameTerm((*ix)->term(id).toTerm(), t)) << t.value;
  }
  EXPECT_EQ((*ix)->find(lit("CIFAR-10", "de")), QueryIndex::kNone);
  EXPECT_EQ((*ix)->find(iri("CIFAR-10")), QueryIndex::kNone) << "kinds differ";
  // Blank nodes, then IRIs, then literals; IRIs by their strings.
  EXPECT_LT((*ix)->find(blank("b0")), (*ix)->find(iri("http://x/a")));
  EXPECT_LT((*ix)->find(iri("http://x/a")), (*ix)->find(iri("http://x/b")));
  EXPECT_LT((*ix)->find(iri("http://x/s")), (*ix)->find(lit("")));
}

TEST(QueryIndexFile, EveryPatternFindsWhatAScanFinds) {
  pgtest::TempDir tmp;
  std::string path = (tmp / "index.pgx").string();
  std::mt19937 rng(7);
  auto pick = [&](int n) { return std::to_string(std::uniform_int_distribution<int>(0, n - 1)(rng)); };
  IndexBuilder b;
  std::set<std::tuple<std::string, std::string, std::string>> added;
  for (int i = 0; i < 3000; ++i) {
    std::string s = "http://x/n" + pick(60), p = "http://x/p" + pick(5), o = "http://x/n" + pick(60);
    b.add(iri(s), iri(p), iri(o));
    added.insert({s, p, o});
  }
  ASSERT_TRUE(b.write(path).isOk());
  auto ix = QueryIndex::open(path);
  ASSERT_TRUE(ix.isOk()) << ix.status().message();
  ASSERT_EQ((*ix)->tripleCount(), added.size());
  const QueryIndex& x = **ix;
  for (int probe = 0; probe < 200; ++probe) {
    std::string s = "http://x/n" + pick(60), p = "http://x/p" + pick(5), o = "http://x/n" + pick(60);
    for (int mask = 0; mask < 8; ++mask) {
      bool bs = mask & 1, bp = mask & 2, bo = mask & 4;
      std::set<std::tuple<std::string, std::string, std::string>> want, got;
      for (const auto& t : added)
        if ((!bs || std::get<0>(t) == s) && (!bp || std::get<1>(t) == p) && (!bo || std::get<2>(t) == o))
          want.insert(t);
      QueryIndex::Range r = x.match(bs ? x.find(iri(s)) : QueryIndex::kNone, bp ? x.find(iri(p)) : QueryIndex::kNone,
                                    bo ? x.find(iri(o)) : QueryIndex::kNone);
      for (const IdTriple* t = r.begin; t != r.end; ++t)
        got.insert({std::string(x.term(t->s).value), std::string(x.term(t->p).value), std::string(x.term(t->o).value)});
      ASSERT_EQ(got, want) << "mask " << mask << " " << s << " " << p << " " << o;
      EXPECT_EQ(r.size(), want.size());
    }
  }
}

TEST(QueryIndexFile, ADamagedFileIsRefusedNamingItAndTheProblem) {
  pgtest::TempDir tmp;
  std::string path = (tmp / "index.pgx").string();
  IndexBuilder b;
  b.add(iri("http://x/s"), iri("http://x/p"), lit("o"));
  b.add(iri("http://x/s"), iri("http://x/q"), lit("o2"));
  ASSERT_TRUE(b.write(path).isOk());
  std::string good = pgtest::readFile(path);
  auto writeBytes = [&](const std::string& bytes) { std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes; };
  auto refused = [&](const std::string& what) {
    auto ix = QueryIndex::open(path);
    EXPECT_FALSE(ix.isOk()) << what;
    if (!ix.isOk()) {
      EXPECT_EQ(ix.status().code(), StatusCode::kInvalidArgument) << what;
      EXPECT_NE(ix.status().message().find(path), std::string::npos) << ix.status().message();
      EXPECT_NE(ix.status().message().find("damaged query index"), std::string::npos) << ix.status().message();
    }
  };
  writeBytes(good.substr(0, good.size() - 5));
  refused("truncated");
  writeBytes(std::string(200, 'x'));
  refused("not an index");
  std::string bad_id = good;
  bad_id[bad_id.size() - 4] = '\x7f';  // the last triple's object id, far past the last term
  writeBytes(bad_id);
  refused("an id past the terms");
  writeBytes(good);
  EXPECT_TRUE(QueryIndex::open(path).isOk());
  fs::remove(path);
  EXPECT_EQ(QueryIndex::open(path).status().code(), StatusCode::kNotFound);
}

TEST(QueryIndexFile, EveryGenerationHasOneAndAnOlderStoreGetsOne) {
  pgtest::TempDir tmp;
  std::string d = (tmp / "store").string();
  auto index_of = [&] {
    std::string current = pgtest::readFile(fs::path(d) / "CURRENT");
    current.erase(current.find('\n'));
    return fs::path(d) / current / kIndexFileName;
  };
  {
    auto w = StoreWriter::open(d);
    ASSERT_TRUE(w.isOk()) << w.status().message();
    PaperQuads q;
    q.id = "a";
    q.graph = "http://x/graph/a";
    q.nquads = "<http://x/a> <http://purl.org/dc/terms/title> \"A\" <http://x/graph/a> .\n";
    q.content_hash = "1";
    ASSERT_TRUE((*w)->put(q).isOk());
    ASSERT_TRUE((*w)->commit().isOk());
  }
  ASSERT_TRUE(fs::exists(index_of()));
  auto ix = QueryIndex::open(index_of().string());
  ASSERT_TRUE(ix.isOk()) << ix.status().message();
  EXPECT_EQ((*ix)->tripleCount(), 1u);
  ix->reset();
  fs::remove(index_of());  // as a store written before the index existed
  auto s = StoreSnapshot::open(d);
  ASSERT_TRUE(s.isOk());
  auto r = (*s)->query("SELECT ?t WHERE { ?x <http://purl.org/dc/terms/title> ?t }", QueryLimits{});
  ASSERT_TRUE(r.isOk()) << r.status().message();
  EXPECT_EQ(r->rows.size(), 1u);
  EXPECT_NE(r->engine.find("rasqal (this generation has no query index"), std::string::npos) << r->engine;
  ASSERT_TRUE(StoreWriter::open(d).isOk());
  EXPECT_TRUE(fs::exists(index_of())) << "a writer opening the store adds the missing index";
}

}  // namespace
