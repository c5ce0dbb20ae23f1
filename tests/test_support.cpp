#include "test_support.hpp"

#include <unistd.h>
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <utility>

namespace fs = std::filesystem;

namespace pgtest {

std::string env(const char* name) {
  if (const char* v = std::getenv(name)) return v;
  static const std::pair<const char*, const char*> defaults[] = {
      {"PAPERGRAPH_SOURCE_DIR", PGTEST_DEFAULT_PAPERGRAPH_SOURCE_DIR},
      {"PAPERGRAPH_BINARY_DIR", PGTEST_DEFAULT_PAPERGRAPH_BINARY_DIR},
      {"PAPERGRAPH_SHARED_DIR", PGTEST_DEFAULT_PAPERGRAPH_SHARED_DIR},
      {"PAPERGRAPH_EXE", PGTEST_DEFAULT_PAPERGRAPH_EXE},
      {"PAPERGRAPH_PLUGIN_DIR", PGTEST_DEFAULT_PAPERGRAPH_PLUGIN_DIR},
      {"PAPERGRAPH_FIXTURE_PLUGIN_DIR", PGTEST_DEFAULT_PAPERGRAPH_FIXTURE_PLUGIN_DIR}};
  for (auto [k, v] : defaults)
    if (std::string(k) == name) return v;
  return "";
}
fs::path sourceDir() { return env("PAPERGRAPH_SOURCE_DIR"); }
fs::path binaryDir() { return env("PAPERGRAPH_BINARY_DIR"); }
fs::path sharedDir() { return env("PAPERGRAPH_SHARED_DIR"); }
bool haveShared() {
  auto d = sharedDir();
  return !d.empty() && fs::exists(d / "corpus");
}

std::string readFile(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + p.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void writeFile(const fs::path& p, const std::string& content) {
  if (p.has_parent_path()) fs::create_directories(p.parent_path());
  std::ofstream out(p, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + p.string());
}

TempDir::TempDir() {
  std::random_device rd;
  path_ = fs::temp_directory_path() / ("pgtest-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  fs::create_directories(path_);
}
TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

std::string shellQuote(const std::string& s) {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += "'\\''";
    else out += c;
  }
  return out + "'";
}

RunResult run(const std::string& command, const std::string& stdin_text) {
  TempDir tmp;
  auto in = tmp / "stdin", out = tmp / "stdout", err = tmp / "stderr";
  writeFile(in, stdin_text);
  std::string full = "(" + command + ") <" + shellQuote(in.string()) + " >" + shellQuote(out.string()) +
                     " 2>" + shellQuote(err.string());
  int status = std::system(full.c_str());
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = readFile(out);
  r.err = readFile(err);
  return r;
}

RunResult papergraph(const std::string& args, const std::string& stdin_text) {
  return run(shellQuote(env("PAPERGRAPH_EXE")) + " " + args, stdin_text);
}

}  // namespace pgtest
