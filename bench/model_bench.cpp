// Model plugin figures: model load time, inference throughput per core over
// the dev papers, peak memory. A model with match features runs its
// matchers (gazetteer, rules) as the plugin does: their start-up counts in
// the load time, their work in the throughput.
//
//   model_bench [MODEL_FILE] [PAPERS_DIR]
//
// Defaults: ontology/models/model.pgm and ../shared/corpus/scirex-dev/papers
// (skipped with a message when absent). One thread: MB/s is per core.
#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "matchers.hpp"
#include "tagger.hpp"

namespace fs = std::filesystem;
using papergraph::model::SequenceModel;

namespace {

double seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// CPU time of this thread: on a shared machine, wall time also counts other
// processes' turns, CPU time only ours.
double threadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + ts.tv_nsec * 1e-9;
}

double peakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024.0;
}

}  // namespace

int main(int argc, char** argv) {
  const fs::path source = PAPERGRAPH_SOURCE_DIR;
  const std::string model_path = argc > 1 ? argv[1] : (source / "ontology/models/model.pgm").string();
  const fs::path papers = argc > 2 ? fs::path(argv[2]) : source / "../shared/corpus/scirex-dev/papers";

  const double rss_before = peakRssMb();
  auto t0 = std::chrono::steady_clock::now();
  papergraph::StatusOr<SequenceModel> model = SequenceModel::load(model_path);
  if (!model.isOk()) {
    std::fprintf(stderr, "model_bench: %s\n", model.status().message().c_str());
    return 1;
  }
  const double model_load_s = seconds(t0);
  std::unique_ptr<papergraph::model::Matchers> matchers;
  if (model->matchers) {
    const papergraph::model::Matchers::Config config{{"data_dir", (source / "ontology").string()}};
    auto m = papergraph::model::Matchers::create(model->matchers, config, config);
    if (!m.isOk()) {
      std::fprintf(stderr, "model_bench: %s\n", m.status().message().c_str());
      return 1;
    }
    matchers = std::move(m).value();
  }
  const double load_s = seconds(t0);
  std::printf("model            %s (%s)\n", model_path.c_str(), model->version.c_str());
  std::printf("model file       %.2f MB\n", fs::file_size(model_path) / 1e6);
  std::printf("load time        %.3f s (target < 1 s; model file %.3f s, matchers %.3f s)\n", load_s, model_load_s,
              load_s - model_load_s);
  std::printf("peak RSS loaded  %.1f MB (%.1f MB before loading)\n", peakRssMb(), rss_before);

  if (!fs::is_directory(papers)) {
    std::printf("inference        skipped: %s is absent (../shared is not in a fresh clone)\n", papers.c_str());
    return 0;
  }
  std::vector<std::string> texts;
  size_t bytes = 0;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(papers)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const fs::path& p : files) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    texts.push_back(ss.str());
    bytes += texts.back().size();
  }
  size_t datasets = 0, tasks = 0;
  double best = 1e30, best_cpu = 1e30;
  for (int round = 0; round < 3; ++round) {  // best of three, one thread
    datasets = tasks = 0;
    t0 = std::chrono::steady_clock::now();
    const double cpu0 = threadCpuSeconds();
    std::vector<papergraph::model::MatchSpan> matches;
    for (const std::string& text : texts) {
      if (matchers) {
        papergraph::Status st = matchers->find(papergraph::model::plainPaper("bench", text), matches);
        if (!st.isOk()) {
          std::fprintf(stderr, "model_bench: %s\n", st.message().c_str());
          return 1;
        }
      }
      for (const auto& f : papergraph::model::tagDocument(*model, text, {}, matches)) {
        (f.kind == papergraph::model::EntityKind::kDataset ? datasets : tasks)++;
      }
    }
    best = std::min(best, seconds(t0));
    best_cpu = std::min(best_cpu, threadCpuSeconds() - cpu0);
  }
  std::printf("papers           %zu, %.2f MB\n", texts.size(), bytes / 1e6);
  std::printf("mentions         %zu datasets, %zu tasks\n", datasets, tasks);
  std::printf("inference        %.3f s CPU, %.2f MB/s per core (target >= 5 MB/s per core)\n", best_cpu,
              bytes / 1e6 / best_cpu);
  std::printf("inference wall   %.3f s, %.2f MB/s (includes waiting for the CPU on a busy machine)\n", best,
              bytes / 1e6 / best);
  std::printf("peak RSS         %.1f MB\n", peakRssMb());
  return 0;
}
