// Throughput of the rule plugin on one core: every paper of
// ../shared/corpus/scirex-dev/papers through create/extract/destroy of the
// plugin descriptor, repeated until at least two CPU seconds have passed.
// Prints MB/s per core. Skips (exit 0) when the corpus is absent.
//
//   rules_bench [PAPERS_DIR] [DATA_DIR]
#include <ctime>
#include <cstdio>
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

}  // namespace

int main(int argc, char** argv) {
  fs::path source = PAPERGRAPH_SOURCE_DIR;
  fs::path papers = argc > 1 ? fs::path(argv[1]) : source / ".." / "shared" / "corpus" / "scirex-dev" / "papers";
  fs::path data = argc > 2 ? fs::path(argv[2]) : source / "ontology";
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
  if (plugin->create(config.c_str(), &state, err, sizeof err) != PG_OK) {
    std::fprintf(stderr, "rules_bench: %s\n", err);
    return 1;
  }
  Counter counter;
  pg_sink sink{&counter, &emit, nullptr};
  // CPU time of this thread: "per core" even on a busy machine.
  auto cpu = [] {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
  };
  size_t rounds = 0, processed = 0;
  const double t0 = cpu();
  double seconds = 0;
  do {
    for (const std::string& t : texts) {
      pg_paper paper{};
      paper.id = "bench";
      paper.title = "";
      paper.text = t.data();
      paper.text_len = t.size();
      if (plugin->extract(state, &paper, &sink, err, sizeof err) != PG_OK) {
        std::fprintf(stderr, "rules_bench: %s\n", err);
        plugin->destroy(state);
        return 1;
      }
    }
    ++rounds;
    processed += bytes;
    seconds = cpu() - t0;
  } while (seconds < 2.0);
  plugin->destroy(state);
  std::printf("rules_bench: %zu papers, %.2f MB, %zu rounds, %.2f s CPU, %zu mentions/round\n",
              texts.size(), double(bytes) / 1e6, rounds, seconds, counter.mentions / rounds);
  std::printf("rules_bench: %.1f MB/s per core\n", double(processed) / 1e6 / seconds);
  return 0;
}
