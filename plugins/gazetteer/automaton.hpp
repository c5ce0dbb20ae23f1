// The compiled name matcher: a trie over folded bytes. States with many
// children keep a dense transition row; the rest (most states: names are
// long chains) keep a short edge list, so the whole table stays within the
// CPU caches. The gazetteer walks it
// from every word start of the folded text, which finds every key that
// starts at a word boundary, longest last, in one pass. Measured against
// Aho-Corasick over every byte and against Hyperscan on the same keys
// (bench/gazetteer_bench.cpp), anchoring at word starts is several times
// cheaper, because names may only start at word boundaries anyway.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace papergraph::gazetteer {

// Multi-key trie. Build with add() then compile(); afterwards the object is
// immutable and may be shared between threads.
class Automaton {
 public:
  // Adds a key and returns its id (ids are dense, in order of adding). The
  // same key added twice gets the id it had. Keys must be non-empty.
  uint32_t add(std::string_view key);
  // Builds the transition table. Call once, after every add().
  void compile();

  // The start state; also what next() returns when no key continues.
  static constexpr uint32_t kRoot = 0;
  // The state after reading byte c in state s, or kRoot when no key has
  // that prefix.
  uint32_t next(uint32_t s, unsigned char c) const {
    const uint8_t cls = class_[c];
    const State& st = states_[s];
    if (st.row >= 0) return dense_[size_t(st.row) * width_ + cls];
    const Edge* e = &edges_[st.first_edge];
    for (uint32_t k = 0; k < st.edge_count; ++k)
      if (e[k].cls == cls) return e[k].target;
    return kRoot;
  }
  // False when no key can start at p (n bytes left): a filter on the first
  // two or three bytes that lets a scan skip most word starts cheaply.
  bool mayStart(const unsigned char* p, size_t n) const {
    if (n < 2) return false;
    if (two_[pair(p)]) return true;
    return n >= 3 && (three_[triple(p) >> 6] >> (triple(p) & 63) & 1);
  }
  // The key ending exactly in state s, or -1.
  int32_t keyAt(uint32_t s) const { return states_[s].key; }
  // Length in bytes of key id.
  uint32_t keyLength(uint32_t id) const { return key_length_[id]; }
  // Number of keys and states (for statistics).
  size_t keyCount() const { return key_length_.size(); }
  size_t stateCount() const { return states_.size(); }
  // Bytes held by the tables.
  size_t memoryBytes() const;

 private:
  struct Node {
    std::vector<std::pair<uint8_t, uint32_t>> children;  // (class, state)
  };
  uint32_t child(uint32_t s, uint8_t cls) const;
  static uint32_t pair(const unsigned char* p) { return uint32_t(p[0]) << 8 | p[1]; }
  static uint32_t triple(const unsigned char* p) {
    return ((uint32_t(p[0]) * 0x9E3779B1u) ^ (uint32_t(p[1]) * 0x85EBCA77u) ^ (uint32_t(p[2]) * 0xC2B2AE3Du)) >> 15;
  }

  std::vector<Node> trie_;
  uint8_t class_[256] = {};
  uint32_t width_ = 1;  // number of byte classes; class 0 = byte in no key
  struct State {
    uint32_t first_edge = 0;  // into edges_
    uint32_t edge_count = 0;
    int32_t row = -1;  // dense row in dense_, or -1
    int32_t key = -1;  // key ending exactly here, or -1
  };
  struct Edge {
    uint32_t target;
    uint8_t cls;
  };
  static constexpr size_t kDenseChildren = 6;  // states with more children get a dense row
  std::vector<int32_t> out_;  // while building: key ending in trie state, or -1
  std::vector<State> states_;
  std::vector<Edge> edges_;
  std::vector<uint32_t> dense_;
  std::vector<uint32_t> key_length_;
  std::vector<uint8_t> two_ = std::vector<uint8_t>(1 << 16);      // first two bytes of two-byte keys
  std::vector<uint64_t> three_ = std::vector<uint64_t>(1 << 11);  // hashed first three bytes, 2^17 bits
};

}  // namespace papergraph::gazetteer
