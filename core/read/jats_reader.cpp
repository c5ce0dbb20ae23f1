// JATS XML (PubMed Central .nxml, publisher XML): front/article-meta, body
// sections, figure/table captions, footnotes, ref-list/ref (element-citation,
// mixed-citation, pub-id) and xref ref-type="bibr" markers.
#include <cctype>
#include <unordered_set>
#include <vector>

#include "read/formats.hpp"
#include "read/sniff.hpp"
#include "read/xml_util.hpp"

namespace papergraph {
namespace {

// "Given Family" from <name>, <string-name> or <collab>.
std::string jatsName(const pugi::xml_node& n) {
  auto name = localName(n);
  if (name == "name") {
    std::string given = collapsedText(child(n, "given-names")), family = collapsedText(child(n, "surname"));
    if (given.empty()) return family;
    return family.empty() ? given : given + " " + family;
  }
  if (name == "string-name") {
    if (child(n, "surname")) {
      std::string given = collapsedText(child(n, "given-names")), family = collapsedText(child(n, "surname"));
      return given.empty() ? family : given + " " + family;
    }
    return collapsedText(n);
  }
  if (name == "collab") return collapsedText(n);
  return {};
}

bool isNameElement(std::string_view name) { return name == "name" || name == "string-name" || name == "collab"; }

std::string lowerCopy(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// The citation element of a <ref>: element-citation, mixed-citation,
// citation or nlm-citation, also inside citation-alternatives.
pugi::xml_node citationOf(const pugi::xml_node& ref) {
  for (const char* name : {"element-citation", "mixed-citation", "citation", "nlm-citation"}) {
    if (pugi::xml_node c = child(ref, name)) return c;
    if (pugi::xml_node c = child(child(ref, "citation-alternatives"), name)) return c;
  }
  return {};
}

BibEntry bibEntry(const pugi::xml_node& ref, size_t index) {
  BibEntry e;
  e.id = std::string(attr(ref, "id"));
  if (e.id.empty()) e.id = "ref-" + std::to_string(index + 1);
  e.label = collapsedText(child(ref, "label"));
  while (!e.label.empty() && (e.label.back() == '.' || e.label.back() == ' ')) e.label.pop_back();
  pugi::xml_node c = citationOf(ref);
  if (!c) {
    e.raw = collapsedText(ref);
    return e;
  }
  if (localName(c) == "mixed-citation") e.raw = collapsedText(c);
  // Authors: an author person-group, else any person-group, else names
  // directly inside the citation.
  pugi::xml_node group;
  for (pugi::xml_node g = c.first_child(); g; g = g.next_sibling()) {
    if (localName(g) != "person-group") continue;
    auto type = attr(g, "person-group-type");
    if (type.empty() || type == std::string_view("author")) {
      group = g;
      break;
    }
  }
  for (pugi::xml_node n = (group ? group : c).first_child(); n; n = n.next_sibling()) {
    if (!isNameElement(localName(n))) continue;
    std::string name = jatsName(n);
    if (!name.empty()) e.authors.push_back(std::move(name));
  }
  std::string article = collapsedText(child(c, "article-title"));
  if (article.empty()) article = collapsedText(child(c, "chapter-title"));
  std::string source = collapsedText(child(c, "source"));
  if (!article.empty()) {
    e.title = article;
    e.venue = source;
  } else {
    e.title = source;
    e.venue = collapsedText(child(c, "conf-name"));
  }
  e.year = collapsedText(child(c, "year"));
  if (e.year.size() > 4 && std::isdigit(static_cast<unsigned char>(e.year[0]))) e.year.resize(4);
  for (pugi::xml_node id = c.first_child(); id; id = id.next_sibling()) {
    auto name = localName(id);
    if (name == "pub-id" || name == "object-id") {
      std::string type = lowerCopy(attr(id, "pub-id-type"));
      std::string value = collapsedText(id);
      if (type == "doi" && e.doi.empty())
        e.doi = value;
      else if (type == "arxiv" && e.arxiv.empty())
        e.arxiv = value;
    } else if ((name == "ext-link" || name == "uri") && e.url.empty()) {
      std::string href(attr(id, "xlink:href"));
      e.url = href.empty() ? collapsedText(id) : href;
    }
  }
  return e;
}

// JATS's elements for the shared walk.
class JatsWalker : public XmlTextWalker {
 public:
  using XmlTextWalker::XmlTextWalker;

 protected:
  Kind blockKind(const pugi::xml_node& c, std::string* heading) const override {
    auto name = localName(c);
    if (name == "sec" || name == "app" || name == "ack" || name == "notes" || name == "glossary") {
      *heading = collapsedText(child(c, "title"));
      if (heading->empty() && name == "ack") *heading = "Acknowledgements";
      if (std::string label = collapsedText(child(c, "label")); !label.empty()) *heading = label + " " + *heading;
      return Kind::kSection;
    }
    // Titles belong to their section; tables and references are not prose.
    if (name == "title" || name == "label" || name == "ref-list" || name == "table" || name == "object-id" ||
        name == "graphic" || name == "alternatives")
      return Kind::kSkip;
    if (name == "fig" || name == "table-wrap" || name == "fig-group" || name == "supplementary-material")
      return Kind::kFigure;
    if (name == "fn-group" || name == "fn") return Kind::kFootnote;
    if (name == "p" || name == "disp-formula" || name == "disp-quote" || name == "def" || name == "term" ||
        name == "statement" || name == "speech")
      return Kind::kParagraph;
    return Kind::kContainer;
  }
  Kind inlineKind(const pugi::xml_node& n) const override {
    auto name = localName(n);
    if (name == "fig" || name == "table-wrap") return Kind::kFigure;
    if (name == "fn") return Kind::kFootnote;
    if (name == "p") return Kind::kParagraph;  // paragraphs inside list items stay paragraphs
    return Kind::kContainer;
  }
  const char* markerTargets(const pugi::xml_node& n) const override {
    bool bibr = localName(n) == "xref" && attr(n, "ref-type") == std::string_view("bibr");
    return bibr ? n.attribute("rid").value() : nullptr;
  }
  void caption(const pugi::xml_node& f) override {
    std::string label = collapsedText(child(f, "label"));
    if (!label.empty()) text_.add(label + " ");
    for (pugi::xml_node part = child(f, "caption").first_child(); part; part = part.next_sibling()) {
      if (part.type() == pugi::node_pcdata) inlineText(part);
      children(part);
      text_.add(" ");
    }
    children(child(f, "table-wrap-foot"));
  }
  void footnote(const pugi::xml_node& note) override {
    // Children only: inlineText on an <fn> itself would queue it again.
    if (localName(note) != "fn-group") {
      children(note);
      return text_.breakParagraph();
    }
    for (pugi::xml_node fn = note.first_child(); fn; fn = fn.next_sibling()) {
      if (localName(fn) != "fn") continue;
      children(fn);
      text_.breakParagraph();
    }
  }
};

class JatsReader : public Reader {
 public:
  std::string_view format() const override { return "jats"; }
  bool accepts(std::string_view path, std::string_view head) const override {
    bool name = hasSuffix(path, ".nxml") || (hasSuffix(path, ".xml") && !hasSuffix(path, ".tei.xml"));
    return acceptsFile(head, Content::kJats, name, true);
  }
  void read(const std::string& path, std::string_view bytes, const PaperSink& sink) const override {
    pugi::xml_document doc;
    if (Status s = loadXml(path, bytes, doc); !s.isOk()) return sink(s);
    pugi::xml_node article = doc.document_element();
    if (localName(article) == "pmc-articleset") article = child(article, "article");
    if (!article || localName(article) != "article")
      return sink(
          badInput(path + ": not a JATS document (root element <" + std::string(doc.document_element().name()) + ">)"));
    Paper p;
    p.id = paperIdFromPath(path);
    p.source = path;
    p.format = "jats";
    pugi::xml_node meta = child(child(article, "front"), "article-meta");
    p.title = collapsedText(child(child(meta, "title-group"), "article-title"));
    forEachDescendant(meta, "contrib", [&](const pugi::xml_node& c) {
      if (!attr(c, "contrib-type").empty() && attr(c, "contrib-type") != std::string_view("author")) return;
      for (pugi::xml_node n = c.first_child(); n; n = n.next_sibling()) {
        if (localName(n) == "name-alternatives") n = n.first_child();
        if (n && isNameElement(localName(n))) {
          if (std::string name = jatsName(n); !name.empty()) p.authors.push_back(std::move(name));
          break;
        }
      }
    });

    pugi::xml_node back = child(article, "back");
    std::unordered_set<std::string> ids;
    forEachDescendant(article, "ref-list", [&](const pugi::xml_node& list) {
      for (pugi::xml_node r = list.first_child(); r; r = r.next_sibling()) {
        if (localName(r) != "ref") continue;
        p.bibliography.push_back(bibEntry(r, p.bibliography.size()));
        ids.insert(p.bibliography.back().id);
      }
    });

    TextBuilder text;
    JatsWalker walk(p, text, ids);
    text.add(p.title);
    text.breakParagraph();
    for (pugi::xml_node a = meta.first_child(); a; a = a.next_sibling()) {
      if (localName(a) != "abstract") continue;
      auto type = attr(a, "abstract-type");
      std::string heading = collapsedText(child(a, "title"));
      text.startSection(heading.empty() ? (type.empty() ? std::string("Abstract") : std::string(type)) : heading);
      walk.block(a);
    }
    walk.block(child(article, "body"));
    walk.block(back);
    walk.backMatter();
    text.finish(p);
    if (Status s = checkText(path, p.text); !s.isOk() && !p.text.empty())
      return sink(badInput(path + ": the text built from this JATS is not valid UTF-8 (" + s.message() + ")"));
    sink(std::move(p));
  }
};

}  // namespace

std::unique_ptr<Reader> makeJatsReader() { return std::make_unique<JatsReader>(); }

}  // namespace papergraph
