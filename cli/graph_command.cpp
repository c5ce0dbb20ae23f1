// papergraph graph INPUT... --format turtle|ntriples|nquads|rdfxml|graphml|dot
// [-o FILE]: one knowledge graph over papers (extracted here) and per-paper
// JSON records (read back), written atomically; RDF is streamed, never held
// whole.
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <set>
#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "common/atomic_file.hpp"
#include "extract/pipeline.hpp"
#include "graph/graph.hpp"
#include "graphml/graphml_export.hpp"
#include "json/record.hpp"
#include "rdf/rdf_export.hpp"
#include "read/reader.hpp"
#include "resolve/resolve.hpp"

namespace papergraph::cli {
namespace {

struct GraphArgs {
  std::vector<std::string> inputs;
  std::string format = "turtle";
  std::string out;
  unsigned jobs = 0;
  std::string base_iri = kDefaultBaseIri;
};

// The first bytes of a file.
std::string head(const std::string& path, size_t n) {
  std::ifstream in(path, std::ios::binary);
  std::string s(n, '\0');
  in.read(s.data(), static_cast<std::streamsize>(n));
  s.resize(static_cast<size_t>(in.gcount()));
  return s;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int runGraph(const GlobalOptions& global, const GraphArgs& args) {
  const std::set<std::string> formats = {"turtle", "ntriples", "nquads", "rdfxml", "graphml", "dot"};
  if (!formats.count(args.format)) {
    printError("unknown --format '" + args.format + "' (turtle, ntriples, nquads, rdfxml, graphml, dot)");
    return kExitUsage;
  }
  std::string data_dir = findDataDir(global);
  auto catalog = loadCatalog(global, data_dir);
  if (!catalog) return kExitFatal;
  ResolveOptions ropts;
  ropts.base_iri = args.base_iri;
  ropts.catalog = catalog;
  Resolver resolver(ropts);
  KnowledgeGraph graph(GraphOptions{args.base_iri, catalog});

  std::vector<Status> input_errors;
  std::vector<std::string> files = expandInputs(args.inputs, &input_errors);
  // JSON records alongside papers: records are read back, the rest extracted.
  std::vector<std::string> records, papers;
  for (const auto& f : files) {
    bool json = f.size() > 5 && f.compare(f.size() - 5, 5, ".json") == 0;
    (json && looksLikeRecord(head(f, 256)) ? records : papers).push_back(f);
  }
  size_t failed = input_errors.size(), duplicates = 0, plugin_failures = 0;
  for (const auto& e : input_errors) printError(e.message());
  auto add = [&](const PaperResult& r) {
    if (!graph.addPaper(r, resolver.sameAsLinks(r))) {
      printError(r.paper.source + ": paper id '" + r.paper.id + "' already in the graph; skipped");
      ++duplicates;
    }
  };
  for (const auto& f : records) {
    auto r = parseRecord(slurp(f), f);
    if (!r.isOk()) {
      printError(r.status().message());
      ++failed;
      continue;
    }
    add(*r);
  }

  if (!papers.empty()) {
    int setup_exit = kExitOk;
    auto pipeline = startPipeline(global, data_dir, args.jobs, nullptr, &setup_exit);
    if (!pipeline) return setup_exit;
    pipeline->run(papers, [&](FileOutcome& f) {
      bool bad = false;
      for (const auto& e : f.errors) {
        printError(e.message());
        if (e.code() == StatusCode::kPluginError) ++plugin_failures;
        else bad = true;
      }
      if (bad) ++failed;
      for (auto& r : f.papers) {
        resolver.resolvePaper(r);
        r.paper.text.clear();
        r.paper.text.shrink_to_fit();
        add(r);
      }
    });
  }

  // RDF streams to the file (through a temporary beside it) or to stdout;
  // GraphML and DOT are made whole first.
  const bool to_stdout = args.out.empty() || args.out == "-";
  Status written;
  if (auto rdf = rdfFormatFromName(args.format)) {
    written = to_stdout ? writeRdf(graph, *rdf, std::cout) : writeRdfFile(graph, *rdf, args.out);
  } else {
    const std::string text = args.format == "graphml" ? writeGraphml(graph) : writeDot(graph);
    if (to_stdout) std::cout << text;
    else written = writeFileAtomic(args.out, text);
  }
  if (!written.isOk()) {
    printError(written.message());
    return kExitFatal;
  }
  if (!global.quiet)
    std::cerr << "papergraph: " << graph.paperCount() << " papers (" << records.size() << " records, "
              << papers.size() << " paper files), " << graph.nodeCount() << " nodes, " << graph.edgeCount()
              << " edges; " << failed << " inputs failed, " << duplicates << " duplicate papers, "
              << plugin_failures << " plugin failures\n";
  return failed || duplicates || plugin_failures ? kExitSomeFailed : kExitOk;
}

}  // namespace

void addGraphCommand(CLI::App& app, GlobalOptions& global, int& exit_code) {
  auto args = std::make_shared<GraphArgs>();
  auto* cmd = app.add_subcommand("graph", "Build one knowledge graph from papers and/or per-paper JSON records");
  cmd->add_option("inputs", args->inputs, "Paper files, record files (<id>.json) or folders; '-' reads paths from stdin")
      ->required();
  cmd->add_option("--format", args->format, "turtle, ntriples, nquads (a named graph per paper), rdfxml, graphml, dot")
      ->capture_default_str();
  cmd->add_option("-o,--out", args->out, "Output file (written atomically); stdout when absent");
  cmd->add_option("-j,--jobs", args->jobs, "Worker threads for extraction (default: all cores)");
  cmd->add_option("--base-iri", args->base_iri, "Base of the IRIs")->capture_default_str();
  cmd->callback([&global, &exit_code, args] { exit_code = runGraph(global, *args); });
}

}  // namespace papergraph::cli
