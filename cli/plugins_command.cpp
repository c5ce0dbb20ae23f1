// papergraph plugins: every plugin found, with its descriptor, and every
// file that was refused and why. Runs no extraction.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/context.hpp"

namespace papergraph::cli {

void addPluginsCommand(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand("plugins", "List the plugins found, with their descriptors");
  auto json = std::make_shared<bool>(false);
  cmd->add_flag("--json", *json, "Print JSON instead of a table");
  cmd->callback([&global, &exit_code, json] {
    GlobalOptions all = global;
    all.plugins.clear();  // list everything, selected or not
    PluginSet set = loadPlugins(all);
    if (*json) {
      nlohmann::ordered_json out = {{"plugins", nlohmann::ordered_json::array()},
                                    {"refused", nlohmann::ordered_json::array()}};
      for (const auto& p : set.loaded) {
        const auto& i = p->info();
        out["plugins"].push_back({{"name", i.name},
                                  {"version", i.version},
                                  {"abi_version", i.abi_version},
                                  {"kinds", kindsToString(i.kinds)},
                                  {"description", i.description},
                                  {"path", i.path}});
      }
      for (const auto& r : set.refused) out["refused"].push_back(r.message());
      std::cout << out.dump(2) << "\n";
    } else {
      if (set.loaded.empty()) std::cout << "no plugins found\n";
      for (const auto& p : set.loaded) {
        const auto& i = p->info();
        std::cout << i.name << " " << i.version << "  (ABI " << i.abi_version << "; emits "
                  << kindsToString(i.kinds) << ")\n    " << i.description << "\n    " << i.path << "\n";
      }
      for (const auto& r : set.refused) std::cout << "refused: " << r.message() << "\n";
    }
    std::cout.flush();
    exit_code = set.loaded.empty() ? kExitFatal : kExitOk;
  });
}

}  // namespace papergraph::cli
