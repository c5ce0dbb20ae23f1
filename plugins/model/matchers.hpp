// The matches the model reads as features: catalog names (the gazetteer
// plugin) and rule matches (the rules plugin), run in-process through the
// two plugins' own entry points, linked into the model plugin.
#pragma once

#include <papergraph/plugin_abi.h>

#include <map>
#include <memory>
#include <papergraph/status.hpp>
#include <string>
#include <vector>

#include "features.hpp"

namespace papergraph::model {

// One state each of the extractors a model's features need.
class Matchers {
 public:
  // Configuration strings per source (the plugins' own keys: data_dir and
  // catalogs for the gazetteer, data_dir and rules_file for the rules).
  using Config = std::map<std::string, std::string>;

  // Makes states for the MatchSource bits in sources. Fails with the
  // plugin's own error (a missing data_dir, a bad catalog or rule file).
  static StatusOr<std::unique_ptr<Matchers>> create(uint32_t sources, const Config& catalog_config,
                                                    const Config& rules_config);
  ~Matchers();
  Matchers(const Matchers&) = delete;
  Matchers& operator=(const Matchers&) = delete;

  uint32_t sources() const { return sources_; }

  // The dataset and task matches in paper (replacing out's content), in
  // no particular order. Fails with the plugin's error for this paper.
  Status find(const pg_paper& paper, std::vector<MatchSpan>& out);

 private:
  struct State {
    const pg_plugin* plugin = nullptr;
    void* state = nullptr;
    MatchSource source = kCatalogMatches;
  };
  Matchers() = default;
  uint32_t sources_ = 0;
  std::vector<State> states_;
};

// A paper made of text alone (no sections, citations or bibliography), as
// the trainer sees its documents.
pg_paper plainPaper(const std::string& id, const std::string& text);

}  // namespace papergraph::model
