#include "read_test_util.hpp"

#include <gtest/gtest.h>

#include <set>

#include "read/reader.hpp"
#include "test_support.hpp"

namespace pgtest {

ReadResult readAll(const std::filesystem::path& p) {
  ReadResult r;
  papergraph::readPaperFile(p.string(), [&](papergraph::StatusOr<papergraph::Paper> s) {
    if (s.isOk())
      r.papers.push_back(std::move(s.value()));
    else
      r.errors.push_back(s.status());
  });
  return r;
}

papergraph::Paper readOne(const std::filesystem::path& p) {
  ReadResult r = readAll(p);
  EXPECT_EQ(r.errors.size(), 0u) << p << ": " << (r.errors.empty() ? "" : r.errors[0].toString());
  EXPECT_EQ(r.papers.size(), 1u) << p;
  return r.papers.empty() ? papergraph::Paper{} : r.papers[0];
}

void expectConsistent(const papergraph::Paper& paper, const std::filesystem::path& file) {
  const std::string& t = paper.text;
  EXPECT_TRUE(papergraph::checkText(file.string(), t).isOk() || t.empty()) << file << ": text is not valid UTF-8";
  for (const auto& s : paper.sections) {
    EXPECT_LE(s.start, s.end) << file << " section " << s.heading;
    EXPECT_LE(s.end, t.size()) << file << " section " << s.heading;
  }
  std::set<std::string> ids;
  for (const auto& b : paper.bibliography) ids.insert(b.id);
  EXPECT_EQ(ids.size(), paper.bibliography.size()) << file << ": bibliography ids not unique";
  for (const auto& c : paper.citations) {
    EXPECT_LT(c.start, c.end) << file;
    EXPECT_LE(c.end, t.size()) << file;
    for (const auto& id : c.targets) EXPECT_TRUE(ids.count(id)) << file << ": marker links to unknown " << id;
  }
  if (paper.text_is_source) {
    EXPECT_EQ(t, readFile(file)) << file << ": text differs from the file";
  }
}

size_t countListBiblStructs(const std::string& xml) {
  size_t n = 0;
  for (size_t list = xml.find("<listBibl"); list != std::string::npos; list = xml.find("<listBibl", list + 1)) {
    size_t end = xml.find("</listBibl>", list);
    for (size_t b = xml.find("<biblStruct", list); b != std::string::npos && b < end;
         b = xml.find("<biblStruct", b + 1))
      ++n;
  }
  return n;
}

std::filesystem::path fixture(const std::string& sub) { return sourceDir() / "tests" / "fixtures" / sub; }

}  // namespace pgtest
