// The per-paper JSON record (schema: ontology/record.schema.json,
// "papergraph-record/1"): the paper, its datasets and tasks with every
// evidence span and extractor, and its bibliography.
#pragma once

#include <memory>
#include <string>

#include "catalog/catalog.hpp"
#include "merge/paper_result.hpp"
#include "papergraph/status.hpp"

namespace papergraph {

// The schema identifier written into every record.
inline constexpr const char* kRecordSchema = "papergraph-record/1";

// Options for writing records.
struct RecordOptions {
  std::string text_ref;  // "source" when offsets refer to the input file, else "<id>.txt"
  bool pretty = true;
  // Fills each dataset's DCAT fields (description, creators, issued, ...);
  // without it only what the paper's citations supply is written.
  std::shared_ptr<const Catalog> catalog;
};

// The record of one paper as JSON text (deterministic: same input, same
// bytes).
std::string recordJson(const PaperResult& result, const RecordOptions& options);

// Reads a record back (without the paper's text): paper, entities with their
// ids and evidence, bibliography. Fails with a message naming `where` when
// the JSON is malformed or its schema is not papergraph-record/1.
StatusOr<PaperResult> parseRecord(const std::string& json, const std::string& where);

// True when text looks like a papergraph record (cheap check of the schema
// field near the start).
bool looksLikeRecord(const std::string& text);

}  // namespace papergraph
