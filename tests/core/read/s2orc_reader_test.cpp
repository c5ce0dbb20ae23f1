// S2ORC reader: single documents, JSON Lines shards (plain, gzip, zstd),
// the schema versions in the samples, code-point span offsets.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "read_test_util.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using papergraph::Paper;

namespace {

TEST(S2orcReaderTest, TinyFixtureWithCodePointOffsets) {
  auto path = pgtest::fixture("papers/tiny.s2orc.json");
  Paper p = pgtest::readOne(path);
  pgtest::expectConsistent(p, path);
  EXPECT_EQ(p.format, "s2orc");
  EXPECT_EQ(p.id, "tiny-s2orc");
  EXPECT_EQ(p.title, "A Tiny Paper About Datasets");
  EXPECT_EQ(p.authors, (std::vector<std::string>{"Ada Lovelace"}));
  std::vector<std::string> headings;
  for (const auto& s : p.sections) headings.push_back(s.heading);
  EXPECT_EQ(headings, (std::vector<std::string>{"Abstract", "1 Introduction", "Results", "Acknowledgments",
                                                "Figures and tables"}));
  ASSERT_EQ(p.bibliography.size(), 2u);
  EXPECT_EQ(p.bibliography[0].id, "BIBREF0");
  EXPECT_EQ(p.bibliography[0].year, "2009");  // a number in the JSON
  EXPECT_EQ(p.bibliography[0].doi, "10.1109/CVPR.2009.5206848");
  EXPECT_EQ(p.bibliography[1].arxiv, "1409.0473");
  EXPECT_EQ(p.bibliography[1].url, "https://www.cs.toronto.edu/~kriz/cifar.html");
  // Spans count code points ("Prör", "Über"); bad spans are skipped.
  std::vector<std::pair<std::string, std::vector<std::string>>> got;
  for (const auto& c : p.citations) got.push_back({p.text.substr(c.start, c.end - c.start), c.targets});
  using V = std::vector<std::string>;
  EXPECT_EQ(got,
            (std::vector<std::pair<std::string, V>>{
                {"[1]", V{"BIBREF0"}}, {"(Krizhevsky, 2009)", V{"BIBREF1"}}, {"[1]", V{"BIBREF0"}}, {"Results", V{}}}));
}

TEST(S2orcReaderTest, ShardsPlainGzipAndZstd) {
  for (const char* name : {"shard.jsonl", "shard.jsonl.gz", "shard.jsonl.zst"}) {
    auto r = pgtest::readAll(pgtest::fixture(std::string("papers/") + name));
    EXPECT_TRUE(r.errors.empty()) << name;
    ASSERT_EQ(r.papers.size(), 3u) << name;
    for (size_t i = 0; i < 3; ++i) {
      EXPECT_EQ(r.papers[i].id, "shard-" + std::to_string(i));
      EXPECT_TRUE(r.papers[i].source.ends_with(std::string(name) + "#" + std::to_string(i + 1)));
      pgtest::expectConsistent(r.papers[i], name);
    }
  }
}

TEST(S2orcReaderTest, OneBadLineDoesNotStopTheShard) {
  auto path = pgtest::fixture("bad/s2orc/one_bad_line.jsonl");
  auto r = pgtest::readAll(path);
  EXPECT_EQ(r.papers.size(), 2u);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message().find(path.string() + ":2: bad JSON"), std::string::npos) << r.errors[0].toString();
}

TEST(S2orcReaderTest, SamplesAllSchemaVersions) {
  PG_REQUIRE_SHARED();
  for (const auto& f : fs::directory_iterator(pgtest::sharedDir() / "samples" / "s2orc")) {
    Paper p = pgtest::readOne(f.path());
    pgtest::expectConsistent(p, f.path());
    auto doc = nlohmann::json::parse(pgtest::readFile(f.path()));
    const nlohmann::json* parse = &doc;
    for (const char* k : {"pdf_parse", "grobid_parse"})
      if (doc.contains(k) && doc[k].is_object()) parse = &doc[k];
    EXPECT_EQ(p.bibliography.size(), (*parse)["bib_entries"].size()) << f.path();
    // Every marker covers exactly the text of a cite span.
    std::set<std::string> span_texts;
    size_t spans = 0;
    for (const char* k : {"abstract", "body_text", "back_matter"}) {
      if (!parse->contains(k) || !(*parse)[k].is_array()) continue;
      for (const auto& para : (*parse)[k])
        for (const auto& s : para["cite_spans"]) {
          span_texts.insert(s["text"].get<std::string>());
          ++spans;
        }
    }
    EXPECT_EQ(p.citations.size(), spans) << f.path();
    for (const auto& c : p.citations)
      EXPECT_TRUE(span_texts.count(p.text.substr(c.start, c.end - c.start)))
          << f.path() << ": " << p.text.substr(c.start, c.end - c.start);
  }
}

}  // namespace
