#include "cli/context.hpp"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <set>

namespace fs = std::filesystem;

namespace papergraph::cli {

void printError(const std::string& message) { std::cerr << "papergraph: error: " << message << "\n"; }

bool setupLogging(const GlobalOptions& global) {
  auto logger = spdlog::stderr_color_mt("papergraph");
  logger->set_pattern("papergraph: %l: %v");
  spdlog::set_default_logger(logger);
  auto level = spdlog::level::from_str(global.log_level);
  if (level == spdlog::level::off && global.log_level != "off") {
    printError("unknown --log-level '" + global.log_level + "' (trace, debug, info, warn, error, off)");
    return false;
  }
  if (global.quiet && level < spdlog::level::warn) level = spdlog::level::warn;
  spdlog::set_level(level);
  return true;
}

std::string findDataDir(const GlobalOptions& global) {
  std::vector<std::string> candidates;
  if (!global.data_dir.empty()) return fs::is_directory(global.data_dir) ? global.data_dir : "";
  if (const char* env = std::getenv("PAPERGRAPH_DATA_DIR")) candidates.push_back(env);
  std::string exe = executableDir();
  if (!exe.empty()) candidates.push_back((fs::path(exe).parent_path() / "share" / "papergraph" / "ontology").string());
  for (const auto& c : candidates) {
    std::error_code ec;
    if (fs::is_directory(c, ec)) return fs::canonical(c, ec).string();
  }
  return "";
}

PluginSet loadPlugins(const GlobalOptions& global) {
  PluginSet set;
  std::set<std::string> names;
  std::set<std::string> wanted(global.plugins.begin(), global.plugins.end());
  for (const auto& file : findPluginFiles(pluginSearchPath(global.plugin_dirs))) {
    auto p = LoadedPlugin::load(file);
    if (!p.isOk()) {
      set.refused.push_back(p.status());
      continue;
    }
    const auto& name = (*p)->info().name;
    if (!names.insert(name).second) {
      set.refused.push_back(Status(StatusCode::kPluginError,
                                   file + ": plugin '" + name + "' already loaded from an earlier folder; skipped"));
      continue;
    }
    if (wanted.empty() || wanted.count(name)) set.loaded.push_back(std::move(p).value());
  }
  for (const auto& w : wanted)
    if (!names.count(w)) set.missing.push_back(w);
  // Keep the order the user gave with --plugins.
  if (!global.plugins.empty()) {
    std::vector<std::shared_ptr<LoadedPlugin>> ordered;
    for (const auto& w : global.plugins)
      for (auto& p : set.loaded)
        if (p && p->info().name == w) ordered.push_back(p);
    set.loaded = std::move(ordered);
  }
  return set;
}

bool buildPluginConfigs(const GlobalOptions& global, const std::string& data_dir, PluginConfigs* configs) {
  if (!global.config_file.empty()) {
    if (Status s = readPluginConfigFile(global.config_file, *configs); !s.isOk()) {
      printError(s.message());
      return false;
    }
  }
  for (const auto& s : global.sets) {
    if (Status st = applyPluginSetting(s, *configs); !st.isOk()) {
      printError(st.message() + " (--set)");
      return false;
    }
  }
  std::string catalogs;
  for (const auto& c : global.catalogs) {
    std::error_code ec;
    catalogs += (catalogs.empty() ? "" : "\n") + fs::absolute(c, ec).string();
  }
  // Every plugin learns where the data lives; a --set of the same key wins.
  auto inject = [&](std::map<std::string, std::string>& cfg) {
    if (!data_dir.empty()) cfg.emplace("data_dir", data_dir);
    if (!catalogs.empty()) cfg.emplace("catalogs", catalogs);
  };
  for (auto& [name, cfg] : *configs) inject(cfg);
  inject((*configs)["*"]);  // defaults for plugins with no settings of their own
  return true;
}

std::shared_ptr<const Catalog> loadCatalog(const GlobalOptions& global, const std::string& data_dir) {
  if (data_dir.empty()) {
    printError("cannot find the ontology folder (use --data-dir or PAPERGRAPH_DATA_DIR)");
    return nullptr;
  }
  auto cat = Catalog::loadBuiltin(data_dir);
  if (!cat.isOk()) {
    printError(cat.status().message());
    return nullptr;
  }
  for (const auto& f : global.catalogs) {
    if (Status s = (*cat)->addFile(f, /*replace=*/true); !s.isOk()) {
      printError(s.message());
      return nullptr;
    }
  }
  return *cat;
}

std::unique_ptr<Pipeline> startPipeline(const GlobalOptions& global, const std::string& data_dir, unsigned jobs,
                                        size_t* refused, int* exit_code) {
  PluginSet plugins = loadPlugins(global);
  for (const auto& r : plugins.refused) spdlog::warn("{}", r.message());
  if (!plugins.missing.empty()) {
    std::string names;
    for (auto& m : plugins.missing) names += (names.empty() ? "" : ", ") + m;
    printError("plugin(s) not found: " + names + " (see 'papergraph plugins')");
    *exit_code = kExitUsage;
    return nullptr;
  }
  if (plugins.loaded.empty()) {
    printError("no extractor plugins found (searched --plugin-dir, PAPERGRAPH_PLUGIN_PATH, and next to the executable)");
    *exit_code = kExitFatal;
    return nullptr;
  }
  PipelineOptions options;
  options.jobs = jobs;
  if (!buildPluginConfigs(global, data_dir, &options.configs)) {
    *exit_code = kExitUsage;
    return nullptr;
  }
  options.log = [](const std::string& plugin, int level, const std::string& msg) {
    static const spdlog::level::level_enum levels[] = {spdlog::level::debug, spdlog::level::info,
                                                       spdlog::level::warn, spdlog::level::err};
    spdlog::log(levels[std::clamp(level, 0, 3)], "{}: {}", plugin, msg);
  };
  std::vector<Status> not_started;
  auto pipeline = Pipeline::create(plugins.loaded, options, &not_started);
  for (const auto& r : not_started) printError(r.message());
  if (refused) *refused = not_started.size();
  if (!pipeline.isOk()) {
    printError(pipeline.status().message());
    *exit_code = kExitFatal;
    return nullptr;
  }
  return std::move(pipeline).value();
}

}  // namespace papergraph::cli
