#include "model.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

namespace papergraph::model {
namespace {

uint64_t checksum(std::string_view bytes) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
  return h;
}

// Little-endian writer and bounds-checked reader.
class Writer {
 public:
  template <class T>
  void put(T v) {
    char b[sizeof(T)];
    std::memcpy(b, &v, sizeof(T));
    out_.append(b, sizeof(T));
  }
  void putString(const std::string& s) {
    put<uint32_t>(static_cast<uint32_t>(s.size()));
    out_ += s;
  }
  void raw(std::string_view s) { out_ += s; }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view b) : b_(b) {}
  template <class T>
  bool get(T& v) {
    if (pos_ + sizeof(T) > b_.size()) return false;
    std::memcpy(&v, b_.data() + pos_, sizeof(T));
    pos_ += sizeof(T);
    return true;
  }
  bool getString(std::string& s, uint32_t max) {
    uint32_t n = 0;
    if (!get(n) || n > max || pos_ + n > b_.size()) return false;
    s.assign(b_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  size_t left() const { return b_.size() - pos_; }

 private:
  std::string_view b_;
  size_t pos_ = 0;
};

static_assert(sizeof(float) == 4, "model files store IEEE single floats");

}  // namespace

SequenceModel::SequenceModel(uint32_t hash_bits)
    : hash_bits_(std::clamp<uint32_t>(hash_bits, 8, 24)), weights_(rows() * kNumTags, 0.0f) {}

void SequenceModel::emissions(const FeatureRows& rows, std::vector<float>& out) const {
  const size_t n = rows.size();
  out.assign(n * kNumTags, 0.0f);
  for (size_t t = 0; t < n; ++t) {
    float s[kNumTags] = {};
    for (uint32_t k = rows.begin[t]; k < rows.begin[t + 1]; ++k) {
      const float* w = row(rows.ids[k]);
      for (size_t y = 0; y < kNumTags; ++y) s[y] += w[y];
    }
    s[kO] -= o_bias;
    std::copy(s, s + kNumTags, &out[t * kNumTags]);
  }
}

float SequenceModel::confidence(float margin) const {
  return 1.0f / (1.0f + std::exp(-(calib_a_ * margin + calib_b_)));
}

Status SequenceModel::save(const std::string& path) const {
  Writer w;
  w.raw(kModelMagic);
  w.put<uint32_t>(kModelFormatVersion);
  w.put<uint32_t>(kFeatureSetVersion);
  w.put<uint32_t>(hash_bits_);
  w.put<uint32_t>(static_cast<uint32_t>(kNumTags));
  w.put<float>(calib_a_);
  w.put<float>(calib_b_);
  w.put<float>(o_bias);
  // Flags: bit 0 propagate, bits 1-2 the match sources (MatchSource << 1).
  w.put<uint32_t>((propagate ? 1u : 0u) | (matchers << 1));
  w.putString(version);
  w.putString(description);
  // Cluster table: the cluster count per level, the word count, then every
  // word (u8 length, bytes) with its ids (u16 per level).
  for (uint16_t n : clusters.sizes()) w.put<uint16_t>(n);
  w.put<uint32_t>(static_cast<uint32_t>(clusters.size()));
  for (size_t i = 0; i < clusters.size(); ++i) {
    const std::string& word = clusters.word(i);
    w.put<uint8_t>(static_cast<uint8_t>(word.size()));
    w.raw(word);
    for (uint16_t id : clusters.ids(i)) w.put<uint16_t>(id);
  }
  for (size_t p = 0; p <= kNumTags; ++p) {
    for (size_t y = 0; y < kNumTags; ++y) w.put<float>(transitions_.score[p][y]);
  }
  float max_abs = 0;
  for (float v : weights_) max_abs = std::max(max_abs, std::fabs(v));
  const float scale = max_abs > 0 ? max_abs / 32767.0f : 1.0f;
  w.put<float>(scale);
  std::vector<uint32_t> nonzero;
  for (uint32_t r = 0; r < rows(); ++r) {
    const float* v = row(r);
    for (size_t y = 0; y < kNumTags; ++y) {
      if (std::lround(v[y] / scale) != 0) {
        nonzero.push_back(r);
        break;
      }
    }
  }
  w.put<uint32_t>(static_cast<uint32_t>(nonzero.size()));
  for (uint32_t r : nonzero) {
    w.put<uint32_t>(r);
    for (size_t y = 0; y < kNumTags; ++y) w.put<int16_t>(static_cast<int16_t>(std::lround(row(r)[y] / scale)));
  }
  w.put<uint64_t>(checksum(w.bytes()));
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(w.bytes().data(), static_cast<std::streamsize>(w.bytes().size()));
  out.close();
  if (!out) return ioError("cannot write model file " + path);
  return Status::ok();
}

StatusOr<SequenceModel> SequenceModel::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return notFound("cannot open model file " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return ioError("cannot read model file " + path);
  return parse(ss.str(), path);
}

StatusOr<SequenceModel> SequenceModel::parse(std::string_view bytes, const std::string& name) {
  const std::string where = "model file " + name + ": ";
  if (bytes.size() < kModelMagic.size() + 4 || bytes.substr(0, kModelMagic.size()) != kModelMagic) {
    return badInput(where + "not a papergraph model (bad magic number)");
  }
  Reader r(bytes.substr(kModelMagic.size()));
  uint32_t format = 0;
  r.get(format);
  if (format > kModelFormatVersion || format == 0) {
    return unsupported(where + "format version " + std::to_string(format) + " is newer than this reader's (" +
                       std::to_string(kModelFormatVersion) + "); update papergraph or retrain the model");
  }
  if (bytes.size() < kModelMagic.size() + 8 + 8) return badInput(where + "corrupt (truncated)");
  uint64_t stored = 0;
  std::memcpy(&stored, bytes.data() + bytes.size() - 8, 8);
  if (stored != checksum(bytes.substr(0, bytes.size() - 8))) {
    return badInput(where + "corrupt (checksum mismatch: truncated or damaged)");
  }
  Reader body(bytes.substr(kModelMagic.size() + 4, bytes.size() - kModelMagic.size() - 4 - 8));
  uint32_t feature_set = 0, bits = 0, tags = 0;
  float a = 0, b = 0, o_bias = 0;
  uint32_t flags = 0;
  if (!body.get(feature_set) || !body.get(bits) || !body.get(tags) || !body.get(a) || !body.get(b) ||
      !body.get(o_bias) || !body.get(flags)) {
    return badInput(where + "corrupt (short header)");
  }
  if (feature_set != kFeatureSetVersion && feature_set != 2) {
    return unsupported(where + "trained with feature set " + std::to_string(feature_set) +
                       ", this plugin computes feature set " + std::to_string(kFeatureSetVersion) +
                       "; retrain the model");
  }
  if (bits < 8 || bits > 24 || tags != kNumTags) {
    return badInput(where + "corrupt (hash bits " + std::to_string(bits) + ", tags " + std::to_string(tags) + ")");
  }
  SequenceModel m(bits);
  m.setCalibration(a, b);
  m.o_bias = o_bias;
  m.propagate = (flags & 1u) != 0;
  m.matchers = (flags >> 1) & (kCatalogMatches | kRuleMatches);
  if (flags >> 3) return unsupported(where + "unknown flags " + std::to_string(flags) + "; update papergraph");
  if (!body.getString(m.version, 256) || !body.getString(m.description, 1 << 16)) {
    return badInput(where + "corrupt (bad header strings)");
  }
  if (format >= 2) {
    ClusterIds sizes{};
    uint32_t words = 0;
    for (uint16_t& n : sizes) {
      if (!body.get(n)) return badInput(where + "corrupt (short cluster table)");
    }
    if (!body.get(words) || words > body.left() / (1 + 2 * kClusterLevels)) {
      return badInput(where + "corrupt (short cluster table)");
    }
    if (words > 0 && feature_set < 3) return badInput(where + "corrupt (clusters in feature set 2)");
    m.clusters.setSizes(sizes);
    std::string word;
    for (uint32_t i = 0; i < words; ++i) {
      uint8_t len = 0;
      ClusterIds ids{};
      if (!body.get(len) || body.left() < len + 2 * kClusterLevels) return badInput(where + "corrupt (short cluster table)");
      word.resize(len);
      for (char& c : word) body.get(c);
      for (uint16_t& id : ids) body.get(id);
      if (!m.clusters.add(word, ids)) return badInput(where + "corrupt (cluster table entry " + std::to_string(i) + ")");
    }
  }
  for (size_t p = 0; p <= kNumTags; ++p) {
    for (size_t y = 0; y < kNumTags; ++y) {
      if (!body.get(m.transitions_.score[p][y])) return badInput(where + "corrupt (short transitions)");
    }
  }
  float scale = 0;
  uint32_t count = 0;
  if (!body.get(scale) || !body.get(count) || !std::isfinite(scale))
    return badInput(where + "corrupt (bad weight header)");
  if (body.left() != size_t{count} * (4 + 2 * kNumTags)) return badInput(where + "corrupt (weight table size)");
  for (uint32_t i = 0; i < count; ++i) {
    uint32_t id = 0;
    body.get(id);
    if (id >= m.rows()) return badInput(where + "corrupt (feature id out of range)");
    for (size_t y = 0; y < kNumTags; ++y) {
      int16_t q = 0;
      body.get(q);
      m.row(id)[y] = q * scale;
    }
  }
  return m;
}

}  // namespace papergraph::model
