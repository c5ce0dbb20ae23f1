// Factories for the readers of each format; the registry (registry.cpp)
// asks them in this order, so content sniffers come before extension-only
// readers.
#pragma once

#include <memory>

#include "read/reader.hpp"

namespace papergraph {

// Markdown (.md, .markdown): headings "#..." become sections.
std::unique_ptr<Reader> makeMarkdownReader();
// Plain text (.txt): sections from numbered or all-caps heading lines.
std::unique_ptr<Reader> makeTextReader();

}  // namespace papergraph
