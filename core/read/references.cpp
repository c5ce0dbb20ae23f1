// First version: numbered reference lists and numeric markers. Author-year
// styles come with the PDF reader work.
#include "read/references.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <string>

namespace papergraph {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

bool isReferencesHeading(std::string_view heading) {
  std::string h = lower(trim(heading));
  size_t i = 0;
  while (i < h.size() && (std::isdigit(static_cast<unsigned char>(h[i])) || h[i] == '.' || h[i] == ' ')) ++i;
  h = h.substr(i);
  return h == "references" || h == "bibliography" || h == "literature cited" || h == "reference" ||
         h == "works cited" || h == "references and notes";
}

void parseReferenceString(std::string_view raw, BibEntry& e) {
  e.raw = std::string(trim(raw));
  static const std::regex year(R"(\b(19[5-9]\d|20[0-4]\d)[a-z]?\b)");
  static const std::regex doi(R"((10\.\d{4,9}/[^\s"<>]+[^\s"<>.,;]))");
  static const std::regex arxiv(R"(arXiv:?\s*(\d{4}\.\d{4,5})(v\d+)?)", std::regex::icase);
  static const std::regex url(R"(https?://[^\s<>"]+[^\s<>".,;)])");
  std::smatch m;
  std::string s = e.raw;
  if (std::regex_search(s, m, year)) e.year = m[1];
  if (std::regex_search(s, m, doi)) e.doi = m[1];
  if (std::regex_search(s, m, arxiv)) e.arxiv = m[1];
  if (std::regex_search(s, m, url)) e.url = m[0];
}

void parseReferenceSection(Paper& paper) {
  auto it = std::find_if(paper.sections.begin(), paper.sections.end(),
                         [](const Section& s) { return isReferencesHeading(s.heading); });
  if (it == paper.sections.end()) return;
  std::string_view text = paper.text;
  std::string_view body = text.substr(it->start, it->end - it->start);
  // Numbered entries: lines starting with "[n]" or "n." (Markdown "- [n]").
  static const std::regex entry_start(R"((^|\n)\s*(?:[-*]\s*)?\[(\d{1,4})\]\s*|(^|\n)\s*(\d{1,4})\.\s+)");
  std::string b(body);
  std::vector<std::pair<std::string, size_t>> starts;  // label, offset of entry text
  std::vector<size_t> label_pos;
  for (std::sregex_iterator m(b.begin(), b.end(), entry_start), end; m != end; ++m) {
    std::string label = (*m)[2].matched ? (*m)[2].str() : (*m)[4].str();
    starts.push_back({label, static_cast<size_t>(m->position() + m->length())});
    label_pos.push_back(static_cast<size_t>(m->position()));
  }
  std::map<std::string, std::string> id_by_label;
  for (size_t i = 0; i < starts.size(); ++i) {
    size_t from = starts[i].second, to = i + 1 < starts.size() ? label_pos[i + 1] : b.size();
    BibEntry e;
    e.id = "b" + std::to_string(paper.bibliography.size());
    e.label = starts[i].first;
    parseReferenceString(std::string_view(b).substr(from, to - from), e);
    id_by_label[e.label] = e.id;
    paper.bibliography.push_back(std::move(e));
  }
  if (id_by_label.empty()) return;
  // Numeric markers before the references section.
  static const std::regex marker(R"(\[(\d{1,4}(?:\s*[-–,]\s*\d{1,4})*)\])");
  std::string before(text.substr(0, it->start));
  for (std::sregex_iterator m(before.begin(), before.end(), marker), end; m != end; ++m) {
    CitationMarker c;
    c.start = static_cast<size_t>(m->position());
    c.end = c.start + static_cast<size_t>(m->length());
    std::string inner = (*m)[1];
    static const std::regex part(R"((\d{1,4})(?:\s*[-–]\s*(\d{1,4}))?)");
    for (std::sregex_iterator p(inner.begin(), inner.end(), part), pe; p != pe; ++p) {
      int a = std::stoi((*p)[1]), z = (*p)[2].matched ? std::stoi((*p)[2]) : a;
      for (int n = a; n <= z && n - a < 50; ++n) {
        auto f = id_by_label.find(std::to_string(n));
        if (f != id_by_label.end()) c.targets.push_back(f->second);
      }
    }
    paper.citations.push_back(std::move(c));
  }
}

}  // namespace papergraph
