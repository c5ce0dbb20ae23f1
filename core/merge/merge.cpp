#include "merge/merge.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>

#include "catalog/catalog.hpp"
#include "read/references.hpp"

namespace papergraph {
namespace {

// Role precedence when evidence disagrees: a paper that introduces a
// dataset also uses it; "referred-to" only when nothing says more.
int roleRank(const std::string& role) {
  if (role == "introduced") return 3;
  if (role == "used") return 2;
  if (role == "referred-to") return 1;
  return 0;
}

struct UnionFind {
  std::vector<size_t> parent;
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  size_t find(size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
};

// Evidence plus what grouping needs.
struct Item {
  Evidence ev;
  Kind kind;
  std::string catalog_id;
  std::vector<std::string> names;  // keys proposed by extractors (+ abbreviation links)
};

// Folds a cluster of overlapping mentions (same kind) into one evidence.
Item foldCluster(const Paper& paper, std::vector<const Mention*>& cluster) {
  // The span: that of the most confident mention; ties go to the one that
  // carries a catalog id, then to the longer one.
  auto best = *std::max_element(cluster.begin(), cluster.end(), [](const Mention* a, const Mention* b) {
    bool ac = a->attributes.count("catalog_id"), bc = b->attributes.count("catalog_id");
    if (ac != bc) return bc;
    if (a->confidence != b->confidence) return a->confidence < b->confidence;
    return (a->end - a->start) < (b->end - b->start);
  });
  Item it;
  it.kind = best->kind;
  it.ev.start = best->start;
  it.ev.end = best->end;
  it.ev.text = paper.text.substr(best->start, best->end - best->start);
  float miss = 1.0f;
  std::set<std::string> seen_extractors;
  for (const Mention* m : cluster) {
    if (seen_extractors.insert(m->extractor).second) miss *= (1.0f - m->confidence);
    it.ev.sources.push_back({m->extractor, m->confidence, m->key});
    for (const auto& [k, v] : m->attributes) it.ev.attributes.emplace(k, v);
    if (!m->key.empty()) it.names.push_back(m->key);
    if (it.catalog_id.empty()) it.catalog_id = m->attr("catalog_id");
    for (const char* link : {"expansion", "abbreviation"}) {
      std::string v = m->attr(link);
      if (!v.empty()) it.names.push_back(v);
    }
  }
  it.ev.confidence = 1.0f - miss;
  if (it.names.empty()) it.names.push_back(it.ev.text);
  return it;
}

}  // namespace

std::vector<std::string> citationAfter(const Paper& paper, size_t end) {
  for (const auto& c : paper.citations) {
    if (c.start < end || c.start - end > 48) continue;
    std::string_view gap(paper.text.data() + end, c.start - end);
    // Only a few words (e.g. "dataset", "corpus") between name and marker.
    if (gap.find_first_of(".;:!?\n") != std::string_view::npos) continue;
    if (std::count(gap.begin(), gap.end(), ' ') > 3) continue;
    return c.targets;
  }
  return {};
}

PaperResult mergeMentions(Paper paper, std::vector<Mention> mentions) {
  PaperResult result;
  // A name that occurs only in the reference list (a cited title, a journal
  // called "Bioinformatics") says nothing about what the paper uses: drop
  // mentions inside a references section.
  for (const auto& s : paper.sections) {
    if (!isReferencesHeading(s.heading)) continue;
    mentions.erase(std::remove_if(mentions.begin(), mentions.end(),
                                  [&](const Mention& m) { return m.start >= s.start && m.start < s.end; }),
                   mentions.end());
  }
  // 1. Overlapping spans of one kind -> one evidence.
  std::sort(mentions.begin(), mentions.end(), [](const Mention& a, const Mention& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    if (a.start != b.start) return a.start < b.start;
    return a.end > b.end;
  });
  std::vector<Item> items;
  for (size_t i = 0; i < mentions.size();) {
    std::vector<const Mention*> cluster{&mentions[i]};
    size_t end = mentions[i].end, j = i + 1;
    while (j < mentions.size() && mentions[j].kind == mentions[i].kind && mentions[j].start < end) {
      cluster.push_back(&mentions[j]);
      end = std::max(end, mentions[j].end);
      ++j;
    }
    items.push_back(foldCluster(paper, cluster));
    i = j;
  }

  // 2. Group evidence into entities: same catalog id, or a shared
  // normalised name, never across two different catalog ids.
  UnionFind uf(items.size());
  std::vector<std::string> group_catalog(items.size());
  for (size_t i = 0; i < items.size(); ++i) group_catalog[i] = items[i].catalog_id;
  auto unite = [&](size_t a, size_t b) {
    a = uf.find(a), b = uf.find(b);
    if (a == b) return;
    if (!group_catalog[a].empty() && !group_catalog[b].empty() && group_catalog[a] != group_catalog[b]) return;
    uf.parent[b] = a;
    if (group_catalog[a].empty()) group_catalog[a] = group_catalog[b];
  };
  std::map<std::pair<int, std::string>, size_t> first_by_key;
  for (size_t i = 0; i < items.size(); ++i) {
    std::vector<std::string> keys;
    if (!items[i].catalog_id.empty()) keys.push_back("id:" + items[i].catalog_id);
    for (const auto& n : items[i].names) {
      std::string k = normalizeName(n);
      if (!k.empty()) keys.push_back("name:" + k);
    }
    for (const auto& k : keys) {
      auto [it, fresh] = first_by_key.emplace(std::make_pair(static_cast<int>(items[i].kind), k), i);
      if (!fresh) unite(it->second, i);
    }
  }

  // 3. Build entities in order of first appearance.
  std::map<size_t, size_t> entity_of_root;
  for (size_t i = 0; i < items.size(); ++i) {
    size_t root = uf.find(i);
    auto [it, fresh] = entity_of_root.emplace(root, result.entities.size());
    if (fresh) {
      Entity e;
      e.kind = items[i].kind;
      e.catalog_id = group_catalog[root];
      result.entities.push_back(std::move(e));
    }
    Entity& e = result.entities[it->second];
    Evidence ev = std::move(items[i].ev);
    auto cites = citationAfter(paper, ev.end);
    if (std::string id = ev.attributes.count("citation_id") ? ev.attributes.at("citation_id") : ""; !id.empty())
      cites.insert(cites.begin(), id);
    if (!cites.empty()) ev.citation = cites.front();
    for (auto& c : cites)
      if (std::find(e.citations.begin(), e.citations.end(), c) == e.citations.end()) e.citations.push_back(c);
    e.mentions.push_back(std::move(ev));
    if (e.key.empty() && !items[i].names.empty()) e.key = normalizeName(items[i].names.front());
  }

  // 4. Per entity: name, role, confidence, attributes.
  for (Entity& e : result.entities) {
    std::sort(e.mentions.begin(), e.mentions.end(),
              [](const Evidence& a, const Evidence& b) { return a.start < b.start; });
    std::map<std::string, int> name_votes;
    float miss = 1.0f;
    int role = 0;
    for (const Evidence& ev : e.mentions) {
      for (const auto& s : ev.sources) {
        // A catalog match proposes the catalog title: it wins the name.
        name_votes[s.key] += ev.attributes.count("catalog_id") ? 100 : 1;
      }
      miss *= (1.0f - ev.confidence);
      auto r = ev.attributes.find("role");
      if (r != ev.attributes.end()) role = std::max(role, roleRank(r->second));
      for (const auto& [k, v] : ev.attributes) {
        if (k == "catalog_id" || k == "alias" || k == "role" || k == "citation" || k == "citation_id") continue;
        auto& slot = e.attributes[k];
        if (slot.empty()) slot = v;
        else if (k == "split" && ("," + slot + ",").find("," + v + ",") == std::string::npos) slot += "," + v;
      }
    }
    e.confidence = std::min(0.999f, 1.0f - miss);
    e.role = role == 3 ? "introduced" : role == 1 ? "referred-to" : "used";
    std::string best;
    int votes = -1;
    for (const auto& [n, v] : name_votes) {
      if (!n.empty() && v > votes) best = n, votes = v;
    }
    e.name = best.empty() ? e.mentions.front().text : best;
    if (e.key.empty()) e.key = normalizeName(e.name);
  }
  result.paper = std::move(paper);
  return result;
}

}  // namespace papergraph
