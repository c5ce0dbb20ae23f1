#include "read/xml_util.hpp"

#include <cstring>
#include <vector>

namespace papergraph {

Status loadXml(const std::string& path, std::string_view bytes, pugi::xml_document& doc) {
  if (bytes.empty()) return badInput(path + ": empty file");
  if (bytes.size() > kMaxXmlBytes)
    return unsupported(path + ": XML file larger than " + std::to_string(kMaxXmlBytes >> 20) + " MiB");
  // parse_doctype keeps the DOCTYPE so it can be inspected; parse_ws_pcdata
  // keeps the spaces between inline elements ("<i>a</i> <i>b</i>"); without
  // parse_pi/parse_comments those are skipped.
  unsigned options = pugi::parse_default | pugi::parse_doctype | pugi::parse_ws_pcdata;
  pugi::xml_parse_result r = doc.load_buffer(bytes.data(), bytes.size(), options, pugi::encoding_auto);
  if (!r) {
    return badInput(path + ": not well-formed XML (" + r.description() + " at byte " + std::to_string(r.offset) + ")");
  }
  for (pugi::xml_node n = doc.first_child(); n; n = n.next_sibling()) {
    if (n.type() == pugi::node_doctype && std::strstr(n.value(), "<!ENTITY") != nullptr)
      return unsupported(path +
                         ": XML DOCTYPE declares entities; refused (external or expanding entities are not "
                         "supported)");
  }
  if (!doc.document_element()) return badInput(path + ": XML has no root element");
  // Depth check without recursion.
  std::vector<std::pair<pugi::xml_node, size_t>> stack{{doc.document_element(), 1}};
  while (!stack.empty()) {
    auto [n, d] = stack.back();
    stack.pop_back();
    if (d > kMaxXmlDepth)
      return unsupported(path + ": XML nested deeper than " + std::to_string(kMaxXmlDepth) + " elements");
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
      if (c.type() == pugi::node_element) stack.push_back({c, d + 1});
  }
  return Status::ok();
}

std::string_view localName(const pugi::xml_node& n) {
  std::string_view name = n.name();
  if (auto colon = name.find(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
  return name;
}

pugi::xml_node child(const pugi::xml_node& n, std::string_view name) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling())
    if (c.type() == pugi::node_element && localName(c) == name) return c;
  return {};
}

pugi::xml_node descendant(const pugi::xml_node& n, std::string_view name) {
  return n.find_node([&](const pugi::xml_node& c) { return c.type() == pugi::node_element && localName(c) == name; });
}

std::string_view attr(const pugi::xml_node& n, const char* name) { return n.attribute(name).value(); }

std::string collapsedText(const pugi::xml_node& n) {
  TextBuilder b;
  if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) b.add(n.value());
  forEachNode(n, [&](const pugi::xml_node& c) {
    if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) b.add(c.value());
  });
  return b.text();
}

void addCitationMarker(Paper& paper, const TextBuilder& text, size_t start, std::string_view refs,
                       const std::unordered_set<std::string>& ids) {
  std::string_view t = text.text();
  size_t end = t.size();
  while (start < end && t[start] == ' ') ++start;
  if (end <= start) return;
  CitationMarker m{start, end, {}};
  while (!refs.empty()) {
    size_t sp = refs.find(' ');
    std::string_view one = refs.substr(0, sp);
    refs = sp == std::string_view::npos ? std::string_view{} : refs.substr(sp + 1);
    if (!one.empty() && one.front() == '#') one.remove_prefix(1);
    if (!one.empty() && ids.count(std::string(one))) m.targets.emplace_back(one);
  }
  paper.citations.push_back(std::move(m));
}

void XmlTextWalker::block(const pugi::xml_node& n) {
  for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) {
    if (c.type() == pugi::node_pcdata) {
      inlineText(c);
      continue;
    }
    if (c.type() != pugi::node_element) continue;
    std::string heading;
    switch (blockKind(c, &heading)) {
      case Kind::kSection:
        if (!heading.empty()) text_.startSection(heading);
        block(c);
        text_.breakParagraph();
        break;
      case Kind::kParagraph:
        inlineText(c);
        text_.breakParagraph();
        break;
      case Kind::kFigure:
        figures_.push_back(c);
        break;
      case Kind::kFootnote:
        notes_.push_back(c);
        break;
      case Kind::kSkip:
        break;
      case Kind::kContainer:
        block(c);
        break;
    }
  }
}

void XmlTextWalker::inlineText(const pugi::xml_node& n) {
  if (n.type() == pugi::node_pcdata || n.type() == pugi::node_cdata) return text_.add(n.value());
  if (n.type() != pugi::node_element) return;
  if (const char* refs = markerTargets(n)) {
    size_t start = text_.markStart();
    children(n);
    return addCitationMarker(paper_, text_, start, refs, ids_);
  }
  switch (inlineKind(n)) {
    case Kind::kFigure:
      return figures_.push_back(n);
    case Kind::kFootnote:
      return notes_.push_back(n);
    case Kind::kParagraph:
      children(n);
      return text_.breakParagraph();
    default:
      return children(n);
  }
}

void XmlTextWalker::backMatter() {
  // Indexes, not iterators: a caption may queue a nested figure.
  if (!figures_.empty()) text_.startSection("Figures and tables");
  for (size_t i = 0; i < figures_.size(); ++i) {
    caption(figures_[i]);
    text_.breakParagraph();
  }
  if (!notes_.empty()) text_.startSection("Footnotes");
  for (size_t i = 0; i < notes_.size(); ++i) footnote(notes_[i]);
}

}  // namespace papergraph
