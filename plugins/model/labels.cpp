#include "labels.hpp"

namespace papergraph::model {

std::vector<TokenSpan> spansFromTags(const std::vector<uint8_t>& tags) {
  std::vector<TokenSpan> spans;
  bool open = false;
  for (size_t t = 0; t <= tags.size(); ++t) {
    const uint8_t tag = t < tags.size() ? tags[t] : static_cast<uint8_t>(kO);
    const bool inside = tag == kIDataset || tag == kITask;
    const EntityKind kind = (tag == kBDataset || tag == kIDataset) ? EntityKind::kDataset : EntityKind::kTask;
    if (open && inside && spans.back().kind == kind) continue;  // the span goes on
    if (open) {
      spans.back().end = t;
      open = false;
    }
    if (tag != kO) {
      spans.push_back({t, t, kind});
      open = true;
    }
  }
  return spans;
}

}  // namespace papergraph::model
