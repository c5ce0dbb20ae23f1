#include "json/record.hpp"

#include <nlohmann/json.hpp>

namespace papergraph {
namespace {

using nlohmann::ordered_json;

ordered_json evidenceJson(const Evidence& ev) {
  ordered_json m;
  m["start"] = ev.start;
  m["end"] = ev.end;
  m["text"] = ev.text;
  std::string extractors;
  ordered_json sources = ordered_json::array();
  for (const auto& s : ev.sources) {
    if (extractors.find(s.extractor) == std::string::npos)
      extractors += (extractors.empty() ? "" : ",") + s.extractor;
    sources.push_back({{"extractor", s.extractor}, {"confidence", s.confidence}, {"key", s.key}});
  }
  m["extractor"] = extractors;
  m["confidence"] = ev.confidence;
  if (!ev.citation.empty()) m["citation"] = ev.citation;
  if (!ev.attributes.empty()) m["attributes"] = ev.attributes;
  m["sources"] = std::move(sources);
  return m;
}

ordered_json entityJson(const Entity& e) {
  ordered_json j;
  j["id"] = e.id;
  j["title"] = e.name;
  if (!e.catalog_id.empty()) j["catalog_id"] = e.catalog_id;
  if (e.kind == Kind::kDataset) j["role"] = e.role;
  j["confidence"] = e.confidence;
  for (const auto& [k, v] : e.attributes) j[k] = v;
  if (!e.citations.empty()) j["citations"] = e.citations;
  ordered_json ms = ordered_json::array();
  for (const auto& ev : e.mentions) ms.push_back(evidenceJson(ev));
  j["mentions"] = std::move(ms);
  return j;
}

}  // namespace

std::string recordJson(const PaperResult& r, const RecordOptions& options) {
  ordered_json j;
  j["schema"] = kRecordSchema;
  const Paper& p = r.paper;
  j["paper"] = {{"id", p.id},
                {"source", p.source},
                {"format", p.format},
                {"title", p.title},
                {"text_ref", options.text_ref.empty() ? (p.text_is_source ? "source" : p.id + ".txt")
                                                      : options.text_ref},
                {"text_bytes", p.text.size()}};
  static const std::pair<Kind, const char*> lists[] = {
      {Kind::kDataset, "datasets"}, {Kind::kTask, "tasks"}, {Kind::kMethod, "methods"}, {Kind::kMetric, "metrics"}};
  for (auto [kind, key] : lists) {
    ordered_json arr = ordered_json::array();
    for (const auto& e : r.entities)
      if (e.kind == kind) arr.push_back(entityJson(e));
    if (kind == Kind::kDataset || kind == Kind::kTask || !arr.empty()) j[key] = std::move(arr);
  }
  ordered_json bib = ordered_json::array();
  for (const auto& b : p.bibliography) {
    ordered_json e{{"id", b.id}};
    if (!b.label.empty()) e["label"] = b.label;
    e["authors"] = b.authors;
    for (auto [k, v] : {std::pair<const char*, const std::string*>{"title", &b.title}, {"venue", &b.venue},
                        {"year", &b.year}, {"doi", &b.doi}, {"arxiv", &b.arxiv}, {"url", &b.url}, {"raw", &b.raw}})
      if (!v->empty()) e[k] = *v;
    bib.push_back(std::move(e));
  }
  j["bibliography"] = std::move(bib);
  if (!r.plugin_errors.empty()) j["errors"] = r.plugin_errors;
  return options.pretty ? j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n"
                        : j.dump(-1, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace papergraph
