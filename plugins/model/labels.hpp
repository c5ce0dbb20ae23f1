// The BIO tag set and turning tag sequences into spans.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace papergraph::model {

// What a span is.
enum class EntityKind : uint8_t { kDataset = 0, kTask = 1 };

// BIO tags; the numbering is part of the model file format.
enum Tag : uint8_t { kO = 0, kBDataset = 1, kIDataset = 2, kBTask = 3, kITask = 4 };
inline constexpr size_t kNumTags = 5;

// The B tag and I tag of a kind.
inline Tag beginTag(EntityKind k) { return k == EntityKind::kDataset ? kBDataset : kBTask; }
inline Tag insideTag(EntityKind k) { return k == EntityKind::kDataset ? kIDataset : kITask; }

// True when tag `next` may follow tag `prev` (prev == kNumTags: sentence
// start): an I tag only continues a B or I of the same kind.
inline bool allowedTransition(size_t prev, size_t next) {
  if (next == kIDataset) return prev == kBDataset || prev == kIDataset;
  if (next == kITask) return prev == kBTask || prev == kITask;
  return true;
}

// A span of tokens [begin, end) of one kind.
struct TokenSpan {
  size_t begin = 0;
  size_t end = 0;
  EntityKind kind = EntityKind::kDataset;
  bool operator==(const TokenSpan&) const = default;
};

// The spans a tag sequence marks. Lenient: an I tag that does not continue
// a span of its kind starts one.
std::vector<TokenSpan> spansFromTags(const std::vector<uint8_t>& tags);

}  // namespace papergraph::model
