// TEI reader: the tiny fixture field by field, the GROBID samples, the
// 334-paper DataSeer corpus, and reference strings parsed against GROBID.
#include <gtest/gtest.h>

#include <filesystem>

#include "read/references.hpp"
#include "read_test_util.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using papergraph::Paper;

namespace {

std::string span(const Paper& p, const papergraph::CitationMarker& m) {
  return p.text.substr(m.start, m.end - m.start);
}

TEST(TeiReaderTest, TinyFixtureFieldByField) {
  Paper p = pgtest::readOne(pgtest::fixture("papers/tiny.tei.xml"));
  pgtest::expectConsistent(p, pgtest::fixture("papers/tiny.tei.xml"));
  EXPECT_EQ(p.format, "tei");
  EXPECT_EQ(p.id, "tiny");
  EXPECT_FALSE(p.text_is_source);
  EXPECT_EQ(p.title, "A Tiny Paper About Datasets");
  ASSERT_EQ(p.authors.size(), 2u);
  EXPECT_EQ(p.authors[1], "Alan M Turing");
  EXPECT_TRUE(p.text.starts_with("A Tiny Paper About Datasets\n\nAbstract\n\nWe evaluate on ImageNet"));
  std::vector<std::string> headings;
  for (const auto& s : p.sections) headings.push_back(s.heading);
  EXPECT_EQ(headings, (std::vector<std::string>{"Abstract", "1 Introduction", "Figures and tables", "Footnotes"}));
  for (const auto& s : p.sections)
    EXPECT_EQ(p.text.substr(s.start - s.heading.size() - 2, s.heading.size()), s.heading);
  // White space inside paragraphs is collapsed; captions and footnotes come after the body.
  EXPECT_NE(p.text.find("and MNIST (LeCun, 1998); see Figure 1."), std::string::npos) << p.text;
  EXPECT_LT(p.text.find("y = f(x)"), p.text.find("Figure 1: Accuracy on ImageNet [1,2]."));
  EXPECT_TRUE(p.text.ends_with("1 Code at https://example.org."));

  ASSERT_EQ(p.bibliography.size(), 2u);
  const auto& b0 = p.bibliography[0];
  EXPECT_EQ(b0.id, "b0");
  EXPECT_EQ(b0.title, "ImageNet: A large-scale hierarchical image database");
  EXPECT_EQ(b0.venue, "CVPR");
  EXPECT_EQ(b0.year, "2009");
  EXPECT_EQ(b0.doi, "10.1109/CVPR.2009.5206848");
  EXPECT_EQ(b0.authors, (std::vector<std::string>{"Jia Deng", "Wei Dong"}));
  EXPECT_TRUE(b0.raw.starts_with("Jia Deng and Wei Dong. 2009."));
  const auto& b1 = p.bibliography[1];
  EXPECT_EQ(b1.title, "Learning multiple layers of features from tiny images");
  EXPECT_EQ(b1.authors, (std::vector<std::string>{"Alex Krizhevsky"}));
  EXPECT_EQ(b1.arxiv, "1409.0473");
  EXPECT_EQ(b1.url, "https://www.cs.toronto.edu/~kriz/cifar.html");

  ASSERT_EQ(p.citations.size(), 4u);
  EXPECT_EQ(span(p, p.citations[0]), "(Deng et al., 2009)");
  EXPECT_EQ(p.citations[0].targets, (std::vector<std::string>{"b0"}));
  EXPECT_EQ(span(p, p.citations[1]), "[2]");
  EXPECT_EQ(p.citations[1].targets, (std::vector<std::string>{"b1"}));
  EXPECT_EQ(span(p, p.citations[2]), "(LeCun, 1998)");
  EXPECT_TRUE(p.citations[2].targets.empty());
  EXPECT_EQ(span(p, p.citations[3]), "[1,2]");
  EXPECT_EQ(p.citations[3].targets, (std::vector<std::string>{"b0", "b1"}));
}

TEST(TeiReaderTest, SamplesReadWithAllBiblStructs) {
  PG_REQUIRE_SHARED();
  for (const auto& f : fs::directory_iterator(pgtest::sharedDir() / "samples" / "tei")) {
    Paper p = pgtest::readOne(f.path());
    pgtest::expectConsistent(p, f.path());
    EXPECT_EQ(p.format, "tei");
    EXPECT_FALSE(p.title.empty()) << f.path();
    EXPECT_GT(p.sections.size(), 3u) << f.path();
    EXPECT_EQ(p.bibliography.size(), pgtest::countListBiblStructs(pgtest::readFile(f.path()))) << f.path();
    size_t linked = 0;
    for (const auto& c : p.citations) linked += !c.targets.empty();
    EXPECT_GT(linked, 10u) << f.path();
  }
}

// The 14,895 counts every <biblStruct> in the corpus, including the
// one in each file's teiHeader that describes the paper itself (334); the
// bibliographies (listBibl) hold 14,561.
TEST(TeiReaderTest, DataSeerCorpusBibliographyCounts) {
  PG_REQUIRE_SHARED();
  fs::path dir = pgtest::sharedDir() / "corpus" / "tei-dataseer";
  size_t files = 0, entries = 0, all_structs = 0, markers = 0, linked = 0;
  for (const auto& f : fs::directory_iterator(dir)) {
    if (!f.path().string().ends_with(".tei.xml")) continue;
    ++files;
    std::string xml = pgtest::readFile(f.path());
    for (size_t i = xml.find("<biblStruct"); i != std::string::npos; i = xml.find("<biblStruct", i + 1)) ++all_structs;
    Paper p = pgtest::readOne(f.path());
    pgtest::expectConsistent(p, f.path());
    EXPECT_EQ(p.bibliography.size(), pgtest::countListBiblStructs(xml)) << f.path();
    entries += p.bibliography.size();
    markers += p.citations.size();
    for (const auto& c : p.citations) linked += !c.targets.empty();
  }
  EXPECT_EQ(files, 334u);
  EXPECT_EQ(all_structs, 14895u);
  EXPECT_EQ(entries, 14895u - 334u);
  EXPECT_GT(linked, markers * 8 / 10);
  std::cout << "[ corpus   ] " << files << " papers, " << entries << " entries, " << markers << " markers, " << linked
            << " linked\n";
}

// parseReferenceString on GROBID's raw reference strings, scored against
// GROBID's own fields.
TEST(TeiReaderTest, RawReferenceStringsAgreeWithGrobid) {
  PG_REQUIRE_SHARED();
  size_t n = 0, year = 0, author = 0, title = 0, venue = 0;
  auto norm = [](std::string s) {
    std::string out;
    for (char c : s)
      if (std::isalnum(static_cast<unsigned char>(c)))
        out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  for (const auto& f : fs::directory_iterator(pgtest::sharedDir() / "samples" / "tei")) {
    Paper p = pgtest::readOne(f.path());
    for (const auto& g : p.bibliography) {
      if (g.raw.empty()) continue;
      ++n;
      papergraph::BibEntry e;
      papergraph::parseReferenceString(g.raw, e);
      year += !g.year.empty() && e.year == g.year;
      if (!g.authors.empty() && !e.authors.empty()) {
        std::string gs = g.authors[0].substr(g.authors[0].rfind(' ') + 1);
        author += e.authors[0].ends_with(gs);
      }
      std::string gt = norm(g.title), et = norm(e.title);
      title += !gt.empty() && !et.empty() && (gt.find(et) != std::string::npos || et.find(gt) != std::string::npos);
      venue += !g.venue.empty() && !e.venue.empty() &&
               (norm(g.venue).find(norm(e.venue)) != std::string::npos ||
                norm(e.venue).find(norm(g.venue)) != std::string::npos);
    }
  }
  ASSERT_GE(n, 80u);
  std::cout << "[ raw refs ] " << n << " strings: year " << year << ", first author " << author << ", title " << title
            << ", venue " << venue << "\n";
  EXPECT_GE(year * 100, n * 90);
  EXPECT_GE(author * 100, n * 90);
  EXPECT_GE(title * 100, n * 80);
}

TEST(TeiReaderTest, ExternalDtdIsNeverLoaded) {
  pgtest::TempDir tmp;
  auto path = tmp / "external.tei.xml";
  pgtest::writeFile(path,
                    "<?xml version=\"1.0\"?>\n<!DOCTYPE TEI SYSTEM \"file:///etc/passwd\">\n"
                    "<TEI><text><body><p>safe &amp; sound &unknown;</p></body></text></TEI>\n");
  Paper p = pgtest::readOne(path);
  EXPECT_EQ(p.text.find("root:"), std::string::npos);
  EXPECT_NE(p.text.find("safe & sound"), std::string::npos);
}

TEST(TeiReaderTest, EntityDeclarationsAreRefused) {
  for (const char* name : {"xxe.tei.xml", "billion_laughs.tei.xml"}) {
    auto r = pgtest::readAll(pgtest::fixture(std::string("bad/tei/") + name));
    ASSERT_EQ(r.errors.size(), 1u) << name;
    EXPECT_TRUE(r.papers.empty());
    EXPECT_NE(r.errors[0].message().find("declares entities"), std::string::npos) << r.errors[0].toString();
  }
  auto deep = pgtest::readAll(pgtest::fixture("bad/tei/too_deep.tei.xml"));
  ASSERT_EQ(deep.errors.size(), 1u);
  EXPECT_NE(deep.errors[0].message().find("nested deeper"), std::string::npos);
}

}  // namespace
