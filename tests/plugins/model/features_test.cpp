#include "features.hpp"

#include <gtest/gtest.h>

#include <set>

namespace papergraph::model {
namespace {

TEST(FeaturesTest, WordShape) {
  EXPECT_EQ(wordShape("CIFAR-10", false), "XXXXX-dd");
  EXPECT_EQ(wordShape("CIFAR-10", true), "X-d");
  EXPECT_EQ(wordShape("ImageNet", true), "XxXx");
  EXPECT_EQ(wordShape("caf\xC3\xA9", false), "xxxu");
  EXPECT_EQ(wordShape("", true), "");
}

TEST(FeaturesTest, SectionTypeFromHeading) {
  EXPECT_EQ(sectionTypeFromHeading("4.1 Experimental Setup"), SectionType::kExperiments);
  EXPECT_EQ(sectionTypeFromHeading("Related Work"), SectionType::kRelatedWork);
  EXPECT_EQ(sectionTypeFromHeading("INTRODUCTION"), SectionType::kIntroduction);
  EXPECT_EQ(sectionTypeFromHeading("Acknowledgements"), SectionType::kOther);
}

TEST(FeaturesTest, SectionsFromParagraphOpenersAndFromTheReader) {
  const std::string text = "# Title here\nAbstract text.\nExperiments We use MNIST.\nMore text.";
  const auto tokens = tokenize(text);
  auto types = tokenSections(text, tokens, {});
  EXPECT_EQ(types.front(), SectionType::kTitle);
  EXPECT_EQ(types[4], SectionType::kAbstract);         // "Abstract"
  EXPECT_EQ(types.back(), SectionType::kExperiments);  // carried on to the next paragraph
  const size_t more = text.find("More");
  types = tokenSections(text, tokens, {{more, text.size(), "Conclusions"}});
  EXPECT_EQ(types.back(), SectionType::kConclusion);
}

TEST(FeaturesTest, IdsAreInRangeDeterministicAndContextSensitive) {
  const std::string text = "We evaluate on the MNIST dataset and on the MNIST digits";
  const auto tokens = tokenize(text);
  const auto sections = tokenSections(text, tokens, {});
  const FeatureExtractor fx(text, tokens, sections, {}, 12);
  FeatureRows a, b;
  fx.sentence({0, tokens.size()}, a);
  fx.sentence({0, tokens.size()}, b);
  ASSERT_EQ(a.size(), tokens.size());
  EXPECT_EQ(a.ids, b.ids);
  for (uint32_t id : a.ids) EXPECT_LT(id, 1u << 12);
  for (size_t t = 0; t < a.size(); ++t) EXPECT_GE(a.begin[t + 1] - a.begin[t], 25u);
  // The two MNIST tokens (4 and 9) share word features but not context ones.
  const std::set<uint32_t> first(a.ids.begin() + a.begin[4], a.ids.begin() + a.begin[5]);
  const std::set<uint32_t> second(a.ids.begin() + a.begin[9], a.ids.begin() + a.begin[10]);
  size_t shared = 0;
  for (uint32_t id : first) shared += second.count(id);
  EXPECT_GE(shared, 10u);
  EXPECT_LT(shared, first.size());
  // A sentence boundary changes the context features of its edge tokens.
  FeatureRows cut;
  fx.sentence({4, tokens.size()}, cut);
  EXPECT_NE(std::vector<uint32_t>(cut.ids.begin(), cut.ids.begin() + cut.begin[1]),
            std::vector<uint32_t>(a.ids.begin() + a.begin[4], a.ids.begin() + a.begin[5]));
}

TEST(FeaturesTest, MarksSayWhereMatchesBeginAndContinue) {
  const std::string text = "on the Penn Treebank and the Penn Treebank task";
  const auto tokens = tokenize(text);  // on the Penn Treebank and the Penn Treebank task
  const size_t penn = text.find("Penn"), end = text.find(" and");
  const std::vector<MatchSpan> spans = {{penn, end, kCatalogMatches, false},
                                        {text.rfind("Penn"), text.size(), kRuleMatches, true}};
  const std::vector<uint8_t> marks = tokenMarks(tokens, spans);
  ASSERT_EQ(marks.size(), 9u);
  EXPECT_EQ(marks[0], 0);
  EXPECT_EQ(marks[2], 1);  // catalog dataset, first token: bits 0-1
  EXPECT_EQ(marks[3], 2);  // catalog dataset, later token
  EXPECT_EQ(marks[4], 0);
  EXPECT_EQ(marks[6], 1 << 6);  // rule task: bits 6-7
  EXPECT_EQ(marks[8], 2 << 6);
  EXPECT_EQ(tokenMarks(tokens, {}), std::vector<uint8_t>(9, 0));
}

TEST(FeaturesTest, MarksChangeTheFeaturesOfMarkedWordsEverywhereInTheDocument) {
  const std::string text = "We use Foo here. Later Foo again and bar";
  const auto tokens = tokenize(text);
  const auto sections = tokenSections(text, tokens, {});
  const std::vector<uint8_t> marks = tokenMarks(tokens, {{text.find("Foo"), text.find("Foo") + 3}});
  const FeatureExtractor plain(text, tokens, sections, {}, 16), marked(text, tokens, sections, marks, 16);
  FeatureRows a, b;
  plain.sentence({0, tokens.size()}, a);
  marked.sentence({0, tokens.size()}, b);
  auto row = [](const FeatureRows& r, size_t t) {
    return std::vector<uint32_t>(r.ids.begin() + r.begin[t], r.ids.begin() + r.begin[t + 1]);
  };
  EXPECT_NE(row(a, 2), row(b, 2));  // the match itself
  EXPECT_NE(row(a, 6), row(b, 6));  // the same word, unmatched, elsewhere in the document
  EXPECT_EQ(row(a, 9), row(b, 9));  // "bar": far from any match
}

}  // namespace
}  // namespace papergraph::model
