// papergraph catalog lookup|import|stats: what a name resolves to, importing
// a Papers with Code datasets dump, and counts over the loaded catalog.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include "catalog/catalog.hpp"
#include "cli/commands.hpp"
#include "cli/context.hpp"

namespace papergraph::cli {
namespace {

// Prints every dataset and task a name may mean, with the version chain and
// the versions/variants below each dataset. Returns kExitSomeFailed when the
// name resolves to nothing.
int lookup(const Catalog& catalog, const std::string& name) {
  std::cout << "name: " << name << "\nkey:  " << normalizeName(name) << "\n";
  const auto datasets = catalog.lookupDataset(name);
  const auto tasks = catalog.lookupTask(name);
  if (datasets.empty() && tasks.empty()) {
    std::cout << "no dataset or task has this name\n";
    return kExitSomeFailed;
  }
  if (datasets.size() + tasks.size() > 1)
    std::cout << "candidates: " << datasets.size() + tasks.size() << " (the name is shared)\n";
  for (const auto& hit : datasets) {
    const CatalogDataset* d = catalog.dataset(hit.id);
    if (!d) continue;
    std::cout << "\ndataset " << d->id << ": " << d->title << "\n";
    std::cout << "  ambiguous: "
              << (hit.ambiguous ? "yes (accepted only with evidence: cue word, full name, citation)" : "no")
              << "\n";
    if (!d->full_name.empty()) std::cout << "  full name: " << d->full_name << "\n";
    if (!d->version.empty()) std::cout << "  version: " << d->version << "\n";
    const auto chain = catalog.chainOf(d->id);
    if (chain.size() > 1) {
      std::cout << "  chain:";
      for (size_t i = 0; i < chain.size(); ++i) std::cout << (i ? " -> " : " ") << chain[i];
      std::cout << "\n";
    }
    std::vector<std::string> below;
    for (const auto& other : catalog.datasets())
      if (other.version_of == d->id || other.variant_of == d->id) below.push_back(other.id);
    if (!below.empty()) {
      std::cout << "  versions/variants:";
      for (const auto& b : below) std::cout << " " << b;
      std::cout << "\n";
    }
    std::cout << "  names:";
    for (const auto& [n, ambiguous] : Catalog::namesOf(*d)) std::cout << " \"" << n << "\"" << (ambiguous ? "?" : "");
    std::cout << "\n  from: " << d->source_file << ":" << d->source_line << "\n";
  }
  for (const auto& hit : tasks) {
    const CatalogTask* t = catalog.task(hit.id);
    if (!t) continue;
    std::cout << "\ntask " << t->id << ": " << t->title << "\n  ambiguous: " << (hit.ambiguous ? "yes" : "no")
              << "\n";
    if (!t->broader.empty()) std::cout << "  broader: " << t->broader << "\n";
    std::cout << "  from: " << t->source_file << ":" << t->source_line << "\n";
  }
  return kExitOk;
}

// Prints counts: entries, names, per theme, per file, warnings.
int stats(const Catalog& catalog, bool show_warnings) {
  size_t names = 0, ambiguous = 0, versions = 0;
  std::map<std::string, size_t> per_theme, per_file;
  std::set<std::string> keys;
  for (const auto& d : catalog.datasets()) {
    for (const auto& [n, amb] : Catalog::namesOf(d)) {
      ++names;
      ambiguous += amb;
      keys.insert(normalizeName(n));
    }
    if (!d.version_of.empty() || !d.variant_of.empty()) ++versions;
    if (d.theme.empty()) ++per_theme["(no theme)"];
    for (const auto& t : d.theme) ++per_theme[t];
    ++per_file[std::filesystem::path(d.source_file).filename().string()];
  }
  std::cout << "datasets: " << catalog.datasets().size() << "\n"
            << "  versions/variants of another entry: " << versions << "\n"
            << "  names: " << names << " (" << keys.size() << " distinct keys, " << ambiguous << " ambiguous)\n"
            << "tasks: " << catalog.tasks().size() << "\n\nper theme:\n";
  for (const auto& [theme, n] : per_theme) std::cout << "  " << theme << ": " << n << "\n";
  std::cout << "\nper file:\n";
  for (const auto& [file, n] : per_file) std::cout << "  " << file << ": " << n << "\n";
  const auto warnings = catalog.warnings();
  std::cout << "\nwarnings: " << warnings.size() << (show_warnings || warnings.empty() ? "" : " (--warnings lists them)")
            << "\n";
  if (show_warnings)
    for (const auto& w : warnings) std::cout << "  " << w << "\n";
  return kExitOk;
}

}  // namespace

void addCatalogCommand(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto* cmd = app.add_subcommand("catalog", "Look up names, import Papers with Code data, count the catalog");
  cmd->require_subcommand(1);

  auto* look = cmd->add_subcommand("lookup", "Show what a dataset or task name resolves to");
  auto name = std::make_shared<std::string>();
  look->add_option("NAME", *name, "A name as a paper writes it")->required();
  look->callback([&global, &exit_code, name] {
    auto catalog = loadCatalog(global, findDataDir(global));
    if (!catalog) {
      exit_code = kExitFatal;
      return;
    }
    exit_code = lookup(*catalog, *name);
  });

  auto* import = cmd->add_subcommand("import", "Convert a Papers with Code datasets JSON into a catalog file");
  auto input = std::make_shared<std::string>();
  auto output = std::make_shared<std::string>();
  import->add_option("PWC_JSON", *input, "Papers with Code datasets JSON (a list of objects)")->required();
  import->add_option("-o,--output", *output, "The catalog file to write ('-' for stdout)")->required();
  import->callback([&exit_code, input, output] {
    auto text = Catalog::importPapersWithCode(*input);
    if (!text.isOk()) {
      printError(text.status().message());
      exit_code = kExitUsage;
      return;
    }
    if (*output == "-") {
      std::cout << *text;
    } else {
      std::ofstream out(*output, std::ios::binary);
      out << *text;
      out.close();
      if (!out) {
        printError(*output + ": cannot write");
        exit_code = kExitFatal;
        return;
      }
    }
    size_t lines = 0;
    for (char c : *text) lines += c == '\n';
    std::cerr << "papergraph: imported " << (lines ? lines - 1 : 0) << " datasets"
              << (*output == "-" ? "" : " into " + *output) << "\n";
    exit_code = kExitOk;
  });

  auto* stat = cmd->add_subcommand("stats", "Count datasets, names and tasks, per theme and per file");
  auto show_warnings = std::make_shared<bool>(false);
  stat->add_flag("--warnings", *show_warnings, "List unknown fields and dangling references");
  stat->callback([&global, &exit_code, show_warnings] {
    auto catalog = loadCatalog(global, findDataDir(global));
    if (!catalog) {
      exit_code = kExitFatal;
      return;
    }
    exit_code = stats(*catalog, *show_warnings);
  });
}

}  // namespace papergraph::cli
