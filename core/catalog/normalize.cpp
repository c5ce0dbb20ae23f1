// Name keys and slugs.
#include <string>
#include <string_view>
#include <unordered_map>

#include "catalog/catalog.hpp"
#include "catalog/fold.hpp"

namespace papergraph {

std::string normalizeName(std::string_view name) {
  std::string key;
  key.reserve(name.size() + 4);
  fold::foldText(name, [&](char c, size_t, uint8_t) { key += c; });
  return key;
}

namespace {

// ASCII transliteration of a Latin-1 supplement / Latin Extended-A letter
// (the two-byte UTF-8 sequences starting 0xC3 and 0xC4/0xC5), or nullptr.
const char* transliterate(unsigned char lead, unsigned char next) {
  if (lead == 0xC3) {
    static const char* const kLatin1[64] = {
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y", "th", "ss",
        "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
        "d", "n", "o", "o", "o", "o", "o", nullptr, "o", "u", "u", "u", "u", "y", "th", "y"};
    return next >= 0x80 && next < 0xC0 ? kLatin1[next - 0x80] : nullptr;
  }
  if (lead == 0xC4 || lead == 0xC5) {
    // U+0100..U+017F: pairs of upper/lower case letters; a coarse table by
    // code point range is enough for slugs.
    const unsigned cp = ((lead & 0x1Fu) << 6) | (next & 0x3Fu);
    if (cp <= 0x105) return "a";
    if (cp <= 0x10D) return "c";
    if (cp <= 0x111) return "d";
    if (cp <= 0x11B) return "e";
    if (cp <= 0x123) return "g";
    if (cp <= 0x127) return "h";
    if (cp <= 0x131) return "i";
    if (cp <= 0x135) return "j";
    if (cp <= 0x138) return "k";
    if (cp <= 0x142) return "l";
    if (cp <= 0x14B) return "n";
    if (cp <= 0x151) return "o";
    if (cp <= 0x153) return "oe";
    if (cp <= 0x159) return "r";
    if (cp <= 0x161) return "s";
    if (cp <= 0x167) return "t";
    if (cp <= 0x173) return "u";
    if (cp <= 0x175) return "w";
    if (cp <= 0x178) return "y";
    return "z";
  }
  return nullptr;
}

}  // namespace

std::string languageCode(std::string_view name_or_code) {
  // Names and codes in one hash table, built once: the gazetteer asks about
  // the word after every dataset name it finds; names (4 letters or more)
  // and codes (2) never equal each other.
  struct Language {
    std::string_view name, code;
  };
  static constexpr Language kLanguages[] = {
      {"english", "en"},    {"german", "de"},     {"french", "fr"},   {"spanish", "es"},
      {"chinese", "zh"},    {"mandarin chinese", "zh"}, {"japanese", "ja"}, {"korean", "ko"},
      {"russian", "ru"},    {"arabic", "ar"},     {"portuguese", "pt"}, {"italian", "it"},
      {"dutch", "nl"},      {"czech", "cs"},      {"romanian", "ro"}, {"finnish", "fi"},
      {"turkish", "tr"},    {"hindi", "hi"},      {"vietnamese", "vi"}, {"thai", "th"},
      {"polish", "pl"},     {"swedish", "sv"},    {"danish", "da"},   {"norwegian", "no"},
      {"greek", "el"},      {"hebrew", "he"},     {"indonesian", "id"}, {"persian", "fa"},
      {"urdu", "ur"},       {"bengali", "bn"},    {"tamil", "ta"},    {"estonian", "et"},
      {"latvian", "lv"},    {"lithuanian", "lt"}, {"hungarian", "hu"}, {"ukrainian", "uk"},
      {"catalan", "ca"},    {"basque", "eu"},     {"swahili", "sw"},  {"kazakh", "kk"},
      {"gujarati", "gu"},   {"bulgarian", "bg"},  {"croatian", "hr"}, {"slovenian", "sl"},
      {"slovak", "sk"},     {"serbian", "sr"}};
  static const std::unordered_map<std::string_view, std::string_view> kCodes = [] {
    std::unordered_map<std::string_view, std::string_view> codes;
    for (const auto& [name, code] : kLanguages) {
      codes.emplace(name, code);
      codes.emplace(code, code);
    }
    return codes;
  }();
  constexpr size_t kLongest = 16;  // "mandarin chinese"
  if (name_or_code.size() > kLongest) return {};
  char buffer[kLongest];
  for (size_t i = 0; i < name_or_code.size(); ++i) {
    const char c = name_or_code[i];
    buffer[i] = static_cast<char>((c >= 'A' && c <= 'Z') ? (c | 0x20) : c);
  }
  const auto it = kCodes.find(std::string_view(buffer, name_or_code.size()));
  return it == kCodes.end() ? std::string() : std::string(it->second);
}

std::string slugify(std::string_view name) {
  std::string slug;
  bool dash = false;
  const auto put = [&](std::string_view piece) {
    if (dash && !slug.empty()) slug += '-';
    dash = false;
    slug += piece;
  };
  for (size_t i = 0; i < name.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(name[i]);
    if (fold::isAsciiAlnum(c)) {
      const char lower = static_cast<char>((c >= 'A' && c <= 'Z') ? (c | 0x20) : c);
      put(std::string_view(&lower, 1));
    } else if (c >= 0xC0 && i + 1 < name.size()) {
      const char* t = transliterate(c, static_cast<unsigned char>(name[i + 1]));
      if (t) put(t);
      else dash = true;
      while (i + 1 < name.size() && (static_cast<unsigned char>(name[i + 1]) & 0xC0) == 0x80) ++i;
    } else {
      dash = true;
    }
  }
  return slug;
}

}  // namespace papergraph
