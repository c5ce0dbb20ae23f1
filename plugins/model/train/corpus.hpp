// Reading annotated training data: a corpus folder of papers with gold
// files (the layout of ../shared/corpus/scirex-dev) and JSON-lines files of
// annotated sentences.
#pragma once

#include <papergraph/status.hpp>
#include <string>
#include <vector>

#include "../labels.hpp"

namespace papergraph::model {

// A gold span: byte range in AnnotatedDoc::text and its kind.
struct GoldSpan {
  size_t start = 0;
  size_t end = 0;
  EntityKind kind = EntityKind::kDataset;
};

// A salient dataset: one of the gold clusters the paper's results are about,
// with its name and mentions (byte ranges).
struct SalientDataset {
  std::string name;
  std::vector<std::pair<size_t, size_t>> mentions;
};

// A text with its gold spans.
struct AnnotatedDoc {
  std::string id;
  std::string text;
  std::vector<GoldSpan> spans;
  // The gold file's salient "Material" clusters that have mentions.
  std::vector<SalientDataset> salient;
  // False for sentences annotated for datasets only: task predictions there
  // are neither right nor wrong.
  bool has_tasks = true;
  // True for isolated sentences (no title, no paragraphs, no sections).
  bool single_sentence = false;
};

// Reads DIR/papers/<id>.md (or .txt) and DIR/gold/<id>.gold.json: the gold
// "mentions" lists "Material" (datasets) and "Task" (UTF-8 byte offsets).
// Papers come back sorted by id. Fails, naming the file, on a missing
// folder, unreadable or malformed JSON, or a span outside its paper.
StatusOr<std::vector<AnnotatedDoc>> readCorpus(const std::string& dir);

// Reads a JSON-lines file of {"text": ..., "spans": [[start, end, type],
// ...]} (UTF-8 byte offsets); every span is taken as a dataset. Fails,
// naming file and line, on malformed lines.
StatusOr<std::vector<AnnotatedDoc>> readSentences(const std::string& path);

}  // namespace papergraph::model
