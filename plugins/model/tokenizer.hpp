// Tokens with exact UTF-8 byte offsets, and sentences over them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace papergraph::model {

// One token: the byte range [start, end) of the text it came from.
struct Token {
  size_t start = 0;
  size_t end = 0;
  bool line_start = false;  // first token after a line break (or of the text)
};

// A sentence: the token range [begin, end) in a token vector.
struct Sentence {
  size_t begin = 0;
  size_t end = 0;
};

// Splits text into words and punctuation. A word is a run of letters and
// digits (any non-ASCII code point outside the punctuation blocks counts as
// a letter) that may contain '-', '_', '.', '\'' or '+' between word
// characters ("CIFAR-10", "v1.0"); every other non-space character is a
// token of its own. Offsets are exact; invalid UTF-8 bytes become one-byte
// punctuation tokens. Never fails.
std::vector<Token> tokenize(std::string_view text);

// Groups tokens into sentences: a break after ". ? !" followed by a token
// that does not start with a lower-case letter, at every line break, and
// every max_len tokens at the latest.
std::vector<Sentence> splitSentences(std::string_view text, const std::vector<Token>& tokens, size_t max_len = 160);

}  // namespace papergraph::model
