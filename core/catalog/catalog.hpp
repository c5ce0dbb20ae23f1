// The dataset and task catalog (ontology/catalog/*.jsonl, ontology/tasks.jsonl;
// format in ontology/catalog/README.md) and the name normalisation shared by
// the gazetteer and the resolver.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "papergraph/status.hpp"

namespace papergraph {

// The catalog file format version this build reads.
inline constexpr int kCatalogFormatVersion = 1;

// A publication (the one that introduced a dataset).
struct Publication {
  std::vector<std::string> authors;
  std::string title, venue, year, doi, arxiv, url;
};

// One dataset entry. Empty fields are unknown.
struct CatalogDataset {
  std::string id, title, full_name, description;
  std::vector<std::string> aliases;    // unambiguous extra names
  std::vector<std::string> ambiguous;  // names accepted only with evidence
  std::string version_of, variant_of, version;
  std::vector<std::string> creators;
  std::string issued, landing_page, identifier, format, license;
  std::vector<std::string> modality, language, tasks, theme, keywords;
  Publication introduced_by;
  std::string source_file;  // where the entry was read
  int source_line = 0;

  // The id this entry is a version (else a variant) of; empty for a root.
  const std::string& parent() const { return !version_of.empty() ? version_of : variant_of; }
};

// One task entry.
struct CatalogTask {
  std::string id, title, description, broader;
  std::vector<std::string> aliases, ambiguous, theme;
  std::string source_file;
  int source_line = 0;
};

// A loaded catalog: datasets and tasks by id, and every name by its
// normalised key.
class Catalog {
 public:
  // Loads every *.jsonl in dir/catalog (sorted) and dir/tasks.jsonl, where
  // dir is the ontology folder. Errors name the file and line.
  static StatusOr<std::shared_ptr<Catalog>> loadBuiltin(const std::string& ontology_dir);

  // Adds the entries of one dataset or task file (the header says which);
  // an entry whose id exists replaces it (user catalogs over the built-in
  // one) when replace is true, and is an error otherwise.
  Status addFile(const std::string& path, bool replace);

  // Parses a Papers-with-Code style datasets JSON (a list of objects with
  // name, full_name, variants, homepage, introduced_date, paper, modalities,
  // languages, tasks) into catalog lines (the papergraph-catalog/1 text).
  static StatusOr<std::string> importPapersWithCode(const std::string& path);

  const CatalogDataset* dataset(std::string_view id) const;
  const CatalogTask* task(std::string_view id) const;
  const std::vector<CatalogDataset>& datasets() const { return datasets_; }
  const std::vector<CatalogTask>& tasks() const { return tasks_; }

  // A name's candidates: ids of datasets (or tasks) whose title, full name,
  // alias or ambiguous name has the same normalised key. `ambiguous` says,
  // per candidate, whether the name is one of its ambiguous names.
  struct Hit {
    std::string id;
    bool ambiguous = false;
  };
  std::vector<Hit> lookupDataset(std::string_view name) const;
  std::vector<Hit> lookupTask(std::string_view name) const;

  // The root of a dataset's version/variant chain (itself when none).
  std::string rootOf(std::string_view id) const;

  // The chain from id up to its root: id, its version_of/variant_of parent,
  // and so on (stops at a missing id or a cycle).
  std::vector<std::string> chainOf(std::string_view id) const;

  // Every name of a dataset (title, full name, aliases, then ambiguous
  // names), each with whether it is ambiguous.
  static std::vector<std::pair<std::string, bool>> namesOf(const CatalogDataset& d);
  // The same for a task.
  static std::vector<std::pair<std::string, bool>> namesOf(const CatalogTask& t);

  // Things worth telling a catalog author that do not stop loading:
  // unknown fields, version_of/variant_of/broader naming a missing id.
  std::vector<std::string> warnings() const;

 private:
  Status addFile(const std::string& path, bool replace, bool reindex);
  void index();
  std::vector<std::string> field_warnings_;
  std::vector<CatalogDataset> datasets_;
  std::vector<CatalogTask> tasks_;
  std::unordered_map<std::string, size_t> dataset_by_id_, task_by_id_;
  std::unordered_map<std::string, std::vector<Hit>> dataset_by_key_, task_by_key_;
};

// The normalised key of a name: Unicode dashes/quotes folded, lower case,
// separators (space, hyphen, underscore, dot, slash) dropped, year forms
// unified ("WMT'14" / "WMT 2014" / "WMT14" -> "wmt2014"). Equal keys mean
// "the same name spelled differently"; the key never merges differing
// digits ("cifar10" != "cifar100").
std::string normalizeName(std::string_view name);

// The ISO 639-1 code for a language written as its English name ("German")
// or as a code ("de", "DE"); "" when unknown.
std::string languageCode(std::string_view name_or_code);

// A slug for IRIs: lower-case ASCII letters and digits joined by '-'
// ("SQuAD 1.1" -> "squad-1-1"); non-ASCII letters are kept as UTF-8-safe
// percent-free transliteration where known, else dropped.
std::string slugify(std::string_view name);

}  // namespace papergraph
