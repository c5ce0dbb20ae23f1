#include "tokenizer.hpp"

#include <gtest/gtest.h>

#include <string>

namespace papergraph::model {
namespace {

std::vector<std::string> words(std::string_view text) {
  std::vector<std::string> out;
  for (const Token& t : tokenize(text)) out.emplace_back(text.substr(t.start, t.end - t.start));
  return out;
}

TEST(TokenizerTest, KeepsJoinedNamesAndSplitsPunctuation) {
  EXPECT_EQ(words("We use CIFAR-10, v1.0 and WMT'14 (en-de)."),
            (std::vector<std::string>{"We", "use", "CIFAR-10", ",", "v1.0", "and", "WMT'14", "(", "en-de", ")", "."}));
  EXPECT_EQ(words("a - b -- c."), (std::vector<std::string>{"a", "-", "b", "-", "-", "c", "."}));
}

TEST(TokenizerTest, OffsetsAreExactBytesWithUtf8) {
  const std::string text = "Montezuma \xE2\x80\x99s Revenge on caf\xC3\xA9\n  \xCE\xB1-test";
  const auto tokens = tokenize(text);
  ASSERT_EQ(tokens.size(), 7u);  // Montezuma ’ s Revenge on café α-test
  EXPECT_EQ(text.substr(tokens[1].start, tokens[1].end - tokens[1].start), "\xE2\x80\x99");  // a quote: punctuation
  EXPECT_EQ(text.substr(tokens[5].start, tokens[5].end - tokens[5].start), "caf\xC3\xA9");   // a letter
  EXPECT_EQ(text.substr(tokens[6].start, tokens[6].end - tokens[6].start), "\xCE\xB1-test");
  EXPECT_TRUE(tokens[0].line_start);
  EXPECT_FALSE(tokens[5].line_start);
  EXPECT_TRUE(tokens[6].line_start);
}

TEST(TokenizerTest, InvalidUtf8BecomesOneBytePunctuation) {
  const std::string text =
      "ab\xFF"
      "cd \xE2\x80";
  const auto tokens = tokenize(text);
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[1].start, 2u);
  EXPECT_EQ(tokens[1].end, 3u);
  EXPECT_EQ(tokens.back().end, text.size());
}

TEST(TokenizerTest, SentencesBreakAtFullStopsAndLines) {
  const std::string text = "We use MNIST. It is small, e.g. tiny.\nNext line";
  const auto tokens = tokenize(text);
  const auto sentences = splitSentences(text, tokens);
  ASSERT_EQ(sentences.size(), 3u);
  EXPECT_EQ(sentences[0].end - sentences[0].begin, 4u);  // We use MNIST .
  EXPECT_EQ(sentences[2].begin, tokens.size() - 2);
  EXPECT_EQ(sentences[2].end, tokens.size());
  const auto capped = splitSentences(text, tokens, 3);
  for (const Sentence& s : capped) EXPECT_LE(s.end - s.begin, 3u);
}

TEST(TokenizerTest, EmptyText) {
  EXPECT_TRUE(tokenize("").empty());
  EXPECT_TRUE(splitSentences("", {}).empty());
}

}  // namespace
}  // namespace papergraph::model
