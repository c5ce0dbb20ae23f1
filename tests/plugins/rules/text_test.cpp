// Tokens, sentences and abbreviation definitions of the rule plugin.
#include <gtest/gtest.h>

#include <cctype>
#include <cstring>

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

// The tokens of text as text.hpp defines them, one byte at a time: text and
// whether it is a word.
std::vector<std::pair<std::string, bool>> referenceTokens(const std::string& t) {
  std::vector<std::pair<std::string, bool>> out;
  auto u = [&](size_t i) { return static_cast<unsigned char>(t[i]); };
  // Length of the punctuation or no-break space starting at i, or 0.
  auto punct = [&](size_t i) -> size_t {
    if (u(i) == 0xE2 && i + 2 < t.size()) return 3;
    if (u(i) == 0xC2 && i + 1 < t.size()) return 2;
    if (u(i) == 0xC3 && i + 1 < t.size() && (u(i + 1) == 0x97 || u(i + 1) == 0xB7)) return 2;
    return 0;
  };
  auto wordByte = [&](size_t i) { return std::isalnum(u(i)) || t[i] == '_' || (u(i) >= 0x80 && !punct(i)); };
  for (size_t i = 0; i < t.size();) {
    if (std::strchr(" \t\n\r\f\v", t[i]) && t[i] != 0) {
      ++i;
    } else if (u(i) == 0xC2 && i + 1 < t.size() && u(i + 1) == 0xA0) {
      i += 2;
    } else if (!wordByte(i)) {
      size_t p = u(i) >= 0x80 ? punct(i) : 1;
      out.emplace_back(t.substr(i, p), false);
      i += p;
    } else {
      size_t s = i;
      while (i < t.size() && wordByte(i)) ++i;
      out.emplace_back(t.substr(s, i - s), true);
    }
  }
  return out;
}

TEST(TokensTest, AnyBytesGiveTheTokensTheDefinitionGives) {
  // Runs of letters, digits, every ASCII space and punctuation byte, NUL,
  // and UTF-8 letters, dashes, no-break spaces and signs, long and short,
  // with and without bytes >= 0x80 in 64-byte stretches.
  std::mt19937 random(11);
  const std::vector<std::string> pieces = {"a",  "Z",  "7",  "_",  " ", "\t", "\n", "\r", "\f", "\v", ",",
                                           "-",  "(",  "]",  "~",  "@", "`",  "{",  std::string(1, '\0'),
                                           "é",  "\u2013", "\u00a0", "\u00b1", "\u00d7", "\u00e9"};
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const bool ascii = round % 2 == 0;
    for (size_t n = random() % 400; n > 0; --n) {
      const std::string& p = pieces[random() % (ascii ? 19 : pieces.size())];
      text += random() % 4 ? p : std::string(1 + random() % 90, p[0] & 0x7F ? p[0] : 'x');
    }
    if (random() % 3 == 0) text += "\xE2";  // cut short at the end
    std::vector<Token> tokens;
    tokenize(text, tokens);
    std::vector<std::pair<std::string, bool>> got;
    for (const Token& t : tokens) got.emplace_back(text.substr(t.start, t.end - t.start), t.word);
    ASSERT_EQ(got, referenceTokens(text)) << "round " << round;
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
