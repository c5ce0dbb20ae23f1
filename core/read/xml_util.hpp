// Safe XML loading and small pugixml helpers shared by the TEI and JATS
// readers.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "papergraph/status.hpp"
#include "read/text_builder.hpp"

namespace papergraph {

// Limits every XML input is held to.
inline constexpr size_t kMaxXmlBytes = 256u << 20;  // 256 MiB
inline constexpr size_t kMaxXmlDepth = 256;

// Parses bytes into doc. Refuses (with an error naming path) documents that
// are too large, not well-formed, nested deeper than kMaxXmlDepth, or whose
// DOCTYPE declares entities (XXE, billion laughs). pugixml itself never
// loads external DTDs or entities and never touches the network; it only
// expands the five predefined entities and character references.
Status loadXml(const std::string& path, std::string_view bytes, pugi::xml_document& doc);

// The element name without its namespace prefix ("tei:div" -> "div").
std::string_view localName(const pugi::xml_node& n);
// The first child element with this local name, or an empty node.
pugi::xml_node child(const pugi::xml_node& n, std::string_view name);
// The first descendant element with this local name, or an empty node.
pugi::xml_node descendant(const pugi::xml_node& n, std::string_view name);
// Calls f(node) for every node below n (not n itself), in document order,
// without recursion.
template <class F>
void forEachNode(const pugi::xml_node& n, F f) {
  for (pugi::xml_node c = n.first_child(); c;) {
    f(c);
    if (c.first_child()) {
      c = c.first_child();
      continue;
    }
    while (c && c != n && !c.next_sibling()) c = c.parent();
    if (!c || c == n) break;
    c = c.next_sibling();
  }
}
// Calls f(element) for every element below n with this local name.
template <class F>
void forEachDescendant(const pugi::xml_node& n, std::string_view name, F f) {
  forEachNode(n, [&](const pugi::xml_node& c) {
    if (c.type() == pugi::node_element && localName(c) == name) f(c);
  });
}
// The value of attribute name, or "".
std::string_view attr(const pugi::xml_node& n, const char* name);
// All text below n with white space collapsed and trimmed.
std::string collapsedText(const pugi::xml_node& n);
// Adds to paper a citation marker from start to the current end of text,
// linked to those of refs (space-separated ids, a leading '#' dropped) that
// are in ids. Leading spaces are left out; an empty marker is not added.
void addCitationMarker(Paper& paper, const TextBuilder& text, size_t start, std::string_view refs,
                       const std::unordered_set<std::string>& ids);

// The walk the TEI and JATS readers share: block content becomes
// paragraphs and sections, inline content text and citation markers;
// figures and footnotes are queued and written after the body. Each reader
// names its format's elements by overriding the hooks.
class XmlTextWalker {
 public:
  XmlTextWalker(Paper& paper, TextBuilder& text, const std::unordered_set<std::string>& ids)
      : text_(text), paper_(paper), ids_(ids) {}
  virtual ~XmlTextWalker() = default;
  // Block content below n.
  void block(const pugi::xml_node& n);
  // Inline content of n: text and citation markers.
  void inlineText(const pugi::xml_node& n);
  // The queued captions, then the footnotes, each in a section of its own.
  void backMatter();

 protected:
  enum class Kind { kContainer, kSection, kParagraph, kFigure, kFootnote, kSkip };
  // What c is at block level; for kSection, *heading is set ("" for none).
  virtual Kind blockKind(const pugi::xml_node& c, std::string* heading) const = 0;
  // What n is inside a paragraph (kFigure, kFootnote, kParagraph or kContainer).
  virtual Kind inlineKind(const pugi::xml_node& n) const = 0;
  // The target ids of a citation marker element ("#b3", "R1 R2"), or nullptr.
  virtual const char* markerTargets(const pugi::xml_node& n) const = 0;
  // Writes one queued figure's caption; one queued footnote (or group).
  virtual void caption(const pugi::xml_node& figure) = 0;
  virtual void footnote(const pugi::xml_node& note) = 0;
  // Writes the inline content of every child of n.
  void children(const pugi::xml_node& n) {
    for (pugi::xml_node c = n.first_child(); c; c = c.next_sibling()) inlineText(c);
  }

  TextBuilder& text_;

 private:
  Paper& paper_;
  const std::unordered_set<std::string>& ids_;
  std::vector<pugi::xml_node> figures_, notes_;
};

}  // namespace papergraph
