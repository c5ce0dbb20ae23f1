// Markdown and plain-text readers. The paper's text is the file itself, byte
// for byte, so offsets are offsets into the input file.
#include <algorithm>
#include <cctype>
#include <string>

#include "common/text.hpp"
#include "read/formats.hpp"
#include "read/references.hpp"
#include "read/title.hpp"

namespace papergraph {
namespace {

bool endsWith(std::string_view s, std::string_view suffix) {
  if (s.size() < suffix.size()) return false;
  return std::equal(suffix.rbegin(), suffix.rend(), s.rbegin(),
                    [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

// Calls f(line, offset) for every line (without its '\n').
template <class F>
void forEachLine(std::string_view text, F f) {
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string_view::npos ? text.size() : nl;
    f(text.substr(pos, end - pos), pos);
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
}

// A Markdown ATX heading ("## 3 Experiments"): returns its text, or "".
std::string_view markdownHeading(std::string_view line) {
  size_t hashes = 0;
  while (hashes < line.size() && line[hashes] == '#') ++hashes;
  if (hashes == 0 || hashes > 6 || hashes >= line.size() || line[hashes] != ' ') return {};
  auto h = trimAsciiSpace(line.substr(hashes));
  while (!h.empty() && h.back() == '#') h.remove_suffix(1);
  return trimAsciiSpace(h);
}

// A plain-text heading: a short line like "3 Experiments", "3.1 Data",
// "ABSTRACT", "References".
std::string_view textHeading(std::string_view line) {
  auto t = trimAsciiSpace(line);
  if (t.empty() || t.size() > 80) return {};
  if (t.back() == '.' || t.back() == ',' || t.back() == ':' || t.back() == ';') return {};
  size_t i = 0;
  while (i < t.size() && (std::isdigit(static_cast<unsigned char>(t[i])) || t[i] == '.')) ++i;
  bool numbered = i > 0 && i < t.size() && t[i] == ' ' && std::isdigit(static_cast<unsigned char>(t[0]));
  if (numbered) {
    auto rest = trimAsciiSpace(t.substr(i));
    return !rest.empty() && std::isupper(static_cast<unsigned char>(rest[0])) && rest.size() < 60 ? t
                                                                                                 : std::string_view{};
  }
  bool has_alpha = false, all_upper = true;
  for (unsigned char c : t) {
    if (std::isalpha(c)) {
      has_alpha = true;
      if (std::islower(c)) all_upper = false;
    }
  }
  if (has_alpha && all_upper && t.size() >= 4) return t;
  if (isReferencesHeading(t)) return t;
  return {};
}

// Builds sections from heading lines: each section's body runs from the end
// of its heading line to the start of the next heading.
template <class HeadingFn>
void buildSections(Paper& p, HeadingFn heading) {
  std::string_view text = p.text;
  forEachLine(text, [&](std::string_view line, size_t off) {
    auto h = heading(line);
    if (h.empty()) return;
    if (!p.sections.empty()) p.sections.back().end = off;
    size_t body = std::min(text.size(), off + line.size() + 1);
    p.sections.push_back({std::string(h), body, text.size()});
  });
}

// A format whose text is the input file itself: only headings and the title
// differ between Markdown and plain text.
class SourceTextReader : public Reader {
 public:
  void read(const std::string& path, std::string_view bytes, const PaperSink& sink) const override {
    if (Status s = checkText(path, bytes); !s.isOk()) return sink(s);
    Paper p;
    p.id = paperIdFromPath(path);
    p.source = path;
    p.format = std::string(format());
    p.text = std::string(bytes);
    p.text_is_source = true;
    buildSections(p, [this](std::string_view line) { return heading(line); });
    p.title = title(p);
    parseReferenceSection(p);
    sink(std::move(p));
  }

 protected:
  // The heading text when line is a heading, else "".
  virtual std::string_view heading(std::string_view line) const = 0;
  // The paper's title once its sections are known.
  virtual std::string title(const Paper& p) const = 0;
};

class MarkdownReader : public SourceTextReader {
 public:
  std::string_view format() const override { return "markdown"; }
  bool accepts(std::string_view path, std::string_view) const override {
    return endsWith(path, ".md") || endsWith(path, ".markdown");
  }

 protected:
  std::string_view heading(std::string_view line) const override { return markdownHeading(line); }
  // The first level-1 heading, else the first heading (titleFromLine: a
  // heading that runs on into the abstract gives only the title).
  std::string title(const Paper& p) const override {
    std::string t;
    forEachLine(p.text, [&](std::string_view line, size_t) {
      if (t.empty() && line.size() > 2 && line[0] == '#' && line[1] == ' ') t = titleFromLine(line.substr(2));
    });
    if (t.empty() && !p.sections.empty()) t = titleFromLine(p.sections.front().heading);
    return t;
  }
};

class TextReader : public SourceTextReader {
 public:
  std::string_view format() const override { return "text"; }
  bool accepts(std::string_view path, std::string_view) const override { return endsWith(path, ".txt"); }

 protected:
  std::string_view heading(std::string_view line) const override { return textHeading(line); }
  // The first non-empty line, when it is short enough to be a title.
  std::string title(const Paper& p) const override {
    bool seen = false;
    std::string t;
    forEachLine(p.text, [&](std::string_view line, size_t) {
      auto l = trimAsciiSpace(line);
      if (seen || l.empty()) return;
      seen = true;
      if (l.size() <= 300) t = titleFromLine(l);
    });
    return t;
  }
};

}  // namespace

std::unique_ptr<Reader> makeMarkdownReader() { return std::make_unique<MarkdownReader>(); }
std::unique_ptr<Reader> makeTextReader() { return std::make_unique<TextReader>(); }

}  // namespace papergraph
