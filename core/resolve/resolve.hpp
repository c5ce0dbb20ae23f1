// Resolution: names -> stable identifiers. A dataset the catalog knows gets
// its catalog id; any other gets a slug of its normalised name, so the same
// dataset has the same IRI in every run and every shard.
#pragma once

#include <memory>
#include <string>

#include "catalog/catalog.hpp"
#include "merge/paper_result.hpp"

namespace papergraph {

// The default base of every IRI papergraph mints.
inline constexpr const char* kDefaultBaseIri = "https://w3id.org/papergraph/";

// Settings of resolution.
struct ResolveOptions {
  std::string base_iri = kDefaultBaseIri;
  std::shared_ptr<const Catalog> catalog;  // may be null
};

// The IRI of a dataset or task id: base + "dataset/" + id.
std::string entityIri(const ResolveOptions& options, Kind kind, const std::string& id);

// Gives every entity of one paper its catalog id (when the catalog knows the
// name unambiguously) and its IRI; entities that end up with the same id are
// merged.
void resolvePaper(PaperResult& result, const ResolveOptions& options);

}  // namespace papergraph
