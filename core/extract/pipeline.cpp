#include "extract/pipeline.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include "merge/merge.hpp"
#include "read/reader.hpp"

namespace papergraph {

StatusOr<std::unique_ptr<Pipeline>> Pipeline::create(const std::vector<std::shared_ptr<LoadedPlugin>>& plugins,
                                                     const PipelineOptions& options,
                                                     std::vector<Status>* refused) {
  unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  std::unique_ptr<Pipeline> p(new Pipeline());
  p->workers_.resize(jobs);
  for (const auto& plugin : plugins) {
    const auto& name = plugin->info().name;
    // The plugin's own settings, else the defaults every plugin gets ("*").
    auto cfg_it = options.configs.find(name);
    if (cfg_it == options.configs.end()) cfg_it = options.configs.find("*");
    std::string cfg = configJson(cfg_it == options.configs.end() ? std::map<std::string, std::string>{}
                                                                  : cfg_it->second);
    std::vector<std::unique_ptr<PluginInstance>> made;
    Status failure;
    for (unsigned w = 0; w < jobs; ++w) {
      auto inst = plugin->instantiate(cfg, options.log);
      if (!inst.isOk()) {
        failure = inst.status();
        break;
      }
      made.push_back(std::move(inst).value());
    }
    if (!failure.isOk()) {
      if (refused) refused->push_back(failure);
      continue;
    }
    for (unsigned w = 0; w < jobs; ++w) p->workers_[w].instances.push_back(std::move(made[w]));
    p->infos_.push_back(plugin->info());
  }
  if (p->infos_.empty()) return Status(StatusCode::kPluginError, "no extractor plugin could be started");
  return p;
}

Pipeline::~Pipeline() = default;

PaperResult Pipeline::process(Worker& w, Paper paper, std::vector<Status>* errors) {
  std::vector<Mention> mentions;
  std::vector<std::string> plugin_errors;
  for (auto& inst : w.instances) {
    size_t dropped = 0;
    Status s = inst->extract(paper, mentions, &dropped);
    if (!s.isOk()) {
      plugin_errors.push_back(s.message());
      if (errors) errors->push_back(s);
    }
    if (dropped) {
      std::string msg = paper.source + ": plugin '" + inst->info().name + "' emitted " + std::to_string(dropped) +
                        " invalid mention(s) (span outside the text or inside a UTF-8 character); dropped";
      plugin_errors.push_back(msg);
      if (errors) errors->push_back(Status(StatusCode::kPluginError, msg));
    }
  }
  PaperResult r = mergeMentions(std::move(paper), std::move(mentions));
  r.plugin_errors = std::move(plugin_errors);
  return r;
}

PaperResult Pipeline::extractPaper(Paper paper, std::vector<Status>* errors) {
  return process(workers_.front(), std::move(paper), errors);
}

void Pipeline::run(const std::vector<std::string>& files, const std::function<void(FileOutcome&)>& on_file,
                   const std::function<void(size_t, size_t)>& progress) {
  std::atomic<size_t> next{0};
  std::mutex mu;
  std::map<size_t, FileOutcome> pending;  // finished, waiting for earlier files
  size_t next_to_emit = 0, done = 0;

  auto work = [&](Worker& w) {
    for (;;) {
      size_t i = next.fetch_add(1);
      if (i >= files.size()) return;
      FileOutcome out;
      out.index = i;
      out.path = files[i];
      // A bug or an exhausted resource in one file (std::bad_alloc, a
      // reader that throws despite its contract) fails that file only.
      try {
        readPaperFile(files[i], [&](StatusOr<Paper> paper) {
          if (!paper.isOk()) {
            out.errors.push_back(paper.status());
            return;
          }
          out.papers.push_back(process(w, std::move(paper).value(), &out.errors));
        });
      } catch (const std::exception& e) {
        out.papers.clear();
        out.errors.push_back(Status(StatusCode::kInternal, files[i] + ": " + e.what()));
      }
      std::lock_guard<std::mutex> lock(mu);
      pending.emplace(i, std::move(out));
      ++done;
      // Emit in input order; whoever completes a gap emits it.
      while (!pending.empty() && pending.begin()->first == next_to_emit) {
        on_file(pending.begin()->second);
        pending.erase(pending.begin());
        ++next_to_emit;
      }
      if (progress) progress(done, files.size());
    }
  };
  if (workers_.size() == 1 || files.size() <= 1) {
    work(workers_.front());
    return;
  }
  std::vector<std::thread> threads;
  for (auto& w : workers_) threads.emplace_back(work, std::ref(w));
  for (auto& t : threads) t.join();
}

}  // namespace papergraph
