// The store's figures: `papergraph build` over N papers (the SciREX dev
// corpus replicated with distinct ids), its time, the build's peak RSS and
// the store's size on disk; an incremental add of 100 papers; each example
// query's latency, in process (the engine alone), through runQuery (guard +
// fork + pipe, as `query` and `serve` run it) and through the executable.
//
//   store_bench [--papers N] [--work DIR] [--plugins a,b] [--keep] [--exe PAPERGRAPH]
//   store_bench --queries-only STORE     the query latencies of an existing store
//
// After the add, --replace N (default 20) of the stored papers are changed
// (a sentence appended to each file) and the build that replaces them is
// timed.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "store/query_runner.hpp"
#include "store/store.hpp"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Run {
  int status = -1;
  double seconds = 0;
  long max_rss_kb = 0;
};

// Runs a command line through /bin/sh, measuring wall time and peak RSS.
Run runMeasured(const std::string& command) {
  Run r;
  auto start = Clock::now();
  pid_t pid = fork();
  if (pid == 0) {
    execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  rusage ru{};
  wait4(pid, &status, 0, &ru);
  r.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  r.max_rss_kb = ru.ru_maxrss;
  return r;
}

uint64_t diskBytes(const fs::path& dir) {
  uint64_t n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir))
    if (e.is_regular_file()) n += e.file_size();
  return n;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Each example query's latency on a store: in process (the engine alone,
// median of 3), through runQuery (guard + fork + open + pipe, median of 3)
// and through the executable (once), with the engine that answered (the
// query index, or Rasqal and why).
bool measureQueries(const std::string& store, const fs::path& source, const std::string& exe) {
  auto snap = papergraph::StoreSnapshot::open(store);
  if (!snap.isOk()) {
    std::cerr << snap.status().message() << "\n";
    return false;
  }
  std::printf("%zu papers stored\n", (*snap)->papers().size());
  std::vector<fs::path> queries;
  for (const auto& e : fs::directory_iterator(source / "examples" / "queries"))
    if (e.path().extension() == ".rq") queries.push_back(e.path());
  std::sort(queries.begin(), queries.end());
  std::printf("%-40s %8s %12s %12s %10s  %s\n", "query", "rows", "engine ms", "runQuery ms", "CLI ms", "engine");
  for (const auto& q : queries) {
    std::string text = slurp(q);
    std::vector<double> engine, guarded;
    size_t rows = 0;
    std::string answered_by;
    for (int i = 0; i < 3; ++i) {
      auto t0 = Clock::now();
      auto r = (*snap)->query(text, papergraph::QueryLimits{});
      engine.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      if (!r.isOk()) {
        std::printf("%s: %s\n", q.filename().c_str(), r.status().message().c_str());
        break;
      }
      rows = r->rows.size();
      answered_by = r->engine;
      t0 = Clock::now();
      auto g = papergraph::runQuery(store, text, papergraph::QueryRunLimits{});
      guarded.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    }
    if (engine.empty() || guarded.empty()) continue;
    Run cli = runMeasured(exe + " query --store " + store + " " + q.string() + " >/dev/null");
    std::printf("%-40s %8zu %12.1f %12.1f %10.1f  %s\n", q.filename().c_str(), rows, median(engine),
                median(guarded), cli.seconds * 1000, answered_by.c_str());
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  size_t papers = 10000;
  fs::path work = fs::temp_directory_path() / "papergraph-store-bench";
  std::string plugins = "gazetteer,rules";
  bool keep = false;
  size_t replace = 20;
  std::string exe = PAPERGRAPH_EXE;
  std::string existing;  // --queries-only: measure this store's queries, build nothing
  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // each figure as soon as it is known
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--papers" && i + 1 < argc)
      papers = std::stoul(argv[++i]);
    else if (a == "--work" && i + 1 < argc)
      work = argv[++i];
    else if (a == "--plugins" && i + 1 < argc)
      plugins = argv[++i];
    else if (a == "--keep")
      keep = true;
    else if (a == "--replace" && i + 1 < argc)
      replace = std::stoul(argv[++i]);
    else if (a == "--exe" && i + 1 < argc)
      exe = argv[++i];
    else if (a == "--queries-only" && i + 1 < argc)
      existing = argv[++i];
    else {
      std::cerr << "usage: store_bench [--papers N] [--work DIR] [--plugins a,b] [--replace N] [--keep] [--exe PAPERGRAPH]"
                   " | --queries-only STORE\n";
      return 2;
    }
  }
  const fs::path source = PAPERGRAPH_SOURCE_DIR;
  const fs::path corpus = source / ".." / "shared" / "corpus" / "scirex-dev" / "papers";
  if (!existing.empty()) return measureQueries(existing, source, exe) ? 0 : 1;
  if (!fs::is_directory(corpus)) {
    std::cout << "store_bench: " << corpus << " is absent; skipped\n";
    return 0;
  }
  std::vector<fs::path> originals;
  for (const auto& e : fs::directory_iterator(corpus))
    if (e.path().extension() == ".md") originals.push_back(e.path());
  std::sort(originals.begin(), originals.end());

  fs::remove_all(work);
  fs::create_directories(work / "papers");
  fs::create_directories(work / "more");
  fs::create_directories(work / "changed");
  // Replicas with distinct ids: <id>-r<k>.md.
  for (size_t i = 0; i < papers + 100; ++i) {
    const fs::path& o = originals[i % originals.size()];
    fs::path dst = (i < papers ? work / "papers" : work / "more") /
                   (o.stem().string() + "-r" + std::to_string(i / originals.size()) + ".md");
    fs::create_symlink(o, dst);
  }
  std::string store = (work / "store").string();
  std::string common = exe + " -q --plugins " + plugins + " build --store " + store + " -j 2 ";

  Run build = runMeasured(common + (work / "papers").string());
  uint64_t disk = diskBytes(work / "store");
  std::printf("build %zu papers: %.1f s (exit %d), peak RSS %.0f MB, store on disk %.0f MB\n", papers, build.seconds,
              build.status, build.max_rss_kb / 1024.0, disk / 1048576.0);
  Run again = runMeasured(common + (work / "papers").string());
  std::printf("re-run, all unchanged: %.1f s\n", again.seconds);
  Run add = runMeasured(common + (work / "more").string());
  std::printf("incremental add of 100 papers: %.2f s (exit %d), peak RSS %.0f MB\n", add.seconds, add.status,
              add.max_rss_kb / 1024.0);
  // Changed papers: the first `replace` stored files, each with a sentence
  // appended (a real file instead of the symlink), built from their folder.
  size_t changed = 0;
  for (const auto& e : fs::directory_iterator(work / "papers")) {
    if (changed == replace) break;
    std::string text = slurp(fs::read_symlink(e.path())) + "\nWe also thank the reviewers.\n";
    fs::remove(e.path());
    std::ofstream(e.path(), std::ios::binary) << text;
    fs::create_symlink(e.path(), work / "changed" / e.path().filename());
    ++changed;
  }
  if (changed) {
    Run rep = runMeasured(common + (work / "changed").string());
    std::printf("replace %zu changed papers: %.2f s (%.2f s per paper, exit %d), peak RSS %.0f MB\n", changed,
                rep.seconds, rep.seconds / changed, rep.status, rep.max_rss_kb / 1024.0);
  }

  bool ok = measureQueries(store, source, exe);
  if (!keep) fs::remove_all(work);
  return ok ? 0 : 1;
}
