#include "trainer.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <random>

namespace papergraph::model {
namespace {

bool overlaps(size_t s1, size_t e1, size_t s2, size_t e2) { return s1 < e2 && s2 < e1; }

// Gold tags over a document's tokens: datasets first, then tasks where they
// do not collide with a dataset.
std::vector<uint8_t> goldTags(const AnnotatedDoc& doc, const std::vector<Token>& tokens) {
  std::vector<uint8_t> tags(tokens.size(), kO);
  for (EntityKind kind : {EntityKind::kDataset, EntityKind::kTask}) {
    for (const GoldSpan& g : doc.spans) {
      if (g.kind != kind) continue;
      auto it = std::lower_bound(tokens.begin(), tokens.end(), g.start,
                                 [](const Token& t, size_t pos) { return t.end <= pos; });
      const size_t first = it - tokens.begin();
      size_t last = first;
      while (last < tokens.size() && tokens[last].start < g.end) ++last;
      if (first == last) continue;
      if (std::any_of(tags.begin() + first, tags.begin() + last, [](uint8_t t) { return t != kO; })) continue;
      tags[first] = beginTag(kind);
      std::fill(tags.begin() + first + 1, tags.begin() + last, insideTag(kind));
    }
  }
  return tags;
}

// The averaged perceptron's state: current weights, and the running sums
// that give the average at the end without touching every weight per step.
class Perceptron {
 public:
  explicit Perceptron(uint32_t hash_bits) : model_(hash_bits), sums_(model_.rows() * kNumTags, 0.0) {}

  const SequenceModel& current() const { return model_; }

  // One training step on a sentence whose decoding was `predicted`.
  void update(const FeatureRows& rows, const std::vector<uint8_t>& gold, const std::vector<uint8_t>& predicted) {
    ++step_;
    if (gold == predicted) return;
    for (size_t t = 0; t < gold.size(); ++t) {
      const size_t prev_g = t ? gold[t - 1] : kNumTags, prev_p = t ? predicted[t - 1] : kNumTags;
      if (gold[t] == predicted[t] && prev_g == prev_p) continue;
      bump(model_.transitions().score[prev_g][gold[t]], trans_sums_[prev_g][gold[t]], 1.0f);
      bump(model_.transitions().score[prev_p][predicted[t]], trans_sums_[prev_p][predicted[t]], -1.0f);
      if (gold[t] == predicted[t]) continue;
      for (uint32_t k = rows.begin[t]; k < rows.begin[t + 1]; ++k) {
        const size_t base = size_t{rows.ids[k]} * kNumTags;
        bump(model_.row(rows.ids[k])[gold[t]], sums_[base + gold[t]], 1.0f);
        bump(model_.row(rows.ids[k])[predicted[t]], sums_[base + predicted[t]], -1.0f);
      }
    }
  }

  // The averaged model.
  SequenceModel averaged() const {
    SequenceModel avg(model_.hashBits());
    const double c = static_cast<double>(step_ + 1);
    for (uint32_t r = 0; r < model_.rows(); ++r) {
      for (size_t y = 0; y < kNumTags; ++y) {
        avg.row(r)[y] = static_cast<float>(model_.row(r)[y] - sums_[size_t{r} * kNumTags + y] / c);
      }
    }
    for (size_t p = 0; p <= kNumTags; ++p) {
      for (size_t y = 0; y < kNumTags; ++y) {
        avg.transitions().score[p][y] = static_cast<float>(model_.transitions().score[p][y] - trans_sums_[p][y] / c);
      }
    }
    return avg;
  }

 private:
  void bump(float& w, double& sum, float d) {
    w += d;
    sum += static_cast<double>(step_) * d;
  }
  SequenceModel model_;
  std::vector<double> sums_;
  double trans_sums_[kNumTags + 1][kNumTags] = {};
  uint64_t step_ = 0;
};

// For dataset-only sentences: the predicted task spans that touch no gold
// dataset token are taken as gold, so they cost nothing.
std::vector<uint8_t> partialGold(const std::vector<uint8_t>& gold, const std::vector<uint8_t>& predicted) {
  std::vector<uint8_t> out = gold;
  for (const TokenSpan& s : spansFromTags(predicted)) {
    if (s.kind != EntityKind::kTask) continue;
    if (std::all_of(gold.begin() + s.begin, gold.begin() + s.end, [](uint8_t t) { return t == kO; })) {
      std::copy(predicted.begin() + s.begin, predicted.begin() + s.end, out.begin() + s.begin);
    }
  }
  return out;
}

// Cost-augmented decoding: every tag but the gold one gets `cost` more, so
// the update fires until the gold tagging wins by a margin (about cost per
// token), not just by a hair. In dataset-only sentences task tags cost
// nothing extra, since their gold says nothing about tasks.
void addMarginCost(const std::vector<uint8_t>& gold, bool has_tasks, float cost, std::vector<float>& emissions) {
  for (size_t t = 0; t < gold.size(); ++t) {
    for (size_t y = 0; y < kNumTags; ++y) {
      if (y == gold[t] || (!has_tasks && (y == kBTask || y == kITask))) continue;
      emissions[t * kNumTags + y] += cost;
    }
  }
}

SequenceModel trainPerceptron(const TrainingSet& set, const std::vector<size_t>& doc_ids, const TrainOptions& o) {
  std::vector<std::pair<size_t, size_t>> order;  // (doc, sentence)
  for (size_t d : doc_ids) {
    for (size_t s = 0; s < set.prepared(d).sentences.size(); ++s) order.emplace_back(d, s);
  }
  std::mt19937_64 rng(o.seed);
  Perceptron p(set.hashBits());
  DecodeWorkspace ws;
  for (int epoch = 0; epoch < o.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    size_t wrong = 0;
    for (const auto& [d, s] : order) {
      const TrainingSet::PreparedSentence& sent = set.prepared(d).sentences[s];
      p.current().emissions(sent.rows, ws.emissions);
      if (o.margin > 0) addMarginCost(sent.gold, set.doc(d).has_tasks, o.margin, ws.emissions);
      viterbi(ws.emissions.data(), sent.rows.size(), p.current().transitions(), ws.tags);
      if (set.doc(d).has_tasks) {
        wrong += ws.tags != sent.gold;
        p.update(sent.rows, sent.gold, ws.tags);
      } else {
        const std::vector<uint8_t> gold = partialGold(sent.gold, ws.tags);
        wrong += ws.tags != gold;
        p.update(sent.rows, gold, ws.tags);
      }
    }
    if (o.progress) {
      o.progress("epoch " + std::to_string(epoch + 1) + "/" + std::to_string(o.epochs) + ": " + std::to_string(wrong) +
                 " of " + std::to_string(order.size()) + " sentences wrong");
    }
  }
  return p.averaged();
}

// Fits confidence = sigmoid(a * margin + b) to (margin, correct) pairs:
// Newton steps on the logistic loss (with a small L2 penalty) that are
// halved until the loss goes down, so separable data cannot blow up.
std::pair<float, float> fitCalibration(const std::vector<std::pair<float, bool>>& samples) {
  const double lambda = 1e-3 * static_cast<double>(samples.size());
  auto loss = [&](double a, double b) {
    double l = 0.5 * lambda * (a * a + b * b);
    for (const auto& [m, y] : samples) {
      const double z = a * m + b;
      l += std::log1p(std::exp(-std::fabs(z))) + std::max(z, 0.0) - (y ? z : 0.0);
    }
    return l;
  };
  double a = 0, b = 0, current = loss(a, b);
  for (int it = 0; it < 50; ++it) {
    double ga = lambda * a, gb = lambda * b, haa = lambda, hab = 0, hbb = lambda;
    for (const auto& [m, y] : samples) {
      const double p = 1 / (1 + std::exp(-(a * m + b)));
      const double r = p - (y ? 1 : 0), w = p * (1 - p);
      ga += r * m, gb += r;
      haa += w * m * m, hab += w * m, hbb += w;
    }
    const double det = haa * hbb - hab * hab;
    if (det <= 0) break;
    const double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
    double step = 1;
    while (step > 1e-4 && loss(a - step * da, b - step * db) > current) step /= 2;
    if (step <= 1e-4) break;
    a -= step * da, b -= step * db;
    const double next = loss(a, b);
    if (current - next < 1e-9 * static_cast<double>(samples.size())) break;
    current = next;
  }
  return {static_cast<float>(a), static_cast<float>(b)};
}

}  // namespace

void TrainingSet::add(const AnnotatedDoc& doc, const std::vector<MatchSpan>& matches) {
  PreparedDoc p;
  p.doc = &doc;
  p.tokens = tokenize(doc.text);
  const std::vector<Sentence> sentences =
      doc.single_sentence ? std::vector<Sentence>{{0, p.tokens.size()}} : splitSentences(doc.text, p.tokens);
  const std::vector<SectionType> sections = doc.single_sentence
                                                ? std::vector<SectionType>(p.tokens.size(), SectionType::kOther)
                                                : tokenSections(doc.text, p.tokens, {});
  const FeatureExtractor features(doc.text, p.tokens, sections, tokenMarks(p.tokens, matches), hash_bits_,
                                  clusters_);
  const std::vector<uint8_t> tags = goldTags(doc, p.tokens);
  for (const Sentence& s : sentences) {
    if (s.begin == s.end) continue;
    PreparedSentence ps;
    features.sentence(s, ps.rows);
    ps.gold.assign(tags.begin() + s.begin, tags.begin() + s.end);
    if (ps.gold[0] == kIDataset) ps.gold[0] = kBDataset;
    if (ps.gold[0] == kITask) ps.gold[0] = kBTask;
    ps.first_token = s.begin;
    p.sentences.push_back(std::move(ps));
  }
  docs_.push_back(std::move(p));
}

double KindCounts::f1() const {
  const double p = precision(), r = recall();
  return p + r > 0 ? 2 * p * r / (p + r) : 0;
}

double KindCounts::exactF1() const {
  return gold + predicted ? 2.0 * exact / static_cast<double>(gold + predicted) : 0;
}

KindCounts& KindCounts::operator+=(const KindCounts& o) {
  gold += o.gold, predicted += o.predicted, predicted_ok += o.predicted_ok;
  gold_found += o.gold_found, exact += o.exact;
  return *this;
}

Evaluation evaluate(const SequenceModel& model, const TrainingSet& set, const std::vector<size_t>& doc_ids,
                    std::vector<std::vector<FoundSpan>>* found) {
  Evaluation ev;
  if (found) found->clear();
  for (size_t d : doc_ids) {
    const TrainingSet::PreparedDoc& pd = set.prepared(d);
    std::vector<Sentence> sentences;
    for (const TrainingSet::PreparedSentence& s : pd.sentences) {
      sentences.push_back({s.first_token, s.first_token + s.rows.size()});
    }
    const std::vector<FoundSpan> spans =
        decodeDocument(model, pd.doc->text, pd.tokens, sentences,
                       [&](size_t i) -> const FeatureRows& { return pd.sentences[i].rows; });
    for (EntityKind kind : {EntityKind::kDataset, EntityKind::kTask}) {
      KindCounts& c = kind == EntityKind::kDataset ? ev.dataset : ev.task;
      std::vector<const GoldSpan*> gold;
      for (const GoldSpan& g : pd.doc->spans) {
        if (g.kind == kind) gold.push_back(&g);
      }
      c.gold += gold.size();
      for (const FoundSpan& f : spans) {
        if (f.kind != kind) continue;
        ++c.predicted;
        bool ok = false;
        for (const GoldSpan* g : gold) {
          ok = ok || overlaps(f.start, f.end, g->start, g->end);
          if (f.start == g->start && f.end == g->end) ++c.exact;
        }
        c.predicted_ok += ok;
      }
      for (const GoldSpan* g : gold) {
        c.gold_found += std::any_of(spans.begin(), spans.end(), [&](const FoundSpan& f) {
          return f.kind == kind && overlaps(f.start, f.end, g->start, g->end);
        });
      }
    }
    if (found) found->push_back(spans);
  }
  return ev;
}

SequenceModel train(const TrainingSet& set, const std::vector<size_t>& doc_ids, const TrainOptions& options) {
  std::pair<float, float> calibration{1.0f, 0.0f};
  if (options.calibrate && doc_ids.size() >= 5) {
    // Hold out every fifth document (after a seeded shuffle), train on the
    // rest, and fit the confidence to how often held-out spans were right.
    std::vector<size_t> shuffled = doc_ids;
    std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937_64(options.seed ^ 0xca11b7a7e));
    std::vector<size_t> fit, held;
    for (size_t i = 0; i < shuffled.size(); ++i) {
      (i % 5 == 0 && set.doc(shuffled[i]).has_tasks ? held : fit).push_back(shuffled[i]);
    }
    if (options.progress) options.progress("calibration: training on " + std::to_string(fit.size()) + " documents");
    SequenceModel m = trainPerceptron(set, fit, options);
    m.o_bias = options.o_bias;
    std::vector<std::pair<float, bool>> samples;
    DecodeWorkspace ws;
    for (size_t d : held) {
      const TrainingSet::PreparedDoc& pd = set.prepared(d);
      for (const TrainingSet::PreparedSentence& s : pd.sentences) {
        for (const ScoredSpan& f : decodeSentence(m, s.rows, ws)) {
          const size_t start = pd.tokens[s.first_token + f.span.begin].start;
          const size_t end = pd.tokens[s.first_token + f.span.end - 1].end;
          const bool ok = std::any_of(pd.doc->spans.begin(), pd.doc->spans.end(), [&](const GoldSpan& g) {
            return g.kind == f.span.kind && overlaps(start, end, g.start, g.end);
          });
          samples.emplace_back(f.margin, ok);
        }
      }
    }
    if (samples.size() >= 20) calibration = fitCalibration(samples);
    if (options.progress) {
      options.progress("calibration: " + std::to_string(samples.size()) + " held-out spans, a=" +
                       std::to_string(calibration.first) + " b=" + std::to_string(calibration.second));
    }
  }
  SequenceModel m = trainPerceptron(set, doc_ids, options);
  m.setCalibration(calibration.first, calibration.second);
  m.o_bias = options.o_bias;
  m.propagate = options.propagate;
  m.matchers = options.matchers;
  if (set.clusters()) m.clusters = *set.clusters();
  m.version = options.version;
  m.description = options.description;
  return m;
}

StatusOr<CrossValidation> crossValidate(const TrainingSet& set, size_t n_papers, size_t k, const TrainOptions& options,
                                        const std::string& records_dir, const FoldSetMaker& fold_set) {
  if (k < 2 || k > n_papers) {
    return invalidArgument("cross-validation needs 2 <= folds <= papers (" + std::to_string(n_papers) + ")");
  }
  if (!records_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(records_dir, ec);
    if (ec) return ioError("cannot create " + records_dir + ": " + ec.message());
  }
  std::vector<size_t> order(n_papers);
  for (size_t i = 0; i < n_papers; ++i) order[i] = i;
  std::shuffle(order.begin(), order.end(), std::mt19937_64(options.seed));
  CrossValidation cv;
  cv.found.resize(n_papers);
  for (size_t fold = 0; fold < k; ++fold) {
    std::vector<size_t> train_ids, test_ids;
    for (size_t i = 0; i < n_papers; ++i) (i % k == fold ? test_ids : train_ids).push_back(order[i]);
    for (size_t i = n_papers; i < set.docs(); ++i) train_ids.push_back(i);
    std::sort(test_ids.begin(), test_ids.end());
    if (options.progress) {
      options.progress("fold " + std::to_string(fold + 1) + "/" + std::to_string(k) + ": training on " +
                       std::to_string(train_ids.size()) + " documents, testing on " + std::to_string(test_ids.size()) +
                       " papers");
    }
    std::unique_ptr<TrainingSet> own;
    if (fold_set) {
      StatusOr<std::unique_ptr<TrainingSet>> made = fold_set(test_ids);
      if (!made.isOk()) return made.status();
      own = std::move(made).value();
      if (own->docs() != set.docs()) return invalidArgument("fold set: document count differs");
    }
    const TrainingSet& fs = own ? *own : set;
    const SequenceModel m = train(fs, train_ids, options);
    std::vector<std::vector<FoundSpan>> found;
    cv.folds.push_back(evaluate(m, fs, test_ids, &found));
    cv.total += cv.folds.back();
    for (size_t i = 0; i < test_ids.size(); ++i) cv.found[test_ids[i]] = found[i];
    if (records_dir.empty()) continue;
    for (size_t i = 0; i < test_ids.size(); ++i) {
      const AnnotatedDoc& doc = set.doc(test_ids[i]);
      Status st = writeRecord(records_dir + "/" + doc.id + ".json", doc, found[i], m.version);
      if (!st.isOk()) return st;
    }
  }
  return cv;
}

StatusOr<SalientGain> compareWithRecords(const std::vector<AnnotatedDoc>& papers,
                                         const std::vector<std::vector<FoundSpan>>& found,
                                         const std::string& records_dir) {
  SalientGain g;
  for (size_t i = 0; i < papers.size() && i < found.size(); ++i) {
    const AnnotatedDoc& doc = papers[i];
    std::vector<std::pair<size_t, size_t>> others;
    const std::string path = records_dir + "/" + doc.id + ".json";
    if (std::filesystem::exists(path)) {
      try {
        std::ifstream in(path, std::ios::binary);
        const nlohmann::json rec = nlohmann::json::parse(in);
        for (const auto& e : rec.value("datasets", nlohmann::json::array())) {
          for (const auto& m : e.at("mentions")) others.emplace_back(m.at("start"), m.at("end"));
        }
      } catch (const nlohmann::json::exception& e) {
        return badInput(path + ": " + e.what());
      }
    }
    std::vector<std::pair<size_t, size_t>> model;
    for (const FoundSpan& f : found[i]) {
      if (f.kind == EntityKind::kDataset) model.emplace_back(f.start, f.end);
    }
    auto touches = [](const std::pair<size_t, size_t>& a, const std::vector<std::pair<size_t, size_t>>& spans) {
      return std::any_of(spans.begin(), spans.end(),
                         [&](const auto& b) { return overlaps(a.first, a.second, b.first, b.second); });
    };
    for (const SalientDataset& s : doc.salient) {
      ++g.salient;
      if (std::any_of(s.mentions.begin(), s.mentions.end(), [&](const auto& m) { return touches(m, others); }))
        continue;
      ++g.missed;
      const bool added =
          std::any_of(s.mentions.begin(), s.mentions.end(), [&](const auto& m) { return touches(m, model); });
      g.added += added;
      g.missed_names.push_back((added ? "+ " : "  ") + doc.id + ": " + s.name);
    }
    // Mention counts: the records alone, and the union (a model span that
    // overlaps a record mention adds nothing).
    std::vector<std::pair<size_t, size_t>> gold, combined = others;
    for (const GoldSpan& s : doc.spans) {
      if (s.kind == EntityKind::kDataset) gold.emplace_back(s.start, s.end);
    }
    for (const auto& m : model) {
      if (!touches(m, others)) combined.push_back(m);
    }
    for (auto [counts, spans] : {std::pair{&g.others, &others}, std::pair{&g.combined, &combined}}) {
      counts->gold += gold.size();
      counts->predicted += spans->size();
      for (const auto& p : *spans) counts->predicted_ok += touches(p, gold);
      for (const auto& q : gold) counts->gold_found += touches(q, *spans);
    }
  }
  return g;
}

Status writeRecord(const std::string& path, const AnnotatedDoc& doc, const std::vector<FoundSpan>& found,
                   const std::string& model_version) {
  nlohmann::json rec = {{"schema", "papergraph-record/1"},
                        {"paper", {{"id", doc.id}, {"source", doc.id}}},
                        {"datasets", nlohmann::json::array()},
                        {"tasks", nlohmann::json::array()}};
  for (EntityKind kind : {EntityKind::kDataset, EntityKind::kTask}) {
    std::map<std::string, size_t> entity_of;  // lower-cased key -> index
    nlohmann::json& list = rec[kind == EntityKind::kDataset ? "datasets" : "tasks"];
    for (const FoundSpan& f : found) {
      if (f.kind != kind) continue;
      const std::string key = normalizeKey(std::string_view(doc.text).substr(f.start, f.end - f.start));
      if (key.empty()) continue;
      std::string lower = key;
      for (char& c : lower) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      auto [it, fresh] = entity_of.emplace(lower, list.size());
      if (fresh) list.push_back({{"title", key}, {"mentions", nlohmann::json::array()}});
      list[it->second]["mentions"].push_back({{"start", f.start},
                                              {"end", f.end},
                                              {"text", doc.text.substr(f.start, f.end - f.start)},
                                              {"extractor", "model"},
                                              {"model", model_version},
                                              {"confidence", f.confidence}});
    }
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << rec.dump(1) << '\n';
  out.close();
  if (!out) return ioError("cannot write record " + path);
  return Status::ok();
}

}  // namespace papergraph::model
