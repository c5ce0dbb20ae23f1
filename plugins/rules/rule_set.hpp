// The rule file: cue words, stoplists and RE2 patterns as data
// (`papergraph-rules 2`, see ontology/rules/README.md).
#pragma once

#include <papergraph/plugin_abi.h>
#include <re2/re2.h>

#include "text.hpp"

#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace papergraph::rules {

// The newest rule-file format version this reader understands. Bump it when
// a file of the new version would be read wrongly by an older reader (2: a
// pattern's (?P<cue>...) group is what the prefilter looks for).
inline constexpr int kRuleFormatVersion = 2;

// One `pattern` line, compiled.
struct Pattern {
  std::string family;  // rule family, e.g. "head", "usage"
  pg_kind kind;        // PG_KIND_DATASET or PG_KIND_TASK
  float confidence;
  std::unique_ptr<re2::RE2> re;
  int nameGroup = 0;   // index of (?P<name>...) or 0
  int namesGroup = 0;  // index of (?P<names>...) or 0
  int sizeGroup = 0;   // index of (?P<size>...) or 0
  int groupIsMatch = 0;  // the name(s) group when it spans every match and no size group is read, or 0
  // The regex cut in two where its name group meets the rest, when the group
  // begins or ends the pattern's top-level sequence (and no size group is
  // read): every match is a match of left followed by one of right. Null
  // otherwise. See nameByCut().
  std::unique_ptr<re2::RE2> left, right;
  std::unique_ptr<re2::RE2> leftLongest;  // left, longest match first (when !nameLeft)
  bool nameLeft = false;                  // the name group ends left (else it begins right)
  unsigned char rightFirstMin = 0, rightFirstMax = 255;  // bytes a match of right may begin with
  std::string cue;     // the (?P<cue>...) group's regex (format 2), or ""
  bool cueEndsMatch = false;  // nothing but ')' follows the cue group: a match ends where a cue does
  std::string where;   // "file:line"
};

// The name group of p's match text[ms, me), found without RE2's group
// search: when exactly one place cuts the match into a match of p.left and
// one of p.right, every way the pattern matches passes there, so the group
// is [ms, cut) or [cut, me). False when p has no cut or the place is not
// unique (then search the groups).
bool nameByCut(const Pattern& p, std::string_view text, size_t ms, size_t me, re2::StringPiece& name);

// All rules, built-in file first, then any user file. Not copyable. Once
// finish() has returned, a RuleSet is immutable and may be shared by several
// extractor states on several threads; each state brings its own Scratch.
class RuleSet {
 public:
  // Per-thread working memory of scan() (the Hyperscan scratch): one per
  // extractor state, never used by two threads at once.
  class Scratch {
   public:
    Scratch() = default;
    ~Scratch();
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;

   private:
    friend class RuleSet;
    void* hs_ = nullptr;  // hs_scratch_t*, or null without Hyperscan
  };

  RuleSet();
  ~RuleSet();
  RuleSet(const RuleSet&) = delete;
  RuleSet& operator=(const RuleSet&) = delete;

  // Reads a rule file into text. Returns "" or "<file>: cannot open rule file".
  static std::string readFile(const std::string& path, std::string& text);
  // Adds the rules of one file's text; file names it in messages. Returns ""
  // on success, else "<file>:<line>: <problem>".
  std::string loadText(std::string_view text, const std::string& file);
  // Compiles the context regexes once every file is loaded. Returns "" or the problem (e.g. a required define missing).
  std::string finish();

  // A list's entries (empty when the list does not exist).
  const std::vector<std::string>& list(const std::string& name) const;
  // A list's entries as a set, lower-cased when folded is true.
  WordSet listSet(const std::string& name, bool folded) const;
  // A map's entries (key -> value).
  const std::map<std::string, std::string>& map(const std::string& name) const;
  // A numeric setting, or fallback.
  double setting(const std::string& name, double fallback) const;

  const std::vector<Pattern>& patterns() const { return patterns_; }

  // Makes scratch for scan() (after finish()). Cheap next to finish(): it
  // allocates memory sized by the compiled database. Throws std::bad_alloc.
  std::unique_ptr<Scratch> makeScratch() const;
  // One Hyperscan pass over text in prefilter mode: appends (pattern index,
  // end offset) for every place a pattern may end (a superset of the RE2
  // matches). Returns false when there is no Hyperscan database (not built
  // in, or it refused the patterns): then every pattern runs with RE2 alone.
  // Thread-safe for distinct scratches.
  bool scan(std::string_view text, Scratch& scratch, std::vector<std::pair<uint32_t, size_t>>& hits) const;
  // The Hyperscan database (opaque; see rule_set.cpp).
  struct Prefilter;
  // True when scan() covers pattern i (Hyperscan accepted it).
  bool covered(size_t i) const { return i < covered_.size() && covered_[i]; }

  // Context regexes, compiled by finish().
  const re2::RE2& citationAfter() const { return *citationAfter_; }
  const re2::RE2& splitAfter() const { return *splitAfter_; }
  const re2::RE2& splitBefore() const { return *splitBefore_; }
  const re2::RE2& langPair() const { return *langPair_; }
  const re2::RE2& roleIntroduced() const { return *roleIntroduced_; }
  const re2::RE2& roleUsed() const { return *roleUsed_; }
  const re2::RE2& methodAfter() const { return *methodAfter_; }

 private:
  // Replaces {X} references (defines, lists, maps) in a regex; "" or error.
  std::string expand(std::string_view in, std::string& out) const;
  std::string compileContext(const char* name, std::unique_ptr<re2::RE2>& slot);

  std::map<std::string, std::string> defines_;
  std::map<std::string, std::vector<std::string>> lists_;
  std::map<std::string, std::map<std::string, std::string>> maps_;
  std::map<std::string, double> settings_;
  std::vector<Pattern> patterns_;
  std::unique_ptr<Prefilter> prefilter_;
  std::vector<bool> covered_;
  std::unique_ptr<re2::RE2> citationAfter_, splitAfter_, splitBefore_, langPair_,
      roleIntroduced_, roleUsed_, methodAfter_;
};

}  // namespace papergraph::rules
