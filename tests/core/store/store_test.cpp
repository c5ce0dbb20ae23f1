// The store: papers added, replaced and removed through generations (many
// replacements at once rewrite the store, to the same facts); shared facts
// stay while a paper states them; uncommitted work is
// invisible and cleaned up; an open snapshot stays whole while a writer
// publishes; one writer at a time; bad input and newer formats refused.
// Queries here go through runQuery (a child process), as users' do.
#include "store/store.hpp"

#include <gtest/gtest.h>

#include <redland.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "store/query_runner.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using namespace papergraph;

namespace {

const std::string kBase = "https://w3id.org/papergraph/";

PaperQuads fixture(const std::string& id, const std::string& file, const std::string& hash = "") {
  PaperQuads q;
  q.id = id;
  q.graph = kBase + "graph/paper/" + id;
  q.nquads = pgtest::readFile(pgtest::sourceDir() / "tests" / "fixtures" / "store" / file);
  q.content_hash = hash.empty() ? contentHash(q.nquads) : hash;
  q.source = file;
  return q;
}

// The values of the single variable of a query, sorted.
std::multiset<std::string> column(const std::string& dir, const std::string& sparql) {
  auto r = runQuery(dir, sparql, QueryRunLimits{});
  EXPECT_TRUE(r.isOk()) << r.status().message();
  std::multiset<std::string> out;
  if (!r.isOk()) return out;
  for (const auto& row : r->rows) out.insert(row.at(0).value);
  return out;
}

// A store at d holding papers a and b, published; its writer stays open.
std::unique_ptr<StoreWriter> storeWithAAndB(const std::string& d) {
  auto w = StoreWriter::open(d);
  EXPECT_TRUE(w.isOk()) << w.status().message();
  if (!w.isOk()) return nullptr;
  EXPECT_TRUE((*w)->put(fixture("a", "paper-a.nq")).isOk());
  EXPECT_TRUE((*w)->put(fixture("b", "paper-b.nq")).isOk());
  EXPECT_TRUE((*w)->commit().isOk());
  return std::move(*w);
}

const char* kTitles = "SELECT ?t WHERE { ?x <http://purl.org/dc/terms/title> ?t }";

TEST(Store, AddsPapersAndPublishesThemAtCommit) {
  pgtest::TempDir dir;
  std::string d = (dir / "store").string();
  auto w = StoreWriter::open(d);
  ASSERT_TRUE(w.isOk()) << w.status().message();
  ASSERT_TRUE((*w)->put(fixture("a", "paper-a.nq")).isOk());
  EXPECT_EQ((*w)->pending(), 1u);
  EXPECT_EQ(StoreSnapshot::open(d).status().code(), StatusCode::kNotFound) << "nothing published yet";
  ASSERT_TRUE((*w)->commit().isOk());
  ASSERT_TRUE((*w)->put(fixture("b", "paper-b.nq")).isOk());
  ASSERT_TRUE((*w)->commit().isOk());
  auto s = StoreSnapshot::open(d);
  ASSERT_TRUE(s.isOk()) << s.status().message();
  ASSERT_EQ((*s)->papers().size(), 2u);
  EXPECT_EQ((*s)->papers()[0].triples, 3u);
  EXPECT_EQ((*s)->papers()[1].triples, 4u);
  // CIFAR-10's title is stated by both papers and stored once.
  EXPECT_EQ(column(d, kTitles), (std::multiset<std::string>{"CIFAR-10", "ImageNet", "Paper A", "Paper B"}));
  std::string nq;
  ASSERT_TRUE((*s)->exportRdf(StoreExportFormat::kNQuads, &nq).isOk());
  EXPECT_NE(nq.find("\"Paper B\"@en <" + kBase + "graph/paper/b> ."), std::string::npos) << nq;
  EXPECT_NE(nq.find("\"CIFAR10\" <" + kBase + "graph/entities> ."), std::string::npos) << nq;
}

TEST(Store, ExportStreamsInChunksAndStopsAtTheSinksError) {
  pgtest::TempDir dir;
  std::string d = (dir / "store").string();
  {
    auto w = StoreWriter::open(d);
    ASSERT_TRUE(w.isOk());
    // Enough facts for several 64 KiB chunks.
    for (int i = 0; i < 300; ++i) {
      PaperQuads q = fixture("p" + std::to_string(i), "paper-a.nq");
      std::string g = "<" + kBase + "graph/paper/p" + std::to_string(i) + ">";
      for (int k = 0; k < 10; ++k)
        q.nquads += "<" + kBase + "paper/p" + std::to_string(i) + "> <http://purl.org/dc/terms/subject> \"topic " +
                    std::to_string(k) + " of a long enough literal\" " + g + " .\n";
      q.graph = kBase + "graph/paper/p" + std::to_string(i);
      ASSERT_TRUE((*w)->put(q).isOk());
    }
    ASSERT_TRUE((*w)->commit().isOk());
  }
  auto s = StoreSnapshot::open(d, false);
  ASSERT_TRUE(s.isOk());
  std::string whole, streamed;
  ASSERT_TRUE((*s)->exportRdf(StoreExportFormat::kNQuads, &whole).isOk());
  size_t chunks = 0, largest = 0;
  ASSERT_TRUE((*s)->exportRdf(StoreExportFormat::kNQuads, [&](std::string_view c) {
                     ++chunks;
                     largest = std::max(largest, c.size());
                     streamed.append(c);
                     return Status::ok();
                   }).isOk());
  EXPECT_EQ(streamed, whole);
  EXPECT_GT(chunks, 2u) << whole.size() << " bytes";
  EXPECT_LT(largest, (64u << 10) + 4096) << "a chunk is about 64 KiB, never the whole export";
  size_t calls = 0;
  Status st = (*s)->exportRdf(StoreExportFormat::kNTriples, [&](std::string_view) {
    ++calls;
    return ioError("disk full");
  });
  EXPECT_EQ(st.code(), StatusCode::kIoError);
  EXPECT_EQ(st.message(), "disk full");
  EXPECT_EQ(calls, 1u) << "the first error stops the export";
}

TEST(Store, ReplacingAPaperReplacesItsFactsAndDropsSharedFactsNoOneStates) {
  pgtest::TempDir dir;
  std::string d = (dir / "store").string();
  {
    auto w = StoreWriter::open(d);
    ASSERT_TRUE(w.isOk());
    ASSERT_TRUE((*w)->put(fixture("a", "paper-a.nq")).isOk());
    ASSERT_TRUE((*w)->commit().isOk());
  }
  const char* alt = "SELECT ?l WHERE { ?x <http://www.w3.org/2004/02/skos/core#altLabel> ?l }";
  EXPECT_EQ(column(d, alt).size(), 1u);
  auto w = StoreWriter::open(d);
  ASSERT_TRUE(w.isOk());
  EXPECT_TRUE((*w)->unchanged("a", fixture("a", "paper-a.nq").content_hash));
  PaperQuads changed = fixture("a", "paper-a-changed.nq");
  EXPECT_FALSE((*w)->unchanged("a", changed.content_hash));
  ASSERT_TRUE((*w)->put(changed).isOk());
  ASSERT_TRUE((*w)->commit().isOk());
  EXPECT_EQ(column(d, kTitles), (std::multiset<std::string>{"ImageNet", "Paper A (revised)"}));
  EXPECT_TRUE(column(d, alt).empty()) << "CIFAR-10's facts were stated by the old paper A only";
}

// A paper of version v: its own facts, and shared facts about datasets it
// shares with its neighbours (so removing one leaves facts others state).
PaperQuads synthetic(int n, int v) {
  std::string id = "p" + std::to_string(n);
  PaperQuads q;
  q.id = id;
  q.graph = kBase + "graph/paper/" + id;
  std::string own = " <" + q.graph + "> .\n", shared = " <" + kBase + "graph/entities> .\n";
  std::string paper = "<" + kBase + "paper/" + id + ">";
  q.nquads = paper + " <http://purl.org/dc/terms/title> \"Paper " + id + " v" + std::to_string(v) + "\"" + own;
  for (int k = 0; k < 3; ++k) {
    std::string ds = "<" + kBase + "dataset/d" + std::to_string((n + k + v) % 7) + ">";
    q.nquads += paper + " <http://purl.org/spar/cito/usesDataFrom> " + ds + own;
    q.nquads += ds + " <http://purl.org/dc/terms/title> \"D" + std::to_string((n + k + v) % 7) + "\"" + shared;
  }
  q.content_hash = contentHash(q.nquads);
  q.source = id + ".nq";
  return q;
}

std::vector<std::string> sortedNQuads(const std::string& d) {
  auto s = StoreSnapshot::open(d);
  EXPECT_TRUE(s.isOk()) << s.status().message();
  std::string nq;
  if (s.isOk()) {
    EXPECT_TRUE((*s)->exportRdf(StoreExportFormat::kNQuads, &nq).isOk());
  }
  std::vector<std::string> lines;
  std::istringstream in(nq);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::sort(lines.begin(), lines.end());
  return lines;
}

TEST(Store, ReplacingManyPapersRewritesTheStoreAndGivesWhatAFreshStoreGives) {
  // The final papers: p0-p11 at version 0, except those changed below.
  std::map<int, int> final_versions;
  for (int n = 0; n < 12; ++n) final_versions[n] = 0;
  final_versions[1] = final_versions[2] = final_versions[3] = 1;  // replaced
  final_versions[4] = 2;                                           // replaced twice
  final_versions.erase(5);                                         // removed
  final_versions.erase(6);
  final_versions[7] = 0;  // removed, then put back
  final_versions[12] = 1;  // new
  pgtest::TempDir dir;
  std::string fresh = (dir / "fresh").string();
  {
    auto w = StoreWriter::open(fresh);
    ASSERT_TRUE(w.isOk());
    for (const auto& [n, v] : final_versions) ASSERT_TRUE((*w)->put(synthetic(n, v)).isOk());
    ASSERT_TRUE((*w)->commit().isOk());
  }
  std::vector<std::string> want = sortedNQuads(fresh);
  ASSERT_FALSE(want.empty());
  for (uint64_t rebuild_above : {uint64_t{0}, UINT64_MAX}) {  // rewrite the store; delete one by one
    SCOPED_TRACE(rebuild_above == 0 ? "rewriting" : "deleting");
    std::string d = (dir / (rebuild_above == 0 ? "rewritten" : "deleted")).string();
    auto w = StoreWriter::open(d);
    ASSERT_TRUE(w.isOk());
    (*w)->setRebuildAbove(rebuild_above);
    for (int n = 0; n < 12; ++n) ASSERT_TRUE((*w)->put(synthetic(n, 0)).isOk());
    ASSERT_TRUE((*w)->commit().isOk());
    for (int n : {1, 2, 3, 4}) ASSERT_TRUE((*w)->put(synthetic(n, 1)).isOk());
    ASSERT_TRUE((*w)->put(synthetic(4, 2)).isOk());
    ASSERT_TRUE((*w)->remove("p5").isOk());
    ASSERT_TRUE((*w)->remove("p6").isOk());
    ASSERT_TRUE((*w)->remove("p7").isOk());
    ASSERT_TRUE((*w)->put(synthetic(7, 0)).isOk());
    ASSERT_TRUE((*w)->put(synthetic(12, 1)).isOk());
    EXPECT_EQ((*w)->find("p4")->content_hash, synthetic(4, 2).content_hash);
    EXPECT_EQ((*w)->find("p5"), nullptr);
    ASSERT_TRUE((*w)->commit().isOk());
    EXPECT_EQ(sortedNQuads(d), want);
    EXPECT_EQ(column(d, "SELECT ?t WHERE { <" + kBase + "paper/p4> <http://purl.org/dc/terms/title> ?t }"),
              (std::multiset<std::string>{"Paper p4 v2"}));
    // The next generation starts from the rewritten one.
    ASSERT_TRUE((*w)->remove("p0").isOk());
    ASSERT_TRUE((*w)->commit().isOk());
    EXPECT_EQ(sortedNQuads(d).size() + 4, want.size()) << "p0's title and three uses are gone";
    size_t leftovers = 0;
    for (const auto& e : fs::recursive_directory_iterator(d)) leftovers += e.path().filename() == "rebuild";
    EXPECT_EQ(leftovers, 0u);
  }
}

TEST(Store, SharedFactsStayWhileAnyPaperStatesThem) {
  pgtest::TempDir dir;
  std::string d = (dir / "store").string();
  auto w = storeWithAAndB(d);
  ASSERT_TRUE(w);
  ASSERT_TRUE(w->remove("a").isOk());
  ASSERT_TRUE(w->commit().isOk());
  EXPECT_EQ(column(d, kTitles), (std::multiset<std::string>{"CIFAR-10", "ImageNet", "Paper B"}));
  ASSERT_TRUE(w->remove("b").isOk());
  ASSERT_TRUE(w->commit().isOk());
  EXPECT_TRUE(column(d, kTitles).empty());
  EXPECT_EQ(w->remove("b").code(), StatusCode::kNotFound);
}

TEST(Store, UncommittedWorkIsInvisibleAndCleanedUp) {
  pgtest::TempDir dir;
  std::string d = (dir / "store").string();
  {
    auto w = StoreWriter::open(d);
    ASSERT_TRUE(w.isOk());
    ASSERT_TRUE((*w)->put(fixture("a", "paper-a.nq")).isOk());
    ASSERT_TRUE((*w)->commit().isOk());
    ASSERT_TRUE((*w)->put(fixture("b", "paper-b.nq")).isOk());
    // Dropped without commit.
  }
  EXPECT_EQ(column(d, kTitles), (std::multiset<std::string>{"CIFAR-10", "Paper A"}));
  // A generation left behind by a killed writer is removed by the next one.
  fs::create_directories(dir / "store" / "gen-000099");
  pgtest::writeFile(dir / "store" / "gen-000099" / "db-sp2o.db", "torn");
  auto w = StoreWriter::open(d);
  ASSERT_TRUE(w.isOk());
  EXPECT_FALSE(fs::exists(dir / "store" / "gen-000099"));
  size_t gens = 0;
  for (const auto& e : fs::directory_iterator(dir / "store"))
    gens += e.path().filename().string().rfind("gen-", 0) == 0;
  EXPECT_EQ(gens, 1u);
}

TEST(Store, AnOpenSnapshotStaysWholeWhileAWriterPublishes) {
  pgtest::TempDir dir;
  std::string d = (dir / "store").string();
  auto w = StoreWriter::open(d);
  ASSERT_TRUE(w.isOk());
  ASSERT_TRUE((*w)->put(fixture("a", "paper-a.nq")).isOk());
  ASSERT_TRUE((*w)->commit().isOk());
  auto s = StoreSnapshot::open(d);
  ASSERT_TRUE(s.isOk());
  ASSERT_TRUE((*w)->put(fixture("b", "paper-b.nq")).isOk());
  ASSERT_TRUE((*w)->commit().isOk());
  ASSERT_TRUE((*w)->remove("a").isOk());
  ASSERT_TRUE((*w)->commit().isOk());
  auto r = (*s)->query(kTitles, QueryLimits{});
  ASSERT_TRUE(r.isOk()) << r.status().message();
  EXPECT_EQ(r->rows.size(), 2u) << "the snapshot still sees generation 1: Paper A and CIFAR-10";
  EXPECT_EQ((*s)->papers().size(), 1u);
  EXPECT_EQ(column(d, kTitles), (std::multiset<std::string>{"CIFAR-10", "ImageNet", "Paper B"}));
}

// Queries open the graph without the manifest (its parse would cost more
// than most queries); the answers are the same.
TEST(Store, ASnapshotOpenedWithoutItsPapersAnswersTheSame) {
  pgtest::TempDir dir;
  std::string d = (dir / "store").string();
  ASSERT_TRUE(storeWithAAndB(d));
  auto full = StoreSnapshot::open(d);
  auto bare = StoreSnapshot::open(d, /*read_papers=*/false);
  ASSERT_TRUE(full.isOk() && bare.isOk());
  EXPECT_EQ((*full)->papers().size(), 2u);
  EXPECT_TRUE((*bare)->papers().empty());
  auto a = (*full)->query(kTitles, QueryLimits{});
  auto b = (*bare)->query(kTitles, QueryLimits{});
  ASSERT_TRUE(a.isOk() && b.isOk());
  EXPECT_EQ(a->rows.size(), 4u);
  EXPECT_EQ(b->rows.size(), a->rows.size());
  // A generation whose manifest is gone is refused either way.
  fs::remove(dir / "store" / (*full)->generation() / "manifest.tsv");
  EXPECT_FALSE(StoreSnapshot::open(d, /*read_papers=*/false).isOk());
}

TEST(Store, OneWriterAtATime) {
  pgtest::TempDir dir;
  std::string d = (dir / "store").string();
  auto w = StoreWriter::open(d);
  ASSERT_TRUE(w.isOk());
  auto second = StoreWriter::open(d);
  ASSERT_FALSE(second.isOk());
  EXPECT_NE(second.status().message().find("another papergraph process is writing this store"), std::string::npos);
}

TEST(Store, BadNQuadsAreRefusedAndChangeNothing) {
  pgtest::TempDir dir;
  std::string d = (dir / "store").string();
  auto w = StoreWriter::open(d);
  ASSERT_TRUE(w.isOk());
  ASSERT_TRUE((*w)->put(fixture("a", "paper-a.nq")).isOk());
  Status s = (*w)->put(fixture("c", "bad.nq"));
  EXPECT_EQ(s.code(), StatusCode::kBadInput);
  EXPECT_NE(s.message().find("paper 'c': N-Quads do not parse"), std::string::npos) << s.message();
  ASSERT_TRUE((*w)->commit().isOk());
  EXPECT_EQ(column(d, kTitles), (std::multiset<std::string>{"CIFAR-10", "Paper A"}));
  EXPECT_EQ((*w)->find("c"), nullptr);
}

TEST(Store, NewerStoreFormatsAndNonStoresAreRefused) {
  pgtest::TempDir dir;
  pgtest::writeFile(dir / "newer" / "FORMAT", "papergraph-store/3\n");
  auto w = StoreWriter::open((dir / "newer").string());
  ASSERT_FALSE(w.isOk());
  EXPECT_EQ(w.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(w.status().message().find("store format papergraph-store/3 is newer than this papergraph"),
            std::string::npos);
  fs::create_directories(dir / "plain");
  auto s = StoreSnapshot::open((dir / "plain").string());
  ASSERT_FALSE(s.isOk());
  EXPECT_NE(s.status().message().find("not a papergraph store"), std::string::npos);
}

}  // namespace
