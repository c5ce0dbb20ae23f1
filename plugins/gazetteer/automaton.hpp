// The compiled name matcher: a trie over folded bytes, stored as a double
// array. Bytes are first mapped to dense classes (the bytes that occur in
// keys); state s has its children at base(s) + class, and a slot belongs to
// s's child only when its check field holds s. A step is two loads and a
// compare, with no branch on the shape of the state, which matters because
// the gazetteer steps the trie from every word start of a paper and most
// of those walks end after two to four bytes. States are placed breadth
// first, so the shallow states, where walks spend their time, share cache
// lines. Anchoring at word starts (names only start there) was measured
// several times cheaper than Aho-Corasick over every byte and than
// Hyperscan on the same keys (bench/gazetteer_bench.cpp).
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace papergraph::gazetteer {

// Multi-key trie. Build with add() then compile(); afterwards the object is
// immutable and may be shared between threads.
class Automaton {
 public:
  // Adds a key and returns its id (ids are dense, in order of adding). The
  // same key added twice gets the id it had. Keys must be non-empty.
  uint32_t add(std::string_view key);
  // Builds the double array. Call once, after every add().
  void compile();

  // The start state; also what next() returns when no key continues.
  static constexpr uint32_t kRoot = 0;
  // The state after reading byte c in state s, or kRoot when no key has
  // that prefix.
  uint32_t next(uint32_t s, unsigned char c) const { return nextClass(s, class_[c]); }
  // The class of byte c (0 when no key has it), for nextClass().
  uint32_t byteClass(unsigned char c) const { return class_[c]; }
  // next() for a byte of class cls.
  uint32_t nextClass(uint32_t s, uint32_t cls) const {
    uint32_t t = s;
    return step(t, cls) ? t : kRoot;
  }
  // Moves s on by a byte of class cls; false (s unchanged) when no key has
  // that prefix.
  bool step(uint32_t& s, uint32_t cls) const {
    const uint32_t t = (slots_[s].base >> 1) + cls;
    if (slots_[t].check != s) return false;
    s = t;
    return true;
  }
  // True when a key ends exactly in state s.
  bool hasKey(uint32_t s) const { return slots_[s].base & 1; }
  // The key ending exactly in state s, or -1.
  int32_t keyAt(uint32_t s) const { return hasKey(s) ? key_[s] : -1; }
  // Length in bytes of key id.
  uint32_t keyLength(uint32_t id) const { return key_length_[id]; }
  // Length of the longest key: no walk from kRoot goes deeper.
  size_t maxKeyLength() const { return max_key_length_; }
  // Number of keys and states (for statistics).
  size_t keyCount() const { return key_length_.size(); }
  size_t stateCount() const { return state_count_; }
  // Bytes held by the tables.
  size_t memoryBytes() const;

 private:
  // While building: a plain trie, children as (class, trie state).
  struct Node {
    std::vector<std::pair<uint8_t, uint32_t>> children;
    int32_t key = -1;
  };
  // One double-array slot: base << 1 | (a key ends here), and the state
  // whose child this slot is (kFree when none).
  struct Slot {
    uint32_t base = 0;
    uint32_t check = kFree;
  };
  static constexpr uint32_t kFree = UINT32_MAX;

  std::vector<Node> trie_;
  uint8_t class_[256] = {};
  uint32_t width_ = 1;  // number of byte classes; class 0 = byte in no key
  std::vector<Slot> slots_ = std::vector<Slot>(1);  // slot 0 is kRoot
  std::vector<int32_t> key_;                        // per slot: the key ending there, or -1
  std::vector<uint32_t> key_length_;
  size_t max_key_length_ = 0;
  size_t state_count_ = 1;
};

}  // namespace papergraph::gazetteer
