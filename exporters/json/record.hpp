// The per-paper JSON record (schema: ontology/record.schema.json,
// "papergraph-record/1"): the paper, its datasets and tasks with every
// evidence span and extractor, and its bibliography.
#pragma once

#include <string>

#include "merge/paper_result.hpp"

namespace papergraph {

// The schema identifier written into every record.
inline constexpr const char* kRecordSchema = "papergraph-record/1";

// Options for writing records.
struct RecordOptions {
  std::string text_ref;  // "source" when offsets refer to the input file, else "<id>.txt"
  bool pretty = true;
};

// The record of one paper as JSON text (deterministic: same input, same
// bytes).
std::string recordJson(const PaperResult& result, const RecordOptions& options);

}  // namespace papergraph
