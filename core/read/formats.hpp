// Factories for the readers of each format; the registry (registry.cpp)
// asks them in this order, so content sniffers come before extension-only
// readers.
#pragma once

#include <memory>

#include "read/reader.hpp"

namespace papergraph {

// PDF (%PDF- content, or .pdf): text through poppler-cpp; "no text layer"
// error for scanned PDFs.
std::unique_ptr<Reader> makePdfReader();
// GROBID TEI XML (TEI root, or .tei.xml).
std::unique_ptr<Reader> makeTeiReader();
// JATS XML (article root or JATS DOCTYPE, or .nxml/.xml).
std::unique_ptr<Reader> makeJatsReader();
// S2ORC JSON documents and JSON Lines shards, plain, .gz or .zst.
std::unique_ptr<Reader> makeS2orcReader();
// Markdown (.md, .markdown): headings "#..." become sections.
std::unique_ptr<Reader> makeMarkdownReader();
// Plain text (.txt): sections from numbered or all-caps heading lines.
std::unique_ptr<Reader> makeTextReader();

}  // namespace papergraph
