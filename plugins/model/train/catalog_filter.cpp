#include "catalog_filter.hpp"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "catalog/catalog.hpp"

namespace fs = std::filesystem;

namespace papergraph::model {
namespace {

// True when the JSON line is an entry one of whose names has a key in keys.
bool named(const std::string& line, const std::set<std::string>& keys) {
  const nlohmann::json j = nlohmann::json::parse(line, nullptr, false);
  if (!j.is_object() || !j.contains("id")) return false;  // header, comment or not an entry
  auto hit = [&](const nlohmann::json& v) { return v.is_string() && keys.count(normalizeName(v.get<std::string>())); };
  for (const char* field : {"title", "full_name"}) {
    if (j.contains(field) && hit(j.at(field))) return true;
  }
  for (const char* field : {"aliases", "ambiguous"}) {
    if (!j.contains(field) || !j.at(field).is_array()) continue;
    for (const auto& v : j.at(field)) {
      if (hit(v)) return true;
    }
  }
  return false;
}

Status copyWithout(const fs::path& from, const fs::path& to, const std::set<std::string>& keys, size_t* dropped) {
  std::ifstream in(from, std::ios::binary);
  if (!in) return ioError("cannot read " + from.string());
  std::ofstream out(to, std::ios::binary | std::ios::trunc);
  for (std::string line; std::getline(in, line);) {
    if (named(line, keys)) {
      ++*dropped;
      continue;
    }
    out << line << '\n';
  }
  out.close();
  if (!out) return ioError("cannot write " + to.string());
  return Status::ok();
}

}  // namespace

Status writeCatalogWithout(const std::string& ontology_dir, const std::set<std::string>& keys,
                           const std::string& out_dir, size_t* dropped) {
  *dropped = 0;
  std::error_code ec;
  fs::create_directories(fs::path(out_dir) / "catalog", ec);
  if (ec) return ioError("cannot create " + out_dir + "/catalog: " + ec.message());
  for (const auto& e : fs::directory_iterator(fs::path(ontology_dir) / "catalog", ec)) {
    if (e.path().extension() != ".jsonl") continue;
    Status s = copyWithout(e.path(), fs::path(out_dir) / "catalog" / e.path().filename(), keys, dropped);
    if (!s.isOk()) return s;
  }
  if (ec) return ioError("cannot list " + ontology_dir + "/catalog: " + ec.message());
  return copyWithout(fs::path(ontology_dir) / "tasks.jsonl", fs::path(out_dir) / "tasks.jsonl", keys, dropped);
}

}  // namespace papergraph::model
