// The rule plugin through its C descriptor: create / extract / destroy with
// a sink collecting mentions. One test per rule family, attribute and guard;
// pathological inputs must finish fast; bad rule files are refused.
#include <gtest/gtest.h>
#include <papergraph/plugin.hpp>

#include <chrono>
#include <ctime>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "rules_plugin.hpp"
#include "test_support.hpp"

namespace {

struct Found {
  size_t start, end;
  uint32_t kind;
  float confidence;
  std::string key, attributes, text;
};

struct Collector {
  std::string_view text;
  std::vector<Found> found;
};

void collect(void* ctx, const pg_mention* m) {
  auto* c = static_cast<Collector*>(ctx);
  c->found.push_back({m->start, m->end, m->kind, m->confidence, m->key ? m->key : "",
                      m->attributes ? m->attributes : "",
                      std::string(c->text.substr(m->start, m->end - m->start))});
}

std::string configJson(const std::string& rulesFile = "") {
  papergraph::Attributes a;
  a.set("data_dir", (pgtest::sourceDir() / "ontology").string());
  a.set("rules_file", rulesFile);
  return a.str();
}

// Creates a state; "" on success, else the plugin's error text.
std::string create(const std::string& config, void** state) {
  char err[1024] = "";
  int rc = papergraph_plugin_rules()->create(config.c_str(), state, err, sizeof err);
  return rc == PG_OK ? "" : std::string(err[0] ? err : "error without text");
}

// Runs extract() of state over text with a collecting sink.
std::vector<Found> extract(void* state, const std::string& text,
                           const std::vector<pg_citation>& citations = {}) {
  Collector c{text, {}};
  pg_sink sink{&c, &collect, nullptr};
  pg_paper paper{};
  paper.id = "test";
  paper.title = "";
  paper.text = text.data();
  paper.text_len = text.size();
  paper.citations = citations.data();
  paper.n_citations = citations.size();
  char err[256] = "";
  EXPECT_EQ(papergraph_plugin_rules()->extract(state, &paper, &sink, err, sizeof err), PG_OK) << err;
  return c.found;
}

// One state for the suite: create() compiles every pattern, which takes a
// moment; the state is reused paper after paper as the host does.
class RulesPluginTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { ASSERT_EQ(create(configJson(), &state_), ""); }
  static void TearDownTestSuite() { papergraph_plugin_rules()->destroy(state_); }

  std::vector<Found> run(const std::string& text, const std::vector<pg_citation>& citations = {}) {
    return extract(state_, text, citations);
  }

  static inline void* state_ = nullptr;
};

const Found* find(const std::vector<Found>& all, const std::string& text, uint32_t kind = PG_KIND_DATASET) {
  for (const Found& f : all) {
    if (f.text == text && f.kind == kind) return &f;
  }
  return nullptr;
}

size_t count(const std::vector<Found>& all, uint32_t kind) {
  size_t n = 0;
  for (const Found& f : all) n += f.kind == kind;
  return n;
}

// The value of key in a flat attribute object, or "".
std::string attr(const Found& f, const std::string& key) {
  std::string needle = "\"" + key + "\":\"";
  size_t at = f.attributes.find(needle);
  if (at == std::string::npos) return "";
  at += needle.size();
  return f.attributes.substr(at, f.attributes.find('"', at) - at);
}

// The attribute key of the first dataset mention whose text is text, or
// "<no mention>".
std::string attrOf(const std::vector<Found>& all, const std::string& text, const std::string& key) {
  const Found* f = find(all, text);
  return f ? attr(*f, key) : "<no mention>";
}

std::string dump(const std::vector<Found>& all) {
  std::string s;
  for (const Found& f : all) s += "[" + f.text + "|" + f.key + "|" + f.attributes + "] ";
  return s;
}

// ---- rule families ----

TEST_F(RulesPluginTest, HeadNounCoversTheNameOnly) {
  auto all = run("We evaluate our approach on the CIFAR-10 dataset. The Foo corpus is small.");
  const Found* f = find(all, "CIFAR-10");
  ASSERT_NE(f, nullptr) << dump(all);
  EXPECT_EQ(f->key, "CIFAR-10");
  EXPECT_EQ(attr(*f, "rule"), "head");
  EXPECT_NE(find(all, "Foo"), nullptr) << dump(all);
  EXPECT_EQ(find(all, "CIFAR-10 dataset"), nullptr);
}

TEST_F(RulesPluginTest, UsageCuesSeenTwiceAcceptAName) {
  auto once = run("The model is trained on Blorpset.");
  EXPECT_EQ(find(once, "Blorpset"), nullptr) << "one weak cue is not enough: " << dump(once);
  auto all = run("The model is trained on Blorpset. We report results on Blorpset and Quuxset.");
  EXPECT_NE(find(all, "Blorpset"), nullptr) << dump(all);
  EXPECT_NE(find(all, "Quuxset"), nullptr) << "coordinated with an accepted name: " << dump(all);
}

TEST_F(RulesPluginTest, SplitPhrase) {
  auto all = run("We report exact match on the SQuAD dev set.");
  EXPECT_EQ(attrOf(all, "SQuAD", "split"), "dev") << dump(all);
  EXPECT_EQ(attrOf(all, "SQuAD", "role"), "used");
}

TEST_F(RulesPluginTest, ContainsGivesSize) {
  auto all = run("Zorbix contains 60,000 images in ten classes.");
  EXPECT_EQ(attrOf(all, "Zorbix", "size"), "60,000 images") << dump(all);
}

TEST_F(RulesPluginTest, TableCaption) {
  auto all = run("Table 3: Accuracy on WikiGlorp compared with prior work.");
  EXPECT_NE(find(all, "WikiGlorp"), nullptr) << dump(all);
}

TEST_F(RulesPluginTest, ListingAfterDatasets) {
  auto all = run("We use three benchmark datasets such as Flumph, Grizzle-7 and Hoptoad.");
  for (const char* n : {"Flumph", "Grizzle-7", "Hoptoad"}) EXPECT_NE(find(all, n), nullptr) << n << " " << dump(all);
}

TEST_F(RulesPluginTest, ListingAfterABareCommaEndsWithTheNames) {
  // "datasets, X and Y." lists data; "datasets, X and Y are ..." is a
  // clause about X and Y after an adverbial ("On both datasets, ...").
  auto listed = run("We use two datasets, Flumph and Grizzle-7. Two test datasets Hoptoad and Wumpus which we "
                    "also use.");
  for (const char* n : {"Flumph", "Grizzle-7", "Hoptoad", "Wumpus"}) {
    EXPECT_NE(find(listed, n), nullptr) << n << " " << dump(listed);
  }
  auto clause = run("On both datasets, Zorblat and Quexo are largely left behind. For each of the datasets, "
                    "Plimsy-LSTM + PDR has fewer parameters.");
  EXPECT_EQ(count(clause, PG_KIND_DATASET), 0u) << dump(clause);
}

TEST_F(RulesPluginTest, ShapeNamesNeedAnotherCue) {
  auto alone = run("Scores differ across Market-1501 in all runs.");
  EXPECT_EQ(find(alone, "Market-1501"), nullptr) << dump(alone);
  auto all = run("Results on Market-1501 and WN18RR are in the appendix.");
  EXPECT_NE(find(all, "Market-1501"), nullptr) << dump(all);
  EXPECT_NE(find(all, "WN18RR"), nullptr) << dump(all);
}

TEST_F(RulesPluginTest, CitedNameWithACue) {
  auto all = run("We train on Snorkel (Smith et al., 2019). Snorkel has long documents. The Snorkel corpus is English.");
  EXPECT_EQ(attrOf(all, "Snorkel", "citation"), "(Smith et al., 2019)") << dump(all);
}

TEST_F(RulesPluginTest, EveryLaterOccurrenceIsEmitted) {
  auto all = run("We use the Quibble dataset. Quibble is hard. Later, Quibble results improve.");
  size_t n = 0;
  for (const Found& f : all) n += f.text == "Quibble";
  EXPECT_EQ(n, 3u) << dump(all);
}

// ---- abbreviations ----

TEST_F(RulesPluginTest, AbbreviationPairsShareAKey) {
  auto all = run("We use the Penn Treebank (PTB) for language modeling. PTB has one million words.");
  const Found* full = find(all, "Penn Treebank");
  ASSERT_NE(full, nullptr) << dump(all);
  EXPECT_EQ(attr(*full, "abbreviation"), "PTB");
  EXPECT_EQ(attr(*full, "expansion"), "Penn Treebank");
  size_t shorts = 0;
  for (const Found& f : all) {
    if (f.text != "PTB" || f.kind != PG_KIND_DATASET) continue;
    ++shorts;
    EXPECT_EQ(f.key, full->key);
    EXPECT_EQ(attr(f, "abbreviation"), "PTB");
  }
  EXPECT_EQ(shorts, 2u) << dump(all);
}

TEST_F(RulesPluginTest, AbbreviationFollowedByHeadNoun) {
  auto all = run("The Stanford Natural Language Inference (SNLI) corpus has 570k pairs. We test on SNLI.");
  const Found* f = find(all, "SNLI");
  ASSERT_NE(f, nullptr) << dump(all);
  EXPECT_EQ(f->key, "Stanford Natural Language Inference");
  EXPECT_NE(find(all, "Stanford Natural Language Inference"), nullptr);
}

TEST_F(RulesPluginTest, MethodAndTaskAbbreviationsAreNotData) {
  auto all = run("A convolutional neural network (CNN) is trained. The CNN dataset is large. "
                 "Named Entity Recognition (NER) is a task; the NER dataset is CoNLL.");
  EXPECT_EQ(find(all, "CNN"), nullptr) << dump(all);
  EXPECT_EQ(find(all, "NER"), nullptr) << dump(all);
  const Found* t = find(all, "Named Entity Recognition", PG_KIND_TASK);
  ASSERT_NE(t, nullptr) << dump(all);
  EXPECT_EQ(t->key, "named entity recognition");
}

// ---- attributes ----

TEST_F(RulesPluginTest, VersionAndYear) {
  auto all = run("We use the ImageNet 2012 dataset and the SQuAD v1.1 dataset and the WMT'14 corpus.");
  EXPECT_EQ(attrOf(all, "ImageNet 2012", "version"), "2012") << dump(all);
  EXPECT_EQ(attrOf(all, "SQuAD v1.1", "version"), "1.1") << dump(all);
  EXPECT_EQ(attrOf(all, "WMT'14", "version"), "2014") << dump(all);
}

TEST_F(RulesPluginTest, LanguagePairsAreNormalised) {
  auto all = run("We train on the WMT 2014 English-German dataset. The IWSLT corpus is small; IWSLT De-En "
                 "is the test. The Europarl corpus En→Fr part is used.");
  EXPECT_EQ(attrOf(all, "WMT 2014 English-German", "language_pair"), "en-de") << dump(all);
  EXPECT_EQ(attrOf(all, "WMT 2014 English-German", "version"), "2014");
  const Found* i = nullptr;
  for (const Found& f : all) {
    if (f.text == "IWSLT" && !attr(f, "language_pair").empty()) i = &f;
  }
  ASSERT_NE(i, nullptr) << dump(all);
  EXPECT_EQ(attr(*i, "language_pair"), "de-en");
  EXPECT_EQ(attrOf(all, "Europarl", "language_pair"), "en-fr") << dump(all);
}

TEST_F(RulesPluginTest, SplitBeforeAndAfter) {
  auto all = run("We evaluate on the test split of the Gloop corpus. The Gloop training set is larger.");
  std::vector<std::string> splits;
  for (const Found& f : all) {
    if (f.text == "Gloop") splits.push_back(attr(f, "split"));
  }
  ASSERT_EQ(splits.size(), 2u) << dump(all);
  EXPECT_EQ(splits[0], "test");
  EXPECT_EQ(splits[1], "train");
}

TEST_F(RulesPluginTest, Roles) {
  auto all = run("In this paper we introduce a new dataset called Frobnicate-QA. "
                 "Frobnicate-QA is the largest collection of its kind. "
                 "We evaluate on the Zeta dataset. "
                 "The Omega dataset was described earlier.");
  EXPECT_EQ(attrOf(all, "Frobnicate-QA", "role"), "introduced") << dump(all);
  EXPECT_EQ(attrOf(all, "Zeta", "role"), "used") << dump(all);
  EXPECT_EQ(attrOf(all, "Omega", "role"), "referred-to") << dump(all);
}

TEST_F(RulesPluginTest, CitationMarkerAndId) {
  std::string text = "We use the Krizzle dataset [17] for training.";
  size_t at = text.find("[17]");
  const char* targets[] = {"b17"};
  std::vector<pg_citation> cits{{at, at + 4, targets, 1}};
  auto all = run(text, cits);
  EXPECT_EQ(attrOf(all, "Krizzle", "citation"), "[17]") << dump(all);
  EXPECT_EQ(attrOf(all, "Krizzle", "citation_id"), "b17");
}

TEST_F(RulesPluginTest, ConfidenceDependsOnTheFamily) {
  auto all = run("We use the Alpha dataset. Results on Alpha are good.");
  const Found* head = nullptr;
  const Found* other = nullptr;
  for (const Found& f : all) {
    if (f.text != "Alpha") continue;
    (attr(f, "rule") == "head" ? head : other) = &f;
  }
  ASSERT_NE(head, nullptr) << dump(all);
  ASSERT_NE(other, nullptr) << dump(all);
  EXPECT_FLOAT_EQ(head->confidence, 0.85f);
  EXPECT_NE(other->confidence, head->confidence);
}

// ---- tasks ----

TEST_F(RulesPluginTest, Tasks) {
  auto all = run("We address the task of image captioning. Our model also helps on the NER task. "
                 "Semantic segmentation is hard.");
  const Found* a = find(all, "image captioning", PG_KIND_TASK);
  ASSERT_NE(a, nullptr) << dump(all);
  EXPECT_EQ(a->key, "image captioning");
  EXPECT_NE(find(all, "NER", PG_KIND_TASK), nullptr) << dump(all);
  const Found* s = find(all, "Semantic segmentation", PG_KIND_TASK);
  ASSERT_NE(s, nullptr) << dump(all);
  EXPECT_EQ(s->key, "semantic segmentation");
}

TEST_F(RulesPluginTest, DatasetsAndTasksFromOnePassDatasetsFirst) {
  // Both kinds are read in one pass over the tokens; a dataset name that
  // ends where a task name begins, and the reverse, leave both whole.
  auto all = run("We train on the Visual Genome dataset for image captioning. Image captioning on Visual "
                 "Genome and semantic segmentation on Cityscapes dataset work. Visual Genome image captioning "
                 "improves; semantic segmentation Cityscapes too.");
  std::vector<std::string> datasets, tasks;
  bool taskSeen = false, datasetAfterTask = false;
  for (const Found& f : all) {
    (f.kind == PG_KIND_TASK ? tasks : datasets).push_back(f.text);
    taskSeen = taskSeen || f.kind == PG_KIND_TASK;
    datasetAfterTask = datasetAfterTask || (taskSeen && f.kind == PG_KIND_DATASET);
  }
  EXPECT_EQ(datasets, (std::vector<std::string>{"Visual Genome", "Visual Genome", "Cityscapes", "Visual Genome",
                                                "Cityscapes"}))
      << dump(all);
  EXPECT_EQ(tasks, (std::vector<std::string>{"image captioning", "Image captioning", "semantic segmentation",
                                             "image captioning", "semantic segmentation"}))
      << dump(all);
  EXPECT_FALSE(datasetAfterTask) << dump(all);
}

TEST_F(RulesPluginTest, GenericTaskPhrasesAreNotTasks) {
  auto all = run("This task is hard. The same task appears in the downstream task and the main task.");
  EXPECT_EQ(count(all, PG_KIND_TASK), 0u) << dump(all);
}

TEST_F(RulesPluginTest, DeterminersAndOrdinalsAreNotTasks) {
  auto all = run("In the former task our model wins. Another problem remains. The third problem is hard, "
                 "and some tasks and nine tasks and the last task differ. We solve the ranking task.");
  EXPECT_EQ(count(all, PG_KIND_TASK), 1u) << dump(all);
  EXPECT_NE(find(all, "ranking", PG_KIND_TASK), nullptr) << dump(all);
}

// ---- precision guards ----

TEST_F(RulesPluginTest, GenericPhrasesAreNotNames) {
  auto all = run("We collect our data. The training set is split; this dataset is small. "
                 "Results on the test set and on our dataset are good. Each dataset has labels.");
  EXPECT_EQ(count(all, PG_KIND_DATASET), 0u) << dump(all);
}

TEST_F(RulesPluginTest, MethodNamesAreNotDatasets) {
  auto all = run("The ResNet-50 model trained on ImageNet is strong. The Inception network and the "
                 "Glimmer model are trained on the ImageNet dataset. We test on the Glimmer network.");
  EXPECT_EQ(find(all, "ResNet-50"), nullptr) << dump(all);
  EXPECT_EQ(find(all, "Inception"), nullptr) << dump(all);
  EXPECT_EQ(find(all, "Glimmer"), nullptr) << dump(all);
  EXPECT_NE(find(all, "ImageNet"), nullptr) << dump(all);
}

TEST_F(RulesPluginTest, MetricAndArchitectureNamesAreNotDatasets) {
  auto all = run("Our model improves significantly on Rouge-1 and on ROUGE-L. Results on BLEU-4 improve. "
                 "Training ConvNets with 1 M images takes weeks; a ConvNet contains 8 layers.");
  EXPECT_EQ(count(all, PG_KIND_DATASET), 0u) << dump(all);
}

TEST_F(RulesPluginTest, HeadingWordsAreNotNames) {
  auto all = run("subsection: Experiments on Clinical Data\n\nWe use clinical data from a hospital. "
                 "Multiple datasets are combined.");
  EXPECT_EQ(count(all, PG_KIND_DATASET), 0u) << dump(all);
}

// ---- SciREX tokenisation ----

TEST_F(RulesPluginTest, SpacedPunctuation) {
  auto all = run("We use the CIFAR - 10 dataset . Results on CIFAR-10 follow . "
                 "The Stanford Natural Language Inference ( SNLI ) corpus is used .");
  const Found* spaced = find(all, "CIFAR - 10");
  ASSERT_NE(spaced, nullptr) << dump(all);
  EXPECT_EQ(spaced->key, "CIFAR-10");
  const Found* plain = find(all, "CIFAR-10");
  ASSERT_NE(plain, nullptr) << dump(all);
  EXPECT_EQ(plain->key, "CIFAR-10");
  EXPECT_NE(find(all, "SNLI"), nullptr) << dump(all);
}

// ---- pathological inputs: linear time ----

TEST_F(RulesPluginTest, PathologicalInputsFinishFast) {
  std::string repeated;
  while (repeated.size() < 1000000) repeated += "the CIFAR-10 dataset and ";
  std::string noEnds;
  while (noEnds.size() < 1000000) noEnds += "word Word 12 trained on X ";
  std::string nested(200000, '(');
  nested += "SNLI";
  nested += std::string(200000, ')');
  std::string abbrevs;
  while (abbrevs.size() < 1000000) abbrevs += "Penn Treebank (PTB) (";
  std::string unspaced(1000000, 'A');
  std::string caps;
  while (caps.size() < 1000000) caps += "Aa Bb Cc Dd Ee Ff Gg , ";
  const std::string* inputs[] = {&repeated, &noEnds, &nested, &abbrevs, &unspaced, &caps};
  for (size_t i = 0; i < std::size(inputs); ++i) {
    auto t0 = std::chrono::steady_clock::now();
    run(*inputs[i]);
    double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    // Generous for a loaded CI machine; quadratic behaviour takes minutes.
    EXPECT_LT(s, 10.0) << "pathological input " << i << " took " << s << " s";
  }
}

TEST(RulesPluginDescriptor, DeclaresItself) {
  const pg_plugin* p = papergraph_plugin_rules();
  EXPECT_EQ(p->abi_version, PG_PLUGIN_ABI_VERSION);
  EXPECT_STREQ(p->name, "rules");
  EXPECT_EQ(p->kinds, uint32_t(PG_KIND_DATASET | PG_KIND_TASK));
}

// ---- configuration and rule files ----

TEST(RulesPluginConfig, MissingDataDirIsRefused) {
  void* state = nullptr;
  std::string e = create("{}", &state);
  EXPECT_NE(e.find("data_dir"), std::string::npos) << e;
}

TEST(RulesPluginConfig, UserRuleFileAddsRules) {
  pgtest::TempDir dir;
  pgtest::writeFile(dir / "extra.pgr",
                    "papergraph-rules 1\n"
                    "# a user's own cue\n"
                    "pattern mine dataset 0.9 we\\s+harvested\\s+(?P<name>{NAME})\n");
  void* state = nullptr;
  ASSERT_EQ(create(configJson((dir / "extra.pgr").string()), &state), "");
  auto all = extract(state, "For this work we harvested Plonk from the web.");
  papergraph_plugin_rules()->destroy(state);
  EXPECT_EQ(attrOf(all, "Plonk", "rule"), "mine") << dump(all);
}

TEST(RulesPluginConfig, CueFindsWhatTheWholePatternFinds) {
  // The same patterns read as version 1 (a cue group means nothing, the
  // whole pattern prefilters) and as version 2 (the cue alone prefilters)
  // give the same mentions.
  const std::string patterns =
      "pattern mine dataset 0.9 (?P<name>{NAME})\\s+(?P<cue>was\\s+harvested)\\b\n"
      "pattern mine2 dataset 0.9 we\\s+(?P<cue>gleaned)\\s+(?P<names>{NAMELIST})\n"
      // Matches end with the cue: RE2 reads a sentence up to its last cue only.
      "pattern mine3 dataset 0.9 (?P<names>{NAMELIST})\\s+(?P<cue>(?i:heaps|piles)\\b)\n";
  const std::string text =
      "Plonk was harvested from the web. Later we gleaned Zorp, Quux and Blarg-7 there. Plonk was "
      "harvested twice; PlonkB was\nharvested too. Results on Zorp improve. We gleaned Mops. Then Fnord "
      "heaps, Snark and Boojum piles and Jabber heapsX and Wock piles. Bandersnatch piles";
  std::string out[2];
  for (int version : {1, 2}) {
    pgtest::TempDir dir;
    pgtest::writeFile(dir / "cue.pgr", "papergraph-rules " + std::to_string(version) + "\n" + patterns);
    void* state = nullptr;
    ASSERT_EQ(create(configJson((dir / "cue.pgr").string()), &state), "");
    auto all = extract(state, text);
    papergraph_plugin_rules()->destroy(state);
    EXPECT_EQ(attrOf(all, "Plonk", "rule"), "mine") << dump(all);
    EXPECT_EQ(attrOf(all, "Quux", "rule"), "mine2") << dump(all);
    EXPECT_EQ(attrOf(all, "Boojum", "rule"), "mine3") << dump(all);
    EXPECT_EQ(attrOf(all, "Wock", "rule"), "mine3") << dump(all);
    EXPECT_EQ(attrOf(all, "Bandersnatch", "rule"), "mine3") << dump(all);
    for (const Found& f : all) out[version - 1] += f.text + "|" + f.key + "|" + f.attributes + "\n";
  }
  EXPECT_EQ(out[0], out[1]);
}

TEST(RulesPluginConfig, NameGroupThatIsTheMatchFindsWhatGroupSearchFinds) {
  // A name group spanning the whole match is read from the match alone (no
  // group search); with an empty group after it RE2 searches the groups.
  // Both give the same mentions, several to a sentence.
  const std::string text =
      "Results on Zorp-7 and Quux12 and Blarg-7b; also Zorp-7, Quux12 or Snark-3 heaps. We trained on "
      "Mops-9 and Fnord-2, Zorp-7 and Jabber-4 heaps.\n\nWock-1 heaps and Boojum-5 heaps";
  std::string out[2];
  for (int variant : {0, 1}) {
    const std::string group = variant ? "(?P<x>)" : "";
    pgtest::TempDir dir;
    pgtest::writeFile(dir / "span.pgr",
                      "papergraph-rules 2\n"
                      "pattern dash dataset 0.9 \\b(?P<name>[A-Z][a-z]+-[0-9]+[a-z]?)" + group + "\\b\n"
                      "pattern list dataset 0.9 (?P<names>{NAME}(?:\\s*,\\s*{NAME})*\\s*,?\\s*" +
                          "(?P<cue>(?:and|or)\\s+{TOK})(?:[ \\t]+{TOK})*)" + group + "\n");
    void* state = nullptr;
    ASSERT_EQ(create(configJson((dir / "span.pgr").string()), &state), "");
    auto all = extract(state, text);
    papergraph_plugin_rules()->destroy(state);
    for (const char* name : {"Zorp-7", "Blarg-7b", "Snark-3", "Mops-9", "Jabber-4", "Wock-1", "Boojum-5"}) {
      EXPECT_NE(find(all, name), nullptr) << name << " in variant " << variant << ": " << dump(all);
    }
    for (const Found& f : all) out[variant] += f.text + "|" + f.key + "|" + f.attributes + "\n";
  }
  EXPECT_EQ(out[0], out[1]);
}

// ---- states share the compiled rules ----

// CPU seconds of this thread (steady on a loaded machine).
double threadCpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

std::string dumpAll(const std::vector<Found>& all) {
  std::string s;
  for (const Found& f : all) {
    s += std::to_string(f.start) + "-" + std::to_string(f.end) + " " + std::to_string(f.kind) + " " +
         std::to_string(f.confidence) + " " + f.key + " " + f.attributes + "\n";
  }
  return s;
}

TEST(RulesPluginStates, SecondStateIsCheapAndStatesRunConcurrently) {
  // A rule file of its own makes sure this test's first create() compiles.
  pgtest::TempDir dir;
  pgtest::writeFile(dir / "own.pgr", "papergraph-rules 1\n# SecondStateIsCheap\nlist head testbed\n");
  const std::string config = configJson((dir / "own.pgr").string());
  void* first = nullptr;
  void* second = nullptr;
  double t0 = threadCpu();
  ASSERT_EQ(create(config, &first), "");
  double t1 = threadCpu();
  ASSERT_EQ(create(config, &second), "");
  double t2 = threadCpu();
  EXPECT_LT((t2 - t1) * 20, t1 - t0) << "first create " << (t1 - t0) << " s, second " << (t2 - t1) << " s";

  std::vector<std::string> papers = {
      "We train on CIFAR-10 and CIFAR-100 and report results on the SVHN dataset. "
      "The Penn Treebank (PTB) corpus is used for language modeling. "
      "We introduce a new dataset, CoolSet, a large collection of images.",
      "Results on the WMT 2014 English-German test set [12] improve. The model is trained on "
      "ImageNet (Deng et al., 2009). Named Entity Recognition (NER) on CoNLL-2003 is the task of "
      "tagging names. Our testbed is new.",
  };
  for (const auto& e : std::filesystem::directory_iterator(pgtest::sourceDir() / "examples" / "papers")) {
    if (e.is_regular_file()) {
      papers.push_back(pgtest::readFile(e.path()));
    }
  }
  std::vector<std::string> expected;
  for (const auto& p : papers) expected.push_back(dumpAll(extract(first, p)));

  std::vector<std::string> got[2];
  auto work = [&](void* state, std::vector<std::string>& out) {
    for (int round = 0; round < 20; ++round) {
      for (const auto& p : papers) out.push_back(dumpAll(extract(state, p)));
    }
  };
  std::thread a(work, first, std::ref(got[0]));
  std::thread b(work, second, std::ref(got[1]));
  a.join();
  b.join();
  for (const auto& g : got) {
    ASSERT_EQ(g.size(), 20 * papers.size());
    for (size_t i = 0; i < g.size(); ++i) EXPECT_EQ(g[i], expected[i % papers.size()]) << "paper " << i;
  }
  papergraph_plugin_rules()->destroy(first);
  papergraph_plugin_rules()->destroy(second);

  // With every state gone the rules are freed; a new state compiles again.
  void* again = nullptr;
  ASSERT_EQ(create(config, &again), "");
  EXPECT_EQ(dumpAll(extract(again, papers[0])), expected[0]);
  papergraph_plugin_rules()->destroy(again);
}

struct BadRuleFile {
  const char* file;
  const char* expected;  // "<file>:<line>: ..." must contain this
};

class RulesBadFileTest : public ::testing::TestWithParam<BadRuleFile> {};

TEST_P(RulesBadFileTest, IsRefusedWithFileAndLine) {
  auto path = pgtest::sourceDir() / "tests" / "fixtures" / "bad" / "rules" / GetParam().file;
  void* state = nullptr;
  std::string e = create(configJson(path.string()), &state);
  ASSERT_NE(e, "") << "accepted " << path;
  EXPECT_NE(e.find(path.string() + ":"), std::string::npos) << e;
  EXPECT_NE(e.find(GetParam().expected), std::string::npos) << e;
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, RulesBadFileTest,
    ::testing::Values(
        BadRuleFile{"missing_header.pgr", ":2: expected the header"},
        BadRuleFile{"newer_version.pgr", ":1: rule format version 3 is newer than this plugin reads (2)"},
        BadRuleFile{"optional_cue.pgr", ":3: the (?P<cue>...) group may repeat zero times"},
        BadRuleFile{"alternative_cue.pgr", ":4: the (?P<cue>...) group is inside an alternation"},
        BadRuleFile{"empty_cue.pgr", ":2: the (?P<cue>...) group matches the empty string"},
        BadRuleFile{"unknown_directive.pgr", ":4: unknown directive 'frobnicate'"},
        BadRuleFile{"bad_regex.pgr", ":3: bad regex"},
        BadRuleFile{"no_name_group.pgr", ":2: pattern has no (?P<name>...)"},
        BadRuleFile{"bad_confidence.pgr", ":3: confidence '1.5'"},
        BadRuleFile{"undefined_reference.pgr", ":2: unknown reference {NOPE}"},
        BadRuleFile{"unknown_kind.pgr", ":2: unknown kind 'corpus'"},
        BadRuleFile{"bad_setting.pgr", ":2: expected 'set <name> <number>'"}),
    [](const auto& info) {
      std::string n = info.param.file;
      return n.substr(0, n.find('.'));
    });

}  // namespace
