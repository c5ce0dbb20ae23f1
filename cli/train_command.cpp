// `papergraph train`: trains the model plugin's sequence labeller on an
// annotated corpus, or cross-validates it (--cv K) and prints the table.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <set>

#include "catalog/catalog.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "matchers.hpp"
#include "read/reader.hpp"
#include "train/catalog_filter.hpp"
#include "train/cluster_learner.hpp"
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
  std::string matches = "none";
  std::string leak_check;  // "", "all" or "unseen"
  std::string compare_records;
  std::vector<std::string> cluster_text;
  uint32_t cluster_min_count = 5;
  bool cluster_papers = false;
};

// The texts of the unlabelled inputs for word clusters: JSON-lines
// sentence files (their "text") and anything the readers take (files, or
// folders walked in sorted order).
StatusOr<std::vector<std::string>> readClusterText(const std::vector<std::string>& inputs) {
  std::vector<std::string> texts, others;
  for (const std::string& in : inputs) {
    if (!in.ends_with(".jsonl")) {
      others.push_back(in);
      continue;
    }
    StatusOr<std::vector<model::AnnotatedDoc>> s = model::readSentences(in);
    if (!s.isOk()) return s.status();
    for (model::AnnotatedDoc& d : *s) texts.push_back(std::move(d.text));
  }
  std::vector<Status> errors;
  for (const std::string& file : expandInputs(others, &errors)) {
    readPaperFile(file, [&](StatusOr<Paper> p) {
      if (p.isOk())
        texts.push_back(std::move(p->text));
      else
        errors.push_back(p.status());
    });
  }
  if (!errors.empty()) return errors.front();
  return texts;
}

// What the word clusters were learned from, for descriptions.
std::string clusterSources(const TrainArgs& a) {
  std::string list;
  for (const std::string& t : a.cluster_text) list += (list.empty() ? "" : " ") + t;
  if (a.cluster_papers) list += list.empty() ? "the corpus papers" : " and the corpus papers";
  return list;
}

// The MatchSource bits of --matches ("none", "catalog", "rules",
// "catalog,rules"); false for anything else.
bool parseMatches(const std::string& s, uint32_t* sources) {
  *sources = 0;
  if (s == "none") return true;
  size_t pos = 0;
  while (pos <= s.size()) {
    const size_t comma = std::min(s.find(',', pos), s.size());
    const std::string word = s.substr(pos, comma - pos);
    if (word == "catalog")
      *sources |= model::kCatalogMatches;
    else if (word == "rules")
      *sources |= model::kRuleMatches;
    else
      return false;
    pos = comma + 1;
  }
  return true;
}

// Documents prepared for training, with the matches of the given sources
// (matchers may be null: no match features).
StatusOr<std::unique_ptr<model::TrainingSet>> prepareSet(const std::vector<const model::AnnotatedDoc*>& docs,
                                                         uint32_t hash_bits, model::Matchers* matchers,
                                                         const model::WordClusters& clusters) {
  auto set = std::make_unique<model::TrainingSet>(hash_bits, clusters.empty() ? nullptr : &clusters);
  std::vector<model::MatchSpan> matches;
  for (const model::AnnotatedDoc* d : docs) {
    if (matchers) {
      Status st = matchers->find(model::plainPaper(d->id, d->text), matches);
      if (!st.isOk()) return Status(st.code(), d->id + ": " + st.message());
    }
    set->add(*d, matches);
  }
  return set;
}

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
  uint32_t sources = 0;
  if (!parseMatches(a.matches, &sources)) {
    std::fprintf(stderr, "papergraph train: --matches takes none, catalog, rules or catalog,rules, not \"%s\"\n",
                 a.matches.c_str());
    return kExitUsage;
  }
  const std::string data_dir = sources ? findDataDir(global) : std::string();
  if (sources && data_dir.empty()) {
    std::fprintf(stderr, "papergraph train: --matches needs the ontology folder (--data-dir or PAPERGRAPH_DATA_DIR)\n");
    return kExitUsage;
  }
  std::string catalogs;
  for (const std::string& c : global.catalogs) catalogs += (catalogs.empty() ? "" : "\n") + c;
  // The configuration the gazetteer and rules get here, as the plugin
  // passes it at run time (with another catalog folder for the leak check).
  auto makeMatchers = [&](const std::string& catalog_dir) -> StatusOr<std::unique_ptr<model::Matchers>> {
    model::Matchers::Config catalog{{"data_dir", catalog_dir}}, rules{{"data_dir", data_dir}};
    if (!catalogs.empty()) catalog["catalogs"] = catalogs;
    return model::Matchers::create(sources, catalog, rules);
  };
  std::unique_ptr<model::Matchers> matchers;
  if (sources) {
    StatusOr<std::unique_ptr<model::Matchers>> m = makeMatchers(data_dir);
    if (!m.isOk()) {
      std::fprintf(stderr, "papergraph train: %s\n", m.status().message().c_str());
      return kExitFatal;
    }
    matchers = std::move(m).value();
  }
  // Word clusters from the --cluster-text inputs and, with
  // --cluster-papers, the corpus papers' text too: in cross-validation only
  // the training papers', so each fold learns its own table.
  std::vector<std::string> cluster_texts;
  if (!a.cluster_text.empty()) {
    StatusOr<std::vector<std::string>> texts = readClusterText(a.cluster_text);
    if (!texts.isOk()) {
      std::fprintf(stderr, "papergraph train: %s\n", texts.status().message().c_str());
      return kExitFatal;
    }
    cluster_texts = std::move(texts).value();
  }
  auto learnTable = [&](const std::vector<size_t>& held_out) -> StatusOr<model::WordClusters> {
    std::vector<std::string_view> views(cluster_texts.begin(), cluster_texts.end());
    for (size_t i = 0; a.cluster_papers && i < papers->size(); ++i) {
      if (std::find(held_out.begin(), held_out.end(), i) == held_out.end()) views.push_back((*papers)[i].text);
    }
    model::ClusterOptions co;
    co.seed = a.seed;
    co.min_count = a.cluster_min_count;
    co.progress = progress;
    StatusOr<model::WordClusters> learned = model::learnClusters(views, co);
    if (learned.isOk()) {
      progress("clusters: " + std::to_string(learned->size()) + " words from " + std::to_string(views.size()) +
               " texts");
    }
    return learned;
  };
  const bool fold_clusters = a.cv > 0 && a.cluster_papers;
  model::WordClusters clusters;
  if ((!cluster_texts.empty() || a.cluster_papers) && !fold_clusters) {
    StatusOr<model::WordClusters> learned = learnTable({});
    if (!learned.isOk()) {
      std::fprintf(stderr, "papergraph train: %s\n", learned.status().message().c_str());
      return kExitFatal;
    }
    clusters = std::move(learned).value();
  }
  std::vector<const model::AnnotatedDoc*> all_docs;
  for (const model::AnnotatedDoc& d : *papers) all_docs.push_back(&d);
  for (const model::AnnotatedDoc& d : extra) all_docs.push_back(&d);
  StatusOr<std::unique_ptr<model::TrainingSet>> prepared = prepareSet(all_docs, a.hash_bits, matchers.get(), clusters);
  if (!prepared.isOk()) {
    std::fprintf(stderr, "papergraph train: %s\n", prepared.status().message().c_str());
    return kExitFatal;
  }
  const model::TrainingSet& set = **prepared;
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
  o.matchers = sources;
  o.version =
      a.version.empty() ? "corpus-" + std::to_string(papers->size()) + ".s" + std::to_string(a.seed) : a.version;
  o.description =
      "averaged perceptron, margin " + std::to_string(static_cast<int>(a.margin)) + ", " + std::to_string(a.epochs) +
      " epochs, seed " + std::to_string(a.seed) + ", 2^" + std::to_string(a.hash_bits) + " hashed features, matches " +
      a.matches +
      (clusters.empty() ? std::string() : ", word clusters (" + std::to_string(clusters.size()) + " words) from " +
                                              clusterSources(a)) +
      "; " + std::to_string(papers->size()) + " papers from " + a.corpus +
      (extra.empty() ? std::string() : " + " + std::to_string(extra.size()) + " sentences from " + a.extra_sentences);

  if (a.cv > 0) {
    o.calibrate = false;  // confidence plays no part in the figures
    // Leak check: each fold's catalog leaves out every entry named like a
    // gold dataset or task mention of its held-out papers.
    const std::string leak_dir =
        (std::filesystem::temp_directory_path() / ("papergraph-leak-check-" + std::to_string(::getpid()))).string();
    model::FoldSetMaker fold_set;
    std::vector<std::unique_ptr<model::WordClusters>> fold_tables;  // outlive the folds' models
    if (!a.leak_check.empty() || fold_clusters) {
      fold_set = [&](const std::vector<size_t>& test_ids) -> StatusOr<std::unique_ptr<model::TrainingSet>> {
        const model::WordClusters* table = &clusters;
        if (fold_clusters) {
          StatusOr<model::WordClusters> learned = learnTable(test_ids);
          if (!learned.isOk()) return learned.status();
          fold_tables.push_back(std::make_unique<model::WordClusters>(std::move(learned).value()));
          table = fold_tables.back().get();
        }
        if (a.leak_check.empty()) return prepareSet(all_docs, a.hash_bits, matchers.get(), *table);
        // The normalised names of the gold mentions and salient clusters of
        // the held-out documents (held) or the others.
        auto goldKeys = [&](bool held) {
          std::vector<bool> is_held(all_docs.size(), false);
          for (size_t id : test_ids) is_held[id] = true;
          std::set<std::string> keys;
          for (size_t id = 0; id < all_docs.size(); ++id) {
            if (is_held[id] != held) continue;
            const model::AnnotatedDoc& d = *all_docs[id];
            for (const model::GoldSpan& g : d.spans)
              keys.insert(normalizeName(d.text.substr(g.start, g.end - g.start)));
            for (const model::SalientDataset& s : d.salient) keys.insert(normalizeName(s.name));
          }
          keys.erase("");
          return keys;
        };
        std::set<std::string> keys = goldKeys(true);
        if (a.leak_check == "unseen") {
          for (const std::string& k : goldKeys(false)) keys.erase(k);
        }
        size_t dropped = 0;
        if (Status st = model::writeCatalogWithout(data_dir, keys, leak_dir, &dropped); !st.isOk()) return st;
        progress("leak check: the fold's catalog leaves out " + std::to_string(dropped) + " entries named in " +
                 std::to_string(test_ids.size()) + " held-out papers");
        StatusOr<std::unique_ptr<model::Matchers>> m = makeMatchers(leak_dir);
        if (!m.isOk()) return m.status();
        return prepareSet(all_docs, a.hash_bits, m->get(), *table);
      };
    }
    StatusOr<model::CrossValidation> cv = model::crossValidate(set, papers->size(), a.cv, o, a.records, fold_set);
    if (!a.leak_check.empty()) {
      std::error_code ec;
      std::filesystem::remove_all(leak_dir, ec);
    }
    if (!cv.isOk()) {
      std::fprintf(stderr, "papergraph train: %s\n", cv.status().message().c_str());
      return cv.status().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFatal;
    }
    std::printf(
        "%zu-fold cross-validation by paper over %zu papers (seed %u, %d epochs, margin %g, 2^%u features, matches "
        "%s%s%s%s)\n",
        a.cv, papers->size(), a.seed, a.epochs, static_cast<double>(a.margin), a.hash_bits, a.matches.c_str(),
        a.leak_check == "all"      ? ", catalog without the held-out papers' gold names"
        : a.leak_check == "unseen" ? ", catalog without the gold names only held-out papers use"
                                   : "",
        extra.empty() ? "" : ", with extra sentences",
        a.cluster_text.empty() && !a.cluster_papers
            ? ""
            : (", word clusters from " + clusterSources(a) + (fold_clusters ? " (training papers only)" : "")).c_str());
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
    if (!a.compare_records.empty()) {
      StatusOr<model::SalientGain> g = model::compareWithRecords(*papers, cv->found, a.compare_records);
      if (!g.isOk()) {
        std::fprintf(stderr, "papergraph train: %s\n", g.status().message().c_str());
        return kExitFatal;
      }
      std::printf("salient gold datasets: %zu; without a mention in %s: %zu; of those the held-out model finds %zu\n",
                  g->salient, a.compare_records.c_str(), g->missed, g->added);
      for (const std::string& name : g->missed_names) std::printf("  %s\n", name.c_str());
      std::printf(
          "dataset mentions, those records alone: precision %.3f recall %.3f; with the model's added: "
          "precision %.3f recall %.3f\n",
          g->others.precision(), g->others.recall(), g->combined.precision(), g->combined.recall());
    }
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
  cmd->add_option("--matches", args->matches,
                  "Match features: none, catalog (the gazetteer's catalog matches), rules (the rules plugin's), "
                  "catalog,rules; read from the ontology folder (--data-dir) and --catalog files")
      ->capture_default_str();
  cmd->add_option("--leak-check", args->leak_check,
                  "With --cv: each fold's catalog leaves out the names of its held-out papers' gold mentions (all) "
                  "or those of them no training document uses (unseen)")
      ->check(CLI::IsMember({"all", "unseen"}))
      ->needs(cv);
  cmd->add_option("--cluster-text", args->cluster_text,
                  "Unlabelled text to learn word clusters from (files or folders any reader takes, or .jsonl "
                  "sentence files); the clusters become features and ship in the model")
      ->check(CLI::ExistingPath);
  cmd->add_flag("--cluster-papers", args->cluster_papers,
                "Learn the word clusters from the corpus papers' text too (with --cv: each fold from its training "
                "papers only)");
  cmd->add_option("--cluster-min-count", args->cluster_min_count, "Words seen fewer times get no cluster")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--compare-records", args->compare_records,
                  "With --cv: records of other extractors (<id>.json); prints the salient gold datasets they miss "
                  "that the held-out model finds")
      ->needs(cv)
      ->check(CLI::ExistingDirectory);
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
