// A paper's title from a Markdown heading or a text paper's first line,
// including headings that run the title on into the abstract.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "read/title.hpp"
#include "read_test_util.hpp"

using papergraph::kLongTitleLine;
using papergraph::titleFromLine;

namespace {

const std::string kAbstract =
    " of this kind have been used widely in recent years, but they need many labelled examples and long "
    "training runs. We show that a much smaller model reaches the same accuracy on three benchmarks.";

TEST(TitleFromLine, ShortLinesAreTitlesAsTheyStand) {
  EXPECT_EQ(titleFromLine("  Attention is all you need \n"), "Attention is all you need");
  EXPECT_EQ(titleFromLine("deepwalk: online learning of social representations"),
            "deepwalk: online learning of social representations");
  EXPECT_EQ(titleFromLine(""), "");
}

TEST(TitleFromLine, ConverterLabelsAreDropped) {
  EXPECT_EQ(titleFromLine("document: V-Net: Volumetric Segmentation"), "V-Net: Volumetric Segmentation");
  EXPECT_EQ(titleFromLine("title: Learning to Rank"), "Learning to Rank");
  EXPECT_EQ(titleFromLine("Title: Learning to Rank"), "Title: Learning to Rank");  // not a converter's label
}

TEST(TitleFromLine, TitleRunOnIntoTheAbstractEndsWhereASentenceBegins) {
  EXPECT_EQ(titleFromLine("document: Compact Recurrent Models for Streaming Speech Recognition The models" + kAbstract),
            "Compact Recurrent Models for Streaming Speech Recognition");
  EXPECT_EQ(titleFromLine("Sparse Attention with Learned Routing In this paper, we study models" + kAbstract),
            "Sparse Attention with Learned Routing");
  EXPECT_EQ(titleFromLine("Monocular Depth from a Single Image via Direct Regression 3D scene models" + kAbstract),
            "Monocular Depth from a Single Image via Direct Regression");
  EXPECT_EQ(titleFromLine("Robust Lane Detection Even with the advent of larger models" + kAbstract),
            "Robust Lane Detection");
  EXPECT_EQ(titleFromLine("Few-Shot Parsing with Sparse Labels Motivated by the recent progress" + kAbstract),
            "Few-Shot Parsing with Sparse Labels");
  // Lower-case words inside the title do not end it.
  EXPECT_EQ(titleFromLine("Efficient 3D CNN with fully connected CRF for Lesion Segmentation We propose models" +
                          kAbstract),
            "Efficient 3D CNN with fully connected CRF for Lesion Segmentation");
}

TEST(TitleFromLine, AnAbstractOpeningWithADefinedAcronymStartsAtItsWords) {
  EXPECT_EQ(titleFromLine("Fast Volumetric Image Segmentation Graph Neural Networks (GNNs) have been applied" +
                          kAbstract),
            "Fast Volumetric Image Segmentation");
}

TEST(TitleFromLine, WithoutASentenceStartTheLineIsCutAtAWord) {
  std::string line = "Models";
  for (int i = 0; i < 40; ++i) line += " Big Models";
  std::string t = titleFromLine(line);
  ASSERT_GE(t.size(), 3u);
  EXPECT_LE(t.size(), kLongTitleLine + 3);
  EXPECT_EQ(t.substr(t.size() - 3), "\xE2\x80\xA6");
  EXPECT_EQ(t.substr(0, 17), "Models Big Models");
  EXPECT_NE(t[t.size() - 4], ' ');
  // A sentence-case title followed by its abstract has no title-case run:
  // cut, not emptied.
  std::string sentence_case = titleFromLine("Attention is all you need and here it goes on" + kAbstract);
  EXPECT_EQ(sentence_case.substr(0, 25), "Attention is all you need");
}

TEST(TitleFromLine, NeverSplitsAUtf8Character) {
  std::string line;
  while (line.size() < 400) line += "\xC3\xA9t";  // "ét" repeated, no spaces: byte 160 is inside an "é"
  std::string t = titleFromLine(line);
  EXPECT_LE(t.size(), kLongTitleLine + 3);
  std::string body = t.substr(0, t.size() - 3);
  ASSERT_FALSE(body.empty());
  EXPECT_NE(static_cast<unsigned char>(body.back()) & 0xC0, 0xC0);  // no lead byte left without its tail
  EXPECT_EQ(body.size() % 3, 0u);
}

TEST(TitleFromLine, MarkdownReaderTakesTheTitleFromARunOnHeading) {
  auto dir = std::filesystem::temp_directory_path() / "pg_title_test";
  std::filesystem::create_directories(dir);
  auto md = dir / "runon.md";
  {
    std::ofstream out(md);
    out << "# document: Compact Recurrent Models for Streaming Speech Recognition The models" << kAbstract
        << "\n\nIntroduction text.\n";
  }
  papergraph::Paper p = pgtest::readOne(md);
  EXPECT_EQ(p.title, "Compact Recurrent Models for Streaming Speech Recognition");
  std::filesystem::remove_all(dir);
}

}  // namespace
