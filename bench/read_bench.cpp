// Reader throughput: MB/s and papers/s per format on the shared data (TEI on
// the 334-paper DataSeer corpus, PDF/JATS/S2ORC on the samples, Markdown on
// SciREX), with the process's peak RSS after each format. Files are loaded
// into memory first, so the figures are parsing only.
//
//   read_bench [shared_dir]      (default: PAPERGRAPH_SOURCE_DIR/../shared)
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "read/reader.hpp"

namespace fs = std::filesystem;
using papergraph::Paper;
using papergraph::StatusOr;

namespace {

struct Input {
  std::string path, bytes;
};

std::vector<Input> load(const fs::path& dir, std::string_view suffix, size_t limit = SIZE_MAX) {
  std::vector<Input> out;
  if (!fs::exists(dir)) return out;
  std::vector<fs::path> paths;
  for (const auto& f : fs::directory_iterator(dir))
    if (f.path().string().ends_with(suffix)) paths.push_back(f.path());
  std::sort(paths.begin(), paths.end());
  for (const auto& p : paths) {
    if (out.size() >= limit) break;
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    out.push_back({p.string(), ss.str()});
  }
  return out;
}

long peakRssMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

void bench(const char* name, const std::vector<Input>& inputs, int repeats) {
  if (inputs.empty()) {
    std::printf("%-9s (no input files)\n", name);
    return;
  }
  size_t bytes = 0, papers = 0, errors = 0, entries = 0, markers = 0;
  auto t0 = std::chrono::steady_clock::now();
  for (int r = 0; r < repeats; ++r) {
    for (const auto& in : inputs) {
      bytes += in.bytes.size();
      const papergraph::Reader* reader = papergraph::findReader(in.path, std::string_view(in.bytes).substr(0, 4096));
      if (!reader) {
        ++errors;
        continue;
      }
      reader->read(in.path, in.bytes, [&](StatusOr<Paper> p) {
        if (!p.isOk()) return (void)++errors;
        ++papers;
        entries += p->bibliography.size();
        markers += p->citations.size();
      });
    }
  }
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf(
      "%-9s %4zu files x%-3d %8.1f MB/s %9.1f papers/s  %7.1f ms/paper  errors %zu  bib/paper %.1f  "
      "markers/paper %.1f  peak RSS %ld MB\n",
      name, inputs.size(), repeats, bytes / s / 1e6, papers / s, papers ? 1000 * s / papers : 0.0, errors,
      papers ? double(entries) / papers : 0.0, papers ? double(markers) / papers : 0.0, peakRssMb());
}

}  // namespace

int main(int argc, char** argv) {
  fs::path shared = argc > 1 ? fs::path(argv[1]) : fs::path(PAPERGRAPH_SOURCE_DIR) / ".." / "shared";
  if (!fs::exists(shared / "samples")) {
    std::fprintf(stderr, "read_bench: %s has no samples/; pass the shared folder\n", shared.c_str());
    return 2;
  }
  std::printf("read_bench on %s\n", shared.c_str());
  bench("markdown", load(shared / "corpus" / "scirex-dev" / "papers", ".md"), 3);
  bench("s2orc", load(shared / "samples" / "s2orc", ".json"), 20);
  bench("jats", load(shared / "samples" / "jats", "xml"), 20);
  bench("tei", load(shared / "corpus" / "tei-dataseer", ".tei.xml"), 2);
  bench("pdf", load(shared / "samples" / "pdf", ".pdf"), 3);
  return 0;
}
