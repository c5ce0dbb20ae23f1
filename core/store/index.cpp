#include "store/index.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <numeric>

#include "common/atomic_file.hpp"

namespace papergraph {
namespace {

constexpr char kMagic[8] = {'P', 'G', 'X', 'I', 'D', 'X', '\n', '\0'};
constexpr uint32_t kVersion = 2;
constexpr uint32_t kByteOrderMark = 0x01020304;

struct Header {
  char magic[8];
  uint32_t version;
  uint32_t byte_order;
  uint64_t terms;
  uint64_t triples;
  uint64_t offsets_at;  // uint64[terms + 1]
  uint64_t bytes_at;
  uint64_t bytes_size;
  uint64_t spo_at, pos_at, osp_at;  // IdTriple[triples] each
  uint64_t starts_at;               // uint64[3][terms + 1]: where each term's run begins in spo, pos, osp
  uint64_t file_size;
};

uint8_t kindByte(RdfTerm::Kind k) {
  switch (k) {
    case RdfTerm::Kind::kBlank:
      return 1;
    case RdfTerm::Kind::kIri:
      return 2;
    case RdfTerm::Kind::kLiteral:
      return 3;
    case RdfTerm::Kind::kUnbound:
      break;
  }
  return 0;
}

void appendField(std::string* out, std::string_view s) {
  uint32_t n = static_cast<uint32_t>(s.size());
  out->append(reinterpret_cast<const char*>(&n), sizeof n);
  out->append(s);
}

std::string encode(const RdfTerm& t) {
  std::string out;
  out.push_back(static_cast<char>(kindByte(t.kind)));
  appendField(&out, t.value);
  appendField(&out, t.datatype);
  appendField(&out, t.lang);
  return out;
}

// Reads an encoded term; false when it runs past `end`.
bool decode(const uint8_t* p, const uint8_t* end, TermView* v) {
  if (p >= end) return false;
  switch (*p++) {
    case 1:
      v->kind = RdfTerm::Kind::kBlank;
      break;
    case 2:
      v->kind = RdfTerm::Kind::kIri;
      break;
    case 3:
      v->kind = RdfTerm::Kind::kLiteral;
      break;
    default:
      return false;
  }
  std::string_view* fields[] = {&v->value, &v->datatype, &v->lang};
  for (std::string_view* f : fields) {
    uint32_t n = 0;
    if (end - p < static_cast<ptrdiff_t>(sizeof n)) return false;
    std::memcpy(&n, p, sizeof n);
    p += sizeof n;
    if (static_cast<uint64_t>(end - p) < n) return false;
    *f = std::string_view(reinterpret_cast<const char*>(p), n);
    p += n;
  }
  return true;
}

// Term order: kind, value, datatype, language.
int compareViews(const TermView& a, const TermView& b) {
  if (a.kind != b.kind) return kindByte(a.kind) < kindByte(b.kind) ? -1 : 1;
  if (int c = a.value.compare(b.value)) return c;
  if (int c = a.datatype.compare(b.datatype)) return c;
  return a.lang.compare(b.lang);
}

TermView viewOf(const std::string& encoded) {
  TermView v;
  const auto* p = reinterpret_cast<const uint8_t*>(encoded.data());
  decode(p, p + encoded.size(), &v);
  return v;
}

bool lessSpo(const IdTriple& a, const IdTriple& b) {
  return a.s != b.s ? a.s < b.s : a.p != b.p ? a.p < b.p : a.o < b.o;
}
bool lessPos(const IdTriple& a, const IdTriple& b) {
  return a.p != b.p ? a.p < b.p : a.o != b.o ? a.o < b.o : a.s < b.s;
}
bool lessOsp(const IdTriple& a, const IdTriple& b) {
  return a.o != b.o ? a.o < b.o : a.s != b.s ? a.s < b.s : a.p < b.p;
}

}  // namespace

RdfTerm TermView::toTerm() const {
  RdfTerm t;
  t.kind = kind;
  t.value = value;
  t.datatype = datatype;
  t.lang = lang;
  return t;
}

// ---------------------------------------------------------------- builder

uint32_t IndexBuilder::intern(const RdfTerm& t) {
  std::string key = encode(t);
  auto [it, fresh] = ids_.emplace(std::move(key), static_cast<uint32_t>(terms_.size()));
  if (fresh) terms_.push_back(&it->first);
  return it->second;
}

void IndexBuilder::add(const RdfTerm& s, const RdfTerm& p, const RdfTerm& o) {
  triples_.push_back({intern(s), intern(p), intern(o)});
}

Status IndexBuilder::write(const std::string& path) {
  if (terms_.size() >= QueryIndex::kNone)
    return Status(StatusCode::kUnsupported, path + ": more terms than the index holds");
  // Ids in term order.
  std::vector<uint32_t> order(terms_.size());
  std::iota(order.begin(), order.end(), 0);
  {
    std::vector<TermView> views;
    views.reserve(terms_.size());
    for (const std::string* t : terms_) views.push_back(viewOf(*t));
    std::sort(order.begin(), order.end(),
              [&](uint32_t a, uint32_t b) { return compareViews(views[a], views[b]) < 0; });
  }
  std::vector<uint32_t> rank(terms_.size());
  for (uint32_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
  for (IdTriple& t : triples_) t = {rank[t.s], rank[t.p], rank[t.o]};
  std::sort(triples_.begin(), triples_.end(), lessSpo);
  triples_.erase(std::unique(triples_.begin(), triples_.end(),
                             [](const IdTriple& a, const IdTriple& b) { return a.s == b.s && a.p == b.p && a.o == b.o; }),
                 triples_.end());

  Header h{};
  std::memcpy(h.magic, kMagic, sizeof kMagic);
  h.version = kVersion;
  h.byte_order = kByteOrderMark;
  h.terms = terms_.size();
  h.triples = triples_.size();
  uint64_t bytes_size = 0;
  for (const std::string* t : terms_) bytes_size += t->size();
  auto align8 = [](uint64_t n) { return (n + 7) & ~uint64_t{7}; };
  h.offsets_at = align8(sizeof h);
  h.bytes_at = h.offsets_at + (h.terms + 1) * sizeof(uint64_t);
  h.bytes_size = bytes_size;
  h.spo_at = align8(h.bytes_at + bytes_size);
  h.pos_at = h.spo_at + h.triples * sizeof(IdTriple);
  h.osp_at = h.pos_at + h.triples * sizeof(IdTriple);
  h.starts_at = align8(h.osp_at + h.triples * sizeof(IdTriple));
  h.file_size = h.starts_at + 3 * (h.terms + 1) * sizeof(uint64_t);
  // Where each term's run of triples begins in the three orders: a term
  // leads as subject in spo, as predicate in pos, as object in osp.
  std::vector<uint64_t> starts(3 * (h.terms + 1), 0);
  {
    uint64_t* spo = starts.data();
    uint64_t* pos = spo + h.terms + 1;
    uint64_t* osp = pos + h.terms + 1;
    for (const IdTriple& t : triples_) {
      ++spo[t.s + 1];
      ++pos[t.p + 1];
      ++osp[t.o + 1];
    }
    for (uint64_t* run : {spo, pos, osp})
      for (uint64_t i = 0; i < h.terms; ++i) run[i + 1] += run[i];
  }

  return writeFileAtomic(path, [&](const ChunkSink& sink) -> Status {
    std::string buf;
    auto flush = [&](bool force) -> Status {
      if (buf.size() < (1 << 20) && !force) return Status::ok();
      Status s = sink(buf);
      buf.clear();
      return s;
    };
    uint64_t written = 0;
    auto put = [&](const void* p, size_t n) -> Status {
      buf.append(static_cast<const char*>(p), n);
      written += n;
      return flush(false);
    };
    auto padTo = [&](uint64_t at) -> Status {
      static const char zeros[8] = {};
      return put(zeros, at - written);
    };
    if (Status s = put(&h, sizeof h); !s.isOk()) return s;
    if (Status s = padTo(h.offsets_at); !s.isOk()) return s;
    uint64_t off = 0;
    for (uint32_t id : order) {
      if (Status s = put(&off, sizeof off); !s.isOk()) return s;
      off += terms_[id]->size();
    }
    if (Status s = put(&off, sizeof off); !s.isOk()) return s;
    for (uint32_t id : order)
      if (Status s = put(terms_[id]->data(), terms_[id]->size()); !s.isOk()) return s;
    if (Status s = padTo(h.spo_at); !s.isOk()) return s;
    auto putTriples = [&]() -> Status {
      return put(triples_.data(), triples_.size() * sizeof(IdTriple));
    };
    if (Status s = putTriples(); !s.isOk()) return s;
    std::sort(triples_.begin(), triples_.end(), lessPos);
    if (Status s = putTriples(); !s.isOk()) return s;
    std::sort(triples_.begin(), triples_.end(), lessOsp);
    if (Status s = putTriples(); !s.isOk()) return s;
    if (Status s = padTo(h.starts_at); !s.isOk()) return s;
    if (Status s = put(starts.data(), starts.size() * sizeof(uint64_t)); !s.isOk()) return s;
    return flush(true);
  });
}

// ---------------------------------------------------------------- reader

QueryIndex::~QueryIndex() {
  if (base_) ::munmap(const_cast<uint8_t*>(base_), size_);
}

StatusOr<std::unique_ptr<QueryIndex>> QueryIndex::open(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return notFound(path + ": no query index");
    return ioError(path + ": cannot open: " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return ioError(path + ": cannot stat: " + std::strerror(errno));
  }
  auto bad = [&](const std::string& why) { return invalidArgument(path + ": damaged query index: " + why); };
  size_t size = static_cast<size_t>(st.st_size);
  if (size < sizeof(Header)) {
    ::close(fd);
    return bad("shorter than its header");
  }
  void* map = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd, 0);
  ::close(fd);
  if (map == MAP_FAILED) return ioError(path + ": cannot map: " + std::strerror(errno));
  std::unique_ptr<QueryIndex> ix(new QueryIndex());
  ix->base_ = static_cast<const uint8_t*>(map);
  ix->size_ = size;
  Header h;
  std::memcpy(&h, map, sizeof h);
  if (std::memcmp(h.magic, kMagic, sizeof kMagic) != 0) return bad("not an index file");
  if (h.byte_order != kByteOrderMark) return bad("written on a machine of another byte order");
  if (h.version != kVersion)
    return invalidArgument(path + ": a query index in format version " + std::to_string(h.version) +
                           ", and this build reads version " + std::to_string(kVersion) +
                           " (the next papergraph build on the store rewrites it)");
  if (h.file_size != size) return bad("its size is not the size its header gives (truncated?)");
  // Counts are bounded by the size first, so the sums below cannot wrap.
  if (h.terms >= kNone || h.terms > size / (4 * sizeof(uint64_t)) || h.triples > size / (3 * sizeof(IdTriple)) ||
      h.bytes_size > size || h.offsets_at > size || h.spo_at > size || h.offsets_at % 8 || h.spo_at % 4 ||
      h.bytes_at != h.offsets_at + (h.terms + 1) * sizeof(uint64_t) || h.bytes_at + h.bytes_size > h.spo_at ||
      h.pos_at != h.spo_at + h.triples * sizeof(IdTriple) || h.osp_at != h.pos_at + h.triples * sizeof(IdTriple) ||
      h.starts_at % 8 || h.starts_at < h.osp_at + h.triples * sizeof(IdTriple) ||
      h.starts_at - (h.osp_at + h.triples * sizeof(IdTriple)) >= 8 ||
      h.starts_at + 3 * (h.terms + 1) * sizeof(uint64_t) != size)
    return bad("its sections do not fit together");
  ix->terms_ = static_cast<uint32_t>(h.terms);
  ix->triples_ = h.triples;
  ix->offsets_ = reinterpret_cast<const uint64_t*>(ix->base_ + h.offsets_at);
  ix->bytes_ = ix->base_ + h.bytes_at;
  ix->spo_ = reinterpret_cast<const IdTriple*>(ix->base_ + h.spo_at);
  ix->pos_ = reinterpret_cast<const IdTriple*>(ix->base_ + h.pos_at);
  ix->osp_ = reinterpret_cast<const IdTriple*>(ix->base_ + h.osp_at);
  for (int i = 0; i < 3; ++i)
    ix->starts_[i] = reinterpret_cast<const uint64_t*>(ix->base_ + h.starts_at) + i * (h.terms + 1);
  // Only the first and last term offsets are read here, not the terms or
  // the triples: a query reads a small part of them, and checking all of
  // them at every open cost ~25 ms of each query on a 10k-paper store
  // (every page of the mapping faulted in). Instead every read is checked
  // where it happens: term() refuses offsets outside the term bytes, and
  // the evaluator refuses a triple whose id names no term (so a damaged
  // index never reads outside the mapping, and the query is declined with
  // the damage named).
  if (ix->offsets_[0] != 0 || ix->offsets_[h.terms] != h.bytes_size) return bad("term offsets out of range");
  ix->bytes_size_ = h.bytes_size;
  ix->path_ = path;
  return ix;
}

TermView QueryIndex::term(uint32_t id) const {
  TermView v;
  if (id >= terms_) return v;
  uint64_t from = offsets_[id], to = offsets_[id + 1];
  if (from <= to && to <= bytes_size_ && !decode(bytes_ + from, bytes_ + to, &v)) v = TermView();
  return v;
}

uint32_t QueryIndex::find(const RdfTerm& t) const {
  TermView want;
  want.kind = t.kind;
  want.value = t.value;
  want.datatype = t.datatype;
  want.lang = t.lang;
  uint32_t lo = 0, hi = terms_;
  while (lo < hi) {
    uint32_t mid = lo + (hi - lo) / 2;
    int c = compareViews(term(mid), want);
    if (c == 0) return mid;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return kNone;
}

QueryIndex::Range QueryIndex::match(uint32_t s, uint32_t p, uint32_t o) const {
  // The order whose sort key begins with the bound positions; each case
  // compares only the bound fields (this is the evaluator's inner loop).
  bool bs = s != kNone, bp = p != kNone, bo = o != kNone;
  const IdTriple* run = spo_;
  if (!bs && bp)
    run = pos_;
  else if (!bs && !bp && bo)
    run = osp_;
  else if (bs && !bp && bo)
    run = osp_;
  const IdTriple* first = run;
  const IdTriple* last = run + triples_;
  // The leading term's run, from the file's run starts (no search); a
  // start that does not fit (damage) leaves the whole order to search.
  uint32_t lead = run == spo_ ? s : run == pos_ ? p : o;
  if (lead < terms_) {
    const uint64_t* start = starts_[run == spo_ ? 0 : run == pos_ ? 1 : 2];
    uint64_t from = start[lead], to = start[lead + 1];
    if (from <= to && to <= triples_) {
      first = run + from;
      last = run + to;
      if (int(bs) + int(bp) + int(bo) == 1) return {first, last};
    }
  }
  const IdTriple want{s, p, o};
  auto range = [&](auto less) {
    auto [lo, hi] = std::equal_range(first, last, want, less);
    return Range{lo, hi};
  };
  if (bs && bp && bo) return range([](const IdTriple& a, const IdTriple& b) { return lessSpo(a, b); });
  if (bs && bp) return range([](const IdTriple& a, const IdTriple& b) { return a.s != b.s ? a.s < b.s : a.p < b.p; });
  if (bs && bo) return range([](const IdTriple& a, const IdTriple& b) { return a.o != b.o ? a.o < b.o : a.s < b.s; });
  if (bs) return range([](const IdTriple& a, const IdTriple& b) { return a.s < b.s; });
  if (bp && bo) return range([](const IdTriple& a, const IdTriple& b) { return a.p != b.p ? a.p < b.p : a.o < b.o; });
  if (bp) return range([](const IdTriple& a, const IdTriple& b) { return a.p < b.p; });
  if (bo) return range([](const IdTriple& a, const IdTriple& b) { return a.o < b.o; });
  return {first, last};
}

}  // namespace papergraph
