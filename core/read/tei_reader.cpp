// GROBID TEI XML: header (title, authors, abstract), body divisions,
// figure/table captions and footnotes, the bibliography (listBibl/biblStruct)
// and the citation markers (<ref type="bibr" target="#b3">) linked to it.
#include <cctype>
#include <unordered_set>
#include <vector>

#include "read/formats.hpp"
#include "read/sniff.hpp"
#include "read/xml_util.hpp"

namespace papergraph {
namespace {

// "Given Middle Family" from a TEI persName.
std::string personName(const pugi::xml_node& pers) {
  std::string name;
  for (pugi::xml_node c = pers.first_child(); c; c = c.next_sibling()) {
    auto n = localName(c);
    if (n != "forename" && n != "surname") continue;
    std::string part = collapsedText(c);
    if (part.empty()) continue;
    if (!name.empty()) name += ' ';
    name += part;
  }
  return name;
}

void addAuthors(const pugi::xml_node& parent, std::vector<std::string>& out) {
  for (pugi::xml_node a = parent.first_child(); a; a = a.next_sibling()) {
    if (localName(a) != "author") continue;
    pugi::xml_node pers = child(a, "persName");
    std::string name = pers ? personName(pers) : "";
    if (!name.empty()) out.push_back(std::move(name));
  }
}

// The first four-digit run of s, or "".
std::string firstYear(std::string_view s) {
  for (size_t i = 0; i + 4 <= s.size(); ++i) {
    bool digits = true;
    for (size_t k = 0; k < 4 && digits; ++k) digits = std::isdigit(static_cast<unsigned char>(s[i + k])) != 0;
    if (digits && (s[i] == '1' || s[i] == '2')) return std::string(s.substr(i, 4));
  }
  return {};
}

// Strips "arXiv:" and a version suffix: "arXiv:1409.0473v2" -> "1409.0473".
std::string bareArxiv(std::string_view s) {
  if (s.size() >= 6 && (s.substr(0, 6) == "arXiv:" || s.substr(0, 6) == "arxiv:")) s.remove_prefix(6);
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  if (auto v = s.rfind('v'); v != std::string_view::npos && v > 4 && v + 1 < s.size() &&
                             std::isdigit(static_cast<unsigned char>(s[v + 1])) && s.find('.') < v)
    s = s.substr(0, v);
  return std::string(s);
}

BibEntry bibEntry(const pugi::xml_node& b, size_t index) {
  BibEntry e;
  e.id = std::string(attr(b, "xml:id"));
  if (e.id.empty()) e.id = "b" + std::to_string(index);
  pugi::xml_node analytic = child(b, "analytic"), monogr = child(b, "monogr");
  addAuthors(analytic, e.authors);
  if (e.authors.empty()) addAuthors(monogr, e.authors);
  std::string atitle = collapsedText(child(analytic, "title"));
  std::string mtitle = collapsedText(child(monogr, "title"));
  if (!atitle.empty()) {
    e.title = atitle;
    e.venue = mtitle;
  } else {
    e.title = mtitle;
  }
  if (e.venue.empty()) e.venue = collapsedText(child(monogr, "meeting"));
  forEachDescendant(b, "date", [&](const pugi::xml_node& d) {
    if (e.year.empty()) e.year = firstYear(attr(d, "when"));
    if (e.year.empty()) e.year = firstYear(collapsedText(d));
  });
  forEachDescendant(b, "idno", [&](const pugi::xml_node& id) {
    std::string type(attr(id, "type"));
    for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = collapsedText(id);
    if (type == "doi" && e.doi.empty())
      e.doi = value;
    else if (type == "arxiv" && e.arxiv.empty())
      e.arxiv = bareArxiv(value);
    else if (type == "url" && e.url.empty())
      e.url = value;
  });
  forEachDescendant(b, "ptr", [&](const pugi::xml_node& p) {
    if (e.url.empty()) e.url = std::string(attr(p, "target"));
  });
  forEachDescendant(b, "note", [&](const pugi::xml_node& n) {
    if (attr(n, "type") == std::string_view("raw_reference") && e.raw.empty()) e.raw = collapsedText(n);
  });
  return e;
}

// TEI's elements for the shared walk.
class TeiWalker : public XmlTextWalker {
 public:
  using XmlTextWalker::XmlTextWalker;

 protected:
  Kind blockKind(const pugi::xml_node& c, std::string* heading) const override {
    auto name = localName(c);
    if (name == "div") {
      if (pugi::xml_node head = child(c, "head")) {
        *heading = collapsedText(head);
        if (auto n = attr(head, "n"); !n.empty() && !heading->starts_with(n))
          *heading = std::string(n) + " " + *heading;
      }
      return Kind::kSection;
    }
    if (name == "head" || name == "listBibl") return Kind::kSkip;  // heads belong to their div
    if (name == "figure") return Kind::kFigure;
    if (name == "note" && attr(c, "place") == std::string_view("foot")) return Kind::kFootnote;
    if (name == "p" || name == "formula" || name == "item" || name == "quote" || name == "note" || name == "label")
      return Kind::kParagraph;
    return Kind::kContainer;
  }
  Kind inlineKind(const pugi::xml_node& n) const override {
    if (localName(n) == "figure") return Kind::kFigure;
    if (localName(n) == "note" && attr(n, "place") == std::string_view("foot")) return Kind::kFootnote;
    return Kind::kContainer;
  }
  const char* markerTargets(const pugi::xml_node& n) const override {
    bool bibr = localName(n) == "ref" && attr(n, "type") == std::string_view("bibr");
    return bibr ? n.attribute("target").value() : nullptr;
  }
  void caption(const pugi::xml_node& f) override {
    for (const char* part : {"head", "label", "figDesc"}) {
      if (pugi::xml_node c = child(f, part)) {
        children(c);
        text_.add(" ");
      }
    }
  }
  void footnote(const pugi::xml_node& note) override {
    if (auto n = attr(note, "n"); !n.empty()) text_.add(std::string(n) + " ");
    children(note);
    text_.breakParagraph();
  }
};

class TeiReader : public Reader {
 public:
  std::string_view format() const override { return "tei"; }
  bool accepts(std::string_view path, std::string_view head) const override {
    return acceptsFile(head, Content::kTei, hasSuffix(path, ".tei.xml"), true);
  }
  void read(const std::string& path, std::string_view bytes, const PaperSink& sink) const override {
    pugi::xml_document doc;
    if (Status s = loadXml(path, bytes, doc); !s.isOk()) return sink(s);
    pugi::xml_node tei = doc.document_element();
    if (localName(tei) == "teiCorpus") tei = child(tei, "TEI");
    if (!tei || localName(tei) != "TEI")
      return sink(
          badInput(path + ": not a TEI document (root element <" + std::string(doc.document_element().name()) + ">)"));
    Paper p;
    p.id = paperIdFromPath(path);
    p.source = path;
    p.format = "tei";
    pugi::xml_node header = child(tei, "teiHeader");
    pugi::xml_node file_desc = child(header, "fileDesc");
    p.title = collapsedText(child(child(file_desc, "titleStmt"), "title"));
    addAuthors(child(child(child(file_desc, "sourceDesc"), "biblStruct"), "analytic"), p.authors);

    // The bibliography first, so markers can be checked against its ids.
    pugi::xml_node text_el = child(tei, "text");
    std::unordered_set<std::string> ids;
    forEachDescendant(text_el, "listBibl", [&](const pugi::xml_node& list) {
      for (pugi::xml_node b = list.first_child(); b; b = b.next_sibling()) {
        if (localName(b) != "biblStruct") continue;
        p.bibliography.push_back(bibEntry(b, p.bibliography.size()));
        ids.insert(p.bibliography.back().id);
      }
    });

    TextBuilder text;
    TeiWalker walk(p, text, ids);
    text.add(p.title);
    text.breakParagraph();
    if (pugi::xml_node abstract = child(child(header, "profileDesc"), "abstract")) {
      text.startSection("Abstract");
      walk.block(abstract);
    }
    walk.block(child(text_el, "front"));
    walk.block(child(text_el, "body"));
    walk.block(child(text_el, "back"));
    walk.backMatter();
    text.finish(p);
    if (Status s = checkText(path, p.text); !s.isOk() && !p.text.empty())
      return sink(badInput(path + ": the text built from this TEI is not valid UTF-8 (" + s.message() + ")"));
    sink(std::move(p));
  }
};

}  // namespace

std::unique_ptr<Reader> makeTeiReader() { return std::make_unique<TeiReader>(); }

}  // namespace papergraph
