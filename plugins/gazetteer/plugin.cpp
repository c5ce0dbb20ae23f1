// The gazetteer extractor plugin: finds catalog dataset and task names.
//
// Configuration keys (flat strings; --set gazetteer.KEY=VALUE):
//   data_dir   the ontology folder (set by the host); required
//   catalogs   extra catalog files, one per line, merged over the built-in one
//   tasks      "on" (default) or "off": also emit task mentions
//   ambiguous  "evidence" (default: ambiguous names need a cue word, the
//              unambiguous name elsewhere in the paper or a citation),
//              "never" or "always"
//
// The compiled catalog is shared by every state made with the same
// configuration (the host makes one state per worker thread).
#include <papergraph/plugin.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include "gazetteer.hpp"

namespace papergraph::gazetteer {
namespace {

Options parseOptions(const PluginConfig& config) {
  Options o;
  const std::string tasks = config.get("tasks", "on");
  if (tasks == "off" || tasks == "false" || tasks == "0") o.tasks = false;
  else if (tasks != "on" && tasks != "true" && tasks != "1")
    throw std::runtime_error("gazetteer: tasks must be on or off, not \"" + tasks + "\"");
  const std::string ambiguous = config.get("ambiguous", "evidence");
  if (ambiguous == "evidence") o.ambiguous = AmbiguousPolicy::kEvidence;
  else if (ambiguous == "never") o.ambiguous = AmbiguousPolicy::kNever;
  else if (ambiguous == "always") o.ambiguous = AmbiguousPolicy::kAlways;
  else
    throw std::runtime_error("gazetteer: ambiguous must be evidence, never or always, not \"" + ambiguous +
                             "\"");
  return o;
}

// Loads and compiles the catalog for a configuration, or returns the one
// already compiled for it while some state still uses it.
std::shared_ptr<const Gazetteer> sharedGazetteer(const PluginConfig& config) {
  const std::string data_dir = config.get("data_dir");
  if (data_dir.empty()) throw std::runtime_error("gazetteer: no data_dir configured (the ontology folder)");
  const Options options = parseOptions(config);
  const std::string catalogs = config.get("catalogs");
  const std::string cache_key = data_dir + '\0' + catalogs + '\0' + (options.tasks ? "t" : "f") +
                                std::to_string(static_cast<int>(options.ambiguous));
  static std::mutex mutex;
  static std::map<std::string, std::weak_ptr<const Gazetteer>> cache;
  std::lock_guard<std::mutex> lock(mutex);
  if (auto found = cache[cache_key].lock()) return found;
  auto loaded = Catalog::loadBuiltin(data_dir);
  if (!loaded.isOk()) throw std::runtime_error("gazetteer: " + loaded.status().toString());
  std::shared_ptr<Catalog> catalog = std::move(loaded).value();
  std::istringstream files(catalogs);
  for (std::string file; std::getline(files, file);) {
    if (file.empty()) continue;
    Status s = catalog->addFile(file, true);
    if (!s.isOk()) throw std::runtime_error("gazetteer: " + s.toString());
  }
  auto compiled = Gazetteer::build(std::move(catalog), options);
  cache[cache_key] = compiled;
  return compiled;
}

// One state per worker thread: the shared compiled catalog and this
// thread's buffers.
class GazetteerExtractor {
 public:
  explicit GazetteerExtractor(const PluginConfig& config)
      : gazetteer_(sharedGazetteer(config)), scratch_(Gazetteer::makeScratch()) {}

  void extract(const pg_paper& paper, MentionSink& out) {
    gazetteer_->find(paperText(paper), paper.citations, paper.n_citations, *scratch_, found_);
    const Catalog& catalog = gazetteer_->catalog();
    for (const Found& f : found_) {
      Attributes attributes;
      if (f.kind == PG_KIND_DATASET) {
        const CatalogDataset& d = catalog.datasets()[f.entry];
        attributes.set("catalog_id", d.id).set("alias", f.alias).set("version", f.version);
        attributes.set("variant", f.variant).set("evidence", f.evidence);
        if (f.resolved_from >= 0) attributes.set("resolved_from", catalog.datasets()[f.resolved_from].id);
        out.emit(f.start, f.end, PG_KIND_DATASET, f.confidence, d.title, attributes.str());
      } else {
        const CatalogTask& t = catalog.tasks()[f.entry];
        attributes.set("catalog_id", t.id).set("alias", f.alias).set("evidence", f.evidence);
        out.emit(f.start, f.end, PG_KIND_TASK, f.confidence, t.title, attributes.str());
      }
    }
  }

 private:
  std::shared_ptr<const Gazetteer> gazetteer_;
  std::unique_ptr<Scratch> scratch_;
  std::vector<Found> found_;
};

}  // namespace
}  // namespace papergraph::gazetteer

PAPERGRAPH_PLUGIN(papergraph::gazetteer::GazetteerExtractor, gazetteer, "gazetteer", "1.0",
                  "Finds catalog dataset and task names (one automaton, evidence for ambiguous names)",
                  PG_KIND_DATASET | PG_KIND_TASK)
