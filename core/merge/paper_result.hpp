// A paper after extraction and merging: its entities, each with the evidence
// every extractor gave. Resolution (core/resolve) fills in Entity::id.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "extract/mention.hpp"
#include "read/paper.hpp"

namespace papergraph {

// What one extractor said about one span.
struct Provenance {
  std::string extractor;
  float confidence = 0;
  std::string key;  // the name that extractor proposed
};

// One span in the text after overlapping mentions were merged.
struct Evidence {
  size_t start = 0;
  size_t end = 0;
  std::string text;    // the bytes [start, end) of Paper::text
  float confidence = 0;  // combined over sources
  std::vector<Provenance> sources;
  std::map<std::string, std::string> attributes;  // union, first wins
  std::string citation;  // bibliography id of the marker right after it, if any
};

// Dataset, task ... as this paper mentions it.
struct Entity {
  Kind kind = Kind::kDataset;
  std::string key;         // normalised grouping key inside the paper
  std::string name;        // best name: catalog title, else the most common surface form
  std::string catalog_id;  // when the catalog knows it
  std::string id;          // stable IRI, set by resolve
  std::string role = "used";  // used | introduced | referred-to
  float confidence = 0;
  std::vector<Evidence> mentions;  // in text order
  std::map<std::string, std::string> attributes;  // version, split, language_pair ...
  std::vector<std::string> citations;  // bibliography ids linked to this entity
};

// Everything known about one paper after merge (and later resolve).
struct PaperResult {
  Paper paper;
  std::vector<Entity> entities;
  std::vector<std::string> plugin_errors;  // "rules: <message>" per failed plugin
};

}  // namespace papergraph
