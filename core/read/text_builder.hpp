// Builds Paper::text for formats whose text papergraph assembles itself
// (TEI, JATS, S2ORC, PDF): title, abstract and sections joined in order with
// blank lines, and the byte offsets of sections and citation markers in it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "read/paper.hpp"

namespace papergraph {

class TextBuilder {
 public:
  // Appends s with every run of white space collapsed to one space; leading
  // space of a paragraph is dropped. NUL and other C0 controls count as space.
  void add(std::string_view s);
  // Appends s byte for byte (S2ORC span offsets index into it); NUL bytes
  // become spaces so the text stays valid.
  void addRaw(std::string_view s);
  // Ends the paragraph: the next text starts after a blank line.
  void breakParagraph() { pending_break_ = !text_.empty(); }
  // Starts a section: its heading on a line of its own, then the body.
  // Closes the previous section.
  void startSection(std::string_view heading);
  // Closes the open section (its end is the current end of text).
  void endSection();
  // Where the next visible character will go (flushes pending space).
  size_t markStart();
  // The current end of the text (pending space not counted).
  size_t size() const { return text_.size(); }
  // The text so far.
  const std::string& text() const { return text_; }
  // Moves the text and sections into paper (paper.text, paper.sections).
  void finish(Paper& paper);

 private:
  void flush();

  std::string text_;
  std::vector<Section> sections_;
  bool open_ = false;
  bool pending_space_ = false;
  bool pending_break_ = false;
};

}  // namespace papergraph
