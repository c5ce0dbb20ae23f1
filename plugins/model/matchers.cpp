#include "matchers.hpp"

#include <papergraph/plugin.hpp>

extern "C" {
const pg_plugin* papergraph_plugin_gazetteer(void);
const pg_plugin* papergraph_plugin_rules(void);
}

namespace papergraph::model {
namespace {

std::string configJson(const Matchers::Config& config) {
  std::string json = "{";
  for (const auto& [key, value] : config) {
    if (json.size() > 1) json += ',';
    json += '"' + jsonEscape(key) + "\":\"" + jsonEscape(value) + '"';
  }
  return json + "}";
}

struct Collector {
  std::vector<MatchSpan>* out;
  MatchSource source;
};

void collect(void* ctx, const pg_mention* m) {
  auto* c = static_cast<Collector*>(ctx);
  if (m->kind != PG_KIND_DATASET && m->kind != PG_KIND_TASK) return;
  c->out->push_back({m->start, m->end, c->source, m->kind == PG_KIND_TASK});
}

void ignoreLog(void*, int, const char*) {}

}  // namespace

StatusOr<std::unique_ptr<Matchers>> Matchers::create(uint32_t sources, const Config& catalog_config,
                                                     const Config& rules_config) {
  std::unique_ptr<Matchers> m(new Matchers());
  m->sources_ = sources;
  for (MatchSource source : {kCatalogMatches, kRuleMatches}) {
    if (!(sources & source)) continue;
    const bool catalog = source == kCatalogMatches;
    State s{catalog ? papergraph_plugin_gazetteer() : papergraph_plugin_rules(), nullptr, source};
    char err[512] = "";
    const std::string json = configJson(catalog ? catalog_config : rules_config);
    if (s.plugin->create(json.c_str(), &s.state, err, sizeof err) != PG_OK) {
      return invalidArgument(std::string(catalog ? "catalog matches" : "rule matches") + " (" + s.plugin->name +
                             " plugin): " + err);
    }
    m->states_.push_back(s);
  }
  return m;
}

Matchers::~Matchers() {
  for (const State& s : states_) s.plugin->destroy(s.state);
}

Status Matchers::find(const pg_paper& paper, std::vector<MatchSpan>& out) {
  out.clear();
  for (const State& s : states_) {
    Collector c{&out, s.source};
    const pg_sink sink{&c, collect, ignoreLog};
    char err[512] = "";
    if (s.plugin->extract(s.state, &paper, &sink, err, sizeof err) != PG_OK) {
      return badInput(std::string(s.plugin->name) + " plugin: " + err);
    }
  }
  return Status::ok();
}

pg_paper plainPaper(const std::string& id, const std::string& text) {
  pg_paper p{};
  p.id = id.c_str();
  p.title = "";
  p.text = text.data();
  p.text_len = text.size();
  return p;
}

}  // namespace papergraph::model
