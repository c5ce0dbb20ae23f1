// A catalog that does not know given names: for cross-validating catalog
// match features without the held-out papers' gold names (a leak check).
#pragma once

#include <papergraph/status.hpp>
#include <set>
#include <string>

namespace papergraph::model {

// Writes into out_dir an ontology folder (catalog/*.jsonl and tasks.jsonl)
// copied from ontology_dir without every dataset or task entry one of whose
// names (title, full name, aliases, ambiguous names) has a normalised key
// (normalizeName) in keys. *dropped counts the entries left out. Fails with
// an I/O status naming the file.
Status writeCatalogWithout(const std::string& ontology_dir, const std::set<std::string>& keys,
                           const std::string& out_dir, size_t* dropped);

}  // namespace papergraph::model
