// The registry: content sniffing against names, every bad fixture failing
// with an error naming its file, the text readers, and the inputs found by
// fuzzing (tests/fuzz/regressions/) read without crashing.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "read/formats.hpp"
#include "read/reader.hpp"
#include "read_test_util.hpp"
#include "test_support.hpp"

namespace fs = std::filesystem;
using papergraph::findReader;

namespace {

std::string formatOf(std::string_view path, std::string_view head) {
  const papergraph::Reader* r = findReader(path, head);
  return r ? std::string(r->format()) : "none";
}

TEST(RegistryTest, ContentWinsOverTheName) {
  EXPECT_EQ(formatOf("a.xml", "%PDF-1.7\n"), "pdf");
  EXPECT_EQ(formatOf("a.md", "%PDF-1.7\n"), "pdf");
  EXPECT_EQ(formatOf("a.xml", "<?xml version='1.0'?>\n<TEI xmlns='http://www.tei-c.org/ns/1.0'>"), "tei");
  EXPECT_EQ(formatOf("a.tei.xml", "<!DOCTYPE article PUBLIC \"-//NLM//DTD JATS\">\n<article>"), "jats");
  EXPECT_EQ(formatOf("a.xml", "<article>"), "jats");
  EXPECT_EQ(formatOf("a.txt", "<TEI>"), "tei");
  EXPECT_EQ(formatOf("a.xml", "{\"paper_id\": \"1\"}"), "s2orc");
  EXPECT_EQ(formatOf("a.json", std::string("\x1f\x8b\x08\x00", 4)), "s2orc");
  EXPECT_EQ(formatOf("a.jsonl.zst", "\x28\xb5\x2f\xfd"), "s2orc");
  // Text stays text: JSON-looking Markdown, HTML comments in Markdown.
  EXPECT_EQ(formatOf("a.md", "{\"a\": 1}"), "markdown");
  EXPECT_EQ(formatOf("a.md", "<!-- note -->\n# Title"), "markdown");
  EXPECT_EQ(formatOf("a.txt", "plain"), "text");
  EXPECT_EQ(formatOf("a.bin", "plain"), "none");
  // Names alone (directory listing).
  for (const char* n : {"a.pdf", "a.tei.xml", "a.nxml", "a.xml", "a.json", "a.jsonl.gz", "a.json.zst", "a.md"})
    EXPECT_TRUE(papergraph::hasPaperExtension(n)) << n;
  EXPECT_EQ(papergraph::paperIdFromPath("x/10.1038_abc.tei.xml"), "10.1038_abc");
  EXPECT_EQ(papergraph::paperIdFromPath("x/shard.jsonl.zst"), "shard");
}

// Every file in tests/fixtures/bad/{pdf,tei,jats,s2orc,text} fails with an
// error naming the file (one_bad_line.jsonl: only its bad line).
TEST(RegistryTest, EveryBadFixtureFailsNamingTheFile) {
  size_t files = 0;
  for (const char* dir : {"pdf", "tei", "jats", "s2orc", "text"}) {
    for (const auto& f : fs::directory_iterator(pgtest::fixture(std::string("bad/") + dir))) {
      ++files;
      auto r = pgtest::readAll(f.path());
      ASSERT_FALSE(r.errors.empty()) << f.path() << " was read without error";
      for (const auto& e : r.errors) {
        EXPECT_NE(e.message().find(f.path().string()), std::string::npos) << e.toString();
        EXPECT_NE(e.code(), papergraph::StatusCode::kInternal) << e.toString();
      }
      if (f.path().filename() != "one_bad_line.jsonl") {
        EXPECT_TRUE(r.papers.empty()) << f.path();
      }
    }
  }
  EXPECT_GE(files, 35u);
}

TEST(RegistryTest, TextReadersKeepTheFileAsText) {
  pgtest::TempDir tmp;
  auto md = tmp / "p.md";
  pgtest::writeFile(md, "# Title\n\nCaf\xC3\xA9 text.\n\n## 1 Method\n\nMore.\n");
  auto p = pgtest::readOne(md);
  EXPECT_TRUE(p.text_is_source);
  pgtest::expectConsistent(p, md);
  EXPECT_EQ(p.title, "Title");
  auto bad = pgtest::readAll(pgtest::fixture("bad/text/nul_byte.md"));
  ASSERT_EQ(bad.errors.size(), 1u);
  EXPECT_NE(bad.errors[0].message().find("NUL byte at byte 25"), std::string::npos);
}

// Inputs that crashed or hung a fuzz target once: each reader must take
// them without crashing (an error is fine).
TEST(RegistryTest, FuzzRegressionsDoNotCrash) {
  fs::path root = pgtest::sourceDir() / "tests" / "fuzz" / "regressions";
  if (!fs::exists(root)) GTEST_SKIP() << "no regression inputs";
  std::map<std::string, std::unique_ptr<papergraph::Reader>> by_dir;
  by_dir["pdf"] = papergraph::makePdfReader();
  by_dir["tei"] = papergraph::makeTeiReader();
  by_dir["jats"] = papergraph::makeJatsReader();
  by_dir["s2orc"] = papergraph::makeS2orcReader();
  by_dir["markdown"] = papergraph::makeMarkdownReader();
  by_dir["text"] = papergraph::makeTextReader();
  by_dir["references"] = papergraph::makeMarkdownReader();
  size_t n = 0;
  for (const auto& f : fs::recursive_directory_iterator(root)) {
    if (!f.is_regular_file()) continue;
    auto it = by_dir.find(f.path().parent_path().filename().string());
    if (it == by_dir.end()) continue;
    std::string bytes = pgtest::readFile(f.path());
    it->second->read(f.path().string(), bytes, [&](papergraph::StatusOr<papergraph::Paper> p) {
      if (p.isOk()) pgtest::expectConsistent(p.value(), f.path());
    });
    ++n;
  }
  std::cout << "[ fuzz     ] " << n << " regression inputs\n";
}

}  // namespace
