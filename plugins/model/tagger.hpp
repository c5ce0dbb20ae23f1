// Inference: text -> tokens -> sentences -> features -> Viterbi -> spans
// with byte offsets and a confidence each.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "model.hpp"

namespace papergraph::model {

// A span found in a sentence, in token indices relative to the sentence,
// with its margin: how much the best tagging's score drops when any one of
// its tokens is forced to another tag (0 = a tie).
struct ScoredSpan {
  TokenSpan span;
  float margin = 0;
};

// Scratch buffers reused across sentences.
struct DecodeWorkspace {
  std::vector<float> emissions, marginals;
  std::vector<uint8_t> tags;
};

// Decodes one sentence from its features.
std::vector<ScoredSpan> decodeSentence(const SequenceModel& model, const FeatureRows& rows, DecodeWorkspace& ws);

// A mention found in a document: byte range, kind, confidence in [0, 1].
struct FoundSpan {
  size_t start = 0;
  size_t end = 0;
  EntityKind kind = EntityKind::kDataset;
  float confidence = 0;
};

// Decodes a tokenised document sentence by sentence (rows(i) gives the
// features of sentences[i]), then, when model.propagate is set, tags the
// other occurrences of every name it found. Spans come back in text order.
std::vector<FoundSpan> decodeDocument(const SequenceModel& model, std::string_view text,
                                      const std::vector<Token>& tokens, const std::vector<Sentence>& sentences,
                                      const std::function<const FeatureRows&(size_t)>& rows);

// Tags a whole document. sections may be empty (see tokenSections);
// matches are the catalog/rule matches of the sources model.matchers names
// (empty when it names none).
std::vector<FoundSpan> tagDocument(const SequenceModel& model, std::string_view text,
                                   const std::vector<SectionRange>& sections,
                                   const std::vector<MatchSpan>& matches = {});

// The span's text normalised lightly: white space collapsed to one space,
// quotes and brackets around it removed. "" when nothing is left.
std::string normalizeKey(std::string_view text);

}  // namespace papergraph::model
