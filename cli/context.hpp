// What several subcommands share: logging, finding the data folder, loading
// plugins and their configuration, loading the catalog.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "cli/commands.hpp"
#include "extract/pipeline.hpp"
#include "plugin/host.hpp"

namespace papergraph::cli {

// Sets up the stderr logger from --log-level / --quiet. Returns false (after
// printing why) on an unknown level.
bool setupLogging(const GlobalOptions& global);

// The ontology folder: --data-dir, else $PAPERGRAPH_DATA_DIR, else
// <exe>/../share/papergraph/ontology. "" when none exists.
std::string findDataDir(const GlobalOptions& global);

// Plugins found and checked.
struct PluginSet {
  std::vector<std::shared_ptr<LoadedPlugin>> loaded;  // selected, in search order
  std::vector<Status> refused;                        // files that are not usable plugins
  std::vector<std::string> missing;                   // --plugins names not found
};

// Finds every plugin in the search path, checks it, drops later duplicates
// of a name (reported in refused), and keeps those named by --plugins (all
// when empty).
PluginSet loadPlugins(const GlobalOptions& global);

// Per-plugin configuration: the config file, then --set, plus data_dir and
// catalogs handed to every plugin. Returns false after printing an error.
bool buildPluginConfigs(const GlobalOptions& global, const std::string& data_dir, PluginConfigs* configs);

// The built-in catalog plus --catalog files; null (after printing why) when
// it cannot be loaded.
std::shared_ptr<const Catalog> loadCatalog(const GlobalOptions& global, const std::string& data_dir);

// Loads the selected plugins (--plugins, --plugin-dir ...) and starts them
// for `jobs` workers, with their configuration and a log callback into
// spdlog. Prints every refusal; *refused counts the plugins that would not
// start. Returns null after printing why, with *exit_code set (kExitUsage for
// an unknown plugin name or a bad setting, kExitFatal when none can run).
std::unique_ptr<Pipeline> startPipeline(const GlobalOptions& global, const std::string& data_dir, unsigned jobs,
                                        size_t* refused, int* exit_code);

// Prints "papergraph: error: <message>" to stderr.
void printError(const std::string& message);

}  // namespace papergraph::cli
