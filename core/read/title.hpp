// A paper's title from the line that holds it (a Markdown paper's first
// heading, a text paper's first line).
#pragma once

#include <string>
#include <string_view>

namespace papergraph {

// Lines up to this many bytes are titles as they stand.
inline constexpr size_t kLongTitleLine = 160;

// The title in `line`. A field label a converter wrote before it
// ("document:", "paper:", "title:", lower case) is dropped. A line longer than kLongTitleLine is
// taken to be a title run on into the text after it (converters put a
// paper's title and abstract in one heading): the title ends where a
// sentence begins: at the capitalised word before the first lower-case
// content word that follows it directly or that no capitalised word
// follows within three words ("... Algorithm | The game of chess ...",
// "... Detection | Even with the
// advent of ...", and "... Segmentation | Convolutional Neural Networks
// (CNNs) have ..." with the words a parenthesised acronym abbreviates). When no such place
// leaves a title of two words or more, the line is cut at a word boundary
// and ends in "…". Returns "" for an empty line.
std::string titleFromLine(std::string_view line);

}  // namespace papergraph
