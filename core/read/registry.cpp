// Reader registry, input expansion and the checks every text input gets.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <system_error>

#include "common/utf8.hpp"
#include "read/formats.hpp"
#include "read/reader.hpp"

namespace fs = std::filesystem;

namespace papergraph {

const std::vector<std::unique_ptr<Reader>>& readers() {
  static const std::vector<std::unique_ptr<Reader>> all = [] {
    std::vector<std::unique_ptr<Reader>> v;
    // Content sniffers first: a PDF called ".xml" goes to the PDF reader.
    v.push_back(makePdfReader());
    v.push_back(makeTeiReader());
    v.push_back(makeJatsReader());
    v.push_back(makeS2orcReader());
    v.push_back(makeMarkdownReader());
    v.push_back(makeTextReader());
    return v;
  }();
  return all;
}

const Reader* findReader(std::string_view path, std::string_view head) {
  for (const auto& r : readers())
    if (r->accepts(path, head)) return r.get();
  return nullptr;
}

bool hasPaperExtension(std::string_view path) {
  for (const auto& r : readers())
    if (r->accepts(path, {})) return true;
  return false;
}

std::string paperIdFromPath(std::string_view path) {
  std::string name = fs::path(std::string(path)).filename().string();
  // Strip known multi-part extensions first, then one extension.
  for (std::string_view ext : {".tei.xml", ".json.gz", ".jsonl.gz", ".jsonl.zst", ".json.zst"}) {
    if (name.size() > ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0)
      return name.substr(0, name.size() - ext.size());
  }
  auto dot = name.rfind('.');
  return dot == std::string::npos || dot == 0 ? name : name.substr(0, dot);
}

Status checkText(const std::string& path, std::string_view bytes) {
  if (bytes.empty()) return badInput(path + ": empty file");
  const size_t nul = bytes.find('\0'), bad = invalidUtf8At(bytes);
  if (nul < bad) return badInput(path + ": binary file (NUL byte at byte " + std::to_string(nul) + ")");
  if (bad == std::string_view::npos) return Status::ok();
  const size_t claimed = utf8ClaimedLength(static_cast<unsigned char>(bytes[bad]));
  return badInput(path + ": invalid UTF-8 at byte " + std::to_string(bad) +
                  (claimed > 1 && bad + claimed > bytes.size() ? " (truncated sequence)" : ""));
}

void readPaperFile(const std::string& path, const PaperSink& sink) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) return sink(invalidArgument(path + ": is a directory"));
  std::ifstream in(path, std::ios::binary);
  if (!in) return sink(ioError(path + ": cannot open (" + std::generic_category().message(errno) + ")"));
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return sink(ioError(path + ": read failed"));
  std::string bytes = ss.str();
  if (bytes.empty()) return sink(badInput(path + ": empty file"));
  const Reader* r = findReader(path, std::string_view(bytes).substr(0, 4096));
  if (!r) return sink(unsupported(path + ": no reader for this kind of file"));
  r->read(path, bytes, sink);
}

std::vector<std::string> expandInputs(const std::vector<std::string>& inputs, std::vector<Status>* errors) {
  std::vector<std::string> out;
  auto addDir = [&](const fs::path& dir) {
    std::vector<std::string> found;
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) {
      errors->push_back(ioError(dir.string() + ": cannot list (" + ec.message() + ")"));
      return;
    }
    for (; it != end; it.increment(ec)) {
      if (ec) {
        errors->push_back(ioError(dir.string() + ": " + ec.message()));
        break;
      }
      auto name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file() && hasPaperExtension(it->path().string())) found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  };
  for (const auto& in : inputs) {
    if (in == "-") {
      std::string line;
      while (std::getline(std::cin, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (line.empty()) continue;
        if (fs::is_directory(line)) addDir(line);
        else out.push_back(line);
      }
      continue;
    }
    std::error_code ec;
    if (fs::is_directory(in, ec)) addDir(in);
    else if (fs::exists(in, ec)) out.push_back(in);
    else errors->push_back(notFound(in + ": no such file or directory"));
  }
  return out;
}

}  // namespace papergraph
