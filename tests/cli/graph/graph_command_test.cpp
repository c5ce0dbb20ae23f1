// `papergraph graph` and `papergraph resolve` end to end: the graph built
// from papers equals the graph built from their records, every format is
// written (atomically, to -o, or streamed to stdout), a write that fails
// part way leaves the old file and no temporary, bad records fail cleanly,
// --explain explains.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "test_support.hpp"

namespace fs = std::filesystem;
using pgtest::papergraph;
using pgtest::shellQuote;

namespace {

// The fixture "words" plugin and the fixture catalog.
std::string setup(const std::string& words) {
  return "--plugin-dir " + shellQuote(pgtest::env("PAPERGRAPH_FIXTURE_PLUGIN_DIR") + "/words") +
         " --plugins words --set " + shellQuote("words.words=" + words) + " --data-dir " +
         shellQuote((pgtest::sourceDir() / "tests" / "fixtures" / "catalog").string()) + " ";
}

std::set<std::string> lines(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) out.insert(l);
  return out;
}

const std::string kWords = "CIFAR-10,CIFAR-100,ImageNet,SNLI,Cora,WMT 2014,COCO";

TEST(GraphCommand, GraphFromPapersEqualsGraphFromTheirRecords) {
  pgtest::TempDir out;
  auto papers = (pgtest::sourceDir() / "examples" / "papers").string();
  auto ex = papergraph(setup(kWords) + "extract " + shellQuote(papers) + " -o " + shellQuote((out / "rec").string()));
  ASSERT_EQ(ex.exit_code, 0) << ex.err;
  auto a = papergraph(setup(kWords) + "graph " + shellQuote(papers) + " --format ntriples -o " +
                      shellQuote((out / "a.nt").string()));
  ASSERT_EQ(a.exit_code, 0) << a.err;
  auto b = papergraph(setup(kWords) + "graph " + shellQuote((out / "rec").string()) + " --format ntriples -o " +
                      shellQuote((out / "b.nt").string()));
  ASSERT_EQ(b.exit_code, 0) << b.err;
  auto ta = lines(pgtest::readFile(out / "a.nt")), tb = lines(pgtest::readFile(out / "b.nt"));
  EXPECT_GT(ta.size(), 20u);
  EXPECT_EQ(ta, tb);
  EXPECT_NE(b.err.find("records, 0 paper files"), std::string::npos) << b.err;
}

TEST(GraphCommand, WritesEveryFormat) {
  pgtest::TempDir out;
  auto papers = (pgtest::sourceDir() / "examples" / "papers").string();
  for (const char* f : {"turtle", "ntriples", "nquads", "rdfxml", "graphml", "dot"}) {
    auto r = papergraph(setup(kWords) + "-q graph " + shellQuote(papers) + " --format " + f + " -o " +
                        shellQuote((out / (std::string("g.") + f)).string()));
    ASSERT_EQ(r.exit_code, 0) << f << ": " << r.err;
    EXPECT_GT(fs::file_size(out / (std::string("g.") + f)), 500u) << f;
  }
  if (pgtest::run("command -v rapper").exit_code == 0) {
    auto r = pgtest::run("rapper -c -i turtle " + shellQuote((out / "g.turtle").string()));
    EXPECT_EQ(r.exit_code, 0) << r.err;
  }
  // Nothing but the outputs: the atomic writes left no temporary files.
  size_t files = 0;
  for (const auto& f : fs::directory_iterator(out.path())) files += f.is_regular_file();
  EXPECT_EQ(files, 6u);
  auto bad = papergraph(setup(kWords) + "graph " + shellQuote(papers) + " --format json-ld");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("unknown --format 'json-ld'"), std::string::npos) << bad.err;
}

TEST(GraphCommand, StdoutGetsWhatTheFileGets) {
  pgtest::TempDir out;
  auto papers = (pgtest::sourceDir() / "examples" / "papers").string();
  for (const char* f : {"turtle", "nquads", "rdfxml"}) {
    auto file = papergraph(setup(kWords) + "-q graph -j 1 " + shellQuote(papers) + " --format " + f + " -o " +
                           shellQuote((out / "g").string()));
    ASSERT_EQ(file.exit_code, 0) << file.err;
    auto piped = papergraph(setup(kWords) + "-q graph -j 1 " + shellQuote(papers) + " --format " + f);
    ASSERT_EQ(piped.exit_code, 0) << piped.err;
    EXPECT_GT(piped.out.size(), 500u) << f;
    EXPECT_EQ(piped.out, pgtest::readFile(out / "g")) << f;
  }
}

TEST(GraphCommand, AWriteThatFailsPartWayLeavesTheOldFileAndNoTemporary) {
  pgtest::TempDir out;
  auto papers = (pgtest::sourceDir() / "examples" / "papers").string();
  const auto target = out / "g.nt";
  pgtest::writeFile(target, "old\n");
  // A file size limit of 512 bytes (sh counts 512-byte blocks) stands for a
  // full disk: the output is larger, so a write fails part way.
  auto r = pgtest::run("trap '' XFSZ; ulimit -f 1; exec " + shellQuote(pgtest::env("PAPERGRAPH_EXE")) + " " +
                       setup(kWords) + "-q graph " + shellQuote(papers) + " --format ntriples -o " +
                       shellQuote(target.string()));
  EXPECT_EQ(r.exit_code, 3) << r.err;
  EXPECT_NE(r.err.find("papergraph: error: " + target.string() + ": write failed (File too large)"), std::string::npos)
      << r.err;
  EXPECT_EQ(pgtest::readFile(target), "old\n");
  size_t files = 0;
  for (const auto& f : fs::directory_iterator(out.path())) files += f.is_regular_file();
  EXPECT_EQ(files, 1u);
  // Without the limit the same command writes the whole graph.
  auto whole = papergraph(setup(kWords) + "-q graph " + shellQuote(papers) + " --format ntriples -o " +
                          shellQuote(target.string()));
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  EXPECT_GT(fs::file_size(target), 512u);
}

TEST(GraphCommand, ABrokenRecordIsReportedAndTheRestStillCounts) {
  pgtest::TempDir in;
  pgtest::writeFile(in / "good.json",
                    R"({"schema": "papergraph-record/1", "paper": {"id": "g", "source": "g.md", "format": "markdown",
                    "title": "G", "text_ref": "source"}, "datasets": [{"id": "https://w3id.org/papergraph/dataset/cora",
                    "title": "Cora", "catalog_id": "cora", "role": "used", "confidence": 0.9, "mentions": [{"start": 0,
                    "end": 4, "text": "Cora", "extractor": "x", "confidence": 0.9}]}], "tasks": [], "bibliography": []})");
  pgtest::writeFile(in / "bad.json", R"({"schema": "papergraph-record/1", "paper": {"id": "b"}, "datasets": [{"id": "x",
                    "mentions": [{"start": "zero"}]}]})");
  auto r = papergraph(setup(kWords) + "graph " + shellQuote(in.path().string()) + " --format ntriples");
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_NE(r.err.find((in / "bad.json").string() + ": a mention of  has no numeric start/end"), std::string::npos)
      << r.err;
  EXPECT_NE(r.out.find("<https://w3id.org/papergraph/paper/g> <http://purl.org/spar/cito/usesDataFrom> "
                       "<https://w3id.org/papergraph/dataset/cora>"),
            std::string::npos)
      << r.out;
}

TEST(ResolveCommand, ExplainShowsWhyANameLandsOnItsNode) {
  auto r = papergraph(setup(kWords) + "resolve Omniglott --explain 'the ImageNet-2012 dataset' 'WMT14 En-De'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("the ImageNet-2012 dataset -> https://w3id.org/papergraph/dataset/ilsvrc-2012"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("2. catalog name after dropping generic words/plural"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("related: version-of https://w3id.org/papergraph/dataset/imagenet"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Omniglott\thttps://w3id.org/papergraph/dataset/omniglot"), std::string::npos) << r.out;
  auto usage = papergraph(setup(kWords) + "resolve");
  EXPECT_EQ(usage.exit_code, 2);
}

}  // namespace
