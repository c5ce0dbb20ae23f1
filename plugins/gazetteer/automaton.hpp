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
    const uint32_t cls = class_[c];
    const uint32_t* node = &nodes_[s];
    const uint32_t head = node[0];
    if (head & kDense) return dense_[size_t(node[1]) * width_ + cls];
    const uint32_t count = head >> kCountShift;
    const uint32_t* edge = node + 1 + ((head & kHasKey) ? 1 : 0);
    for (uint32_t k = 0; k < count; ++k)
      if ((edge[k] >> kTargetBits) == cls) return edge[k] & kTargetMask;
    return kRoot;
  }
  // False when no key can start at p (n bytes left): a filter on the first
  // two, three or four bytes (exact for two-byte keys, hashed otherwise)
  // that lets a scan skip most word starts without touching the trie.
  bool mayStart(const unsigned char* p, size_t n) const {
    if (n < 2) return false;
    if (two_[pair(p)]) return true;
    if (n < 3) return false;
    if (test(three_, hash(p, 3))) return true;
    return n >= 4 && test(four_, hash(p, 4));
  }
  // The key ending exactly in state s, or -1.
  int32_t keyAt(uint32_t s) const {
    return (nodes_[s] & kHasKey) ? static_cast<int32_t>(nodes_[s + 1 + ((nodes_[s] & kDense) ? 1 : 0)]) : -1;
  }
  // Length in bytes of key id.
  uint32_t keyLength(uint32_t id) const { return key_length_[id]; }
  // Number of keys and states (for statistics).
  size_t keyCount() const { return key_length_.size(); }
  size_t stateCount() const { return state_count_; }
  // Bytes held by the tables.
  size_t memoryBytes() const;

 private:
  struct Node {
    std::vector<std::pair<uint8_t, uint32_t>> children;  // (class, state)
  };
  uint32_t child(uint32_t s, uint8_t cls) const;
  static uint32_t pair(const unsigned char* p) { return uint32_t(p[0]) << 8 | p[1]; }
  // A 17-bit hash of the first n (3 or 4) bytes.
  static uint32_t hash(const unsigned char* p, size_t n) {
    uint32_t h = (uint32_t(p[0]) * 0x9E3779B1u) ^ (uint32_t(p[1]) * 0x85EBCA77u) ^ (uint32_t(p[2]) * 0xC2B2AE3Du);
    if (n > 3) h ^= uint32_t(p[3]) * 0x27D4EB2Fu;
    return h >> 15;
  }
  static bool test(const std::vector<uint64_t>& bits, uint32_t h) { return bits[h >> 6] >> (h & 63) & 1; }

  std::vector<Node> trie_;
  uint8_t class_[256] = {};
  uint32_t width_ = 1;  // number of byte classes; class 0 = byte in no key
  // Compiled states live in one array, breadth first, each as
  //   [head] [dense row index, when dense] [key, when it has one]
  //   [edges: class << kTargetBits | target] ...
  // so one step usually touches one cache line. A state id is its offset.
  static constexpr uint32_t kDense = 1u << 0;
  static constexpr uint32_t kHasKey = 1u << 1;
  static constexpr uint32_t kCountShift = 8;
  static constexpr uint32_t kTargetBits = 24;
  static constexpr uint32_t kTargetMask = (1u << kTargetBits) - 1;
  static constexpr size_t kDenseChildren = 6;  // states with more children get a dense row
  std::vector<int32_t> out_;  // while building: key ending in trie state, or -1
  std::vector<uint32_t> nodes_;
  size_t state_count_ = 0;
  std::vector<uint32_t> dense_;
  std::vector<uint32_t> key_length_;
  std::vector<uint8_t> two_ = std::vector<uint8_t>(1 << 16);      // first two bytes of two-byte keys
  std::vector<uint64_t> three_ = std::vector<uint64_t>(1 << 11);  // three-byte keys, hashed, 2^17 bits
  std::vector<uint64_t> four_ = std::vector<uint64_t>(1 << 11);   // first four bytes of longer keys
};

}  // namespace papergraph::gazetteer
