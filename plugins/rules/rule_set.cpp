#include "rule_set.hpp"

#include <re2/re2.h>
#ifdef PG_RULES_HYPERSCAN
#include <hs/hs.h>
#endif

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <new>
#include <sstream>

namespace papergraph::rules {
namespace {

constexpr std::string_view kHeaderWord = "papergraph-rules";

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Splits off the first whitespace-delimited word of s.
std::string_view nextWord(std::string_view& s) {
  s = trim(s);
  size_t i = 0;
  while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  std::string_view w = s.substr(0, i);
  s = trim(s.substr(i));
  return w;
}

bool isIdentifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool parseNumber(std::string_view s, double& out) {
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size();
}

RE2::Options regexOptions() {
  RE2::Options o;
  o.set_log_errors(false);
  o.set_max_mem(64 << 20);
  return o;
}

// A list entry as a regex: metacharacters quoted, spaces match any spacing.
std::string phraseRegex(std::string_view phrase) {
  std::string out;
  std::string_view rest = phrase;
  bool first = true;
  while (!rest.empty()) {
    std::string_view w = nextWord(rest);
    if (w.empty()) break;
    if (!first) out += "\\s+";
    out += RE2::QuoteMeta(re2::StringPiece(w.data(), w.size()));
    first = false;
  }
  return out;
}

std::string alternation(std::vector<std::string> entries) {
  std::sort(entries.begin(), entries.end(),
            [](const std::string& a, const std::string& b) {
              return a.size() != b.size() ? a.size() > b.size() : a < b;
            });
  std::string out = "(?:";
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i) out += '|';
    out += phraseRegex(entries[i]);
  }
  return out + ")";
}

// True when re can match without consuming a byte at some place of some
// text: at every position of short texts that put words, spaces, newlines
// and the text's ends on either side (all that ^ $ \b \B look at).
bool matchesEmpty(const RE2& re) {
  for (std::string_view text : {"", "a", " ", "aa", "  ", "a ", " a", "\n", "a\n", "\na", "\n\n", " \n "}) {
    for (size_t p = 0; p <= text.size(); ++p) {
      if (re.Match(text, p, p, RE2::ANCHOR_BOTH, nullptr, 0)) return true;
    }
  }
  return false;
}

// Where the literal part starting at re[i] ends (the index of its last
// byte) when it is an escape, \Q...\E or a character class (brackets and
// bars inside are literal); i otherwise.
size_t skipLiteral(std::string_view re, size_t i) {
  if (re[i] == '\\') {
    if (i + 1 < re.size() && re[i + 1] == 'Q') {
      size_t e = re.find("\\E", i + 2);
      return e == std::string_view::npos ? re.size() : e + 1;
    }
    return i + 1;
  }
  if (re[i] != '[') return i;
  size_t j = i + 1;
  if (j < re.size() && re[j] == '^') ++j;
  if (j < re.size() && re[j] == ']') ++j;
  while (j < re.size() && re[j] != ']') j += re[j] == '\\' ? 2 : 1;
  return j;
}

// Where the group opened by open ("(?P<name>") stands in re: the offsets
// of its parentheses (npos when absent), and whether it is a plain step of
// re's top-level sequence: no '|' or flag group such as (?i) at the top
// level, no repetition after it.
struct GroupPlace {
  size_t begin = std::string_view::npos, end = std::string_view::npos;
  bool inSequence = false;
};

GroupPlace placeOf(std::string_view re, std::string_view open) {
  GroupPlace g;
  bool plainTop = true;
  size_t depth = 0;
  for (size_t i = 0; i < re.size(); ++i) {
    if (re[i] == '\\' || re[i] == '[') {
      i = skipLiteral(re, i);
    } else if (re[i] == '(') {
      if (depth == 0) {
        if (re.compare(i, open.size(), open) == 0 && g.begin == std::string_view::npos) g.begin = i;
        size_t f = i + 2;  // "(?i)": flags for the rest of the sequence
        while (re.compare(i, 2, "(?") == 0 && f < re.size() && std::string_view("imsU-").find(re[f]) != std::string_view::npos) ++f;
        if (f > i + 2 && f < re.size() && re[f] == ')') plainTop = false;
      }
      ++depth;
    } else if (re[i] == ')' && depth > 0) {
      if (--depth == 0 && g.begin != std::string_view::npos && g.end == std::string_view::npos) g.end = i;
    } else if (re[i] == '|' && depth == 0) {
      plainTop = false;
    }
  }
  if (g.end == std::string_view::npos) return GroupPlace{};
  g.inSequence = plainTop && (g.end + 1 >= re.size() || std::string_view("?*+{").find(re[g.end + 1]) == std::string_view::npos);
  return g;
}

// True when s holds only zero-width assertions (^ $ \b \B \A \z).
bool zeroWidth(std::string_view s) {
  while (!s.empty()) {
    if (s[0] == '^' || s[0] == '$') {
      s.remove_prefix(1);
    } else if (s.size() >= 2 && s[0] == '\\' && std::string_view("bBAz").find(s[1]) != std::string_view::npos) {
      s.remove_prefix(2);
    } else {
      return false;
    }
  }
  return true;
}

// Sets how p's name group is found in a match (Pattern::groupIsMatch,
// Pattern::left/right) from re, p's expanded regex.
void placeName(std::string_view re, Pattern& p) {
  if (p.sizeGroup) return;  // the size group must be searched for anyway
  const GroupPlace g = placeOf(re, p.nameGroup ? "(?P<name>" : "(?P<names>");
  if (!g.inSequence) return;
  const bool before = zeroWidth(re.substr(0, g.begin)), after = zeroWidth(re.substr(g.end + 1));
  if (before && after) {
    p.groupIsMatch = p.nameGroup ? p.nameGroup : p.namesGroup;
    return;
  }
  if (!before && !after) return;
  // Cut where the name group meets the rest: after it when it begins the
  // pattern, before it when it ends the pattern.
  const size_t cut = before ? g.end + 1 : g.begin;
  auto left = std::make_unique<RE2>(re.substr(0, cut), regexOptions());
  auto right = std::make_unique<RE2>(re.substr(cut), regexOptions());
  if (!left->ok() || !right->ok()) return;
  p.nameLeft = before;
  if (p.nameLeft) {
    std::string lo, hi;
    if (right->PossibleMatchRange(&lo, &hi, 4) && !hi.empty()) {
      p.rightFirstMin = lo.empty() ? 0 : static_cast<unsigned char>(lo[0]);
      p.rightFirstMax = static_cast<unsigned char>(hi[0]);
    }
  } else {
    RE2::Options longest = regexOptions();
    longest.set_longest_match(true);
    p.leftLongest = std::make_unique<RE2>(re.substr(0, cut), longest);
    if (!p.leftLongest->ok()) return p.leftLongest.reset();
  }
  p.left = std::move(left);
  p.right = std::move(right);
}

// The text of re's (?P<cue>...) group, checked to be a part every match of
// re passes through: no enclosing group (nor the whole regex) is an
// alternation or may repeat zero times. Returns "" or the problem.
std::string cueGroup(std::string_view re, std::string& cue, bool& cueEndsMatch) {
  struct Group {
    size_t open;
    bool alternation = false;
    bool onCuePath = false;
  };
  constexpr std::string_view kCue = "(?P<cue>";
  std::vector<Group> stack{{0}};  // stack[0]: the whole regex
  size_t cueOpen = std::string_view::npos;
  std::string problem;
  auto quantifiedToZero = [&](size_t after) {
    if (after >= re.size()) return false;
    char q = re[after];
    return q == '?' || q == '*' || (q == '{' && after + 1 < re.size() && (re[after + 1] == '0' || re[after + 1] == ','));
  };
  for (size_t i = 0; i < re.size(); ++i) {
    char c = re[i];
    if (c == '\\' || c == '[') {
      i = skipLiteral(re, i);
    } else if (c == '(') {
      if (re.compare(i, kCue.size(), kCue) == 0) {
        if (cueOpen != std::string_view::npos) return "more than one (?P<cue>...) group";
        cueOpen = i;
        for (Group& g : stack) g.onCuePath = true;
      }
      stack.push_back({i});
    } else if (c == '|') {
      stack.back().alternation = true;
    } else if (c == ')' && stack.size() > 1) {
      Group g = stack.back();
      stack.pop_back();
      if (g.open == cueOpen) {
        cue = std::string(re.substr(cueOpen + kCue.size(), i - cueOpen - kCue.size()));
        // Only closing parentheses after it: every match ends with a cue.
        cueEndsMatch = re.find_first_not_of(')', i + 1) == std::string_view::npos;
        if (quantifiedToZero(i + 1)) problem = "the (?P<cue>...) group may repeat zero times";
      } else if (g.onCuePath && (g.alternation || quantifiedToZero(i + 1))) {
        problem = "the (?P<cue>...) group is inside an alternation or an optional group";
      }
    }
  }
  if (cueOpen == std::string_view::npos) return "";
  if (stack.front().alternation) problem = "the (?P<cue>...) group is inside an alternation or an optional group";
  if (problem.empty()) {
    RE2 check(cue, regexOptions());
    if (!check.ok()) return "bad (?P<cue>...) group: " + check.error();
    if (matchesEmpty(check)) problem = "the (?P<cue>...) group matches the empty string";
  }
  if (!problem.empty()) cue.clear(), cueEndsMatch = false;
  return problem.empty() ? "" : problem + " (every match must pass through it)";
}

}  // namespace

#ifdef PG_RULES_HYPERSCAN
// Immutable once built: hs_scan() only reads the database, so one serves
// every thread; the scratch is per state (RuleSet::Scratch).
struct RuleSet::Prefilter {
  hs_database_t* db = nullptr;
  std::vector<uint32_t> pattern;  // Hyperscan id -> pattern index
  ~Prefilter() {
    if (db) hs_free_database(db);
  }
};

namespace {

// The RE2 pattern as Hyperscan reads it: named groups become plain groups.
std::string hyperscanSyntax(const std::string& re) {
  std::string out;
  for (size_t i = 0; i < re.size(); ++i) {
    if (re[i] == '\\' && i + 1 < re.size()) {
      out += re[i];
      out += re[++i];
    } else if (re.compare(i, 4, "(?P<") == 0) {
      i = re.find('>', i);
      out += "(?:";
    } else {
      out += re[i];
    }
  }
  return out;
}

}  // namespace

namespace {

// Compiles exprs into one database; false when Hyperscan refuses them.
bool compileAll(const std::vector<std::string>& exprs, const std::vector<unsigned>& flags,
                const std::vector<unsigned>& ids, hs_database_t** db) {
  std::vector<const char*> ptrs;
  for (const auto& e : exprs) ptrs.push_back(e.c_str());
  hs_compile_error_t* err = nullptr;
  if (hs_compile_multi(ptrs.data(), flags.data(), ids.data(), unsigned(ptrs.size()), HS_MODE_BLOCK, nullptr,
                       db, &err) == HS_SUCCESS) {
    return true;
  }
  hs_free_compile_error(err);
  return false;
}

}  // namespace

// Patterns Hyperscan refuses (found one by one only when the whole set is
// refused) stay outside the prefilter and run with RE2 alone.
void buildPrefilter(const std::vector<Pattern>& patterns, std::unique_ptr<RuleSet::Prefilter>& out,
                    std::vector<bool>& covered) {
  const unsigned f = HS_FLAG_PREFILTER | HS_FLAG_UTF8 | HS_FLAG_ALLOWEMPTY;
  auto pf = std::make_unique<RuleSet::Prefilter>();
  std::vector<std::string> exprs;
  std::vector<unsigned> flags, ids;
  auto add = [&](size_t i, std::string hs) {
    ids.push_back(unsigned(pf->pattern.size()));
    pf->pattern.push_back(uint32_t(i));
    exprs.push_back(std::move(hs));
    flags.push_back(f);
  };
  // A pattern with a cue is found by its cue alone: every match contains a
  // cue match, which ends inside the match's sentence.
  for (size_t i = 0; i < patterns.size(); ++i) {
    const Pattern& p = patterns[i];
    add(i, hyperscanSyntax(p.cue.empty() ? p.re->pattern() : p.cue));
  }
  covered.assign(patterns.size(), false);
  if (exprs.empty()) return;
  if (!compileAll(exprs, flags, ids, &pf->db)) {
    std::vector<std::string> all = std::move(exprs);
    exprs.clear(), flags.clear(), ids.clear(), pf->pattern.clear();
    for (size_t i = 0; i < all.size(); ++i) {
      hs_database_t* one = nullptr;
      hs_compile_error_t* err = nullptr;
      if (hs_compile(all[i].c_str(), f, HS_MODE_BLOCK, nullptr, &one, &err) != HS_SUCCESS) {
        hs_free_compile_error(err);
        continue;
      }
      hs_free_database(one);
      add(i, all[i]);
    }
    if (exprs.empty() || !compileAll(exprs, flags, ids, &pf->db)) return;
  }
  // The database must give scratch; states allocate their own from it.
  hs_scratch_t* probe = nullptr;
  if (hs_alloc_scratch(pf->db, &probe) != HS_SUCCESS) return;
  hs_free_scratch(probe);
  for (uint32_t i : pf->pattern) covered[i] = true;
  out = std::move(pf);
}

RuleSet::Scratch::~Scratch() {
  if (hs_) hs_free_scratch(static_cast<hs_scratch_t*>(hs_));
}

std::unique_ptr<RuleSet::Scratch> RuleSet::makeScratch() const {
  auto s = std::make_unique<Scratch>();
  if (prefilter_) {
    hs_scratch_t* hs = nullptr;
    // hs_alloc_scratch only reads the database: safe while others scan it.
    if (hs_alloc_scratch(prefilter_->db, &hs) != HS_SUCCESS) throw std::bad_alloc();
    s->hs_ = hs;
  }
  return s;
}

bool RuleSet::scan(std::string_view text, Scratch& scratch, std::vector<std::pair<uint32_t, size_t>>& hits) const {
  if (!prefilter_ || !scratch.hs_) return false;
  struct Ctx {
    const Prefilter* pf;
    std::vector<std::pair<uint32_t, size_t>>* hits;
  } ctx{prefilter_.get(), &hits};
  auto onMatch = [](unsigned id, unsigned long long, unsigned long long to, unsigned, void* c) -> int {
    auto* x = static_cast<Ctx*>(c);
    x->hits->emplace_back(x->pf->pattern[id], size_t(to));
    return 0;
  };
  // Hyperscan takes an unsigned length; papers beyond 4 GB fall back to RE2.
  if (text.size() > 0xFFFFFFFFu) return false;
  return hs_scan(prefilter_->db, text.data(), unsigned(text.size()), 0, static_cast<hs_scratch_t*>(scratch.hs_),
                 onMatch, &ctx) == HS_SUCCESS;
}
#else
struct RuleSet::Prefilter {};
RuleSet::Scratch::~Scratch() = default;
std::unique_ptr<RuleSet::Scratch> RuleSet::makeScratch() const { return std::make_unique<Scratch>(); }
bool RuleSet::scan(std::string_view, Scratch&, std::vector<std::pair<uint32_t, size_t>>&) const { return false; }
#endif

RuleSet::RuleSet() = default;
RuleSet::~RuleSet() = default;

std::string RuleSet::readFile(const std::string& path, std::string& text) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return path + ": cannot open rule file";
  std::ostringstream buf;
  buf << in.rdbuf();
  text = buf.str();
  return "";
}

std::string RuleSet::expand(std::string_view in, std::string& out) const {
  out.clear();
  for (size_t i = 0; i < in.size(); ++i) {
    char c = in[i];
    if (c == '\\' && i + 1 < in.size()) {  // keep escapes, including \{
      out += c;
      out += in[++i];
      continue;
    }
    if (c != '{' || i + 1 >= in.size() || !(std::isalpha(static_cast<unsigned char>(in[i + 1])) || in[i + 1] == '_')) {
      out += c;
      continue;
    }
    size_t close = in.find('}', i);
    if (close == std::string_view::npos) return "unterminated reference '{'";
    std::string name(in.substr(i + 1, close - i - 1));
    if (auto d = defines_.find(name); d != defines_.end()) {
      out += "(?:" + d->second + ")";
    } else if (auto l = lists_.find(name); l != lists_.end()) {
      out += alternation(l->second);
    } else if (auto m = maps_.find(name); m != maps_.end()) {
      std::vector<std::string> keys;
      for (const auto& [k, v] : m->second) keys.push_back(k);
      out += alternation(keys);
    } else {
      return "unknown reference {" + name + "} (define, list or map it on an earlier line)";
    }
    i = close;
  }
  return "";
}

std::string RuleSet::loadText(std::string_view text, const std::string& file) {
  bool sawHeader = false;
  int version = 0;
  size_t lineNo = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view raw = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    ++lineNo;
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    auto fail = [&](const std::string& what) {
      return file + ":" + std::to_string(lineNo) + ": " + what;
    };

    std::string_view rest = line;
    std::string_view directive = nextWord(rest);
    if (!sawHeader) {
      if (directive != kHeaderWord) {
        return fail("expected the header 'papergraph-rules <version>' before any rule");
      }
      std::string_view v = nextWord(rest);
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), version);
      if (ec != std::errc() || p != v.data() + v.size() || version < 1 || !rest.empty()) {
        return fail("malformed header: expected 'papergraph-rules <version>'");
      }
      if (version > kRuleFormatVersion) {
        return fail("rule format version " + std::to_string(version) +
                    " is newer than this plugin reads (" + std::to_string(kRuleFormatVersion) + ")");
      }
      sawHeader = true;
      continue;
    }

    if (directive == "set") {
      std::string_view name = nextWord(rest);
      double value = 0;
      if (!isIdentifier(name) || !parseNumber(rest, value)) {
        return fail("expected 'set <name> <number>'");
      }
      settings_[std::string(name)] = value;
    } else if (directive == "list") {
      std::string_view name = nextWord(rest);
      if (!isIdentifier(name) || rest.empty()) return fail("expected 'list <name> <phrase>'");
      lists_[std::string(name)].emplace_back(rest);
    } else if (directive == "map") {
      std::string_view name = nextWord(rest);
      std::string_view key = nextWord(rest);
      if (!isIdentifier(name) || key.empty() || rest.empty()) {
        return fail("expected 'map <name> <key> <value>'");
      }
      maps_[std::string(name)][std::string(key)] = std::string(rest);
    } else if (directive == "define") {
      std::string_view name = nextWord(rest);
      if (!isIdentifier(name) || rest.empty()) return fail("expected 'define <NAME> <regex>'");
      std::string expanded;
      if (std::string e = expand(rest, expanded); !e.empty()) return fail(e);
      RE2 check(expanded, regexOptions());
      if (!check.ok()) return fail("bad regex in define " + std::string(name) + ": " + check.error());
      defines_[std::string(name)] = expanded;
    } else if (directive == "pattern") {
      Pattern p;
      p.family = std::string(nextWord(rest));
      std::string_view kind = nextWord(rest);
      std::string_view conf = nextWord(rest);
      if (!isIdentifier(p.family) || kind.empty() || conf.empty() || rest.empty()) {
        return fail("expected 'pattern <family> <dataset|task> <confidence> <regex>'");
      }
      if (kind == "dataset") {
        p.kind = PG_KIND_DATASET;
      } else if (kind == "task") {
        p.kind = PG_KIND_TASK;
      } else {
        return fail("unknown kind '" + std::string(kind) + "' (dataset or task)");
      }
      double c = 0;
      if (!parseNumber(conf, c) || c <= 0 || c > 1) {
        return fail("confidence '" + std::string(conf) + "' is not a number in (0, 1]");
      }
      p.confidence = static_cast<float>(c);
      std::string expanded;
      if (std::string e = expand(rest, expanded); !e.empty()) return fail(e);
      p.re = std::make_unique<RE2>(expanded, regexOptions());
      if (!p.re->ok()) return fail("bad regex: " + p.re->error());
      const auto& groups = p.re->NamedCapturingGroups();
      auto group = [&](const char* g) {
        auto it = groups.find(g);
        return it == groups.end() ? 0 : it->second;
      };
      p.nameGroup = group("name");
      p.namesGroup = group("names");
      p.sizeGroup = group("size");
      if (!p.nameGroup && !p.namesGroup) return fail("pattern has no (?P<name>...) or (?P<names>...) group");
      placeName(expanded, p);
      // Version 1 gave a group named cue no meaning.
      if (version >= 2 && group("cue")) {
        if (std::string e = cueGroup(expanded, p.cue, p.cueEndsMatch); !e.empty()) return fail(e);
      }
      p.where = file + ":" + std::to_string(lineNo);
      patterns_.push_back(std::move(p));
    } else if (directive == kHeaderWord) {
      return fail("second header");
    } else {
      return fail("unknown directive '" + std::string(directive) +
                  "' (set, list, map, define or pattern)");
    }
  }
  if (!sawHeader) return file + ": empty rule file: expected the header 'papergraph-rules <version>'";
  return "";
}

std::string RuleSet::compileContext(const char* name, std::unique_ptr<RE2>& slot) {
  auto it = defines_.find(name);
  if (it == defines_.end()) return std::string("required define ") + name + " is missing";
  slot = std::make_unique<RE2>(it->second, regexOptions());
  if (!slot->ok()) return std::string("define ") + name + ": " + slot->error();
  return "";
}

std::string RuleSet::finish() {
  for (auto [name, slot] : {std::pair{"CITATION_AFTER", &citationAfter_},
                            std::pair{"SPLIT_AFTER", &splitAfter_},
                            std::pair{"SPLIT_BEFORE", &splitBefore_},
                            std::pair{"LANG_PAIR", &langPair_},
                            std::pair{"ROLE_INTRODUCED", &roleIntroduced_},
                            std::pair{"ROLE_USED", &roleUsed_},
                            std::pair{"METHOD_AFTER", &methodAfter_}}) {
    if (std::string e = compileContext(name, *slot); !e.empty()) return e;
  }
#ifdef PG_RULES_HYPERSCAN
  buildPrefilter(patterns_, prefilter_, covered_);
#endif
  return "";
}

const std::vector<std::string>& RuleSet::list(const std::string& name) const {
  static const std::vector<std::string> kEmpty;
  auto it = lists_.find(name);
  return it == lists_.end() ? kEmpty : it->second;
}

WordSet RuleSet::listSet(const std::string& name, bool folded) const {
  WordSet out;
  for (std::string s : list(name)) {
    if (folded) {
      std::transform(s.begin(), s.end(), s.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    }
    out.insert(std::move(s));
  }
  return out;
}

const std::map<std::string, std::string>& RuleSet::map(const std::string& name) const {
  static const std::map<std::string, std::string> kEmpty;
  auto it = maps_.find(name);
  return it == maps_.end() ? kEmpty : it->second;
}

bool nameByCut(const Pattern& p, std::string_view text, size_t ms, size_t me, re2::StringPiece& name) {
  if (!p.left) return false;
  const re2::StringPiece all(text.data(), text.size());
  size_t found = 0, cut = 0;
  if (p.nameLeft) {
    // Every place the right part may begin (by its first byte) is tried.
    for (size_t x = ms; x <= me; ++x) {
      if (x < me) {
        const auto c = static_cast<unsigned char>(text[x]);
        if (c < p.rightFirstMin || c > p.rightFirstMax) continue;
      }
      if (!p.right->Match(all, x, me, RE2::ANCHOR_BOTH, nullptr, 0)) continue;
      if (!p.left->Match(all, ms, x, RE2::ANCHOR_BOTH, nullptr, 0)) continue;
      if (++found > 1) return false;
      cut = x;
    }
  } else {
    // Every place the left part may end, longest first.
    re2::StringPiece m;
    for (size_t limit = me;;) {
      if (!p.leftLongest->Match(all, ms, limit, RE2::ANCHOR_START, &m, 1)) break;
      const size_t x = ms + m.size();
      if (p.right->Match(all, x, me, RE2::ANCHOR_BOTH, nullptr, 0)) {
        if (++found > 1) return false;
        cut = x;
      }
      if (x == ms) break;
      limit = x - 1;
    }
  }
  if (found != 1) return false;
  name = p.nameLeft ? re2::StringPiece(text.data() + ms, cut - ms) : re2::StringPiece(text.data() + cut, me - cut);
  return true;
}

double RuleSet::setting(const std::string& name, double fallback) const {
  auto it = settings_.find(name);
  return it == settings_.end() ? fallback : it->second;
}

}  // namespace papergraph::rules
