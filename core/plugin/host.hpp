// The plugin host: finds, loads and checks extractor plugins (Boost.DLL),
// and runs them on papers. Boost.DLL stays in host.cpp.
#pragma once

#include <papergraph/plugin_abi.h>

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "extract/mention.hpp"
#include "papergraph/status.hpp"
#include "read/paper.hpp"

namespace papergraph {

// What a plugin says about itself, as the host read it.
struct PluginInfo {
  std::string path;  // the library file ("<static>" for built-in descriptors)
  std::string name, version, description;
  uint32_t abi_version = 0;
  uint32_t kinds = 0;  // pg_kind bits
};

// "dataset,task" for a pg_kind bit set.
std::string kindsToString(uint32_t kinds);

// Receives a plugin's log lines: (plugin name, pg_log_level, message).
using PluginLogFn = std::function<void(const std::string&, int, const std::string&)>;

class PluginInstance;

// A checked plugin. Owns the library handle: every PluginInstance keeps its
// LoadedPlugin alive, so no plugin code or data outlives the library.
class LoadedPlugin : public std::enable_shared_from_this<LoadedPlugin> {
 public:
  // Opens path and checks, in order: the library opens, it exports
  // papergraph_plugin, the ABI version matches, the callbacks and name are
  // there. Each refusal names the file (and both ABI versions).
  static StatusOr<std::shared_ptr<LoadedPlugin>> load(const std::string& path);
  // Wraps a descriptor linked into the program (tests, built-in plugins),
  // with the same checks.
  static StatusOr<std::shared_ptr<LoadedPlugin>> fromDescriptor(const pg_plugin* descriptor,
                                                                const std::string& label);
  ~LoadedPlugin();

  const PluginInfo& info() const { return info_; }

  // Makes one state through create(config_json). A failure is "init failed"
  // naming the plugin and file.
  StatusOr<std::unique_ptr<PluginInstance>> instantiate(const std::string& config_json,
                                                        PluginLogFn log) const;

 private:
  struct Library;  // the Boost.DLL handle, hidden here
  LoadedPlugin() = default;
  static StatusOr<std::shared_ptr<LoadedPlugin>> check(const pg_plugin* d, const std::string& path,
                                                       std::unique_ptr<Library> lib);
  std::unique_ptr<Library> lib_;
  const pg_plugin* descriptor_ = nullptr;
  PluginInfo info_;
};

// One plugin state, used by one thread at a time.
class PluginInstance {
 public:
  PluginInstance(std::shared_ptr<const LoadedPlugin> plugin, const pg_plugin* d, void* state,
                 PluginLogFn log);
  ~PluginInstance();
  PluginInstance(const PluginInstance&) = delete;
  PluginInstance& operator=(const PluginInstance&) = delete;

  const PluginInfo& info() const { return plugin_->info(); }
  // Runs extract() on paper and appends what it emitted to out (copied; each
  // mention tagged with the plugin's name). Mentions with spans outside the
  // text or not on UTF-8 boundaries are dropped and counted in *dropped.
  // A PG_ERROR becomes a Status naming the plugin and the paper.
  Status extract(const Paper& paper, std::vector<Mention>& out, size_t* dropped = nullptr);

 private:
  std::shared_ptr<const LoadedPlugin> plugin_;
  const pg_plugin* d_;
  void* state_;
  PluginLogFn log_;
};

// Where plugins are looked for, in order: extra dirs (--plugin-dir), the
// PAPERGRAPH_PLUGIN_PATH variable (':'-separated), then the folder next to
// the executable (<exe>/../lib/papergraph/plugins).
std::vector<std::string> pluginSearchPath(const std::vector<std::string>& extra_dirs);

// Every shared library (*.so) in the search path, in search order, each dir
// sorted by name.
std::vector<std::string> findPluginFiles(const std::vector<std::string>& dirs);

// The executable's own folder ("" when unknown).
std::string executableDir();

// Per-plugin configuration: plugin name -> key -> value.
using PluginConfigs = std::map<std::string, std::map<std::string, std::string>>;

// Reads "plugin.key = value" lines ('#' comments) from path into configs.
Status readPluginConfigFile(const std::string& path, PluginConfigs& configs);
// Applies one "plugin.key=value" setting.
Status applyPluginSetting(const std::string& setting, PluginConfigs& configs);
// The flat JSON object handed to create() for one plugin's settings.
std::string configJson(const std::map<std::string, std::string>& settings);

}  // namespace papergraph
