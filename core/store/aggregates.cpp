#include "store/aggregates.hpp"

#include "store/store.hpp"

namespace papergraph {

bool UsageAggregates::counts(const std::string& predicate) {
  return predicate == kUsesDataFrom || predicate == kAddressesTask;
}

void UsageAggregates::bump(const Key& key, int64_t by) {
  auto it = counts_.try_emplace(key, 0).first;
  it->second += by;
  if (it->second == 0) counts_.erase(it);
  touched_.insert(key);
}

// Adds (sign +1) or takes away (-1) what one subject contributes: each
// dataset it uses, each (dataset, task) and each pair of datasets.
void UsageAggregates::contribute(const Subject& s, int sign) {
  for (auto a = s.datasets.begin(); a != s.datasets.end(); ++a) {
    bump({Kind::kDataset, a->first, ""}, sign);
    for (const auto& [task, _] : s.tasks) bump({Kind::kDatasetTask, a->first, task}, sign);
    for (auto b = std::next(a); b != s.datasets.end(); ++b) bump({Kind::kDatasetPair, a->first, b->first}, sign);
  }
}

bool UsageAggregates::count(const std::string& subject, const std::string& predicate, const std::string& object,
                            int delta) {
  if (!counts(predicate)) return false;
  Subject& s = subjects_[subject];
  auto& objects = predicate == kUsesDataFrom ? s.datasets : s.tasks;
  auto it = objects.find(object);
  uint32_t before = it == objects.end() ? 0 : it->second;
  int64_t after = static_cast<int64_t>(before) + delta;
  if (after < 0) after = 0;
  if ((before == 0) == (after == 0)) {  // the subject's sets stay as they are
    if (it != objects.end()) it->second = static_cast<uint32_t>(after);
    return true;
  }
  contribute(s, -1);
  if (after == 0)
    objects.erase(it);
  else
    objects[object] = static_cast<uint32_t>(after);
  contribute(s, +1);
  if (s.datasets.empty() && s.tasks.empty()) subjects_.erase(subject);
  return true;
}

std::vector<UsageAggregates::Change> UsageAggregates::changes() const {
  std::vector<Change> out;
  for (const Key& k : touched_) {
    auto now = counts_.find(k);
    auto stored = stored_.find(k);
    int64_t n = now == counts_.end() ? 0 : now->second;
    int64_t s = stored == stored_.end() ? 0 : stored->second;
    if (n != s) out.push_back({k, s, n});
  }
  return out;
}

void UsageAggregates::markStored() {
  for (const Key& k : touched_) {
    auto now = counts_.find(k);
    if (now == counts_.end())
      stored_.erase(k);
    else
      stored_[k] = now->second;
  }
  touched_.clear();
}

void UsageAggregates::forgetStored() {
  stored_.clear();
  for (const auto& [k, _] : counts_) touched_.insert(k);
}

std::string UsageAggregates::nodeIri(const Key& key) {
  switch (key.kind) {
    case Kind::kDataset:
      return key.a;
    case Kind::kDatasetTask:
      return "urn:papergraph:store:usage:" + contentHash(key.a + '\n' + key.b);
    case Kind::kDatasetPair:
      return "urn:papergraph:store:pair:" + contentHash(key.a + '\n' + key.b);
  }
  return key.a;
}

}  // namespace papergraph
