// Merging: overlapping mentions from several extractors become one piece of
// evidence with every extractor's provenance; evidence becomes entities by
// catalog id, normalised name and abbreviation links, never across two
// catalog ids; citation markers right after a mention are linked.
#include "merge/merge.hpp"

#include <gtest/gtest.h>

namespace papergraph {
namespace {

Paper paper(const std::string& text) {
  Paper p;
  p.id = "p";
  p.source = "p.md";
  p.text = text;
  return p;
}

Mention mention(const std::string& text, const std::string& surface, size_t nth, const std::string& extractor,
                float conf, std::map<std::string, std::string> attrs = {}, Kind kind = Kind::kDataset,
                std::string key = "") {
  size_t pos = text.find(surface);
  for (size_t i = 0; i < nth; ++i) pos = text.find(surface, pos + 1);
  Mention m;
  m.start = pos;
  m.end = pos + surface.size();
  m.kind = kind;
  m.confidence = conf;
  m.key = key.empty() ? surface : key;
  m.extractor = extractor;
  m.attributes = std::move(attrs);
  return m;
}

const Entity* find(const PaperResult& r, const std::string& name) {
  for (const auto& e : r.entities)
    if (e.name == name) return &e;
  return nullptr;
}

TEST(Merge, OverlappingMentionsFromTwoExtractorsAreOneEvidenceWithBothSources) {
  std::string t = "We train on the CIFAR-10 dataset.";
  auto r = mergeMentions(
      paper(t), {mention(t, "CIFAR-10", 0, "gazetteer", 0.9f, {{"catalog_id", "cifar-10"}}, Kind::kDataset, "CIFAR-10"),
                 mention(t, "CIFAR-10 dataset", 0, "rules", 0.7f, {{"split", "train"}})});
  ASSERT_EQ(r.entities.size(), 1u);
  const Entity& e = r.entities[0];
  ASSERT_EQ(e.mentions.size(), 1u);
  // The catalog match's span and name win; both extractors are kept.
  EXPECT_EQ(e.mentions[0].text, "CIFAR-10");
  EXPECT_EQ(e.mentions[0].sources.size(), 2u);
  EXPECT_NEAR(e.mentions[0].confidence, 1 - 0.1 * 0.3, 1e-5);
  EXPECT_EQ(e.catalog_id, "cifar-10");
  EXPECT_EQ(e.attributes.at("split"), "train");
}

TEST(Merge, SpellingVariantsGroupIntoOneEntity) {
  std::string t = "CIFAR10 results. More CIFAR-10 results. And CIFAR 10.";
  auto r = mergeMentions(paper(t), {mention(t, "CIFAR10", 0, "rules", 0.6f), mention(t, "CIFAR-10", 0, "rules", 0.6f),
                                    mention(t, "CIFAR 10", 0, "rules", 0.6f)});
  ASSERT_EQ(r.entities.size(), 1u);
  EXPECT_EQ(r.entities[0].mentions.size(), 3u);
}

TEST(Merge, DifferentNumbersAndDifferentCatalogIdsNeverMerge) {
  std::string t = "CIFAR-10 and CIFAR-100; SQuAD 1.1 and SQuAD 2.0.";
  auto r = mergeMentions(
      paper(t), {mention(t, "CIFAR-10", 0, "rules", 0.6f), mention(t, "CIFAR-100", 0, "rules", 0.6f),
                 mention(t, "SQuAD 1.1", 0, "g", 0.9f, {{"catalog_id", "squad-1-1"}}, Kind::kDataset, "SQuAD"),
                 mention(t, "SQuAD 2.0", 0, "g", 0.9f, {{"catalog_id", "squad-2-0"}}, Kind::kDataset, "SQuAD")});
  // The two SQuAD mentions propose the same name but carry different ids.
  EXPECT_EQ(r.entities.size(), 4u);
}

TEST(Merge, AbbreviationLinksJoinAbbreviationAndExpansion) {
  std::string t = "The Penn Treebank (PTB) is used. Later, PTB results.";
  auto r = mergeMentions(paper(t), {mention(t, "Penn Treebank", 0, "rules", 0.8f, {{"abbreviation", "PTB"}}),
                                    mention(t, "PTB", 0, "rules", 0.8f, {{"expansion", "Penn Treebank"}}),
                                    mention(t, "PTB", 1, "rules", 0.5f, {}, Kind::kDataset, "PTB")});
  ASSERT_EQ(r.entities.size(), 1u) << "one dataset however it is spelled";
  EXPECT_EQ(r.entities[0].mentions.size(), 3u);
}

TEST(Merge, KindsStaySeparate) {
  std::string t = "machine translation on WMT.";
  auto r = mergeMentions(
      paper(t), {mention(t, "machine translation", 0, "g", 0.9f, {}, Kind::kTask), mention(t, "WMT", 0, "g", 0.9f)});
  ASSERT_EQ(r.entities.size(), 2u);
  EXPECT_EQ(find(r, "machine translation")->kind, Kind::kTask);
  EXPECT_EQ(find(r, "WMT")->kind, Kind::kDataset);
}

TEST(Merge, RolePrecedenceIntroducedOverUsedOverReferred) {
  std::string t = "We release FooSet. FooSet has 10 images. Unlike FooSet, others...";
  auto r = mergeMentions(paper(t), {mention(t, "FooSet", 0, "rules", 0.8f, {{"role", "introduced"}}),
                                    mention(t, "FooSet", 1, "rules", 0.8f, {{"role", "used"}}),
                                    mention(t, "FooSet", 2, "rules", 0.8f, {{"role", "referred-to"}})});
  ASSERT_EQ(r.entities.size(), 1u);
  EXPECT_EQ(r.entities[0].role, "introduced");
  auto r2 = mergeMentions(paper(t), {mention(t, "FooSet", 2, "rules", 0.8f, {{"role", "referred-to"}})});
  EXPECT_EQ(r2.entities[0].role, "referred-to");
  auto r3 = mergeMentions(paper(t), {mention(t, "FooSet", 1, "gazetteer", 0.8f)});
  EXPECT_EQ(r3.entities[0].role, "used") << "no role said: used";
}

TEST(Merge, CitationMarkerRightAfterIsLinked) {
  std::string t = "We use the CIFAR-10 dataset [3] and MNIST. Also SVHN. [4]";
  Paper p = paper(t);
  p.citations.push_back({t.find("[3]"), t.find("[3]") + 3, {"b2"}});
  p.citations.push_back({t.find("[4]"), t.find("[4]") + 3, {"b3"}});
  auto r = mergeMentions(
      p, {mention(t, "CIFAR-10", 0, "g", 0.9f), mention(t, "MNIST", 0, "g", 0.9f), mention(t, "SVHN", 0, "g", 0.9f)});
  EXPECT_EQ(find(r, "CIFAR-10")->citations, std::vector<std::string>{"b2"});
  EXPECT_EQ(find(r, "CIFAR-10")->mentions[0].citation, "b2");
  EXPECT_TRUE(find(r, "MNIST")->citations.empty()) << "[3] belongs to CIFAR-10, [4] is after a sentence end";
  EXPECT_TRUE(find(r, "SVHN")->citations.empty());
}

TEST(Merge, EntitiesComeInOrderOfFirstAppearanceWithMentionsInTextOrder) {
  std::string t = "B-set then A-set then B-set.";
  auto r = mergeMentions(paper(t), {mention(t, "B-set", 1, "x", 0.5f), mention(t, "A-set", 0, "x", 0.5f),
                                    mention(t, "B-set", 0, "x", 0.5f)});
  ASSERT_EQ(r.entities.size(), 2u);
  EXPECT_EQ(r.entities[0].name, "B-set");
  EXPECT_LT(r.entities[0].mentions[0].start, r.entities[0].mentions[1].start);
}

TEST(Merge, MentionsInTheReferenceListAreNotUsage) {
  std::string t = "# Paper\n\nWe use PPI [1].\n\n## References\n\n[1] M. Zitnik. PPI networks. Bioinformatics, 2017.\n";
  Paper p = paper(t);
  size_t refs = t.find("[1] M.");
  p.sections.push_back({"Paper", 8, t.find("## References")});
  p.sections.push_back({"References", refs, t.size()});
  auto r = mergeMentions(p, {mention(t, "PPI", 0, "g", 0.9f), mention(t, "PPI", 1, "g", 0.9f),
                             mention(t, "Bioinformatics", 0, "rules", 0.7f)});
  ASSERT_EQ(r.entities.size(), 1u);
  EXPECT_EQ(r.entities[0].name, "PPI");
  EXPECT_EQ(r.entities[0].mentions.size(), 1u);
}

}  // namespace
}  // namespace papergraph
