// Helpers for the reader tests: read a file through the registry, check
// the invariants every Paper must hold.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "papergraph/status.hpp"
#include "read/paper.hpp"

namespace pgtest {

// Everything readPaperFile sent for one file.
struct ReadResult {
  std::vector<papergraph::Paper> papers;
  std::vector<papergraph::Status> errors;
};
ReadResult readAll(const std::filesystem::path& p);

// The single paper a file holds; fails the test otherwise.
papergraph::Paper readOne(const std::filesystem::path& p);

// Checks offsets: sections and markers inside the text, markers linked only
// to existing entries, text valid UTF-8; for text formats the text equals
// the file. Adds GoogleTest failures naming the file.
void expectConsistent(const papergraph::Paper& paper, const std::filesystem::path& file);

// The number of <biblStruct> elements inside <listBibl> in a TEI file,
// counted by plain string search (independent of the reader).
size_t countListBiblStructs(const std::string& xml);

// tests/fixtures/<sub>
std::filesystem::path fixture(const std::string& sub);

}  // namespace pgtest
