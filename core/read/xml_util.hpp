// Safe XML loading and small pugixml helpers shared by the TEI and JATS
// readers.
#pragma once

#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <unordered_set>

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

}  // namespace papergraph
