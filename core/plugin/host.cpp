#include "plugin/host.hpp"

#include <papergraph/plugin.hpp>

#include <algorithm>
#include <boost/dll/runtime_symbol_info.hpp>
#include <boost/dll/shared_library.hpp>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace papergraph {

struct LoadedPlugin::Library {
  boost::dll::shared_library lib;
};

std::string kindsToString(uint32_t kinds) {
  static const std::pair<uint32_t, const char*> names[] = {
      {PG_KIND_DATASET, "dataset"}, {PG_KIND_TASK, "task"},         {PG_KIND_METHOD, "method"},
      {PG_KIND_METRIC, "metric"},   {PG_KIND_CITATION, "citation"}};
  std::string out;
  for (auto [bit, name] : names) {
    if (kinds & bit) out += (out.empty() ? "" : ",") + std::string(name);
  }
  return out;
}

StatusOr<std::shared_ptr<LoadedPlugin>> LoadedPlugin::load(const std::string& path) {
  auto lib = std::make_unique<Library>();
  try {
    lib->lib.load(boost::dll::fs::path(path),
                  boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
  } catch (const std::exception& e) {
    return Status(StatusCode::kPluginError, path + ": cannot open plugin library: " + e.what());
  }
  if (!lib->lib.has(PG_PLUGIN_ENTRY_NAME))
    return Status(StatusCode::kPluginError,
                  path + ": not a papergraph plugin (no '" PG_PLUGIN_ENTRY_NAME "' symbol)");
  using EntryFn = const pg_plugin*();
  const pg_plugin* d = nullptr;
  try {
    d = lib->lib.get<EntryFn>(PG_PLUGIN_ENTRY_NAME)();
  } catch (const std::exception& e) {
    return Status(StatusCode::kPluginError, path + ": " PG_PLUGIN_ENTRY_NAME " failed: " + e.what());
  }
  return check(d, path, std::move(lib));
}

StatusOr<std::shared_ptr<LoadedPlugin>> LoadedPlugin::fromDescriptor(const pg_plugin* d,
                                                                     const std::string& label) {
  return check(d, label, nullptr);
}

StatusOr<std::shared_ptr<LoadedPlugin>> LoadedPlugin::check(const pg_plugin* d, const std::string& path,
                                                            std::unique_ptr<Library> lib) {
  if (!d) return Status(StatusCode::kPluginError, path + ": " PG_PLUGIN_ENTRY_NAME "() returned no descriptor");
  if (d->abi_version != PG_PLUGIN_ABI_VERSION)
    return Status(StatusCode::kPluginError, path + ": plugin ABI version " + std::to_string(d->abi_version) +
                                                ", this papergraph needs ABI version " +
                                                std::to_string(PG_PLUGIN_ABI_VERSION));
  std::vector<std::string> missing;
  if (!d->name || !*d->name) missing.push_back("name");
  if (!d->create) missing.push_back("create");
  if (!d->extract) missing.push_back("extract");
  if (!d->destroy) missing.push_back("destroy");
  if (!missing.empty()) {
    std::string list;
    for (auto& m : missing) list += (list.empty() ? "" : ", ") + m;
    return Status(StatusCode::kPluginError, path + ": plugin descriptor is missing: " + list);
  }
  std::shared_ptr<LoadedPlugin> p(new LoadedPlugin());
  p->lib_ = std::move(lib);
  p->descriptor_ = d;
  p->info_.path = path;
  p->info_.name = d->name;
  p->info_.version = d->version ? d->version : "";
  p->info_.description = d->description ? d->description : "";
  p->info_.abi_version = d->abi_version;
  p->info_.kinds = d->kinds;
  return p;
}

LoadedPlugin::~LoadedPlugin() = default;

StatusOr<std::unique_ptr<PluginInstance>> LoadedPlugin::instantiate(const std::string& config_json,
                                                                    PluginLogFn log) const {
  char err[1024] = {0};
  void* state = nullptr;
  int rc = descriptor_->create(config_json.c_str(), &state, err, sizeof err);
  err[sizeof err - 1] = '\0';
  if (rc != PG_OK)
    return Status(StatusCode::kPluginError, info_.path + ": plugin '" + info_.name + "' failed to initialise: " +
                                                (err[0] ? err : "no reason given"));
  return std::make_unique<PluginInstance>(shared_from_this(), descriptor_, state, std::move(log));
}

PluginInstance::PluginInstance(std::shared_ptr<const LoadedPlugin> plugin, const pg_plugin* d, void* state,
                               PluginLogFn log)
    : plugin_(std::move(plugin)), d_(d), state_(state), log_(std::move(log)) {}

PluginInstance::~PluginInstance() { d_->destroy(state_); }

namespace {

struct SinkContext {
  const Paper* paper;
  const std::string* plugin;
  std::vector<Mention>* out;
  const PluginLogFn* log;
  size_t dropped = 0;
};

bool onCharBoundary(const std::string& s, size_t i) {
  return i == s.size() || (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
}

void emitThunk(void* ctx, const pg_mention* m) noexcept {
  auto* c = static_cast<SinkContext*>(ctx);
  const std::string& text = c->paper->text;
  Kind kind;
  if (!m || m->start >= m->end || m->end > text.size() || !onCharBoundary(text, m->start) ||
      !onCharBoundary(text, m->end) || !kindFromBit(m->kind, &kind)) {
    ++c->dropped;
    return;
  }
  try {
    Mention out;
    out.start = m->start;
    out.end = m->end;
    out.kind = kind;
    out.confidence = std::clamp(m->confidence, 0.0f, 1.0f);
    out.key = m->key ? m->key : "";
    out.extractor = *c->plugin;
    if (m->attributes && *m->attributes) {
      try {
        PluginConfig attrs(m->attributes);  // same flat-object grammar
        out.attributes = attrs.values();
      } catch (const std::exception&) {
        ++c->dropped;
        return;
      }
    }
    c->out->push_back(std::move(out));
  } catch (...) {
    ++c->dropped;
  }
}

void logThunk(void* ctx, int level, const char* msg) noexcept {
  auto* c = static_cast<SinkContext*>(ctx);
  try {
    if (*c->log) (*c->log)(*c->plugin, level, std::string(msg ? msg : "") + " [" + c->paper->id + "]");
  } catch (...) {
  }
}

}  // namespace

Status PluginInstance::extract(const Paper& paper, std::vector<Mention>& out, size_t* dropped) {
  // Borrowed views of the paper for the C ABI, valid during this call.
  std::vector<pg_section> sections;
  sections.reserve(paper.sections.size());
  for (const auto& s : paper.sections) sections.push_back({s.heading.c_str(), s.start, s.end});
  std::vector<std::vector<const char*>> targets(paper.citations.size());
  std::vector<pg_citation> cites;
  cites.reserve(paper.citations.size());
  for (size_t i = 0; i < paper.citations.size(); ++i) {
    for (const auto& t : paper.citations[i].targets) targets[i].push_back(t.c_str());
    cites.push_back({paper.citations[i].start, paper.citations[i].end, targets[i].data(), targets[i].size()});
  }
  std::vector<pg_bib_entry> bib;
  bib.reserve(paper.bibliography.size());
  for (const auto& b : paper.bibliography)
    bib.push_back({b.id.c_str(), b.raw.c_str(), b.title.c_str(), b.year.c_str()});
  pg_paper p{paper.id.c_str(), paper.title.c_str(), paper.text.data(), paper.text.size(),
             sections.data(), sections.size(), cites.data(), cites.size(), bib.data(), bib.size()};

  const std::string& name = plugin_->info().name;
  SinkContext ctx{&paper, &name, &out, &log_};
  pg_sink sink{&ctx, &emitThunk, &logThunk};
  size_t before = out.size();
  char err[1024] = {0};
  int rc = d_->extract(state_, &p, &sink, err, sizeof err);
  err[sizeof err - 1] = '\0';
  if (dropped) *dropped += ctx.dropped;
  if (rc != PG_OK) {
    out.resize(before);  // a failed run contributes nothing
    return Status(StatusCode::kPluginError,
                  paper.source + ": plugin '" + name + "' failed: " + (err[0] ? err : "no reason given"));
  }
  return Status::ok();
}

std::string executableDir() {
  try {
    return boost::dll::program_location().parent_path().string();
  } catch (...) {
    return "";
  }
}

std::vector<std::string> pluginSearchPath(const std::vector<std::string>& extra_dirs) {
  std::vector<std::string> dirs(extra_dirs.begin(), extra_dirs.end());
  if (const char* env = std::getenv("PAPERGRAPH_PLUGIN_PATH")) {
    std::stringstream ss(env);
    std::string d;
    while (std::getline(ss, d, ':'))
      if (!d.empty()) dirs.push_back(d);
  }
  std::string exe = executableDir();
  if (!exe.empty()) dirs.push_back((fs::path(exe).parent_path() / "lib" / "papergraph" / "plugins").string());
  return dirs;
}

std::vector<std::string> findPluginFiles(const std::vector<std::string>& dirs) {
  std::vector<std::string> out;
  for (const auto& d : dirs) {
    std::error_code ec;
    if (!fs::is_directory(d, ec)) continue;
    std::vector<std::string> here;
    for (const auto& e : fs::directory_iterator(d, ec)) {
      if (e.path().extension() == ".so" && e.is_regular_file(ec)) here.push_back(e.path().string());
    }
    std::sort(here.begin(), here.end());
    out.insert(out.end(), here.begin(), here.end());
  }
  return out;
}

namespace {
std::string trimmed(const std::string& s) {
  size_t a = s.find_first_not_of(" \t\r\n"), b = s.find_last_not_of(" \t\r\n");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}
}  // namespace

Status applyPluginSetting(const std::string& setting, PluginConfigs& configs) {
  auto eq = setting.find('=');
  auto dot = setting.find('.');
  if (eq == std::string::npos || dot == std::string::npos || dot > eq)
    return invalidArgument("setting '" + setting + "' is not plugin.key=value");
  std::string plugin = trimmed(setting.substr(0, dot)), key = trimmed(setting.substr(dot + 1, eq - dot - 1));
  if (plugin.empty() || key.empty()) return invalidArgument("setting '" + setting + "' is not plugin.key=value");
  configs[plugin][key] = trimmed(setting.substr(eq + 1));
  return Status::ok();
}

Status readPluginConfigFile(const std::string& path, PluginConfigs& configs) {
  std::ifstream in(path);
  if (!in) return ioError(path + ": cannot open configuration file");
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    std::string t = trimmed(line);
    if (t.empty() || t[0] == '#') continue;
    if (Status s = applyPluginSetting(t, configs); !s.isOk())
      return invalidArgument(path + ":" + std::to_string(n) + ": expected 'plugin.key = value'");
  }
  return Status::ok();
}

std::string configJson(const std::map<std::string, std::string>& settings) {
  std::string out = "{";
  for (const auto& [k, v] : settings) {
    if (out.size() > 1) out += ',';
    out += '"' + jsonEscape(k) + "\":\"" + jsonEscape(v) + '"';
  }
  return out + "}";
}

}  // namespace papergraph
