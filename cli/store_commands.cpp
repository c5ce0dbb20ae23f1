// The persistent store's commands:
//   papergraph build INPUT... --store DIR      extract papers and add them
//   papergraph export --store DIR --format F   write every stored fact
//   papergraph query --store DIR QUERY|FILE.rq run a guarded SPARQL query
//   papergraph serve --store DIR               the SPARQL 1.1 Protocol over HTTP
#include <httplib.h>
#include <signal.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <thread>

#include "cli/commands.hpp"
#include "cli/context.hpp"
#include "common/atomic_file.hpp"
#include "extract/pipeline.hpp"
#include "graph/graph.hpp"
#include "rdf/rdf_export.hpp"
#include "read/reader.hpp"
#include "resolve/resolve.hpp"
#include "store/query_runner.hpp"
#include "store/store.hpp"

namespace fs = std::filesystem;

namespace papergraph::cli {
namespace {

std::string slurp(const std::string& path, bool* ok = nullptr) {
  std::ifstream in(path, std::ios::binary);
  if (ok) *ok = static_cast<bool>(in);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// ------------------------------------------------------------------ build

struct BuildArgs {
  std::vector<std::string> inputs;
  std::string store;
  unsigned jobs = 0;
  std::string base_iri = kDefaultBaseIri;
  double commit_every = 60;
  bool force = false;
};

// What a paper's facts depend on besides its file: the settings of the run.
std::string settingsFingerprint(const GlobalOptions& global, const BuildArgs& args, const Pipeline& pipeline) {
  std::string f = "papergraph-0.1.0|" + args.base_iri;
  for (const auto& p : pipeline.plugins()) f += "|" + p.name + "@" + p.version;
  for (const auto& s : global.sets) f += "|" + s;
  for (const auto& c : global.catalogs) f += "|" + c;
  return f;
}

// The paper's named graph, as the RDF export names it.
std::string paperGraph(const KnowledgeGraph& g) {
  const std::string base = g.options().base_iri;
  for (size_t i = 0; i < g.nodeCount(); ++i) {
    const GraphNode& n = g.node(i);
    if (n.kind != NodeKind::kPaper) continue;
    const std::string prefix = base + "paper/";
    std::string seg = n.iri.rfind(prefix, 0) == 0 ? n.iri.substr(prefix.size()) : slugify(n.iri);
    return base + "graph/paper/" + seg;
  }
  return "";
}

int runBuild(const GlobalOptions& global, const BuildArgs& args) {
  auto writer = StoreWriter::open(args.store);
  if (!writer.isOk()) {
    printError(writer.status().message());
    return kExitFatal;
  }
  std::string data_dir = findDataDir(global);
  auto catalog = loadCatalog(global, data_dir);
  if (!catalog) return kExitFatal;
  size_t refused = 0;
  int setup_exit = kExitOk;
  auto pipeline = startPipeline(global, data_dir, args.jobs, &refused, &setup_exit);
  if (!pipeline) return setup_exit;
  std::string fingerprint = settingsFingerprint(global, args, *pipeline);

  std::vector<Status> input_errors;
  std::vector<std::string> files = expandInputs(args.inputs, &input_errors);
  for (const auto& e : input_errors) printError(e.message());

  // Unchanged files (same bytes, same settings as when stored) are skipped
  // before extraction.
  std::map<std::string, std::vector<std::string>> stored_by_source;  // source -> hashes
  for (const auto& p : (*writer)->papers()) stored_by_source[p.source].push_back(p.content_hash);
  std::vector<std::string> todo;
  std::map<std::string, std::string> file_hash;
  size_t unchanged = 0;
  for (const auto& f : files) {
    bool ok = false;
    std::string h = contentHash(slurp(f, &ok) + '\0' + fingerprint);
    file_hash[f] = h;
    auto it = stored_by_source.find(f);
    bool same = ok && !args.force && it != stored_by_source.end() &&
                std::all_of(it->second.begin(), it->second.end(), [&](const std::string& x) { return x == h; });
    if (same) {
      unchanged += it->second.size();
    } else {
      todo.push_back(f);
    }
  }

  ResolveOptions ropts;
  ropts.base_iri = args.base_iri;
  ropts.catalog = catalog;
  Resolver resolver(ropts);
  std::map<std::string, std::string> seen;  // paper id -> source, this run
  size_t added = 0, replaced = 0, failed_files = 0, plugin_failures = 0, store_errors = 0;
  bool tty = !global.quiet && ::isatty(STDERR_FILENO);
  auto last_commit = std::chrono::steady_clock::now();
  Status commit_status = Status::ok();
  auto commit = [&] {
    if (Status s = (*writer)->commit(); !s.isOk()) {
      commit_status = s;
      return false;
    }
    last_commit = std::chrono::steady_clock::now();
    return true;
  };

  pipeline->run(
      todo,
      [&](FileOutcome& f) {
        bool failed = false;
        for (const auto& e : f.errors) {
          if (tty) std::cerr << "\r\033[K";
          printError(e.message());
          if (e.code() == StatusCode::kPluginError)
            ++plugin_failures;
          else
            failed = true;
        }
        for (auto& r : f.papers) {
          auto [it, fresh] = seen.emplace(r.paper.id, r.paper.source);
          if (!fresh) {
            printError(r.paper.source + ": paper id '" + r.paper.id + "' already used by " + it->second +
                       "; not stored");
            failed = true;
            continue;
          }
          resolver.resolvePaper(r);
          r.paper.text.clear();
          KnowledgeGraph g(GraphOptions{args.base_iri, catalog});
          g.addPaper(r, resolver.sameAsLinks(r));
          PaperQuads q;
          q.id = r.paper.id;
          q.graph = paperGraph(g);
          q.source = f.path;
          q.content_hash = file_hash[f.path];
          if (Status s = writeRdf(g, RdfFormat::kNQuads, &q.nquads); !s.isOk()) {
            printError(r.paper.source + ": " + s.message());
            ++store_errors;
            continue;
          }
          bool existed = (*writer)->find(q.id) != nullptr;
          if (Status s = (*writer)->put(q); !s.isOk()) {
            printError(r.paper.source + ": " + s.message());
            ++store_errors;
            continue;
          }
          ++(existed ? replaced : added);
        }
        if (failed) ++failed_files;
        if (commit_status.isOk() &&
            std::chrono::steady_clock::now() - last_commit > std::chrono::duration<double>(args.commit_every))
          commit();
      },
      [&](size_t done, size_t total) {
        if (tty) std::cerr << "\rbuild: " << done << "/" << total << " files" << std::flush;
      });
  if (tty) std::cerr << "\r\033[K";
  if (commit_status.isOk()) commit();
  if (!commit_status.isOk()) {
    printError(commit_status.message());
    return kExitFatal;
  }
  if (!global.quiet)
    std::cerr << "papergraph: " << files.size() << " files; " << added << " papers added, " << replaced << " replaced, "
              << unchanged << " unchanged; the store " << args.store << " holds " << (*writer)->papers().size()
              << " papers; " << failed_files + input_errors.size() << " inputs failed, " << plugin_failures
              << " plugin failures, " << store_errors << " store errors\n";
  bool any_failed = failed_files || !input_errors.empty() || plugin_failures || store_errors || refused > 0;
  return any_failed ? kExitSomeFailed : kExitOk;
}

// ------------------------------------------------------------------ export

struct ExportArgs {
  std::string store;
  std::string format = "turtle";
  std::string out;
};

int runExport(const ExportArgs& args) {
  static const std::map<std::string, StoreExportFormat> formats = {{"turtle", StoreExportFormat::kTurtle},
                                                                   {"ntriples", StoreExportFormat::kNTriples},
                                                                   {"nquads", StoreExportFormat::kNQuads},
                                                                   {"rdfxml", StoreExportFormat::kRdfXml}};
  auto f = formats.find(args.format);
  if (f == formats.end()) {
    printError("unknown --format '" + args.format + "' (turtle, ntriples, nquads, rdfxml)");
    return kExitUsage;
  }
  // The manifest is needed only to list a Virtuoso server's graphs.
  auto snap = StoreSnapshot::open(args.store, isVirtuosoLocation(args.store));
  if (!snap.isOk()) {
    printError(snap.status().message());
    return kExitFatal;
  }
  // Streamed: chunks go to stdout or to a temporary file renamed over FILE
  // at the end, so the export is never held whole.
  Status s = Status::ok();
  if (args.out.empty() || args.out == "-") {
    s = (*snap)->exportRdf(f->second, [](std::string_view chunk) {
      std::cout.write(chunk.data(), static_cast<std::streamsize>(chunk.size()));
      return std::cout ? Status::ok() : ioError("writing to stdout failed");
    });
    std::cout.flush();
  } else {
    s = writeFileAtomic(args.out, [&](const ChunkSink& sink) { return (*snap)->exportRdf(f->second, sink); });
  }
  if (!s.isOk()) {
    printError(s.message());
    return kExitFatal;
  }
  return kExitOk;
}

// ------------------------------------------------------------------ query

struct QueryArgs {
  std::string store;
  std::string query;
  std::string format = "table";
  double timeout = 30;
  uint64_t max_rows = 0;
  std::string engine = "auto";
};

// --engine's value.
std::optional<QueryEngine> engineFromName(const std::string& name) {
  if (name == "auto") return QueryEngine::kAuto;
  if (name == "index") return QueryEngine::kIndex;
  if (name == "rasqal") return QueryEngine::kRasqal;
  return std::nullopt;
}

// Exit code of a failed query: the user's query is at fault (2), the store
// is missing (3), or it ran out of time or crashed the engine (1).
int queryExitCode(const Status& s) {
  switch (s.code()) {
    case StatusCode::kUnsupported:
    case StatusCode::kInvalidArgument:
      return kExitUsage;
    case StatusCode::kNotFound:
    case StatusCode::kBadInput:
    case StatusCode::kIoError:
      return kExitFatal;
    default:
      return kExitSomeFailed;
  }
}

int runQueryCommand(const QueryArgs& args) {
  auto format = resultFormatFromName(args.format);
  if (!format) {
    printError("unknown --format '" + args.format + "' (table, csv, tsv, json, xml)");
    return kExitUsage;
  }
  std::string sparql = args.query;
  std::error_code ec;
  if (sparql.find('{') == std::string::npos && fs::is_regular_file(sparql, ec)) {
    bool ok = false;
    sparql = slurp(args.query, &ok);
    if (!ok) {
      printError(args.query + ": cannot read");
      return kExitUsage;
    }
  }
  auto engine = engineFromName(args.engine);
  if (!engine) {
    printError("unknown --engine '" + args.engine + "' (auto, index, rasqal)");
    return kExitUsage;
  }
  QueryRunLimits limits;
  limits.timeout_seconds = args.timeout;
  limits.result.max_rows = args.max_rows;
  limits.engine = *engine;
  auto r = runQuery(args.store, sparql, limits);
  if (!r.isOk()) {
    printError(r.status().message());
    return queryExitCode(r.status());
  }
  if (!r->engine.empty()) spdlog::debug("answered by {}", r->engine);
  std::cout << formatResult(*r, *format);
  return kExitOk;
}

// ------------------------------------------------------------------ serve

struct ServeArgs {
  std::string store;
  std::string host = "127.0.0.1";
  int port = 8890;
  double timeout = 10;
  uint64_t max_rows = 100000;
  uint64_t max_bytes = 64ull << 20;
};

// The result format an Accept header (or ?format=) asks for: the type named
// first wins; SPARQL results JSON when nothing matches.
std::pair<ResultFormat, std::string> negotiate(const httplib::Request& req) {
  static const std::pair<const char*, ResultFormat> types[] = {
      {"application/sparql-results+json", ResultFormat::kJson},
      {"application/json", ResultFormat::kJson},
      {"text/csv", ResultFormat::kCsv},
      {"text/tab-separated-values", ResultFormat::kTsv},
      {"application/sparql-results+xml", ResultFormat::kXml},
      {"application/xml", ResultFormat::kXml},
      {"text/xml", ResultFormat::kXml},
      {"text/plain", ResultFormat::kTable},
  };
  if (req.has_param("format")) {
    if (auto f = resultFormatFromName(req.get_param_value("format"))) {
      for (const auto& [type, fmt] : types)
        if (fmt == *f) return {fmt, type};
    }
  }
  std::string accept = req.get_header_value("Accept");
  size_t best = std::string::npos;
  std::pair<ResultFormat, std::string> chosen{ResultFormat::kJson, "application/sparql-results+json"};
  for (const auto& [type, fmt] : types) {
    size_t at = accept.find(type);
    if (at != std::string::npos && (best == std::string::npos || at < best)) {
      best = at;
      chosen = {fmt, type};
    }
  }
  return chosen;
}

int httpStatus(const Status& s) {
  switch (s.code()) {
    case StatusCode::kUnsupported:
      return s.message().find("larger than") != std::string::npos ? 413 : 400;
    case StatusCode::kInvalidArgument:
      return 400;
    case StatusCode::kTimeout:
      return 503;
    case StatusCode::kNotFound:
      return 404;
    default:
      return 500;
  }
}

int runServe(const ServeArgs& args) {
  {
    auto snap = StoreSnapshot::open(args.store, /*read_papers=*/false);  // fail early on a missing store
    if (!snap.isOk()) {
      printError(snap.status().message());
      return kExitFatal;
    }
  }
  // SIGINT/SIGTERM stop the server from a thread of their own.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  ::signal(SIGPIPE, SIG_IGN);

  httplib::Server server;
  QueryRunLimits limits;
  limits.timeout_seconds = args.timeout;
  limits.result.max_rows = args.max_rows;
  limits.result.max_bytes = args.max_bytes;
  auto handle = [&](const httplib::Request& req, httplib::Response& res) {
    res.set_header("Access-Control-Allow-Origin", "*");
    std::string query;
    std::string content_type = req.get_header_value("Content-Type");
    if (req.has_param("update") || content_type.rfind("application/sparql-update", 0) == 0) {
      res.status = 400;
      res.set_content("SPARQL Update is not supported: this endpoint is read-only\n", "text/plain");
      return;
    }
    if (req.method == "POST" && content_type.rfind("application/sparql-query", 0) == 0)
      query = req.body;
    else if (req.has_param("query"))
      query = req.get_param_value("query");
    if (query.empty()) {
      res.status = 400;
      res.set_content(
          "no query: send ?query=... (GET), a form field 'query' or an application/sparql-query body "
          "(POST)\n",
          "text/plain");
      return;
    }
    auto started = std::chrono::steady_clock::now();
    auto r = runQuery(args.store, query, limits);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (!r.isOk()) {
      res.status = httpStatus(r.status());
      res.set_content(r.status().message() + "\n", "text/plain; charset=utf-8");
      spdlog::info("{} {} -> {} ({:.0f} ms): {}", req.method, req.path, res.status, ms, r.status().message());
      return;
    }
    if (r->type == QueryResult::Type::kGraph) {
      std::string accept = req.get_header_value("Accept");
      res.set_content(r->ntriples, accept.find("text/turtle") != std::string::npos ? "text/turtle; charset=utf-8"
                                                                                   : "application/n-triples");
    } else {
      auto [format, type] = negotiate(req);
      res.set_content(formatResult(*r, format), type + "; charset=utf-8");
    }
    spdlog::info("{} {} -> 200 ({:.0f} ms, {})", req.method, req.path, ms, r->engine);
  };
  server.Get("/sparql", handle);
  server.Post("/sparql", handle);
  server.Options("/sparql", [](const httplib::Request&, httplib::Response& res) {
    res.set_header("Access-Control-Allow-Origin", "*");
    res.set_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS");
    res.set_header("Access-Control-Allow-Headers", "Content-Type, Accept");
  });
  server.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("papergraph SPARQL endpoint (read-only): GET or POST /sparql?query=...\n", "text/plain");
  });
  int port = args.port;
  if (port == 0) {
    port = server.bind_to_any_port(args.host);
  } else if (!server.bind_to_port(args.host, port)) {
    port = -1;
  }
  if (port < 0) {
    printError("cannot listen on " + args.host + ":" + std::to_string(args.port));
    return kExitFatal;
  }
  std::thread stopper([&] {
    int sig = 0;
    sigwait(&stop_signals, &sig);
    server.stop();
  });
  std::cerr << "papergraph: serving " << args.store << " at http://" << args.host << ":" << port
            << "/sparql (read-only; " << args.timeout << " s per query; at most " << args.max_rows << " rows)"
            << std::endl;
  bool ok = server.listen_after_bind();
  if (stopper.joinable()) {
    pthread_kill(stopper.native_handle(), SIGTERM);  // wakes sigwait when listen ended on its own
    stopper.join();
  }
  return ok ? kExitOk : kExitFatal;
}

}  // namespace

constexpr const char* kStoreHelp = "The store folder, or virtuoso:dsn=NAME,... (a Virtuoso server)";

void addStoreCommands(CLI::App& app, GlobalOptions& global, int& exit_code) {
  {
    auto args = std::make_shared<BuildArgs>();
    auto* cmd = app.add_subcommand("build",
                                   "Extract papers and add them to a persistent store (unchanged ones are "
                                   "skipped, changed ones replaced)");
    cmd->add_option("inputs", args->inputs, "Paper files or folders; '-' reads paths from stdin")->required();
    cmd->add_option("--store", args->store, "The store folder (created when absent), or virtuoso:dsn=NAME,... (a Virtuoso server)")->required();
    cmd->add_option("-j,--jobs", args->jobs, "Worker threads (default: all cores)");
    cmd->add_option("--base-iri", args->base_iri, "Base of the IRIs")->capture_default_str();
    cmd->add_option("--commit-every", args->commit_every,
                    "Publish what is done every S seconds (a killed build keeps what was published)")
        ->capture_default_str();
    cmd->add_flag("--force", args->force, "Re-extract and replace papers even when unchanged");
    cmd->callback([&global, &exit_code, args] { exit_code = runBuild(global, *args); });
  }
  {
    auto args = std::make_shared<ExportArgs>();
    auto* cmd = app.add_subcommand("export", "Write every fact in a store as RDF");
    cmd->add_option("--store", args->store, kStoreHelp)->required();
    cmd->add_option("--format", args->format, "turtle, ntriples, nquads (keeps per-paper graphs), rdfxml")
        ->capture_default_str();
    cmd->add_option("-o,--out", args->out, "Output file (default: stdout)");
    cmd->callback([&exit_code, args] { exit_code = runExport(*args); });
  }
  {
    auto args = std::make_shared<QueryArgs>();
    auto* cmd = app.add_subcommand("query", "Run a SPARQL query (text or a .rq file) against a store");
    cmd->add_option("query", args->query, "The query, or a file holding it")->required();
    cmd->add_option("--store", args->store, kStoreHelp)->required();
    cmd->add_option("--format", args->format, "table, csv, tsv, json, xml")->capture_default_str();
    cmd->add_option("--timeout", args->timeout, "Seconds before the query is stopped")->capture_default_str();
    cmd->add_option("--max-rows", args->max_rows, "Refuse results with more rows (0: no limit)");
    cmd->add_option("--engine", args->engine,
                    "auto (the store's query index when it can answer, else Rasqal), index, or rasqal")
        ->capture_default_str();
    cmd->callback([&exit_code, args] { exit_code = runQueryCommand(*args); });
  }
  {
    auto args = std::make_shared<ServeArgs>();
    auto* cmd = app.add_subcommand("serve", "Answer SPARQL 1.1 Protocol queries over HTTP (read-only)");
    cmd->add_option("--store", args->store, kStoreHelp)->required();
    cmd->add_option("--host", args->host, "Address to listen on")->capture_default_str();
    cmd->add_option("--port", args->port, "Port (0: any free port, printed on stderr)")->capture_default_str();
    cmd->add_option("--timeout", args->timeout, "Seconds per query")->capture_default_str();
    cmd->add_option("--max-rows", args->max_rows, "Rows per result")->capture_default_str();
    cmd->add_option("--max-bytes", args->max_bytes, "Bytes per result")->capture_default_str();
    cmd->callback([&exit_code, args] { exit_code = runServe(*args); });
  }
}

}  // namespace papergraph::cli
