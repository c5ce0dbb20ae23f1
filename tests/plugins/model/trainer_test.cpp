#include "train/trainer.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"
#include "test_support.hpp"
#include "tiny_corpus.hpp"
#include "train/catalog_filter.hpp"
#include "train/cluster_learner.hpp"

namespace papergraph::model {
namespace {

std::vector<size_t> range(size_t a, size_t b) {
  std::vector<size_t> v;
  for (size_t i = a; i < b; ++i) v.push_back(i);
  return v;
}

TrainOptions quickOptions() {
  TrainOptions o;
  o.epochs = 4;
  o.hash_bits = 16;
  o.calibrate = false;
  return o;
}

TEST(TrainerTest, LearnsAPlantedPatternAndGeneralisesToNewNames) {
  pgtest::TempDir dir;
  testing::writeCorpus(dir.path(), 30, 7);
  StatusOr<std::vector<AnnotatedDoc>> docs = readCorpus(dir.path().string());
  ASSERT_TRUE(docs.isOk()) << docs.status().message();
  ASSERT_EQ(docs->size(), 30u);
  EXPECT_EQ(docs->front().id, "p100");
  TrainingSet set(16);
  for (const AnnotatedDoc& d : *docs) set.add(d);
  const SequenceModel m = train(set, range(0, 24), quickOptions());
  // Held-out papers use names the model never saw.
  const Evaluation ev = evaluate(m, set, range(24, 30));
  EXPECT_EQ(ev.dataset.gold, 36u);
  EXPECT_GE(ev.dataset.f1(), 0.95) << ev.dataset.precision() << " " << ev.dataset.recall();
  EXPECT_GE(ev.dataset.exactF1(), 0.9);
  EXPECT_GE(ev.task.f1(), 0.95);
  // An untrained model finds nothing: the figures above are learnt.
  const Evaluation none = evaluate(SequenceModel(16), set, range(24, 30));
  EXPECT_EQ(none.dataset.predicted, 0u);
}

TEST(TrainerTest, MarginTrainingWidensTheGapAndStillLearns) {
  pgtest::TempDir dir;
  testing::writeCorpus(dir.path(), 30, 7);
  StatusOr<std::vector<AnnotatedDoc>> docs = readCorpus(dir.path().string());
  ASSERT_TRUE(docs.isOk()) << docs.status().message();
  TrainingSet set(16);
  for (const AnnotatedDoc& d : *docs) set.add(d);
  // The smallest max-marginal margin of the spans found in the training
  // papers, averaged: how far the best tagging is ahead of its rivals.
  auto meanMargin = [&](const SequenceModel& m) {
    double sum = 0;
    size_t n = 0;
    DecodeWorkspace ws;
    for (size_t d = 0; d < 24; ++d) {
      for (const TrainingSet::PreparedSentence& s : set.prepared(d).sentences) {
        for (const ScoredSpan& f : decodeSentence(m, s.rows, ws)) sum += f.margin, ++n;
      }
    }
    return n ? sum / static_cast<double>(n) : 0.0;
  };
  TrainOptions plain = quickOptions();
  plain.margin = 0;
  TrainOptions wide = quickOptions();
  wide.margin = 20;
  const SequenceModel a = train(set, range(0, 24), plain), b = train(set, range(0, 24), wide);
  EXPECT_GT(meanMargin(b), 1.5 * meanMargin(a));
  const Evaluation ev = evaluate(b, set, range(24, 30));
  EXPECT_GE(ev.dataset.f1(), 0.95) << ev.dataset.precision() << " " << ev.dataset.recall();
  EXPECT_GE(ev.task.f1(), 0.95);
}

TEST(TrainerTest, SameSeedSameModel) {
  pgtest::TempDir dir;
  testing::writeCorpus(dir.path(), 8, 3);
  StatusOr<std::vector<AnnotatedDoc>> docs = readCorpus(dir.path().string());
  ASSERT_TRUE(docs.isOk());
  TrainingSet set(14);
  for (const AnnotatedDoc& d : *docs) set.add(d);
  TrainOptions o = quickOptions();
  o.hash_bits = 14;
  o.calibrate = true;
  ASSERT_TRUE(train(set, range(0, 8), o).save((dir / "a.pgm").string()).isOk());
  ASSERT_TRUE(train(set, range(0, 8), o).save((dir / "b.pgm").string()).isOk());
  EXPECT_EQ(pgtest::readFile(dir / "a.pgm"), pgtest::readFile(dir / "b.pgm"));
  o.seed = 2;
  ASSERT_TRUE(train(set, range(0, 8), o).save((dir / "c.pgm").string()).isOk());
  EXPECT_NE(pgtest::readFile(dir / "a.pgm"), pgtest::readFile(dir / "c.pgm"));
}

TEST(TrainerTest, ClustersGoIntoTheModelAndTheSavedModelTagsAlike) {
  pgtest::TempDir dir;
  testing::writeCorpus(dir.path(), 12, 5);
  StatusOr<std::vector<AnnotatedDoc>> docs = readCorpus(dir.path().string());
  ASSERT_TRUE(docs.isOk());
  std::vector<std::string_view> texts;
  for (const AnnotatedDoc& d : *docs) texts.push_back(d.text);
  ClusterOptions co;
  co.sizes = {4, 8};
  co.min_count = 3;
  StatusOr<WordClusters> clusters = learnClusters(texts, co);
  ASSERT_TRUE(clusters.isOk()) << clusters.status().message();
  TrainingSet set(16, &*clusters), plain(16);
  for (const AnnotatedDoc& d : *docs) set.add(d), plain.add(d);
  EXPECT_NE(set.prepared(0).sentences[1].rows.ids, plain.prepared(0).sentences[1].rows.ids);
  const SequenceModel m = train(set, range(0, 10), quickOptions());
  ASSERT_EQ(m.clusters.size(), clusters->size());
  EXPECT_TRUE(train(plain, range(0, 10), quickOptions()).clusters.empty());
  // Tagging a document from its text (features computed with the model's
  // own table, after a save and load) finds what evaluation found.
  ASSERT_TRUE(m.save((dir / "m.pgm").string()).isOk());
  StatusOr<SequenceModel> back = SequenceModel::load((dir / "m.pgm").string());
  ASSERT_TRUE(back.isOk()) << back.status().message();
  std::vector<std::vector<FoundSpan>> found;
  const Evaluation ev = evaluate(m, set, {10, 11}, &found);
  EXPECT_GE(ev.dataset.f1(), 0.9);
  for (size_t i = 0; i < 2; ++i) {
    const std::vector<FoundSpan> tagged = tagDocument(*back, (*docs)[10 + i].text, {});
    ASSERT_EQ(tagged.size(), found[i].size());
    for (size_t k = 0; k < tagged.size(); ++k) {
      EXPECT_EQ(tagged[k].start, found[i][k].start);
      EXPECT_EQ(tagged[k].end, found[i][k].end);
    }
  }
}

TEST(TrainerTest, CrossValidationWritesScorableRecords) {
  pgtest::TempDir dir;
  testing::writeCorpus(dir / "corpus", 6, 11);
  StatusOr<std::vector<AnnotatedDoc>> docs = readCorpus((dir / "corpus").string());
  ASSERT_TRUE(docs.isOk());
  TrainingSet set(14);
  for (const AnnotatedDoc& d : *docs) set.add(d);
  TrainOptions o = quickOptions();
  o.hash_bits = 14;
  StatusOr<CrossValidation> cv = crossValidate(set, 6, 3, o, (dir / "records").string());
  ASSERT_TRUE(cv.isOk()) << cv.status().message();
  EXPECT_EQ(cv->folds.size(), 3u);
  EXPECT_EQ(cv->total.dataset.gold, 36u);
  const auto rec = nlohmann::json::parse(pgtest::readFile(dir / "records" / "p100.json"));
  ASSERT_TRUE(rec.contains("datasets"));
  ASSERT_TRUE(rec.contains("tasks"));
  for (const auto& e : rec["datasets"]) {
    ASSERT_FALSE(e["mentions"].empty());
    EXPECT_LT(e["mentions"][0]["start"].get<size_t>(), e["mentions"][0]["end"].get<size_t>());
  }
  EXPECT_FALSE(crossValidate(set, 6, 7, o, "").isOk());
}

TEST(TrainerTest, CorpusReaderRefusesBadInput) {
  pgtest::TempDir dir;
  EXPECT_EQ(readCorpus((dir / "absent").string()).status().code(), StatusCode::kNotFound);
  pgtest::writeFile(dir / "papers" / "a.md", "short text");
  pgtest::writeFile(dir / "gold" / "a.gold.json", "{\"mentions\": {\"Material\": [[2, 400]]}}");
  StatusOr<std::vector<AnnotatedDoc>> r = readCorpus(dir.path().string());
  ASSERT_FALSE(r.isOk());
  EXPECT_NE(r.status().message().find("a.gold.json"), std::string::npos) << r.status().message();
  pgtest::writeFile(dir / "gold" / "a.gold.json", "{\"mentions\": ");
  EXPECT_EQ(readCorpus(dir.path().string()).status().code(), StatusCode::kBadInput);
  pgtest::writeFile(dir / "s.jsonl",
                    "{\"text\": \"on the XY data\", \"spans\": [[7, 9, \"dataset_name\"]]}\n\nnot json\n");
  StatusOr<std::vector<AnnotatedDoc>> s = readSentences((dir / "s.jsonl").string());
  ASSERT_FALSE(s.isOk());
  EXPECT_NE(s.status().message().find("s.jsonl:3"), std::string::npos) << s.status().message();
}

TEST(TrainerTest, DatasetOnlySentencesAreRead) {
  pgtest::TempDir dir;
  pgtest::writeFile(dir / "s.jsonl", "{\"text\": \"on the XY data\", \"spans\": [[7, 9, \"dataset_name\"]]}\n");
  StatusOr<std::vector<AnnotatedDoc>> s = readSentences((dir / "s.jsonl").string());
  ASSERT_TRUE(s.isOk()) << s.status().message();
  ASSERT_EQ(s->size(), 1u);
  EXPECT_FALSE((*s)[0].has_tasks);
  EXPECT_TRUE((*s)[0].single_sentence);
  ASSERT_EQ((*s)[0].spans.size(), 1u);
  EXPECT_EQ((*s)[0].spans[0].start, 7u);
}

TEST(TrainerTest, CountsSalientDatasetsOtherRecordsMissAndTheModelAdds) {
  pgtest::TempDir dir;
  AnnotatedDoc doc;
  doc.id = "p1";
  doc.text = "We use Alpha and Beta and Gamma here.";  // Alpha 7-12, Beta 17-21, Gamma 26-31
  doc.spans = {{7, 12, EntityKind::kDataset}, {17, 21, EntityKind::kDataset}, {26, 31, EntityKind::kDataset}};
  doc.salient = {{"Alpha", {{7, 12}}}, {"Beta", {{17, 21}}}, {"Gamma", {{26, 31}}}};
  // The other extractors found Alpha and a wrong span; the model Beta and "here".
  pgtest::writeFile(
      dir / "p1.json",
      R"({"datasets": [{"mentions": [{"start": 7, "end": 12}]}, {"mentions": [{"start": 0, "end": 2}]}]})");
  const std::vector<std::vector<FoundSpan>> found = {
      {{17, 21, EntityKind::kDataset, 0.9f}, {32, 36, EntityKind::kDataset, 0.6f}, {26, 31, EntityKind::kTask, 0.5f}}};
  StatusOr<SalientGain> g = compareWithRecords({doc}, found, dir.path().string());
  ASSERT_TRUE(g.isOk()) << g.status().message();
  EXPECT_EQ(g->salient, 3u);
  EXPECT_EQ(g->missed, 2u);  // Beta and Gamma
  EXPECT_EQ(g->added, 1u);   // Beta (Gamma was found as a task)
  EXPECT_EQ(g->missed_names, (std::vector<std::string>{"+ p1: Beta", "  p1: Gamma"}));
  EXPECT_EQ(g->others.predicted, 2u);
  EXPECT_EQ(g->others.predicted_ok, 1u);
  EXPECT_EQ(g->combined.predicted, 4u);
  EXPECT_EQ(g->combined.gold_found, 2u);
  // No record for a paper: nothing found by the others.
  std::filesystem::remove(dir / "p1.json");
  EXPECT_EQ(compareWithRecords({doc}, found, dir.path().string())->missed, 3u);
  pgtest::writeFile(dir / "p1.json", "{\"datasets\": [");
  EXPECT_EQ(compareWithRecords({doc}, found, dir.path().string()).status().code(), StatusCode::kBadInput);
}

TEST(TrainerTest, CatalogWithoutLeavesOutEntriesByAnyOfTheirNames) {
  pgtest::TempDir dir;
  pgtest::writeFile(dir / "onto" / "catalog" / "a.jsonl",
                    "{\"format\": \"papergraph-catalog\", \"version\": 1}\n"
                    "{\"id\": \"alpha\", \"title\": \"Alpha-1\"}\n"
                    "{\"id\": \"beta\", \"title\": \"Beta\", \"aliases\": [\"Beta Corpus\"]}\n"
                    "{\"id\": \"gamma\", \"title\": \"Gamma\"}\n");
  pgtest::writeFile(dir / "onto" / "tasks.jsonl",
                    "{\"format\": \"papergraph-tasks\", \"version\": 1}\n"
                    "{\"id\": \"parsing\", \"title\": \"Parsing\"}\n");
  size_t dropped = 0;
  const std::set<std::string> keys = {normalizeName("alpha 1"), normalizeName("beta corpus"), normalizeName("parsing")};
  ASSERT_TRUE(writeCatalogWithout((dir / "onto").string(), keys, (dir / "out").string(), &dropped).isOk());
  EXPECT_EQ(dropped, 3u);
  StatusOr<std::shared_ptr<Catalog>> c = Catalog::loadBuiltin((dir / "out").string());
  ASSERT_TRUE(c.isOk()) << c.status().message();
  ASSERT_EQ((*c)->datasets().size(), 1u);
  EXPECT_EQ((*c)->datasets()[0].id, "gamma");
  EXPECT_TRUE((*c)->tasks().empty());
  EXPECT_FALSE(writeCatalogWithout((dir / "absent").string(), keys, (dir / "out2").string(), &dropped).isOk());
}

}  // namespace
}  // namespace papergraph::model
