// Name analysis: distinguishing parts, generic words, version suffixes, the
// fuzzy threshold.
#include <gtest/gtest.h>

#include "resolve/names.hpp"

namespace papergraph {
namespace {

TEST(Names, SignatureKeepsNumbersLanguagePairsAndVariantWords) {
  EXPECT_EQ(distinguishingSignature("CIFAR-10"), distinguishingSignature("CIFAR10"));
  EXPECT_NE(distinguishingSignature("CIFAR-10"), distinguishingSignature("CIFAR-100"));
  EXPECT_EQ(distinguishingSignature("WMT'14 En-De"), "2014|en-de");
  EXPECT_EQ(distinguishingSignature("WMT 2014 English\xe2\x80\x93German"), "2014|en-de");
  EXPECT_NE(distinguishingSignature("WMT14 En-De"), distinguishingSignature("WMT14 En-Fr"));
  EXPECT_EQ(distinguishingSignature("SQuAD 1.1"), "1.1");
  EXPECT_EQ(distinguishingSignature("Tiny ImageNet"), "tiny");
  EXPECT_EQ(distinguishingSignature("MultiNLI matched"), "matched");
}

TEST(Names, GenericWordsAreDropped) {
  EXPECT_EQ(stripGenericWords("the CIFAR-10 dataset"), "CIFAR-10");
  EXPECT_EQ(stripGenericWords("Penn Treebank corpus"), "Penn Treebank");
  EXPECT_EQ(stripGenericWords("Cityscapes test set"), "Cityscapes");
  EXPECT_EQ(stripGenericWords("Set14"), "Set14");
  EXPECT_EQ(stripGenericWords("dataset"), "dataset");  // nothing left: unchanged
  EXPECT_EQ(resolutionKey("Cityscapes"), resolutionKey("Cityscape dataset"));
}

TEST(Names, VersionSuffixes) {
  auto v = splitVersionSuffix("FooBench 2.0");
  EXPECT_EQ(v.base, "FooBench");
  EXPECT_EQ(v.suffix, "2.0");
  EXPECT_FALSE(v.is_variant);
  EXPECT_EQ(splitVersionSuffix("FooBench v3").base, "FooBench");
  EXPECT_EQ(splitVersionSuffix("BarCorpus 2019").suffix, "2019");
  auto p = splitVersionSuffix("WMT14 En-De");
  EXPECT_EQ(p.base, "WMT14");
  EXPECT_TRUE(p.is_variant);
  EXPECT_TRUE(splitVersionSuffix("CIFAR-10").base.empty());  // a count, not a version
  EXPECT_TRUE(splitVersionSuffix("Caltech-101").base.empty());
  EXPECT_TRUE(splitVersionSuffix("2012").base.empty());
}

TEST(Names, FuzzyThresholdSeparatesTyposFromOtherNames) {
  // Accepted: one edit in an 8-byte key, a transposition, two edits in 16+.
  EXPECT_GE(similarity("omniglat", "omniglot"), kFuzzyThreshold);
  EXPECT_GE(similarity("omniglott", "omniglot"), kFuzzyThreshold);
  EXPECT_GE(similarity("megadepht", "megadepth"), kFuzzyThreshold);
  EXPECT_GE(similarity("visualgenomme", "visualgenome"), kFuzzyThreshold);
  EXPECT_GE(similarity("movielenssmallerrs", "movielenssmallerr"), kFuzzyThreshold);
  // Rejected: one edit in 7 or fewer bytes, two in 15 or fewer, other words.
  EXPECT_LT(similarity("kinetcs", "kinetcz"), kFuzzyThreshold);
  EXPECT_LT(similarity("omnigloss", "omniglot"), kFuzzyThreshold);
  EXPECT_LT(similarity("cora", "core"), kFuzzyThreshold);
  EXPECT_LT(similarity("emnist", "mnist"), kFuzzyThreshold);
  EXPECT_LT(similarity("cityscapes", "cityspace"), kFuzzyThreshold);
  EXPECT_EQ(similarity("abc", "abcdefgh"), 0.0);  // length gap: cheap reject
}

TEST(Names, LanguagePairOnly) {
  EXPECT_EQ(languagePairOnly("English-German"), "en-de");
  EXPECT_EQ(languagePairOnly("en\xe2\x86\x92" "de"), "en-de");
  EXPECT_EQ(languagePairOnly("English-to-French data"), "en-fr");
  EXPECT_EQ(languagePairOnly("English \xe2\x80\x93 Romanian"), "en-ro");
  EXPECT_EQ(languagePairOnly("WMT14 English-German"), "");
  EXPECT_EQ(languagePairOnly("German"), "");
}

TEST(Names, NamesThatNameNoDataset) {
  EXPECT_TRUE(namesNoDataset("2012 benchmarks"));
  EXPECT_TRUE(namesNoDataset("-100"));
  EXPECT_TRUE(namesNoDataset("v1.1"));
  EXPECT_TRUE(namesNoDataset("5-shot"));
  EXPECT_TRUE(namesNoDataset("few-shot"));
  EXPECT_TRUE(namesNoDataset("20-way 1-shot"));
  EXPECT_TRUE(namesNoDataset("test split"));
  EXPECT_FALSE(namesNoDataset("Set5"));
  EXPECT_FALSE(namesNoDataset("Set14 dataset"));
  EXPECT_FALSE(namesNoDataset("300W"));
  EXPECT_FALSE(namesNoDataset("20 Newsgroups"));
  EXPECT_FALSE(namesNoDataset("One Billion Word"));
  EXPECT_FALSE(namesNoDataset("hard set"));  // a subset: "WIDER FACE hard"
}

TEST(Names, ElidedVersions) {
  EXPECT_EQ(elidedVersion("2012 benchmarks"), "2012");
  EXPECT_EQ(elidedVersion("-100"), "100");
  EXPECT_EQ(elidedVersion("v1.1"), "v1.1");
  EXPECT_EQ(elidedVersion("5-shot"), "");
  EXPECT_EQ(elidedVersion("CIFAR-100"), "");
  EXPECT_EQ(completeElidedVersion("PASCAL VOC 2007", "2012"), "PASCAL VOC 2012");
  EXPECT_EQ(completeElidedVersion("the CoNLL-2005 dataset", "2012"), "CoNLL-2012");
  EXPECT_EQ(completeElidedVersion("CIFAR-10", "100"), "CIFAR-100");
  EXPECT_EQ(completeElidedVersion("SQuAD", "v1.1"), "SQuAD v1.1");
  EXPECT_EQ(completeElidedVersion("SQuAD v1.1", "v2.0"), "SQuAD v2.0");
  EXPECT_EQ(completeElidedVersion("", "2012"), "");
}

TEST(Names, TaskWords) {
  EXPECT_EQ(taskWords("Machine translation tasks"), (std::vector<std::string>{"machine", "translation"}));
  EXPECT_EQ(taskWords("the detection problem"), (std::vector<std::string>{"the", "detection"}));
  EXPECT_TRUE(taskWords("tasks").empty());
}

TEST(Names, Abbreviations) {
  EXPECT_TRUE(isAbbreviationOf("PTB", "Penn Treebank"));
  EXPECT_TRUE(isAbbreviationOf("SNLI", "Stanford Natural Language Inference"));
  EXPECT_FALSE(isAbbreviationOf("SST", "Penn Treebank"));
  EXPECT_FALSE(isAbbreviationOf("PT", "Penn Treebank Wall Street Journal corpus"));
}

}  // namespace
}  // namespace papergraph
