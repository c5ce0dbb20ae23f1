// The plugin through its C descriptor, as the host sees it.
#include <gtest/gtest.h>
#include <papergraph/plugin_abi.h>

#include <string>
#include <vector>

#include "matchers.hpp"
#include "test_support.hpp"
#include "tiny_corpus.hpp"
#include "train/trainer.hpp"

extern "C" const pg_plugin* papergraph_plugin_model(void);

namespace papergraph::model {
namespace {

struct Emitted {
  size_t start, end;
  uint32_t kind;
  float confidence;
  std::string key, attributes;
};

void collect(void* ctx, const pg_mention* m) {
  static_cast<std::vector<Emitted>*>(ctx)->push_back(
      {m->start, m->end, m->kind, m->confidence, m->key, m->attributes ? m->attributes : ""});
}

class ModelPluginTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::writeCorpus(dir_ / "corpus", 20, 5);
    StatusOr<std::vector<AnnotatedDoc>> docs = readCorpus((dir_ / "corpus").string());
    ASSERT_TRUE(docs.isOk());
    docs_ = std::move(docs).value();
    TrainingSet set(16);
    std::vector<size_t> ids;
    for (const AnnotatedDoc& d : docs_) ids.push_back(set.docs()), set.add(d);
    TrainOptions o;
    o.epochs = 4;
    o.hash_bits = 16;
    o.version = "tiny.1";
    std::filesystem::create_directories(dir_ / "models");
    ASSERT_TRUE(train(set, ids, o).save((dir_ / "models" / "model.pgm").string()).isOk());
  }
  pgtest::TempDir dir_;
  std::vector<AnnotatedDoc> docs_;
};

TEST_F(ModelPluginTest, DescriptorIsComplete) {
  const pg_plugin* p = papergraph_plugin_model();
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->abi_version, PG_PLUGIN_ABI_VERSION);
  EXPECT_STREQ(p->name, "model");
  EXPECT_EQ(p->kinds, static_cast<uint32_t>(PG_KIND_DATASET | PG_KIND_TASK));
  EXPECT_TRUE(p->create && p->extract && p->destroy);
}

TEST_F(ModelPluginTest, FindsNewDatasetNamesThroughTheAbi) {
  const pg_plugin* p = papergraph_plugin_model();
  void* state = nullptr;
  char err[256] = "";
  const std::string config = "{\"data_dir\": \"" + dir_.path().string() + "\"}";
  ASSERT_EQ(p->create(config.c_str(), &state, err, sizeof err), PG_OK) << err;
  const std::string text =
      "Intro\nWe report results on the Zanquor-42 benchmark and compare with prior work. "
      "This addresses the task of speech ranking in general.\n";
  pg_paper paper{"x", "t", text.data(), text.size(), nullptr, 0, nullptr, 0, nullptr, 0};
  std::vector<Emitted> out;
  pg_sink sink{&out, &collect, nullptr};
  ASSERT_EQ(p->extract(state, &paper, &sink, err, sizeof err), PG_OK) << err;
  p->destroy(state);
  bool dataset = false, task = false;
  for (const Emitted& e : out) {
    EXPECT_GE(e.confidence, 0.0f);
    EXPECT_LE(e.confidence, 1.0f);
    EXPECT_EQ(e.attributes, "{\"model\":\"tiny.1\"}");
    EXPECT_EQ(e.key, text.substr(e.start, e.end - e.start));
    if (e.kind == PG_KIND_DATASET && e.key == "Zanquor-42") dataset = true;
    if (e.kind == PG_KIND_TASK && e.key == "speech ranking") task = true;
  }
  EXPECT_TRUE(dataset);
  EXPECT_TRUE(task);
}

TEST_F(ModelPluginTest, RefusesMissingAndBadModelsNamingTheFile) {
  const pg_plugin* p = papergraph_plugin_model();
  void* state = nullptr;
  char err[512] = "";
  const std::string absent = (dir_ / "nowhere.pgm").string();
  EXPECT_EQ(p->create(("{\"model\": \"" + absent + "\"}").c_str(), &state, err, sizeof err), PG_ERROR);
  EXPECT_NE(std::string(err).find(absent), std::string::npos) << err;
  const auto newer = pgtest::sourceDir() / "tests/fixtures/bad/model/newer.pgm";
  EXPECT_EQ(p->create(("{\"model\": \"" + newer.string() + "\"}").c_str(), &state, err, sizeof err), PG_ERROR);
  EXPECT_NE(std::string(err).find("newer"), std::string::npos) << err;
  EXPECT_EQ(p->create("{}", &state, err, sizeof err), PG_ERROR);
  EXPECT_NE(std::string(err).find("set model=PATH"), std::string::npos) << err;
}

// A model trained with catalog match features runs the gazetteer itself,
// on the catalog of the data_dir the host hands it.
TEST_F(ModelPluginTest, ModelWithCatalogFeaturesMatchesTheCatalogItself) {
  pgtest::writeFile(dir_ / "catalog" / "test.jsonl",
                    "{\"format\": \"papergraph-catalog\", \"version\": 1}\n"
                    "{\"id\": \"zanquor-42\", \"title\": \"Zanquor-42\"}\n");
  pgtest::writeFile(dir_ / "tasks.jsonl", "{\"format\": \"papergraph-tasks\", \"version\": 1}\n");
  const Matchers::Config config{{"data_dir", dir_.path().string()}};
  StatusOr<std::unique_ptr<Matchers>> matchers = Matchers::create(kCatalogMatches, config, config);
  ASSERT_TRUE(matchers.isOk()) << matchers.status().message();
  TrainingSet set(16);
  std::vector<size_t> ids;
  std::vector<MatchSpan> matches;
  for (const AnnotatedDoc& d : docs_) {
    ASSERT_TRUE((*matchers)->find(plainPaper(d.id, d.text), matches).isOk());
    ids.push_back(set.docs()), set.add(d, matches);
  }
  TrainOptions o;
  o.epochs = 4;
  o.hash_bits = 16;
  o.matchers = kCatalogMatches;
  const std::string path = (dir_ / "catalog_model.pgm").string();
  ASSERT_TRUE(train(set, ids, o).save(path).isOk());
  StatusOr<SequenceModel> loaded = SequenceModel::load(path);
  ASSERT_TRUE(loaded.isOk());
  EXPECT_EQ(loaded->matchers, static_cast<uint32_t>(kCatalogMatches));

  const std::string text = "Intro\nWe report results on the Zanquor-42 set and on Zanquor-42 again.\n";
  ASSERT_TRUE((*matchers)->find(plainPaper("x", text), matches).isOk());
  ASSERT_EQ(matches.size(), 2u);  // the gazetteer found both
  std::vector<FoundSpan> direct = tagDocument(*loaded, text, {}, matches);
  const pg_plugin* p = papergraph_plugin_model();
  void* state = nullptr;
  char err[512] = "";
  const std::string plugin_config = "{\"model\": \"" + path + "\", \"data_dir\": \"" + dir_.path().string() + "\"}";
  ASSERT_EQ(p->create(plugin_config.c_str(), &state, err, sizeof err), PG_OK) << err;
  pg_paper paper{"x", "t", text.data(), text.size(), nullptr, 0, nullptr, 0, nullptr, 0};
  std::vector<Emitted> out;
  pg_sink sink{&out, &collect, nullptr};
  ASSERT_EQ(p->extract(state, &paper, &sink, err, sizeof err), PG_OK) << err;
  p->destroy(state);
  // The plugin's mentions are the model's on the gazetteer's matches.
  ASSERT_EQ(out.size(), direct.size());
  for (size_t i = 0; i < out.size(); ++i) {
    EXPECT_EQ(out[i].start, direct[i].start);
    EXPECT_EQ(out[i].end, direct[i].end);
  }
  // Without a catalog to match, the model is refused with the gazetteer's reason.
  const std::string no_catalog = "{\"model\": \"" + path + "\"}";
  EXPECT_EQ(p->create(no_catalog.c_str(), &state, err, sizeof err), PG_ERROR);
  EXPECT_NE(std::string(err).find("catalog matches"), std::string::npos) << err;
  EXPECT_NE(std::string(err).find(path), std::string::npos) << err;
}

}  // namespace
}  // namespace papergraph::model
