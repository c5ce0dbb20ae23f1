// The paper model every step after reading works on.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace papergraph {

// A section: heading and the byte range [start, end) of its body in
// Paper::text (the heading itself may lie just before start).
struct Section {
  std::string heading;
  size_t start = 0;
  size_t end = 0;
};

// One entry of the paper's bibliography. Empty fields are unknown.
struct BibEntry {
  std::string id;                    // stable within the paper: "b0", "b17", "ref-3"
  std::string raw;                   // the reference string as printed, if known
  std::vector<std::string> authors;  // "Given Family" as printed
  std::string title;
  std::string venue;
  std::string year;
  std::string doi;    // bare DOI: "10.1109/CVPR.2009.5206848"
  std::string arxiv;  // bare arXiv id: "1409.0473"
  std::string url;
  std::string label;  // the marker label as printed in the list: "17", "Krizhevsky 2009"
};

// A citation marker span in Paper::text with the entries it points to.
struct CitationMarker {
  size_t start = 0;
  size_t end = 0;
  std::vector<std::string> targets;  // BibEntry ids; empty when unresolved
};

// A paper as read. Offsets everywhere are UTF-8 byte offsets into text.
struct Paper {
  std::string id;      // file stem unless the input names one
  std::string source;  // the path it was read from (plus "#n" inside a shard)
  std::string format;  // "markdown", "text", "tei", "jats", "s2orc", "pdf"
  std::string title;
  std::vector<std::string> authors;
  std::string text;             // what offsets refer to
  bool text_is_source = false;  // true when text is the input file byte for byte
  std::vector<Section> sections;
  std::vector<BibEntry> bibliography;
  std::vector<CitationMarker> citations;
};

}  // namespace papergraph
