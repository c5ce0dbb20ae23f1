// Learning word clusters from unlabelled text: each frequent word form is
// described by the words around it (positive pointwise mutual information
// with the most frequent words at offsets -2, -1, +1, +2), and spherical
// k-means groups those descriptions at every granularity of ClusterIds.
#pragma once

#include <cstdint>
#include <functional>
#include <papergraph/status.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "../clusters.hpp"

namespace papergraph::model {

// How to cluster.
struct ClusterOptions {
  uint32_t seed = 1;                      // picks the initial centres; same seed and text, same table
  uint32_t min_count = 5;                 // words seen fewer times get no cluster
  uint32_t contexts = 2000;               // how many of the most frequent words describe the others
  ClusterIds sizes = {256, 1024};         // clusters per level, coarse to fine
  int iterations = 12;                    // k-means passes per level
  std::function<void(const std::string&)> progress;  // progress lines, may be empty
};

// Clusters the lower-case word forms of texts (tokenised like the tagger
// does). Deterministic for fixed options and texts in a fixed order.
// Fails when the texts hold fewer distinct frequent words than the finest
// level has clusters, or a size is 0 or above 65535.
StatusOr<WordClusters> learnClusters(const std::vector<std::string_view>& texts, const ClusterOptions& options);

}  // namespace papergraph::model
