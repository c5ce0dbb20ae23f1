#include "resolve/resolve.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "resolve/names.hpp"

namespace papergraph {

// Catalog names by resolution key, and the same names for the fuzzy step,
// bucketed by key length.
struct Resolver::Index {
  struct Name {
    std::string key, signature, id, name;
  };
  std::unordered_map<std::string, std::vector<std::string>> by_key;  // resolution key -> ids
  std::map<size_t, std::vector<Name>> by_length;
};

std::string entityIri(const ResolveOptions& options, Kind kind, const std::string& id) {
  return options.base_iri + kindName(kind) + "/" + id;
}

const char* relationName(Relation r) {
  switch (r) {
    case Relation::kSame: return "same";
    case Relation::kVersionOf: return "version-of";
    case Relation::kVariantOf: return "variant-of";
    case Relation::kDifferent: return "different";
  }
  return "different";
}

Resolver::Resolver(ResolveOptions options) : options_(std::move(options)), index_(std::make_unique<Index>()) {
  if (!options_.catalog) return;
  for (const auto& d : options_.catalog->datasets()) {
    for (const auto& [name, ambiguous] : Catalog::namesOf(d)) {
      if (ambiguous) continue;
      std::string key = resolutionKey(name);
      if (key.empty()) continue;
      auto& ids = index_->by_key[key];
      if (std::find(ids.begin(), ids.end(), d.id) == ids.end()) ids.push_back(d.id);
      index_->by_length[key.size()].push_back({key, distinguishingSignature(stripGenericWords(name)), d.id, name});
    }
  }
}

Resolver::~Resolver() = default;

namespace {

// The ids of non-ambiguous catalog hits, without repeats.
std::vector<std::string> firmHits(const std::vector<Catalog::Hit>& hits) {
  std::vector<std::string> ids;
  for (const auto& h : hits)
    if (!h.ambiguous && std::find(ids.begin(), ids.end(), h.id) == ids.end()) ids.push_back(h.id);
  return ids;
}

std::string quoted(std::string_view s) { return "\"" + std::string(s) + "\""; }

// How a catalog entry relates to its parent().
Relation parentRelation(const CatalogDataset& d) {
  return !d.version_of.empty() ? Relation::kVersionOf : Relation::kVariantOf;
}

// Records on e the dataset it is a version or variant of.
void setParent(Entity& e, const std::string& parent_iri, Relation r) {
  e.attributes[r == Relation::kVersionOf ? "version_of" : "variant_of"] = parent_iri;
}

}  // namespace

Resolution Resolver::resolveDataset(std::string_view name, int depth) const {
  Resolution r;
  const Catalog* cat = options_.catalog.get();
  const std::string stripped = stripGenericWords(name);
  const std::string key = resolutionKey(name);
  r.steps.push_back("name " + quoted(name) + ": normalised key " + quoted(normalizeName(name)) +
                    ", resolution key " + quoted(key) + ", distinguishing parts " +
                    quoted(distinguishingSignature(stripped)));
  auto accept = [&](const std::string& id, const std::string& why) {
    r.catalog_id = id;
    r.local = id;
    r.steps.push_back(why + " -> catalog id " + quoted(id));
  };
  if (cat) {
    auto hits = cat->lookupDataset(name);
    auto ids = firmHits(hits);
    if (ids.size() == 1) {
      accept(ids.front(), "1. catalog name with the same normalised key");
    } else if (ids.size() > 1) {
      r.steps.push_back("1. several catalog entries share this name; not chosen without context");
    } else if (!hits.empty()) {
      r.steps.push_back("1. only an ambiguous catalog name (" + hits.front().id +
                        "): needs evidence in a paper; not accepted out of context");
    } else {
      r.steps.push_back("1. no catalog name with this key");
    }
    if (r.catalog_id.empty() && hits.empty()) {
      std::vector<std::string> ids2;
      if (stripped != name) ids2 = firmHits(cat->lookupDataset(stripped));
      if (ids2.empty()) {
        auto it = index_->by_key.find(key);
        if (it != index_->by_key.end()) ids2 = it->second;
      }
      if (ids2.size() == 1) accept(ids2.front(), "2. catalog name after dropping generic words/plural");
      else r.steps.push_back("2. no catalog name after dropping generic words/plural");
    }
    if (r.catalog_id.empty() && hits.empty() && key.size() >= kFuzzyMinLength) {
      const std::string sig = distinguishingSignature(stripped);
      double best = 0;
      std::set<std::string> best_ids;
      std::string best_name;
      for (size_t len = key.size() >= 3 ? key.size() - 3 : 0; len <= key.size() + 3; ++len) {
        auto b = index_->by_length.find(len);
        if (b == index_->by_length.end()) continue;
        for (const auto& n : b->second) {
          if (n.signature != sig || n.key.size() < kFuzzyMinLength) continue;
          double s = similarity(key, n.key);
          if (s < kFuzzyThreshold) continue;
          if (s > best) best = s, best_ids = {n.id}, best_name = n.name;
          else if (s == best) best_ids.insert(n.id);
        }
      }
      if (best_ids.size() == 1)
        accept(*best_ids.begin(), "3. fuzzy: similar to catalog name " + quoted(best_name) + " (similarity " +
                                      std::to_string(best).substr(0, 4) + " >= " +
                                      std::to_string(kFuzzyThreshold).substr(0, 4) + ", same distinguishing parts)");
      else if (best_ids.size() > 1) r.steps.push_back("3. fuzzy: several catalog names equally close; none chosen");
      else r.steps.push_back("3. fuzzy: no catalog name close enough with the same distinguishing parts");
    }
  }
  if (!r.catalog_id.empty()) {
    const CatalogDataset* d = cat->dataset(r.catalog_id);
    r.title = d ? d->title : stripped;
    if (d && !d->parent().empty()) {
      r.parent = d->parent();
      r.parent_relation = parentRelation(*d);
      r.steps.push_back(std::string("catalog: ") + relationName(r.parent_relation) + " " + quoted(r.parent));
    }
    return r;
  }
  r.local = slugify(key);
  if (r.local.empty()) r.local = "unnamed";
  r.title = stripped;
  r.steps.push_back("4. unseen name -> slug of its resolution key " + quoted(r.local));
  NameSuffix suffix = splitVersionSuffix(stripped);
  if (!suffix.base.empty() && depth < 3) {
    Resolution base = resolveDataset(suffix.base, depth + 1);
    if (base.local != r.local) {
      r.parent = base.local;
      r.parent_relation = suffix.is_variant ? Relation::kVariantOf : Relation::kVersionOf;
      r.steps.push_back("suffix " + quoted(suffix.suffix) + " makes it a " + relationName(r.parent_relation) + " " +
                        quoted(base.local) + (base.catalog_id.empty() ? " (unseen)" : " (catalog)"));
    }
  }
  return r;
}

Resolution Resolver::resolve(Kind kind, std::string_view name) const {
  if (kind == Kind::kDataset) return resolveDataset(name, 0);
  Resolution r;
  const Catalog* cat = options_.catalog.get();
  if (kind == Kind::kTask && cat) {
    auto ids = firmHits(cat->lookupTask(name));
    if (ids.empty()) {
      // "machine translation tasks": the name without its generic last words.
      auto words = taskWords(name);
      std::string shorter;
      for (const auto& w : words) shorter += (shorter.empty() ? "" : " ") + w;
      if (!shorter.empty() && shorter != normalizeName(name)) ids = firmHits(cat->lookupTask(shorter));
    }
    if (ids.size() == 1) {
      r.catalog_id = r.local = ids.front();
      if (const auto* t = cat->task(r.local)) r.title = t->title;
      r.steps.push_back("catalog task with the same normalised key -> " + quoted(r.local));
      return r;
    }
  }
  r.title = std::string(name);
  r.local = slugify(normalizeName(name));
  if (r.local.empty()) r.local = "unnamed";
  r.steps.push_back("not in the catalog -> slug of its normalised key " + quoted(r.local));
  return r;
}

Relation Resolver::relate(std::string_view a, std::string_view b) const {
  Resolution ra = resolveDataset(a, 0), rb = resolveDataset(b, 0);
  if (ra.local == rb.local) return Relation::kSame;
  // Walk a's parents: its own, then the catalog chain above it.
  std::string current = ra.parent;
  Relation first = ra.parent_relation;
  std::set<std::string> seen;
  while (!current.empty() && seen.insert(current).second) {
    if (current == rb.local) return first;
    const CatalogDataset* d = options_.catalog ? options_.catalog->dataset(current) : nullptr;
    if (!d) break;
    current = d->parent();
  }
  return Relation::kDifferent;
}

namespace {

void absorb(Entity& into, Entity&& e) {
  for (auto& m : e.mentions) into.mentions.push_back(std::move(m));
  std::sort(into.mentions.begin(), into.mentions.end(),
            [](const Evidence& x, const Evidence& y) { return x.start < y.start; });
  for (auto& c : e.citations)
    if (std::find(into.citations.begin(), into.citations.end(), c) == into.citations.end())
      into.citations.push_back(c);
  for (auto& [k, v] : e.attributes) into.attributes.emplace(k, v);
  into.confidence = std::max(into.confidence, e.confidence);
  if (e.role == "introduced" || (e.role == "used" && into.role == "referred-to")) into.role = e.role;
  if (into.catalog_id.empty()) into.catalog_id = e.catalog_id;
}

// The gap between an antecedent and an elided version: spaces, commas,
// slashes, brackets, dashes and "and"/"or" ("PASCAL VOC 2007 and 2012",
// "CIFAR-10/100", "SQuAD (v1.1)").
bool coordinationGap(std::string_view gap) {
  constexpr size_t kMaxGap = 12;
  if (gap.size() > kMaxGap) return false;
  size_t i = 0;
  while (i < gap.size()) {
    char c = gap[i];
    if (c == ' ' || c == ',' || c == '/' || c == '(' || c == ')' || c == '-' || c == '&' || c == '\n') {
      ++i;
    } else if (gap.compare(i, 3, "and") == 0) {
      i += 3;
    } else if (gap.compare(i, 2, "or") == 0) {
      i += 2;
    } else {
      return false;
    }
  }
  return true;
}

// Rewrites the dataset entities whose name is nothing but a version into the
// name they continue ("2012" after "PASCAL VOC 2007 and" -> "PASCAL VOC
// 2012"), and drops the dataset entities whose name names no dataset ("5-shot",
// "hard set", a number with no antecedent). Other kinds are left alone.
void completeElidedNames(PaperResult& result) {
  struct Span {
    size_t start, end, entity;
  };
  std::vector<Span> spans;
  for (size_t i = 0; i < result.entities.size(); ++i)
    if (result.entities[i].kind == Kind::kDataset)
      for (const auto& m : result.entities[i].mentions) spans.push_back({m.start, m.end, i});
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) { return a.end < b.end; });
  const std::string& text = result.paper.text;
  std::vector<bool> drop(result.entities.size(), false);
  for (size_t i = 0; i < result.entities.size(); ++i) {
    Entity& e = result.entities[i];
    if (e.kind != Kind::kDataset || !e.catalog_id.empty() || !namesNoDataset(e.name)) continue;
    const std::string version = elidedVersion(e.name);
    std::string completed;
    for (size_t k = 0; !version.empty() && completed.empty() && k < e.mentions.size(); ++k) {
      const Evidence& m = e.mentions[k];
      // The nearest dataset mention of another entity that ends before m.
      auto it = std::upper_bound(spans.begin(), spans.end(), m.start,
                                 [](size_t pos, const Span& s) { return pos < s.end; });
      while (it != spans.begin()) {
        --it;
        const Entity& before = result.entities[it->entity];
        if (it->entity == i || (before.catalog_id.empty() && namesNoDataset(before.name))) continue;
        if (it->end <= text.size() && coordinationGap(std::string_view(text).substr(it->end, m.start - it->end)))
          completed = completeElidedVersion(std::string_view(text).substr(it->start, it->end - it->start), version);
        break;
      }
    }
    if (completed.empty()) {
      drop[i] = true;
      continue;
    }
    e.attributes["elided_from"] = e.name;
    e.name = completed;
    e.key = completed;
    e.catalog_id.clear();
  }
  size_t kept = 0;
  for (size_t i = 0; i < result.entities.size(); ++i)
    if (!drop[i]) {
      if (kept != i) result.entities[kept] = std::move(result.entities[i]);
      ++kept;
    }
  result.entities.resize(kept);
}

}  // namespace

void Resolver::resolvePaper(PaperResult& result) const {
  const Catalog* cat = options_.catalog.get();
  completeElidedNames(result);
  std::vector<std::string> keys(result.entities.size());
  std::vector<std::string> signatures(result.entities.size());
  std::set<size_t> not_a_task;
  for (size_t i = 0; i < result.entities.size(); ++i) {
    Entity& e = result.entities[i];
    if (e.kind != Kind::kDataset) {
      Resolution r;
      if (!e.catalog_id.empty()) {
        r.local = e.catalog_id;
        if (const auto* t = cat ? cat->task(e.catalog_id) : nullptr) e.name = t->title;
      } else {
        r = resolve(e.kind, e.name);
        e.catalog_id = r.catalog_id;
        if (!r.catalog_id.empty()) e.name = r.title;
        // A name the catalog knows as a dataset and not as a task ("WMT
        // 2014") is no task.
        if (r.catalog_id.empty() && e.kind == Kind::kTask && cat && firmHits(cat->lookupDataset(e.name)).size() == 1)
          not_a_task.insert(i);
      }
      e.id = iri(e.kind, r.local);
      continue;
    }
    Resolution r;
    if (!e.catalog_id.empty()) {
      r.catalog_id = r.local = e.catalog_id;
      if (const auto* d = cat ? cat->dataset(e.catalog_id) : nullptr) {
        r.title = d->title;
        r.parent = d->parent();
        r.parent_relation = parentRelation(*d);
      } else {
        r.title = e.name;
      }
    } else {
      r = resolveDataset(e.name, 0);
      if (r.catalog_id.empty()) {
        // Another name this paper gives the entity may be one the catalog knows.
        std::vector<std::string> names;
        for (const auto& ev : e.mentions)
          for (const auto& s : ev.sources)
            if (!s.key.empty() && std::find(names.begin(), names.end(), s.key) == names.end()) names.push_back(s.key);
        for (const char* link : {"expansion", "abbreviation"})
          if (auto it = e.attributes.find(link); it != e.attributes.end()) names.push_back(it->second);
        for (const auto& n : names) {
          if (n == e.name) continue;
          Resolution other = resolveDataset(n, 0);
          if (!other.catalog_id.empty()) {
            r = std::move(other);
            break;
          }
        }
      }
      e.catalog_id = r.catalog_id;
    }
    if (!r.title.empty()) e.name = r.title;  // catalog title, or the name without generic words
    e.id = iri(Kind::kDataset, r.local);
    if (!r.parent.empty()) setParent(e, iri(Kind::kDataset, r.parent), r.parent_relation);
    keys[i] = r.catalog_id.empty() ? resolutionKey(e.name) : "";
    signatures[i] = distinguishingSignature(stripGenericWords(e.name));
  }

  // Near-identical unseen names in one paper are one dataset: the entity
  // with more mentions (then the earlier one) keeps its id.
  const size_t n = result.entities.size();
  std::vector<size_t> target(n);
  for (size_t i = 0; i < n; ++i) target[i] = i;
  for (size_t i = 0; i < n; ++i) {
    if (keys[i].size() < kFuzzyMinLength || target[i] != i) continue;
    for (size_t j = i + 1; j < n; ++j) {
      if (target[j] != j || keys[j].size() < kFuzzyMinLength || signatures[i] != signatures[j]) continue;
      if (result.entities[i].kind != result.entities[j].kind) continue;
      if (similarity(keys[i], keys[j]) < kFuzzyThreshold) continue;
      bool j_wins = result.entities[j].mentions.size() > result.entities[i].mentions.size();
      if (j_wins) result.entities[j].id.swap(result.entities[i].id), std::swap(result.entities[i].name, result.entities[j].name);
      target[j] = i;
    }
  }
  for (size_t j = 0; j < n; ++j)
    if (target[j] != j) result.entities[j].id = result.entities[target[j]].id;

  // A bare language pair ("English-German", "en→de") names the one dataset
  // of this paper with that pair; a family name ("PASCAL VOC") names the one
  // version of it this paper uses ("PASCAL VOC 2007"). Never when two
  // candidates exist.
  auto dataset_parents = [&](const Entity& e) {
    std::vector<std::pair<std::string, Relation>> chain;  // (local id, link) upwards
    const std::string prefix = iri(Kind::kDataset, "");
    std::string current = e.catalog_id;
    if (current.empty()) {
      for (const char* rel : {"version_of", "variant_of"}) {
        auto it = e.attributes.find(rel);
        if (it != e.attributes.end() && it->second.rfind(prefix, 0) == 0) {
          chain.emplace_back(it->second.substr(prefix.size()),
                             rel[1] == 'e' ? Relation::kVersionOf : Relation::kVariantOf);
          current = chain.back().first;
        }
      }
    }
    std::set<std::string> seen;
    while (cat && !current.empty() && seen.insert(current).second) {
      const CatalogDataset* d = cat->dataset(current);
      if (!d) break;
      current = d->parent();
      if (!current.empty()) chain.emplace_back(current, parentRelation(*d));
    }
    return chain;
  };
  for (size_t i = 0; i < n; ++i) {
    const Entity& e = result.entities[i];
    if (e.kind != Kind::kDataset || target[i] != i) continue;
    std::vector<size_t> into;
    std::string pair = languagePairOnly(e.name);
    if (!pair.empty() && e.catalog_id.empty()) {
      for (size_t j = 0; j < n; ++j) {
        const Entity& o = result.entities[j];
        if (j == i || target[j] != j || o.kind != Kind::kDataset || languagePairOnly(o.name) == pair) continue;
        std::string sig = "|" + distinguishingSignature(o.name) + "|";
        if (sig.find("|" + pair + "|") != std::string::npos) into.push_back(j);
      }
      if (into.empty() && cat) {
        // No dataset of the paper has the pair, but one it uses has a
        // catalog part for it: "WMT 2014 ... English-German" names WMT 2014
        // English-German. Either direction; never when two candidates exist.
        const std::string reversed = pair.substr(pair.find('-') + 1) + "-" + pair.substr(0, pair.find('-'));
        std::set<std::string> parts;
        for (size_t j = 0; j < n; ++j) {
          const Entity& o = result.entities[j];
          if (j == i || target[j] != j || o.kind != Kind::kDataset || o.catalog_id.empty()) continue;
          for (const std::string& p : {pair, reversed}) {
            Resolution part = resolveDataset(o.name + " " + p, 0);
            if (part.catalog_id.empty() || part.catalog_id == o.catalog_id) continue;
            const CatalogDataset* d = cat->dataset(part.catalog_id);
            if (d && d->parent() == o.catalog_id) parts.insert(part.catalog_id);
          }
        }
        if (parts.size() == 1) {
          Entity& pe = result.entities[i];
          pe.attributes["language_pair"] = pair;
          pe.catalog_id = *parts.begin();
          if (const CatalogDataset* d = cat->dataset(pe.catalog_id)) {
            pe.name = d->title;
            setParent(pe, iri(Kind::kDataset, d->parent()), parentRelation(*d));
          }
          pe.id = iri(Kind::kDataset, pe.catalog_id);
          continue;
        }
      }
    } else {
      // Every dataset of the paper below the family counts; only a version
      // (not a variant: a part is not the whole) may take its mentions.
      const std::string local = e.id.substr(iri(Kind::kDataset, "").size());
      size_t below = 0;
      for (size_t j = 0; j < n; ++j) {
        const Entity& o = result.entities[j];
        if (j == i || target[j] != j || o.kind != Kind::kDataset) continue;
        bool versions_only = true;
        for (const auto& [up, rel] : dataset_parents(o)) {
          versions_only = versions_only && rel == Relation::kVersionOf;
          if (up != local) continue;
          ++below;
          if (versions_only) into.push_back(j);
          break;
        }
      }
      if (below != 1) into.clear();
    }
    if (into.size() == 1) {
      target[i] = into.front();
      result.entities[i].id = result.entities[into.front()].id;
    }
  }

  // A task named by its last words ("detection", "pose estimation") is the
  // one task of the paper whose name ends in them ("Face Detection", "Human
  // Pose Estimation"); never when two such tasks remain. Longer names go
  // first, so "estimation" follows "pose estimation" to where it went.
  std::vector<std::vector<std::string>> words(n);
  std::vector<size_t> order;
  for (size_t i = 0; i < n; ++i)
    if (result.entities[i].kind == Kind::kTask) words[i] = taskWords(result.entities[i].name), order.push_back(i);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return words[a].size() > words[b].size(); });
  auto root = [&](size_t k) {
    while (target[k] != k) k = target[k];
    return k;
  };
  for (size_t i : order) {
    if (target[i] != i || words[i].empty()) continue;
    std::set<size_t> into;
    for (size_t j : order) {
      const auto& wj = words[j];
      if (j == i || wj.size() <= words[i].size()) continue;
      if (std::equal(words[i].begin(), words[i].end(), wj.end() - words[i].size())) into.insert(root(j));
    }
    into.erase(i);
    if (into.size() == 1) target[i] = *into.begin();
  }
  for (size_t i = 0; i < n; ++i)
    if (result.entities[i].kind == Kind::kTask && target[i] != i) result.entities[i].id = result.entities[root(i)].id;

  // Entities that landed on one id are one entity. The entity the others
  // were sent to keeps its name and catalog id; among entities that
  // resolved to one id by themselves, the first does.
  std::vector<Entity> out;
  std::map<std::string, size_t> by_id;
  for (int pass = 0; pass < 2; ++pass)
    for (size_t i = 0; i < n; ++i) {
      if ((target[i] == i) != (pass == 0) || not_a_task.count(i)) continue;
      Entity& e = result.entities[i];
      auto [it, fresh] = by_id.emplace(std::string(kindName(e.kind)) + " " + e.id, out.size());
      if (fresh) out.push_back(std::move(e));
      else absorb(out[it->second], std::move(e));
    }
  result.entities = std::move(out);
}

std::vector<std::pair<std::string, std::string>> Resolver::sameAsLinks(const PaperResult& result) const {
  std::vector<std::pair<std::string, std::string>> links;
  for (const auto& e : result.entities) {
    if (e.kind != Kind::kDataset) continue;
    for (const char* link : {"abbreviation", "expansion"}) {
      auto it = e.attributes.find(link);
      if (it == e.attributes.end() || it->second.empty()) continue;
      Resolution r = resolveDataset(it->second, 0);
      std::string other = iri(Kind::kDataset, r.local);
      if (r.catalog_id.empty() && other != e.id) links.emplace_back(other, e.id);
    }
  }
  std::sort(links.begin(), links.end());
  links.erase(std::unique(links.begin(), links.end()), links.end());
  return links;
}

}  // namespace papergraph
