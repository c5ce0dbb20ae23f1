// A generation's query index: every triple of the default graph (the union
// of all papers' graphs and the shared graphs), dictionary-encoded and
// sorted three ways, in one read-only file beside the Redland store
// (gen-NNNNNN/index.pgx). It is derived data: written when a generation is
// published, never changed after, and a generation without one (or with a
// damaged one) is still answered by Rasqal. The index answers the queries
// Rasqal's nested loops are slow on (store/index_query.hpp).
//
// File layout, native byte order (checked by the header's byte-order mark):
//   header        magic, version, counts and section offsets
//   term offsets  uint64 per term + 1, into the term bytes
//   term bytes    per term: kind byte, then value, datatype and language,
//                 each a uint32 length and its bytes
//   spo, pos, osp the triples as (s, p, o) uint32 ids, sorted by
//                 (s,p,o), (p,o,s) and (o,s,p)
//   run starts    per order, uint64 per term + 1: where the triples that
//                 term leads begin (so a lookup needs no search)
// Term ids follow term order: blank nodes, then IRIs, then literals, each by
// value bytes (then datatype, then language). So two IRIs' ids compare as
// their strings do.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "papergraph/status.hpp"
#include "store/store.hpp"

namespace papergraph {

// The index file's name in a generation folder.
inline constexpr const char* kIndexFileName = "index.pgx";

// One triple as term ids.
struct IdTriple {
  uint32_t s, p, o;
};

// A term as stored: views into the mapped file.
struct TermView {
  RdfTerm::Kind kind = RdfTerm::Kind::kUnbound;
  std::string_view value, datatype, lang;
  RdfTerm toTerm() const;
};

// Collects triples, then writes the index file.
class IndexBuilder {
 public:
  void add(const RdfTerm& s, const RdfTerm& p, const RdfTerm& o);
  size_t triples() const { return triples_.size(); }
  // Sorts, removes duplicate triples and writes `path` atomically.
  Status write(const std::string& path);

 private:
  uint32_t intern(const RdfTerm& t);
  std::unordered_map<std::string, uint32_t> ids_;  // encoded term -> id in order of first use
  std::vector<const std::string*> terms_;          // by that id: the map's keys (nodes do not move)
  std::vector<IdTriple> triples_;
};

// An index file mapped read-only.
class QueryIndex {
 public:
  // Maps the file and checks its header and layout; invalidArgument names
  // what is damaged. Terms and triples are checked as they are read.
  static StatusOr<std::unique_ptr<QueryIndex>> open(const std::string& path);
  ~QueryIndex();
  QueryIndex(const QueryIndex&) = delete;
  QueryIndex& operator=(const QueryIndex&) = delete;

  static constexpr uint32_t kNone = UINT32_MAX;

  uint32_t termCount() const { return terms_; }
  size_t tripleCount() const { return triples_; }
  // The id of a term, kNone when no stored triple uses it.
  uint32_t find(const RdfTerm& t) const;
  // A term; kind kUnbound when `id` names none or its bytes are damaged.
  TermView term(uint32_t id) const;
  // The file, for messages ("PATH: damaged query index: WHY").
  const std::string& path() const { return path_; }

  // The triples matching a pattern (kNone = any), as a sorted run of one of
  // the three orders.
  struct Range {
    const IdTriple* begin = nullptr;
    const IdTriple* end = nullptr;
    size_t size() const { return static_cast<size_t>(end - begin); }
  };
  Range match(uint32_t s, uint32_t p, uint32_t o) const;

 private:
  QueryIndex() = default;
  const uint8_t* base_ = nullptr;
  size_t size_ = 0;
  uint32_t terms_ = 0;
  size_t triples_ = 0;
  const uint64_t* offsets_ = nullptr;
  const uint8_t* bytes_ = nullptr;
  uint64_t bytes_size_ = 0;
  std::string path_;
  const IdTriple* spo_ = nullptr;
  const IdTriple* pos_ = nullptr;
  const IdTriple* osp_ = nullptr;
  const uint64_t* starts_[3] = {};  // per order, where each leading term's run begins
};

}  // namespace papergraph
