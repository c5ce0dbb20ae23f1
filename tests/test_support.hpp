// Helpers shared by the tests: where things are, temporary folders, running
// the papergraph executable.
#pragma once

#include <filesystem>
#include <string>

namespace pgtest {

// An environment variable set by tests/CMakeLists.txt, or "" when unset.
std::string env(const char* name);
// The source tree, build tree, and ../shared (may not exist).
std::filesystem::path sourceDir();
std::filesystem::path binaryDir();
std::filesystem::path sharedDir();
// True when ../shared is there (tests that need it GTEST_SKIP otherwise).
bool haveShared();
// Reads a whole file; throws on failure.
std::string readFile(const std::filesystem::path& p);
// Writes a whole file, creating parent folders.
void writeFile(const std::filesystem::path& p, const std::string& content);

// A fresh temporary folder removed when the object dies.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& s) const { return path_ / s; }

 private:
  std::filesystem::path path_;
};

// Result of running a command through the shell.
struct RunResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};
// Runs `command` (a shell command line) with stdin from /dev/null unless
// stdin_text is given; captures stdout and stderr.
RunResult run(const std::string& command, const std::string& stdin_text = "");
// Runs the built papergraph executable with args (already shell-quoted).
RunResult papergraph(const std::string& args, const std::string& stdin_text = "");
// Quotes s for the shell.
std::string shellQuote(const std::string& s);

}  // namespace pgtest

#define PG_REQUIRE_SHARED()                                                   \
  do {                                                                        \
    if (!::pgtest::haveShared()) GTEST_SKIP() << "../shared is absent; skipped"; \
  } while (0)
