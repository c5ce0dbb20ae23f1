// The trained sequence model: hashed feature weights per tag, tag
// transitions, a confidence calibration, and its versioned file format.
#pragma once

#include <cstdint>
#include <papergraph/status.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "decoder.hpp"
#include "features.hpp"

namespace papergraph::model {

// The model file format this code writes and the newest it reads. Bump it
// when the layout below changes; older readers then refuse the new files.
// 2: a word-cluster table after the header strings (format 1 files, which
// have none, still load).
inline constexpr uint32_t kModelFormatVersion = 2;
// The first eight bytes of every model file.
inline constexpr std::string_view kModelMagic = "PGSEQLM\n";

// Linear model over hashed features: score(token, tag) = sum of the weights
// of the token's features for that tag.
class SequenceModel {
 public:
  // An all-zero model with 2^hash_bits feature rows (hash_bits in 8..24).
  explicit SequenceModel(uint32_t hash_bits = 20);

  uint32_t hashBits() const { return hash_bits_; }
  size_t rows() const { return size_t{1} << hash_bits_; }
  // The kNumTags weights of feature id (id < rows()).
  float* row(uint32_t id) { return &weights_[size_t{id} * kNumTags]; }
  const float* row(uint32_t id) const { return &weights_[size_t{id} * kNumTags]; }
  Transitions& transitions() { return transitions_; }
  const Transitions& transitions() const { return transitions_; }

  // Emission scores of a sentence: out[t * kNumTags + tag].
  void emissions(const FeatureRows& rows, std::vector<float>& out) const;

  // Confidence of a span whose smallest max-marginal margin is m:
  // 1 / (1 + exp(-(a * m + b))).
  float confidence(float margin) const;
  void setCalibration(float a, float b) { calib_a_ = a, calib_b_ = b; }
  float calibrationA() const { return calib_a_; }
  float calibrationB() const { return calib_b_; }

  // Decoding settings stored with the weights. o_bias is subtracted from
  // every token's O score before decoding (> 0 trades precision for
  // recall); with propagate, a name tagged once in a document is tagged at
  // its other occurrences too.
  float o_bias = 0;
  bool propagate = false;
  // The MatchSource bits the model was trained with: the plugin must run
  // those matchers and pass their spans to tagDocument().
  uint32_t matchers = 0;

  // The word clusters its features used (empty: none).
  WordClusters clusters;

  // Free-text provenance written into the file: a short version tag that
  // goes into every mention ("scirex-dev-203.s1") and what it was trained on.
  std::string version;
  std::string description;

  // Writes the model (non-zero rows only, weights as 16-bit integers with
  // one scale). Fails with an I/O status naming the path.
  Status save(const std::string& path) const;
  // Reads a model file. Refuses, with a message naming the file: a missing
  // or unreadable file, wrong magic, a format version newer than
  // kModelFormatVersion, a checksum mismatch or truncation (corrupt), a
  // damaged cluster table, and a model built for another feature set
  // (feature set 2 files load: set 3 without clusters computes the same).
  static StatusOr<SequenceModel> load(const std::string& path);
  // The same from bytes already in memory; name is used in messages.
  static StatusOr<SequenceModel> parse(std::string_view bytes, const std::string& name);

 private:
  uint32_t hash_bits_;
  std::vector<float> weights_;
  Transitions transitions_;
  float calib_a_ = 1.0f;
  float calib_b_ = 0.0f;
};

}  // namespace papergraph::model
