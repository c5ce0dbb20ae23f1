// Word clusters learned from unlabelled text: every known lower-case word
// form has a cluster id at a few granularities (coarse to fine, each coarse
// cluster a union of fine ones). They ship inside the model file and give
// the tagger features that generalise past the words seen in training.
#pragma once

#include <array>
#include <functional>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace papergraph::model {

// The number of granularities every word has a cluster id at.
inline constexpr size_t kClusterLevels = 2;

// A word's cluster ids, coarsest first.
using ClusterIds = std::array<uint16_t, kClusterLevels>;

// The table: lower-case word form -> cluster ids. Empty when a model uses
// no clusters.
class WordClusters {
 public:
  // Words are 1 to kMaxWordBytes bytes long (the model file stores the
  // length in a byte).
  static constexpr size_t kMaxWordBytes = 255;
  // Adds a word with its ids; false (and nothing added) when the word is
  // already in the table, empty or too long, or an id is not below its
  // level's cluster count.
  bool add(std::string word, const ClusterIds& ids);
  // The ids of a lower-case word form, or nullptr when it is not known.
  const ClusterIds* find(std::string_view lower) const;

  // How many clusters each level has (ids are below these); set before add().
  void setSizes(const ClusterIds& sizes) { sizes_ = sizes; }
  const ClusterIds& sizes() const { return sizes_; }
  bool empty() const { return words_.empty(); }
  size_t size() const { return words_.size(); }
  // Words and ids in the order they were added.
  const std::string& word(size_t i) const { return words_[i]; }
  const ClusterIds& ids(size_t i) const { return ids_[i]; }

 private:
  ClusterIds sizes_ = {};
  std::vector<std::string> words_;
  std::vector<ClusterIds> ids_;
  // Transparent hashing: find() looks up a string_view without a copy.
  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> index_;
};

}  // namespace papergraph::model
