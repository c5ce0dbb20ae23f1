// The extraction pipeline: read each input file, run every selected plugin
// on each paper (one plugin state per worker thread), merge the mentions.
// Results come back in input order whatever the number of workers, so -j N
// and -j 1 give the same output.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "merge/paper_result.hpp"
#include "papergraph/status.hpp"
#include "plugin/host.hpp"

namespace papergraph {

// What happened to one input file.
struct FileOutcome {
  size_t index = 0;   // position in the input list
  std::string path;
  std::vector<PaperResult> papers;  // every paper read from the file
  std::vector<Status> errors;       // read errors and plugin failures
};

// Settings of a run.
struct PipelineOptions {
  unsigned jobs = 0;  // worker threads; 0 = all cores
  PluginConfigs configs;  // per plugin name
  PluginLogFn log;        // plugin log lines
};

class Pipeline {
 public:
  // Instantiates every plugin once per worker. A plugin whose create() fails
  // is refused: its Status lands in *refused and the run goes on without it.
  // Fails when no plugin is left.
  static StatusOr<std::unique_ptr<Pipeline>> create(const std::vector<std::shared_ptr<LoadedPlugin>>& plugins,
                                                    const PipelineOptions& options, std::vector<Status>* refused);
  ~Pipeline();

  // Reads and extracts one paper already in memory (used by tests and the
  // graph builder); worker 0's plugin states are used.
  PaperResult extractPaper(Paper paper, std::vector<Status>* errors);

  // Processes files; on_file is called once per file, in input order, never
  // concurrently. progress(done, total) is called after each file.
  void run(const std::vector<std::string>& files, const std::function<void(FileOutcome&)>& on_file,
           const std::function<void(size_t, size_t)>& progress = {});

  // The plugins that are running.
  const std::vector<PluginInfo>& plugins() const { return infos_; }
  unsigned jobs() const { return static_cast<unsigned>(workers_.size()); }

 private:
  struct Worker {
    std::vector<std::unique_ptr<PluginInstance>> instances;
  };
  Pipeline() = default;
  PaperResult process(Worker& w, Paper paper, std::vector<Status>* errors);
  std::vector<Worker> workers_;
  std::vector<PluginInfo> infos_;
};

}  // namespace papergraph
