#include "json/record.hpp"

#include <nlohmann/json.hpp>

#include "resolve/describe.hpp"

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

ordered_json bibJson(const BibEntry& b) {
  ordered_json e{{"id", b.id}};
  if (!b.label.empty()) e["label"] = b.label;
  e["authors"] = b.authors;
  for (auto [k, v] : {std::pair<const char*, const std::string*>{"title", &b.title}, {"venue", &b.venue},
                      {"year", &b.year}, {"doi", &b.doi}, {"arxiv", &b.arxiv}, {"url", &b.url}, {"raw", &b.raw}})
    if (!v->empty()) e[k] = *v;
  return e;
}

// The DCAT fields of a dataset (catalog first, then the cited entry).
void addDcat(ordered_json& j, const Entity& e, const Paper& paper, const Catalog* catalog) {
  DatasetDescription d = describeDataset(catalog, e, paper);
  j["description"] = d.description;
  j["creators"] = d.creators;
  j["issued"] = d.issued;
  j["language"] = d.language;
  j["identifier"] = d.identifier;
  j["theme"] = d.theme;
  j["keyword"] = d.keyword;
  j["landing_page"] = d.landing_page;
  j["format"] = d.format;
  j["task"] = d.task;
  if (!d.license.empty()) j["license"] = d.license;
  if (!d.version.empty()) j["version"] = d.version;
  if (!d.version_of.empty()) j["version_of"] = d.version_of;
  if (!d.variant_of.empty()) j["variant_of"] = d.variant_of;
  j["citation"] = d.citation ? bibJson(*d.citation) : ordered_json::object();
  ordered_json src = ordered_json::object();
  for (const auto& [k, v] : d.source)
    if (v != "catalog" || catalog) src[k] = v;
  if (!src.empty()) j["metadata_source"] = std::move(src);
  if (!d.disagreements.empty()) {
    ordered_json dis = ordered_json::array();
    for (const auto& x : d.disagreements)
      dis.push_back({{"field", x.field}, {"catalog", x.catalog_value}, {"cited", x.cited_value}, {"bib", x.bib_id}});
    j["disagreements"] = std::move(dis);
  }
}

ordered_json entityJson(const Entity& e, const Paper& paper, const Catalog* catalog) {
  ordered_json j;
  j["id"] = e.id;
  j["title"] = e.name;
  if (!e.catalog_id.empty()) j["catalog_id"] = e.catalog_id;
  if (e.kind == Kind::kDataset) j["role"] = e.role;
  j["confidence"] = e.confidence;
  for (const auto& [k, v] : e.attributes) j[k] = v;
  if (!e.citations.empty()) j["citations"] = e.citations;
  if (e.kind == Kind::kDataset) addDcat(j, e, paper, catalog);
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
      if (e.kind == kind) arr.push_back(entityJson(e, p, options.catalog.get()));
    if (kind == Kind::kDataset || kind == Kind::kTask || !arr.empty()) j[key] = std::move(arr);
  }
  ordered_json bib = ordered_json::array();
  for (const auto& b : p.bibliography) bib.push_back(bibJson(b));
  j["bibliography"] = std::move(bib);
  if (!r.plugin_errors.empty()) j["errors"] = r.plugin_errors;
  return options.pretty ? j.dump(2, ' ', false, ordered_json::error_handler_t::replace) + "\n"
                        : j.dump(-1, ' ', false, ordered_json::error_handler_t::replace) + "\n";
}

bool looksLikeRecord(const std::string& text) {
  return text.substr(0, 200).find(std::string("\"") + kRecordSchema + "\"") != std::string::npos;
}

StatusOr<PaperResult> parseRecord(const std::string& text, const std::string& where) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return badInput(where + ": not a JSON object");
  if (j.value("schema", "") != kRecordSchema)
    return badInput(where + ": schema is not " + std::string(kRecordSchema));
  auto str = [](const nlohmann::json& o, const char* k) {
    auto it = o.find(k);
    return it != o.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  auto strs = [](const nlohmann::json& o, const char* k) {
    std::vector<std::string> out;
    auto it = o.find(k);
    if (it != o.end() && it->is_array())
      for (const auto& x : *it)
        if (x.is_string()) out.push_back(x.get<std::string>());
    return out;
  };
  PaperResult r;
  if (!j.contains("paper") || !j["paper"].is_object()) return badInput(where + ": no \"paper\" object");
  const auto& p = j["paper"];
  r.paper.id = str(p, "id");
  if (r.paper.id.empty()) return badInput(where + ": paper has no id");
  r.paper.source = str(p, "source");
  r.paper.format = str(p, "format");
  r.paper.title = str(p, "title");
  if (auto b = j.find("bibliography"); b != j.end() && b->is_array()) {
    for (const auto& x : *b) {
      if (!x.is_object()) continue;
      BibEntry e;
      e.id = str(x, "id");
      e.label = str(x, "label");
      e.authors = strs(x, "authors");
      e.title = str(x, "title");
      e.venue = str(x, "venue");
      e.year = str(x, "year");
      e.doi = str(x, "doi");
      e.arxiv = str(x, "arxiv");
      e.url = str(x, "url");
      e.raw = str(x, "raw");
      r.paper.bibliography.push_back(std::move(e));
    }
  }
  static const std::pair<Kind, const char*> lists[] = {
      {Kind::kDataset, "datasets"}, {Kind::kTask, "tasks"}, {Kind::kMethod, "methods"}, {Kind::kMetric, "metrics"}};
  for (auto [kind, key] : lists) {
    auto list = j.find(key);
    if (list == j.end() || !list->is_array()) continue;
    for (const auto& x : *list) {
      if (!x.is_object()) return badInput(where + ": an entry of \"" + key + "\" is not an object");
      Entity e;
      e.kind = kind;
      e.id = str(x, "id");
      e.name = str(x, "title");
      e.catalog_id = str(x, "catalog_id");
      if (kind == Kind::kDataset) e.role = x.value("role", "used");
      if (auto c = x.find("confidence"); c != x.end() && c->is_number()) e.confidence = c->get<float>();
      e.citations = strs(x, "citations");
      for (const char* a : {"version_of", "variant_of", "abbreviation", "expansion", "version", "split",
                            "language_pair"}) {
        std::string v = str(x, a);
        if (!v.empty()) e.attributes[a] = v;
      }
      if (auto ms = x.find("mentions"); ms != x.end() && ms->is_array()) {
        for (const auto& m : *ms) {
          if (!m.is_object() || !m.contains("start") || !m.contains("end") || !m["start"].is_number_unsigned() ||
              !m["end"].is_number_unsigned())
            return badInput(where + ": a mention of " + e.name + " has no numeric start/end");
          Evidence ev;
          ev.start = m["start"].get<size_t>();
          ev.end = m["end"].get<size_t>();
          ev.text = str(m, "text");
          if (auto c = m.find("confidence"); c != m.end() && c->is_number()) ev.confidence = c->get<float>();
          ev.citation = str(m, "citation");
          if (auto s = m.find("sources"); s != m.end() && s->is_array()) {
            for (const auto& src : *s)
              if (src.is_object())
                ev.sources.push_back({str(src, "extractor"), src.value("confidence", 0.0f), str(src, "key")});
          } else {
            ev.sources.push_back({str(m, "extractor"), ev.confidence, ""});
          }
          e.mentions.push_back(std::move(ev));
        }
      }
      r.entities.push_back(std::move(e));
    }
  }
  return r;
}

}  // namespace papergraph
