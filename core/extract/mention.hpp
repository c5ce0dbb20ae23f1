// A mention as a plugin reported it, owned by the host.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace papergraph {

// What a mention is about (mirrors pg_kind).
enum class Kind { kDataset, kTask, kMethod, kMetric, kCitation };

// "dataset", "task", ...
inline const char* kindName(Kind kind) {
  switch (kind) {
    case Kind::kDataset: return "dataset";
    case Kind::kTask: return "task";
    case Kind::kMethod: return "method";
    case Kind::kMetric: return "metric";
    case Kind::kCitation: return "citation";
  }
  return "unknown";
}

// Kind from one pg_kind bit (1 dataset, 2 task, 4 method, 8 metric,
// 16 citation); false when the bit is unknown.
inline bool kindFromBit(unsigned bit, Kind* out) {
  switch (bit) {
    case 1u: *out = Kind::kDataset; return true;
    case 2u: *out = Kind::kTask; return true;
    case 4u: *out = Kind::kMethod; return true;
    case 8u: *out = Kind::kMetric; return true;
    case 16u: *out = Kind::kCitation; return true;
    default: return false;
  }
}

// One finding of one extractor.
struct Mention {
  size_t start = 0;  // byte offsets into Paper::text, end exclusive
  size_t end = 0;
  Kind kind = Kind::kDataset;
  float confidence = 0;
  std::string key;        // the canonical name the extractor proposes
  std::string extractor;  // plugin name
  // Flat string attributes: catalog_id, version, split, language_pair, role,
  // citation, size, abbreviation_of ...
  std::map<std::string, std::string> attributes;

  // The attribute, or "" when absent.
  std::string attr(const std::string& name) const {
    auto it = attributes.find(name);
    return it == attributes.end() ? std::string() : it->second;
  }
};

}  // namespace papergraph
