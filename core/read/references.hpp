// Bibliographies and citation markers of papers whose reader only has text
// (Markdown, plain text, PDF): finding the references section, splitting it
// into entries, parsing each entry, and finding the markers that cite them.
#pragma once

#include <string_view>

#include "read/paper.hpp"

namespace papergraph {

// True for a heading that opens the bibliography ("References",
// "Bibliography", "7 REFERENCES", "Literature Cited").
bool isReferencesHeading(std::string_view heading);

// Parses one reference string into entry (authors, year, title, venue, doi,
// arxiv, url); entry.raw is set to the string. Unknown fields stay empty.
void parseReferenceString(std::string_view raw, BibEntry& entry);

// When paper has a references section (by heading), splits it into entries
// (numbered "[12]" / "12." lists or author-year paragraphs), parses each into
// paper.bibliography, and finds citation markers in the text before it
// ("[3]", "[3, 5-7]", "(Smith et al., 2019)", "Smith et al. (2019)"),
// linking them to entries in paper.citations. Leaves paper unchanged when
// there is no references section.
void parseReferenceSection(Paper& paper);

}  // namespace papergraph
