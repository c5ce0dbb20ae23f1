// The compiled gazetteer: every catalog name folded into one automaton, and
// the rules that turn raw matches into dataset and task mentions (longest
// match, word boundaries, case, evidence for ambiguous names, versions).
#pragma once

#include <papergraph/plugin_abi.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "automaton.hpp"
#include "catalog/catalog.hpp"
#include "catalog/fold.hpp"

namespace papergraph::gazetteer {

// How ambiguous names are treated.
enum class AmbiguousPolicy { kEvidence, kNever, kAlways };

// What the gazetteer is built from and how it decides.
struct Options {
  bool tasks = true;                                    // also match task names
  AmbiguousPolicy ambiguous = AmbiguousPolicy::kEvidence;
  size_t case_sensitive_max = 5;  // names this short (in folded bytes) keep their case
};

// One accepted mention, before it becomes a pg_mention.
struct Found {
  size_t start = 0, end = 0;  // byte range in the paper text
  pg_kind kind = PG_KIND_DATASET;
  uint32_t entry = 0;  // index into Catalog::datasets() or tasks()
  float confidence = 0;
  std::string_view alias;  // the catalog name that matched (held by the Gazetteer)
  std::string version;   // version the text names (no catalog entry for it)
  std::string variant;   // language pair the text names (no catalog entry)
  const char* evidence = "";  // for ambiguous names: what let it in
  int64_t resolved_from = -1;  // the parent entry the text named, when the
                               // paper's only version of it was taken instead
};

// Reusable per-thread buffers for Gazetteer::find(), so a paper costs no
// allocations once they have grown.
struct Scratch {
  // The fold of the text from the start of the current walk, made when the
  // walk meets its first key and extended as it meets longer ones: folded
  // byte k's offset in the text and fold flags.
  std::vector<size_t> offset;
  std::vector<uint8_t> flags;
  size_t fold_start = SIZE_MAX;  // the walk's start (SIZE_MAX: none yet)
  size_t fold_next = 0;          // the text position that fold has reached
  size_t fold_len = 0;           // folded bytes so far
  fold::FoldState fold_state;
  std::vector<std::array<size_t, 3>> raw;  // matches: start, end, form
  std::vector<uint8_t> taken;              // per text byte: inside a chosen dataset (bit 0) / task (bit 1) span
};

// A catalog compiled for matching. Immutable once built; share it freely.
class Gazetteer {
 public:
  // Compiles every dataset (and task, when options.tasks) name of catalog.
  static std::shared_ptr<const Gazetteer> build(std::shared_ptr<const Catalog> catalog,
                                                const Options& options);
  ~Gazetteer();

  // Finds the mentions in text; citations are the paper's citation markers
  // (may be empty). Results are sorted by start offset.
  void find(std::string_view text, const pg_citation* citations, size_t n_citations,
            Scratch& scratch, std::vector<Found>& out) const;

  const Catalog& catalog() const { return *catalog_; }
  const Automaton& automaton() const { return automaton_; }
  // Number of distinct names compiled.
  size_t nameCount() const;

  // Makes the buffers find() needs; one per thread.
  static std::unique_ptr<Scratch> makeScratch();

 private:
  struct Form;
  struct Candidate;
  struct EntryInfo;
  Gazetteer() = default;
  void addName(const std::string& name, bool task, uint32_t entry, bool ambiguous);
  void scan(std::string_view text, Scratch& s) const;
  void walk(std::string_view text, size_t start, Scratch& s) const;
  void matched(std::string_view text, size_t start, size_t end, int32_t key, Scratch& s) const;
  bool accepts(const Form& form, std::string_view text, const size_t* offset, const uint8_t* flags,
               size_t len) const;
  void refine(std::string_view text, Found& f) const;
  void resolveParents(std::vector<Found>& found) const;
  bool isVersionBelow(uint32_t child, uint32_t parent) const;

  std::shared_ptr<const Catalog> catalog_;
  Options options_;
  Automaton automaton_;
  std::vector<Form> forms_;
  std::vector<std::vector<uint32_t>> forms_by_key_;
  std::vector<uint8_t> key_ends_alnum_;  // per key: its first form's name ends in a letter or digit
  std::vector<EntryInfo> datasets_;  // parallel to catalog_->datasets()
  // Per text byte, what a walk does with it: the automaton's class for a
  // byte that folds to itself or its lower case and nothing else (letters
  // but 'v', dropped before version numbers; ASCII punctuation that is no
  // separator), kSkip for an ASCII separator (folds to nothing),
  // kFoldInFull for the rest (digits, 'v', non-ASCII bytes).
  static constexpr uint16_t kFoldInFull = UINT16_MAX - 1, kSkip = UINT16_MAX;
  std::array<uint16_t, 256> walk_class_{};
  // Indexed by two text bytes (first << 8 | second): the state after two
  // ASCII letters (each folds to its lower case: a 'v' is dropped only at a
  // token's start before a digit), kRoot where no key starts so, and
  // kPairUnknown where the first letter alone ends a key or the bytes are
  // not two letters (the walk steps them one by one).
  static constexpr uint32_t kPairUnknown = UINT32_MAX;
  std::vector<uint32_t> pair_state_;
};

}  // namespace papergraph::gazetteer
