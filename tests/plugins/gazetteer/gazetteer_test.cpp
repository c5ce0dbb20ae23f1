// The gazetteer through its C descriptor, on the mini catalog in
// tests/fixtures/ontology-mini: spellings, boundaries, exact offsets,
// ambiguity rules, versions, tasks, configuration errors.
#include <gtest/gtest.h>
#include <papergraph/plugin.hpp>

#include <string>
#include <tuple>
#include <vector>

#include "test_support.hpp"

extern "C" const pg_plugin* papergraph_plugin_gazetteer(void);

namespace {

struct Got {
  size_t start, end;
  uint32_t kind;
  float confidence;
  std::string key, attributes, text;
};

std::string miniDir() { return (pgtest::sourceDir() / "tests/fixtures/ontology-mini").string(); }

std::string config(const std::string& extra = "") {
  return "{\"data_dir\": \"" + papergraph::jsonEscape(miniDir()) + "\"" + extra + "}";
}

// Runs the plugin on text; fails the test on any error.
std::vector<Got> run(const std::string& text, const std::string& cfg = config(),
                     std::vector<pg_citation> citations = {}) {
  const pg_plugin* p = papergraph_plugin_gazetteer();
  char err[512] = "";
  void* state = nullptr;
  EXPECT_EQ(p->create(cfg.c_str(), &state, err, sizeof err), PG_OK) << err;
  if (!state) return {};
  std::vector<Got> got;
  pg_sink sink{&got,
               [](void* ctx, const pg_mention* m) {
                 static_cast<std::vector<Got>*>(ctx)->push_back(
                     {m->start, m->end, m->kind, m->confidence, m->key, m->attributes ? m->attributes : "", ""});
               },
               nullptr};
  pg_paper paper{"p", "", text.data(), text.size(), nullptr, 0, citations.data(), citations.size(), nullptr, 0};
  EXPECT_EQ(p->extract(state, &paper, &sink, err, sizeof err), PG_OK) << err;
  p->destroy(state);
  for (auto& g : got) {
    EXPECT_LE(g.start, g.end);
    EXPECT_LE(g.end, text.size());
    g.text = text.substr(g.start, g.end - g.start);
  }
  return got;
}

std::vector<Got> datasets(const std::string& text, const std::string& cfg = config()) {
  std::vector<Got> out;
  for (auto& g : run(text, cfg))
    if (g.kind == PG_KIND_DATASET) out.push_back(g);
  return out;
}

// A configuration with one extra catalog file holding lines (after the
// header), written into tmp.
std::string withCatalog(const pgtest::TempDir& tmp, const std::string& lines) {
  const auto path = tmp / "extra.jsonl";
  pgtest::writeFile(path, "{\"format\": \"papergraph-catalog\", \"version\": 1}\n" + lines);
  return config(", \"catalogs\": \"" + papergraph::jsonEscape(path.string()) + "\"");
}

bool hasId(const Got& g, const std::string& id) {
  return g.attributes.find("\"catalog_id\":\"" + id + "\"") != std::string::npos;
}

TEST(GazetteerTest, DescriptorIsWellFormed) {
  const pg_plugin* p = papergraph_plugin_gazetteer();
  EXPECT_EQ(p->abi_version, PG_PLUGIN_ABI_VERSION);
  EXPECT_STREQ(p->name, "gazetteer");
  EXPECT_EQ(p->kinds, unsigned(PG_KIND_DATASET | PG_KIND_TASK));
}

TEST(GazetteerTest, OffsetsAreExactBytes) {
  const std::string text = "We train on \xE2\x80\x9C" "CIFAR-10\xE2\x80\x9D and on ImageNet.";
  auto got = datasets(text);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].text, "CIFAR-10");
  EXPECT_EQ(got[0].start, 15u);
  EXPECT_EQ(got[0].key, "CIFAR-10");
  EXPECT_TRUE(hasId(got[0], "cifar-10"));
  EXPECT_NE(got[0].attributes.find("\"alias\":\"CIFAR-10\""), std::string::npos);
  EXPECT_EQ(got[1].text, "ImageNet");
  EXPECT_GT(got[0].confidence, 0.9f);
}

TEST(GazetteerTest, SpellingVariantsOfOneName) {
  for (const std::string name : {"CIFAR10", "CIFAR-10", "CIFAR 10", "CIFAR - 10", "CIFAR\xE2\x80\x93" "10"}) {
    auto got = datasets("Results on " + name + ", below.");
    ASSERT_EQ(got.size(), 1u) << name;
    EXPECT_EQ(got[0].text, name);
    EXPECT_TRUE(hasId(got[0], "cifar-10")) << name;
  }
  auto got = datasets("the ML-20 M and Montezuma \xE2\x80\x99s Revenge");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(hasId(got[0], "movielens-20m"));
  EXPECT_EQ(got[0].text, "ML-20 M");
  EXPECT_TRUE(hasId(got[1], "atari-montezumas-revenge"));
  EXPECT_EQ(got[1].text, "Montezuma \xE2\x80\x99s Revenge");
}

TEST(GazetteerTest, Cifar10AndCifar100NeverConfused) {
  auto got = datasets("CIFAR-100 and CIFAR-10 and CIFAR100 and CIFAR10 and CIFAR 100.");
  ASSERT_EQ(got.size(), 5u);
  EXPECT_TRUE(hasId(got[0], "cifar-100"));
  EXPECT_TRUE(hasId(got[1], "cifar-10"));
  EXPECT_TRUE(hasId(got[2], "cifar-100"));
  EXPECT_TRUE(hasId(got[3], "cifar-10"));
  EXPECT_TRUE(hasId(got[4], "cifar-100"));
  EXPECT_TRUE(datasets("CIFAR-1000 is not a dataset we know.").empty());
}

TEST(GazetteerTest, WordBoundaries) {
  EXPECT_TRUE(datasets("EMNIST and MNISTS and xImageNet and ImageNets").empty());
  auto got = datasets("Fashion-MNIST, (MNIST) and MNIST-like data");
  ASSERT_EQ(got.size(), 3u);
  EXPECT_TRUE(hasId(got[0], "fashion-mnist"));
  EXPECT_EQ(got[0].text, "Fashion-MNIST");
  EXPECT_TRUE(hasId(got[1], "mnist"));
  EXPECT_EQ(got[1].text, "MNIST");
  EXPECT_EQ(got[2].text, "MNIST");
}

TEST(GazetteerTest, LongestMatchWins) {
  auto got = datasets("on CNN/Daily Mail and WMT 2014 English-German.");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(hasId(got[0], "cnn-daily-mail"));
  EXPECT_EQ(got[0].text, "CNN/Daily Mail");
  EXPECT_TRUE(hasId(got[1], "wmt14-en-de"));
  EXPECT_EQ(got[1].text, "WMT 2014 English-German");
}

TEST(GazetteerTest, CaseRules) {
  // Short names keep their case; all capitals are accepted.
  EXPECT_TRUE(datasets("the mnist digits").empty());
  EXPECT_EQ(datasets("the SQUAD questions").size(), 1u);
  // Longer names fold case.
  EXPECT_EQ(datasets("imagenet and IMAGENET").size(), 2u);
  // A single capitalised word that is also an English word needs its capital.
  EXPECT_TRUE(datasets("the freeway was empty").empty());
  EXPECT_EQ(datasets("the game Freeway").size(), 1u);
}

TEST(GazetteerTest, CompoundsAndShortNames) {
  // The tail of a hyphenated compound is not a name; an ambiguous name
  // heading one is not either.
  EXPECT_TRUE(datasets("Fast R-CNN and Char-MNIST and a CNN-based CNN dataset").size() == 1u);
  // A very short name takes no gap it does not have.
  pgtest::TempDir tmp;
  const std::string cfg = withCatalog(tmp, "{\"id\": \"c4\", \"title\": \"C4\"}\n");
  auto got = datasets("Appendix C.4 and C 4 describe C4.", cfg);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].start, 30u);
}

TEST(GazetteerTest, TitleCaseNamesNeedTheirCapital) {
  pgtest::TempDir tmp;
  const std::string cfg = withCatalog(tmp,
                                     "{\"id\": \"the-stack\", \"title\": \"The Stack\"}\n"
                                     "{\"id\": \"demand\", \"title\": \"DEMAND\"}\n");
  EXPECT_TRUE(datasets("push it on the stack. The stack grows. High demand.", cfg).empty());
  auto got = datasets("trained on The Stack and DEMAND", cfg);
  ASSERT_EQ(got.size(), 2u);

  // A name whose first word is a Title Case word needs that capital too.
  const std::string cfg2 = withCatalog(tmp,
                                       "{\"id\": \"up-n-down\", \"title\": \"Up'n Down\", \"aliases\": [\"Up and Down\"]}\n"
                                       "{\"id\": \"semantic3d\", \"title\": \"Semantic3D\"}\n");
  EXPECT_TRUE(datasets("We use up- and down-sampling of semantic 3D objects.", cfg2).empty());
  EXPECT_EQ(datasets("Scores on Up and Down and on Semantic3D.", cfg2).size(), 2u);
}

TEST(GazetteerTest, ParentNameMeansThePapersOnlyVersion) {
  auto got = datasets("We use SQuAD 2.0. Results on SQuAD are in Table 1.");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(hasId(got[1], "squad-2-0"));
  EXPECT_NE(got[1].attributes.find("\"resolved_from\":\"squad\""), std::string::npos);
  EXPECT_EQ(got[1].text, "SQuAD");
  // Two versions named: the bare name stays the parent.
  got = datasets("SQuAD 1.1 and SQuAD 2.0 differ; SQuAD is popular.");
  ASSERT_EQ(got.size(), 3u);
  EXPECT_TRUE(hasId(got[2], "squad"));
  // A variant that is not a version (a game of a suite) does not take the
  // suite's name.
  got = datasets("On the Arcade Learning Environment we play Freeway.");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(hasId(got[0], "ale"));
}

TEST(GazetteerTest, LineBreaksAndHyphenation) {
  auto got = datasets("the Penn\nTreebank and Image-\nNet and Im-\nageNet");
  ASSERT_EQ(got.size(), 3u);
  EXPECT_TRUE(hasId(got[0], "penn-treebank"));
  EXPECT_EQ(got[0].text, "Penn\nTreebank");
  EXPECT_TRUE(hasId(got[1], "imagenet"));
  EXPECT_TRUE(hasId(got[2], "imagenet"));
  EXPECT_EQ(got[2].text, "Im-\nageNet");
  // A space inside a word is not a spelling of the name.
  EXPECT_TRUE(datasets("the MN IST digits and Ima geNet").empty());
}

// The scanner folds and walks in one pass from each word start of the
// original text. These spans are what the former scanner (fold the whole
// paper, then walk the folded copy) found on the same inputs: hyphenation
// across line breaks, Unicode dashes, quotes and minus signs, invalid and
// truncated UTF-8 (E2 80 followed by an ASCII byte reads as one separator
// and takes that byte), years, versions and brackets.
TEST(GazetteerTest, OnePassScanFindsWhatFoldingTheWholeTextFound) {
  struct Case {
    std::string text;
    std::vector<std::tuple<size_t, size_t, std::string>> want;  // start, end, catalog id
  };
  const std::vector<Case> cases = {
      {"Image-\nNet and Im-\r\nageNet and Ima\xC2\xADgeNet and Image- Net",
       {{0, 10, "imagenet"}, {15, 26, "imagenet"}, {31, 41, "imagenet"}, {46, 56, "imagenet"}}},
      {"CIFAR\xE2\x80\x93" "10, CIFAR\xE2\x88\x92" "100 and \xE2\x80\x9CMNIST\xE2\x80\x9D and \xE2\x80\x98ImageNet\xE2\x80\x99",
       {{0, 10, "cifar-10"}, {12, 23, "cifar-100"}, {31, 36, "mnist"}, {47, 55, "imagenet"}}},
      // 'x' is taken by the invalid separator, so MNIST follows a letter;
      // the space is taken too, so this MNIST follows a space.
      {"the \xE2\x80xMNIST set and the \xE2\x80 MNIST set", {{28, 33, "mnist"}}},
      {"f\xE2\x80iner MNIST\xE2", {{8, 13, "mnist"}}},
      {"\xC3\xA9MNIST and \xFF\xFEImageNet and MNIST\xE2\x80",
       {{2, 7, "mnist"}, {14, 22, "imagenet"}, {27, 32, "mnist"}}},
      {"WMT'14 and WMT 14 and WMT14 English-German and WMT\xE2\x80\x99" "14",
       {{0, 6, "wmt14-en-de"}, {11, 17, "wmt14-en-de"}, {22, 42, "wmt14-en-de"}, {47, 55, "wmt14-en-de"}}},
      {"SQuAD v1.1 and SQuAD v2.0 and SQuADv1.1 and SQuAD 1.1.2", {{0, 10, "squad-1-1"}, {15, 25, "squad-2-0"}, {44, 53, "squad-1-1"}}},
      {"Penn\nTreebank and Penn \n Treebank and Penn-\n\nTreebank and Penn\xE2\x80\x94Treebank",
       {{0, 13, "penn-treebank"}, {18, 33, "penn-treebank"}, {38, 53, "penn-treebank"}, {58, 73, "penn-treebank"}}},
      {"(MNIST) [ImageNet] {CIFAR-10} MNIST's CIFAR-10-C R-MNIST",
       {{1, 6, "mnist"}, {9, 17, "imagenet"}, {20, 28, "cifar-10"}, {30, 35, "mnist"}, {38, 46, "cifar-10"}}},
      {"CNN/Daily Mail and CNN / DailyMail and SST-2 and the SST dataset",
       {{0, 14, "cnn-daily-mail"}, {19, 34, "cnn-daily-mail"}, {53, 56, "sst"}}},
  };
  for (const Case& c : cases) {
    const auto got = datasets(c.text);
    ASSERT_EQ(got.size(), c.want.size()) << c.text;
    for (size_t i = 0; i < got.size(); ++i) {
      const auto& [start, end, id] = c.want[i];
      EXPECT_EQ(got[i].start, start) << c.text << " #" << i;
      EXPECT_EQ(got[i].end, end) << c.text << " #" << i;
      EXPECT_TRUE(hasId(got[i], id)) << c.text << " #" << i << ": " << got[i].attributes;
    }
  }
}

// Every paper is scanned with the same per-thread scratch: a match found
// in one paper must not leak into the next, whatever their lengths.
TEST(GazetteerTest, ScratchCarriesNothingFromOnePaperToTheNext) {
  const pg_plugin* p = papergraph_plugin_gazetteer();
  char err[256];
  void* state = nullptr;
  ASSERT_EQ(p->create(config().c_str(), &state, err, sizeof err), PG_OK) << err;
  std::vector<size_t> starts;
  pg_sink sink{&starts, [](void* ctx, const pg_mention* m) { static_cast<std::vector<size_t>*>(ctx)->push_back(m->start); },
               nullptr};
  for (const std::string text : {"A long paper on the Penn Treebank and ImageNet-1k, then CIFAR-100.", "Penn", "x CIFAR",
                                 "MNIST"}) {
    starts.clear();
    pg_paper paper{"p", "", text.data(), text.size(), nullptr, 0, nullptr, 0, nullptr, 0};
    ASSERT_EQ(p->extract(state, &paper, &sink, err, sizeof err), PG_OK) << err;
    EXPECT_EQ(starts.size(), text == "MNIST" ? 1u : text.size() > 20 ? 3u : 0u) << text;
  }
  p->destroy(state);
}

TEST(GazetteerTest, YearForms) {
  for (const std::string name : {"WMT'14", "WMT14", "WMT 2014", "WMT \xE2\x80\x99 14", "WMT\xE2\x80\x99" "14"}) {
    auto got = datasets("We use " + name + " for training.");
    ASSERT_EQ(got.size(), 1u) << name;
    EXPECT_TRUE(hasId(got[0], "wmt14")) << name;
    EXPECT_EQ(got[0].text, name);
  }
}

TEST(GazetteerTest, AmbiguousNameWithoutEvidenceIsDropped) {
  EXPECT_TRUE(datasets("We use a CNN with three layers. PTB tagging is hard.").empty());
}

TEST(GazetteerTest, AmbiguousNameWithCueWord) {
  auto got = datasets("Results on the CNN dataset and the SST test set.");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(hasId(got[0], "cnn-daily-mail"));
  EXPECT_NE(got[0].attributes.find("\"evidence\":\"cue\""), std::string::npos);
  EXPECT_LT(got[0].confidence, 0.9f);
  EXPECT_TRUE(hasId(got[1], "sst"));
}

TEST(GazetteerTest, AmbiguousNameWithFullNameElsewhere) {
  auto got = datasets("PTB results. We use the Penn Treebank as usual.");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(hasId(got[0], "penn-treebank"));
  EXPECT_EQ(got[0].text, "PTB");
  EXPECT_NE(got[0].attributes.find("\"evidence\":\"name\""), std::string::npos);
}

TEST(GazetteerTest, AmbiguousNameIsNotGuessedWhenThePaperNamesTwoOfItsEntries) {
  // "CIFAR" is CIFAR-10 or CIFAR-100; this paper uses both.
  auto got = datasets("Results on CIFAR. We train on CIFAR-10 and on CIFAR-100.");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(hasId(got[0], "cifar-10"));
  EXPECT_TRUE(hasId(got[1], "cifar-100"));
  // Only one of them named: "CIFAR" is that one.
  auto one = datasets("Results on CIFAR. We train on CIFAR-10.");
  ASSERT_EQ(one.size(), 2u);
  EXPECT_TRUE(hasId(one[0], "cifar-10"));
}

TEST(GazetteerTest, AmbiguousNameWithCitation) {
  auto got = datasets("We evaluate on SST [12] and SST (Socher et al., 2013) and SST Socher2013Recursive.");
  ASSERT_EQ(got.size(), 3u);
  for (const auto& g : got) EXPECT_NE(g.attributes.find("\"evidence\":\"citation\""), std::string::npos);
  // A citation span from the reader counts too.
  const std::string text = "We evaluate on SST (1) here.";
  pg_citation cite{19, 22, nullptr, 0};
  auto with_reader = run(text, config(), {cite});
  ASSERT_EQ(with_reader.size(), 1u);
}

TEST(GazetteerTest, AmbiguousNameInAListOfDatasets) {
  auto got = datasets("on SST, CIFAR and MNIST datasets");
  ASSERT_EQ(got.size(), 3u);
  EXPECT_TRUE(hasId(got[0], "sst"));
  EXPECT_TRUE(hasId(got[1], "cifar-10"));
}

TEST(GazetteerTest, AmbiguousEvidenceCarriesThroughThePaper) {
  auto got = datasets("The SST dataset has phrases. Later, SST accuracy rises.");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_NE(got[1].attributes.find("\"evidence\":\"paper\""), std::string::npos);
}

TEST(GazetteerTest, AmbiguousPolicyKeys) {
  EXPECT_EQ(datasets("a CNN here", config(", \"ambiguous\": \"always\"")).size(), 1u);
  EXPECT_TRUE(datasets("the CNN dataset", config(", \"ambiguous\": \"never\"")).empty());
}

TEST(GazetteerTest, VersionPicksTheSpecificEntry) {
  auto got = datasets("ImageNet 2012 and SQuAD v1.1 and SQuAD 2.0 and ImageNet-1k and ImageNet 2010.");
  ASSERT_EQ(got.size(), 5u);
  EXPECT_TRUE(hasId(got[0], "ilsvrc-2012"));
  EXPECT_EQ(got[0].text, "ImageNet 2012");
  EXPECT_EQ(got[0].key, "ILSVRC 2012");
  EXPECT_TRUE(hasId(got[1], "squad-1-1"));
  EXPECT_EQ(got[1].text, "SQuAD v1.1");
  EXPECT_TRUE(hasId(got[2], "squad-2-0"));
  EXPECT_TRUE(hasId(got[3], "ilsvrc-2012"));
  // No entry for that version: the parent, with the version as attribute.
  EXPECT_TRUE(hasId(got[4], "imagenet"));
  EXPECT_NE(got[4].attributes.find("\"version\":\"2010\""), std::string::npos);
  EXPECT_EQ(got[4].text, "ImageNet 2010");
}

TEST(GazetteerTest, LanguagePairPicksTheVariant) {
  auto got = datasets("WMT'14 English\xE2\x86\x92German and WMT 2014 En-Fr and WMT14 English-Czech.");
  ASSERT_EQ(got.size(), 3u);
  EXPECT_TRUE(hasId(got[0], "wmt14-en-de"));
  EXPECT_EQ(got[0].text, "WMT'14 English\xE2\x86\x92German");
  EXPECT_TRUE(hasId(got[1], "wmt14-en-fr"));
  EXPECT_TRUE(hasId(got[2], "wmt14"));
  EXPECT_NE(got[2].attributes.find("\"variant\":\"en-cs\""), std::string::npos);
}

TEST(GazetteerTest, Tasks) {
  auto got = run("Machine translation and image recognition; the LM is small. Language modelling too.");
  std::vector<Got> tasks;
  for (auto& g : got)
    if (g.kind == PG_KIND_TASK) tasks.push_back(g);
  ASSERT_EQ(tasks.size(), 4u);
  EXPECT_EQ(tasks[0].key, "Machine Translation");
  EXPECT_EQ(tasks[0].text, "Machine translation");
  EXPECT_TRUE(hasId(tasks[1], "image-classification"));
  EXPECT_EQ(tasks[2].text, "LM");  // ambiguous, but the full name is there
  EXPECT_TRUE(run("Machine translation.", config(", \"tasks\": \"off\"")).empty());
  auto no_evidence = run("the LM is small");
  EXPECT_TRUE(no_evidence.empty());
}

TEST(GazetteerTest, UserCatalogMergesOverBuiltin) {
  pgtest::TempDir tmp;
  const std::string cfg = withCatalog(tmp,
                                     "{\"id\": \"mnist\", \"title\": \"MNIST digits\"}\n"
                                     "{\"id\": \"lab-scans\", \"title\": \"LabScans-7\"}\n");
  auto got = datasets("LabScans-7 and MNIST digits", cfg);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_TRUE(hasId(got[0], "lab-scans"));
  EXPECT_EQ(got[1].key, "MNIST digits");
}

TEST(GazetteerTest, ConfigurationErrorsAreReported) {
  const pg_plugin* p = papergraph_plugin_gazetteer();
  char err[512] = "";
  void* state = nullptr;
  EXPECT_EQ(p->create("{}", &state, err, sizeof err), PG_ERROR);
  EXPECT_NE(std::string(err).find("data_dir"), std::string::npos) << err;
  EXPECT_EQ(p->create(config(", \"tasks\": \"maybe\"").c_str(), &state, err, sizeof err), PG_ERROR);
  EXPECT_NE(std::string(err).find("tasks"), std::string::npos) << err;
  const std::string bad = (pgtest::sourceDir() / "tests/fixtures/bad/catalog/missing_title.jsonl").string();
  EXPECT_EQ(p->create(config(", \"catalogs\": \"" + papergraph::jsonEscape(bad) + "\"").c_str(), &state, err,
                      sizeof err),
            PG_ERROR);
  EXPECT_NE(std::string(err).find("missing_title.jsonl:3:"), std::string::npos) << err;
  EXPECT_EQ(p->create("{\"data_dir\": \"/no/such/folder\"}", &state, err, sizeof err), PG_ERROR);
}

TEST(GazetteerTest, StatesShareOneCompiledCatalogAndWorkIndependently) {
  const pg_plugin* p = papergraph_plugin_gazetteer();
  char err[256];
  void* a = nullptr;
  void* b = nullptr;
  ASSERT_EQ(p->create(config().c_str(), &a, err, sizeof err), PG_OK);
  ASSERT_EQ(p->create(config().c_str(), &b, err, sizeof err), PG_OK);
  int count = 0;
  pg_sink sink{&count, [](void* ctx, const pg_mention*) { ++*static_cast<int*>(ctx); }, nullptr};
  const std::string text = "MNIST and ImageNet";
  pg_paper paper{"p", "", text.data(), text.size(), nullptr, 0, nullptr, 0, nullptr, 0};
  EXPECT_EQ(p->extract(a, &paper, &sink, err, sizeof err), PG_OK);
  p->destroy(a);
  EXPECT_EQ(p->extract(b, &paper, &sink, err, sizeof err), PG_OK);
  p->destroy(b);
  EXPECT_EQ(count, 4);
}

}  // namespace
