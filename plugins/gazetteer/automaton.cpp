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
  if (key.size() >= 3) three_[triple(bytes) >> 6] |= uint64_t(1) << (triple(bytes) & 63);
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
  states_.assign(n, State{});
  edges_.clear();
  dense_.clear();
  for (size_t i = 0; i < n; ++i) {
    State& st = states_[i];
    const auto& children = trie_[order[i]].children;
    st.key = out_[order[i]];
    if (children.size() > kDenseChildren) {
      st.row = static_cast<int32_t>(dense_.size() / width_);
      dense_.resize(dense_.size() + width_, kRoot);
      for (const auto& [c, t] : children) dense_[size_t(st.row) * width_ + c] = rank[t];
    } else {
      st.first_edge = static_cast<uint32_t>(edges_.size());
      st.edge_count = static_cast<uint32_t>(children.size());
      for (const auto& [c, t] : children) edges_.push_back({rank[t], c});
    }
  }
  out_.clear();
  out_.shrink_to_fit();
  trie_.clear();
  trie_.shrink_to_fit();
}

size_t Automaton::memoryBytes() const {
  return states_.size() * sizeof(State) + edges_.size() * sizeof(Edge) + dense_.size() * sizeof(uint32_t) +
         key_length_.size() * sizeof(uint32_t) + two_.size() + three_.size() * sizeof(uint64_t);
}

}  // namespace papergraph::gazetteer
