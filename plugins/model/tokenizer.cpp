#include "tokenizer.hpp"

namespace papergraph::model {
namespace {

enum class CharClass { kSpace, kNewline, kWord, kJoiner, kPunct };

// Decodes the code point at text[i]; sets len to its byte length (1 for an
// invalid byte, which is returned as 0xFFFD).
uint32_t decode(std::string_view text, size_t i, size_t& len) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  len = 1;
  if (b0 < 0x80) return b0;
  size_t n = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 0;
  if (n == 0 || i + n > text.size()) return 0xFFFD;
  uint32_t cp = b0 & (0x3F >> (n - 1));
  for (size_t k = 1; k < n; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) return 0xFFFD;
    cp = (cp << 6) | (b & 0x3F);
  }
  len = n;
  return cp;
}

CharClass classify(uint32_t cp) {
  if (cp == '\n' || cp == '\r') return CharClass::kNewline;
  if (cp == ' ' || cp == '\t' || cp == '\f' || cp == '\v' || cp == 0xA0) return CharClass::kSpace;
  if (cp < 0x80) {
    if ((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) {
      return CharClass::kWord;
    }
    if (cp == '-' || cp == '_' || cp == '.' || cp == '\'' || cp == '+') return CharClass::kJoiner;
    return CharClass::kPunct;
  }
  if (cp == 0xFFFD) return CharClass::kPunct;
  // Latin-1 symbols, general punctuation, arrows and maths operators, CJK
  // punctuation: one token each.
  if ((cp >= 0xA1 && cp <= 0xBF) || cp == 0xD7 || cp == 0xF7 || (cp >= 0x2000 && cp <= 0x2BFF) ||
      (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFF00 && cp <= 0xFF0F)) {
    return CharClass::kPunct;
  }
  return CharClass::kWord;
}

}  // namespace

std::vector<Token> tokenize(std::string_view text) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 5 + 1);
  bool line_start = true;
  size_t i = 0;
  while (i < text.size()) {
    size_t len = 0;
    const uint32_t cp = decode(text, i, len);
    const CharClass c = classify(cp);
    if (c == CharClass::kNewline) {
      line_start = true;
      i += len;
      continue;
    }
    if (c == CharClass::kSpace) {
      i += len;
      continue;
    }
    if (c != CharClass::kWord) {
      tokens.push_back({i, i + len, line_start});
      line_start = false;
      i += len;
      continue;
    }
    // A word: word characters, joiners only between word characters.
    const size_t start = i;
    i += len;
    while (i < text.size()) {
      size_t l1 = 0;
      const CharClass c1 = classify(decode(text, i, l1));
      if (c1 == CharClass::kWord) {
        i += l1;
        continue;
      }
      if (c1 == CharClass::kJoiner && i + l1 < text.size()) {
        size_t l2 = 0;
        if (classify(decode(text, i + l1, l2)) == CharClass::kWord) {
          i += l1 + l2;
          continue;
        }
      }
      break;
    }
    tokens.push_back({start, i, line_start});
    line_start = false;
  }
  return tokens;
}

std::vector<Sentence> splitSentences(std::string_view text, const std::vector<Token>& tokens, size_t max_len) {
  std::vector<Sentence> out;
  size_t begin = 0;
  for (size_t t = 0; t < tokens.size(); ++t) {
    const bool last = t + 1 == tokens.size();
    bool brk = last || tokens[t + 1].line_start || t + 1 - begin >= max_len;
    if (!brk && tokens[t].end - tokens[t].start == 1) {
      const char c = text[tokens[t].start];
      if (c == '.' || c == '?' || c == '!') {
        const char n = text[tokens[t + 1].start];
        brk = !(n >= 'a' && n <= 'z');
      }
    }
    if (brk) {
      out.push_back({begin, t + 1});
      begin = t + 1;
    }
  }
  return out;
}

}  // namespace papergraph::model
