#include "resolve/names.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <set>

#include "catalog/catalog.hpp"
#include "catalog/fold.hpp"

namespace papergraph {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool isAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool isDigitC(char c) { return c >= '0' && c <= '9'; }

// A token of a name: a run of letters or a run of digits (dots between
// digits kept: "1.1"), with where it starts and ends in the name.
struct Token {
  std::string text;
  size_t start, end;
  bool digits;
};

std::vector<Token> tokens(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    char c = s[i];
    if (isDigitC(c)) {
      size_t j = i;
      while (j < s.size() && (isDigitC(s[j]) || (s[j] == '.' && j + 1 < s.size() && isDigitC(s[j + 1])))) ++j;
      out.push_back({std::string(s.substr(i, j - i)), i, j, true});
      i = j;
    } else if (std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80) {
      // Non-ASCII bytes count as letters, except the separators fold knows
      // (Unicode dashes, quotes, arrows, spaces).
      auto separatorAt = [&](size_t k) {
        bool soft = false;
        return static_cast<unsigned char>(s[k]) >= 0x80 ? fold::unicodeSeparator(s, k, soft) : size_t{0};
      };
      if (size_t len = separatorAt(i)) {
        i += len;
        continue;
      }
      size_t j = i;
      while (j < s.size() && (std::isalpha(static_cast<unsigned char>(s[j])) ||
                              (static_cast<unsigned char>(s[j]) >= 0x80 && !separatorAt(j))))
        ++j;
      out.push_back({lower(s.substr(i, j - i)), i, j, false});
      i = j;
    } else {
      ++i;
    }
  }
  return out;
}

// Language names and codes -> ISO 639-1.
const std::map<std::string, std::string>& languages() {
  static const std::map<std::string, std::string> m = {
      {"en", "en"}, {"de", "de"}, {"fr", "fr"}, {"ro", "ro"}, {"cs", "cs"}, {"ru", "ru"}, {"zh", "zh"},
      {"ja", "ja"}, {"es", "es"}, {"pt", "pt"}, {"tr", "tr"}, {"fi", "fi"}, {"et", "et"}, {"lv", "lv"},
      {"kk", "kk"}, {"gu", "gu"}, {"ar", "ar"}, {"ko", "ko"}, {"vi", "vi"}, {"hi", "hi"}, {"nl", "nl"},
      {"english", "en"}, {"german", "de"}, {"french", "fr"}, {"romanian", "ro"}, {"czech", "cs"},
      {"russian", "ru"}, {"chinese", "zh"}, {"japanese", "ja"}, {"spanish", "es"}, {"portuguese", "pt"},
      {"turkish", "tr"}, {"finnish", "fi"}, {"estonian", "et"}, {"latvian", "lv"}, {"arabic", "ar"},
      {"korean", "ko"}, {"vietnamese", "vi"}, {"hindi", "hi"}, {"dutch", "nl"}, {"italian", "it"}};
  return m;
}

// Words that make a different dataset of the same family.
const std::set<std::string>& variantWords() {
  static const std::set<std::string> s = {
      "mini", "tiny", "small", "medium", "large", "xl", "full", "lite", "hard", "easy", "clean", "noisy",
      "other", "matched", "mismatched", "char", "character", "word", "fine", "coarse", "balanced",
      "unbalanced", "extended", "augmented", "binary", "raw", "open", "closed", "k", "m", "mt", "hq",
      "lq", "long", "short", "multi", "single", "plus", "pro", "hd", "uhd", "unfiltered", "filtered"};
  return s;
}

// Folds a digit group like fold.hpp does: a lone two-digit number is a year.
std::string foldedDigits(const std::string& t) {
  if (t.size() == 2 && t.find('.') == std::string::npos) return (t[0] >= '5' ? "19" : "20") + t;
  return t;
}

const std::set<std::string>& genericTrailing() {
  static const std::set<std::string> s = {"dataset", "datasets", "corpus", "corpora", "benchmark", "benchmarks",
                                          "database", "databases", "data", "collection", "set", "sets",
                                          "suite", "treebanks"};
  return s;
}

const std::set<std::string>& splitWords() {
  static const std::set<std::string> s = {"train", "training", "test", "testing", "dev", "development",
                                          "validation", "val", "held", "heldout"};
  return s;
}

}  // namespace

std::string distinguishingSignature(std::string_view name) {
  auto ts = tokens(name);
  std::vector<std::string> parts;
  const auto& langs = languages();
  for (size_t i = 0; i < ts.size(); ++i) {
    const Token& t = ts[i];
    if (t.digits) {
      parts.push_back(foldedDigits(t.text));
      continue;
    }
    auto a = langs.find(t.text);
    if (a != langs.end() && i + 1 < ts.size()) {
      auto b = langs.find(ts[i + 1].text);
      std::string_view gap = name.substr(t.end, ts[i + 1].start - t.end);
      bool joined = !gap.empty() && gap.size() <= 4 && gap.find_first_of("-/>\xe2") != std::string_view::npos;
      if (b != langs.end() && a->second != b->second && joined) {
        parts.push_back(a->second + "-" + b->second);
        ++i;
        continue;
      }
    }
    if (variantWords().count(t.text)) parts.push_back(t.text);
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "|") + p;
  return out;
}

std::string stripGenericWords(std::string_view name) {
  auto ts = tokens(name);
  size_t first = 0, last = ts.size();
  if (!ts.empty() && !ts[0].digits && ts[0].text == "the") first = 1;
  // Trailing "dataset", "corpus", "data set", "test set" ...
  while (last > first + 1) {
    const Token& t = ts[last - 1];
    if (t.digits || !genericTrailing().count(t.text)) break;
    --last;
    while (last > first + 1 && !ts[last - 1].digits && splitWords().count(ts[last - 1].text)) --last;
  }
  if (first == 0 && last == ts.size()) return std::string(name);
  std::string out(name.substr(ts[first].start, ts[last - 1].end - ts[first].start));
  // Keep a closing bracket or a trailing "+" that belongs to the name.
  size_t after = ts[last - 1].end;
  while (after < name.size() && (name[after] == '+' || name[after] == ')')) out += name[after++];
  return out;
}

namespace {

// Words of an evaluation setting or a split, never a dataset's name alone.
const std::set<std::string>& settingWords() {
  static const std::set<std::string> s = {"shot", "shots", "way", "ways", "few", "zero", "one",
                                          "subset", "subsets", "split", "splits", "fold",
                                          "folds", "set", "sets"};
  return s;
}

}  // namespace

bool namesNoDataset(std::string_view name) {
  const std::string stripped = stripGenericWords(name);
  auto ts = tokens(stripped);
  for (size_t i = 0; i < ts.size(); ++i) {
    const Token& t = ts[i];
    if (t.digits) continue;
    // Letters glued to digits make a name: "Set5", "B100", "T91".
    if (i + 1 < ts.size() && ts[i + 1].digits && ts[i + 1].start == t.end && t.text != "v") return false;
    if (!settingWords().count(t.text) && !splitWords().count(t.text) && !genericTrailing().count(t.text) &&
        !(t.text == "v" && i + 1 < ts.size()))
      return false;
  }
  return true;
}

std::string elidedVersion(std::string_view name) {
  const std::string stripped = stripGenericWords(name);
  auto ts = tokens(stripped);
  if (ts.size() == 1 && ts[0].digits) return ts[0].text;
  if (ts.size() == 2 && ts[0].text == "v" && ts[1].digits && ts[0].end == ts[1].start) return "v" + ts[1].text;
  return "";
}

std::string completeElidedVersion(std::string_view antecedent, std::string_view version) {
  const std::string base = stripGenericWords(antecedent);
  auto ts = tokens(base);
  if (ts.empty() || version.empty()) return "";
  const bool v = version[0] == 'v' || version[0] == 'V';
  const std::string_view number = v ? version.substr(1) : version;
  const Token& last = ts.back();
  if (last.digits && ts.size() >= 2) {
    // "SQuAD v1.1" + "v2.0": keep the antecedent's "v".
    return base.substr(0, last.start) + std::string(number) + base.substr(last.end);
  }
  return base + " " + std::string(version);
}

NameSuffix splitVersionSuffix(std::string_view name) {
  NameSuffix out;
  auto ts = tokens(name);
  if (ts.size() < 2) return out;
  const auto& langs = languages();
  // A language pair at the end: "WMT14 En-De", "IWSLT English-German".
  if (ts.size() >= 3) {
    const Token &a = ts[ts.size() - 2], &b = ts.back();
    std::string_view gap = name.substr(a.end, b.start - a.end);
    auto la = langs.find(a.text), lb = langs.find(b.text);
    if (!a.digits && !b.digits && la != langs.end() && lb != langs.end() && la->second != lb->second &&
        !gap.empty() && gap.size() <= 4) {
      out.base = std::string(name.substr(0, a.start));
      out.suffix = std::string(name.substr(a.start));
      out.is_variant = true;
    }
  }
  if (out.base.empty()) {
    const Token& t = ts.back();
    const char before = t.start > 0 ? name[t.start - 1] : '\0';
    bool separated = before == ' ' || before == '-' || before == '_' || before == '\'' ||
                     static_cast<unsigned char>(before) >= 0x80;
    size_t start = t.start;
    bool version = false;
    if (t.digits) {
      bool dotted = t.text.find('.') != std::string::npos;
      bool year = t.text.size() == 4 && (t.text.rfind("19", 0) == 0 || t.text.rfind("20", 0) == 0);
      bool apostrophe_year = t.text.size() == 2 && before == '\'';
      bool v = t.start >= 1 && (name[t.start - 1] == 'v' || name[t.start - 1] == 'V') &&
               (t.start < 2 || !isAlnum(name[t.start - 2]));
      if (v) {
        start = t.start - 1;
        separated = t.start >= 2 && (name[t.start - 2] == ' ' || name[t.start - 2] == '-');
      }
      if (apostrophe_year) start = t.start - 1;
      version = (dotted && separated) || (year && separated) || apostrophe_year || (v && separated);
    } else if (separated && variantWords().count(t.text) && t.text.size() > 2) {
      out.is_variant = true;
      version = true;
    }
    if (!version) return NameSuffix{};
    out.base = std::string(name.substr(0, start));
    out.suffix = std::string(name.substr(start));
  }
  while (!out.base.empty() && !isAlnum(out.base.back()) && out.base.back() != ')' && out.base.back() != '+')
    out.base.pop_back();
  bool has_letter = std::any_of(out.base.begin(), out.base.end(),
                                [](char c) { return std::isalpha(static_cast<unsigned char>(c)); });
  if (!has_letter) return NameSuffix{};
  return out;
}

double similarity(std::string_view a, std::string_view b) {
  const size_t n = a.size(), m = b.size();
  if (n == 0 || m == 0) return n == m ? 1.0 : 0.0;
  if ((n > m ? n - m : m - n) > 3) return 0.0;
  std::vector<std::vector<size_t>> d(n + 1, std::vector<size_t>(m + 1));
  for (size_t i = 0; i <= n; ++i) d[i][0] = i;
  for (size_t j = 0; j <= m; ++j) d[0][j] = j;
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return 1.0 - static_cast<double>(d[n][m]) / static_cast<double>(std::max(n, m));
}

std::string resolutionKey(std::string_view name) {
  std::string key = normalizeName(stripGenericWords(name));
  if (key.size() >= 6 && key.back() == 's' && std::isalpha(static_cast<unsigned char>(key[key.size() - 2])) &&
      key[key.size() - 2] != 's')
    key.pop_back();
  return key;
}

bool isAbbreviationOf(std::string_view short_form, std::string_view long_form) {
  std::string s;
  for (char c : short_form)
    if (std::isalpha(static_cast<unsigned char>(c))) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string l = lower(long_form);
  if (s.size() < 2 || l.size() <= s.size()) return false;
  // Schwartz & Hearst (2003): match from the end; the first letter of the
  // short form must start a word of the long form.
  long si = static_cast<long>(s.size()) - 1, li = static_cast<long>(l.size()) - 1;
  while (si >= 0) {
    char c = s[static_cast<size_t>(si)];
    while (li >= 0 && (l[static_cast<size_t>(li)] != c ||
                       (si == 0 && li > 0 && isAlnum(l[static_cast<size_t>(li - 1)]))))
      --li;
    if (li < 0) return false;
    --li;
    --si;
  }
  // Every word of the long form (but small function words) contributes.
  auto ts = tokens(long_form);
  size_t words = 0;
  for (const auto& t : ts)
    if (!t.digits && t.text != "of" && t.text != "the" && t.text != "and" && t.text != "for" && t.text != "on")
      ++words;
  return words <= s.size() + 1;
}

std::vector<std::string> taskWords(std::string_view name) {
  static const std::set<std::string> generic = {"task", "tasks", "problem", "problems", "setting", "settings"};
  std::vector<std::string> words;
  for (const auto& t : tokens(name)) words.push_back(t.text);
  while (!words.empty() && generic.count(words.back())) words.pop_back();
  return words;
}

std::string languagePairOnly(std::string_view name) {
  auto ts = tokens(stripGenericWords(name));
  std::vector<const Token*> words;
  for (const auto& t : ts)
    if (t.digits || t.text != "to") words.push_back(&t);
  if (words.size() != 2 || words[0]->digits || words[1]->digits) return "";
  const auto& langs = languages();
  auto a = langs.find(words[0]->text), b = langs.find(words[1]->text);
  if (a == langs.end() || b == langs.end() || a->second == b->second) return "";
  return a->second + "-" + b->second;
}

}  // namespace papergraph
