#include "resolve/describe.hpp"

#include <algorithm>
#include <cctype>

namespace papergraph {
namespace {

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : "; ") + s;
  return out;
}

// The surname-ish last word of a name, lower case ("Alex Krizhevsky" ->
// "krizhevsky"; "Krizhevsky, A." -> "krizhevsky").
std::string familyName(const std::string& name) {
  std::string n = name;
  if (auto comma = n.find(','); comma != std::string::npos) n = n.substr(0, comma);
  else if (auto sp = n.find_last_of(' '); sp != std::string::npos) n = n.substr(sp + 1);
  std::string out;
  for (char c : n)
    if (std::isalpha(static_cast<unsigned char>(c)) || static_cast<unsigned char>(c) >= 0x80)
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::string bibIdentifier(const BibEntry& b) {
  if (!b.doi.empty()) return b.doi;
  if (!b.arxiv.empty()) return "https://arxiv.org/abs/" + b.arxiv;
  return b.url;
}

DatasetDescription describeDataset(const Catalog* catalog, const Entity& e, const Paper& paper) {
  DatasetDescription d;
  d.title = e.name;
  const CatalogDataset* c = catalog && !e.catalog_id.empty() ? catalog->dataset(e.catalog_id) : nullptr;
  if (c) {
    d.title = c->title;
    d.description = c->description;
    d.creators = c->creators;
    d.issued = c->issued;
    d.language = c->language;
    d.identifier = c->identifier;
    d.theme = c->theme;
    d.keyword = c->keywords;
    d.landing_page = c->landing_page;
    d.format = c->format;
    d.license = c->license;
    d.task = c->tasks;
    d.version = c->version;
    // The introducing publication's DOI identifies the dataset when the
    // entry has no identifier of its own.
    if (d.identifier.empty() && !c->introduced_by.doi.empty()) d.identifier = c->introduced_by.doi;
    if (d.creators.empty()) d.creators = c->introduced_by.authors;
    if (d.issued.empty() && !c->introduced_by.year.empty()) d.issued = c->introduced_by.year;
    for (const char* f : {"title", "description", "creators", "issued", "language", "identifier", "theme", "keyword",
                          "landing_page", "format", "task", "license"})
      d.source[f] = "catalog";
  }
  if (auto it = e.attributes.find("version_of"); it != e.attributes.end()) d.version_of = it->second;
  if (auto it = e.attributes.find("variant_of"); it != e.attributes.end()) d.variant_of = it->second;

  for (const auto& id : e.citations) {
    auto b = std::find_if(paper.bibliography.begin(), paper.bibliography.end(),
                          [&](const BibEntry& x) { return x.id == id; });
    if (b == paper.bibliography.end()) continue;
    d.citation = &*b;
    break;
  }
  if (!d.citation) return d;
  const BibEntry& b = *d.citation;
  const std::string from = "citation:" + b.id;
  auto fill = [&](const char* field, std::string& slot, const std::string& cited, bool same) {
    if (cited.empty()) return;
    if (slot.empty()) {
      slot = cited;
      d.source[field] = from;
    } else if (!same) {
      d.disagreements.push_back({field, slot, cited, b.id});
    }
  };
  fill("issued", d.issued, b.year, d.issued.substr(0, 4) == b.year.substr(0, 4));
  std::string ident = bibIdentifier(b);
  fill("identifier", d.identifier, ident, d.identifier == ident || (c && c->introduced_by.doi == b.doi));
  if (!b.authors.empty()) {
    if (d.creators.empty()) {
      d.creators = b.authors;
      d.source["creators"] = from;
    } else {
      // The same people when the first family names agree.
      if (familyName(d.creators.front()) != familyName(b.authors.front()))
        d.disagreements.push_back({"creators", joined(d.creators), joined(b.authors), b.id});
    }
  }
  return d;
}

}  // namespace papergraph
