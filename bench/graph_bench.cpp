// graph_bench RECORDS_DIR N [FORMAT] [ONTOLOGY_DIR] [OUT]: builds the
// knowledge graph from N papers (the records in RECORDS_DIR replicated with
// distinct ids, as `papergraph extract` wrote them) and exports it (Turtle
// by default) to OUT the way `papergraph graph -o` does (streamed through a
// temporary file; OUT defaults to a file in the temporary folder, removed
// afterwards). Prints build time, export time, bytes written and peak RSS
// after the build and at the end.
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "graph/graph.hpp"
#include "json/record.hpp"
#include "rdf/rdf_export.hpp"
#include "resolve/resolve.hpp"

namespace fs = std::filesystem;
using namespace papergraph;

int main(int argc, char** argv) {
  if (argc < 3) {
    std::cerr << "usage: graph_bench RECORDS_DIR N [turtle|ntriples|nquads|rdfxml] [ONTOLOGY_DIR] [OUT]\n";
    return 2;
  }
  const size_t n = std::stoul(argv[2]);
  const auto format = rdfFormatFromName(argc > 3 ? argv[3] : "turtle");
  if (!format) return 2;
  std::shared_ptr<const Catalog> catalog;
  if (argc > 4) {
    auto c = Catalog::loadBuiltin(argv[4]);
    if (!c.isOk()) {
      std::cerr << c.status().message() << "\n";
      return 1;
    }
    catalog = *c;
  }
  std::vector<PaperResult> records;
  std::vector<fs::path> files;
  for (const auto& f : fs::directory_iterator(argv[1]))
    if (f.path().extension() == ".json") files.push_back(f.path());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto r = parseRecord(text, f.string());
    if (r.isOk()) records.push_back(std::move(*r));
  }
  if (records.empty()) {
    std::cerr << "no records in " << argv[1] << "\n";
    return 1;
  }
  size_t mentions = 0;
  for (const auto& r : records)
    for (const auto& e : r.entities) mentions += e.mentions.size();
  std::cerr << records.size() << " records, " << mentions / records.size() << " mentions per paper\n";

  using clock = std::chrono::steady_clock;
  auto t0 = clock::now();
  Resolver resolver(ResolveOptions{kDefaultBaseIri, catalog});
  KnowledgeGraph graph(GraphOptions{kDefaultBaseIri, catalog});
  for (size_t i = 0; i < n; ++i) {
    PaperResult p = records[i % records.size()];
    p.paper.id += "-" + std::to_string(i);
    graph.addPaper(p, resolver.sameAsLinks(p));
  }
  auto t1 = clock::now();
  auto peakMb = [] {
    struct rusage ru {};
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss / 1024.0;
  };
  const double build_peak = peakMb();
  const bool keep = argc > 5;
  const fs::path out = keep ? fs::path(argv[5])
                            : fs::temp_directory_path() / ("graph_bench." + std::to_string(::getpid()) + ".out");
  Status s = writeRdfFile(graph, *format, out.string());
  auto t2 = clock::now();
  if (!s.isOk()) {
    std::cerr << s.message() << "\n";
    return 1;
  }
  const auto bytes = fs::file_size(out);
  if (!keep) fs::remove(out);
  auto secs = [](auto a, auto b) { return std::chrono::duration<double>(b - a).count(); };
  std::printf("papers %zu  nodes %zu  edges %zu  build %.2f s  export %.2f s  output %.1f MB  "
              "peak RSS after build %.0f MB, at end %.0f MB\n",
              n, graph.nodeCount(), graph.edgeCount(), secs(t0, t1), secs(t1, t2), bytes / 1e6, build_peak, peakMb());
  return 0;
}
