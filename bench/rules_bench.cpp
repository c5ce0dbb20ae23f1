// Throughput of the rule plugin on one core: every paper of
// ../shared/corpus/scirex-dev/papers through create/extract/destroy of the
// plugin descriptor, repeated until at least two CPU seconds have passed.
// Prints the time of the first create() (loads and compiles the rules), of
// a second create() while the first state lives (what each further worker
// thread pays), MB/s per core and peak memory. Skips (exit 0) when the
// corpus is absent.
//
//   rules_bench [--once | --rounds N] [--warmup] [PAPERS_DIR] [DATA_DIR]
//
// --once runs one round only, --rounds N exactly N rounds; --warmup runs one
// unmeasured round first (RE2 builds its DFAs lazily, so a first round costs
// more). For valgrind --tool=callgrind: --once, or --warmup --once with
// --toggle-collect='*measuredRound*' for the steady cost of one round.
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "rules_plugin.hpp"

namespace fs = std::filesystem;

namespace {

struct Counter {
  size_t mentions = 0;
};

void emit(void* ctx, const pg_mention*) { ++static_cast<Counter*>(ctx)->mentions; }

// CPU time of this thread: "per core" even on a busy machine.
double cpu() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

// Every paper through extract() once; false (err filled) on a failure.
bool oneRound(const pg_plugin* plugin, void* state, const std::vector<std::string>& texts, const pg_sink& sink,
           char* err, size_t errSize) {
  for (const std::string& t : texts) {
    pg_paper paper{};
    paper.id = "bench";
    paper.title = "";
    paper.text = t.data();
    paper.text_len = t.size();
    if (plugin->extract(state, &paper, &sink, err, errSize) != PG_OK) return false;
  }
  return true;
}

// Two names for oneRound(), so that callgrind --toggle-collect=measuredRound
// counts the measured rounds only.
[[gnu::noipa]] bool warmupRound(const pg_plugin* plugin, void* state, const std::vector<std::string>& texts,
                                   const pg_sink& sink, char* err, size_t errSize) {
  return oneRound(plugin, state, texts, sink, err, errSize);
}
[[gnu::noipa]] bool measuredRound(const pg_plugin* plugin, void* state, const std::vector<std::string>& texts,
                                     const pg_sink& sink, char* err, size_t errSize) {
  return oneRound(plugin, state, texts, sink, err, errSize);
}

}  // namespace

int main(int argc, char** argv) {
  size_t fixedRounds = 0;  // 0: as many as two CPU seconds take
  bool warmup = false;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--once") == 0) {
      fixedRounds = 1;
    } else if (std::strcmp(argv[i], "--warmup") == 0) {
      warmup = true;
    } else if (std::strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
      fixedRounds = std::strtoul(argv[++i], nullptr, 10);
      if (fixedRounds == 0) {
        std::fprintf(stderr, "rules_bench: --rounds takes a positive number\n");
        return 2;
      }
    } else {
      args.emplace_back(argv[i]);
    }
  }
  fs::path source = PAPERGRAPH_SOURCE_DIR;
  fs::path papers = args.size() > 0 ? fs::path(args[0]) : source / ".." / "shared" / "corpus" / "scirex-dev" / "papers";
  fs::path data = args.size() > 1 ? fs::path(args[1]) : source / "ontology";
  if (!fs::is_directory(papers)) {
    std::printf("rules_bench: %s is absent; skipped\n", papers.c_str());
    return 0;
  }
  std::vector<std::string> texts;
  size_t bytes = 0;
  for (const auto& e : fs::directory_iterator(papers)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream buf;
    buf << in.rdbuf();
    texts.push_back(buf.str());
    bytes += texts.back().size();
  }

  const pg_plugin* plugin = papergraph_plugin_rules();
  std::string config = "{\"data_dir\":\"" + data.string() + "\"}";
  char err[512] = "";
  void* state = nullptr;
  void* second = nullptr;
  double c0 = cpu();
  if (plugin->create(config.c_str(), &state, err, sizeof err) != PG_OK) {
    std::fprintf(stderr, "rules_bench: %s\n", err);
    return 1;
  }
  double c1 = cpu();
  if (plugin->create(config.c_str(), &second, err, sizeof err) != PG_OK) {
    std::fprintf(stderr, "rules_bench: %s\n", err);
    plugin->destroy(state);
    return 1;
  }
  double c2 = cpu();
  plugin->destroy(second);
  std::printf("rules_bench: first create %.1f ms CPU, second create (first alive) %.2f ms CPU\n",
              (c1 - c0) * 1e3, (c2 - c1) * 1e3);

  Counter counter;
  pg_sink sink{&counter, &emit, nullptr};
  if (warmup) {
    if (!warmupRound(plugin, state, texts, sink, err, sizeof err)) {
      std::fprintf(stderr, "rules_bench: %s\n", err);
      plugin->destroy(state);
      return 1;
    }
    counter.mentions = 0;
  }
  size_t rounds = 0, processed = 0;
  const double t0 = cpu();
  double seconds = 0;
  do {
    if (!measuredRound(plugin, state, texts, sink, err, sizeof err)) {
      std::fprintf(stderr, "rules_bench: %s\n", err);
      plugin->destroy(state);
      return 1;
    }
    ++rounds;
    processed += bytes;
    seconds = cpu() - t0;
  } while (fixedRounds ? rounds < fixedRounds : seconds < 2.0);
  plugin->destroy(state);
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("rules_bench: %zu papers, %.2f MB, %zu rounds, %.2f s CPU, %zu mentions/round\n",
              texts.size(), double(bytes) / 1e6, rounds, seconds, counter.mentions / rounds);
  std::printf("rules_bench: %.1f MB/s per core, peak RSS %.1f MB\n", double(processed) / 1e6 / seconds,
              double(ru.ru_maxrss) / 1024.0);
  return 0;
}
