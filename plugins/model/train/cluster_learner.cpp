#include "cluster_learner.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <unordered_map>

#include "../tokenizer.hpp"

namespace papergraph::model {
namespace {

constexpr size_t kOffsets = 4;  // context positions -2, -1, +1, +2

// Sparse rows: the non-zero (column, value) pairs of word w are
// cols/vals[begin[w] .. begin[w+1]).
struct SparseRows {
  std::vector<uint32_t> begin, cols;
  std::vector<float> vals;
  size_t rows() const { return begin.size() - 1; }
};

// Spherical k-means over unit-length sparse rows with columns < dims:
// centres start at k rows picked by a seeded shuffle; each pass assigns
// every row to the centre of highest cosine, then sets every centre to the
// normalised mean of its rows (a centre left without rows keeps its place).
std::vector<uint16_t> sphericalKMeans(const SparseRows& x, size_t dims, size_t k, int iterations, uint32_t seed) {
  const size_t n = x.rows();
  std::vector<uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::shuffle(order.begin(), order.end(), std::mt19937_64(seed));
  // Centres stored column-major (dims x k), so that a row's scores against
  // every centre are one pass over its non-zeros.
  std::vector<float> centres(dims * k, 0.0f);
  for (size_t c = 0; c < k; ++c) {
    const uint32_t r = order[c];
    for (uint32_t i = x.begin[r]; i < x.begin[r + 1]; ++i) centres[size_t{x.cols[i]} * k + c] = x.vals[i];
  }
  std::vector<uint16_t> assign(n, 0);
  std::vector<float> scores(k);
  std::vector<double> sums(dims * k);
  for (int it = 0; it < iterations; ++it) {
    size_t changed = 0;
    for (size_t r = 0; r < n; ++r) {
      std::fill(scores.begin(), scores.end(), 0.0f);
      for (uint32_t i = x.begin[r]; i < x.begin[r + 1]; ++i) {
        const float v = x.vals[i];
        const float* c = &centres[size_t{x.cols[i]} * k];
        for (size_t j = 0; j < k; ++j) scores[j] += v * c[j];
      }
      const auto best = static_cast<uint16_t>(std::max_element(scores.begin(), scores.end()) - scores.begin());
      changed += best != assign[r] || it == 0;
      assign[r] = best;
    }
    if (changed == 0) break;
    std::fill(sums.begin(), sums.end(), 0.0);
    for (size_t r = 0; r < n; ++r) {
      for (uint32_t i = x.begin[r]; i < x.begin[r + 1]; ++i) sums[size_t{x.cols[i]} * k + assign[r]] += x.vals[i];
    }
    std::vector<double> norm(k, 0.0);
    for (size_t d = 0; d < dims; ++d) {
      for (size_t c = 0; c < k; ++c) norm[c] += sums[d * k + c] * sums[d * k + c];
    }
    for (size_t d = 0; d < dims; ++d) {
      for (size_t c = 0; c < k; ++c) {
        if (norm[c] > 0) centres[d * k + c] = static_cast<float>(sums[d * k + c] / std::sqrt(norm[c]));
      }
    }
  }
  return assign;
}

}  // namespace

StatusOr<WordClusters> learnClusters(const std::vector<std::string_view>& texts, const ClusterOptions& o) {
  for (uint16_t k : o.sizes) {
    if (k == 0 || k == 0xFFFF) return invalidArgument("cluster counts must be 1 to 65534");
  }
  // Word forms (lower case) as ids, and every text as a sequence of ids
  // with sentence ends marked.
  constexpr uint32_t kEnd = 0xFFFFFFFFu;
  std::unordered_map<std::string, uint32_t> id_of;
  std::vector<std::string> forms;
  std::vector<uint64_t> counts;
  std::vector<uint32_t> seq;
  std::string lower;
  for (std::string_view text : texts) {
    const std::vector<Token> tokens = tokenize(text);
    for (const Sentence& s : splitSentences(text, tokens)) {
      for (size_t t = s.begin; t < s.end; ++t) {
        lower.assign(text.substr(tokens[t].start, tokens[t].end - tokens[t].start));
        for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        auto [it, fresh] = id_of.emplace(lower, static_cast<uint32_t>(forms.size()));
        if (fresh) forms.push_back(lower), counts.push_back(0);
        ++counts[it->second];
        seq.push_back(it->second);
      }
      seq.push_back(kEnd);
    }
  }
  // Forms by frequency (ties by spelling): the clustered vocabulary and the
  // context words are prefixes of this order.
  std::vector<uint32_t> by_count(forms.size());
  std::iota(by_count.begin(), by_count.end(), 0u);
  std::sort(by_count.begin(), by_count.end(), [&](uint32_t a, uint32_t b) {
    return counts[a] != counts[b] ? counts[a] > counts[b] : forms[a] < forms[b];
  });
  std::vector<uint32_t> row_of(forms.size(), kEnd), context_of(forms.size(), kEnd);
  std::vector<uint32_t> vocab;
  for (uint32_t f : by_count) {
    if (counts[f] < o.min_count) break;
    if (forms[f].size() > WordClusters::kMaxWordBytes) continue;
    row_of[f] = static_cast<uint32_t>(vocab.size());
    vocab.push_back(f);
  }
  const size_t n_contexts = std::min<size_t>(o.contexts, vocab.size());
  for (size_t c = 0; c < n_contexts; ++c) context_of[vocab[c]] = static_cast<uint32_t>(c);
  const size_t per_offset = n_contexts + 1;  // the last one: outside the sentence
  const size_t dims = kOffsets * per_offset;
  const uint16_t most = *std::max_element(o.sizes.begin(), o.sizes.end());
  if (vocab.size() < most) {
    return invalidArgument("cluster text has " + std::to_string(vocab.size()) + " words seen " +
                           std::to_string(o.min_count) + "+ times, fewer than the " + std::to_string(most) +
                           " clusters asked for");
  }
  if (o.progress) {
    o.progress("clusters: " + std::to_string(seq.size()) + " tokens, " + std::to_string(forms.size()) +
               " word forms, " + std::to_string(vocab.size()) + " seen " + std::to_string(o.min_count) + "+ times");
  }
  // Co-occurrence counts as sorted (row, column) keys.
  std::vector<uint64_t> pairs;
  const ptrdiff_t kOffsetOf[kOffsets] = {-2, -1, 1, 2};
  size_t sentence_start = 0;
  for (size_t p = 0; p < seq.size(); ++p) {
    if (seq[p] == kEnd) {
      sentence_start = p + 1;
      continue;
    }
    const uint32_t row = row_of[seq[p]];
    if (row == kEnd) continue;
    for (size_t k = 0; k < kOffsets; ++k) {
      const ptrdiff_t q = static_cast<ptrdiff_t>(p) + kOffsetOf[k];
      uint32_t ctx;
      if (q < static_cast<ptrdiff_t>(sentence_start) || static_cast<size_t>(q) >= seq.size() || seq[q] == kEnd) {
        ctx = static_cast<uint32_t>(n_contexts);
      } else if (context_of[seq[q]] != kEnd) {
        ctx = context_of[seq[q]];
      } else {
        continue;
      }
      pairs.push_back(uint64_t{row} * dims + k * per_offset + ctx);
    }
  }
  std::sort(pairs.begin(), pairs.end());
  // Positive PMI with the context distribution smoothed (counts^0.75), each
  // row scaled to unit length.
  std::vector<double> row_total(vocab.size(), 0.0), col_total(dims, 0.0);
  for (uint64_t key : pairs) row_total[key / dims] += 1, col_total[key % dims] += 1;
  double smoothed_total = 0;
  for (double& c : col_total) smoothed_total += (c = std::pow(c, 0.75));
  SparseRows x;
  x.begin.assign(1, 0);
  for (size_t i = 0; i < pairs.size();) {
    const uint64_t row = pairs[i] / dims;
    while (x.begin.size() <= row) x.begin.push_back(static_cast<uint32_t>(x.cols.size()));
    size_t j = i;
    while (j < pairs.size() && pairs[j] == pairs[i]) ++j;
    const uint64_t col = pairs[i] % dims;
    const double pmi = std::log(static_cast<double>(j - i) * smoothed_total / (row_total[row] * col_total[col]));
    if (pmi > 0) {
      x.cols.push_back(static_cast<uint32_t>(col));
      x.vals.push_back(static_cast<float>(pmi));
    }
    i = j;
  }
  while (x.begin.size() <= vocab.size()) x.begin.push_back(static_cast<uint32_t>(x.cols.size()));
  for (size_t r = 0; r < vocab.size(); ++r) {
    double norm = 0;
    for (uint32_t i = x.begin[r]; i < x.begin[r + 1]; ++i) norm += double{x.vals[i]} * x.vals[i];
    const float scale = norm > 0 ? static_cast<float>(1 / std::sqrt(norm)) : 0.0f;
    for (uint32_t i = x.begin[r]; i < x.begin[r + 1]; ++i) x.vals[i] *= scale;
  }
  std::vector<ClusterIds> ids(vocab.size());
  for (size_t l = 0; l < kClusterLevels; ++l) {
    const std::vector<uint16_t> a = sphericalKMeans(x, dims, o.sizes[l], o.iterations, o.seed + static_cast<uint32_t>(l));
    for (size_t r = 0; r < vocab.size(); ++r) ids[r][l] = a[r];
    if (o.progress) o.progress("clusters: level " + std::to_string(l + 1) + " (" + std::to_string(o.sizes[l]) + ") done");
  }
  WordClusters table;
  table.setSizes(o.sizes);
  for (size_t r = 0; r < vocab.size(); ++r) table.add(forms[vocab[r]], ids[r]);
  return table;
}

}  // namespace papergraph::model
