// Training the sequence model (averaged structured perceptron), evaluating
// it against gold spans, and k-fold cross-validation by document.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <papergraph/status.hpp>
#include <string>
#include <vector>

#include "../model.hpp"
#include "../tagger.hpp"
#include "corpus.hpp"

namespace papergraph::model {

// How to train.
struct TrainOptions {
  uint32_t seed = 1;  // shuffles sentences each epoch; same seed, same model
  int epochs = 6;
  uint32_t hash_bits = 22;              // 2^hash_bits feature rows
  float margin = 20;                    // cost per wrong token when decoding in training (0: plain perceptron)
  bool calibrate = true;                // fit confidence on a held-out fifth first (doubles the time)
  float o_bias = 4;                     // stored in the model: see SequenceModel::o_bias
  bool propagate = true;                // stored in the model: see SequenceModel::propagate
  uint32_t matchers = 0;                // stored in the model: the MatchSource bits its features used
  std::string version = "unversioned";  // goes into every mention
  std::string description;              // what it was trained on
  std::function<void(const std::string&)> progress;  // progress lines, may be empty
};

// Documents turned into per-sentence features and gold tags once, so that
// folds and epochs reuse them.
class TrainingSet {
 public:
  // clusters (null: none) give cluster features and go into the trained
  // models; they must outlive the set.
  explicit TrainingSet(uint32_t hash_bits, const WordClusters* clusters = nullptr)
      : hash_bits_(hash_bits), clusters_(clusters) {}
  // Adds a document (its index is the number of documents added before)
  // with the catalog/rule matches in it (empty when the model uses none);
  // doc must outlive the set.
  void add(const AnnotatedDoc& doc, const std::vector<MatchSpan>& matches = {});
  size_t docs() const { return docs_.size(); }
  const AnnotatedDoc& doc(size_t i) const { return *docs_[i].doc; }
  uint32_t hashBits() const { return hash_bits_; }
  const WordClusters* clusters() const { return clusters_; }

  // One sentence's features and gold tags.
  struct PreparedSentence {
    FeatureRows rows;
    std::vector<uint8_t> gold;
    size_t first_token = 0;  // index into the document's tokens
  };
  // One document, tokenised and split.
  struct PreparedDoc {
    const AnnotatedDoc* doc;
    std::vector<Token> tokens;
    std::vector<PreparedSentence> sentences;
  };
  const PreparedDoc& prepared(size_t i) const { return docs_[i]; }

 private:
  uint32_t hash_bits_;
  const WordClusters* clusters_;
  std::vector<PreparedDoc> docs_;
};

// Trains on the listed documents of set. Deterministic for a fixed seed.
SequenceModel train(const TrainingSet& set, const std::vector<size_t>& doc_ids, const TrainOptions& options);

// Mention counts of one kind. A predicted span is right when it overlaps a
// gold span of its kind; a gold span is found when a prediction overlaps it
// (the scorer's rule); exact counts byte-identical spans.
struct KindCounts {
  size_t gold = 0, predicted = 0, predicted_ok = 0, gold_found = 0, exact = 0;
  double precision() const { return predicted ? double(predicted_ok) / predicted : 0; }
  double recall() const { return gold ? double(gold_found) / gold : 0; }
  double f1() const;
  double exactF1() const;
  KindCounts& operator+=(const KindCounts& o);
};

// Dataset and task counts.
struct Evaluation {
  KindCounts dataset, task;
  Evaluation& operator+=(const Evaluation& o) {
    dataset += o.dataset;
    task += o.task;
    return *this;
  }
};

// Tags the listed documents with model and counts against their gold.
// found (optional) receives the spans of each listed document, in order.
Evaluation evaluate(const SequenceModel& model, const TrainingSet& set, const std::vector<size_t>& doc_ids,
                    std::vector<std::vector<FoundSpan>>* found = nullptr);

// k-fold cross-validation over the first n_papers documents of set (folds
// by document, assigned by a seeded shuffle); documents after them (extra
// sentences) are added to every training fold. When records_dir is not
// empty, writes one <id>.json record per held-out paper there. fold_set,
// when given, makes the set a fold trains and tests on from its held-out
// document ids (features that must not know the held-out papers, e.g. a
// catalog without their gold names); the set's documents must be those of
// set, in the same order.
struct CrossValidation {
  std::vector<Evaluation> folds;
  Evaluation total;
  std::vector<std::vector<FoundSpan>> found;  // held-out spans per paper (index < n_papers)
};
using FoldSetMaker = std::function<StatusOr<std::unique_ptr<TrainingSet>>(const std::vector<size_t>& test_ids)>;
StatusOr<CrossValidation> crossValidate(const TrainingSet& set, size_t n_papers, size_t k, const TrainOptions& options,
                                        const std::string& records_dir, const FoldSetMaker& fold_set = {});

// What a model adds to other extractors: the salient gold datasets (see
// SalientDataset) that no dataset mention of their records overlaps, and
// how many of those a model span overlaps; and mention counts of the union
// of both. records_dir holds <id>.json records (no file: no mentions).
struct SalientGain {
  size_t salient = 0, missed = 0, added = 0;
  std::vector<std::string> missed_names;  // "<paper id>: <name>", + when the model found it
  KindCounts others, combined;            // dataset mentions: the records alone, records + model
};
StatusOr<SalientGain> compareWithRecords(const std::vector<AnnotatedDoc>& papers,
                                         const std::vector<std::vector<FoundSpan>>& found,
                                         const std::string& records_dir);

// Writes the papergraph record of one paper's found spans: mentions with
// the same lower-cased normalised text form one entity.
Status writeRecord(const std::string& path, const AnnotatedDoc& doc, const std::vector<FoundSpan>& found,
                   const std::string& model_version);

}  // namespace papergraph::model
