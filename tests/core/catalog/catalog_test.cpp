// Loading the catalog: good files index every name; bad files are refused
// with file and line; newer format versions are refused.
#include <gtest/gtest.h>

#include <filesystem>

#include "catalog/catalog.hpp"
#include "test_support.hpp"

namespace papergraph {
namespace {

namespace fs = std::filesystem;

fs::path miniOntology() { return pgtest::sourceDir() / "tests/fixtures/ontology-mini"; }
fs::path badCatalog(const std::string& name) {
  return pgtest::sourceDir() / "tests/fixtures/bad/catalog" / name;
}

std::shared_ptr<Catalog> loadMini() {
  auto loaded = Catalog::loadBuiltin(miniOntology().string());
  EXPECT_TRUE(loaded.isOk()) << loaded.status().toString();
  return loaded.isOk() ? loaded.value() : std::make_shared<Catalog>();
}

TEST(CatalogTest, LoadsDatasetsAndTasks) {
  auto c = loadMini();
  EXPECT_EQ(c->datasets().size(), 19u);
  EXPECT_EQ(c->tasks().size(), 3u);
  const CatalogDataset* d = c->dataset("ilsvrc-2012");
  ASSERT_NE(d, nullptr);
  EXPECT_EQ(d->version_of, "imagenet");
  EXPECT_EQ(d->version, "2012");
  EXPECT_EQ(d->source_line, 6);
  EXPECT_NE(d->source_file.find("mini.jsonl"), std::string::npos);
  EXPECT_EQ(c->dataset("no-such-id"), nullptr);
  EXPECT_NE(c->task("machine-translation"), nullptr);
  EXPECT_TRUE(c->warnings().empty());
}

TEST(CatalogTest, LookupByAnySpelling) {
  auto c = loadMini();
  auto hits = c->lookupDataset("cifar10");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].id, "cifar-10");
  EXPECT_FALSE(hits[0].ambiguous);
  hits = c->lookupDataset("CIFAR");  // CIFAR-10 or CIFAR-100
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_TRUE(hits[0].ambiguous && hits[1].ambiguous);
  hits = c->lookupDataset("Stanford question answering dataset");
  ASSERT_EQ(hits.size(), 1u);
  EXPECT_EQ(hits[0].id, "squad");
  EXPECT_EQ(c->lookupDataset("CIFAR-100")[0].id, "cifar-100");
  EXPECT_TRUE(c->lookupDataset("CIFAR-1000").empty());
  ASSERT_EQ(c->lookupTask("machine translation").size(), 1u);
}

TEST(CatalogTest, VersionChains) {
  auto c = loadMini();
  EXPECT_EQ(c->rootOf("ilsvrc-2012"), "imagenet");
  EXPECT_EQ(c->rootOf("imagenet"), "imagenet");
  EXPECT_EQ(c->rootOf("wmt14-en-de"), "wmt14");
  const std::vector<std::string> chain = {"squad-2-0", "squad"};
  EXPECT_EQ(c->chainOf("squad-2-0"), chain);
}

// Each bad file is refused as bad input naming the file and the line.
struct BadCase {
  const char* file;
  int line;
  const char* words;
};

class BadCatalogTest : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadCatalogTest, RefusedWithFileAndLine) {
  const BadCase& b = GetParam();
  Catalog c;
  const fs::path path = badCatalog(b.file);
  ASSERT_TRUE(fs::exists(path)) << path;
  Status s = c.addFile(path.string(), false);
  ASSERT_FALSE(s.isOk()) << b.file;
  EXPECT_EQ(s.code(), StatusCode::kBadInput) << s.toString();
  EXPECT_NE(s.message().find(path.string() + ":" + std::to_string(b.line) + ":"), std::string::npos)
      << s.toString();
  EXPECT_NE(s.message().find(b.words), std::string::npos) << s.toString();
  EXPECT_TRUE(c.datasets().empty()) << "a refused file must leave the catalog unchanged";
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, BadCatalogTest,
    ::testing::Values(BadCase{"no_header.jsonl", 2, "missing header"},
                      BadCase{"truncated_json.jsonl", 5, "not valid JSON"},
                      BadCase{"missing_title.jsonl", 3, "missing required field \"title\""},
                      BadCase{"bad_id.jsonl", 2, "not a slug"},
                      BadCase{"aliases_not_list.jsonl", 3, "\"aliases\" must be a list"},
                      BadCase{"introduced_by_not_object.jsonl", 3, "\"introduced_by\" must be an object"},
                      BadCase{"duplicate_id.jsonl", 4, ":2)"},
                      BadCase{"not_object.jsonl", 2, "expected a JSON object"}));

TEST(CatalogTest, NewerFormatVersionRefused) {
  for (const char* name : {"newer_version.jsonl", "tasks_newer_version.jsonl"}) {
    Catalog c;
    Status s = c.addFile(badCatalog(name).string(), false);
    ASSERT_FALSE(s.isOk()) << name;
    EXPECT_EQ(s.code(), StatusCode::kUnsupported) << s.toString();
    EXPECT_NE(s.message().find("newer than this build reads"), std::string::npos) << s.toString();
    EXPECT_NE(s.message().find(":1:"), std::string::npos) << s.toString();
  }
}

TEST(CatalogTest, DuplicateIdAcrossBuiltinFilesNamesBothPlaces) {
  pgtest::TempDir tmp;
  pgtest::writeFile(tmp / "catalog/a.jsonl",
                    "{\"format\": \"papergraph-catalog\", \"version\": 1}\n{\"id\": \"mnist\", \"title\": \"MNIST\"}\n");
  pgtest::writeFile(tmp / "catalog/b.jsonl",
                    "{\"format\": \"papergraph-catalog\", \"version\": 1}\n\n{\"id\": \"mnist\", \"title\": \"M\"}\n");
  auto loaded = Catalog::loadBuiltin(tmp.path().string());
  ASSERT_FALSE(loaded.isOk());
  const std::string m = loaded.status().message();
  EXPECT_NE(m.find((tmp / "catalog/b.jsonl").string() + ":3:"), std::string::npos) << m;
  EXPECT_NE(m.find((tmp / "catalog/a.jsonl").string() + ":2"), std::string::npos) << m;
}

TEST(CatalogTest, UserCatalogReplacesAndAdds) {
  auto c = loadMini();
  pgtest::TempDir tmp;
  pgtest::writeFile(tmp / "mine.jsonl",
                    "{\"format\": \"papergraph-catalog\", \"version\": 1}\n"
                    "{\"id\": \"mnist\", \"title\": \"MNIST digits\", \"aliases\": [\"LeCun digits\"]}\n"
                    "{\"id\": \"my-data\", \"title\": \"My Data\"}\n");
  ASSERT_TRUE(c->addFile((tmp / "mine.jsonl").string(), true).isOk());
  EXPECT_EQ(c->datasets().size(), 20u);
  EXPECT_EQ(c->dataset("mnist")->title, "MNIST digits");
  EXPECT_EQ(c->lookupDataset("lecun digits")[0].id, "mnist");
  EXPECT_TRUE(c->lookupDataset("MNIST").empty());  // the replaced entry's names are gone
  // Without replace the same file is refused.
  Status s = c->addFile((tmp / "mine.jsonl").string(), false);
  EXPECT_FALSE(s.isOk());
}

TEST(CatalogTest, WarnsAboutUnknownFieldsAndParents) {
  pgtest::TempDir tmp;
  pgtest::writeFile(tmp / "w.jsonl",
                    "{\"format\": \"papergraph-catalog\", \"version\": 1}\n"
                    "{\"id\": \"x\", \"title\": \"X\", \"alais\": [\"Y\"], \"version_of\": \"nope\"}\n");
  Catalog c;
  ASSERT_TRUE(c.addFile((tmp / "w.jsonl").string(), false).isOk());
  const auto w = c.warnings();
  ASSERT_EQ(w.size(), 2u);
  EXPECT_NE(w[0].find("unknown field \"alais\""), std::string::npos);
  EXPECT_NE(w[1].find("unknown dataset \"nope\""), std::string::npos);
}

TEST(CatalogTest, ImportsPapersWithCode) {
  pgtest::TempDir tmp;
  pgtest::writeFile(tmp / "pwc.json", R"([
    {"name": "CIFAR-10", "full_name": "Canadian Institute for Advanced Research 10",
     "variants": ["CIFAR-10", "CIFAR10", "Cifar 10 dataset"], "homepage": "https://example.org/cifar",
     "introduced_date": "2009-04-08", "paper": {"title": "Learning Multiple Layers", "url": "https://example.org/p"},
     "modalities": ["Images"], "languages": [], "tasks": [{"task": "Image Classification"}],
     "description": "Sixty thousand images. In ten classes. More text here."},
    {"name": "CIFAR 10", "languages": ["English", "Klingon"]}
  ])");
  auto text = Catalog::importPapersWithCode((tmp / "pwc.json").string());
  ASSERT_TRUE(text.isOk()) << text.status().toString();
  pgtest::writeFile(tmp / "out.jsonl", *text);
  Catalog c;
  Status s = c.addFile((tmp / "out.jsonl").string(), false);
  ASSERT_TRUE(s.isOk()) << s.toString() << "\n" << *text;
  ASSERT_EQ(c.datasets().size(), 2u);
  const CatalogDataset& d = c.datasets()[0];
  EXPECT_EQ(d.id, "cifar-10");
  EXPECT_EQ(d.full_name, "Canadian Institute for Advanced Research 10");
  EXPECT_EQ(d.aliases, std::vector<std::string>{"Cifar 10 dataset"});
  EXPECT_EQ(d.issued, "2009");
  EXPECT_EQ(d.landing_page, "https://example.org/cifar");
  EXPECT_EQ(d.modality, std::vector<std::string>{"image"});
  EXPECT_EQ(d.tasks, std::vector<std::string>{"image classification"});
  EXPECT_EQ(d.introduced_by.title, "Learning Multiple Layers");
  EXPECT_EQ(d.description, "Sixty thousand images. In ten classes.");
  EXPECT_EQ(c.datasets()[1].id, "cifar-10-2");
  EXPECT_EQ(c.datasets()[1].language, std::vector<std::string>{"en"});
}

TEST(CatalogTest, ImportRefusesWhatIsNotAList) {
  pgtest::TempDir tmp;
  pgtest::writeFile(tmp / "pwc.json", "{\"name\": \"x\"}");
  EXPECT_FALSE(Catalog::importPapersWithCode((tmp / "pwc.json").string()).isOk());
  pgtest::writeFile(tmp / "broken.json", "[{\"name\": ");
  EXPECT_FALSE(Catalog::importPapersWithCode((tmp / "broken.json").string()).isOk());
  EXPECT_FALSE(Catalog::importPapersWithCode((tmp / "missing.json").string()).isOk());
}

}  // namespace
}  // namespace papergraph
