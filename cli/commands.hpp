// The papergraph subcommands. Each lives in its own file and registers
// itself on the CLI11 app; cli/ is the only place that prints or exits.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace papergraph::cli {

// Exit codes (documented in README.md):
inline constexpr int kExitOk = 0;          // everything read and written
inline constexpr int kExitSomeFailed = 1;  // the run finished, some inputs failed (each reported)
inline constexpr int kExitUsage = 2;       // bad command line or configuration
inline constexpr int kExitFatal = 3;       // nothing could be done: no plugin loaded, output not writable ...

// Options every subcommand shares.
struct GlobalOptions {
  std::string log_level = "info";
  bool quiet = false;
  std::vector<std::string> plugin_dirs;  // --plugin-dir (repeatable)
  std::vector<std::string> plugins;      // --plugins a,b (empty: all found)
  std::vector<std::string> sets;         // --set plugin.key=value
  std::string config_file;               // --config FILE (plugin.key = value lines)
  std::string data_dir;                  // --data-dir: the ontology folder
  std::vector<std::string> catalogs;     // --catalog FILE (repeatable)
};

// Registers one subcommand; its callback stores the exit code in exit_code.
using Registrar = void (*)(CLI::App& app, GlobalOptions& global, int& exit_code);

void addPluginsCommand(CLI::App& app, GlobalOptions& global, int& exit_code);
void addExtractCommand(CLI::App& app, GlobalOptions& global, int& exit_code);
void addCatalogCommand(CLI::App& app, GlobalOptions& global, int& exit_code);
void addTrainCommand(CLI::App& app, GlobalOptions& global, int& exit_code);  // cli/train_command.cpp
void addGraphCommand(CLI::App& app, GlobalOptions& global, int& exit_code);    // cli/graph_command.cpp
void addResolveCommand(CLI::App& app, GlobalOptions& global, int& exit_code);  // cli/resolve_command.cpp
void addStoreCommands(CLI::App& app, GlobalOptions& global, int& exit_code);   // cli/store_commands.cpp: build, export, query, serve

}  // namespace papergraph::cli
