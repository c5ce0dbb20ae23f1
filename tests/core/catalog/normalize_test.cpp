// normalizeName() and slugify(): the spellings papers use fold together,
// different datasets never do.
#include <gtest/gtest.h>

#include "catalog/catalog.hpp"

namespace papergraph {
namespace {

TEST(NormalizeNameTest, HyphenSpaceAndNoSpaceAreOneName) {
  const std::string key = normalizeName("CIFAR-10");
  EXPECT_EQ(normalizeName("CIFAR10"), key);
  EXPECT_EQ(normalizeName("CIFAR 10"), key);
  EXPECT_EQ(normalizeName("cifar_10"), key);
  EXPECT_EQ(normalizeName("CIFAR - 10"), key);  // SciREX tokenisation
  EXPECT_EQ(normalizeName("CIFAR.10"), key);
}

TEST(NormalizeNameTest, DifferentDigitsNeverMerge) {
  EXPECT_NE(normalizeName("CIFAR-10"), normalizeName("CIFAR-100"));
  EXPECT_NE(normalizeName("SQuAD 1.1"), normalizeName("SQuAD 2.0"));
  EXPECT_NE(normalizeName("WMT 2014"), normalizeName("WMT 2016"));
  EXPECT_NE(normalizeName("ML-20M"), normalizeName("ML-1M"));
  EXPECT_NE(normalizeName("MNIST"), normalizeName("Fashion-MNIST"));
}

TEST(NormalizeNameTest, YearForms) {
  const std::string key = normalizeName("WMT 2014");
  EXPECT_EQ(key, "wmt2014");
  EXPECT_EQ(normalizeName("WMT'14"), key);
  EXPECT_EQ(normalizeName("WMT14"), key);
  EXPECT_EQ(normalizeName("WMT\xE2\x80\x99" "14"), key);       // WMT’14
  EXPECT_EQ(normalizeName("WMT \xE2\x80\x99 14"), key);        // WMT ’ 14
  EXPECT_EQ(normalizeName("VOC07"), normalizeName("VOC 2007"));
  EXPECT_EQ(normalizeName("CoNLL'03"), normalizeName("CoNLL 2003"));
  EXPECT_EQ(normalizeName("MUC-97"), normalizeName("MUC 1997"));
}

TEST(NormalizeNameTest, VersionPrefixAndDots) {
  EXPECT_EQ(normalizeName("SQuAD v1.1"), normalizeName("SQuAD 1.1"));
  EXPECT_EQ(normalizeName("SQuAD-v2.0"), normalizeName("SQuAD 2.0"));
  // A dotted version is not a year.
  EXPECT_NE(normalizeName("SQuAD 1.1"), normalizeName("SQuAD 2011"));
}

TEST(NormalizeNameTest, UnicodeDashesQuotesAndCase) {
  EXPECT_EQ(normalizeName("Fashion\xE2\x80\x93MNIST"), normalizeName("Fashion-MNIST"));  // en dash
  EXPECT_EQ(normalizeName("Fashion\xE2\x88\x92MNIST"), normalizeName("fashion-mnist"));  // minus
  EXPECT_EQ(normalizeName("Montezuma \xE2\x80\x99s Revenge"), normalizeName("Montezuma's Revenge"));
  EXPECT_EQ(normalizeName("\xE2\x80\x9CPROMISE 2012\xE2\x80\x9D"), normalizeName("PROMISE2012"));
  EXPECT_EQ(normalizeName("Penn\nTreebank"), normalizeName("Penn Treebank"));
  EXPECT_EQ(normalizeName("ML-20 M"), normalizeName("ML-20M"));
}

TEST(NormalizeNameTest, PunctuationThatIsPartOfANameStays) {
  EXPECT_EQ(normalizeName("D & D"), normalizeName("D&D"));
  EXPECT_NE(normalizeName("D&D"), normalizeName("DD"));
  EXPECT_EQ(normalizeName("CNN/Daily Mail"), normalizeName("CNN / Daily Mail"));
}

TEST(SlugifyTest, AsciiWordsJoinedByDashes) {
  EXPECT_EQ(slugify("SQuAD 1.1"), "squad-1-1");
  EXPECT_EQ(slugify("  CIFAR-10 "), "cifar-10");
  EXPECT_EQ(slugify("CNN/Daily Mail"), "cnn-daily-mail");
  EXPECT_EQ(slugify("Caf\xC3\xA9 \xC3\x9C" "ber"), "cafe-uber");
  EXPECT_EQ(slugify("Montezuma's Revenge"), "montezuma-s-revenge");
  EXPECT_EQ(slugify("\xE2\x80\x9C\xE2\x80\x9D"), "");
}

}  // namespace
}  // namespace papergraph
