// One paper through the rule plugin:
//   tokens + sentences -> cue patterns and abbreviation definitions give
//   evidence per name -> names with enough evidence are the paper's datasets
//   (tasks likewise) -> every occurrence of an accepted name is emitted with
//   its attributes.
#include "rules_plugin.hpp"

#include <papergraph/plugin.hpp>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <tuple>
#include <unordered_set>
#include <stdexcept>
#include <unordered_map>

#include "rule_set.hpp"
#include "text.hpp"

namespace papergraph::rules {
namespace {

// ASCII lower case (bytes >= 0x80 unchanged), so offsets stay the same.
std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
  return out;
}

bool hasLetter(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
}

char asciiLowerByte(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

bool allDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

std::string_view sv(const re2::StringPiece& p) { return {p.data(), p.size()}; }

// A BibTeX key as SciREX leaves them in the text: "tan2018deep".
bool isCitationKey(std::string_view t) {
  size_t i = 0;
  while (i < t.size() && std::islower(static_cast<unsigned char>(t[i]))) ++i;
  if (i == 0 || i + 4 > t.size() || !allDigits(t.substr(i, 4))) return false;
  if (!(t.substr(i, 2) == "19" || t.substr(i, 2) == "20")) return false;
  return i + 4 < t.size() && std::isalpha(static_cast<unsigned char>(t[i + 4]));
}

// "Clinical", "Color Channels": capitalised ordinary words only.
bool titleWordsOnly(std::string_view key) {
  bool start = true;
  for (char ch : key) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (c == ' ') { start = true; continue; }
    if (start ? !std::isupper(c) : !std::islower(c)) return false;
    start = false;
  }
  return true;
}

// Evidence gathered for one name (dataset or task) in one paper.
struct Candidate {
  std::map<std::string, float> families;  // rule family -> best confidence
  int hits = 0;                            // cue matches
  int method = 0;                          // times it looked like a method
  std::set<std::vector<std::string>> surfaces;  // token texts of its forms
  std::string abbreviation, expansion;

  std::map<std::string, int> repeats;     // rule family -> cue matches
  // 1 - prod over families of (1 - confidence); a family seen twice or
  // more counts twice ("trained on X" ... "results on X").
  float score() const {
    float miss = 1.0f;
    for (const auto& [f, c] : families) {
      auto r = repeats.find(f);
      miss *= 1.0f - c;
      if (r != repeats.end() && r->second >= 2) miss *= 1.0f - c;
    }
    return 1.0f - miss;
  }
  std::string bestFamily() const {
    std::string best;
    float c = -1;
    for (const auto& [f, v] : families) {
      if (v > c) best = f, c = v;
    }
    return best;
  }
};

// A direct cue hit at a span: its family, confidence and any stated size.
struct Hit {
  std::string family;
  float confidence;
  std::string size;
};

// Surfaces of accepted names, looked up by their first token.
class PhraseIndex {
 public:
  void add(const std::vector<std::string>& tokens, const std::string& key) {
    if (tokens.empty()) return;
    std::vector<std::string_view> views;
    for (const auto& t : tokens) views.push_back(store_.emplace_back(t));
    const std::string_view first = views[0];
    // Looked up by the shape of the lower-case text: fold the two bytes.
    const char folded[2] = {asciiLowerByte(first[0]), first.size() > 1 ? asciiLowerByte(first[1]) : '\0'};
    const size_t f = shape(folded, first.size());
    seen_[f / 64] |= uint64_t(1) << (f % 64);
    const uint64_t h = hash(first);
    bloom_[h % kBloomBits / 64] |= uint64_t(1) << (h % 64);
    byFirst_[first].push_back({std::move(views), key});
  }
  bool empty() const { return byFirst_.empty(); }

  // A token's shape in the lower-case text (its first two bytes and
  // length), for mayStart() of several indexes: most tokens are ruled out
  // by it (inline, as this runs for every token), most others by a Bloom
  // filter of first tokens.
  static size_t shapeAt(std::string_view lower, const Token& t) { return shape(lower.data() + t.start, t.end - t.start); }
  // False when no phrase starts with a token of this shape.
  bool mayStart(size_t shape) const { return seen_[shape / 64] >> (shape % 64) & 1; }
  // Bits of the shapes phrases start with, for mayStart() of several
  // indexes in one test.
  static constexpr size_t kShapeWords = (1 << 14) / 64;
  void addStarts(uint64_t (&bits)[kShapeWords]) const {
    for (size_t k = 0; k < kShapeWords; ++k) bits[k] |= seen_[k];
  }
  // The length of the longest phrase starting at token i of text (0 if
  // none; *key its key), for a token that mayStart().
  [[gnu::noinline]] size_t matchSeen(std::string_view text, const std::vector<Token>& toks, size_t i,
                                     const std::string** key) const {
    const std::string_view word = text.substr(toks[i].start, toks[i].end - toks[i].start);
    const uint64_t h = hash(word);
    if (!(bloom_[h % kBloomBits / 64] >> (h % 64) & 1)) return 0;
    auto it = byFirst_.find(word);
    if (it == byFirst_.end()) return 0;
    size_t best = 0;
    for (const auto& [phrase, k] : it->second) {
      if (phrase.size() <= best || i + phrase.size() > toks.size()) continue;
      bool same = true;
      for (size_t j = 1; j < phrase.size() && same; ++j) {
        const Token& t = toks[i + j];
        same = text.substr(t.start, t.end - t.start) == phrase[j];
      }
      if (same) best = phrase.size(), *key = &k;
    }
    return best;
  }

 private:
  static constexpr uint64_t kBloomBits = 1 << 14;
  static constexpr size_t kShapeBits = kShapeWords * 64;
  // A token's first two bytes and length, hashed to a bit of seen_.
  static size_t shape(const char* word, size_t len) {
    const uint32_t second = len > 1 ? static_cast<unsigned char>(word[1]) : 0;
    const uint32_t key = static_cast<unsigned char>(word[0]) | second << 8 | uint32_t(std::min<size_t>(len, 255)) << 16;
    return (key * 2654435761u) >> (32 - 14);
  }

  // FNV-1a: cheap for the short words it sees.
  static uint64_t hash(std::string_view s) {
    uint64_t h = 14695981039346656037ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h ^ (h >> 29);
  }

  std::deque<std::string> store_;
  uint64_t seen_[kShapeBits / 64] = {};  // shape() of first tokens
  uint64_t bloom_[kBloomBits / 64] = {};  // hash of first tokens
  std::unordered_map<std::string_view, std::vector<std::pair<std::vector<std::string_view>, std::string>>> byFirst_;
};

// What create() derives from the rule files: compiled once per process for
// each distinct set of rule files (sharedRules) and only read afterwards, by
// every state made from them, on any thread.
struct CompiledRules {
  // Loads and compiles (path, text) rule files in order; throws
  // std::runtime_error "rules: <file>:<line>: <problem>".
  explicit CompiledRules(const std::vector<std::pair<std::string, std::string>>& files);

  RuleSet rules;
  WordSet noBreak, leadStop, tailStop, generic, head, taskGeneric, functionWord, taskHead, methodHead;
  std::array<std::vector<std::string>, 256> methodPrefix;  // by first byte
  PhraseIndex taskIndex;             // the task list, lower case, by first token
  std::set<std::string> taskNames;  // the task list, lower case
  float accept, acceptTask, coordinated;
  int methodMargin;
};

// The compiled rules for config's files: made on first use, shared while any
// state holds them. Thread-safe. Throws std::runtime_error as CompiledRules.
std::shared_ptr<const CompiledRules> sharedRules(const PluginConfig& config);

class RulesExtractor {
 public:
  explicit RulesExtractor(const PluginConfig& config);
  void extract(const pg_paper& paper, MentionSink& out);

 private:
  // Per-paper working state.
  struct Work {
    std::string_view text;
    std::string lower;  // ASCII-lowered copy of text, same offsets
    std::vector<Token> tokens;
    std::vector<Span> sentences;
    std::map<std::string, Candidate> datasets, tasks;
    std::map<size_t, Hit> hitAt;  // dataset cue hits by start offset
    std::vector<std::vector<std::string>> coordinations;  // keys in "A, B and C"
    std::map<std::string, std::set<std::vector<std::string>>> coordinationSurfaces;
    std::set<std::string> notDatasets;  // short forms of lower-case long forms
    std::vector<int8_t> role;     // per sentence: -1 unknown, 0 referred, 1 used
    std::vector<Span> introduced;  // "we introduce a new dataset" phrases, in order
    std::unordered_map<size_t, bool> methodAt;  // methodAfter() by offset
  };

  size_t tokenAt(const Work& w, size_t offset) const;
  void collectPatterns(Work& w) const;
  void handleMatch(Work& w, const Pattern& p, const std::vector<re2::StringPiece>& groups) const;
  void matchInSentence(Work& w, const Pattern& p, Span s, std::vector<re2::StringPiece>& g) const;
  // The first match of p in text[from, to) with its groups in g (sized for
  // all of p's groups); false when there is none.
  bool nextMatch(std::string_view text, const Pattern& p, size_t from, size_t to,
                 std::vector<re2::StringPiece>& g) const;
  // The name in tokens [tb, te) trimmed, with its key; nullopt when it is
  // no name (generic, a count, a method prefix, ...).
  std::optional<std::tuple<size_t, size_t, std::string>> cleanName(const Work& w, size_t tb, size_t te) const;
  std::vector<std::string> surfaceOf(const Work& w, size_t tb, size_t te) const;
  void addDataset(Work& w, size_t tb, size_t te, const std::string& family, float conf,
                  const std::string& size) const;
  std::map<std::string, const Candidate*> acceptDatasets(Work& w) const;
  void addTask(Work& w, size_t tb, size_t te, const std::string& family, float conf,
               bool fromLeft) const;
  void collectAbbreviations(Work& w) const;
  // Every occurrence of an accepted dataset or task name, with attributes.
  void emitMentions(Work& w, const pg_paper& paper, MentionSink& out) const;
  // The dataset mention of key at tokens [i, i + n); false when it is not
  // one here (part of a longer word, or a method).
  bool emitDataset(Work& w, const pg_paper& paper, const std::vector<size_t>& order, const Candidate& c,
                   size_t i, size_t n, const std::string& key, MentionSink& out) const;
  std::string roleOf(Work& w, size_t start, size_t end) const;
  bool methodAfter(Work& w, size_t end) const;
  // The citation marker (its text, its bibliography id) right after end or
  // after afterHead, where a head word after end ends (skipHeadWord()).
  std::string citationAfter(const Work& w, size_t end, size_t afterHead) const;
  std::string citationIdAfter(const Work& w, const pg_paper& paper,
                              const std::vector<size_t>& order, size_t end, size_t afterHead) const;
  size_t skipHeadWord(const Work& w, size_t end) const;

  std::shared_ptr<const CompiledRules> shared_;  // keeps r_ alive
  const CompiledRules& r_;
  std::unique_ptr<RuleSet::Scratch> scratch_;  // this state's Hyperscan scratch
  Work work_;  // per-paper state, kept for its buffers
};

CompiledRules::CompiledRules(const std::vector<std::pair<std::string, std::string>>& files) {
  std::string e;
  for (const auto& [path, text] : files) {
    if (e.empty()) e = rules.loadText(text, path);
  }
  if (e.empty()) e = rules.finish();
  if (!e.empty()) throw std::runtime_error("rules: " + e);

  noBreak = rules.listSet("no_break", false);
  leadStop = rules.listSet("lead_stop", false);
  tailStop = rules.listSet("tail_stop", false);
  generic = rules.listSet("generic", true);
  for (const std::string& m : rules.list("method_prefix")) methodPrefix[static_cast<unsigned char>(m[0])].push_back(m);
  methodHead = rules.listSet("method_head", true);
  head = rules.listSet("head", true);
  taskGeneric = rules.listSet("task_generic", true);
  functionWord = rules.listSet("function_word", true);
  taskHead = rules.listSet("task_head", true);
  for (const std::string& phrase : rules.list("task")) {
    std::string l = lowered(phrase);
    std::vector<Token> toks;
    tokenize(l, toks);
    std::vector<std::string> words;
    for (const Token& t : toks) words.push_back(l.substr(t.start, t.end - t.start));
    std::string key;
    for (const auto& t : words) key += (key.empty() || t == "-" || key.back() == '-' ? "" : " ") + t;
    taskIndex.add(words, key);
    taskNames.insert(keyOf(l, toks.data(), toks.data() + toks.size()));
  }
  accept = static_cast<float>(rules.setting("accept", 0.6));
  acceptTask = static_cast<float>(rules.setting("accept_task", 0.6));
  methodMargin = static_cast<int>(rules.setting("method_margin", 2));
  coordinated = static_cast<float>(rules.setting("coordinated", 0.5));
}

std::shared_ptr<const CompiledRules> sharedRules(const PluginConfig& config) {
  std::string dataDir = config.get("data_dir");
  if (dataDir.empty()) {
    throw std::runtime_error("rules: configuration key data_dir is not set (the ontology folder)");
  }
  std::vector<std::pair<std::string, std::string>> files{{dataDir + "/rules/rules.pgr", ""}};
  if (config.has("rules_file")) files.emplace_back(config.get("rules_file"), "");
  // The key is the files' names and contents: an edited file compiles anew.
  std::string key;
  for (auto& [path, text] : files) {
    if (std::string e = RuleSet::readFile(path, text); !e.empty()) throw std::runtime_error("rules: " + e);
    key += path + '\0' + std::to_string(text.size()) + '\0' + text;
  }
  // Held while compiling, so concurrent create() calls compile once.
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const CompiledRules>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto hit = cache.find(key); hit != cache.end()) {
    if (auto live = hit->second.lock()) return live;
  }
  std::erase_if(cache, [](const auto& entry) { return entry.second.expired(); });
  auto made = std::make_shared<const CompiledRules>(files);
  cache[key] = made;
  return made;
}

RulesExtractor::RulesExtractor(const PluginConfig& config)
    : shared_(sharedRules(config)), r_(*shared_), scratch_(r_.rules.makeScratch()) {}

size_t RulesExtractor::tokenAt(const Work& w, size_t offset) const {
  auto it = std::lower_bound(w.tokens.begin(), w.tokens.end(), offset,
                             [](const Token& t, size_t o) { return t.start < o; });
  return size_t(it - w.tokens.begin());
}

void RulesExtractor::extract(const pg_paper& paper, MentionSink& out) {
  // The buffers of the last paper are reused: fewer allocations per paper.
  Work& w = work_;
  w.text = paperText(paper);
  asciiLower(w.text, w.lower);
  tokenize(w.text, w.tokens);
  splitSentences(w.text, r_.noBreak, w.sentences);
  w.role.assign(w.sentences.size(), -1);
  w.datasets.clear();
  w.tasks.clear();
  w.hitAt.clear();
  w.coordinations.clear();
  w.coordinationSurfaces.clear();
  w.notDatasets.clear();
  w.introduced.clear();
  w.methodAt.clear();
  collectPatterns(w);
  collectAbbreviations(w);
  emitMentions(w, paper, out);
}

void RulesExtractor::collectPatterns(Work& w) const {
  // One Hyperscan pass says in which sentences each pattern may match; RE2
  // then extracts the groups there. Patterns outside the prefilter run with
  // RE2 over the whole text (one DFA pass each).
  const auto& patterns = r_.rules.patterns();
  std::vector<std::pair<uint32_t, size_t>> hits;
  const bool prefiltered = r_.rules.scan(w.text, *scratch_, hits);
  // Per pattern: (sentence, last hit end in it).
  std::vector<std::vector<std::pair<uint32_t, size_t>>> sentencesOf(patterns.size());
  for (const auto& [pi, end] : hits) {
    auto it = std::upper_bound(w.sentences.begin(), w.sentences.end(), end ? end - 1 : 0,
                               [](size_t o, const Span& sp) { return o < sp.start; });
    if (it == w.sentences.begin()) continue;
    auto si = uint32_t(it - w.sentences.begin() - 1);
    auto& v = sentencesOf[pi];
    if (v.empty() || v.back().first != si) {
      v.emplace_back(si, end);
    } else {
      v.back().second = std::max(v.back().second, end);
    }
  }
  std::vector<re2::StringPiece> g;
  for (size_t pi = 0; pi < patterns.size(); ++pi) {
    const Pattern& p = patterns[pi];
    g.assign(size_t(1 + p.re->NumberOfCapturingGroups()), {});
    if (prefiltered && r_.rules.covered(pi)) {
      auto& v = sentencesOf[pi];
      std::sort(v.begin(), v.end());
      for (size_t k = 0; k < v.size(); ++k) {
        const auto [si, end] = v[k];
        if (k + 1 < v.size() && v[k + 1].first == si) continue;  // the same sentence, a later end
        // A pattern whose matches end with its cue has none past the last
        // place a cue may end, nor has a pattern without a cue past the last
        // place Hyperscan saw the whole (approximated) pattern end: RE2 need
        // not read the sentence beyond it.
        Span s = w.sentences[si];
        if (p.cueEndsMatch || p.cue.empty()) s.end = std::min(s.end, end);
        matchInSentence(w, p, s, g);
      }
      continue;
    }
    const size_t n = w.text.size();
    size_t pos = 0;
    while (pos <= n && nextMatch(w.text, p, pos, n, g)) {
      size_t ms = size_t(g[0].data() - w.text.data()), me = ms + g[0].size();
      auto it = std::upper_bound(w.sentences.begin(), w.sentences.end(), ms,
                                 [](size_t o, const Span& sp) { return o < sp.start; });
      if (it != w.sentences.begin() && me <= (it - 1)->end) {
        handleMatch(w, p, g);
        pos = me > pos ? me : pos + 1;
      } else if (it != w.sentences.begin() && ms < (it - 1)->end) {
        // The match leaves its sentence: search again inside it only.
        matchInSentence(w, p, Span{ms, (it - 1)->end}, g);
        pos = (it - 1)->end;
      } else if (it != w.sentences.end()) {
        pos = it->start;  // the match began between sentences
      } else {
        break;
      }
    }
  }
}

void RulesExtractor::matchInSentence(Work& w, const Pattern& p, Span s, std::vector<re2::StringPiece>& g) const {
  size_t q = s.start;
  while (q <= s.end && nextMatch(w.text, p, q, s.end, g)) {
    size_t e = size_t(g[0].data() - w.text.data()) + g[0].size();
    handleMatch(w, p, g);
    q = e > q ? e : q + 1;
  }
}

bool RulesExtractor::nextMatch(std::string_view text, const Pattern& p, size_t from, size_t to,
                               std::vector<re2::StringPiece>& g) const {
  if (!p.groupIsMatch && !p.left) return p.re->Match(text, from, to, re2::RE2::UNANCHORED, g.data(), int(g.size()));
  // RE2's DFAs find the match; its group search (a backtracker, or an NFA
  // for large patterns) is needed only when the name group is neither the
  // match nor found by cutting the match in two.
  std::fill(g.begin(), g.end(), re2::StringPiece());
  if (!p.re->Match(text, from, to, re2::RE2::UNANCHORED, g.data(), 1)) return false;
  const int gi = p.nameGroup ? p.nameGroup : p.namesGroup;
  if (p.groupIsMatch) {
    g[size_t(gi)] = g[0];
    return true;
  }
  const size_t ms = size_t(g[0].data() - text.data()), me = ms + g[0].size();
  if (nameByCut(p, text, ms, me, g[size_t(gi)])) return true;
  return p.re->Match(text, ms, me, re2::RE2::ANCHOR_BOTH, g.data(), int(g.size()));
}

void RulesExtractor::handleMatch(Work& w, const Pattern& p, const std::vector<re2::StringPiece>& groups) const {
  int gi = p.nameGroup ? p.nameGroup : p.namesGroup;
  const re2::StringPiece& name = groups[size_t(gi)];
  if (!name.data()) return;
  size_t gs = size_t(name.data() - w.text.data());
  size_t ge = gs + name.size();
  std::string size = p.sizeGroup && groups[size_t(p.sizeGroup)].data()
                         ? std::string(sv(groups[size_t(p.sizeGroup)]))
                         : std::string();
  size_t tb = tokenAt(w, gs), te = tokenAt(w, ge);
  if (p.kind == PG_KIND_TASK) {
    addTask(w, tb, te, p.family, p.confidence, p.family != "task_of");
    return;
  }
  if (p.family == "coordination") w.coordinations.emplace_back();
  if (!p.namesGroup) {
    addDataset(w, tb, te, p.family, p.confidence, size);
    return;
  }
  // A list "A, B and C": split at commas and conjunctions.
  size_t from = tb;
  for (size_t i = tb; i <= te; ++i) {
    bool sep = i == te;
    if (!sep) {
      std::string_view t = w.text.substr(w.tokens[i].start, w.tokens[i].end - w.tokens[i].start);
      sep = t == "," || t == "and" || t == "or" || t == "&" || t == ";";
      if (t == "as" && i + 2 < te && w.text.substr(w.tokens[i + 1].start, 4) == "well") {
        addDataset(w, from, i, p.family, p.confidence, size);
        i += 2;
        from = i + 1;
        continue;
      }
    }
    if (sep) {
      addDataset(w, from, i, p.family, p.confidence, size);
      from = i + 1;
    }
  }
}

std::optional<std::tuple<size_t, size_t, std::string>> RulesExtractor::cleanName(const Work& w, size_t tb,
                                                                                 size_t te) const {
  auto word = [&](size_t i) {
    return w.text.substr(w.tokens[i].start, w.tokens[i].end - w.tokens[i].start);
  };
  // Trim: leading stop words, numbers and punctuation; trailing head words
  // and citation keys ("SRL tan2018deep").
  while (tb < te && (!w.tokens[tb].word || r_.leadStop.count(word(tb)) || allDigits(word(tb)))) ++tb;
  for (size_t i = tb; i < te; ++i) {
    if (isCitationKey(word(i))) te = i;
  }
  while (te > tb && (!w.tokens[te - 1].word || r_.tailStop.count(word(te - 1)))) {
    std::string_view t = word(te - 1);
    if (t == "+") break;  // "CK+"
    --te;
  }
  if (tb >= te || te - tb > 12) return std::nullopt;
  std::string key = keyOf(w.text, &w.tokens[tb], &w.tokens[te]);
  if (!hasLetter(key) || key.size() < 2 || key.size() > 80) return std::nullopt;
  if (r_.generic.count(lowered(key))) return std::nullopt;
  // Lower-case phrases ("training data") are not names; nor are counts ("80k").
  if (!std::any_of(key.begin(), key.end(), [](char c) {
        return std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c));
      })) {
    return std::nullopt;
  }
  if (te - tb == 1 && key.size() <= 5 && std::isdigit(static_cast<unsigned char>(key[0])) &&
      std::string_view("kKMB").find(key.back()) != std::string_view::npos) {
    return std::nullopt;
  }
  std::string_view first = word(tb);
  for (const std::string& m : r_.methodPrefix[static_cast<unsigned char>(first[0])]) {
    if (first.starts_with(m) &&
        (first.size() == m.size() || std::isdigit(static_cast<unsigned char>(first[m.size()])) ||
         first[m.size()] == '-' || first[m.size()] == 'v' || first[m.size()] == 's')) {
      return std::nullopt;
    }
  }
  return std::tuple{tb, te, std::move(key)};
}

std::vector<std::string> RulesExtractor::surfaceOf(const Work& w, size_t tb, size_t te) const {
  std::vector<std::string> surface;
  for (size_t i = tb; i < te; ++i) surface.emplace_back(w.text.substr(w.tokens[i].start, w.tokens[i].end - w.tokens[i].start));
  return surface;
}

void RulesExtractor::addDataset(Work& w, size_t tb, size_t te, const std::string& family, float conf,
                                const std::string& size) const {
  auto name = cleanName(w, tb, te);
  if (!name) return;
  std::string key;
  std::tie(tb, te, key) = std::move(*name);
  if (family == "coordination") {
    w.coordinations.back().push_back(key);
    w.coordinationSurfaces[key].insert(surfaceOf(w, tb, te));
    return;
  }
  Candidate& c = w.datasets[key];
  size_t start = w.tokens[tb].start, end = w.tokens[te - 1].end;
  // "the Inception network": a method here.
  if (methodAfter(w, end)) {
    ++c.method;
    return;
  }
  float& best = c.families[family];
  best = std::max(best, conf);
  ++c.hits;
  ++c.repeats[family];
  c.surfaces.insert(surfaceOf(w, tb, te));
  Hit& h = w.hitAt[start];
  if (conf >= h.confidence) h.family = family, h.confidence = conf;
  if (!size.empty()) h.size = size;
}

void RulesExtractor::addTask(Work& w, size_t tb, size_t te, const std::string& family, float conf,
                             bool fromLeft) const {
  auto word = [&](size_t i) {
    return std::string_view(w.lower).substr(w.tokens[i].start, w.tokens[i].end - w.tokens[i].start);
  };
  // "results on the NER task": keep the words after the last function word;
  // "the task of image captioning with ...": keep those before the first.
  if (fromLeft) {
    for (size_t i = te; i > tb; --i) {
      if (r_.functionWord.count(word(i - 1)) || !w.tokens[i - 1].word) {
        tb = i;
        break;
      }
    }
  } else {
    for (size_t i = tb; i < te; ++i) {
      if (r_.functionWord.count(word(i)) || (!w.tokens[i].word && word(i) != "-")) {
        te = i;
        break;
      }
    }
  }
  while (tb < te && r_.taskGeneric.count(word(tb))) ++tb;
  if (tb >= te || te - tb > 5) return;
  if (r_.taskGeneric.count(word(te - 1))) return;
  for (size_t i = tb; i < te; ++i) {
    if (allDigits(word(i))) return;
  }
  std::string key = keyOf(w.lower, &w.tokens[tb], &w.tokens[te]);
  if (key.size() < 2 || r_.generic.count(key)) return;
  Candidate& c = w.tasks[key];
  float& best = c.families[family];
  best = std::max(best, conf);
  ++c.hits;
  std::vector<std::string> surface;
  for (size_t i = tb; i < te; ++i) surface.emplace_back(word(i));
  c.surfaces.insert(std::move(surface));
}

void RulesExtractor::collectAbbreviations(Work& w) const {
  std::vector<Abbreviation> found;
  for (const Span& s : w.sentences) findAbbreviations(w.text, s, found);
  for (const Abbreviation& a : found) {
    size_t lb = tokenAt(w, a.longForm.start), le = tokenAt(w, a.longForm.end);
    size_t sb = tokenAt(w, a.shortForm.start), se = tokenAt(w, a.shortForm.end);
    if (lb >= le || sb >= se) continue;
    std::string lf = keyOf(w.text, &w.tokens[lb], &w.tokens[le]);
    std::string sf = keyOf(w.text, &w.tokens[sb], &w.tokens[se]);
    std::string lastWord = lowered(std::string_view(w.text).substr(w.tokens[le - 1].start,
                                                                   w.tokens[le - 1].end - w.tokens[le - 1].start));
    // The word after ")": "(SNLI) corpus".
    size_t close = tokenAt(w, a.shortForm.end);
    while (close < w.tokens.size() && w.text[w.tokens[close].start] == ' ') ++close;
    std::string nextWord;
    if (close < w.tokens.size() && w.text[w.tokens[close].start] == ')' && close + 1 < w.tokens.size()) {
      const Token& t = w.tokens[close + 1];
      nextWord = lowered(w.text.substr(t.start, t.end - t.start));
    }
    if (r_.methodHead.count(lastWord) || r_.methodHead.count(nextWord)) {
      ++w.datasets[lf].method;
      ++w.datasets[sf].method;
      continue;
    }
    bool datasetCue = r_.head.count(lastWord) || r_.head.count(nextWord);
    bool lfUpper = std::isupper(static_cast<unsigned char>(lf[0])) != 0;
    // "convolutional neural network (CNN)", "Named Entity Recognition (NER)":
    // the short form names a method or a task, not data.
    if (!lfUpper || (r_.taskHead.count(lastWord) && !datasetCue)) {
      w.notDatasets.insert(sf);
      w.notDatasets.insert(lf);
    }
    if (datasetCue && lfUpper) {
      addDataset(w, lb, le, "abbreviation", 0.85f, "");
      addDataset(w, sb, se, "abbreviation", 0.85f, "");
    }
    // Link the pair whenever either side is a dataset candidate; the long
    // form is the key of both.
    auto li = w.datasets.find(lf);
    auto si = w.datasets.find(sf);
    if ((li != w.datasets.end() && !li->second.families.empty()) ||
        (si != w.datasets.end() && !si->second.families.empty())) {
      if (!lfUpper) continue;
      Candidate& target = w.datasets[lf];
      std::vector<std::string> lfs, sfs;
      for (size_t i = lb; i < le; ++i) lfs.emplace_back(w.text.substr(w.tokens[i].start, w.tokens[i].end - w.tokens[i].start));
      for (size_t i = sb; i < se; ++i) sfs.emplace_back(w.text.substr(w.tokens[i].start, w.tokens[i].end - w.tokens[i].start));
      target.surfaces.insert(lfs);
      target.surfaces.insert(sfs);
      target.abbreviation = sf;
      target.expansion = lf;
      si = w.datasets.find(sf);
      if (si != w.datasets.end() && sf != lf) {
        for (const auto& [f, c] : si->second.families) target.families[f] = std::max(target.families[f], c);
        target.hits += si->second.hits;
        target.method += si->second.method;
        for (const auto& surf : si->second.surfaces) target.surfaces.insert(surf);
        w.datasets.erase(si);
      }
      continue;
    }
    // Task long forms: a listed task or a task head word ("... Recognition").
    std::string lfLower = lowered(lf);
    bool listed = r_.taskNames.count(lfLower) != 0;
    if (listed || (r_.taskHead.count(lastWord) && !datasetCue)) {
      Candidate& c = w.tasks[lfLower];
      c.families["abbreviation"] = 0.8f;
      ++c.hits;
      std::vector<std::string> lfs, sfs;
      for (size_t i = lb; i < le; ++i) lfs.emplace_back(std::string_view(w.lower).substr(w.tokens[i].start, w.tokens[i].end - w.tokens[i].start));
      for (size_t i = sb; i < se; ++i) sfs.emplace_back(std::string_view(w.lower).substr(w.tokens[i].start, w.tokens[i].end - w.tokens[i].start));
      c.surfaces.insert(lfs);
      c.surfaces.insert(sfs);
      c.abbreviation = sf;
      c.expansion = lf;
    }
  }
}

std::string RulesExtractor::roleOf(Work& w, size_t start, size_t end) const {
  auto it = std::upper_bound(w.sentences.begin(), w.sentences.end(), start,
                             [](size_t o, const Span& s) { return o < s.start; });
  if (it == w.sentences.begin()) return "referred-to";
  size_t si = size_t(it - w.sentences.begin()) - 1;
  const Span& s = w.sentences[si];
  if (end > s.end) return "referred-to";
  // Each sentence is searched once, whatever the number of mentions in it.
  if (w.role[si] < 0) {
    std::string_view sent = w.text.substr(s.start, s.end - s.start);
    w.role[si] = re2::RE2::PartialMatch(sent, r_.rules.roleUsed()) ? 1 : 0;
    re2::StringPiece m;
    size_t pos = 0;
    while (pos <= sent.size() &&
           r_.rules.roleIntroduced().Match(sent, pos, sent.size(), re2::RE2::UNANCHORED, &m, 1)) {
      size_t ms = size_t(m.data() - sent.data());
      w.introduced.push_back({s.start + ms, s.start + ms + m.size()});
      pos = ms + m.size() > pos ? ms + m.size() : pos + 1;
    }
  }
  // "We introduce ... a new dataset": names near such a phrase.
  auto near = std::lower_bound(w.introduced.begin(), w.introduced.end(), start > 80 ? start - 80 : 0,
                               [](const Span& sp, size_t o) { return sp.end < o; });
  if (near != w.introduced.end() && near->start <= end + 80) return "introduced";
  return w.role[si] ? "used" : "referred-to";
}

bool RulesExtractor::methodAfter(Work& w, size_t end) const {
  // Names found by several cues, and their later mentions, end at the same
  // offsets: each is matched once.
  auto [it, fresh] = w.methodAt.try_emplace(end, false);
  if (fresh) {
    std::string_view after = w.text.substr(end, std::min<size_t>(40, w.text.size() - end));
    it->second = re2::RE2::PartialMatch(after, r_.rules.methodAfter());
  }
  return it->second;
}

size_t RulesExtractor::skipHeadWord(const Work& w, size_t end) const {
  size_t i = end;
  while (i < w.text.size() && w.text[i] == ' ') ++i;
  size_t j = i;
  while (j < w.text.size() && std::isalpha(static_cast<unsigned char>(w.text[j]))) ++j;
  if (j > i && r_.head.count(lowered(w.text.substr(i, j - i)))) return j;
  return end;
}

std::string RulesExtractor::citationAfter(const Work& w, size_t end, size_t afterHead) const {
  // Right after the name, then after a head word ("SNLI corpus [4]") if
  // there is one.
  for (size_t at : {end, afterHead}) {
    std::string_view window = w.text.substr(at, std::min<size_t>(200, w.text.size() - at));
    re2::StringPiece marker;
    if (re2::RE2::PartialMatch(window, r_.rules.citationAfter(), &marker)) return std::string(sv(marker));
    if (afterHead == end) break;
  }
  return "";
}

std::string RulesExtractor::citationIdAfter(const Work& w, const pg_paper& paper,
                                            const std::vector<size_t>& order, size_t end, size_t afterHead) const {
  for (size_t at : {end, afterHead}) {
    auto it = std::lower_bound(order.begin(), order.end(), at,
                               [&](size_t ci, size_t o) { return paper.citations[ci].start < o; });
    if (it == order.end()) continue;
    const pg_citation& c = paper.citations[*it];
    if (c.start > at + 3 || c.n_targets == 0 || !c.targets[0]) continue;
    bool gap = true;
    for (size_t i = at; i < c.start && gap; ++i) gap = w.text[i] == ' ' || w.text[i] == '\t';
    if (gap) return c.targets[0];
  }
  return "";
}

// Year or version in a name: "ImageNet 2012", "SQuAD v1.1", "WMT 2014
// English-German", "WMT'14" (-> "2014"), "VOC2012".
std::string versionOf(const std::string& key) {
  std::string found;
  size_t i = key.find(' ');
  while (i != std::string::npos) {
    size_t j = key.find(' ', i + 1);
    std::string t = key.substr(i + 1, j == std::string::npos ? std::string::npos : j - i - 1);
    std::string v = !t.empty() && (t[0] == 'v' || t[0] == 'V') ? t.substr(1) : t;
    bool year = v.size() == 4 && allDigits(v) && (v.starts_with("19") || v.starts_with("20"));
    bool dotted = v.find('.') != std::string::npos && !v.empty() && std::isdigit(static_cast<unsigned char>(v[0]));
    bool vnum = v.size() != t.size() && !v.empty() && std::isdigit(static_cast<unsigned char>(v[0]));
    if (year || dotted || vnum) found = v;
    i = j;
  }
  if (!found.empty()) return found;
  for (const char* apostrophe : {"'", "’"}) {
    size_t a = key.rfind(apostrophe);
    if (a == std::string::npos) continue;
    std::string yy = key.substr(a + std::strlen(apostrophe), 2);
    if (yy.size() == 2 && allDigits(yy)) return (yy[0] >= '5' ? "19" : "20") + yy;
  }
  if (key.size() > 5 && key.find(' ') == std::string::npos) {
    std::string tail = key.substr(key.size() - 4);
    if (allDigits(tail) && (tail.starts_with("19") || tail.starts_with("20")) &&
        std::isalpha(static_cast<unsigned char>(key[key.size() - 5]))) {
      return tail;
    }
  }
  return "";
}

std::map<std::string, const Candidate*> RulesExtractor::acceptDatasets(Work& w) const {
  // Capitalised ordinary words ("Clinical Data", "Multiple") whose lower-case
  // forms the paper also uses are headings or sentence starts, not names.
  std::deque<std::string> words;
  std::unordered_map<std::string_view, bool> seenLower;
  uint64_t lengths[26] = {};  // first letter -> bit set of word lengths, to skip most lookups
  for (const auto& [key, c] : w.datasets) {
    if (c.families.count("abbreviation") || !titleWordsOnly(key)) continue;
    for (size_t i = 0, j; i < key.size(); i = j + 1) {
      j = key.find(' ', i);
      if (j == std::string::npos) j = key.size();
      const std::string& word = words.emplace_back(lowered(std::string_view(key).substr(i, j - i)));
      seenLower.emplace(word, false);
      if (word[0] >= 'a' && word[0] <= 'z') lengths[word[0] - 'a'] |= uint64_t(1) << std::min<size_t>(word.size(), 63);
    }
  }
  if (!seenLower.empty()) {
    for (const Token& t : w.tokens) {
      const char first = w.text[t.start];
      if (!t.word || first < 'a' || first > 'z' ||
          !(lengths[first - 'a'] >> std::min<size_t>(t.end - t.start, 63) & 1)) {
        continue;
      }
      auto it = seenLower.find(w.text.substr(t.start, t.end - t.start));
      if (it != seenLower.end()) it->second = true;
    }
  }
  auto ordinary = [&](const std::string& key, const Candidate& c) {
    if (c.families.count("abbreviation") || !titleWordsOnly(key)) return false;
    for (size_t i = 0, j; i < key.size(); i = j + 1) {
      j = key.find(' ', i);
      if (j == std::string::npos) j = key.size();
      auto it = seenLower.find(lowered(std::string_view(key).substr(i, j - i)));
      if (it == seenLower.end() || !it->second) return false;
    }
    return true;
  };
  auto accepted = [&](const std::string& key, const Candidate& c) {
    return !c.families.empty() && c.score() >= r_.accept && !(c.method >= r_.methodMargin && c.method > c.hits) &&
           !w.notDatasets.count(key) && !ordinary(key, c);
  };
  // Members of a coordination with an accepted dataset gain evidence.
  for (const auto& group : w.coordinations) {
    bool any = std::any_of(group.begin(), group.end(), [&](const std::string& k) {
      auto it = w.datasets.find(k);
      return it != w.datasets.end() && accepted(k, it->second);
    });
    if (!any) continue;
    for (const std::string& k : group) {
      Candidate& c = w.datasets[k];
      float& f = c.families["coordinated"];
      f = std::max(f, r_.coordinated);
      for (const auto& s : w.coordinationSurfaces[k]) c.surfaces.insert(s);
    }
  }
  std::map<std::string, const Candidate*> out;
  for (const auto& [key, c] : w.datasets) {
    if (accepted(key, c)) out[key] = &c;
  }
  return out;
}

void RulesExtractor::emitMentions(Work& w, const pg_paper& paper, MentionSink& out) const {
  PhraseIndex datasets;
  std::map<std::string, const Candidate*> accepted = acceptDatasets(w);
  std::set<std::string> datasetKeys;  // lower case
  for (const auto& [key, c] : accepted) {
    for (const auto& s : c->surfaces) datasets.add(s, key);
    datasetKeys.insert(lowered(key));
  }
  std::vector<size_t> order;  // citations by start
  if (!datasets.empty()) {
    order.resize(paper.n_citations);
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(),
              [&](size_t a, size_t b) { return paper.citations[a].start < paper.citations[b].start; });
  }
  // The task list's index is built once (r_.taskIndex); this paper's own
  // task names go in a second one. At equal length the list wins.
  PhraseIndex tasks;
  std::map<std::string, const Candidate*> found;
  for (const auto& [key, c] : w.tasks) {
    if (c.score() < r_.acceptTask || datasetKeys.count(key)) continue;
    found[key] = &c;
    for (const auto& s : c.surfaces) tasks.add(s, key);
  }
  // A task mention's attributes depend on its key only: made once per key.
  const std::string listed = Attributes().set("rule", "task_list").str();
  std::map<std::string, std::string> attributesOf;
  for (const auto& [key, c] : found) {
    Attributes a;
    a.set("rule", c->bestFamily());
    a.set("abbreviation", c->abbreviation);
    a.set("expansion", c->expansion);
    attributesOf[key] = a.str();
  }

  // One pass over the tokens for both kinds: each token's shape (of its
  // lower-case form) rules it out of all three indexes at once. Datasets
  // are emitted as found, tasks after them.
  uint64_t starts[PhraseIndex::kShapeWords] = {};
  datasets.addStarts(starts);
  r_.taskIndex.addStarts(starts);
  tasks.addStarts(starts);
  struct TaskHit {
    size_t start, end;
    const std::string* key;
  };
  std::vector<TaskHit> taskHits;
  size_t datasetsFrom = 0, tasksFrom = 0;  // the token after the last mention of each kind
  for (size_t i = 0; i < w.tokens.size(); ++i) {
    const size_t shape = PhraseIndex::shapeAt(w.lower, w.tokens[i]);
    if (!(starts[shape / 64] >> (shape % 64) & 1)) continue;
    if (i >= datasetsFrom && datasets.mayStart(shape)) {
      const std::string* key = nullptr;
      const size_t n = datasets.matchSeen(w.text, w.tokens, i, &key);
      if (n && emitDataset(w, paper, order, *accepted.at(*key), i, n, *key, out)) datasetsFrom = i + n;
    }
    if (i < tasksFrom) continue;
    const std::string* key = nullptr;
    const std::string* own = nullptr;
    size_t n = r_.taskIndex.mayStart(shape) ? r_.taskIndex.matchSeen(w.lower, w.tokens, i, &key) : 0;
    if (tasks.mayStart(shape)) {
      size_t m = tasks.matchSeen(w.lower, w.tokens, i, &own);
      if (m > n) n = m, key = own;
    }
    if (!n) continue;
    taskHits.push_back({w.tokens[i].start, w.tokens[i + n - 1].end, key});
    tasksFrom = i + n;
  }
  for (const TaskHit& h : taskHits) {
    auto f = found.find(*h.key);
    if (f == found.end()) {
      out.emit(h.start, h.end, PG_KIND_TASK, 0.7f, *h.key, listed);
    } else {
      out.emit(h.start, h.end, PG_KIND_TASK, f->second->score(), *h.key, attributesOf.at(*h.key));
    }
  }
}

bool RulesExtractor::emitDataset(Work& w, const pg_paper& paper, const std::vector<size_t>& order,
                                 const Candidate& c, size_t i, size_t n, const std::string& key,
                                 MentionSink& out) const {
  size_t start = w.tokens[i].start, end = w.tokens[i + n - 1].end;
  // Whole names only: not "CIFAR-10" inside "CIFAR-10-C" or "pre-ImageNet".
  auto joined = [&](size_t a, size_t b) {
    return (w.text[a] == '-' || w.text[a] == '_' || w.text[a] == '/') &&
           std::isalnum(static_cast<unsigned char>(w.text[b]));
  };
  if ((end + 1 < w.text.size() && joined(end, end + 1)) || (start >= 2 && joined(start - 1, start - 2))) {
    return false;
  }
  if (methodAfter(w, end)) return false;
  auto hit = w.hitAt.find(start);
  float conf = hit != w.hitAt.end() ? hit->second.confidence : c.score() * 0.9f;

  Attributes a;
  std::string surfaceKey = keyOf(w.text, &w.tokens[i], &w.tokens[i + n]);
  a.set("rule", hit != w.hitAt.end() ? hit->second.family : "propagated:" + c.bestFamily());
  a.set("version", versionOf(surfaceKey));
  std::string_view tail = w.text.substr(end, std::min<size_t>(60, w.text.size() - end));
  re2::StringPiece split;
  if (!re2::RE2::PartialMatch(tail, r_.rules.splitAfter(), &split)) {
    size_t from = start >= 60 ? start - 60 : 0;
    re2::RE2::PartialMatch(w.text.substr(from, start - from), r_.rules.splitBefore(), &split);
  }
  std::string sp = lowered(sv(split));
  if (sp == "training") sp = "train";
  if (sp == "testing") sp = "test";
  if (sp == "val") sp = "validation";
  if (sp == "development") sp = "dev";
  a.set("split", sp);
  re2::StringPiece l1, l2;
  std::string_view around = w.text.substr(start, std::min<size_t>(end - start + 40, w.text.size() - start));
  if (re2::RE2::PartialMatch(around, r_.rules.langPair(), &l1, &l2)) {
    const auto& langs = r_.rules.map("lang");
    auto c1 = langs.find(std::string(sv(l1))), c2 = langs.find(std::string(sv(l2)));
    if (c1 != langs.end() && c2 != langs.end() && c1->second != c2->second) {
      a.set("language_pair", c1->second + "-" + c2->second);
    }
  }
  if (hit != w.hitAt.end()) a.set("size", hit->second.size);
  a.set("role", roleOf(w, start, end));
  const size_t afterHead = skipHeadWord(w, end);
  a.set("citation", citationAfter(w, end, afterHead));
  a.set("citation_id", citationIdAfter(w, paper, order, end, afterHead));
  a.set("abbreviation", c.abbreviation);
  a.set("expansion", c.expansion);
  out.emit(start, end, PG_KIND_DATASET, conf, key, a.str());
  return true;
}

}  // namespace
}  // namespace papergraph::rules

PAPERGRAPH_PLUGIN(papergraph::rules::RulesExtractor, rules, "rules", "0.1.0",
                  "Rule-based datasets and tasks: cue patterns, abbreviations, attributes",
                  PG_KIND_DATASET | PG_KIND_TASK)
