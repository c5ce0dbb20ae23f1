#include "tagger.hpp"

#include <algorithm>
#include <limits>
#include <map>

namespace papergraph::model {

std::vector<ScoredSpan> decodeSentence(const SequenceModel& model, const FeatureRows& rows, DecodeWorkspace& ws) {
  std::vector<ScoredSpan> out;
  const size_t n = rows.size();
  model.emissions(rows, ws.emissions);
  const float best = viterbi(ws.emissions.data(), n, model.transitions(), ws.tags);
  const auto spans = spansFromTags(ws.tags);
  if (spans.empty()) return out;
  maxMarginals(ws.emissions.data(), n, model.transitions(), ws.marginals);
  for (const TokenSpan& s : spans) {
    float margin = std::numeric_limits<float>::infinity();
    for (size_t t = s.begin; t < s.end; ++t) {
      float other = -std::numeric_limits<float>::infinity();
      for (size_t y = 0; y < kNumTags; ++y) {
        if (y != ws.tags[t]) other = std::max(other, ws.marginals[t * kNumTags + y]);
      }
      margin = std::min(margin, best - other);
    }
    out.push_back({s, std::max(margin, 0.0f)});
  }
  return out;
}

namespace {

// Adds the other occurrences of names found in the document: the same
// token sequence (case-sensitive) where no span is. Only names with a
// capital letter or a digit spread, so common words do not. spans holds
// token ranges parallel to found.
void propagate(std::string_view text, const std::vector<Token>& tokens, std::vector<FoundSpan>& found,
               std::vector<std::pair<size_t, size_t>>& spans) {
  auto word = [&](size_t t) { return text.substr(tokens[t].start, tokens[t].end - tokens[t].start); };
  struct Name {
    size_t begin, len;
    EntityKind kind;
    float confidence;
  };
  std::multimap<std::string_view, Name> by_first_word;
  auto addName = [&](size_t b, size_t e, const FoundSpan& f) {
    bool marked = false;
    for (size_t t = b; t < e; ++t) {
      for (char c : word(t)) marked = marked || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    }
    if (marked) by_first_word.emplace(word(b), Name{b, e - b, f.kind, f.confidence});
  };
  for (size_t i = 0; i < found.size(); ++i) {
    const auto [b, e] = spans[i];
    addName(b, e, found[i]);
    // "CIFAR-10 dataset" also names "CIFAR-10".
    if (e - b >= 2) {
      std::string last(word(e - 1));
      for (char& c : last) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      if (last == "dataset" || last == "datasets" || last == "corpus" || last == "benchmark" || last == "data" ||
          last == "task") {
        addName(b, e - 1, found[i]);
      }
    }
  }
  if (by_first_word.empty()) return;
  std::vector<bool> taken(tokens.size(), false);
  for (const auto& [b, e] : spans) std::fill(taken.begin() + b, taken.begin() + e, true);
  for (size_t t = 0; t < tokens.size(); ++t) {
    if (taken[t]) continue;
    auto [lo, hi] = by_first_word.equal_range(word(t));
    const Name* best = nullptr;
    for (auto it = lo; it != hi; ++it) {
      const Name& n = it->second;
      if ((best && n.len <= best->len) || t + n.len > tokens.size()) continue;
      bool same = true;
      for (size_t j = 0; j < n.len && same; ++j) same = !taken[t + j] && word(t + j) == word(n.begin + j);
      if (same) best = &n;
    }
    if (!best) continue;
    found.push_back({tokens[t].start, tokens[t + best->len - 1].end, best->kind, best->confidence});
    spans.emplace_back(t, t + best->len);
    std::fill(taken.begin() + t, taken.begin() + t + best->len, true);
    t += best->len - 1;
  }
}

}  // namespace

std::vector<FoundSpan> decodeDocument(const SequenceModel& model, std::string_view text,
                                      const std::vector<Token>& tokens, const std::vector<Sentence>& sentences,
                                      const std::function<const FeatureRows&(size_t)>& rows) {
  DecodeWorkspace ws;
  std::vector<FoundSpan> found;
  std::vector<std::pair<size_t, size_t>> spans;  // token ranges of found
  for (size_t i = 0; i < sentences.size(); ++i) {
    const Sentence& s = sentences[i];
    for (const ScoredSpan& f : decodeSentence(model, rows(i), ws)) {
      found.push_back({tokens[s.begin + f.span.begin].start, tokens[s.begin + f.span.end - 1].end, f.span.kind,
                       model.confidence(f.margin)});
      spans.emplace_back(s.begin + f.span.begin, s.begin + f.span.end);
    }
  }
  if (model.propagate) {
    propagate(text, tokens, found, spans);
    std::sort(found.begin(), found.end(), [](const FoundSpan& a, const FoundSpan& b) { return a.start < b.start; });
  }
  return found;
}

std::vector<FoundSpan> tagDocument(const SequenceModel& model, std::string_view text,
                                   const std::vector<SectionRange>& sections, const std::vector<MatchSpan>& matches) {
  const std::vector<Token> tokens = tokenize(text);
  const std::vector<Sentence> sentences = splitSentences(text, tokens);
  const FeatureExtractor features(text, tokens, tokenSections(text, tokens, sections), tokenMarks(tokens, matches),
                                  model.hashBits(), &model.clusters);
  FeatureRows rows;
  return decodeDocument(model, text, tokens, sentences, [&](size_t i) -> const FeatureRows& {
    features.sentence(sentences[i], rows);
    return rows;
  });
}

std::string normalizeKey(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  // Quotes and brackets around the whole span.
  static constexpr std::string_view kStrip[] = {
      "\"",           "'",           "(", ")", "[", "]", "{", "}", ",", ";", ":", "\xE2\x80\x9C", "\xE2\x80\x9D",
      "\xE2\x80\x98", "\xE2\x80\x99"};
  for (bool changed = true; changed && !out.empty();) {
    changed = false;
    for (std::string_view p : kStrip) {
      if (out.size() >= p.size() && std::string_view(out).substr(0, p.size()) == p) {
        out.erase(0, p.size());
        changed = true;
      }
      if (out.size() >= p.size() && std::string_view(out).substr(out.size() - p.size()) == p) {
        out.erase(out.size() - p.size());
        changed = true;
      }
    }
    while (!out.empty() && out.front() == ' ') out.erase(0, 1), changed = true;
    while (!out.empty() && out.back() == ' ') out.pop_back(), changed = true;
  }
  return out;
}

}  // namespace papergraph::model
