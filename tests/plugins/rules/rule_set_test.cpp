// The rule file reader: format versions and the (?P<cue>...) group that
// the prefilter looks for instead of the whole pattern.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "rule_set.hpp"
#include "test_support.hpp"

namespace papergraph::rules {
namespace {

// Loads text as "t.pgr"; "" or the reader's error.
std::string load(RuleSet& rules, const std::string& text) { return rules.loadText(text, "t.pgr"); }

TEST(RuleSetTest, CueGroupIsWhatThePrefilterLooksFor) {
  RuleSet rules;
  ASSERT_EQ(load(rules,
                 "papergraph-rules 2\n"
                 "pattern a dataset 0.5 (?P<name>[A-Z]+)\\s+(?P<cue>was\\s+harvested)\\b\n"
                 "pattern b dataset 0.5 (?P<names>[A-Z]+(?:, [A-Z]+)*(?P<cue> and) [A-Z]+)\n"
                 "pattern c dataset 0.5 [(|]\\((?P<cue>x[)|]+)(?P<name>[A-Z]+)\n"
                 "pattern d dataset 0.5 (?:ab)+(?P<cue>(?:on|over){1,2})(?P<name>[A-Z]+)\n"
                 "pattern e dataset 0.5 (?P<name>[A-Z]+)\n"
                 "pattern f dataset 0.5 (?P<name>[A-Z]+)\\s+(?P<cue>(?i:dataset|corpus)\\b)\n"
                 "pattern g dataset 0.5 (?P<names>[A-Z]+(?:, [A-Z]+)* and(?P<cue> [A-Z]+))\n"),
            "");
  const auto& p = rules.patterns();
  ASSERT_EQ(p.size(), 7u);
  EXPECT_EQ(p[0].cue, "was\\s+harvested");
  EXPECT_EQ(p[1].cue, " and");  // inside the names group, which every match passes through
  EXPECT_EQ(p[2].cue, "x[)|]+");  // brackets and bars of classes and escapes are not groups
  EXPECT_EQ(p[3].cue, "(?:on|over){1,2}");
  EXPECT_EQ(p[4].cue, "");  // no cue: the whole pattern prefilters
  // Matches end where a cue ends only when nothing but ')' follows it.
  EXPECT_FALSE(p[0].cueEndsMatch);  // "\\b" follows
  EXPECT_FALSE(p[1].cueEndsMatch);
  EXPECT_FALSE(p[2].cueEndsMatch);
  EXPECT_FALSE(p[3].cueEndsMatch);
  EXPECT_FALSE(p[4].cueEndsMatch);
  EXPECT_TRUE(p[5].cueEndsMatch);
  EXPECT_TRUE(p[6].cueEndsMatch);
}

TEST(RuleSetTest, NameGroupSpanningEveryMatchIsTheMatch) {
  struct Case {
    const char* re;
    bool isMatch;
  } cases[] = {
      {"\\b(?P<name>[A-Z]+[0-9]+)\\b", true},                            // only \\b outside
      {"(?P<names>[A-Z]+(?:, [A-Z]+)* and(?P<cue> [A-Z]+))", true},  // the cue inside is never read
      {"^(?P<name>[A-Z]+\\))$", true},                                 // ^ $ outside, an escaped ')' inside
      {"(?P<name>[A-Z]+)\\s+(?P<cue>data)", false},                    // the cue follows the name
      {"(?P<name>[A-Z]+)+", false},                       // repeated: the group is the last repetition only
      {"\\((?P<name>[A-Z]+)\\)", false},                             // escaped parentheses are text
      {"[(](?P<name>[A-Z]+)", false},                                 // so is a class
      {"(?P<name>[A-Z]+(?P<size>[0-9]+))", false},                   // the size group is read
      {"(?P<cue>X[A-Z]+)(?P<names>[0-9]*)", false},                  // the cue spans it, not the names
  };
  for (const Case& c : cases) {
    RuleSet rules;
    ASSERT_EQ(load(rules, std::string("papergraph-rules 2\npattern a dataset 0.5 ") + c.re + "\n"), "") << c.re;
    const Pattern& p = rules.patterns().at(0);
    EXPECT_EQ(p.groupIsMatch, c.isMatch ? (p.nameGroup ? p.nameGroup : p.namesGroup) : 0) << c.re;
  }
}

TEST(RuleSetTest, NameGroupBeginningOrEndingThePatternIsCut) {
  struct Case {
    const char* re;
    int cut;  // 1: cut after the name group, -1: before it, 0: none
  } cases[] = {
      {"(?P<names>[A-Z]+(?:, [A-Z]+)*)\\s+(?P<cue>data)", 1},
      {"\\b(?P<name>[A-Z]+)\\s*\\[[0-9]+\\]", 1},        // zero-width before the group
      {"(?P<cue>on)\\s+(?:the\\s+)?(?P<names>[A-Z]+)\\b", -1},  // zero-width after it
      {"x(?P<name>[A-Z]+)y", 0},                             // text on both sides
      {"(?P<name>[A-Z]+)\\s+data|(?P<n2>y)", 0},                 // a top-level alternation
      {"(?i)(?P<name>[A-Z]+)\\s+data", 0},                   // flags for the rest of the pattern
      {"(?:(?P<name>[A-Z]+)\\s+)data", 0},                   // inside a group
      {"(?P<name>[A-Z]+)?\\s+data", 0},                      // optional
      {"(?P<name>[A-Z]+)\\s+(?P<size>[0-9]+) data", 0},        // the size group is read
  };
  for (const Case& c : cases) {
    RuleSet rules;
    ASSERT_EQ(load(rules, std::string("papergraph-rules 2\npattern a dataset 0.5 ") + c.re + "\n"), "") << c.re;
    const Pattern& p = rules.patterns().at(0);
    EXPECT_EQ(p.left ? (p.nameLeft ? 1 : -1) : 0, c.cut) << c.re;
    EXPECT_EQ(bool(p.left), bool(p.right)) << c.re;
  }
}

TEST(RuleSetTest, NameByCutGivesTheGroupRe2Gives) {
  // The built-in patterns over random runs of the words they look at: every
  // match's name found by the cut is the group RE2's group search gives.
  RuleSet rules;
  std::string text;
  ASSERT_EQ(RuleSet::readFile((pgtest::sourceDir() / "ontology" / "rules" / "rules.pgr").string(), text), "");
  ASSERT_EQ(rules.loadText(text, "rules.pgr"), "");
  ASSERT_EQ(rules.finish(), "");
  const std::vector<std::string> pieces = {
      "CIFAR-10", "Penn", "Treebank", "dataset", "Dataset", "data", "set", "Benchmark", "benchmark", "datasets",
      "and", "or", ",", "the", "The", "trained", "results", "on", "over", "of", "test", "Test", "dev", "set",
      "split", "[12]", "[3, 4]", "(Smith et al., 2019)", "(Lee, 2020)", "task", "tasks", "problem", "Table 2:",
      "Figure 1.", "for", "such as", "e.g.,", ":", "(", "datasets:", "corpora", "called", "named", "MNIST",
      "SQuAD", "v1.1", "WMT'14", "’s", "2014", "NER", "image", "captioning", "  ", "\n", "\t", "-", "SNLI",
      "Quux-7", "MS", "COCO", "as well as", "obtained", "experiments", "state-of-the-art", "x", "Y2"};
  std::mt19937 rng(7);
  size_t viaCut = 0, notUnique = 0;
  for (int n = 0; n < 3000; ++n) {
    std::string t;
    for (size_t k = 4 + rng() % 14; k > 0; --k) t += pieces[rng() % pieces.size()] + (rng() % 5 ? " " : "");
    for (const Pattern& p : rules.patterns()) {
      if (!p.left) continue;
      std::vector<re2::StringPiece> g(size_t(1 + p.re->NumberOfCapturingGroups()));
      const int gi = p.nameGroup ? p.nameGroup : p.namesGroup;
      for (size_t pos = 0; pos <= t.size() &&
                           p.re->Match(t, pos, t.size(), RE2::UNANCHORED, g.data(), int(g.size()));) {
        const size_t ms = size_t(g[0].data() - t.data()), me = ms + g[0].size();
        re2::StringPiece name;
        if (nameByCut(p, t, ms, me, name)) {
          ++viaCut;
          EXPECT_EQ(name.data(), g[size_t(gi)].data()) << p.family << " in \"" << t << "\"";
          EXPECT_EQ(name.size(), g[size_t(gi)].size()) << p.family << " in \"" << t << "\"";
        } else {
          ++notUnique;
        }
        pos = me > pos ? me : pos + 1;
      }
    }
  }
  EXPECT_GT(viaCut, 1000u);
  EXPECT_GT(notUnique, 0u);  // "X Benchmark Dataset": two places; the group search decides
}

TEST(RuleSetTest, VersionOneGivesACueGroupNoMeaning) {
  RuleSet rules;
  ASSERT_EQ(load(rules, "papergraph-rules 1\npattern a dataset 0.5 (?P<name>[A-Z]+)\\s+(?P<cue>data)?\n"), "");
  EXPECT_EQ(rules.patterns().at(0).cue, "");
}

TEST(RuleSetTest, CueEveryMatchNeedNotContainIsRefused) {
  const char* bad[] = {
      "(?P<name>[A-Z]+)(?P<cue>x){0,3}",         // may repeat zero times
      "(?P<name>[A-Z]+)(?P<cue>x)*",             // likewise
      "(?P<name>[A-Z]+)(?:y(?P<cue>x))?",        // inside an optional group
      "(?P<name>[A-Z]+)(?P<cue>x)|(?P<n2>y)",    // one side of the whole pattern's alternation
      "(?P<name>[A-Z]+)(?:(?P<cue>x)|y)z",       // one side of a group's alternation
      "(?P<name>[A-Z]+)(?P<cue>x?)",             // matches the empty string
      "(?P<name>[A-Z]+)\\s(?P<cue>\\b)x",        // likewise, between a space and a word
      "(?P<name>[A-Z]+)(?P<cue>y|$)",            // likewise, at the end
      "(?P<name>[A-Z]+)(?P<cue>x)(?P<cue2>y)z(?P<cue>w)",  // two cues
  };
  for (const char* re : bad) {
    RuleSet rules;
    std::string e = load(rules, std::string("papergraph-rules 2\n\npattern a dataset 0.5 ") + re + "\n");
    EXPECT_NE(e.find("t.pgr:3: "), std::string::npos) << re << " -> " << e;
  }
}

TEST(RuleSetTest, NewerVersionIsRefused) {
  RuleSet rules;
  EXPECT_EQ(load(rules, "papergraph-rules 3\n"), "t.pgr:1: rule format version 3 is newer than this plugin reads (2)");
}

}  // namespace
}  // namespace papergraph::rules
