// The DCAT description of a dataset as one paper sees it: the catalog's
// fields, completed by the bibliography entry the paper cites for it. The
// catalog wins where it has a value; a cited value that disagrees is kept
// as a disagreement, never written over the catalog's.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "merge/paper_result.hpp"

namespace papergraph {

// A field where the catalog and a cited bibliography entry disagree.
struct MetadataDisagreement {
  std::string field;          // "issued", "identifier", "creators"
  std::string catalog_value;  // creators joined by "; "
  std::string cited_value;
  std::string bib_id;  // the paper's bibliography entry
};

// The twelve promised fields (title, description, creators, issued,
// language, identifier, theme, keyword, landing page, versions, format,
// task) plus license and where each came from. Empty means unknown.
struct DatasetDescription {
  std::string title, description, issued, identifier, landing_page, format, license, version;
  std::vector<std::string> creators, language, theme, keyword, task;
  std::string version_of, variant_of;  // IRIs (from the entity's attributes)
  const BibEntry* citation = nullptr;  // the first linked entry of the paper's bibliography
  std::map<std::string, std::string> source;  // field -> "catalog" | "citation:<bib id>"
  std::vector<MetadataDisagreement> disagreements;
};

// The identifier a bibliography entry supplies: its DOI, else its arXiv
// abstract URL, else its URL; "" when none.
std::string bibIdentifier(const BibEntry& b);

// Describes dataset entity e (resolved) of paper; catalog may be null.
DatasetDescription describeDataset(const Catalog* catalog, const Entity& e, const Paper& paper);

}  // namespace papergraph
