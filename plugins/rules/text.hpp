// Text helpers of the rule plugin: tokens, sentences, abbreviation
// definitions. All linear in the length of the text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace papergraph::rules {

// Hashes a word, for lookups by string_view.
struct WordHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

// A set of words looked up by string_view without copying the word.
using WordSet = std::unordered_set<std::string, WordHash, std::equal_to<>>;

// A byte range [start, end) in a paper's text.
struct Span {
  size_t start = 0, end = 0;
};

// A word (letters, digits, '_', non-ASCII letters) or one punctuation mark.
// Whitespace is not a token, so "CIFAR-10" and "CIFAR - 10" give the same
// tokens.
struct Token {
  uint32_t start, end;
  bool word;
};

// Splits text into tokens, replacing the contents of out (whose capacity is
// reused from paper to paper).
void tokenize(std::string_view text, std::vector<Token>& out);

// Replaces out with text, ASCII letters lower-cased (other bytes unchanged,
// so offsets stay the same).
void asciiLower(std::string_view text, std::string& out);

// The grouping key of a token run: words separated by one space,
// punctuation attached ("CIFAR - 10" -> "CIFAR-10").
std::string keyOf(std::string_view text, const Token* begin, const Token* end);

// Splits text into sentences. A '.', '!' or '?' followed by space and an
// upper-case letter, digit, bracket or quote ends a sentence, unless the
// word before is in noBreak ("et al", "e.g", "Fig") or a single initial;
// a blank line and Markdown heading lines end one too. Decimals ("3.5") and
// versions ("v1.1") never do. Replaces the contents of out.
void splitSentences(std::string_view text, const WordSet& noBreak, std::vector<Span>& out);

// A defined abbreviation: "Penn Treebank (PTB)" gives longForm "Penn
// Treebank" and shortForm "PTB" (Schwartz & Hearst 2003).
struct Abbreviation {
  Span longForm, shortForm;
};

// Finds "long form (SHORT)" definitions inside one sentence.
void findAbbreviations(std::string_view text, Span sentence, std::vector<Abbreviation>& out);

}  // namespace papergraph::rules
