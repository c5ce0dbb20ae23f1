// Viterbi decoding and max-marginals over a linear chain of BIO tags.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "labels.hpp"

namespace papergraph::model {

// Transition scores: row kNumTags is the sentence start, rows 0..kNumTags-1
// the previous tag; column is the next tag. Forbidden transitions
// (allowedTransition false) are never taken, whatever their score.
struct Transitions {
  float score[kNumTags + 1][kNumTags] = {};
};

// The best tag sequence for n tokens with emission scores emit[t * kNumTags
// + tag]. Writes n tags to tags; returns the sequence's score.
float viterbi(const float* emit, size_t n, const Transitions& trans, std::vector<uint8_t>& tags);

// Max-marginals: out[t * kNumTags + tag] is the best score of any allowed
// sequence that gives token t that tag.
void maxMarginals(const float* emit, size_t n, const Transitions& trans, std::vector<float>& out);

}  // namespace papergraph::model
