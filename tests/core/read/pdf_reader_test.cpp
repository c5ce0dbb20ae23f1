// PDF reader: the generated fixture (tests/fixtures/papers/make_pdf_fixtures.py)
// and the three sample papers, compared with their GROBID TEI.
#include <gtest/gtest.h>

#include <filesystem>

#include "read_test_util.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using papergraph::Paper;

namespace {

TEST(PdfReaderTest, TinyFixture) {
  auto path = pgtest::fixture("papers/tiny.pdf");
  Paper p = pgtest::readOne(path);
  pgtest::expectConsistent(p, path);
  EXPECT_EQ(p.format, "pdf");
  EXPECT_FALSE(p.text_is_source);
  EXPECT_EQ(p.title, "A Tiny Paper About Datasets");
  std::vector<std::string> headings;
  for (const auto& s : p.sections) headings.push_back(s.heading);
  EXPECT_EQ(headings, (std::vector<std::string>{"Abstract", "1 Introduction", "References"}));
  // De-hyphenated across the line end.
  EXPECT_NE(p.text.find("The learned representation transfers well"), std::string::npos) << p.text;
  ASSERT_EQ(p.bibliography.size(), 2u);
  EXPECT_EQ(p.bibliography[0].label, "1");
  EXPECT_EQ(p.bibliography[0].authors, (std::vector<std::string>{"J. Deng", "W. Dong", "R. Socher"}));
  EXPECT_EQ(p.bibliography[0].title, "ImageNet: A large-scale hierarchical image database");
  EXPECT_EQ(p.bibliography[0].venue, "CVPR");
  EXPECT_EQ(p.bibliography[1].year, "2009");
  ASSERT_EQ(p.citations.size(), 3u);
  EXPECT_EQ(p.text.substr(p.citations[2].start, p.citations[2].end - p.citations[2].start), "[1, 2]");
  EXPECT_EQ(p.citations[2].targets, (std::vector<std::string>{"b0", "b1"}));
}

TEST(PdfReaderTest, ContentWinsOverAWrongName) {
  Paper p = pgtest::readOne(pgtest::fixture("papers/pdf_called.xml"));
  EXPECT_EQ(p.format, "pdf");
  EXPECT_EQ(p.bibliography.size(), 2u);
}

TEST(PdfReaderTest, ScannedPdfHasNoTextLayer) {
  auto path = pgtest::fixture("bad/pdf/scanned_no_text.pdf");
  auto r = pgtest::readAll(path);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_NE(r.errors[0].message().find("no text layer"), std::string::npos);
  EXPECT_NE(r.errors[0].message().find(path.string()), std::string::npos);
}

// The samples as PDF against GROBID's TEI of the same paper: the PDF
// reader finds (nearly) the same number of entries and links markers.
TEST(PdfReaderTest, SamplesAgainstTei) {
  PG_REQUIRE_SHARED();
  for (const auto& f : fs::directory_iterator(pgtest::sharedDir() / "samples" / "pdf")) {
    Paper p = pgtest::readOne(f.path());
    pgtest::expectConsistent(p, f.path());
    EXPECT_FALSE(p.title.empty()) << f.path();
    EXPECT_GT(p.sections.size(), 5u) << f.path();
    fs::path tei = pgtest::sharedDir() / "samples" / "tei" / (f.path().stem().string() + ".tei.xml");
    Paper t = pgtest::readOne(tei);
    size_t linked = 0, tei_linked = 0;
    for (const auto& c : p.citations) linked += !c.targets.empty();
    for (const auto& c : t.citations) tei_linked += !c.targets.empty();
    std::cout << "[ pdf/tei  ] " << f.path().filename().string() << ": bibliography " << p.bibliography.size()
              << " (TEI " << t.bibliography.size() << "), markers " << p.citations.size() << " (TEI "
              << t.citations.size() << "), linked " << linked << " (TEI " << tei_linked << ")\n";
    EXPECT_NEAR(static_cast<double>(p.bibliography.size()), static_cast<double>(t.bibliography.size()),
                t.bibliography.size() * 0.1)
        << f.path();
    EXPECT_GT(linked, tei_linked / 2) << f.path();
  }
}

}  // namespace
