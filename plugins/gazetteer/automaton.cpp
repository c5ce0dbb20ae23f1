#include "automaton.hpp"

namespace papergraph::gazetteer {

uint32_t Automaton::child(uint32_t s, uint8_t cls) const {
  for (const auto& [c, t] : trie_[s].children)
    if (c == cls) return t;
  return kRoot;
}

uint32_t Automaton::add(std::string_view key) {
  if (trie_.empty()) {
    trie_.emplace_back();
    out_.push_back(-1);
  }
  const auto* bytes = reinterpret_cast<const unsigned char*>(key.data());
  if (key.size() == 2) two_[pair(bytes)] = 1;
  if (key.size() == 3) three_[hash(bytes, 3) >> 6] |= uint64_t(1) << (hash(bytes, 3) & 63);
  if (key.size() >= 4) four_[hash(bytes, 4) >> 6] |= uint64_t(1) << (hash(bytes, 4) & 63);
  uint32_t s = kRoot;
  for (unsigned char b : key) {
    if (class_[b] == 0) class_[b] = static_cast<uint8_t>(width_++);
    const uint8_t cls = class_[b];
    uint32_t t = child(s, cls);
    if (t == kRoot) {
      t = static_cast<uint32_t>(trie_.size());
      trie_[s].children.emplace_back(cls, t);
      trie_.emplace_back();
      out_.push_back(-1);
    }
    s = t;
  }
  if (out_[s] < 0) {
    out_[s] = static_cast<int32_t>(key_length_.size());
    key_length_.push_back(static_cast<uint32_t>(key.size()));
  }
  return static_cast<uint32_t>(out_[s]);
}

void Automaton::compile() {
  if (trie_.empty()) {
    trie_.emplace_back();
    out_.push_back(-1);
  }
  const size_t n = trie_.size();
  // Targets are offsets below 2^24 words; a catalog this large would need
  // about two million names.
  // Number states breadth first: the shallow states, where a walk spends
  // most of its time, then share cache lines.
  std::vector<uint32_t> order, rank(n, 0);
  order.reserve(n);
  order.push_back(kRoot);
  for (size_t i = 0; i < order.size(); ++i)
    for (const auto& [c, t] : trie_[order[i]].children) {
      rank[t] = static_cast<uint32_t>(order.size());
      order.push_back(t);
    }
  // Lay the states out breadth first and give each its offset.
  std::vector<uint32_t> offset(n, 0);
  size_t total = 0;
  for (size_t i = 0; i < n; ++i) {
    const auto& children = trie_[order[i]].children;
    offset[i] = static_cast<uint32_t>(total);
    const bool dense = children.size() > kDenseChildren;
    total += 1 + (dense ? 1 : 0) + (out_[order[i]] >= 0 ? 1 : 0) + (dense ? 0 : children.size());
  }
  nodes_.assign(total, 0);
  dense_.clear();
  for (size_t i = 0; i < n; ++i) {
    const auto& children = trie_[order[i]].children;
    uint32_t* node = &nodes_[offset[i]];
    const bool dense = children.size() > kDenseChildren;
    const int32_t key = out_[order[i]];
    node[0] = (dense ? kDense : 0) | (key >= 0 ? kHasKey : 0) |
              (dense ? 0 : static_cast<uint32_t>(children.size()) << kCountShift);
    size_t k = 1;
    if (dense) {
      const size_t row = dense_.size() / width_;
      node[k++] = static_cast<uint32_t>(row);
      dense_.resize(dense_.size() + width_, kRoot);
      for (const auto& [c, t] : children) dense_[row * width_ + c] = offset[rank[t]];
    }
    if (key >= 0) node[k++] = static_cast<uint32_t>(key);
    if (!dense)
      for (const auto& [c, t] : children) node[k++] = uint32_t(c) << kTargetBits | offset[rank[t]];
  }
  state_count_ = n;
  out_.clear();
  out_.shrink_to_fit();
  trie_.clear();
  trie_.shrink_to_fit();
}

size_t Automaton::memoryBytes() const {
  return nodes_.size() * sizeof(uint32_t) + dense_.size() * sizeof(uint32_t) +
         key_length_.size() * sizeof(uint32_t) + two_.size() + (three_.size() + four_.size()) * sizeof(uint64_t);
}

}  // namespace papergraph::gazetteer
