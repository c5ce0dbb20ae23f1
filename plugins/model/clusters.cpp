#include "clusters.hpp"

namespace papergraph::model {

bool WordClusters::add(std::string word, const ClusterIds& ids) {
  if (word.empty() || word.size() > kMaxWordBytes) return false;
  for (size_t l = 0; l < kClusterLevels; ++l) {
    if (ids[l] >= sizes_[l]) return false;
  }
  if (!index_.emplace(word, static_cast<uint32_t>(words_.size())).second) return false;
  words_.push_back(std::move(word));
  ids_.push_back(ids);
  return true;
}

const ClusterIds* WordClusters::find(std::string_view lower) const {
  auto it = index_.find(lower);
  return it == index_.end() ? nullptr : &ids_[it->second];
}

}  // namespace papergraph::model
