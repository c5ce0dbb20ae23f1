// papergraph resolve NAME... [--explain] [--task]: where names land.
#include <iostream>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "resolve/resolve.hpp"

namespace papergraph::cli {
namespace {

struct ResolveArgs {
  std::vector<std::string> names;
  std::vector<std::string> explain;
  bool task = false;
  std::string base_iri = kDefaultBaseIri;
};

int runResolve(const GlobalOptions& global, const ResolveArgs& args) {
  auto catalog = loadCatalog(global, findDataDir(global));
  if (!catalog) return kExitFatal;
  ResolveOptions options;
  options.base_iri = args.base_iri;
  options.catalog = catalog;
  Resolver resolver(options);
  Kind kind = args.task ? Kind::kTask : Kind::kDataset;
  for (const auto& name : args.names) {
    Resolution r = resolver.resolve(kind, name);
    std::cout << name << "\t" << resolver.iri(kind, r.local);
    if (!r.parent.empty())
      std::cout << "\t" << relationName(r.parent_relation) << " " << resolver.iri(kind, r.parent);
    std::cout << "\n";
  }
  for (const auto& name : args.explain) {
    Resolution r = resolver.resolve(kind, name);
    std::cout << name << " -> " << resolver.iri(kind, r.local) << "\n";
    for (const auto& s : r.steps) std::cout << "  " << s << "\n";
    if (!r.parent.empty())
      std::cout << "  related: " << relationName(r.parent_relation) << " " << resolver.iri(kind, r.parent) << "\n";
  }
  return kExitOk;
}

}  // namespace

void addResolveCommand(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<ResolveArgs>();
  auto* cmd = app.add_subcommand("resolve", "Show the node (IRI) a dataset or task name resolves to, and why");
  cmd->add_option("names", args->names, "Names to resolve (one line each: name, IRI, related node)");
  cmd->add_option("--explain", args->explain, "Name to explain step by step; repeatable");
  cmd->add_flag("--task", args->task, "Resolve task names instead of dataset names");
  cmd->add_option("--base-iri", args->base_iri, "Base of the IRIs")->capture_default_str();
  cmd->callback([&global, &exit_code, args, cmd] {
    if (args->names.empty() && args->explain.empty()) {
      printError("resolve: give NAME... or --explain NAME");
      std::cerr << cmd->help();
      exit_code = kExitUsage;
      return;
    }
    exit_code = runResolve(global, *args);
  });
}

}  // namespace papergraph::cli
