#include "read/text_builder.hpp"

#include <algorithm>

namespace papergraph {

void TextBuilder::flush() {
  if (text_.empty()) {
    pending_space_ = pending_break_ = false;
    return;
  }
  if (pending_break_) {
    while (!text_.empty() && text_.back() == ' ') text_.pop_back();
    size_t nl = 0;
    for (auto it = text_.rbegin(); it != text_.rend() && *it == '\n' && nl < 2; ++it) ++nl;
    text_.append(2 - nl, '\n');
  } else if (pending_space_ && text_.back() != ' ' && text_.back() != '\n') {
    text_ += ' ';
  }
  pending_space_ = pending_break_ = false;
}

void TextBuilder::add(std::string_view s) {
  for (char ch : s) {
    auto c = static_cast<unsigned char>(ch);
    if (c <= 0x20 || c == 0x7F) {
      pending_space_ = true;
      continue;
    }
    if (pending_space_ || pending_break_) flush();
    text_ += ch;
  }
}

void TextBuilder::addRaw(std::string_view s) {
  flush();
  size_t from = text_.size();
  text_.append(s);
  for (size_t i = from; i < text_.size(); ++i)
    if (text_[i] == '\0') text_[i] = ' ';
}

size_t TextBuilder::markStart() {
  if (pending_space_ || pending_break_) flush();
  return text_.size();
}

void TextBuilder::startSection(std::string_view heading) {
  endSection();
  breakParagraph();
  size_t before = markStart();
  add(heading);
  bool has_heading = text_.size() > before;
  breakParagraph();
  if (has_heading) flush();
  sections_.push_back(
      {std::string(has_heading ? std::string_view(text_).substr(before) : ""), text_.size(), text_.size()});
  // The heading as it appears in the text, without the blank line after it.
  while (!sections_.back().heading.empty() && sections_.back().heading.back() == '\n')
    sections_.back().heading.pop_back();
  open_ = true;
}

void TextBuilder::endSection() {
  if (!open_) return;
  sections_.back().end = std::max(sections_.back().start, text_.size());
  open_ = false;
}

void TextBuilder::finish(Paper& paper) {
  endSection();
  while (!text_.empty() && (text_.back() == ' ' || text_.back() == '\n')) text_.pop_back();
  for (auto& s : sections_) {
    s.start = std::min(s.start, text_.size());
    s.end = std::min(std::max(s.end, s.start), text_.size());
  }
  paper.text = std::move(text_);
  paper.sections = std::move(sections_);
  text_.clear();
  sections_.clear();
}

}  // namespace papergraph
