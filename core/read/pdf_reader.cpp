// PDF through poppler-cpp: words in reading order page by page, grouped
// into lines and paragraphs by their geometry; running headers, footers and
// page numbers dropped; hyphens at line ends joined; headings found by font
// size and weight; the references section split into entries (numbered or
// by hanging indent) and handed to references.cpp with the text.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <mutex>
#include <set>

#include "read/formats.hpp"
#include "read/references.hpp"
#include "read/sniff.hpp"
#include "read/text_builder.hpp"

namespace papergraph {
namespace {

constexpr int kMaxPages = 3000;

struct Line {
  std::string text;
  double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
  double size = 0;   // font size (largest word)
  bool bold = true;  // every word in a bold font
  int page = 0;
  double page_width = 0, page_height = 0;
  double height() const { return y1 - y0; }
};

bool isBoldFont(std::string_view font) {
  for (std::string_view k : {"Bold", "bold", "Black", "Heavy", "Semibold", "SemiBold", "Medi", ".B", "-B"})
    if (font.find(k) != std::string_view::npos) return true;
  return false;
}

// Ligatures to plain letters; invalid UTF-8 (rare, from broken font maps)
// to '?', so the text stays valid.
std::string cleanWord(std::string w) {
  static const std::pair<std::string_view, std::string_view> kLig[] = {{"\xEF\xAC\x80", "ff"},  {"\xEF\xAC\x81", "fi"},
                                                                       {"\xEF\xAC\x82", "fl"},  {"\xEF\xAC\x83", "ffi"},
                                                                       {"\xEF\xAC\x84", "ffl"}, {"\xC2\xAD", "-"}};
  if (!checkText("", w).isOk()) {
    for (auto& c : w)
      if (static_cast<unsigned char>(c) >= 0x80 || c == '\0') c = '?';
  }
  for (auto [from, to] : kLig) {
    for (size_t p = w.find(from); p != std::string::npos; p = w.find(from, p + to.size()))
      w.replace(p, from.size(), to);
  }
  return w;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ')) s.remove_suffix(1);
  return s;
}

// Lines of one page, in poppler's reading order.
void pageLines(poppler::page& page, int index, std::vector<Line>& out, size_t* words) {
  poppler::rectf box = page.page_rect();
  std::vector<poppler::text_box> list = page.text_list(poppler::page::text_list_include_font);
  Line cur;
  bool open = false, space_after = false;
  for (auto& w : list) {
    if (w.rotation() != 0) continue;  // side stamps ("arXiv:...v1 [cs.CL]")
    auto bytes = w.text().to_utf8();
    std::string t = cleanWord(std::string(bytes.begin(), bytes.end()));
    if (trim(t).empty()) continue;
    ++*words;
    poppler::rectf r = w.bbox();
    double x0 = r.left(), x1 = r.right(), y0 = r.top(), y1 = r.bottom();
    double size = w.has_font_info() ? w.get_font_size() : y1 - y0;
    bool bold = w.has_font_info() && isBoldFont(w.get_font_name());
    double cy = (y0 + y1) / 2, ccy = (cur.y0 + cur.y1) / 2;
    double h = std::min(y1 - y0, cur.y1 - cur.y0);
    // Same line: same height, to the right, and not across a column gutter.
    bool same_line = open && std::fabs(cy - ccy) <= std::max(1.0, 0.5 * h) && x0 >= cur.x1 - 2 &&
                     x0 - cur.x1 < 1.2 * std::max(size, cur.size);
    if (!same_line) {
      if (open) out.push_back(std::move(cur));
      cur = Line{};
      cur.x0 = x0, cur.y0 = y0, cur.x1 = x1, cur.y1 = y1, cur.size = size, cur.bold = bold;
      cur.page = index, cur.page_width = box.width(), cur.page_height = box.height();
      cur.text = t;
      open = true;
    } else {
      if (space_after || x0 - cur.x1 > 0.15 * size) cur.text += ' ';
      cur.text += t;
      cur.x1 = std::max(cur.x1, x1);
      cur.y0 = std::min(cur.y0, y0);
      cur.y1 = std::max(cur.y1, y1);
      cur.size = std::max(cur.size, size);
      cur.bold = cur.bold && bold;
    }
    space_after = w.has_space_after();
  }
  if (open) out.push_back(std::move(cur));
}

// Puts the lines of one page into reading order: lines spanning both halves
// of the page separate bands; within a band the left column comes before
// the right one, each top to bottom.
void columnOrder(std::vector<Line>& page) {
  if (page.empty()) return;
  double w = page[0].page_width;
  auto side = [&](const Line& l) { return l.x1 <= w * 0.55 ? 0 : l.x0 >= w * 0.45 ? 1 : 2; };
  bool two_columns = false;
  for (const auto& l : page) two_columns = two_columns || side(l) == 1;
  if (!two_columns) return;
  std::vector<Line> sorted(page.begin(), page.end());
  std::stable_sort(sorted.begin(), sorted.end(), [](const Line& a, const Line& b) { return a.y0 < b.y0; });
  std::vector<Line> out, left, right;
  auto flushBand = [&] {
    for (auto* col : {&left, &right}) {
      for (auto& l : *col) out.push_back(std::move(l));
      col->clear();
    }
  };
  for (auto& l : sorted) {
    int s = side(l);
    if (s == 2) {
      flushBand();
      out.push_back(std::move(l));
    } else {
      (s == 0 ? left : right).push_back(std::move(l));
    }
  }
  flushBand();
  page = std::move(out);
}

// The text of a line with digits removed: running headers differ only in
// page numbers.
std::string headerKey(std::string_view s) {
  std::string k;
  for (char c : s)
    if (!(c >= '0' && c <= '9') && c != ' ') k += c;
  return k;
}

bool startsWithNumberedHeading(std::string_view t) {
  size_t i = 0;
  while (i < t.size() && ((t[i] >= '0' && t[i] <= '9') || t[i] == '.')) ++i;
  if (i == 0 || i > 8 || i >= t.size() || t[i] != ' ') {
    // "A Appendix", "B.1 Details", "IV. RESULTS"
    size_t r = 0;
    while (r < t.size() && (t[r] == 'I' || t[r] == 'V' || t[r] == 'X')) ++r;
    if (r > 0 && r < t.size() && t[r] == '.' && r + 2 < t.size() && t[r + 1] == ' ') return true;
    return t.size() > 2 && t[0] >= 'A' && t[0] <= 'H' &&
           (t[1] == ' ' || (t[1] == '.' && t.size() > 3 && t[2] >= '0' && t[2] <= '9'));
  }
  return t[i + 1] >= 'A' && t[i + 1] <= 'Z';
}

bool isCaption(std::string_view t) {
  for (std::string_view k : {"Figure ", "Fig. ", "Fig ", "Table ", "FIGURE ", "TABLE ", "FIG. "}) {
    if (!t.starts_with(k)) continue;
    size_t i = k.size();
    if (i >= t.size() || !((t[i] >= '0' && t[i] <= '9') ||
                           (t[i] >= 'A' && t[i] <= 'Z' && i + 1 < t.size() && t[i + 1] >= '0' && t[i + 1] <= '9')))
      return false;
    while (i < t.size() && (std::isalnum(static_cast<unsigned char>(t[i])) || t[i] == '.')) ++i;
    return i < t.size() && (t[i] == ':' || t[i] == '.' || t[i] == '|' || t[i - 1] == '.' || t[i] == ' ');
  }
  return false;
}

// Joins a line to a paragraph, removing a hyphen that only splits a word
// across the line break ("representa-" + "tion").
void joinLine(std::string& para, std::string_view line) {
  if (para.empty()) {
    para = line;
    return;
  }
  size_t n = para.size();
  bool hyphen = n >= 2 && para[n - 1] == '-' && std::islower(static_cast<unsigned char>(para[n - 2])) &&
                !line.empty() && std::islower(static_cast<unsigned char>(line[0]));
  // A DOI or URL broken at a line end ("https://doi.org/10.1016/j." +
  // "anaerobe.2009.04.005") continues without a space.
  size_t token = para.rfind(' ');
  std::string_view last = std::string_view(para).substr(token == std::string::npos ? 0 : token + 1);
  bool link = last.starts_with("http") || last.starts_with("doi") ||
              (last.starts_with("10.") && last.find('/') != std::string_view::npos);
  char end = para.back();
  bool broken_link = link && (end == '.' || end == '/' || end == '-' || end == '_');
  if (hyphen)
    para.pop_back();
  else if (!broken_link)
    para += ' ';
  para += line;
}

class PdfReader : public Reader {
 public:
  std::string_view format() const override { return "pdf"; }
  bool accepts(std::string_view path, std::string_view head) const override {
    return acceptsFile(head, Content::kPdf, hasSuffix(path, ".pdf"));
  }
  void read(const std::string& path, std::string_view bytes, const PaperSink& sink) const override {
    static std::once_flag quiet;
    // poppler prints its errors to stderr by default; library code never prints.
    std::call_once(quiet, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
    if (bytes.empty()) return sink(badInput(path + ": empty file"));
    if (sniffContent(bytes.substr(0, 1024)) != Content::kPdf)
      return sink(badInput(path + ": not a PDF (no %PDF- header)"));
    if (bytes.size() > static_cast<size_t>(INT32_MAX)) return sink(unsupported(path + ": PDF larger than 2 GiB"));
    std::unique_ptr<poppler::document> doc(
        poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
    if (!doc) return sink(badInput(path + ": damaged or truncated PDF (poppler cannot open it)"));
    if (doc->is_locked()) return sink(unsupported(path + ": encrypted PDF (password required)"));
    int pages = doc->pages();
    if (pages <= 0) return sink(badInput(path + ": PDF has no pages"));
    if (pages > kMaxPages)
      return sink(unsupported(path + ": PDF has more than " + std::to_string(kMaxPages) + " pages"));

    std::vector<Line> lines;
    size_t words = 0;
    for (int i = 0; i < pages; ++i) {
      std::unique_ptr<poppler::page> page(doc->create_page(i));
      if (!page) continue;
      std::vector<Line> page_lines;
      pageLines(*page, i, page_lines, &words);
      columnOrder(page_lines);
      for (auto& l : page_lines) lines.push_back(std::move(l));
    }
    if (words == 0) return sink(badInput(path + ": no text layer (a scanned PDF? run OCR first, e.g. ocrmypdf)"));

    Paper p;
    p.id = paperIdFromPath(path);
    p.source = path;
    p.format = "pdf";
    build(lines, pages, p);
    if (p.title.empty()) {
      auto t = doc->info_key("Title").to_utf8();
      std::string title = cleanWord(std::string(t.begin(), t.end()));
      if (title.size() > 8 && title.find("Microsoft") == std::string::npos) p.title = title;
    }
    parseReferenceSection(p);
    sink(std::move(p));
  }

 private:
  static void build(std::vector<Line>& lines, int pages, Paper& p) {
    // Body font size: the size most characters are set in.
    std::map<long, size_t> by_size;
    for (const auto& l : lines) by_size[std::lround(l.size * 2)] += l.text.size();
    double body = 10;
    size_t best = 0;
    for (auto [s, n] : by_size)
      if (n > best) best = n, body = s / 2.0;

    // Running headers/footers: the same text (digits aside) near the top or
    // bottom of several pages; lone page numbers.
    std::map<std::string, std::set<int>> margin_pages;
    auto inMargin = [](const Line& l) { return l.y1 < l.page_height * 0.09 || l.y0 > l.page_height * 0.91; };
    for (const auto& l : lines)
      if (inMargin(l)) margin_pages[headerKey(l.text)].insert(l.page);
    std::vector<bool> drop(lines.size(), false);
    for (size_t i = 0; i < lines.size(); ++i) {
      const Line& l = lines[i];
      if (!inMargin(l)) continue;
      std::string key = headerKey(l.text);
      if (key.empty() || (pages >= 3 && margin_pages[key].size() >= 3)) drop[i] = true;
    }

    // A heading number set apart from its words ("1" ... "Introduction" on
    // the same baseline) joins the next line.
    for (size_t i = 0; i + 1 < lines.size(); ++i) {
      std::string_view t = trim(lines[i].text);
      if (t.empty() || t.size() > 6 || t.find_first_not_of("0123456789.") != std::string_view::npos) continue;
      for (size_t k = i + 1; k < lines.size() && k < i + 40; ++k) {
        Line& n = lines[k];
        if (n.page != lines[i].page || drop[k]) continue;
        if (std::fabs(n.y0 - lines[i].y0) < 2 && n.x0 > lines[i].x0 && n.x0 - lines[i].x1 < 40) {
          n.text = std::string(t) + " " + n.text;
          n.x0 = lines[i].x0;
          drop[i] = true;
          break;
        }
      }
    }

    // Title: the largest lines in the top part of the first page.
    double top = 0;
    for (size_t i = 0; i < lines.size() && lines[i].page == 0; ++i)
      if (!drop[i] && lines[i].y0 < lines[i].page_height * 0.45) top = std::max(top, lines[i].size);
    if (top >= body * 1.2) {
      for (size_t i = 0; i < lines.size() && lines[i].page == 0; ++i) {
        if (drop[i] || lines[i].y0 >= lines[i].page_height * 0.45 || lines[i].size < top * 0.95) continue;
        if (!p.title.empty() && i > 0 && lines[i - 1].size < top * 0.95) break;
        joinLine(p.title, lines[i].text);
        drop[i] = true;
      }
    }

    TextBuilder text;
    text.add(p.title);
    text.breakParagraph();
    std::vector<std::string> captions;
    std::string para;
    bool caption = false, in_refs = false;
    auto flush = [&] {
      if (para.empty()) return;
      if (caption) {
        captions.push_back(std::move(para));
      } else {
        text.add(para);
        text.breakParagraph();
      }
      para.clear();
      caption = false;
    };
    auto isHeading = [&](const Line& l) {
      std::string_view t = trim(l.text);
      if (t.size() < 3 || t.size() > 90 || t.back() == ',' || t.back() == '-') return false;
      if (!(std::isupper(static_cast<unsigned char>(t[0])) || std::isdigit(static_cast<unsigned char>(t[0]))))
        return false;
      size_t letters = 0;
      for (char c : t) letters += std::isalpha(static_cast<unsigned char>(c)) != 0;
      if (letters < 3) return false;
      bool known = isReferencesHeading(t) || t == "Abstract" || t == "ABSTRACT" || t == "Introduction" ||
                   t == "Acknowledgments" || t == "Acknowledgements" || t == "Conclusion" || t == "Conclusions";
      bool larger = l.size >= body * 1.12 && l.size <= body * 3;
      bool numbered = startsWithNumberedHeading(t);
      if (in_refs) return (larger || l.bold) && (numbered || known);
      if (known && (l.bold || larger || t.size() < 16)) return true;
      if (t.back() == '.' && !numbered) return false;
      return (larger && (numbered || t.size() < 60)) || (l.bold && numbered);
    };

    // References: entries by numbered label or hanging indent.
    std::map<std::pair<int, int>, double> ref_left;  // (page, column) -> leftmost x
    auto column = [](const Line& l) { return l.x0 < l.page_width * 0.45 ? 0 : 1; };
    bool hanging = false;

    const Line* prev = nullptr;
    for (size_t i = 0; i < lines.size(); ++i) {
      if (drop[i]) continue;
      const Line& l = lines[i];
      std::string_view t = trim(l.text);
      if (isHeading(l)) {
        flush();
        text.startSection(t);
        bool was_refs = in_refs;
        in_refs = isReferencesHeading(t);
        if (in_refs && !was_refs) {
          ref_left.clear();
          size_t indented = 0, n = 0;
          for (size_t k = i + 1; k < lines.size() && n < 400; ++k) {
            if (drop[k]) continue;
            auto key = std::make_pair(lines[k].page, column(lines[k]));
            auto it = ref_left.find(key);
            if (it == ref_left.end() || lines[k].x0 < it->second) ref_left[key] = lines[k].x0;
            ++n;
          }
          for (size_t k = i + 1, m = 0; k < lines.size() && m < n; ++k) {
            if (drop[k]) continue;
            ++m;
            if (lines[k].x0 > ref_left[{lines[k].page, column(lines[k])}] + 3) ++indented;
          }
          hanging = indented * 5 >= n && indented * 5 <= n * 4;
        }
        prev = nullptr;
        continue;
      }
      bool new_para;
      if (in_refs) {
        std::string label;
        bool numbered = !t.empty() && (t[0] == '[' || (std::isdigit(static_cast<unsigned char>(t[0])) &&
                                                       t.find_first_of(". ") < 4 && t[t.find_first_of(". ")] == '.'));
        double left = ref_left.count({l.page, column(l)}) ? ref_left[{l.page, column(l)}] : l.x0;
        if (numbered)
          new_para = true;
        else if (hanging)
          new_para = l.x0 <= left + 3;
        else
          new_para = !prev || l.y0 - prev->y1 > 0.5 * std::max(l.height(), prev->height()) || l.y0 < prev->y0;
      } else {
        new_para = !prev || l.page != prev->page || l.y0 < prev->y0 - 1 ||
                   l.y0 - prev->y1 > 0.7 * std::max(l.height(), prev->height()) || std::fabs(l.size - prev->size) > 1.0;
      }
      if (new_para) {
        flush();
        caption = !in_refs && isCaption(t);
      }
      joinLine(para, t);
      prev = &l;
    }
    flush();
    if (!captions.empty()) {
      text.startSection("Figures and tables");
      for (auto& c : captions) {
        text.add(c);
        text.breakParagraph();
      }
    }
    text.finish(p);
  }
};

}  // namespace

std::unique_ptr<Reader> makePdfReader() { return std::make_unique<PdfReader>(); }

}  // namespace papergraph
