// Feature extraction for the sequence labeller: every token gets a few
// dozen hashed feature ids (word, lower case, shape, affixes, flags,
// neighbouring words, cue words, section type).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer.hpp"

namespace papergraph::model {

// Changes whenever the features computed below change: a model trained with
// another feature set is refused, since its hashed weights would not match.
inline constexpr uint32_t kFeatureSetVersion = 1;

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
// document, and how often it occurs); hash_bits (8..24) sets the id range
// [0, 2^hash_bits).
class FeatureExtractor {
 public:
  FeatureExtractor(std::string_view text, const std::vector<Token>& tokens, const std::vector<SectionType>& sections,
                   uint32_t hash_bits);
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
    bool line_start;
  };
  std::vector<TokenInfo> info_;
  uint32_t shift_;
};

}  // namespace papergraph::model
