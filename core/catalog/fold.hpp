// The character folding behind normalizeName() and the gazetteer's scanner.
// Internal to pg_catalog and its users; not part of the plugin SDK.
//
// foldText() walks UTF-8 text once and hands each *folded* byte to a
// callback together with the offset of the original byte it came from, so a
// match in the folded stream maps back to exact byte offsets. Folding:
//   - ASCII letters are lowered; digits and other non-separator bytes are
//     kept (punctuation such as '&' or '(' stays a literal character);
//   - separators are dropped and reported as a gap before the next byte:
//     space, tab, line breaks, '-', '_', '.', '/', quotes and apostrophes,
//     Unicode dashes, quotes, primes, arrows, no-break space, soft hyphen;
//   - a gap that contains a hyphen followed by a line break (or a soft
//     hyphen) is "soft": hyphenation, allowed inside any word;
//   - a 'v' that starts a token and is followed by a digit ("v1.1") is
//     dropped like a separator, so "SQuAD v1.1" = "SQuAD 1.1";
//   - a run of exactly two digits not joined to other digits by a dot is a
//     year: "14" is folded as "2014" ("19"+NN for NN >= 50), so WMT'14,
//     WMT14 and WMT 2014 fold alike. The two inserted bytes are "virtual":
//     they map to the first real digit's offset.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace papergraph::fold {

// Flags passed with each folded byte.
enum FoldFlags : uint8_t {
  kGap = 1,      // one or more separators came before this byte
  kSoftGap = 2,  // ... and they were a hyphenation (hyphen + line break)
  kVirtual = 4,  // inserted by year folding; no original byte of its own
  kNoStart = 8   // a match may not start here (inside a folded year)
};

// True for ASCII letters and digits.
constexpr bool isAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}
constexpr bool isDigit(unsigned char c) { return c >= '0' && c <= '9'; }

// Length of the Unicode separator starting at s[i] (a byte >= 0x80), or 0
// when the character there is not one. Sets soft for a soft hyphen.
inline size_t unicodeSeparator(std::string_view s, size_t i, bool& soft) {
  const auto b = [&](size_t k) -> unsigned char {
    return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
  };
  const unsigned char c0 = b(0);
  if (c0 == 0xC2) {
    if (b(1) == 0xA0) return 2;  // no-break space
    if (b(1) == 0xAD) {          // soft hyphen
      soft = true;
      return 2;
    }
    return 0;
  }
  if (c0 != 0xE2) return 0;
  const unsigned char c1 = b(1), c2 = b(2);
  if (c1 == 0x80) {
    // U+2000..U+200B spaces, U+2010..U+2015 dashes, U+2018..U+201F quotes,
    // U+2032..U+2033 primes, U+202F narrow no-break space.
    if (c2 <= 0x8B || (c2 >= 0x90 && c2 <= 0x95) || (c2 >= 0x98 && c2 <= 0x9F) ||
        c2 == 0xB2 || c2 == 0xB3 || c2 == 0xAF)
      return 3;
    return 0;
  }
  if (c1 == 0x86 && c2 >= 0x90 && c2 <= 0x94) return 3;  // arrows ← ↑ → ↓ ↔
  if (c1 == 0x88 && c2 == 0x92) return 3;                // minus sign
  return 0;
}

// True for ASCII separator bytes.
constexpr bool isAsciiSeparator(unsigned char c) {
  switch (c) {
    case ' ': case '\t': case '\n': case '\r': case '\f': case '\v':
    case '-': case '_': case '.': case '/': case '\'': case '"': case '`':
      return true;
    default:
      return false;
  }
}

// Where foldText() stands between two steps: the gap flags gathered for
// the next folded byte, and whether the current gap holds a hyphen.
struct FoldState {
  uint8_t pending = 0;
  bool hyphen_seen = false;
};

// One step of foldText(): handles the character at s[i] (a separator, a
// dropped 'v', a two-digit year, or one byte to keep), calling emit for the
// folded bytes it yields (none, one, or four for a year), and returns the
// position of the next step. i must be a position foldText() reaches: 0, or
// one returned by an earlier step. After a step that emitted, the state is
// the reset one (FoldState{}), so folding may also begin at any position
// where foldText() emits a byte: everything after that first byte comes out
// exactly as foldText() gives it (only the first byte's gap flags differ).
template <class Emit>
inline size_t foldStep(std::string_view s, size_t i, FoldState& state, Emit&& emit) {
  const size_t n = s.size();
  const auto at = [&](size_t k) -> unsigned char { return k < n ? static_cast<unsigned char>(s[k]) : 0; };
  const unsigned char c = at(i);
  if (c >= 0x80) {
    bool soft = false;
    state.hyphen_seen = false;
    if (size_t len = unicodeSeparator(s, i, soft)) {
      state.pending |= kGap;
      if (soft) state.pending |= kSoftGap;
      return i + len;
    }
    emit(static_cast<char>(c), i, state.pending);
    state.pending = 0;
    return i + 1;
  }
  if (isAsciiSeparator(c)) {
    state.pending |= kGap;
    if (c == '-') state.hyphen_seen = true;
    else if ((c == '\n' || c == '\r') && state.hyphen_seen) state.pending |= kSoftGap;
    else if (c != ' ' && c != '\t') state.hyphen_seen = false;
    return i + 1;
  }
  state.hyphen_seen = false;
  if ((c | 0x20) == 'v' && isDigit(at(i + 1)) && (i == 0 || !isAsciiAlnum(at(i - 1)))) {
    state.pending |= kGap;  // "v1.1": the v is dropped like a separator
    return i + 1;
  }
  if (isDigit(c) && (i == 0 || !isDigit(at(i - 1)))) {
    size_t e = i;
    while (isDigit(at(e))) ++e;
    const bool dotted_before = i >= 2 && at(i - 1) == '.' && isDigit(at(i - 2));
    const bool dotted_after = at(e) == '.' && isDigit(at(e + 1));
    if (e - i == 2 && !dotted_before && !dotted_after) {
      const bool old = c >= '5';
      const uint8_t pending = state.pending;
      state.pending = 0;
      emit(old ? '1' : '2', i, static_cast<uint8_t>(pending | kVirtual));
      emit(old ? '9' : '0', i, static_cast<uint8_t>(kVirtual | kNoStart));
      emit(static_cast<char>(c), i, static_cast<uint8_t>(kNoStart));
      emit(static_cast<char>(at(i + 1)), i + 1, static_cast<uint8_t>(kNoStart));
      return e;
    }
  }
  const char f = (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : static_cast<char>(c);
  const uint8_t pending = state.pending;
  state.pending = 0;
  emit(f, i, pending);
  return i + 1;
}

// Folds s, calling emit(folded_byte, original_offset, flags) for each folded
// byte in order. See the file comment for the rules.
template <class Emit>
inline void foldText(std::string_view s, Emit&& emit) {
  FoldState state;
  for (size_t i = 0; i < s.size();) i = foldStep(s, i, state, emit);
}

}  // namespace papergraph::fold
