#include "automaton.hpp"

#include <algorithm>

namespace papergraph::gazetteer {

uint32_t Automaton::add(std::string_view key) {
  if (trie_.empty()) trie_.emplace_back();
  uint32_t s = 0;
  for (unsigned char b : key) {
    if (class_[b] == 0) class_[b] = static_cast<uint8_t>(width_++);
    const uint8_t cls = class_[b];
    uint32_t t = 0;
    for (const auto& [c, child] : trie_[s].children)
      if (c == cls) t = child;
    if (t == 0) {
      t = static_cast<uint32_t>(trie_.size());
      trie_[s].children.emplace_back(cls, t);
      trie_.emplace_back();
    }
    s = t;
  }
  if (trie_[s].key < 0) {
    trie_[s].key = static_cast<int32_t>(key_length_.size());
    key_length_.push_back(static_cast<uint32_t>(key.size()));
    max_key_length_ = std::max(max_key_length_, key.size());
  }
  return static_cast<uint32_t>(trie_[s].key);
}

void Automaton::compile() {
  if (trie_.empty()) trie_.emplace_back();
  // Place the states breadth first. Each state with children gets the
  // lowest base at which every child's slot (base + class) is free; slot 0
  // is the root's own. Leaves keep base 0: no slot names them in its check.
  std::vector<uint8_t> used(width_, 0);
  used[0] = 1;
  slots_.assign(width_, Slot{});
  std::vector<uint32_t> slot_of(trie_.size(), 0);
  std::vector<uint32_t> queue{0};
  queue.reserve(trie_.size());
  size_t first_free = 1;  // no free slot below this one
  for (size_t q = 0; q < queue.size(); ++q) {
    const Node& node = trie_[queue[q]];
    const uint32_t s = slot_of[queue[q]];
    uint32_t base = 0;
    if (!node.children.empty()) {
      uint8_t low = UINT8_MAX;
      for (const auto& [c, child] : node.children) low = std::min(low, c);
      while (first_free < used.size() && used[first_free]) ++first_free;
      for (base = first_free > low ? static_cast<uint32_t>(first_free - low) : 0;; ++base) {
        if (used.size() < base + width_) {
          used.resize(base + width_, 0);
          slots_.resize(base + width_);
        }
        bool fits = true;
        for (const auto& [c, child] : node.children) fits = fits && !used[base + c];
        if (fits) break;
      }
      for (const auto& [c, child] : node.children) {
        used[base + c] = 1;
        slots_[base + c].check = s;
        slot_of[child] = base + c;
        queue.push_back(child);
      }
    }
    slots_[s].base = base << 1 | (node.key >= 0 ? 1u : 0u);
  }
  key_.assign(slots_.size(), -1);
  for (size_t u = 0; u < trie_.size(); ++u) key_[slot_of[u]] = trie_[u].key;
  state_count_ = trie_.size();
  trie_.clear();
  trie_.shrink_to_fit();
}

size_t Automaton::memoryBytes() const {
  return slots_.size() * sizeof(Slot) + key_.size() * sizeof(int32_t) + key_length_.size() * sizeof(uint32_t);
}

}  // namespace papergraph::gazetteer
