// Gazetteer benchmark: catalog load + compile time, scan throughput per core
// over ../shared/corpus/scirex-dev/papers/*.md, peak RSS. Prints figures.
//
//   gazetteer_bench [--once] [ONTOLOGY_DIR] [PAPERS_DIR]
//
// Defaults: $PAPERGRAPH_DATA_DIR or <source>/ontology, and
// <source>/../shared/corpus/scirex-dev/papers (skipped with a message when
// absent). Single-threaded: the figures are per core, in CPU time.
//
// --once loads the catalog once and scans every paper once, for counting
// instructions (figures on a shared machine vary; instruction counts do not):
//   valgrind --tool=callgrind --toggle-collect='*Gazetteer::find*' gazetteer_bench --once
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "catalog/fold.hpp"
#include "gazetteer.hpp"

#ifdef PG_BENCH_HYPERSCAN
#include <hs.h>
#endif

namespace fs = std::filesystem;
using papergraph::Catalog;
using namespace papergraph::gazetteer;
using Clock = std::chrono::steady_clock;

namespace {

double msSince(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

long peakRssKb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss;
}

std::vector<std::string> readPapers(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".md") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  std::vector<std::string> texts;
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    texts.push_back(s.str());
  }
  return texts;
}

// CPU time of this thread in seconds: figures per core stay meaningful on a
// busy machine, where wall time would count other processes' turns.
double cpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

// Runs f over all texts until at least a second of CPU time has passed;
// returns MB per CPU second.
template <class F>
double throughput(const std::vector<std::string>& texts, size_t bytes, F&& f) {
  const double t0 = cpuSeconds();
  size_t rounds = 0;
  do {
    for (const auto& t : texts) f(t);
    ++rounds;
  } while (cpuSeconds() - t0 < 1.0);
  return double(bytes) * rounds / 1e6 / (cpuSeconds() - t0);
}

}  // namespace

int main(int argc, char** argv) {
  const bool once = argc > 1 && std::string(argv[1]) == "--once";
  if (once) {
    --argc;
    ++argv;
  }
  std::string data_dir = argc > 1 ? argv[1] : "";
  if (data_dir.empty()) {
    const char* env = std::getenv("PAPERGRAPH_DATA_DIR");
    data_dir = env ? env : PAPERGRAPH_SOURCE_DIR "/ontology";
  }
  const fs::path papers = argc > 2 ? fs::path(argv[2])
                                   : fs::path(PAPERGRAPH_SOURCE_DIR) / "../shared/corpus/scirex-dev/papers";

  // Load + compile, best of five (the first run also pays for the page
  // cache), in CPU time of this thread.
  double best_load = 1e9, best_compile = 1e9, best_wall = 1e9;
  std::shared_ptr<const Gazetteer> g;
  for (int i = 0; i < (once ? 1 : 5); ++i) {
    const auto wall = Clock::now();
    double t0 = cpuSeconds();
    auto catalog = Catalog::loadBuiltin(data_dir);
    if (!catalog.isOk()) {
      std::fprintf(stderr, "gazetteer_bench: %s\n", catalog.status().toString().c_str());
      return 1;
    }
    const double load = (cpuSeconds() - t0) * 1000;
    t0 = cpuSeconds();
    g = Gazetteer::build(std::move(catalog).value(), Options{});
    best_compile = std::min(best_compile, (cpuSeconds() - t0) * 1000);
    best_load = std::min(best_load, load);
    best_wall = std::min(best_wall, msSince(wall));
  }
  std::printf("catalog: %zu datasets, %zu tasks, %zu names -> %zu keys, %zu states, %.1f MB tables\n",
              g->catalog().datasets().size(), g->catalog().tasks().size(), g->nameCount(),
              g->automaton().keyCount(), g->automaton().stateCount(), g->automaton().memoryBytes() / 1e6);
  std::printf("load %.1f ms + compile %.1f ms = %.1f ms CPU, %.1f ms wall (target < 200 ms)\n", best_load,
              best_compile, best_load + best_compile, best_wall);

  if (!fs::is_directory(papers)) {
    std::printf("scan: skipped, %s is absent\n", papers.string().c_str());
    std::printf("peak RSS: %.1f MB\n", peakRssKb() / 1024.0);
    return 0;
  }
  const auto texts = readPapers(papers);
  size_t bytes = 0;
  for (const auto& t : texts) bytes += t.size();
  std::printf("corpus: %zu papers, %.2f MB\n", texts.size(), bytes / 1e6);

  auto scratch = Gazetteer::makeScratch();
  std::vector<Found> found;
  size_t mentions = 0;
  for (const auto& t : texts) {
    g->find(t, nullptr, 0, *scratch, found);
    mentions += found.size();
  }
  if (once) {
    std::printf("scan once: %zu mentions\n", mentions);
    return 0;
  }
  const double full = throughput(texts, bytes, [&](const std::string& t) { g->find(t, nullptr, 0, *scratch, found); });
  std::printf("scan (fold + automaton + rules), 1 thread: %.0f MB/s, %zu mentions (target >= 200 MB/s)\n", full,
              mentions);
  // The same, best of 20 rounds over all papers: on a shared machine the
  // other processes' turns, and the caches they evict, land in some
  // rounds and rarely in all, so this figure varies less.
  double best_round = 1e9;
  for (int round = 0; round < 20; ++round) {
    const double t0 = cpuSeconds();
    for (const auto& t : texts) g->find(t, nullptr, 0, *scratch, found);
    best_round = std::min(best_round, cpuSeconds() - t0);
  }
  std::printf("scan, best of 20 rounds: %.0f MB/s\n", double(bytes) / 1e6 / best_round);

  // Folding alone (the first half of find()), and the folded text for Hyperscan.
  std::vector<std::string> folded;
  for (const auto& t : texts) {
    std::string f;
    papergraph::fold::foldText(t, [&](char c, size_t, uint8_t) { f += c; });
    folded.push_back(std::move(f));
  }
  size_t folded_bytes = 0;
  for (const auto& f : folded) folded_bytes += f.size();
  size_t sink = 0;
  std::string buffer;
  const double fold_only = throughput(texts, bytes, [&](const std::string& t) {
    buffer.clear();
    papergraph::fold::foldText(t, [&](char c, size_t, uint8_t) { buffer += c; });
    sink += buffer.size();
  });
  std::printf("  of which folding alone: %.0f MB/s\n", fold_only);

#ifdef PG_BENCH_HYPERSCAN
  {
    std::set<std::string> key_set;
    for (const auto& d : g->catalog().datasets())
      for (const auto& [n, amb] : Catalog::namesOf(d)) key_set.insert(papergraph::normalizeName(n));
    for (const auto& t : g->catalog().tasks())
      for (const auto& [n, amb] : Catalog::namesOf(t)) key_set.insert(papergraph::normalizeName(n));
    std::vector<std::string> keys;
    for (const auto& k : key_set)
      if (k.size() >= 2) keys.push_back(k);
    std::vector<const char*> exprs;
    std::vector<size_t> lens;
    std::vector<unsigned> flags(keys.size(), HS_FLAG_SINGLEMATCH * 0), ids(keys.size());
    for (size_t i = 0; i < keys.size(); ++i) {
      exprs.push_back(keys[i].data());
      lens.push_back(keys[i].size());
      ids[i] = unsigned(i);
    }
    hs_database_t* db = nullptr;
    hs_compile_error_t* err = nullptr;
    const auto t0 = Clock::now();
    if (hs_compile_lit_multi(exprs.data(), flags.data(), ids.data(), lens.data(), unsigned(keys.size()),
                             HS_MODE_BLOCK, nullptr, &db, &err) != HS_SUCCESS) {
      std::printf("hyperscan: compile failed: %s\n", err ? err->message : "?");
      hs_free_compile_error(err);
    } else {
      const double compile = msSince(t0);
      hs_scratch_t* hs_scratch = nullptr;
      hs_alloc_scratch(db, &hs_scratch);
      auto on_match = [](unsigned, unsigned long long, unsigned long long, unsigned, void* ctx) -> int {
        ++*static_cast<size_t*>(ctx);
        return 0;
      };
      const double hs = throughput(folded, folded_bytes, [&](const std::string& f) {
        hs_scan(db, f.data(), unsigned(f.size()), 0, hs_scratch, on_match, &sink);
      });
      std::printf("hyperscan on the same %zu keys over pre-folded text (no rules): compile %.1f ms, "
                  "scan %.0f MB/s of original text\n",
                  keys.size(), compile, hs * double(bytes) / double(folded_bytes));
      hs_free_scratch(hs_scratch);
      hs_free_database(db);
    }
  }
#endif
  std::printf("peak RSS: %.1f MB\n", peakRssKb() / 1024.0);
  return sink == 42 ? 1 : 0;  // keeps the loops from being optimised away
}
