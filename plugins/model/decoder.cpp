#include "decoder.hpp"

#include <limits>

namespace papergraph::model {
namespace {

constexpr float kNegInf = -std::numeric_limits<float>::infinity();

float trans(const Transitions& t, size_t prev, size_t next) {
  return allowedTransition(prev, next) ? t.score[prev][next] : kNegInf;
}

// alpha[t][y]: best score of tokens 0..t ending in y (emission of t included).
void forward(const float* emit, size_t n, const Transitions& tr, std::vector<float>& alpha,
             std::vector<uint8_t>* back) {
  alpha.assign(n * kNumTags, kNegInf);
  if (back) back->assign(n * kNumTags, 0);
  for (size_t y = 0; y < kNumTags; ++y) alpha[y] = trans(tr, kNumTags, y) + emit[y];
  for (size_t t = 1; t < n; ++t) {
    for (size_t y = 0; y < kNumTags; ++y) {
      float best = kNegInf;
      uint8_t arg = 0;
      for (size_t p = 0; p < kNumTags; ++p) {
        const float s = alpha[(t - 1) * kNumTags + p] + trans(tr, p, y);
        if (s > best) best = s, arg = static_cast<uint8_t>(p);
      }
      alpha[t * kNumTags + y] = best + emit[t * kNumTags + y];
      if (back) (*back)[t * kNumTags + y] = arg;
    }
  }
}

}  // namespace

float viterbi(const float* emit, size_t n, const Transitions& tr, std::vector<uint8_t>& tags) {
  tags.assign(n, kO);
  if (n == 0) return 0;
  std::vector<float> alpha;
  std::vector<uint8_t> back;
  forward(emit, n, tr, alpha, &back);
  float best = kNegInf;
  uint8_t arg = 0;
  for (size_t y = 0; y < kNumTags; ++y) {
    if (alpha[(n - 1) * kNumTags + y] > best) best = alpha[(n - 1) * kNumTags + y], arg = static_cast<uint8_t>(y);
  }
  for (size_t t = n; t-- > 0;) {
    tags[t] = arg;
    arg = back[t * kNumTags + arg];
  }
  return best;
}

void maxMarginals(const float* emit, size_t n, const Transitions& tr, std::vector<float>& out) {
  out.clear();
  if (n == 0) return;
  std::vector<float> alpha;
  forward(emit, n, tr, alpha, nullptr);
  // beta[t][y]: best score of tokens t+1..n-1 given tag y at t.
  std::vector<float> beta(n * kNumTags, 0.0f);
  for (size_t t = n - 1; t-- > 0;) {
    for (size_t y = 0; y < kNumTags; ++y) {
      float best = kNegInf;
      for (size_t nx = 0; nx < kNumTags; ++nx) {
        const float s = trans(tr, y, nx) + emit[(t + 1) * kNumTags + nx] + beta[(t + 1) * kNumTags + nx];
        if (s > best) best = s;
      }
      beta[t * kNumTags + y] = best;
    }
  }
  out.resize(n * kNumTags);
  for (size_t i = 0; i < n * kNumTags; ++i) out[i] = alpha[i] + beta[i];
}

}  // namespace papergraph::model
