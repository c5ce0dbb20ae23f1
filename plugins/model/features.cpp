#include "features.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cctype>
#include <unordered_map>

namespace papergraph::model {
namespace {

constexpr uint64_t kFnvOffset = 1469598103934665603ull;
constexpr uint64_t kFnvPrime = 1099511628211ull;

uint64_t hashBytes(std::string_view s, uint64_t h = kFnvOffset) {
  for (unsigned char c : s) h = (h ^ c) * kFnvPrime;
  return h;
}

char asciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

std::string lowerCopy(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = asciiLower(c);
  return out;
}

// The murmur3 finaliser: spreads a combined hash over all bits.
uint64_t mix(uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

// Feature templates; their numbers are part of kFeatureSetVersion.
enum Template : uint64_t {
  kBias = 1,
  kWord,
  kLower,
  kShape,
  kShortShape,
  kPrefix,
  kSuffix = kPrefix + 3,
  kFlags = kSuffix + 3,
  kPrev1,
  kNext1,
  kPrev2,
  kNext2,
  kPrevShape,
  kNextShape,
  kPrevWord,
  kNextWord,
  kShapeTri,
  kCueRight,
  kCueLeft,
  kSection,
  kSectionShape,
  kLineStart,
  kSentenceStart,
  kSentenceEnd,
  kPrevLowerShape,
  kNextLowerShape,
  kNextSuffix,
  kDocCue,
  kDocPrep,
  kDocCount,
  kMark,
  kMarkShape,
  kMarkPrev,
  kMarkNext,
  kMarkSection,
  kDocMark,
  kPrevCluster,                               // + level
  kNextCluster = kPrevCluster + kClusterLevels  // + level
};

constexpr uint64_t kBoundary = 0x5bd1e9955bd1e995ull;  // the "word" outside a sentence

// Token flag bits.
enum Flag : uint32_t {
  kAllUpper = 1,
  kInitUpper = 2,
  kMixedCase = 4,
  kHasDigit = 8,
  kAllDigit = 16,
  kHasHyphen = 32,
  kPunctuation = 64,
  kNonAscii = 128
};

constexpr std::array<std::string_view, 17> kDatasetCues = {
    "dataset", "datasets", "data",      "corpus",   "corpora", "benchmark", "benchmarks", "database", "collection",
    "set",     "sets",     "challenge", "treebank", "bank",    "suite",     "split",      "images"};
constexpr std::array<std::string_view, 8> kPrepositions = {"on", "from", "of", "using", "in", "with", "to", "the"};
constexpr std::array<std::string_view, 6> kTaskCues = {"task",     "tasks",     "problem",
                                                       "problems", "challenge", "competition"};

bool startsWith(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

}  // namespace

SectionType sectionTypeFromHeading(std::string_view heading) {
  const std::string h = lowerCopy(heading);
  auto has = [&](std::string_view k) { return h.find(k) != std::string::npos; };
  if (has("abstract")) return SectionType::kAbstract;
  if (has("introduction")) return SectionType::kIntroduction;
  if (has("related") || has("background") || has("prior work") || has("previous work")) {
    return SectionType::kRelatedWork;
  }
  if (has("reference") || has("bibliograph")) return SectionType::kReferences;
  if (has("conclusion") || has("discussion") || has("future work") || has("summary")) {
    return SectionType::kConclusion;
  }
  if (has("experiment") || has("evaluation") || has("result") || has("dataset") || has("benchmark") || has("setup") ||
      has("implementation")) {
    return SectionType::kExperiments;
  }
  if (has("method") || has("approach") || has("model") || has("architecture") || has("proposed") || has("framework") ||
      has("algorithm")) {
    return SectionType::kMethod;
  }
  return SectionType::kOther;
}

std::vector<SectionType> tokenSections(std::string_view text, const std::vector<Token>& tokens,
                                       const std::vector<SectionRange>& sections) {
  std::vector<SectionType> out(tokens.size(), SectionType::kOther);
  // Paragraph heuristics first: the first line, the first paragraph, and
  // paragraphs opening with a capitalised section name.
  SectionType current = SectionType::kOther;
  size_t line = 0;
  for (size_t t = 0; t < tokens.size(); ++t) {
    if (tokens[t].line_start) {
      ++line;
      if (line == 2) current = SectionType::kAbstract;
      std::string head;
      size_t k = t;
      if (k < tokens.size() && std::isdigit(static_cast<unsigned char>(text[tokens[k].start]))) ++k;
      const char first = k < tokens.size() ? text[tokens[k].start] : 'a';
      for (size_t n = 0; n < 3 && k < tokens.size(); ++n, ++k) {
        head += lowerCopy(text.substr(tokens[k].start, tokens[k].end - tokens[k].start));
        head += ' ';
      }
      if (first >= 'A' && first <= 'Z') {
        static constexpr std::array<std::pair<std::string_view, SectionType>, 14> kOpeners = {
            {{"abstract ", SectionType::kAbstract},
             {"introduction ", SectionType::kIntroduction},
             {"related work", SectionType::kRelatedWork},
             {"background ", SectionType::kRelatedWork},
             {"experiments ", SectionType::kExperiments},
             {"experiment ", SectionType::kExperiments},
             {"experimental ", SectionType::kExperiments},
             {"evaluation ", SectionType::kExperiments},
             {"results ", SectionType::kExperiments},
             {"datasets ", SectionType::kExperiments},
             {"conclusion", SectionType::kConclusion},
             {"discussion ", SectionType::kConclusion},
             {"references ", SectionType::kReferences},
             {"method", SectionType::kMethod}}};
        for (const auto& [opener, type] : kOpeners) {
          if (startsWith(head, opener)) {
            current = type;
            break;
          }
        }
      }
    }
    out[t] = line <= 1 ? SectionType::kTitle : current;
  }
  // Sections the reader found override the heuristics where they say more.
  for (const SectionRange& s : sections) {
    const SectionType type = sectionTypeFromHeading(s.heading);
    if (type == SectionType::kOther) continue;
    auto it = std::lower_bound(tokens.begin(), tokens.end(), s.start,
                               [](const Token& tok, size_t pos) { return tok.start < pos; });
    for (; it != tokens.end() && it->end <= s.end; ++it) out[it - tokens.begin()] = type;
  }
  return out;
}

std::vector<uint8_t> tokenMarks(const std::vector<Token>& tokens, const std::vector<MatchSpan>& spans) {
  std::vector<uint8_t> marks(tokens.size(), 0);
  if (spans.empty()) return marks;
  for (const MatchSpan& m : spans) {
    const unsigned shift = ((m.source == kRuleMatches ? 2u : 0u) + (m.task ? 1u : 0u)) * 2u;
    auto it = std::lower_bound(tokens.begin(), tokens.end(), m.start,
                               [](const Token& t, size_t pos) { return t.end <= pos; });
    for (bool first = true; it != tokens.end() && it->start < m.end; ++it, first = false) {
      uint8_t& mark = marks[it - tokens.begin()];
      if (((mark >> shift) & 3u) == 0) mark = static_cast<uint8_t>(mark | ((first ? 1u : 2u) << shift));
    }
  }
  return marks;
}

std::string wordShape(std::string_view word, bool collapse) {
  std::string out;
  out.reserve(word.size());
  for (size_t i = 0; i < word.size(); ++i) {
    const auto c = static_cast<unsigned char>(word[i]);
    char s;
    if (c >= 'A' && c <= 'Z')
      s = 'X';
    else if (c >= 'a' && c <= 'z')
      s = 'x';
    else if (c >= '0' && c <= '9')
      s = 'd';
    else if (c >= 0x80) {
      s = 'u';
      while (i + 1 < word.size() && (static_cast<unsigned char>(word[i + 1]) & 0xC0) == 0x80) ++i;
    } else
      s = static_cast<char>(c);
    if (collapse && !out.empty() && out.back() == s) continue;
    if (!collapse && out.size() >= 16) break;
    out += s;
  }
  return out;
}

FeatureExtractor::FeatureExtractor(std::string_view text, const std::vector<Token>& tokens,
                                   const std::vector<SectionType>& sections, const std::vector<uint8_t>& marks,
                                   uint32_t hash_bits, const WordClusters* clusters)
    : clusters_(clusters && !clusters->empty()), shift_(64 - std::clamp<uint32_t>(hash_bits, 8, 24)) {
  info_.resize(tokens.size());
  std::string lower;
  for (size_t t = 0; t < tokens.size(); ++t) {
    const std::string_view w = text.substr(tokens[t].start, tokens[t].end - tokens[t].start);
    lower = lowerCopy(w);
    TokenInfo& ti = info_[t];
    ti.word = hashBytes(w);
    ti.lower = hashBytes(lower);
    ti.shape = hashBytes(wordShape(w, false));
    ti.short_shape = hashBytes(wordShape(w, true));
    for (size_t k = 0; k < 3; ++k) {
      const size_t n = k + 2;
      ti.prefix[k] = lower.size() > n ? hashBytes(std::string_view(lower).substr(0, n)) : ti.lower;
      ti.suffix[k] = lower.size() > n ? hashBytes(std::string_view(lower).substr(lower.size() - n)) : ti.lower;
    }
    uint32_t upper = 0, lowers = 0, digits = 0, hyphens = 0, alnum = 0, non_ascii = 0;
    for (unsigned char c : w) {
      if (c >= 'A' && c <= 'Z')
        ++upper, ++alnum;
      else if (c >= 'a' && c <= 'z')
        ++lowers, ++alnum;
      else if (c >= '0' && c <= '9')
        ++digits, ++alnum;
      else if (c == '-')
        ++hyphens;
      else if (c >= 0x80)
        ++non_ascii;
    }
    uint32_t f = 0;
    if (upper && !lowers) f |= kAllUpper;
    if (upper && w[0] >= 'A' && w[0] <= 'Z') f |= kInitUpper;
    if (upper && lowers && !(upper == 1 && (f & kInitUpper))) f |= kMixedCase;
    if (digits) f |= kHasDigit;
    if (digits && digits == alnum) f |= kAllDigit;
    if (hyphens) f |= kHasHyphen;
    if (!alnum && !non_ascii) f |= kPunctuation;
    if (non_ascii) f |= kNonAscii;
    const uint32_t len = static_cast<uint32_t>(std::min<size_t>(w.size(), 9));
    ti.flags = f | (len << 8);
    ti.cue = 0;
    if (std::find(kDatasetCues.begin(), kDatasetCues.end(), lower) != kDatasetCues.end()) ti.cue |= 1;
    if (std::find(kTaskCues.begin(), kTaskCues.end(), lower) != kTaskCues.end()) ti.cue |= 2;
    ti.doc_cues = 0;
    ti.doc_preps = 0;
    ti.doc_count = 0;
    ti.section = static_cast<uint8_t>(t < sections.size() ? sections[t] : SectionType::kOther);
    ti.mark = t < marks.size() ? marks[t] : 0;
    ti.doc_marks = 0;
    ti.line_start = tokens[t].line_start;
    const ClusterIds* c = clusters_ ? clusters->find(lower) : nullptr;
    if (c)
      ti.cluster = *c;
    else
      ti.cluster.fill(kNoCluster);
  }
  // Document-level context of every word form.
  struct DocContext {
    uint32_t cues = 0, count = 0;
    uint8_t preps = 0, marks = 0;
  };
  std::unordered_map<uint64_t, DocContext> context;
  std::vector<uint8_t> prep_bit(tokens.size(), 0), cue_index(tokens.size(), 0);
  for (size_t t = 0; t < tokens.size(); ++t) {
    lower = lowerCopy(text.substr(tokens[t].start, tokens[t].end - tokens[t].start));
    for (size_t k = 0; k < kPrepositions.size(); ++k) {
      if (lower == kPrepositions[k]) prep_bit[t] = static_cast<uint8_t>(1u << k);
    }
    for (size_t k = 0; k < kDatasetCues.size(); ++k) {
      if (lower == kDatasetCues[k]) cue_index[t] = static_cast<uint8_t>(k + 1);
    }
    for (size_t k = 0; k < kTaskCues.size(); ++k) {
      if (lower == kTaskCues[k]) cue_index[t] = static_cast<uint8_t>(kDatasetCues.size() + k + 1);
    }
  }
  for (size_t t = 0; t < tokens.size(); ++t) {
    DocContext& c = context[info_[t].word];
    ++c.count;
    // One bit per (source, kind): inside such a match here.
    for (unsigned k = 0; k < 4; ++k) c.marks |= static_cast<uint8_t>(((info_[t].mark >> (2 * k)) & 3u) ? 1u << k : 0u);
    if (t > 0) c.preps |= prep_bit[t - 1];
    for (size_t d = 1; d <= 2 && t + d < tokens.size(); ++d) {
      if (cue_index[t + d]) c.cues |= 1u << (cue_index[t + d] - 1);
    }
  }
  for (size_t t = 0; t < tokens.size(); ++t) {
    const DocContext& c = context[info_[t].word];
    info_[t].doc_cues = c.cues;
    info_[t].doc_preps = c.preps;
    info_[t].doc_count = static_cast<uint8_t>(std::bit_width(c.count));
    info_[t].doc_marks = c.marks;
  }
}

void FeatureExtractor::sentence(const Sentence& s, FeatureRows& out) const {
  out.clear();
  out.ids.reserve((s.end - s.begin) * 44);
  out.begin.reserve(s.end - s.begin + 1);
  auto add = [&](uint64_t tmpl, uint64_t value) {
    out.ids.push_back(static_cast<uint32_t>(mix(value ^ (tmpl * 0x9E3779B97F4A7C15ull)) >> shift_));
  };
  auto lowerAt = [&](size_t t, ptrdiff_t d) {
    const ptrdiff_t k = static_cast<ptrdiff_t>(t) + d;
    if (k < static_cast<ptrdiff_t>(s.begin) || k >= static_cast<ptrdiff_t>(s.end)) return kBoundary + d;
    return info_[k].lower;
  };
  auto shapeAt = [&](size_t t, ptrdiff_t d) {
    const ptrdiff_t k = static_cast<ptrdiff_t>(t) + d;
    if (k < static_cast<ptrdiff_t>(s.begin) || k >= static_cast<ptrdiff_t>(s.end)) return kBoundary + d;
    return info_[k].short_shape;
  };
  for (size_t t = s.begin; t < s.end; ++t) {
    out.begin.push_back(static_cast<uint32_t>(out.ids.size()));
    const TokenInfo& ti = info_[t];
    add(kBias, 0);
    add(kWord, ti.word);
    add(kLower, ti.lower);
    add(kShape, ti.shape);
    add(kShortShape, ti.short_shape);
    for (uint64_t k = 0; k < 3; ++k) {
      add(kPrefix + k, ti.prefix[k]);
      add(kSuffix + k, ti.suffix[k]);
    }
    add(kFlags, ti.flags);
    const uint64_t p1 = lowerAt(t, -1), n1 = lowerAt(t, 1);
    add(kPrev1, p1);
    add(kNext1, n1);
    add(kPrev2, lowerAt(t, -2));
    add(kNext2, lowerAt(t, 2));
    const uint64_t ps = shapeAt(t, -1), ns = shapeAt(t, 1);
    add(kPrevShape, ps);
    add(kNextShape, ns);
    add(kPrevWord, p1 * 31 + ti.lower);
    add(kNextWord, ti.lower * 31 + n1);
    add(kShapeTri, (ps * 31 + ti.short_shape) * 31 + ns);
    add(kPrevLowerShape, p1 * 31 + ti.short_shape);
    add(kNextLowerShape, ti.short_shape * 31 + n1);
    if (t + 1 < s.end) add(kNextSuffix, info_[t + 1].suffix[1]);
    // The nearest cue word within three tokens on each side, with distance.
    for (size_t d = 1; d <= 3 && t + d < s.end; ++d) {
      if (info_[t + d].cue) {
        add(kCueRight, info_[t + d].lower * 8 + d);
        add(kCueRight, info_[t + d].cue * 8 + d);
        break;
      }
    }
    for (size_t d = 1; d <= 3 && t >= s.begin + d; ++d) {
      if (info_[t - d].cue) {
        add(kCueLeft, info_[t - d].lower * 8 + d);
        add(kCueLeft, info_[t - d].cue * 8 + d);
        break;
      }
    }
    for (uint32_t bits = ti.doc_cues; bits; bits &= bits - 1) add(kDocCue, std::countr_zero(bits));
    for (uint32_t bits = ti.doc_preps; bits; bits &= bits - 1) add(kDocPrep, std::countr_zero(bits));
    add(kDocCount, ti.doc_count * 16ull + (ti.flags & 0xFF));
    add(kSection, ti.section);
    add(kSectionShape, ti.section * 1000003ull + ti.short_shape);
    // Catalog and rule matches: the token's own mark, with its shape and
    // section, its neighbours' marks, and the marks of its word form
    // anywhere in the document.
    if (ti.mark) {
      add(kMark, ti.mark);
      add(kMarkShape, ti.mark * 1000003ull + ti.short_shape);
      add(kMarkSection, ti.mark * 16ull + ti.section);
    }
    const uint8_t prev_mark = t > s.begin ? info_[t - 1].mark : 0, next_mark = t + 1 < s.end ? info_[t + 1].mark : 0;
    if (prev_mark || ti.mark) add(kMarkPrev, prev_mark * 256ull + ti.mark);
    if (next_mark || ti.mark) add(kMarkNext, next_mark * 256ull + ti.mark);
    if (ti.doc_marks) add(kDocMark, ti.doc_marks * 16ull + (ti.mark ? 1 : 0));
    // No mark template fires without marks: a model trained without
    // matches computes the features feature set 1 did.
    // Word clusters of the neighbours, at every level (kNoCluster for
    // words not in the table, kNoCluster + 1 outside the sentence). The
    // token's own cluster is no feature: in cross-validation it cost
    // dataset F1 (0.728-0.730 against 0.738), its neighbours' did not.
    if (clusters_) {
      const uint64_t outside = kNoCluster + 1ull;
      for (size_t l = 0; l < kClusterLevels; ++l) {
        add(kPrevCluster + l, t > s.begin ? info_[t - 1].cluster[l] : outside);
        add(kNextCluster + l, t + 1 < s.end ? info_[t + 1].cluster[l] : outside);
      }
    }
    if (ti.line_start) add(kLineStart, ti.short_shape);
    if (t == s.begin) add(kSentenceStart, ti.short_shape);
    if (t + 1 == s.end) add(kSentenceEnd, ti.short_shape);
  }
  out.begin.push_back(static_cast<uint32_t>(out.ids.size()));
}

}  // namespace papergraph::model
