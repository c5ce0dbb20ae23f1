// Loading, checking and indexing the catalog files; importing a Papers with
// Code datasets dump. nlohmann::json stays in this file.
#include "catalog/catalog.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

namespace papergraph {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr const char* kDatasetFormat = "papergraph-catalog";
constexpr const char* kTaskFormat = "papergraph-tasks";

// True for a stable id: [a-z0-9]+(-[a-z0-9]+)*.
bool validId(const std::string& id) {
  if (id.empty() || id.front() == '-' || id.back() == '-') return false;
  char prev = 0;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok || (c == '-' && prev == '-')) return false;
    prev = c;
  }
  return true;
}

// Reads typed fields of one JSON object, remembering the first problem.
class FieldReader {
 public:
  explicit FieldReader(const json& j) : j_(j) {}
  void str(const char* key, std::string& out, bool required = false) {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) {
      if (required) fail(std::string("missing required field \"") + key + "\"");
      return;
    }
    if (!it->is_string()) return fail(std::string("field \"") + key + "\" must be a string");
    out = it->get<std::string>();
    if (required && out.empty()) fail(std::string("field \"") + key + "\" must not be empty");
  }
  void list(const char* key, std::vector<std::string>& out) {
    auto it = j_.find(key);
    if (it == j_.end() || it->is_null()) return;
    if (!it->is_array()) return fail(std::string("field \"") + key + "\" must be a list of strings");
    for (const auto& v : *it) {
      if (!v.is_string()) return fail(std::string("field \"") + key + "\" must be a list of strings");
      out.push_back(v.get<std::string>());
    }
  }
  void fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }
  const std::string& error() const { return error_; }

 private:
  const json& j_;
  std::string error_;
};

const std::set<std::string>& knownDatasetFields() {
  static const std::set<std::string> k = {
      "id", "title", "full_name", "description", "aliases", "ambiguous", "version_of",
      "variant_of", "version", "creators", "issued", "landing_page", "identifier", "modality",
      "format", "language", "tasks", "theme", "keywords", "license", "introduced_by"};
  return k;
}

const std::set<std::string>& knownTaskFields() {
  static const std::set<std::string> k = {"id",          "title",   "aliases", "ambiguous",
                                          "description", "broader", "theme"};
  return k;
}

std::string parseDataset(const json& j, CatalogDataset& d) {
  FieldReader r(j);
  r.str("id", d.id, true);
  r.str("title", d.title, true);
  r.str("full_name", d.full_name);
  r.str("description", d.description);
  r.list("aliases", d.aliases);
  r.list("ambiguous", d.ambiguous);
  r.str("version_of", d.version_of);
  r.str("variant_of", d.variant_of);
  r.str("version", d.version);
  r.list("creators", d.creators);
  r.str("issued", d.issued);
  r.str("landing_page", d.landing_page);
  r.str("identifier", d.identifier);
  r.str("format", d.format);
  r.str("license", d.license);
  r.list("modality", d.modality);
  r.list("language", d.language);
  r.list("tasks", d.tasks);
  r.list("theme", d.theme);
  r.list("keywords", d.keywords);
  if (auto it = j.find("introduced_by"); it != j.end() && !it->is_null()) {
    if (!it->is_object()) {
      r.fail("field \"introduced_by\" must be an object");
    } else {
      FieldReader p(*it);
      Publication& pub = d.introduced_by;
      p.list("authors", pub.authors);
      p.str("title", pub.title);
      p.str("venue", pub.venue);
      p.str("year", pub.year);
      p.str("doi", pub.doi);
      p.str("arxiv", pub.arxiv);
      p.str("url", pub.url);
      if (!p.error().empty()) r.fail("introduced_by: " + p.error());
    }
  }
  if (r.error().empty() && !validId(d.id))
    r.fail("id \"" + d.id + "\" is not a slug ([a-z0-9]+(-[a-z0-9]+)*)");
  if (r.error().empty() && (d.version_of == d.id || d.variant_of == d.id))
    r.fail("entry \"" + d.id + "\" is a version or variant of itself");
  return r.error();
}

std::string parseTask(const json& j, CatalogTask& t) {
  FieldReader r(j);
  r.str("id", t.id, true);
  r.str("title", t.title, true);
  r.str("description", t.description);
  r.str("broader", t.broader);
  r.list("aliases", t.aliases);
  r.list("ambiguous", t.ambiguous);
  r.list("theme", t.theme);
  if (r.error().empty() && !validId(t.id))
    r.fail("id \"" + t.id + "\" is not a slug ([a-z0-9]+(-[a-z0-9]+)*)");
  return r.error();
}

// Strips a trailing '\r' and surrounding blanks.
std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

// Adds entry to list/by_id: a new id is appended, an existing one replaced.
template <class Entry>
void place(std::vector<Entry>& list, std::unordered_map<std::string, size_t>& by_id, Entry entry) {
  auto it = by_id.find(entry.id);
  if (it != by_id.end()) {
    list[it->second] = std::move(entry);
    return;
  }
  by_id.emplace(entry.id, list.size());
  list.push_back(std::move(entry));
}

}  // namespace

StatusOr<std::shared_ptr<Catalog>> Catalog::loadBuiltin(const std::string& ontology_dir) {
  auto catalog = std::make_shared<Catalog>();
  const fs::path dir = fs::path(ontology_dir) / "catalog";
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return notFound(dir.string() + ": no catalog folder");
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".jsonl") files.push_back(e.path());
  if (ec) return ioError(dir.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    Status s = catalog->addFile(f.string(), false, false);
    if (!s.isOk()) return s;
  }
  const fs::path tasks = fs::path(ontology_dir) / "tasks.jsonl";
  if (fs::exists(tasks, ec)) {
    Status s = catalog->addFile(tasks.string(), false, false);
    if (!s.isOk()) return s;
  }
  catalog->index();
  return catalog;
}

Status Catalog::addFile(const std::string& path, bool replace) { return addFile(path, replace, true); }

Status Catalog::addFile(const std::string& path, bool replace, bool reindex) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return notFound(path + ": cannot open catalog file");
  // Parse the whole file before touching the catalog, so a refused file
  // leaves it as it was.
  std::vector<CatalogDataset> new_datasets;
  std::vector<CatalogTask> new_tasks;
  std::vector<std::string> new_warnings;
  std::string format;
  std::string line;
  int line_no = 0;
  const auto where = [&] { return path + ":" + std::to_string(line_no) + ": "; };
  while (std::getline(in, line)) {
    ++line_no;
    const std::string_view text = trim(line);
    if (text.empty() || text.front() == '#') continue;
    json j;
    try {
      j = json::parse(text);
    } catch (const json::parse_error& e) {
      return badInput(where() + "not valid JSON (" + e.what() + ")");
    }
    if (!j.is_object()) return badInput(where() + "expected a JSON object");
    if (format.empty()) {
      auto f = j.find("format");
      auto v = j.find("version");
      if (f == j.end() || !f->is_string() || v == j.end() || !v->is_number_integer())
        return badInput(where() +
                        "missing header: the first line must be {\"format\": \"" +
                        kDatasetFormat + "\", \"version\": 1}");
      format = f->get<std::string>();
      if (format != kDatasetFormat && format != kTaskFormat)
        return badInput(where() + "unknown format \"" + format + "\"");
      const auto version = v->get<long long>();
      if (version > kCatalogFormatVersion)
        return unsupported(where() + format + " version " + std::to_string(version) +
                           " is newer than this build reads (version " +
                           std::to_string(kCatalogFormatVersion) + ")");
      if (version < 1) return badInput(where() + "bad format version " + std::to_string(version));
      continue;
    }
    const bool is_task = format == kTaskFormat;
    for (const auto& [key, _] : j.items())
      if (!(is_task ? knownTaskFields() : knownDatasetFields()).count(key))
        new_warnings.push_back(where() + "unknown field \"" + key + "\" ignored");
    std::string error;
    if (is_task) {
      CatalogTask t;
      error = parseTask(j, t);
      t.source_file = path;
      t.source_line = line_no;
      new_tasks.push_back(std::move(t));
    } else {
      CatalogDataset d;
      error = parseDataset(j, d);
      d.source_file = path;
      d.source_line = line_no;
      new_datasets.push_back(std::move(d));
    }
    if (!error.empty()) return badInput(where() + error);
  }
  if (in.bad()) return ioError(path + ": read error");
  if (format.empty()) return badInput(path + ": empty catalog file (no header line)");

  // Check duplicates first, so a refused file leaves the catalog as it was.
  if (!replace) {
    std::unordered_map<std::string, std::string> seen;  // new id -> where
    const auto check = [&](const auto& entry, const auto& by_id, const auto& list, const char* what) {
      const std::string at = entry.source_file + ":" + std::to_string(entry.source_line);
      std::string first;
      if (auto it = by_id.find(entry.id); it != by_id.end())
        first = list[it->second].source_file + ":" + std::to_string(list[it->second].source_line);
      else if (auto it2 = seen.find(std::string(what) + entry.id); it2 != seen.end())
        first = it2->second;
      if (!first.empty())
        return badInput(at + ": duplicate " + what + " id \"" + entry.id + "\" (first defined at " + first + ")");
      seen.emplace(std::string(what) + entry.id, at);
      return Status::ok();
    };
    for (const auto& d : new_datasets)
      if (Status s = check(d, dataset_by_id_, datasets_, "dataset"); !s.isOk()) return s;
    for (const auto& t : new_tasks)
      if (Status s = check(t, task_by_id_, tasks_, "task"); !s.isOk()) return s;
  }
  for (auto& d : new_datasets) place(datasets_, dataset_by_id_, std::move(d));
  for (auto& t : new_tasks) place(tasks_, task_by_id_, std::move(t));
  field_warnings_.insert(field_warnings_.end(), new_warnings.begin(), new_warnings.end());
  if (reindex) index();
  return Status::ok();
}

std::vector<std::pair<std::string, bool>> Catalog::namesOf(const CatalogDataset& d) {
  std::vector<std::pair<std::string, bool>> names;
  // A title that the entry also lists as ambiguous ("Freeway", "ENCODE") is
  // a common word: it too needs evidence.
  bool title_ambiguous = std::find(d.ambiguous.begin(), d.ambiguous.end(), d.title) != d.ambiguous.end();
  names.emplace_back(d.title, title_ambiguous);
  if (!d.full_name.empty()) names.emplace_back(d.full_name, false);
  for (const auto& a : d.aliases) names.emplace_back(a, false);
  for (const auto& a : d.ambiguous) names.emplace_back(a, true);
  return names;
}

std::vector<std::pair<std::string, bool>> Catalog::namesOf(const CatalogTask& t) {
  std::vector<std::pair<std::string, bool>> names;
  names.emplace_back(t.title, false);
  for (const auto& a : t.aliases) names.emplace_back(a, false);
  for (const auto& a : t.ambiguous) names.emplace_back(a, true);
  return names;
}

namespace {

// Adds (id, ambiguous) under key; an id already there keeps its
// unambiguous flag if either says unambiguous.
void addHit(std::unordered_map<std::string, std::vector<Catalog::Hit>>& by_key,
            const std::string& key, const std::string& id, bool ambiguous) {
  if (key.empty()) return;
  auto& hits = by_key[key];
  for (auto& h : hits) {
    if (h.id == id) {
      h.ambiguous = h.ambiguous && ambiguous;
      return;
    }
  }
  hits.push_back({id, ambiguous});
}

}  // namespace

void Catalog::index() {
  dataset_by_key_.clear();
  task_by_key_.clear();
  for (const auto& d : datasets_)
    for (const auto& [name, ambiguous] : namesOf(d))
      addHit(dataset_by_key_, normalizeName(name), d.id, ambiguous);
  for (const auto& t : tasks_)
    for (const auto& [name, ambiguous] : namesOf(t))
      addHit(task_by_key_, normalizeName(name), t.id, ambiguous);
}

const CatalogDataset* Catalog::dataset(std::string_view id) const {
  auto it = dataset_by_id_.find(std::string(id));
  return it == dataset_by_id_.end() ? nullptr : &datasets_[it->second];
}

const CatalogTask* Catalog::task(std::string_view id) const {
  auto it = task_by_id_.find(std::string(id));
  return it == task_by_id_.end() ? nullptr : &tasks_[it->second];
}

std::vector<Catalog::Hit> Catalog::lookupDataset(std::string_view name) const {
  auto it = dataset_by_key_.find(normalizeName(name));
  return it == dataset_by_key_.end() ? std::vector<Hit>{} : it->second;
}

std::vector<Catalog::Hit> Catalog::lookupTask(std::string_view name) const {
  auto it = task_by_key_.find(normalizeName(name));
  return it == task_by_key_.end() ? std::vector<Hit>{} : it->second;
}

std::vector<std::string> Catalog::chainOf(std::string_view id) const {
  std::vector<std::string> chain;
  std::string current(id);
  std::set<std::string> seen;
  while (!current.empty() && seen.insert(current).second) {
    const CatalogDataset* d = dataset(current);
    if (!d) break;
    chain.push_back(current);
    current = d->parent();
  }
  return chain;
}

std::string Catalog::rootOf(std::string_view id) const {
  auto chain = chainOf(id);
  return chain.empty() ? std::string(id) : chain.back();
}

std::vector<std::string> Catalog::warnings() const {
  std::vector<std::string> out = field_warnings_;
  const auto at = [](const std::string& f, int l) { return f + ":" + std::to_string(l) + ": "; };
  for (const auto& d : datasets_) {
    for (const std::string* parent : {&d.version_of, &d.variant_of})
      if (!parent->empty() && !dataset(*parent))
        out.push_back(at(d.source_file, d.source_line) + "\"" + d.id + "\" refers to unknown dataset \"" +
                      *parent + "\"");
  }
  for (const auto& t : tasks_)
    if (!t.broader.empty() && !task(t.broader))
      out.push_back(at(t.source_file, t.source_line) + "\"" + t.id + "\" has unknown broader task \"" +
                    t.broader + "\"");
  return out;
}

namespace {

// The catalog modality for a Papers with Code modality name.
std::string modalityOf(const std::string& name) {
  std::string lower;
  for (char c : name) lower += static_cast<char>((c >= 'A' && c <= 'Z') ? (c | 0x20) : c);
  static const std::map<std::string, std::string> k = {
      {"images", "image"},       {"image", "image"},           {"videos", "video"},
      {"video", "video"},        {"texts", "text"},            {"text", "text"},
      {"audio", "audio"},        {"speech", "speech"},         {"graphs", "graph"},
      {"graph", "graph"},        {"tabular", "tabular"},       {"time series", "time-series"},
      {"3d", "3d"},              {"point cloud", "point-cloud"}, {"environment", "environment"},
      {"rgb-d", "image"},        {"medical", "image"},         {"3d meshes", "3d"},
      {"interactive", "environment"}};
  auto it = k.find(lower);
  return it == k.end() ? "other" : it->second;
}

// The first sentence or two of a description, at most about 400 bytes.
std::string shortDescription(std::string text) {
  for (char& c : text)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  size_t end = 0, sentences = 0;
  for (size_t i = 0; i + 1 < text.size() && sentences < 2; ++i)
    if (text[i] == '.' && text[i + 1] == ' ') {
      end = i + 1;
      ++sentences;
    }
  if (end == 0 || end > 400) end = std::min<size_t>(text.size(), 400);
  text.resize(end);
  return std::string(trim(text));
}

std::vector<std::string> stringList(const json& j, const char* key) {
  std::vector<std::string> out;
  auto it = j.find(key);
  if (it == j.end() || !it->is_array()) return out;
  for (const auto& v : *it)
    if (v.is_string() && !v.get<std::string>().empty()) out.push_back(v.get<std::string>());
  return out;
}

std::string stringField(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

StatusOr<std::string> Catalog::importPapersWithCode(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return notFound(path + ": cannot open");
  json root;
  try {
    root = json::parse(in);
  } catch (const json::parse_error& e) {
    return badInput(path + ": not valid JSON (" + e.what() + ")");
  }
  if (!root.is_array()) return badInput(path + ": expected a JSON list of dataset objects");
  std::ostringstream out;
  out << "{\"format\": \"" << kDatasetFormat << "\", \"version\": " << kCatalogFormatVersion
      << "}\n";
  std::set<std::string> used_ids;
  size_t index = 0;
  for (const auto& item : root) {
    ++index;
    if (!item.is_object())
      return badInput(path + ": item " + std::to_string(index) + " is not an object");
    const std::string name = stringField(item, "name");
    if (name.empty()) return badInput(path + ": item " + std::to_string(index) + " has no name");
    std::string id = slugify(name);
    if (id.empty()) id = "dataset";
    for (int k = 2; used_ids.count(id); ++k) id = slugify(name) + "-" + std::to_string(k);
    used_ids.insert(id);

    json e = json::object();
    e["id"] = id;
    e["title"] = name;
    const std::string full_name = stringField(item, "full_name");
    if (!full_name.empty() && normalizeName(full_name) != normalizeName(name)) e["full_name"] = full_name;
    const std::string description = shortDescription(stringField(item, "description"));
    if (!description.empty()) e["description"] = description;
    std::vector<std::string> aliases;
    std::set<std::string> keys = {normalizeName(name), normalizeName(full_name)};
    for (const auto& v : stringList(item, "variants"))
      if (keys.insert(normalizeName(v)).second) aliases.push_back(v);
    if (!aliases.empty()) e["aliases"] = aliases;
    const std::string homepage = stringField(item, "homepage");
    if (!homepage.empty()) e["landing_page"] = homepage;
    const std::string date = stringField(item, "introduced_date");
    if (date.size() >= 4 && std::all_of(date.begin(), date.begin() + 4, ::isdigit))
      e["issued"] = date.substr(0, 4);
    std::vector<std::string> modality;
    for (const auto& m : stringList(item, "modalities")) {
      const std::string mod = modalityOf(m);
      if (std::find(modality.begin(), modality.end(), mod) == modality.end()) modality.push_back(mod);
    }
    if (!modality.empty()) e["modality"] = modality;
    std::vector<std::string> languages;
    for (const auto& l : stringList(item, "languages")) {
      const std::string code = languageCode(l);
      if (!code.empty()) languages.push_back(code);
    }
    if (!languages.empty()) e["language"] = languages;
    std::vector<std::string> tasks;
    if (auto t = item.find("tasks"); t != item.end() && t->is_array()) {
      for (const auto& task : *t) {
        std::string tname = task.is_string() ? task.get<std::string>() : stringField(task, "task");
        std::transform(tname.begin(), tname.end(), tname.begin(),
                       [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c | 0x20) : c; });
        if (!tname.empty()) tasks.push_back(tname);
      }
    }
    if (!tasks.empty()) e["tasks"] = tasks;
    if (auto p = item.find("paper"); p != item.end() && p->is_object()) {
      json pub = json::object();
      const std::string title = stringField(*p, "title");
      const std::string url = stringField(*p, "url");
      if (!title.empty()) pub["title"] = title;
      if (!url.empty()) pub["url"] = url;
      if (!pub.empty()) e["introduced_by"] = pub;
    }
    try {
      out << e.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
    } catch (const json::exception& ex) {
      return badInput(path + ": item " + std::to_string(index) + ": " + ex.what());
    }
  }
  return out.str();
}

}  // namespace papergraph
