// Tokens, sentences and abbreviation definitions of the rule plugin.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "text.hpp"

namespace papergraph::rules {
namespace {

std::vector<std::string> sentences(const std::string& text) {
  WordSet noBreak{"e.g", "i.e", "Fig", "Eq", "et al", "al", "vs"};
  std::vector<std::string> out;
  std::vector<Span> spans;
  splitSentences(text, noBreak, spans);
  for (const Span& s : spans) out.push_back(text.substr(s.start, s.end - s.start));
  return out;
}

TEST(SentencesTest, AbbreviationsDecimalsAndCitationsDoNotEndASentence) {
  auto s = sentences("Smith et al. [3] show it, e.g. in Fig. 3 with 3.5 points (Jones et al., 2019). "
                     "SQuAD v1.1 is used. J. Smith agrees! Next?");
  EXPECT_EQ(s, (std::vector<std::string>{
                   "Smith et al. [3] show it, e.g. in Fig. 3 with 3.5 points (Jones et al., 2019).",
                   "SQuAD v1.1 is used.", "J. Smith agrees!", "Next?"}));
}

TEST(SentencesTest, SpacedPunctuationAndBlankLines) {
  auto s = sentences("Liu et al . [reference] use it . The end\n\n# Heading\nBody text");
  EXPECT_EQ(s, (std::vector<std::string>{"Liu et al . [reference] use it .", "The end", "# Heading",
                                          "Body text"}));
}

TEST(SentencesTest, LowerCaseAfterADotContinues) {
  EXPECT_EQ(sentences("See sec. two for details.").size(), 1u);
}

TEST(SentencesTest, EndsAreFoundAtEveryOffset) {
  // The scan for sentence-ending bytes steps 16 bytes at a time: an end at
  // any position of a step, and in the tail after the last full step, counts.
  for (size_t pad = 0; pad < 40; ++pad) {
    std::string lead = "Go" + std::string(pad, 'x');
    auto s = sentences(lead + " ends. Next one! Why? Last line\n\nAfter a blank line");
    EXPECT_EQ(s, (std::vector<std::string>{lead + " ends.", "Next one!", "Why?", "Last line",
                                            "After a blank line"}))
        << "pad " << pad;
  }
}

TEST(TextTest, AsciiLowerKeepsOtherBytesAndOffsets) {
  // Every byte value, at every offset of the 16-byte steps and in the tail.
  std::string all;
  for (int round = 0; round < 3; ++round) {
    for (int b = 0; b < 256; ++b) all += char(b);
    all += "xY";
  }
  for (size_t from = 0; from < 40; ++from) {
    std::string_view text = std::string_view(all).substr(from);
    std::string out = "old contents";
    asciiLower(text, out);
    ASSERT_EQ(out.size(), text.size());
    for (size_t i = 0; i < text.size(); ++i) {
      const char c = text[i];
      ASSERT_EQ(out[i], c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c) << "byte " << int(uint8_t(c)) << " at " << i;
    }
  }
}

TEST(TokensTest, WordsOfAnyLengthAtAnyOffset) {
  // Random words of 1-40 characters
  // (ASCII letters, digits, '_', "é") between spaces, commas, no-break
  // spaces and en dashes must come out as exactly the tokens put in.
  std::mt19937 random(7);
  const char* letters[] = {"a", "Z", "7", "_", "é"};
  const char* separators[] = {" ", "  ", ",", "\u2013", "\u00a0"};
  for (int round = 0; round < 200; ++round) {
    std::string text;
    std::vector<std::string> expected;
    for (int w = 0; w < 8; ++w) {
      std::string word;
      for (size_t n = 1 + random() % 40; n > 0; --n) word += letters[random() % 5];
      text += word;
      expected.push_back(word);
      std::string sep = separators[random() % 5];
      text += sep;
      if (sep == "," || sep == "\u2013") expected.push_back(sep);
    }
    std::vector<Token> tokens;
    tokenize(text, tokens);
    std::vector<std::string> got;
    for (const Token& t : tokens) got.push_back(text.substr(t.start, t.end - t.start));
    ASSERT_EQ(got, expected) << text;
  }
}

TEST(TokensTest, SpacingDoesNotChangeTheKey) {
  std::string a = "CIFAR-10", b = "CIFAR - 10", c = "Montezuma ’s Revenge";
  std::vector<Token> ta, tb, tc;
  tokenize(a, ta);
  tokenize(b, tb);
  tokenize(c, tc);
  EXPECT_EQ(ta.size(), 3u);
  EXPECT_EQ(keyOf(a, ta.data(), ta.data() + ta.size()), "CIFAR-10");
  EXPECT_EQ(keyOf(b, tb.data(), tb.data() + tb.size()), "CIFAR-10");
  EXPECT_EQ(keyOf(c, tc.data(), tc.data() + tc.size()), "Montezuma’s Revenge");
}

std::vector<std::pair<std::string, std::string>> abbreviations(const std::string& text) {
  std::vector<Abbreviation> found;
  findAbbreviations(text, Span{0, text.size()}, found);
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& a : found) {
    out.emplace_back(text.substr(a.longForm.start, a.longForm.end - a.longForm.start),
                     text.substr(a.shortForm.start, a.shortForm.end - a.shortForm.start));
  }
  return out;
}

TEST(AbbreviationsTest, SchwartzHearst) {
  auto a = abbreviations("We use the Penn Treebank (PTB) and the Stanford Natural Language Inference ( SNLI ) "
                         "corpus, not (see above) or (2019).");
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a[0], (std::pair<std::string, std::string>{"Penn Treebank", "PTB"}));
  EXPECT_EQ(a[1], (std::pair<std::string, std::string>{"Stanford Natural Language Inference", "SNLI"}));
}

TEST(AbbreviationsTest, FoundAfterAnyLead) {
  for (size_t pad = 0; pad < 20; ++pad) {
    auto a = abbreviations(std::string(pad, 'x') + " (no) the Penn Treebank (PTB) corpus");
    ASSERT_EQ(a.size(), 1u) << "pad " << pad;
    EXPECT_EQ(a[0], (std::pair<std::string, std::string>{"Penn Treebank", "PTB"}));
  }
}

TEST(AbbreviationsTest, NoDefinitionWhenLettersDoNotMatch) {
  EXPECT_TRUE(abbreviations("a large corpus (XYZ) of text").empty());
}

}  // namespace
}  // namespace papergraph::rules
