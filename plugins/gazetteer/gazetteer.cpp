#include "gazetteer.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <span>
#include <unordered_map>
#include <unordered_set>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "catalog/fold.hpp"

namespace papergraph::gazetteer {

namespace {

using fold::isAsciiAlnum;
using fold::isDigit;

constexpr bool isUpper(unsigned char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool isLower(unsigned char c) { return c >= 'a' && c <= 'z'; }
constexpr bool isAlpha(unsigned char c) { return isUpper(c) || isLower(c); }

// What the scanner needs of 64 text bytes, one bit per byte (bit k: byte k).
struct BlockMasks {
  uint64_t alnum = 0;      // ASCII letter or digit
  uint64_t digit = 0;      // ASCII digit
  uint64_t hyphen = 0;     // '-'
  uint64_t v = 0;          // 'v' or 'V'
  uint64_t separator = 0;  // ASCII separator (folds to nothing)
  uint64_t high = 0;       // byte >= 0x80
};

// Classifies the 64 bytes at q.
__attribute__((always_inline)) inline BlockMasks classifyBlock(const unsigned char* q) {
  BlockMasks m;
#ifdef __SSE2__
  // A byte is a letter when (b | 0x20) - 'a' < 26, a digit when b - '0' <
  // 10, a blank when b - '\t' < 5 or b == ' ': signed compares of bytes
  // shifted to -128.
  const auto set = [](int c) { return _mm_set1_epi8(static_cast<char>(c)); };
  const __m128i case_bit = set(0x20), to_letters = set(0x80 - 'a'), letters_end = set(-128 + 26),
                to_digits = set(0x80 - '0'), digits_end = set(-128 + 10), to_blanks = set(0x80 - '\t'),
                blanks_end = set(-128 + 5), space = set(' '), hyphen_byte = set('-'), underscore = set('_'),
                dot = set('.'), slash = set('/'), apostrophe = set('\''), quote = set('"'), backquote = set('`'),
                v_byte = set('v');
  for (int k = 0; k < 64; k += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + k));
    const __m128i lower = _mm_or_si128(x, case_bit);
    const __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(lower, to_letters), letters_end);
    const __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(x, to_digits), digits_end);
    const __m128i hyphen = _mm_cmpeq_epi8(x, hyphen_byte);
    const __m128i blank = _mm_or_si128(_mm_cmplt_epi8(_mm_add_epi8(x, to_blanks), blanks_end), _mm_cmpeq_epi8(x, space));
    const __m128i sep = _mm_or_si128(
        _mm_or_si128(_mm_or_si128(blank, hyphen), _mm_or_si128(_mm_cmpeq_epi8(x, underscore), _mm_cmpeq_epi8(x, dot))),
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, slash), _mm_cmpeq_epi8(x, apostrophe)),
                     _mm_or_si128(_mm_cmpeq_epi8(x, quote), _mm_cmpeq_epi8(x, backquote))));
    const auto bits = [k](__m128i v) { return static_cast<uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(v))) << k; };
    m.alnum |= bits(_mm_or_si128(letter, digit));
    m.digit |= bits(digit);
    m.hyphen |= bits(hyphen);
    m.v |= bits(_mm_cmpeq_epi8(lower, v_byte));
    m.separator |= bits(sep);
    m.high |= bits(x);
  }
#else
  for (int k = 0; k < 64; ++k) {
    const unsigned char c = q[k];
    const uint64_t bit = uint64_t{1} << k;
    if (isAsciiAlnum(c)) m.alnum |= bit;
    if (isDigit(c)) m.digit |= bit;
    if (c == '-') m.hyphen |= bit;
    if ((c | 0x20) == 'v') m.v |= bit;
    if (c < 0x80 && fold::isAsciiSeparator(c)) m.separator |= bit;
    if (c >= 0x80) m.high |= bit;
  }
#endif
  return m;
}

// Reads a language (English name or two-letter code) at text[p]; returns
// its code and moves p past it, or returns "" and leaves p.
std::string readLanguage(std::string_view text, size_t& p, bool& was_code) {
  size_t q = p;
  while (q < text.size() && isAlpha(static_cast<unsigned char>(text[q]))) ++q;
  if (q == p || q - p > 12) return {};
  std::string code = languageCode(text.substr(p, q - p));
  if (code.empty()) return {};
  was_code = q - p == 2;
  p = q;
  return code;
}

size_t skipSpaces(std::string_view text, size_t p, size_t limit = 3) {
  for (size_t k = 0; k < limit && p < text.size() && (text[p] == ' ' || text[p] == '\t'); ++k) ++p;
  return p;
}

// Reads a translation pair "English-German", "En→De", "English to German"
// at text[p]; returns "en-de" and moves p past it, or "".
std::string readPair(std::string_view text, size_t& p) {
  size_t q = p;
  bool code1 = false, code2 = false;
  const std::string a = readLanguage(text, q, code1);
  if (a.empty()) return {};
  q = skipSpaces(text, q);
  bool word_separator = false;
  if (q < text.size() && (text[q] == '-' || text[q] == '/')) {
    ++q;
    if (q < text.size() && text[q] == '>') ++q;
  } else if (text.compare(q, 3, "\xE2\x80\x93") == 0 || text.compare(q, 3, "\xE2\x80\x94") == 0 ||
             text.compare(q, 3, "\xE2\x86\x92") == 0 || text.compare(q, 3, "\xE2\x86\x94") == 0) {
    q += 3;
  } else if (text.compare(q, 3, "to ") == 0) {
    q += 2;
    word_separator = true;
  } else {
    return {};
  }
  q = skipSpaces(text, q);
  const std::string b = readLanguage(text, q, code2);
  if (b.empty() || a == b) return {};
  if ((code1 || code2) && word_separator) return {};  // "en to de" is not a pair
  if (q < text.size() && isAsciiAlnum(static_cast<unsigned char>(text[q]))) return {};
  p = q;
  return a + "-" + b;
}

// The first translation pair anywhere in a catalog name, or "".
std::string pairIn(std::string_view name) {
  for (size_t p = 0; p < name.size(); ++p) {
    if (p > 0 && isAsciiAlnum(static_cast<unsigned char>(name[p - 1]))) continue;
    size_t q = p;
    std::string pair = readPair(name, q);
    if (!pair.empty()) return pair;
  }
  return {};
}

// Reads a version after a name: "2012", "v1.1", "1.1", "'14". Returns the
// text of the version and moves p past it, or "".
std::string readVersion(std::string_view text, size_t& p) {
  size_t q = p;
  const auto at = [&](size_t k) -> unsigned char { return k < text.size() ? text[k] : 0; };
  std::string version;
  if ((at(q) == 'v' || at(q) == 'V') && isDigit(at(q + 1))) {
    ++q;
    const size_t s = q;
    while (isDigit(at(q)) || (at(q) == '.' && isDigit(at(q + 1)))) ++q;
    version = std::string(text.substr(s, q - s));
  } else if (isDigit(at(q))) {
    const size_t s = q;
    bool dotted = false;
    while (isDigit(at(q)) || (at(q) == '.' && isDigit(at(q + 1)))) {
      dotted = dotted || at(q) == '.';
      ++q;
    }
    const std::string_view run = text.substr(s, q - s);
    const bool year = run.size() == 4 && (run.substr(0, 2) == "19" || run.substr(0, 2) == "20");
    if (!dotted && !year) return {};
    version = std::string(run);
  } else if (at(q) == '\'' && isDigit(at(q + 1)) && isDigit(at(q + 2))) {
    version = "20" + std::string(text.substr(q + 1, 2));
    q += 3;
  } else if (text.compare(q, 3, "\xE2\x80\x99") == 0 && isDigit(at(q + 3)) && isDigit(at(q + 4))) {
    version = "20" + std::string(text.substr(q + 3, 2));
    q += 5;
  } else {
    return {};
  }
  if (isAsciiAlnum(at(q))) return {};
  p = q;
  return version;
}

// Words that, right after a name, say it is a dataset.
bool isCueWord(std::string_view w) {
  static const std::unordered_set<std::string_view> k = {
      "dataset",   "datasets", "data",     "corpus",      "corpora",  "benchmark", "benchmarks",
      "database",  "databases", "collection", "treebank", "challenge", "set",      "sets",
      "split",     "splits",   "subset",   "subsets",     "leaderboard", "testset", "trainset",
      "devset",    "images",   "videos",
      "test-set",  "data-set", "data-sets", "suite"};
  return k.count(w) != 0;
}

// Words that may stand between a name and its cue word ("SST test set").
bool isCueModifier(std::string_view w) {
  static const std::unordered_set<std::string_view> k = {
      "test", "testing", "training", "train", "validation", "val", "dev", "development", "evaluation",
      "eval", "full", "original", "standard", "public", "official", "challenge", "benchmark", "news",
      "image", "text", "qa", "question", "reading", "comprehension", "classification", "detection",
      "segmentation", "sentiment", "held-out", "heldout", "small", "large", "english"};
  return k.count(w) != 0;
}

// True when the word after text[end] is a cue word, or a modifier followed
// by one ("CNN dataset", "SST test set"; not "SGD and data", "SGD is set").
bool cueAfter(std::string_view text, size_t end) {
  size_t p = end;
  for (int word = 0; word < 2; ++word) {
    // Skip blanks, closing brackets and quotes, a possessive.
    while (p < text.size()) {
      const unsigned char c = text[p];
      if (c == ' ' || c == '\t' || c == '\n' || c == ')' || c == '"' || c == '\'') {
        ++p;
      } else if (text.compare(p, 3, "\xE2\x80\x9D") == 0 || text.compare(p, 3, "\xE2\x80\x99") == 0) {
        p += 3;
      } else {
        break;
      }
    }
    const size_t s = p;
    while (p < text.size() && (isAlpha(static_cast<unsigned char>(text[p])) || text[p] == '-')) ++p;
    if (p == s || p - s > 16) return false;
    char word_buf[17];
    for (size_t k = s; k < p; ++k) word_buf[k - s] = static_cast<char>(static_cast<unsigned char>(text[k]) | 0x20);
    const std::string_view w(word_buf, p - s);
    if (isCueWord(w)) return true;
    if (!isCueModifier(w)) return false;
  }
  return false;
}

// True when a citation marker follows text[end]: "[12]", "[3, 4]", "[]",
// "(Smith et al., 2019)", a BibTeX-style key ("Pradhan2012CoNLL"), or one of
// the reader's citation spans.
bool citationAfter(std::string_view text, size_t end, const pg_citation* cites, size_t n_cites) {
  const size_t p = skipSpaces(text, end, 2);
  for (size_t i = 0; i < n_cites; ++i)
    if (cites[i].start >= end && cites[i].start <= p + 1) return true;
  const auto at = [&](size_t k) -> unsigned char { return k < text.size() ? text[k] : 0; };
  if (at(p) == '[') {
    size_t q = p + 1;
    while (q < text.size() && q < p + 24 && (isDigit(at(q)) || at(q) == ',' || at(q) == ' ' || at(q) == '-'))
      ++q;
    return at(q) == ']';
  }
  if (at(p) == '(') {
    const size_t close = text.find(')', p);
    if (close == std::string_view::npos || close - p > 80) return false;
    const std::string_view inside = text.substr(p, close - p);
    if (inside.find("et al") != std::string_view::npos) return true;
    for (size_t k = 0; k + 4 <= inside.size(); ++k)
      if ((inside.compare(k, 2, "19") == 0 || inside.compare(k, 2, "20") == 0) && isDigit(inside[k + 2]) &&
          isDigit(inside[k + 3]) && k > 0 && (inside[k - 1] == ' ' || inside[k - 1] == ','))
        return isUpper(static_cast<unsigned char>(at(p + 1)));
    return false;
  }
  // A citation key: Capitalised word, a year, more letters or digits.
  size_t q = p;
  if (!isUpper(at(q))) return false;
  ++q;
  while (isLower(at(q))) ++q;
  if (q - p < 2 || !isDigit(at(q)) || !isDigit(at(q + 1)) || !isDigit(at(q + 2)) || !isDigit(at(q + 3)))
    return false;
  q += 4;
  size_t tail = 0;
  while (isAsciiAlnum(at(q))) ++q, ++tail;
  return tail >= 2;
}

// True when text between two mentions only joins them in a list
// ("A, B and C datasets").
bool onlyCoordination(std::string_view gap) {
  size_t p = 0;
  while (p < gap.size()) {
    const char c = gap[p];
    if (c == ' ' || c == ',' || c == '/' || c == '&' || c == '\n') {
      ++p;
    } else if (gap.compare(p, 3, "and") == 0 || gap.compare(p, 2, "or") == 0) {
      p += gap.compare(p, 3, "and") == 0 ? 3 : 2;
    } else {
      return false;
    }
  }
  return gap.size() <= 12;
}

}  // namespace

struct Gazetteer::Form {
  uint32_t entry = 0;
  bool task = false, ambiguous = false, case_sensitive = false;
  std::vector<uint16_t> capitals;  // key positions that must be capitals in the text
  std::string display;
  std::string case_form;        // per key byte: the name's letter there, or 0
  std::vector<uint8_t> gap_ok;  // per key byte: a gap may come before it
};

struct Gazetteer::EntryInfo {
  std::vector<uint32_t> children;  // entries that are versions/variants of this one
  std::string version_key;         // normalizeName(version)
  std::string pair;                // translation pair named in a title/alias
  uint32_t root = 0;
  int64_t parent = -1;       // the version_of / variant_of entry
  bool is_version = false;   // parent is via version_of
};

struct Gazetteer::Candidate {
  size_t start, end;
  uint32_t form;
};


std::unique_ptr<Scratch> Gazetteer::makeScratch() { return std::make_unique<Scratch>(); }

Gazetteer::~Gazetteer() = default;

size_t Gazetteer::nameCount() const { return forms_.size(); }

void Gazetteer::addName(const std::string& name, bool task, uint32_t entry, bool ambiguous) {
  std::string key, case_form;
  std::vector<uint8_t> flags;
  std::vector<size_t> offsets;
  fold::foldText(name, [&](char c, size_t off, uint8_t fl) {
    key += c;
    const unsigned char o = static_cast<unsigned char>(name[off]);
    case_form += (fl & fold::kVirtual) || !isAlpha(o) ? '\0' : static_cast<char>(o);
    flags.push_back(fl);
    offsets.push_back(off);
  });
  const bool has_letter = std::any_of(key.begin(), key.end(), [](char c) { return isAlpha(c); });
  if (key.size() < 2 || key.size() > 200 || !has_letter) return;
  Form f;
  f.entry = entry;
  f.task = task;
  f.ambiguous = ambiguous;
  f.display = name;
  f.case_form = case_form;
  // Acronyms in capitals ("DEMAND", "STARE") keep their case at any length.
  const bool all_caps = std::count_if(name.begin(), name.end(), [](char c) { return isUpper(c); }) >= 2 &&
                        std::none_of(name.begin(), name.end(), [](char c) { return isLower(c); });
  f.case_sensitive = !task && (ambiguous || all_caps || key.size() <= options_.case_sensitive_max);
  // A Title Case name ("Freeway", "The Stack", "News Commentary") may be
  // plain English: its first capital must be there in the text (and the
  // second word's after an article).
  bool title_case = !task && !f.case_sensitive;
  std::vector<size_t> word_starts;
  for (size_t k = 0; k < offsets.size(); ++k) {
    const unsigned char o = static_cast<unsigned char>(name[offsets[k]]);
    const bool word_start = k == 0 || (flags[k] & fold::kGap);
    if (!isAlpha(o) || (word_start ? !isUpper(o) : !isLower(o))) title_case = false;
    if (word_start) word_starts.push_back(k);
  }
  // So does a name whose first word is one ("Up and Down", "Semantic3D",
  // "Who-did-What"): "up- and down-sampling", "semantic 3D objects".
  if (!task && !f.case_sensitive && !title_case && isUpper(static_cast<unsigned char>(name[0]))) {
    size_t k = 1;
    while (k < name.size() && isLower(static_cast<unsigned char>(name[k]))) ++k;
    if (k >= 2 && (k == name.size() || !isAlpha(static_cast<unsigned char>(name[k])))) f.capitals.push_back(0);
  }
  if (title_case) {
    f.capitals.push_back(0);
    const std::string first = name.substr(0, name.find(' '));
    if (word_starts.size() > 1 && (first == "The" || first == "A" || first == "An"))
      f.capitals.push_back(static_cast<uint16_t>(word_starts[1]));
  }
  f.gap_ok.assign(key.size(), 0);
  for (size_t k = 1; k < key.size(); ++k) {
    const unsigned char a = key[k - 1], b = key[k];
    const bool real = !(flags[k - 1] & fold::kVirtual) && !(flags[k] & fold::kVirtual);
    // Very short names ("C4") take a gap only where they have one: "C 4"
    // and "C.4" are something else.
    const bool token_change = key.size() > 3 && ((isDigit(a) != isDigit(b)) || !isAsciiAlnum(a) || !isAsciiAlnum(b) ||
                                                 (real && isLower(static_cast<unsigned char>(name[offsets[k - 1]])) &&
                                                  isUpper(static_cast<unsigned char>(name[offsets[k]]))));
    f.gap_ok[k] = (flags[k] & fold::kGap) || token_change;
  }
  const uint32_t id = automaton_.add(key);
  if (forms_by_key_.size() <= id) forms_by_key_.resize(id + 1);
  // The same name listed twice for one entry is one form.
  for (uint32_t other : forms_by_key_[id]) {
    Form& o = forms_[other];
    if (o.entry == entry && o.task == task && o.case_form == f.case_form) {
      o.ambiguous = o.ambiguous && ambiguous;
      return;
    }
  }
  forms_by_key_[id].push_back(static_cast<uint32_t>(forms_.size()));
  forms_.push_back(std::move(f));
}

std::shared_ptr<const Gazetteer> Gazetteer::build(std::shared_ptr<const Catalog> catalog,
                                                  const Options& options) {
  std::shared_ptr<Gazetteer> g(new Gazetteer());
  g->catalog_ = std::move(catalog);
  g->options_ = options;
  const auto& datasets = g->catalog_->datasets();
  std::unordered_map<std::string_view, uint32_t> index;
  for (uint32_t i = 0; i < datasets.size(); ++i) index.emplace(datasets[i].id, i);
  g->datasets_.resize(datasets.size());
  for (uint32_t i = 0; i < datasets.size(); ++i) {
    const CatalogDataset& d = datasets[i];
    for (const auto& [name, ambiguous] : Catalog::namesOf(d)) g->addName(name, false, i, ambiguous);
    EntryInfo& info = g->datasets_[i];
    info.version_key = normalizeName(d.version);
    for (const auto& [name, ambiguous] : Catalog::namesOf(d)) {
      if (!info.pair.empty()) break;
      info.pair = pairIn(name);
    }
    const std::string& parent = d.parent();
    if (auto it = index.find(parent); it != index.end() && it->second != i) {
      g->datasets_[it->second].children.push_back(i);
      info.parent = it->second;
      info.is_version = !d.version_of.empty();
    }
    const auto root = index.find(g->catalog_->rootOf(d.id));
    info.root = root == index.end() ? i : root->second;
  }
  if (options.tasks) {
    const auto& tasks = g->catalog_->tasks();
    for (uint32_t i = 0; i < tasks.size(); ++i)
      for (const auto& [name, ambiguous] : Catalog::namesOf(tasks[i])) g->addName(name, true, i, ambiguous);
  }
  g->automaton_.compile();
  g->forms_by_key_.resize(g->automaton_.keyCount());
  g->key_ends_alnum_.resize(g->forms_by_key_.size());
  for (size_t key = 0; key < g->forms_by_key_.size(); ++key)
    g->key_ends_alnum_[key] = !g->forms_by_key_[key].empty() &&
                              isAsciiAlnum(static_cast<unsigned char>(g->forms_[g->forms_by_key_[key].front()].display.back()));
  const Automaton& a = g->automaton_;
  g->pair_state_.assign(size_t{1} << 16, kPairUnknown);
  for (int first = 0; first < 256; ++first) {
    if (!isAlpha(static_cast<unsigned char>(first))) continue;
    const uint32_t s1 = a.next(Automaton::kRoot, static_cast<unsigned char>(first | 0x20));
    for (int second = 0; second < 256; ++second)
      if (isAlpha(static_cast<unsigned char>(second)))
        g->pair_state_[first << 8 | second] =
            a.hasKey(s1)                ? kPairUnknown
            : s1 == Automaton::kRoot    ? Automaton::kRoot
                                        : a.next(s1, static_cast<unsigned char>(second | 0x20));
  }
  for (int b = 0; b < 256; ++b) {
    const unsigned char c = static_cast<unsigned char>(b);
    const bool plain_letter = isAlpha(c) && (c | 0x20) != 'v';
    const bool punctuation = c < 0x80 && !isAsciiAlnum(c) && !fold::isAsciiSeparator(c);
    g->walk_class_[b] = plain_letter  ? static_cast<uint16_t>(a.byteClass(c | 0x20))
                        : punctuation ? static_cast<uint16_t>(a.byteClass(c))
                        : c < 0x80 && fold::isAsciiSeparator(c) ? kSkip
                                                                : kFoldInFull;
  }
  return g;
}

bool Gazetteer::accepts(const Form& form, std::string_view text, const size_t* offset, const uint8_t* flags,
                        size_t len) const {
  for (size_t k = 1; k < len; ++k)
    if ((flags[k] & fold::kGap) && !(flags[k] & fold::kSoftGap) && !form.gap_ok[k]) return false;
  for (uint16_t k : form.capitals)
    if (!isUpper(static_cast<unsigned char>(text[offset[k]]))) return false;
  if (form.case_sensitive) {
    bool exact = true, upper = true, lower_in_name = false;
    for (size_t k = 0; k < len; ++k) {
      const char want = form.case_form[k];
      if (!want) continue;
      const unsigned char got = text[offset[k]];
      exact = exact && got == static_cast<unsigned char>(want);
      upper = upper && isUpper(got);
      lower_in_name = lower_in_name || isLower(static_cast<unsigned char>(want));
    }
    return exact || (upper && lower_in_name);
  }
  return true;
}

void Gazetteer::matched(std::string_view text, size_t start, size_t end, int32_t key, Scratch& s) const {
  const unsigned char* t = reinterpret_cast<const unsigned char*>(text.data());
  // The name must end at a word boundary too (when it ends in a letter
  // or digit).
  if (end < text.size() && isAsciiAlnum(t[end]) && key_ends_alnum_[key]) return;
  // Fold the walk's text again, this time keeping each folded byte's
  // origin and gap flags (the walk does not: few walks meet a key).
  const size_t len = automaton_.keyLength(static_cast<uint32_t>(key));
  size_t* offset = s.offset.data();
  uint8_t* flags = s.flags.data();
  if (s.fold_start != start) {
    s.fold_start = s.fold_next = start;
    s.fold_len = 0;
    s.fold_state = {};
  }
  while (s.fold_len < len) {
    const size_t i = s.fold_next;
    if (walk_class_[t[i]] < kFoldInFull) {
      offset[s.fold_len] = i;
      flags[s.fold_len] = s.fold_state.pending;
      ++s.fold_len;
      s.fold_state = {};
      s.fold_next = i + 1;
      continue;
    }
    s.fold_next = fold::foldStep(text, i, s.fold_state, [&](char, size_t off, uint8_t fl) {
      offset[s.fold_len] = off;
      flags[s.fold_len] = fl;
      ++s.fold_len;
    });
  }
  const auto& forms = forms_by_key_[key];
  // An ambiguous name heading a compound ("CNN-based") is not a name either.
  const bool compound_head = end + 1 < text.size() && t[end] == '-' && isAsciiAlnum(t[end + 1]);
  for (uint32_t form : forms)
    if (!(compound_head && forms_[form].ambiguous) && accepts(forms_[form], text, offset, flags, len))
      s.raw.push_back({start, end, form});
}

__attribute__((always_inline)) inline void Gazetteer::walk(std::string_view text, size_t start, Scratch& s) const {
  // Fold from the word start on, stepping the trie with each folded byte;
  // every key met on the way is a match that starts at start.
  const Automaton& a = automaton_;
  const unsigned char* t = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  uint32_t state = Automaton::kRoot;
  size_t i = start;
  // Two letters, the usual start, by one lookup.
  if (i + 1 < n) {
    const uint32_t pair = pair_state_[t[i] << 8 | t[i + 1]];
    if (pair == Automaton::kRoot) return;
    if (pair != kPairUnknown) {
      state = pair;
      i += 2;
      if (a.hasKey(state)) matched(text, start, i, a.keyAt(state), s);
    }
  }
  fold::FoldState gaps;  // the walk needs the folded bytes, not their gap flags
  while (i < n) {
    // The common cases: a letter that folds to its lower case, an ASCII
    // separator that folds to nothing.
    const uint16_t cls = walk_class_[t[i]];
    if (cls < kFoldInFull) {
      if (!a.step(state, cls)) return;
      ++i;
      if (a.hasKey(state)) matched(text, start, i, a.keyAt(state), s);
      continue;
    }
    if (cls == kSkip) {
      ++i;
      continue;
    }
    unsigned char folded[4];  // one fold step yields at most four bytes
    size_t origin[4], m = 0;
    i = fold::foldStep(text, i, gaps, [&](char c, size_t off, uint8_t) {
      folded[m] = static_cast<unsigned char>(c);
      origin[m++] = off;
    });
    for (size_t k = 0; k < m; ++k) {
      if (!a.step(state, a.byteClass(folded[k]))) return;
      if (a.hasKey(state)) matched(text, start, origin[k] + 1, a.keyAt(state), s);
    }
  }
}

void Gazetteer::scan(std::string_view text, Scratch& s) const {
  s.raw.clear();
  s.fold_start = SIZE_MAX;
  // A match is never longer than the longest key; a fold step that ends
  // one yields at most three bytes more.
  if (s.offset.size() < automaton_.maxKeyLength() + 3) {
    s.offset.resize(automaton_.maxKeyLength() + 3);
    s.flags.resize(automaton_.maxKeyLength() + 3);
  }
  const unsigned char* t = reinterpret_cast<const unsigned char*>(text.data());
  const size_t n = text.size();
  // Names start only where the folded text has a byte whose original is at
  // a word start: after a byte that is not an ASCII letter or digit. Find
  // those bytes in the original text, 64 at a time by bit masks, without
  // folding the rest: the first byte of a word (not a 'v' dropped before a
  // version number, "v1.1"), punctuation that is no separator and bytes of
  // non-ASCII characters, none of them right after a letter or digit nor at
  // the tail of a hyphenated compound ("R-CNN", "Char-CNN"). Unicode
  // separators fold to nothing: the bytes they span start no walk (that
  // includes an ASCII byte read as the last byte of E2 80 .. in invalid
  // UTF-8).
  size_t resume = 0;  // the end of the last Unicode separator
  uint64_t alnum_before = 0, hyphen_before = 0;  // the previous block's masks
  for (size_t base = 0; base < n; base += 64) {
    BlockMasks m;
    unsigned char next = 0;  // the byte after the block, or 0
    if (base + 64 < n) {
      m = classifyBlock(t + base);
      next = t[base + 64];
    } else {
      unsigned char tail[64];
      std::memset(tail, ' ', sizeof tail);
      std::memcpy(tail, t + base, n - base);
      m = classifyBlock(tail);
    }
    const uint64_t after_alnum = m.alnum << 1 | alnum_before >> 63;
    const uint64_t compound_tail = (m.hyphen << 1 | hyphen_before >> 63) & (m.alnum << 2 | alnum_before >> 62);
    const uint64_t dropped_v = m.v & (m.digit >> 1 | (isDigit(next) ? uint64_t{1} << 63 : 0));
    const uint64_t punctuation = ~(m.alnum | m.separator | m.high);
    const uint64_t starts = ((m.alnum & ~dropped_v) | punctuation | m.high) & ~after_alnum & ~compound_tail;
    alnum_before = m.alnum;
    hyphen_before = m.hyphen;
    if (!m.high && resume <= base) {
      for (uint64_t events = starts; events; events &= events - 1)
        walk(text, base + static_cast<size_t>(__builtin_ctzll(events)), s);
      continue;
    }
    // Every non-ASCII byte is looked at: it may begin a separator.
    for (uint64_t events = starts | m.high; events; events &= events - 1) {
      const size_t p = base + static_cast<size_t>(__builtin_ctzll(events));
      if (p < resume) continue;
      if (t[p] >= 0x80) {
        bool soft = false;
        if (const size_t len = fold::unicodeSeparator(text, p, soft)) {
          resume = p + len;
          continue;
        }
        if (!(starts >> (p - base) & 1)) continue;
      }
      walk(text, p, s);
    }
  }
}

void Gazetteer::refine(std::string_view text, Found& f) const {
  // A version right after the name: pick the catalog entry for it.
  size_t p = f.end;
  size_t q = p;
  for (int k = 0; k < 2 && q < text.size() && (text[q] == ' ' || text[q] == '-' || text[q] == '_'); ++k) ++q;
  std::string version = readVersion(text, q);
  if (!version.empty()) {
    const std::string key = normalizeName(version);
    bool found = false;
    for (uint32_t child : datasets_[f.entry].children) {
      if (datasets_[child].version_key == key) {
        f.entry = child;
        found = true;
        break;
      }
    }
    if (!found) f.version = version;
    f.end = p = q;
  }
  // A translation pair: pick the language-pair variant.
  q = skipSpaces(text, p, 2);
  std::string pair = readPair(text, q);
  if (pair.empty()) return;
  for (uint32_t child : datasets_[f.entry].children) {
    if (datasets_[child].pair == pair) {
      f.entry = child;
      f.end = q;
      return;
    }
  }
  // Only a parent that has language-pair variants takes the pair as an
  // attribute; otherwise the words are not about this dataset.
  for (uint32_t child : datasets_[f.entry].children) {
    if (!datasets_[child].pair.empty()) {
      f.variant = pair;
      f.end = q;
      return;
    }
  }
}

bool Gazetteer::isVersionBelow(uint32_t child, uint32_t parent) const {
  uint32_t current = child;
  for (int depth = 0; depth < 8; ++depth) {
    const EntryInfo& info = datasets_[current];
    // Versions, and language pairs of a translation set, stand for their
    // parent; other variants (subsets, games of a suite) do not.
    if (info.parent < 0 || (!info.is_version && info.pair.empty())) return false;
    current = static_cast<uint32_t>(info.parent);
    if (current == parent) return true;
  }
  return false;
}

void Gazetteer::resolveParents(std::vector<Found>& found) const {
  // A paper that names a parent ("PASCAL VOC") and exactly one of its
  // versions ("VOC 2007") means that version by the bare name.
  std::unordered_set<uint32_t> named;
  for (const Found& f : found)
    if (f.kind == PG_KIND_DATASET) named.insert(f.entry);
  std::unordered_map<uint32_t, int64_t> only_version;  // parent -> its single named version, or -2
  for (uint32_t parent : named) {
    int64_t pick = -1;
    for (uint32_t other : named) {
      if (other == parent || !isVersionBelow(other, parent)) continue;
      // Nested versions (wmt14 below wmt, wmt14-en-de below wmt14): the
      // deepest one is the one meant.
      if (pick >= 0 && isVersionBelow(static_cast<uint32_t>(pick), other)) continue;
      if (pick >= 0 && !isVersionBelow(other, static_cast<uint32_t>(pick))) {
        pick = -2;
        break;
      }
      pick = other;
    }
    if (pick >= 0) only_version[parent] = pick;
  }
  for (Found& f : found) {
    if (f.kind != PG_KIND_DATASET || !f.version.empty() || !f.variant.empty()) continue;
    auto it = only_version.find(f.entry);
    if (it == only_version.end()) continue;
    f.resolved_from = f.entry;
    f.entry = static_cast<uint32_t>(it->second);
    f.confidence = std::min(f.confidence, 0.85f);
  }
}

void Gazetteer::find(std::string_view text, const pg_citation* citations, size_t n_citations,
                     Scratch& s, std::vector<Found>& out) const {
  out.clear();
  scan(text, s);
  // Longest first, then leftmost; a span keeps every form that matched it.
  auto& raw = s.raw;
  std::sort(raw.begin(), raw.end(), [](const auto& a, const auto& b) {
    const size_t la = a[1] - a[0], lb = b[1] - b[0];
    if (la != lb) return la > lb;
    return a[0] != b[0] ? a[0] < b[0] : a[2] < b[2];
  });
  // A chosen span and the forms that matched it: pick_forms[kind][first,
  // first + count) (a kind's last pick is the only one that gets more, so
  // each pick's forms are contiguous).
  struct Pick {
    size_t start, end;
    uint32_t first, count;
    bool cue = false;
  };
  std::vector<Pick> picks[2];  // datasets, tasks
  std::vector<uint32_t> pick_forms[2];
  const auto forms_of = [&](int kind, const Pick& p) {
    return std::span<const uint32_t>(pick_forms[kind].data() + p.first, p.count);
  };
  // The bytes of the spans chosen so far, one bit per kind; cleared below.
  auto& taken = s.taken;
  if (taken.size() < text.size()) taken.resize(text.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    const auto& r = raw[i];
    const int kind = forms_[r[2]].task ? 1 : 0;
    auto& list = picks[kind];
    if (!list.empty() && list.back().start == r[0] && list.back().end == r[1]) {
      pick_forms[kind].push_back(static_cast<uint32_t>(r[2]));
      ++list.back().count;
      continue;
    }
    const uint8_t bit = static_cast<uint8_t>(1 << kind);
    if (std::any_of(taken.begin() + r[0], taken.begin() + r[1], [&](uint8_t b) { return b & bit; })) continue;
    std::for_each(taken.begin() + r[0], taken.begin() + r[1], [&](uint8_t& b) { b |= bit; });
    list.push_back({r[0], r[1], static_cast<uint32_t>(pick_forms[kind].size()), 1});
    pick_forms[kind].push_back(static_cast<uint32_t>(r[2]));
  }
  for (const auto& list : picks)
    for (const Pick& p : list) std::fill(taken.begin() + p.start, taken.begin() + p.end, 0);
  for (auto& list : picks)
    std::sort(list.begin(), list.end(), [](const Pick& a, const Pick& b) { return a.start < b.start; });

  // Datasets. Pass 1: names that are unambiguous for some entry.
  auto& dsets = picks[0];
  std::vector<int64_t> chosen_form(dsets.size(), -1);
  std::unordered_set<uint32_t> named_roots, cued_entries;
  for (size_t i = 0; i < dsets.size(); ++i) {
    for (uint32_t form : forms_of(0, dsets[i])) {
      const Form& f = forms_[form];
      if (f.ambiguous) continue;
      // Several entries claiming one name: the one whose title it is wins.
      if (chosen_form[i] < 0 || f.display == catalog_->datasets()[f.entry].title) chosen_form[i] = form;
    }
    if (chosen_form[i] >= 0) named_roots.insert(datasets_[forms_[chosen_form[i]].entry].root);
  }
  // Pass 2: cue words, spread backwards along lists ("SST, MR and CR datasets").
  for (size_t i = dsets.size(); i-- > 0;) {
    dsets[i].cue = cueAfter(text, dsets[i].end);
    if (!dsets[i].cue && i + 1 < dsets.size() && dsets[i + 1].cue && dsets[i + 1].start >= dsets[i].end &&
        onlyCoordination(text.substr(dsets[i].end, dsets[i + 1].start - dsets[i].end)))
      dsets[i].cue = true;
    if (chosen_form[i] < 0 && dsets[i].cue)
      for (uint32_t form : forms_of(0, dsets[i])) cued_entries.insert(forms_[form].entry);
  }
  // Pass 3: decide every pick.
  for (size_t i = 0; i < dsets.size(); ++i) {
    const Pick& p = dsets[i];
    Found f;
    f.start = p.start;
    f.end = p.end;
    f.kind = PG_KIND_DATASET;
    if (chosen_form[i] >= 0) {
      const Form& form = forms_[chosen_form[i]];
      f.entry = form.entry;
      f.alias = form.display;
      f.confidence = text.substr(p.start, p.end - p.start) == form.display ? 0.95f : 0.9f;
    } else {
      if (options_.ambiguous == AmbiguousPolicy::kNever) continue;
      int best = 0;
      const Form* best_form = nullptr;
      bool named_tie = false;  // two entries both named in full in this paper
      const bool cited = citationAfter(text, p.end, citations, n_citations);
      for (uint32_t form : forms_of(0, p)) {
        const Form& fm = forms_[form];
        int score = 0;
        const char* why = "";
        if (named_roots.count(datasets_[fm.entry].root)) score = 5, why = "name";
        else if (p.cue) score = 4, why = "cue";
        else if (cued_entries.count(fm.entry)) score = 3, why = "paper";
        else if (cited) score = 2, why = "citation";
        else if (options_.ambiguous == AmbiguousPolicy::kAlways) score = 1, why = "none";
        // On a tie, the entry with the larger family of versions and
        // variants: the catalog knows more of the datasets papers use most.
        if (score == 5 && best == 5 && best_form && fm.entry != best_form->entry) named_tie = true;
        if (score > best || (score == best && best_form && score > 0 &&
                             datasets_[fm.entry].children.size() > datasets_[best_form->entry].children.size())) {
          best = score;
          best_form = &fm;
          f.evidence = why;
        }
      }
      // "CIFAR" in a paper that names both CIFAR-10 and CIFAR-100 is
      // either; no guess.
      if (!best_form || named_tie) continue;
      static constexpr float kConfidence[] = {0.f, 0.5f, 0.6f, 0.7f, 0.75f, 0.8f};
      f.entry = best_form->entry;
      f.alias = best_form->display;
      f.confidence = kConfidence[best];
    }
    refine(text, f);
    out.push_back(std::move(f));
  }

  resolveParents(out);

  // Tasks: unambiguous names, and ambiguous ones when the task is also
  // named unambiguously in the paper.
  std::unordered_set<uint32_t> named_tasks;
  for (const Pick& p : picks[1])
    for (uint32_t form : forms_of(1, p))
      if (!forms_[form].ambiguous) named_tasks.insert(forms_[form].entry);
  for (const Pick& p : picks[1]) {
    const Form* use = nullptr;
    for (uint32_t form : forms_of(1, p))
      if (!forms_[form].ambiguous || named_tasks.count(forms_[form].entry)) {
        use = &forms_[form];
        if (!use->ambiguous) break;
      }
    if (!use) continue;
    Found f;
    f.start = p.start;
    f.end = p.end;
    f.kind = PG_KIND_TASK;
    f.entry = use->entry;
    f.alias = use->display;
    f.confidence = use->ambiguous ? 0.7f : 0.85f;
    if (use->ambiguous) f.evidence = "name";
    out.push_back(std::move(f));
  }
  std::sort(out.begin(), out.end(), [](const Found& a, const Found& b) {
    return a.start != b.start ? a.start < b.start : a.kind < b.kind;
  });
}

}  // namespace papergraph::gazetteer
