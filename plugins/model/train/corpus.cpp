#include "corpus.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace fs = std::filesystem;

namespace papergraph::model {
namespace {

bool readWhole(const fs::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return !in.bad();
}

}  // namespace

StatusOr<std::vector<AnnotatedDoc>> readCorpus(const std::string& dir) {
  const fs::path papers = fs::path(dir) / "papers", gold = fs::path(dir) / "gold";
  std::error_code ec;
  if (!fs::is_directory(papers, ec) || !fs::is_directory(gold, ec)) {
    return notFound("corpus " + dir + ": needs the folders papers/ and gold/");
  }
  std::vector<fs::path> gold_files;
  for (const auto& e : fs::directory_iterator(gold, ec)) {
    const std::string name = e.path().filename().string();
    if (name.size() > 10 && name.ends_with(".gold.json")) gold_files.push_back(e.path());
  }
  if (ec) return ioError("corpus " + dir + ": cannot list " + gold.string() + ": " + ec.message());
  std::sort(gold_files.begin(), gold_files.end());
  std::vector<AnnotatedDoc> docs;
  for (const fs::path& g : gold_files) {
    AnnotatedDoc doc;
    const std::string name = g.filename().string();
    doc.id = name.substr(0, name.size() - 10);
    fs::path paper = papers / (doc.id + ".md");
    if (!fs::exists(paper)) paper = papers / (doc.id + ".txt");
    if (!readWhole(paper, doc.text)) return notFound("corpus " + dir + ": no paper for " + g.string());
    std::string json_text;
    if (!readWhole(g, json_text)) return ioError("cannot read " + g.string());
    try {
      const nlohmann::json j = nlohmann::json::parse(json_text);
      const nlohmann::json& mentions = j.at("mentions");
      for (const auto& [field, kind] :
           {std::pair{"Material", EntityKind::kDataset}, std::pair{"Task", EntityKind::kTask}}) {
        if (!mentions.contains(field)) continue;
        for (const auto& span : mentions.at(field)) {
          const size_t start = span.at(0).get<size_t>(), end = span.at(1).get<size_t>();
          if (start >= end || end > doc.text.size()) {
            return badInput(g.string() + ": span [" + std::to_string(start) + ", " + std::to_string(end) +
                            ") lies outside " + paper.string());
          }
          doc.spans.push_back({start, end, kind});
        }
      }
      if (j.contains("salient") && j.at("salient").contains("Material")) {
        for (const auto& cluster : j.at("salient").at("Material")) {
          SalientDataset d;
          d.name = cluster.value("name", "");
          for (const auto& span : cluster.at("mentions")) d.mentions.emplace_back(span.at(0), span.at(1));
          if (!d.mentions.empty()) doc.salient.push_back(std::move(d));
        }
      }
    } catch (const nlohmann::json::exception& e) {
      return badInput(g.string() + ": " + e.what());
    }
    docs.push_back(std::move(doc));
  }
  if (docs.empty()) return notFound("corpus " + dir + ": no gold/*.gold.json files");
  return docs;
}

StatusOr<std::vector<AnnotatedDoc>> readSentences(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return notFound("cannot open sentences file " + path);
  std::vector<AnnotatedDoc> docs;
  std::string line;
  for (size_t n = 1; std::getline(in, line); ++n) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    AnnotatedDoc doc;
    doc.id = "sentence-" + std::to_string(n);
    doc.has_tasks = false;
    doc.single_sentence = true;
    try {
      const nlohmann::json j = nlohmann::json::parse(line);
      doc.text = j.at("text").get<std::string>();
      for (const auto& span : j.at("spans")) {
        const size_t start = span.at(0).get<size_t>(), end = span.at(1).get<size_t>();
        if (start >= end || end > doc.text.size()) {
          return badInput(path + ":" + std::to_string(n) + ": span outside the sentence");
        }
        doc.spans.push_back({start, end, EntityKind::kDataset});
      }
    } catch (const nlohmann::json::exception& e) {
      return badInput(path + ":" + std::to_string(n) + ": " + e.what());
    }
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace papergraph::model
