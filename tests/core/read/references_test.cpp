// references.cpp: reference strings in the common styles, splitting a
// references section, numeric and author-year markers, long inputs.
#include "read/references.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "read/reader.hpp"
#include "read_test_util.hpp"
#include "test_support.hpp"

using papergraph::BibEntry;
using papergraph::Paper;
using papergraph::parseReferenceString;

namespace {

BibEntry parse(std::string_view s) {
  BibEntry e;
  parseReferenceString(s, e);
  return e;
}

TEST(ReferencesTest, AclStyle) {
  BibEntry e = parse(
      "Waleed Ammar, Matthew E. Peters, Chandra Bhagavatula, and Russell Power. 2017. The AI2 system at "
      "SemEval-2017 Task 10 (ScienceIE): semi-supervised end-to-end entity and relation extraction. In ACL "
      "workshop (SemEval).");
  EXPECT_EQ(e.authors,
            (std::vector<std::string>{"Waleed Ammar", "Matthew E. Peters", "Chandra Bhagavatula", "Russell Power"}));
  EXPECT_EQ(e.year, "2017");
  EXPECT_TRUE(e.title.starts_with("The AI2 system at SemEval-2017 Task 10")) << e.title;
  EXPECT_EQ(e.venue, "ACL workshop");
}

TEST(ReferencesTest, TwoLetterSurnameAfterAMiddleInitial) {
  BibEntry e = parse(
      "Yuval Netzer, Tao Wang, Adam Coates, Alessandro Bissacco, Bo Wu, Andrew Y. Ng. Reading digits in natural "
      "images with unsupervised feature learning. NIPS Workshop on Deep Learning and Unsupervised Feature "
      "Learning, 2011.");
  ASSERT_EQ(e.authors.size(), 6u);
  EXPECT_EQ(e.authors.back(), "Andrew Y. Ng");
  EXPECT_TRUE(e.title.starts_with("Reading digits in natural images")) << e.title;
  EXPECT_EQ(e.year, "2011");
}

TEST(ReferencesTest, ApaStyleWithDoi) {
  BibEntry e = parse(
      "Devlin, J., Chang, M.-W., Lee, K., & Toutanova, K. (2019). BERT: Pre-training of deep bidirectional "
      "transformers for language understanding. In Proceedings of the 2019 Conference of NAACL, pages 4171-4186. "
      "https://doi.org/10.18653/v1/N19-1423.");
  EXPECT_EQ(e.authors, (std::vector<std::string>{"J. Devlin", "M.-W. Chang", "K. Lee", "K. Toutanova"}));
  EXPECT_EQ(e.year, "2019");
  EXPECT_EQ(e.title, "BERT: Pre-training of deep bidirectional transformers for language understanding");
  EXPECT_EQ(e.venue, "Proceedings of the 2019 Conference of NAACL");
  EXPECT_EQ(e.doi, "10.18653/v1/N19-1423");
  EXPECT_EQ(e.url, "https://doi.org/10.18653/v1/N19-1423");
}

TEST(ReferencesTest, VancouverStyle) {
  BibEntry e = parse(
      "Mori H, Takio K, Ogawara M, Selkoe DJ. Mass spectrometry of purified amyloid beta protein "
      "in Alzheimer's disease. J Biol Chem. 1992; 267:17082-6.");
  EXPECT_EQ(e.authors, (std::vector<std::string>{"H Mori", "K Takio", "M Ogawara", "DJ Selkoe"}));
  EXPECT_EQ(e.title, "Mass spectrometry of purified amyloid beta protein in Alzheimer's disease");
  EXPECT_EQ(e.venue, "J Biol Chem");
  EXPECT_EQ(e.year, "1992");
}

TEST(ReferencesTest, NatureStyle) {
  BibEntry e = parse("LeCun, Y., Bengio, Y. & Hinton, G. Deep learning. Nature 521, 436-444 (2015).");
  EXPECT_EQ(e.authors, (std::vector<std::string>{"Y. LeCun", "Y. Bengio", "G. Hinton"}));
  EXPECT_EQ(e.title, "Deep learning");
  EXPECT_EQ(e.venue, "Nature");
  EXPECT_EQ(e.year, "2015");
}

TEST(ReferencesTest, IeeeStyleWithArxiv) {
  BibEntry e = parse(
      "[7] D. Bahdanau, K. Cho, and Y. Bengio, \"Neural machine translation by jointly learning to "
      "align and translate,\" arXiv preprint arXiv:1409.0473v7, 2014.");
  EXPECT_EQ(e.authors, (std::vector<std::string>{"D. Bahdanau", "K. Cho", "Y. Bengio"}));
  EXPECT_EQ(e.title, "Neural machine translation by jointly learning to align and translate");
  EXPECT_EQ(e.arxiv, "1409.0473");
  EXPECT_EQ(e.year, "2014");
}

TEST(ReferencesTest, EtAlEndsTheAuthors) {
  BibEntry e = parse("Smith J, Jones K, et al. A survey of things. Sci Rep. 2020;10:1.");
  EXPECT_EQ(e.authors, (std::vector<std::string>{"J Smith", "K Jones"}));
  EXPECT_EQ(e.title, "A survey of things");
}

Paper textPaper(const std::string& name, const std::string& content, pgtest::TempDir& tmp) {
  auto path = tmp / name;
  pgtest::writeFile(path, content);
  Paper p = pgtest::readOne(path);
  pgtest::expectConsistent(p, path);
  return p;
}

std::vector<std::pair<std::string, std::vector<std::string>>> markers(const Paper& p) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  for (const auto& c : p.citations) out.push_back({p.text.substr(c.start, c.end - c.start), c.targets});
  return out;
}

using V = std::vector<std::string>;
using M = std::vector<std::pair<std::string, V>>;

TEST(ReferencesTest, NumberedMarkdown) {
  pgtest::TempDir tmp;
  Paper p = textPaper("n.md",
                      "# Paper\n\nWe use ImageNet [1] and CIFAR [2-3], also [1, 3].\n\n## References\n\n"
                      "- [1] J. Deng, W. Dong. 2009. ImageNet. In CVPR.\n"
                      "- [2] A. Krizhevsky. 2009. Learning multiple layers of features. Tech report.\n"
                      "- [3] Y. LeCun. 1998. Gradient-based learning. Proc. IEEE.\n",
                      tmp);
  ASSERT_EQ(p.bibliography.size(), 3u);
  EXPECT_EQ(p.bibliography[2].label, "3");
  EXPECT_EQ(p.bibliography[2].authors, V{"Y. LeCun"});
  EXPECT_EQ(markers(p), (M{{"[1]", V{"b0"}}, {"[2-3]", V{"b1", "b2"}}, {"[1, 3]", V{"b0", "b2"}}}));
}

TEST(ReferencesTest, AuthorYearText) {
  pgtest::TempDir tmp;
  Paper p =
      textPaper("a.txt",
                "A Paper\n\nWe follow (Krizhevsky et al., 2009; Deng and Dong, 2009a) and Smith and Jones (2019).\n"
                "Also [Smith 2019] and (e.g., Deng and Dong, 2009b). Not a citation: (January 2019) or (n = 2019).\n\n"
                "References\n\n"
                "Krizhevsky, A., Sutskever, I., & Hinton, G. (2009). ImageNet classification. NIPS.\n\n"
                "Deng, J., & Dong, W. (2009a). ImageNet: a database. CVPR.\n\n"
                "Deng, J., & Dong, W. (2009b). More ImageNet. CVPR.\n\n"
                "Smith, A., & Jones, B. (2019). A study. Nature 1, 2-3.\n",
                tmp);
  ASSERT_EQ(p.bibliography.size(), 4u);
  EXPECT_EQ(p.bibliography[0].label, "Krizhevsky 2009");
  EXPECT_EQ(markers(p), (M{{"(Krizhevsky et al., 2009; Deng and Dong, 2009a)", V{"b0", "b1"}},
                           {"Smith and Jones (2019)", V{"b3"}},
                           {"[Smith 2019]", V{"b3"}},
                           {"(e.g., Deng and Dong, 2009b)", V{"b2"}}}));
}

// std::regex overflowed its stack on long inputs; the hand-written scanner
// stays linear.
TEST(ReferencesTest, LongInputsStayFast) {
  pgtest::TempDir tmp;
  std::string text = "# Long\n\n";
  for (int i = 0; i < 100000; ++i) text += "Some words (Smith, 2019) and [1] and ((((( [[[[ 2019 ";
  text += std::string(200000, '(') + "\n\n";
  text += "## References\n\n[1] A. Smith. 2019. A study. Nature.\n";
  auto t0 = std::chrono::steady_clock::now();
  Paper p = textPaper("long.md", text, tmp);
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_EQ(p.bibliography.size(), 1u);
  EXPECT_GE(p.citations.size(), 100000u);
  EXPECT_LT(s, 10.0);
  BibEntry e;
  parseReferenceString(std::string(1 << 20, 'A') + " " + std::string(1 << 20, ','), e);  // must return
}

}  // namespace
