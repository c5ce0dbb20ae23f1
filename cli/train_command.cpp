// `papergraph train`: trains the model plugin's sequence labeller on an
// annotated corpus, or cross-validates it (--cv K) and prints the table.
#include <chrono>
#include <cstdio>
#include <iostream>

#include "cli/commands.hpp"
#include "train/trainer.hpp"

namespace papergraph::cli {
namespace {

struct TrainArgs {
  std::string corpus;
  std::string out;
  std::string extra_sentences;
  std::string records;
  std::string version;
  uint32_t seed = 1;
  int epochs = 6;
  uint32_t hash_bits = 22;
  float margin = 20;
  size_t cv = 0;
  bool no_calibrate = false;
  float o_bias = 4;
  bool no_propagate = false;
};

void printRow(const char* name, const model::KindCounts& c) {
  std::printf("%-9s %6zu %6zu %9.3f %9.3f %9.3f %9.3f\n", name, c.gold, c.predicted, c.precision(), c.recall(), c.f1(),
              c.exactF1());
}

int runTrain(const TrainArgs& a, const GlobalOptions& global) {
  const auto t0 = std::chrono::steady_clock::now();
  auto progress = [&](const std::string& line) {
    if (global.quiet) return;
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr, "[%6.1fs] %s\n", s, line.c_str());
  };
  StatusOr<std::vector<model::AnnotatedDoc>> papers = model::readCorpus(a.corpus);
  if (!papers.isOk()) {
    std::fprintf(stderr, "papergraph train: %s\n", papers.status().message().c_str());
    return kExitFatal;
  }
  std::vector<model::AnnotatedDoc> extra;
  if (!a.extra_sentences.empty()) {
    StatusOr<std::vector<model::AnnotatedDoc>> s = model::readSentences(a.extra_sentences);
    if (!s.isOk()) {
      std::fprintf(stderr, "papergraph train: %s\n", s.status().message().c_str());
      return kExitFatal;
    }
    extra = std::move(s).value();
  }
  model::TrainingSet set(a.hash_bits);
  for (const model::AnnotatedDoc& d : *papers) set.add(d);
  for (const model::AnnotatedDoc& d : extra) set.add(d);
  progress("prepared " + std::to_string(papers->size()) + " papers and " + std::to_string(extra.size()) +
           " extra sentences");

  model::TrainOptions o;
  o.seed = a.seed;
  o.epochs = a.epochs;
  o.hash_bits = a.hash_bits;
  o.margin = a.margin;
  o.calibrate = !a.no_calibrate;
  o.progress = progress;
  o.o_bias = a.o_bias;
  o.propagate = !a.no_propagate;
  o.version =
      a.version.empty() ? "corpus-" + std::to_string(papers->size()) + ".s" + std::to_string(a.seed) : a.version;
  o.description =
      "averaged perceptron, margin " + std::to_string(static_cast<int>(a.margin)) + ", " + std::to_string(a.epochs) +
      " epochs, seed " + std::to_string(a.seed) + ", 2^" + std::to_string(a.hash_bits) + " hashed features; " +
      std::to_string(papers->size()) + " papers from " + a.corpus +
      (extra.empty() ? std::string() : " + " + std::to_string(extra.size()) + " sentences from " + a.extra_sentences);

  if (a.cv > 0) {
    o.calibrate = false;  // confidence plays no part in the figures
    StatusOr<model::CrossValidation> cv = model::crossValidate(set, papers->size(), a.cv, o, a.records);
    if (!cv.isOk()) {
      std::fprintf(stderr, "papergraph train: %s\n", cv.status().message().c_str());
      return cv.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFatal;
    }
    std::printf("%zu-fold cross-validation by paper over %zu papers (seed %u, %d epochs, margin %g, 2^%u features%s)\n",
                a.cv, papers->size(), a.seed, a.epochs, static_cast<double>(a.margin), a.hash_bits,
                extra.empty() ? "" : ", with extra sentences");
    std::printf(
        "mentions: a prediction is right when it overlaps a gold span (the scorer's rule); exact = byte-identical\n");
    std::printf("%-9s %6s %6s %9s %9s %9s %9s\n", "kind", "gold", "pred", "precision", "recall", "F1", "exact F1");
    for (size_t f = 0; f < cv->folds.size(); ++f) {
      std::printf("fold %zu\n", f + 1);
      printRow("  dataset", cv->folds[f].dataset);
      printRow("  task", cv->folds[f].task);
    }
    std::printf("all folds\n");
    printRow("  dataset", cv->total.dataset);
    printRow("  task", cv->total.task);
    if (!a.records.empty()) std::printf("held-out records written to %s\n", a.records.c_str());
    return kExitOk;
  }

  const model::SequenceModel m = model::train(
      set,
      [&] {
        std::vector<size_t> all(set.docs());
        for (size_t i = 0; i < all.size(); ++i) all[i] = i;
        return all;
      }(),
      o);
  Status st = m.save(a.out);
  if (!st.isOk()) {
    std::fprintf(stderr, "papergraph train: %s\n", st.message().c_str());
    return kExitFatal;
  }
  const model::Evaluation fit = [&] {
    std::vector<size_t> ids(papers->size());
    for (size_t i = 0; i < ids.size(); ++i) ids[i] = i;
    return model::evaluate(m, set, ids);
  }();
  progress("training-set fit (not a test): dataset F1 " + std::to_string(fit.dataset.f1()) + ", task F1 " +
           std::to_string(fit.task.f1()));
  std::printf("wrote %s (model %s)\n", a.out.c_str(), m.version.c_str());
  return kExitOk;
}

}  // namespace

void addTrainCommand(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<TrainArgs>();
  CLI::App* cmd = app.add_subcommand(
      "train", "Train the model plugin's sequence labeller on annotated papers (or cross-validate it with --cv)");
  cmd->add_option("--corpus", args->corpus, "Corpus folder: papers/<id>.md and gold/<id>.gold.json")
      ->required()
      ->check(CLI::ExistingDirectory);
  auto* out = cmd->add_option("--out", args->out, "Model file to write (e.g. ontology/models/model.pgm)");
  cmd->add_option("--seed", args->seed, "Random seed: same seed, same model")->capture_default_str();
  cmd->add_option("--epochs", args->epochs, "Training passes")->capture_default_str()->check(CLI::Range(1, 100));
  cmd->add_option("--hash-bits", args->hash_bits, "2^N hashed feature rows")
      ->capture_default_str()
      ->check(CLI::Range(8, 24));
  cmd->add_option("--margin", args->margin,
                  "Cost per wrong token when decoding in training: updates until gold wins by a margin (0: plain "
                  "perceptron)")
      ->capture_default_str()
      ->check(CLI::Range(0.0f, 1000.0f));
  cmd->add_option("--extra-sentences", args->extra_sentences,
                  "JSON-lines file of dataset-annotated sentences to add to training")
      ->check(CLI::ExistingFile);
  cmd->add_option("--model-version", args->version, "Version tag stored in the model and every mention");
  cmd->add_option("--o-bias", args->o_bias, "Subtracted from the O score when decoding (> 0: more recall)")
      ->capture_default_str();
  cmd->add_flag("--no-propagate", args->no_propagate,
                "Do not tag the other occurrences of a name found once in a paper");
  cmd->add_flag("--no-calibrate", args->no_calibrate, "Skip fitting the confidence on a held-out fifth");
  auto* cv = cmd->add_option("--cv", args->cv, "Cross-validate with K folds by paper and print the table")
                 ->check(CLI::Range(2, 100));
  cmd->add_option("--records", args->records, "With --cv: write held-out per-paper records here for score.py")
      ->needs(cv);
  out->excludes(cv);
  cmd->callback([args, &global, &exit_code, out, cv] {
    if (out->count() == 0 && cv->count() == 0) {
      std::fprintf(stderr, "papergraph train: give --out FILE (or --cv K)\n");
      exit_code = kExitUsage;
      return;
    }
    exit_code = runTrain(*args, global);
  });
}

}  // namespace papergraph::cli
