// papergraph extract INPUT... --out DIR: one JSON record per paper.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "common/atomic_file.hpp"
#include "extract/pipeline.hpp"
#include "json/record.hpp"
#include "read/reader.hpp"
#include "resolve/resolve.hpp"

namespace fs = std::filesystem;

namespace papergraph::cli {
namespace {

struct ExtractArgs {
  std::vector<std::string> inputs;
  std::string out_dir;
  unsigned jobs = 0;
  bool save_text = false;
  bool compact = false;
  std::string base_iri = kDefaultBaseIri;
};

// A paper id as a file name: path separators and control bytes replaced.
std::string fileSafe(const std::string& id) {
  std::string s = id;
  for (auto& c : s)
    if (c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20) c = '_';
  if (s.empty() || s == "." || s == "..") s = "_" + s;
  return s;
}

int runExtract(const GlobalOptions& global, const ExtractArgs& args) {
  std::error_code ec;
  fs::create_directories(args.out_dir, ec);
  if (!fs::is_directory(args.out_dir, ec)) {
    printError(args.out_dir + ": cannot create output folder" + (ec ? " (" + ec.message() + ")" : ""));
    return kExitFatal;
  }
  std::string data_dir = findDataDir(global);
  auto catalog = loadCatalog(global, data_dir);
  if (!catalog) return kExitFatal;

  size_t refused = 0;
  int setup_exit = kExitOk;
  auto pipeline = startPipeline(global, data_dir, args.jobs, &refused, &setup_exit);
  if (!pipeline) return setup_exit;

  std::vector<Status> input_errors;
  std::vector<std::string> files = expandInputs(args.inputs, &input_errors);
  for (const auto& e : input_errors) printError(e.message());

  ResolveOptions ropts;
  ropts.base_iri = args.base_iri;
  ropts.catalog = catalog;
  const Resolver resolver(ropts);
  RecordOptions rec;
  rec.pretty = !args.compact;
  rec.catalog = catalog;  // DCAT fields of each dataset
  std::map<std::string, std::string> written;  // paper id -> source
  size_t papers = 0, failed_files = 0, write_errors = 0, plugin_failures = 0;
  bool tty = !global.quiet && ::isatty(STDERR_FILENO);

  pipeline->run(
      files,
      [&](FileOutcome& f) {
        bool failed = false;
        for (const auto& e : f.errors) {
          if (tty) std::cerr << "\r\033[K";
          printError(e.message());
          if (e.code() == StatusCode::kPluginError) ++plugin_failures;
          else failed = true;
        }
        for (auto& r : f.papers) {
          ++papers;
          auto [it, fresh] = written.emplace(r.paper.id, r.paper.source);
          if (!fresh) {
            printError(r.paper.source + ": paper id '" + r.paper.id + "' already used by " + it->second +
                       "; not written");
            failed = true;
            continue;
          }
          resolver.resolvePaper(r);
          std::string base = (fs::path(args.out_dir) / fileSafe(r.paper.id)).string();
          if (args.save_text && !r.paper.text_is_source) {
            if (Status s = writeFileAtomic(base + ".txt", r.paper.text); !s.isOk()) {
              printError(s.message());
              ++write_errors;
              continue;
            }
          }
          rec.text_ref = r.paper.text_is_source ? "source" : fileSafe(r.paper.id) + ".txt";
          if (Status s = writeFileAtomic(base + ".json", recordJson(r, rec)); !s.isOk()) {
            printError(s.message());
            ++write_errors;
          }
        }
        if (failed) ++failed_files;
      },
      [&](size_t done, size_t total) {
        if (tty) std::cerr << "\rextract: " << done << "/" << total << " files" << std::flush;
      });
  if (tty) std::cerr << "\r\033[K";
  size_t records = written.size() - write_errors;
  if (!global.quiet)
    std::cerr << "papergraph: " << files.size() << " files, " << papers << " papers, " << records
              << " records written to " << args.out_dir << "; " << failed_files + input_errors.size()
              << " inputs failed, " << plugin_failures << " plugin failures, " << write_errors
              << " write errors\n";
  if (write_errors && records == 0) return kExitFatal;
  bool any_failed =
      failed_files || !input_errors.empty() || write_errors || plugin_failures || refused > 0;
  return any_failed ? kExitSomeFailed : kExitOk;
}

}  // namespace

void addExtractCommand(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<ExtractArgs>();
  auto* cmd = app.add_subcommand("extract", "Find datasets and tasks in papers; write one JSON record per paper");
  cmd->add_option("inputs", args->inputs, "Paper files or folders (walked recursively); '-' reads paths from stdin")
      ->required();
  cmd->add_option("-o,--out", args->out_dir, "Folder for the records (<paper-id>.json)")->required();
  cmd->add_option("-j,--jobs", args->jobs, "Worker threads (default: all cores)");
  cmd->add_flag("--save-text", args->save_text,
                "Also write <paper-id>.txt, the text the offsets refer to (non-text formats)");
  cmd->add_flag("--compact", args->compact, "One-line JSON records");
  cmd->add_option("--base-iri", args->base_iri, "Base of the IRIs in records")->capture_default_str();
  cmd->callback([&global, &exit_code, args] { exit_code = runExtract(global, *args); });
}

}  // namespace papergraph::cli
