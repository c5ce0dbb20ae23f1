// Resolution: names -> stable identifiers, within a paper and across papers.
//
// A dataset name is resolved in a fixed order, each step recorded so that
// `papergraph resolve --explain NAME` can show it:
//   1. the catalog: a title, full name or alias with the same normalised key;
//   2. the same after dropping generic words ("the ... dataset", "corpus",
//      "test set") and a plural 's';
//   3. fuzzy: a catalog name within kFuzzyThreshold whose numbers, language
//      pairs and variant words are identical (never CIFAR-10 -> CIFAR-100);
//   4. an unseen name: the slug of its resolution key.
// Versions and variants are related, never merged: a catalog entry's
// version_of / variant_of, or for unseen names a trailing version
// ("FooBench 2.0") or language pair ("Foo En-De") naming the base dataset.
//
// Every id is a function of the name, the paper and the catalog only (never
// of the papers seen before), so graphs built separately merge by union.
// Abbreviation pairs a paper defines ("Penn Treebank (PTB)") merge the two
// names inside that paper; elsewhere the abbreviation keeps its own slug and
// the pair becomes a same-as link.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// How two names relate.
enum class Relation { kSame, kVersionOf, kVariantOf, kDifferent };

// "same", "version-of", "variant-of", "different".
const char* relationName(Relation r);

// Where one name lands and why.
struct Resolution {
  std::string local;       // catalog id or slug: the last segment of the IRI
  std::string catalog_id;  // when the catalog knows it
  std::string title;       // catalog title, else the name without generic words
  std::string parent;      // local id of the dataset this is a version/variant of
  Relation parent_relation = Relation::kDifferent;  // kVersionOf or kVariantOf when parent is set
  std::vector<std::string> steps;                   // human-readable reasons, in order
};

// Resolves names against a catalog. Immutable after construction, so one
// resolver may be shared by threads.
class Resolver {
 public:
  explicit Resolver(ResolveOptions options);
  ~Resolver();
  Resolver(const Resolver&) = delete;
  Resolver& operator=(const Resolver&) = delete;

  // Where a dataset (or task) name lands, with no paper context: ambiguous
  // catalog names are not accepted (a paper's evidence is needed for them).
  Resolution resolve(Kind kind, std::string_view name) const;

  // How dataset name a relates to dataset name b: same node, a is a
  // version/variant of b (directly or through the catalog chain), or
  // different.
  Relation relate(std::string_view a, std::string_view b) const;

  // Resolves one paper: catalog ids, IRIs, version_of/variant_of
  // attributes (as IRIs), and merges the entities that land on one id or
  // that the paper names as an abbreviation and its expansion.
  void resolvePaper(PaperResult& result) const;

  // Same-as links a paper implies: an abbreviation it defines whose own
  // slug differs from the expansion's id (IRIs, first the abbreviation's).
  std::vector<std::pair<std::string, std::string>> sameAsLinks(const PaperResult& result) const;

  const ResolveOptions& options() const { return options_; }
  std::string iri(Kind kind, const std::string& local) const { return entityIri(options_, kind, local); }

 private:
  struct Index;
  Resolution resolveDataset(std::string_view name, int depth) const;
  ResolveOptions options_;
  std::unique_ptr<Index> index_;
};

}  // namespace papergraph
