// Usage aggregates the store keeps as facts, so that the usual counting
// questions are answered by reading a few thousand statements instead of
// Rasqal grouping and counting joins over every paper (seconds at 10k
// papers).
//
// In the graph kAggregatesGraph, with the vocabulary below:
//   <D> store:usedByPapers N                      papers using dataset D
//   <urn:papergraph:store:usage:H> store:dataset <D> ; store:task <T> ;
//        store:papers N                           papers using D and addressing task T
//   <urn:papergraph:store:pair:H> store:dataset <A> ; store:otherDataset <B> ;
//        store:papers N                           papers using both A and B, STR(A) < STR(B)
// where "papers" means distinct subjects of cito:usesDataFrom (and, for
// tasks, pg:addressesTask) over the union of every graph, exactly what
// COUNT(DISTINCT ?paper) over those patterns gives; N is an xsd:integer.
// Only IRI subjects and objects count (papergraph's graphs have no others).
//
// UsageAggregates is the bookkeeping, without librdf: the writer tells it
// each triple of those two predicates a graph starts or stops stating, and
// at commit asks which count facts changed since the last commit.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

namespace papergraph {

inline constexpr const char* kAggregatesGraph = "urn:papergraph:store:aggregates";
inline constexpr const char* kAggUsedByPapers = "urn:papergraph:store#usedByPapers";
inline constexpr const char* kAggPapers = "urn:papergraph:store#papers";
inline constexpr const char* kAggDataset = "urn:papergraph:store#dataset";
inline constexpr const char* kAggTask = "urn:papergraph:store#task";
inline constexpr const char* kAggOtherDataset = "urn:papergraph:store#otherDataset";
inline constexpr const char* kUsesDataFrom = "http://purl.org/spar/cito/usesDataFrom";
inline constexpr const char* kAddressesTask = "https://w3id.org/papergraph/ontology#addressesTask";

class UsageAggregates {
 public:
  enum class Kind { kDataset, kDatasetTask, kDatasetPair };
  struct Key {
    Kind kind;
    std::string a, b;  // b empty for kDataset
    bool operator<(const Key& o) const { return std::tie(kind, a, b) < std::tie(o.kind, o.a, o.b); }
    bool operator==(const Key& o) const { return kind == o.kind && a == o.a && b == o.b; }
  };
  // A count fact that differs from the one last stored (0 = absent).
  struct Change {
    Key key;
    int64_t stored = 0, now = 0;
  };

  // One statement of `subject` `predicate` `object` (IRIs) began (+1) or
  // ceased (-1) to be stated by one graph. Other predicates are ignored.
  // Returns false for a predicate that does not count.
  bool count(const std::string& subject, const std::string& predicate, const std::string& object, int delta);
  // True for the predicates the aggregates are made from.
  static bool counts(const std::string& predicate);

  // The count facts that changed since markStored(), in key order.
  std::vector<Change> changes() const;
  // Records the current counts as the stored ones.
  void markStored();
  // Forgets what is stored: the next changes() lists every count.
  void forgetStored();

  // The current counts, all of them (for tests and checks).
  const std::map<Key, int64_t>& counts() const { return counts_; }

  // The IRI of a count's node: the dataset itself, or a node named by a
  // hash of the two IRIs; and the predicate of its count.
  static std::string nodeIri(const Key& key);
  static const char* countPredicate(const Key& key) {
    return key.kind == Kind::kDataset ? kAggUsedByPapers : kAggPapers;
  }

 private:
  struct Subject {
    std::map<std::string, uint32_t> datasets, tasks;  // object -> graphs stating it
  };
  void contribute(const Subject& s, int sign);
  void bump(const Key& key, int64_t by);

  std::unordered_map<std::string, Subject> subjects_;
  std::map<Key, int64_t> counts_;
  std::map<Key, int64_t> stored_;
  std::set<Key> touched_;  // keys whose count may differ from stored_
};

}  // namespace papergraph
