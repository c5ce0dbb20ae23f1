#include "resolve/resolve.hpp"

#include <algorithm>
#include <map>

namespace papergraph {

std::string entityIri(const ResolveOptions& options, Kind kind, const std::string& id) {
  return options.base_iri + kindName(kind) + "/" + id;
}

void resolvePaper(PaperResult& result, const ResolveOptions& options) {
  std::vector<Entity> out;
  std::map<std::string, size_t> by_id;
  for (Entity& e : result.entities) {
    if (e.catalog_id.empty() && options.catalog && (e.kind == Kind::kDataset || e.kind == Kind::kTask)) {
      auto hits = e.kind == Kind::kDataset ? options.catalog->lookupDataset(e.name)
                                           : options.catalog->lookupTask(e.name);
      if (hits.size() == 1 && !hits.front().ambiguous) e.catalog_id = hits.front().id;
    }
    if (!e.catalog_id.empty() && options.catalog) {
      if (e.kind == Kind::kDataset) {
        if (const auto* d = options.catalog->dataset(e.catalog_id)) e.name = d->title;
      } else if (e.kind == Kind::kTask) {
        if (const auto* t = options.catalog->task(e.catalog_id)) e.name = t->title;
      }
    }
    std::string local = e.catalog_id.empty() ? slugify(e.name) : e.catalog_id;
    if (local.empty()) local = "unnamed";
    e.id = entityIri(options, e.kind, local);
    auto [it, fresh] = by_id.emplace(std::string(kindName(e.kind)) + " " + e.id, out.size());
    if (fresh) {
      out.push_back(std::move(e));
      continue;
    }
    Entity& into = out[it->second];
    for (auto& m : e.mentions) into.mentions.push_back(std::move(m));
    std::sort(into.mentions.begin(), into.mentions.end(),
              [](const Evidence& a, const Evidence& b) { return a.start < b.start; });
    for (auto& c : e.citations)
      if (std::find(into.citations.begin(), into.citations.end(), c) == into.citations.end())
        into.citations.push_back(c);
    for (auto& [k, v] : e.attributes) into.attributes.emplace(k, v);
    into.confidence = std::max(into.confidence, e.confidence);
    if (e.role == "introduced" || (e.role == "used" && into.role == "referred-to")) into.role = e.role;
  }
  result.entities = std::move(out);
}

}  // namespace papergraph
