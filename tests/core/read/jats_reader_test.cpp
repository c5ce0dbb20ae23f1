// JATS reader: the tiny fixture and the PubMed Central / PLOS samples.
#include <gtest/gtest.h>

#include <filesystem>

#include "read_test_util.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using papergraph::Paper;

namespace {

TEST(JatsReaderTest, TinyFixtureFieldByField) {
  auto path = pgtest::fixture("papers/tiny.nxml");
  Paper p = pgtest::readOne(path);
  pgtest::expectConsistent(p, path);
  EXPECT_EQ(p.format, "jats");
  EXPECT_EQ(p.title, "A Tiny Paper About Datasets");
  EXPECT_EQ(p.authors, (std::vector<std::string>{"Ada Lovelace"}));  // editors are not authors
  std::vector<std::string> headings;
  for (const auto& s : p.sections) headings.push_back(s.heading);
  EXPECT_EQ(headings, (std::vector<std::string>{"Abstract", "Introduction", "Data", "Acknowledgements",
                                                "Figures and tables", "Footnotes"}));
  EXPECT_EQ(p.text.find("References"), std::string::npos) << "the ref-list is not prose";
  EXPECT_NE(p.text.find("Figure 1 Accuracy. On ImageNet [1]."), std::string::npos) << p.text;
  EXPECT_TRUE(p.text.ends_with("See the appendix."));

  ASSERT_EQ(p.bibliography.size(), 2u);
  EXPECT_EQ(p.bibliography[0].id, "R1");
  EXPECT_EQ(p.bibliography[0].label, "1");
  EXPECT_EQ(p.bibliography[0].authors, (std::vector<std::string>{"J Deng", "W Dong"}));
  EXPECT_EQ(p.bibliography[0].title, "ImageNet: A large-scale hierarchical image database");
  EXPECT_EQ(p.bibliography[0].venue, "CVPR");
  EXPECT_EQ(p.bibliography[0].doi, "10.1109/CVPR.2009.5206848");
  EXPECT_EQ(p.bibliography[1].label, "2");
  EXPECT_EQ(p.bibliography[1].title, "Learning multiple layers of features from tiny images");
  EXPECT_EQ(p.bibliography[1].year, "2009");
  EXPECT_EQ(p.bibliography[1].url, "https://www.cs.toronto.edu/~kriz/cifar.html");
  EXPECT_TRUE(p.bibliography[1].raw.starts_with("Krizhevsky A. Learning multiple"));

  std::vector<std::pair<std::string, size_t>> got;
  for (const auto& c : p.citations) got.push_back({p.text.substr(c.start, c.end - c.start), c.targets.size()});
  EXPECT_EQ(got, (std::vector<std::pair<std::string, size_t>>{{"1", 1}, {"2", 1}, {"1, 2", 2}, {"[9]", 0}, {"1", 1}}));
}

TEST(JatsReaderTest, SamplesReadWithAllRefs) {
  PG_REQUIRE_SHARED();
  for (const auto& f : fs::directory_iterator(pgtest::sharedDir() / "samples" / "jats")) {
    Paper p = pgtest::readOne(f.path());
    pgtest::expectConsistent(p, f.path());
    EXPECT_EQ(p.format, "jats") << f.path();
    EXPECT_FALSE(p.title.empty()) << f.path();
    EXPECT_FALSE(p.authors.empty()) << f.path();
    std::string xml = pgtest::readFile(f.path());
    size_t refs = 0;
    for (size_t i = xml.find("<ref id="); i != std::string::npos; i = xml.find("<ref id=", i + 1)) ++refs;
    EXPECT_EQ(p.bibliography.size(), refs) << f.path();
    size_t linked = 0, with_title = 0;
    for (const auto& c : p.citations) linked += !c.targets.empty();
    for (const auto& b : p.bibliography) with_title += !b.title.empty();
    EXPECT_GT(linked, 50u) << f.path();
    EXPECT_GE(with_title * 10, refs * 9) << f.path();
  }
}

}  // namespace
