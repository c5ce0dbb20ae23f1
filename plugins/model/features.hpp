// Feature extraction for the sequence labeller: every token gets a few
// dozen hashed feature ids (word, lower case, shape, affixes, flags,
// neighbouring words, cue words, section type, and whether the token is
// inside a catalog or rule match).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "clusters.hpp"
#include "tokenizer.hpp"

namespace papergraph::model {

// Changes whenever the features computed below change: a model trained with
// another feature set is refused, since its hashed weights would not match.
// 2: match marks (catalog and rule matches) and section pairs added.
// 3: neighbours' word-cluster features (with an empty cluster table,
// exactly set 2's).
inline constexpr uint32_t kFeatureSetVersion = 3;

// Where match marks come from: a bit set stored with a model, since a model
// trained with marks needs the same matchers when it runs.
enum MatchSource : uint32_t { kCatalogMatches = 1, kRuleMatches = 2 };

// A span another extractor found (the gazetteer's catalog matches, the
// rules plugin's matches): byte range, source, and whether it names a
// dataset or a task.
struct MatchSpan {
  size_t start = 0;
  size_t end = 0;
  MatchSource source = kCatalogMatches;
  bool task = false;
};

// Per-token match marks: for each (source, kind) pair two bits, 1 on the
// first token of a match, 2 on the others. Tokens overlapping a span are
// inside it. Empty spans give all-zero marks.
std::vector<uint8_t> tokenMarks(const std::vector<Token>& tokens, const std::vector<MatchSpan>& spans);

// The kind of section a token sits in.
enum class SectionType : uint8_t {
  kOther = 0,
  kTitle,
  kAbstract,
  kIntroduction,
  kRelatedWork,
  kMethod,
  kExperiments,
  kConclusion,
  kReferences
};

// Maps a heading ("4.1 Experimental Setup") to a section type; kOther when
// no keyword matches.
SectionType sectionTypeFromHeading(std::string_view heading);

// A section's byte range and heading, as the caller knows it.
struct SectionRange {
  size_t start = 0;
  size_t end = 0;
  std::string_view heading;
};

// The section type of every token. Tokens inside a listed section get that
// section's type. Without sections (plain Markdown): the first line is the
// title, the first paragraph the abstract, and a paragraph whose first words
// name a section ("Experiments We evaluate ...") starts one.
std::vector<SectionType> tokenSections(std::string_view text, const std::vector<Token>& tokens,
                                       const std::vector<SectionRange>& sections);

// Word shape: upper -> 'X', lower -> 'x', digit -> 'd', other non-ASCII
// -> 'u', the rest kept; with collapse, runs of one class are kept once
// ("CIFAR-10" -> "XXXXX-dd" or "X-d").
std::string wordShape(std::string_view word, bool collapse);

// Feature ids of the tokens of one sentence, stored row by row:
// ids[begin[t] .. begin[t+1]) are the features of token t of the sentence.
struct FeatureRows {
  std::vector<uint32_t> ids;
  std::vector<uint32_t> begin;  // size = tokens + 1
  void clear() {
    ids.clear();
    begin.clear();
  }
  size_t size() const { return begin.empty() ? 0 : begin.size() - 1; }
};

// Computes features for one document (document-level ones too: which cue
// words follow a word and which prepositions precede it anywhere in the
// document, how often it occurs, and which marks it carries anywhere);
// marks are tokenMarks() (empty: none); clusters (null or empty: none) add
// the cluster ids of the token's neighbours; hash_bits (8..24) sets
// the id range [0, 2^hash_bits). clusters must outlive the extractor.
class FeatureExtractor {
 public:
  FeatureExtractor(std::string_view text, const std::vector<Token>& tokens, const std::vector<SectionType>& sections,
                   const std::vector<uint8_t>& marks, uint32_t hash_bits, const WordClusters* clusters = nullptr);
  // Writes the features of sentence s into out (replacing its content).
  void sentence(const Sentence& s, FeatureRows& out) const;

 private:
  struct TokenInfo {
    uint64_t word, lower, shape, short_shape, prefix[3], suffix[3];
    uint32_t flags;
    uint8_t cue;        // bit 0: dataset cue word, bit 1: task cue word
    uint32_t doc_cues;  // cue words after this word anywhere in the document (bit per cue)
    uint8_t doc_preps;  // prepositions before it anywhere in the document
    uint8_t doc_count;  // log2 bucket of its occurrences in the document
    uint8_t section;
    uint8_t mark;       // tokenMarks() of this token
    uint8_t doc_marks;  // per (source, kind): the word form is inside such a match somewhere in the document
    bool line_start;
    ClusterIds cluster;  // kNoCluster at every level when the word is not in the table
  };
  static constexpr uint16_t kNoCluster = 0xFFFF;
  bool clusters_ = false;
  std::vector<TokenInfo> info_;
  uint32_t shift_;
};

}  // namespace papergraph::model
