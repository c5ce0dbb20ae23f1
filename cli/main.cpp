// papergraph: research papers -> a knowledge graph of the datasets they use.
// The command line; the only place that prints or exits.
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/context.hpp"

int main(int argc, char** argv) {
  using namespace papergraph::cli;
  CLI::App app{"papergraph: find the datasets research papers use and build a knowledge graph of them"};
  app.require_subcommand(1);
  app.fallthrough();  // global options may also follow the subcommand
  app.set_version_flag("--version", "papergraph 0.1.0");
  GlobalOptions global;
  app.add_option("--log-level", global.log_level, "trace, debug, info, warn, error, off")->capture_default_str();
  app.add_flag("-q,--quiet", global.quiet, "Only warnings and errors on stderr; no progress");
  app.add_option("--plugin-dir", global.plugin_dirs, "Folder with plugins (*.so); repeatable, searched first");
  app.add_option("--plugins", global.plugins, "Plugins to run, comma-separated (default: all found)")->delimiter(',');
  app.add_option("--set", global.sets, "Plugin setting plugin.key=value; repeatable");
  app.add_option("--config", global.config_file, "File of 'plugin.key = value' lines");
  app.add_option("--data-dir", global.data_dir, "The ontology folder (catalog, rules, models, vocabulary)");
  app.add_option("--catalog", global.catalogs, "Extra catalog file merged over the built-in one; repeatable");

  int exit_code = kExitOk;
  for (Registrar add : {&addPluginsCommand, &addExtractCommand, &addCatalogCommand, &addTrainCommand, &addGraphCommand, &addResolveCommand, &addStoreCommands}) add(app, global, exit_code);
  app.parse_complete_callback([&] {
    if (!setupLogging(global)) throw CLI::RuntimeError(kExitUsage);
  });
  try {
    app.parse(argc, argv);
  } catch (const CLI::RuntimeError& e) {
    return e.get_exit_code();
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? kExitOk : kExitUsage;
  }
  return exit_code;
}
