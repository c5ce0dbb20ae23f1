#include "text.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace papergraph::rules {
namespace {

constexpr bool isAsciiSpace(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
constexpr bool isAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
bool isUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
char lower(unsigned char c) { return static_cast<char>(std::tolower(c)); }

// Length of a UTF-8 punctuation or space sequence at i (dashes, quotes,
// arrows, no-break space), or 0 when the byte at i starts something else.
size_t unicodePunct(std::string_view t, size_t i) {
  unsigned char c = static_cast<unsigned char>(t[i]);
  if (c == 0xE2 && i + 2 < t.size()) return 3;        // U+2000..U+2FFF: punctuation, arrows, math
  if (c == 0xC2 && i + 1 < t.size()) return 2;        // U+0080..U+00BF: nbsp, §, °, ±
  if (c == 0xC3 && i + 1 < t.size() && (static_cast<unsigned char>(t[i + 1]) == 0x97 ||
                                        static_cast<unsigned char>(t[i + 1]) == 0xB7)) {
    return 2;  // × ÷
  }
  return 0;
}

bool isNbsp(std::string_view t, size_t i) {
  return i + 1 < t.size() && static_cast<unsigned char>(t[i]) == 0xC2 &&
         static_cast<unsigned char>(t[i + 1]) == 0xA0;
}

}  // namespace

namespace {

// Byte classes for tokenize(): one table lookup per byte.
enum ByteClass : uint8_t { kSpace, kWordByte, kPunctByte, kHighByte };

constexpr std::array<uint8_t, 256> kByteClass = [] {
  std::array<uint8_t, 256> c{};
  for (int b = 0; b < 256; ++b) {
    unsigned char u = static_cast<unsigned char>(b);
    c[size_t(b)] = u >= 0x80 ? kHighByte : isAsciiSpace(u) ? kSpace : (isAlnum(u) || u == '_') ? kWordByte : kPunctByte;
  }
  return c;
}();

// The bytes splitSentences() stops at: '\n', '.', '!', '?'.
constexpr std::array<bool, 256> kSentenceByte = [] {
  std::array<bool, 256> c{};
  for (unsigned char b : {'\n', '.', '!', '?'}) c[b] = true;
  return c;
}();

// The first i' >= i with t[i'] one of '\n', '.', '!', '?', or t.size():
// 16 bytes per step where SSE2 is there.
size_t nextSentenceByte(std::string_view t, size_t i) {
#ifdef __SSE2__
  const __m128i nl = _mm_set1_epi8('\n'), dot = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!'),
                ask = _mm_set1_epi8('?');
  for (; i + 16 <= t.size(); i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t.data() + i));
    __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, nl), _mm_cmpeq_epi8(v, dot)),
                               _mm_or_si128(_mm_cmpeq_epi8(v, bang), _mm_cmpeq_epi8(v, ask)));
    if (int mask = _mm_movemask_epi8(hit)) return i + size_t(__builtin_ctz(unsigned(mask)));
  }
#endif
  while (i < t.size() && !kSentenceByte[static_cast<unsigned char>(t[i])]) ++i;
  return i;
}

}  // namespace

namespace {

#ifdef __SSE2__
// Classes of the 64 bytes at p, one bit per byte: word bytes (ASCII letters,
// digits, '_'), ASCII spaces, and bytes >= 0x80.
struct BlockMasks {
  uint64_t word = 0, space = 0, high = 0;
};

BlockMasks classify64(const unsigned char* p) {
  BlockMasks m;
  // Signed compares: bytes >= 0x80 are negative, so in no ASCII range.
  const __m128i d0 = _mm_set1_epi8('0' - 1), d9 = _mm_set1_epi8('9' + 1), la = _mm_set1_epi8('a' - 1),
                lz = _mm_set1_epi8('z' + 1), caseBit = _mm_set1_epi8(0x20), under = _mm_set1_epi8('_'),
                blank = _mm_set1_epi8(' '), c0 = _mm_set1_epi8(0x08), c1 = _mm_set1_epi8(0x0E);
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const __m128i folded = _mm_or_si128(v, caseBit);  // A-Z -> a-z; no other byte lands in a-z
    const __m128i word = _mm_or_si128(
        _mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(v, d0), _mm_cmplt_epi8(v, d9)),
                     _mm_and_si128(_mm_cmpgt_epi8(folded, la), _mm_cmplt_epi8(folded, lz))),
        _mm_cmpeq_epi8(v, under));
    const __m128i space = _mm_or_si128(_mm_cmpeq_epi8(v, blank),  // \t \n \v \f \r
                                       _mm_and_si128(_mm_cmpgt_epi8(v, c0), _mm_cmplt_epi8(v, c1)));
    m.word |= uint64_t(uint32_t(_mm_movemask_epi8(word))) << (16 * k);
    m.space |= uint64_t(uint32_t(_mm_movemask_epi8(space))) << (16 * k);
    m.high |= uint64_t(uint32_t(_mm_movemask_epi8(v))) << (16 * k);
  }
  return m;
}
#endif

// The token (or space) at i, appended to out; returns where the next one
// begins.
size_t tokenAt(std::string_view t, size_t i, std::vector<Token>& out) {
  const auto* b = reinterpret_cast<const unsigned char*>(t.data());
  const size_t n = t.size();
  const uint8_t k = kByteClass[b[i]];
  if (k == kSpace) return i + 1;
  if (k == kPunctByte) {
    out.push_back({uint32_t(i), uint32_t(i + 1), false});
    return i + 1;
  }
  if (k == kHighByte) {
    if (isNbsp(t, i)) return i + 2;
    if (size_t p = unicodePunct(t, i)) {
      out.push_back({uint32_t(i), uint32_t(i + p), false});
      return i + p;
    }
  }
  // A word: ASCII letters, digits, '_' and non-ASCII bytes that do not
  // start punctuation.
  size_t s = i;
  while (i < n) {
    const uint8_t d = kByteClass[b[i]];
    if (d == kWordByte || (d == kHighByte && unicodePunct(t, i) == 0)) {
      ++i;
    } else {
      break;
    }
  }
  out.push_back({uint32_t(s), uint32_t(i), true});
  return i;
}

}  // namespace

void tokenize(std::string_view t, std::vector<Token>& out) {
  out.clear();
  out.reserve(t.size() / 5);
  const size_t n = t.size();
  size_t i = 0;
#ifdef __SSE2__
  // 64 bytes of plain ASCII at a time: tokens from bit masks (a word is a
  // run of word bytes, every other non-space byte a token of its own; a word
  // reaching a block's end goes on in the next). A block with a byte >=
  // 0x80 is read byte by byte. i is always where a block begins: a token or
  // a space, or the rest of the open word.
  constexpr size_t kNone = ~size_t(0);
  size_t bytewiseUntil = 0, open = kNone;  // open: where a word reaching the last block's end began
  while (i + 64 <= n) {
    if (i < bytewiseUntil) {
      i = tokenAt(t, i, out);
      continue;
    }
    const BlockMasks m = classify64(reinterpret_cast<const unsigned char*>(t.data() + i));
    if (m.high) {
      bytewiseUntil = i + 64;
      if (open != kNone) i = tokenAt(t, open, out), open = kNone;  // it may go on in non-ASCII letters
      continue;
    }
    const uint64_t punct = ~(m.word | m.space);
    const uint64_t wordLast = m.word & ~(m.word >> 1);  // the last byte of each run
    uint64_t starts = (m.word & ~(m.word << 1)) | punct;
    if (open != kNone) {
      if (m.word == ~uint64_t(0)) {
        i += 64;
        continue;
      }
      const unsigned rest = unsigned(__builtin_ctzll(~m.word));
      out.push_back({uint32_t(open), uint32_t(i + rest), true});
      open = kNone;
      if (rest) starts &= ~uint64_t(1);  // byte 0 went on with the open word
    }
    while (starts) {
      const unsigned at = unsigned(__builtin_ctzll(starts));
      starts &= starts - 1;
      if (punct >> at & 1) {
        out.push_back({uint32_t(i + at), uint32_t(i + at + 1), false});
        continue;
      }
      const unsigned last = at + unsigned(__builtin_ctzll(wordLast >> at));
      if (last == 63) {  // may go on in the next block
        open = i + at;
        break;
      }
      out.push_back({uint32_t(i + at), uint32_t(i + last + 1), true});
    }
    i += 64;
  }
  if (open != kNone) i = tokenAt(t, open, out);
#endif
  while (i < n) i = tokenAt(t, i, out);
}

void asciiLower(std::string_view text, std::string& out) {
  out.resize(text.size());
  const char* from = text.data();
  char* to = out.data();
  size_t i = 0;
#ifdef __SSE2__
  // Signed compares: bytes >= 0x80 are negative, so never upper case.
  const __m128i beforeA = _mm_set1_epi8('A' - 1), afterZ = _mm_set1_epi8('Z' + 1), bit = _mm_set1_epi8(0x20);
  for (; i + 16 <= text.size(); i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(from + i));
    __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(v, beforeA), _mm_cmplt_epi8(v, afterZ));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(to + i), _mm_or_si128(v, _mm_and_si128(upper, bit)));
  }
#endif
  for (; i < text.size(); ++i) to[i] = from[i] >= 'A' && from[i] <= 'Z' ? char(from[i] + ('a' - 'A')) : from[i];
}

std::string keyOf(std::string_view text, const Token* begin, const Token* end) {
  std::string key;
  for (const Token* t = begin; t != end; ++t) {
    if (t != begin && t->word && (t - 1)->word) key += ' ';
    key.append(text.substr(t->start, t->end - t->start));
  }
  return key;
}

void splitSentences(std::string_view t, const WordSet& noBreak, std::vector<Span>& out) {
  out.clear();
  size_t start = 0;
  size_t lineStart = 0;
  auto close = [&](size_t end, size_t next) {
    while (start < end && isAsciiSpace(static_cast<unsigned char>(t[start]))) ++start;
    size_t e = end;
    while (e > start && isAsciiSpace(static_cast<unsigned char>(t[e - 1]))) --e;
    if (e > start) out.push_back({start, e});
    start = next;
  };
  for (size_t i = nextSentenceByte(t, 0); i < t.size(); i = nextSentenceByte(t, i + 1)) {
    char c = t[i];
    if (c == '\n') {
      // Blank line, or a Markdown heading line on either side.
      size_t j = i + 1;
      while (j < t.size() && (t[j] == ' ' || t[j] == '\t' || t[j] == '\r')) ++j;
      bool blank = j >= t.size() || t[j] == '\n';
      bool heading = t[lineStart] == '#' || (j < t.size() && t[j] == '#');
      if (blank || heading) close(i, i + 1);
      lineStart = i + 1;
      continue;
    }
    if (c != '.' && c != '!' && c != '?') continue;
    // Closing quotes and brackets stay with the sentence.
    size_t j = i + 1;
    while (j < t.size() && (t[j] == '"' || t[j] == '\'' || t[j] == ')' || t[j] == ']')) ++j;
    if (j < t.size() && !isAsciiSpace(static_cast<unsigned char>(t[j]))) continue;  // 3.5, v1.1, e.g.x
    size_t k = j;
    while (k < t.size() && (t[k] == ' ' || t[k] == '\t')) ++k;
    if (k < t.size()) {
      unsigned char n = static_cast<unsigned char>(t[k]);
      bool opener = isUpper(n) || std::isdigit(n) || n == '[' || n == '(' || n == '"' || n == '#' ||
                    n == '\n' || n == 0xE2 /* “ ‘ */;
      if (!opener) continue;
    }
    if (c == '.') {
      // The word before the dot (SciREX writes "et al ." with a space).
      size_t e = i;
      if (e > 0 && t[e - 1] == ' ') --e;
      size_t b = e;
      while (b > 0 && e - b < 12 && (isAlnum(static_cast<unsigned char>(t[b - 1])) || t[b - 1] == '.')) --b;
      std::string_view word = t.substr(b, e - b);
      if (word.size() == 1 && isUpper(static_cast<unsigned char>(word[0]))) continue;  // "J. Smith"
      if (!word.empty() && noBreak.count(word)) continue;
      if (word == "al" || word.ends_with(".al")) continue;
    }
    close(j, j);
  }
  close(t.size(), t.size());
}

void findAbbreviations(std::string_view t, Span sentence, std::vector<Abbreviation>& out) {
  for (size_t i = sentence.start; i < sentence.end; ++i) {
    const void* open = std::memchr(t.data() + i, '(', sentence.end - i);
    if (!open) break;
    i = size_t(static_cast<const char*>(open) - t.data());
    // The short form: up to 16 bytes before ')', no nested brackets.
    size_t j = i + 1;
    while (j < sentence.end && j - i <= 18 && t[j] != ')' && t[j] != '(') ++j;
    if (j >= sentence.end || t[j] != ')') continue;
    size_t s = i + 1, e = j;
    while (s < e && t[s] == ' ') ++s;
    while (e > s && t[e - 1] == ' ') --e;
    std::string_view sf = t.substr(s, e - s);
    if (sf.size() < 2 || sf.size() > 12 || !isAlnum(static_cast<unsigned char>(sf[0]))) continue;
    if (std::count(sf.begin(), sf.end(), ' ') > 1) continue;
    if (!std::any_of(sf.begin(), sf.end(), [](char ch) { return isUpper(static_cast<unsigned char>(ch)); })) continue;
    if (sf.find_first_of(",;=") != std::string_view::npos) continue;
    size_t letters = std::count_if(sf.begin(), sf.end(), [](char ch) { return std::isalpha(static_cast<unsigned char>(ch)) != 0; });
    if (letters < 2) continue;

    // The candidate long form: the words before '(' in this sentence.
    size_t maxWords = std::min(sf.size() + 5, sf.size() * 2);
    size_t le = i;
    while (le > sentence.start && t[le - 1] == ' ') --le;
    size_t lb = le, words = 0;
    // Bounded in bytes too, so a huge unspaced run stays linear.
    const size_t floor = le - std::min(le - sentence.start, size_t(160));
    while (lb > floor && words < maxWords) {
      while (lb > floor && t[lb - 1] != ' ') --lb;
      ++words;
      if (words < maxWords) while (lb > floor && t[lb - 1] == ' ') --lb;
    }
    std::string_view lf = t.substr(lb, le - lb);
    if (lf.empty()) continue;

    // Schwartz & Hearst: match the short form's characters right to left;
    // its first character must start a word of the long form.
    long si = long(sf.size()) - 1, li = long(lf.size()) - 1;
    bool ok = true;
    while (si >= 0) {
      unsigned char c = static_cast<unsigned char>(lower(static_cast<unsigned char>(sf[si])));
      if (!isAlnum(c)) { --si; continue; }
      while (li >= 0 && (static_cast<unsigned char>(lower(static_cast<unsigned char>(lf[li]))) != c ||
                         (si == 0 && li > 0 && isAlnum(static_cast<unsigned char>(lf[li - 1]))))) {
        --li;
      }
      if (li < 0) { ok = false; break; }
      --li;
      --si;
    }
    if (!ok) continue;
    size_t space = lf.rfind(' ', size_t(li + 1));  // the long form starts a word
    size_t from = space == std::string_view::npos ? 0 : space + 1;
    std::string_view longForm = lf.substr(from);
    while (!longForm.empty() && !isAlnum(static_cast<unsigned char>(longForm.front()))) longForm.remove_prefix(1);
    if (longForm.size() <= sf.size() || longForm.find(sf) != std::string_view::npos) continue;
    size_t lfStart = size_t(longForm.data() - t.data());
    out.push_back({{lfStart, lfStart + longForm.size()}, {s, e}});
    i = j;
  }
}

}  // namespace papergraph::rules
