// What a file is, judged from its first bytes and its name. Readers use it
// so that content wins over a wrong name (a PDF called ".xml").
#pragma once

#include <string_view>

namespace papergraph {

// Kinds of content recognisable from the first bytes.
enum class Content {
  kUnknown,   // text or anything else: the name decides
  kPdf,       // "%PDF-" in the first 1 KiB
  kTei,       // XML whose root element is TEI or teiCorpus
  kJats,      // XML whose root element is article (or a JATS/NLM DOCTYPE)
  kOtherXml,  // XML with some other root
  kJson,      // '{' followed by '"': a JSON object or JSON Lines
  kGzip,      // gzip magic
  kZstd,      // zstd magic
};

// The kind of content head (the file's first bytes) holds.
Content sniffContent(std::string_view head);

// True when path ends with suffix, ignoring ASCII case.
bool hasSuffix(std::string_view path, std::string_view suffix);

// The decision each reader makes: with no head (extension listing), the
// name decides; with a head, a recognised content decides, and only
// unrecognised content (and, for the XML readers, XML with another root)
// falls back to the name.
bool acceptsFile(std::string_view head, Content mine, bool name_matches, bool other_xml_falls_back = false);

}  // namespace papergraph
