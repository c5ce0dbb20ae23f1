#include "read/sniff.hpp"

#include <algorithm>
#include <cctype>

namespace papergraph {
namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Skips the XML prolog (declaration, comments, processing instructions,
// DOCTYPE) and classifies the root element.
Content sniffXml(std::string_view s) {
  size_t i = 0;
  bool doctype_jats = false, doctype_tei = false;
  while (i < s.size()) {
    while (i < s.size() && isSpace(s[i])) ++i;
    if (i >= s.size() || s[i] != '<') return Content::kUnknown;
    std::string_view rest = s.substr(i);
    if (rest.starts_with("<?")) {
      size_t e = s.find("?>", i);
      if (e == std::string_view::npos) break;
      i = e + 2;
    } else if (rest.starts_with("<!--")) {
      size_t e = s.find("-->", i);
      if (e == std::string_view::npos) break;
      i = e + 3;
    } else if (rest.starts_with("<!DOCTYPE") || rest.starts_with("<!doctype")) {
      size_t depth = 0, j = i;
      for (; j < s.size(); ++j) {
        if (s[j] == '[')
          ++depth;
        else if (s[j] == ']' && depth)
          --depth;
        else if (s[j] == '>' && depth == 0)
          break;
      }
      std::string_view dt = s.substr(i, j - i);
      doctype_jats = dt.find("JATS") != std::string_view::npos || dt.find("NLM") != std::string_view::npos ||
                     dt.find("journalpublishing") != std::string_view::npos;
      doctype_tei = dt.find("TEI") != std::string_view::npos;
      if (j >= s.size()) break;
      i = j + 1;
    } else {
      size_t j = i + 1;
      while (j < s.size() && !isSpace(s[j]) && s[j] != '>' && s[j] != '/') ++j;
      std::string_view name = s.substr(i + 1, j - i - 1);
      if (auto colon = name.find(':'); colon != std::string_view::npos) name = name.substr(colon + 1);
      if (name == "TEI" || name == "teiCorpus") return Content::kTei;
      if (name == "article" || name == "pmc-articleset") return Content::kJats;
      return Content::kOtherXml;
    }
  }
  if (doctype_jats) return Content::kJats;
  if (doctype_tei) return Content::kTei;
  return Content::kOtherXml;
}

}  // namespace

Content sniffContent(std::string_view head) {
  if (head.size() >= 2 && static_cast<unsigned char>(head[0]) == 0x1F && static_cast<unsigned char>(head[1]) == 0x8B)
    return Content::kGzip;
  if (head.size() >= 4 && head.substr(0, 4) == "\x28\xB5\x2F\xFD") return Content::kZstd;
  if (head.substr(0, 1024).find("%PDF-") != std::string_view::npos) return Content::kPdf;
  std::string_view s = head;
  if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
  size_t i = 0;
  while (i < s.size() && isSpace(s[i])) ++i;
  if (i < s.size() && s[i] == '<') return sniffXml(s.substr(i));
  if (i < s.size() && s[i] == '{') {
    ++i;
    while (i < s.size() && isSpace(s[i])) ++i;
    if (i < s.size() && (s[i] == '"' || s[i] == '}')) return Content::kJson;
  }
  return Content::kUnknown;
}

bool hasSuffix(std::string_view path, std::string_view suffix) {
  if (path.size() < suffix.size()) return false;
  return std::equal(suffix.begin(), suffix.end(), path.end() - static_cast<std::ptrdiff_t>(suffix.size()),
                    [](char a, char b) {
                      return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
                    });
}

bool acceptsFile(std::string_view head, Content mine, bool name_matches, bool other_xml_falls_back) {
  if (head.empty()) return name_matches;
  Content c = sniffContent(head);
  if (c == mine) return true;
  if (c == Content::kUnknown || (other_xml_falls_back && c == Content::kOtherXml)) return name_matches;
  return false;
}

}  // namespace papergraph
