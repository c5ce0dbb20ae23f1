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
  const FeatureExtractor fx(text, tokens, sections, 12);
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

}  // namespace
}  // namespace papergraph::model
