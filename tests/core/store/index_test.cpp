// The query index file: terms and triples round-trip, ids follow term
// order, every kind of pattern finds exactly the triples a scan finds, a
// damaged file is refused (or a query over its damage declined) with its
// name and the problem, and a store's generations carry one (an older
// generation gets one when a writer opens the store).
#include "store/index.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>
#include <tuple>

#include "store/index_query.hpp"
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

TEST(QueryIndexFile, ADamagedFileIsRefusedOrDeclinedNamingItAndTheProblem) {
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
  {
    // 2^62 more triples than there are: every section offset the count
    // gives is the same modulo 2^64, so only bounding the count finds it.
    std::string wrapped = good;
    uint64_t triples;
    std::memcpy(&triples, wrapped.data() + 24, sizeof triples);
    triples += uint64_t{1} << 62;
    std::memcpy(wrapped.data() + 24, &triples, sizeof triples);
    writeBytes(wrapped);
    refused("a triple count that wraps");
  }
  // Damage inside the terms or triples is found where a query reads it (open
  // reads neither, to stay fast): the query is declined naming the file and
  // the damage, so Rasqal answers instead.
  auto field = [&](size_t at) {  // a uint64 of the header
    uint64_t v;
    std::memcpy(&v, good.data() + at, sizeof v);
    return v;
  };
  const uint64_t offsets_at = field(32), spo_at = field(56);
  auto declined = [&](const std::string& what, const std::string& sparql) {
    auto ix = QueryIndex::open(path);
    ASSERT_TRUE(ix.isOk()) << what << ": " << ix.status().message();
    auto a = queryIndex(**ix, sparql, QueryLimits{});
    ASSERT_TRUE(a.isOk()) << a.status().message();
    EXPECT_FALSE(a->answered) << what;
    EXPECT_NE(a->declined.find(path + ": damaged query index"), std::string::npos) << what << ": " << a->declined;
  };
  std::string bad_id = good;
  bad_id[spo_at + 12 + 8 + 3] = '\x7f';  // (s, q, o2)'s object id, far past the last term
  writeBytes(bad_id);
  declined("an id past the terms", "SELECT ?o WHERE { <http://x/s> <http://x/q> ?o }");
  std::string bad_term = good;
  bad_term[offsets_at + 8 + 7] = '\x7f';  // the second term's offset, past the term bytes
  writeBytes(bad_term);
  declined("a term outside the term bytes", "SELECT ?s ?p ?o WHERE { ?s ?p ?o }");
  auto answersO2 = [&](const std::string& what) {
    auto ix = QueryIndex::open(path);
    ASSERT_TRUE(ix.isOk()) << what;
    auto a = queryIndex(**ix, "SELECT ?o WHERE { <http://x/s> <http://x/q> ?o }", QueryLimits{});
    ASSERT_TRUE(a.isOk() && a->answered) << what;
    ASSERT_EQ(a->result.rows.size(), 1u) << what;
    EXPECT_EQ(a->result.rows[0][0].value, "o2") << what;
  };
  // A damaged run start only costs the search it saved.
  std::string bad_start = good;
  const uint64_t starts_at = field(80);
  bad_start[starts_at + 2 * 8 + 7] = '\x7f';  // where <http://x/s> (id 2, after p and q) leads in spo
  writeBytes(bad_start);
  answersO2("a run start out of range");
  writeBytes(good);
  answersO2("the undamaged file");
  EXPECT_TRUE(QueryIndex::open(path).isOk());
  fs::remove(path);
  EXPECT_EQ(QueryIndex::open(path).status().code(), StatusCode::kNotFound);
}

TEST(QueryIndexFile, EveryGenerationHasOneAndAnOlderStoreGetsOneItReads) {
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
  EXPECT_TRUE(QueryIndex::open(index_of().string()).isOk());
  // An index in a format this build does not read (an older one) is named,
  // Rasqal answers meanwhile, and the next writer replaces it.
  std::string older = pgtest::readFile(index_of());
  older[8] = 1;  // the header's format version
  std::ofstream(index_of(), std::ios::binary | std::ios::trunc) << older;
  auto old = QueryIndex::open(index_of().string());
  ASSERT_FALSE(old.isOk());
  EXPECT_NE(old.status().message().find("format version 1, and this build reads version 2"), std::string::npos)
      << old.status().message();
  ASSERT_TRUE(StoreWriter::open(d).isOk());
  EXPECT_TRUE(QueryIndex::open(index_of().string()).isOk()) << "a writer replaces an index it cannot read";
}

}  // namespace
