// The model plugin: loads a trained sequence model and emits dataset and
// task mentions with a confidence each.
//
// Configuration: "model" (a model file path), else
// "<data_dir>/models/model.pgm" (the host sets data_dir to the ontology
// folder); "min_confidence" (default 0) drops less confident mentions.
// A model trained with catalog or rule match features runs the gazetteer
// or the rules in-process for them, configured from "data_dir" and
// "catalogs" (user catalogs, as the host passes them to every plugin) and
// "rules_file", as those plugins are.
#include <map>
#include <memory>
#include <mutex>
#include <papergraph/plugin.hpp>
#include <stdexcept>

#include "matchers.hpp"
#include "tagger.hpp"

namespace papergraph::model {
namespace {

// One loaded model per path, shared read-only by every worker's state.
std::shared_ptr<const SequenceModel> loadShared(const std::string& path) {
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const SequenceModel>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto m = cache[path].lock()) return m;
  StatusOr<SequenceModel> loaded = SequenceModel::load(path);
  if (!loaded.isOk()) throw std::runtime_error(loaded.status().message());
  auto m = std::make_shared<const SequenceModel>(std::move(loaded).value());
  cache[path] = m;
  return m;
}

class ModelExtractor {
 public:
  explicit ModelExtractor(const PluginConfig& config) {
    std::string path = config.get("model");
    if (path.empty()) {
      if (!config.has("data_dir")) {
        throw std::runtime_error("no model file: set model=PATH or data_dir (the ontology folder)");
      }
      path = config.get("data_dir") + "/models/model.pgm";
    }
    model_ = loadShared(path);
    min_confidence_ = std::stof(config.get("min_confidence", "0"));
    attributes_ = Attributes().set("model", model_->version).str();
    if (model_->matchers) {
      Matchers::Config catalog, rules;
      for (const char* key : {"data_dir", "catalogs"}) {
        if (config.has(key)) catalog[key] = config.get(key);
      }
      for (const char* key : {"data_dir", "rules_file"}) {
        if (config.has(key)) rules[key] = config.get(key);
      }
      StatusOr<std::unique_ptr<Matchers>> m = Matchers::create(model_->matchers, catalog, rules);
      if (!m.isOk()) throw std::runtime_error("model " + path + ": " + m.status().message());
      matchers_ = std::move(m).value();
    }
  }

  void extract(const pg_paper& paper, MentionSink& out) {
    std::vector<SectionRange> sections;
    for (size_t i = 0; i < paper.n_sections; ++i) {
      const pg_section& s = paper.sections[i];
      sections.push_back({s.start, s.end, s.heading ? s.heading : ""});
    }
    const std::string_view text = paperText(paper);
    if (matchers_) {
      Status st = matchers_->find(paper, matches_);
      if (!st.isOk()) throw std::runtime_error(st.message());
    }
    for (const FoundSpan& f : tagDocument(*model_, text, sections, matches_)) {
      if (f.confidence < min_confidence_) continue;
      const std::string key = normalizeKey(text.substr(f.start, f.end - f.start));
      if (key.empty()) continue;
      out.emit(f.start, f.end, f.kind == EntityKind::kDataset ? PG_KIND_DATASET : PG_KIND_TASK, f.confidence, key,
               attributes_);
    }
  }

 private:
  std::shared_ptr<const SequenceModel> model_;
  std::unique_ptr<Matchers> matchers_;  // when the model reads match features
  std::vector<MatchSpan> matches_;
  float min_confidence_ = 0;
  std::string attributes_;
};

}  // namespace
}  // namespace papergraph::model

PAPERGRAPH_PLUGIN(papergraph::model::ModelExtractor, model, "model", "0.1.0",
                  "Trained sequence labeller (averaged perceptron, BIO tags) for dataset and task mentions",
                  PG_KIND_DATASET | PG_KIND_TASK)
