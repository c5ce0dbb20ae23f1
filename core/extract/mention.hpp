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
const char* kindName(Kind kind);
// Kind from a pg_kind bit; false when the bit is unknown.
bool kindFromBit(unsigned bit, Kind* out);

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
