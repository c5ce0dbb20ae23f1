// Cross-paper resolution: the table of hard pairs (same / version-of /
// variant-of / different) that must all come out right, deterministic ids,
// explanations, and per-paper merging of abbreviations and near-identical
// names. Uses the fixture catalog in tests/fixtures/catalog.
#include <gtest/gtest.h>

#include <map>

#include "resolve/resolve.hpp"
#include "test_support.hpp"

namespace papergraph {
namespace {

std::shared_ptr<const Catalog> fixtureCatalog() {
  static auto cat = [] {
    auto c = Catalog::loadBuiltin((pgtest::sourceDir() / "tests" / "fixtures" / "catalog").string());
    EXPECT_TRUE(c.isOk()) << c.status().message();
    return c.isOk() ? std::shared_ptr<const Catalog>(*c) : nullptr;
  }();
  return cat;
}

Resolver& resolver() {
  static Resolver r([] {
    ResolveOptions o;
    o.catalog = fixtureCatalog();
    return o;
  }());
  return r;
}

struct Pair {
  const char* a;
  const char* b;
  Relation expected;  // how a relates to b
};

constexpr Relation S = Relation::kSame, V = Relation::kVersionOf, A = Relation::kVariantOf, D = Relation::kDifferent;

const Pair kHardPairs[] = {
    // Spelling variants of one dataset.
    {"CIFAR-10", "CIFAR10", S},
    {"CIFAR-10", "cifar 10", S},
    {"CIFAR-10", "CIFAR-10 dataset", S},
    {"CIFAR-10", "the CIFAR-10 data set", S},
    {"CIFAR\xe2\x80\x93" "10", "CIFAR-10", S},  // en dash
    {"ImageNet-2012", "ILSVRC 2012", S},
    {"ILSVRC-12", "ILSVRC 2012", S},
    {"ImageNet-1k", "ILSVRC 2012", S},
    {"ImageNet dataset", "ImageNet", S},
    {"WMT'14", "WMT14", S},
    {"WMT 2014", "WMT14", S},
    {"WMT 2014 English-German", "WMT14 En-De", S},
    {"WMT14 en\xe2\x80\x93" "de", "WMT14 En-De", S},
    {"SQuAD v1.1", "SQuAD 1.1", S},
    {"SQuAD1.1", "SQuAD 1.1", S},
    {"Stanford Question Answering Dataset", "SQuAD", S},
    {"Penn Tree Bank", "Penn Treebank", S},
    {"Penn Treebank corpus", "Penn Treebank", S},
    {"MS-COCO", "MSCOCO", S},
    {"Microsoft Common Objects in Context", "MS COCO", S},
    {"Stanford Natural Language Inference", "SNLI", S},
    {"MNLI", "MultiNLI", S},
    {"Cityscape", "Cityscapes", S},            // plural
    {"Omniglott", "Omniglot", S},              // fuzzy: one edit in 9
    {"Wikitext103", "WikiText-103", S},
    {"CoNLL03", "CoNLL-2003", S},
    {"Fashion MNIST", "Fashion-MNIST", S},
    {"Citeseer dataset", "CiteSeer", S},
    {"PASCAL-VOC-2007", "PASCAL VOC 2007", S},
    {"Shapenet", "ShapeNet", S},
    {"Kitti", "KITTI", S},
    {"Stanford Sentiment Treebank 2", "SST-2", S},
    {"Cityscapes test set", "Cityscapes", S},
    {"FooBench corpus", "FooBench", S},        // unseen names: same slug
    {"Quux-Faces", "QuuxFaces", S},
    {"ZebraNets", "ZebraNet dataset", S},
    {"Multi30k", "Multi30K", S},
    // Versions: related nodes, never merged.
    {"ILSVRC 2012", "ImageNet", V},
    {"ImageNet-2012", "ImageNet", V},
    {"WMT14", "WMT", V},
    {"WMT 2016", "WMT", V},
    {"SQuAD 1.1", "SQuAD", V},
    {"SQuAD 2.0", "Stanford Question Answering Dataset", V},
    {"PASCAL VOC 2012", "PASCAL VOC", V},
    {"FooBench 2.0", "FooBench", V},           // unseen: dotted version
    {"FooBench v3", "FooBench", V},
    {"BarCorpus 2019", "BarCorpus", V},        // unseen: year
    {"Omniglott 2.0", "Omniglot", V},          // unseen version of a catalog dataset (fuzzy base)
    // Variants: subsets, language pairs, derived sets.
    {"WMT14 En-De", "WMT14", A},
    {"WMT 2014 English-French", "WMT14", A},
    {"WMT14 En-De", "WMT", A},                 // through the version chain
    {"miniImageNet", "ImageNet", A},
    {"Tiny ImageNet", "ImageNet", A},
    {"EMNIST", "MNIST", A},
    {"FooBench En-De", "FooBench", A},         // unseen language pair
    // Different datasets that look alike.
    {"CIFAR-10", "CIFAR-100", D},
    {"CIFAR10", "CIFAR100", D},
    {"WMT14", "WMT16", D},
    {"WMT'14", "WMT 2016", D},
    {"SQuAD 1.1", "SQuAD 2.0", D},
    {"SQuAD v1.1", "SQuAD2.0", D},
    {"WMT14 En-De", "WMT14 En-Fr", D},
    {"WMT 2014 English-German", "WMT 2014 English-French", D},
    {"SST-2", "SST-5", D},
    {"WikiText-2", "WikiText-103", D},
    {"MNIST", "Fashion-MNIST", D},
    {"MNIST", "EMNIST", D},                    // the parent is not a variant of its variant
    {"ImageNet", "Tiny ImageNet", D},
    {"Cora", "CiteSeer", D},
    {"Cora", "Core", D},                       // too short for the fuzzy step
    {"PASCAL VOC 2007", "PASCAL VOC 2012", D},
    {"FooBench 2.0", "FooBench 3.0", D},
    {"FooBench En-De", "FooBench De-En", D},
    {"KITTI-360", "KITTI", D},
    {"IWSLT14 De-En", "IWSLT15 De-En", D},
    {"ResNet-50", "ResNet-101", D},
    {"Omniglot", "Omnigloss", D},             // two edits in 9 bytes: 0.78 < threshold
    {"PTB", "Penn Treebank", D},               // ambiguous out of context; merged only inside a paper
};

TEST(Resolver, HardPairTableComesOutRight) {
  ASSERT_TRUE(fixtureCatalog());
  size_t n = 0, wrong = 0;
  for (const auto& p : kHardPairs) {
    Relation got = resolver().relate(p.a, p.b);
    ++n;
    if (got != p.expected) {
      ++wrong;
      Resolution ra = resolver().resolve(Kind::kDataset, p.a), rb = resolver().resolve(Kind::kDataset, p.b);
      std::string why;
      for (const auto& s : ra.steps) why += "\n    a: " + s;
      for (const auto& s : rb.steps) why += "\n    b: " + s;
      ADD_FAILURE() << "\"" << p.a << "\" vs \"" << p.b << "\": expected " << relationName(p.expected) << ", got "
                    << relationName(got) << " (a=" << ra.local << " parent " << ra.parent << ", b=" << rb.local
                    << ")" << why;
    }
  }
  EXPECT_GE(n, 60u);
  EXPECT_EQ(wrong, 0u);
}

TEST(Resolver, IdsAreCatalogIdsElseSlugsAndTheSameInEveryRun) {
  ResolveOptions o;
  o.catalog = fixtureCatalog();
  Resolver again(o);
  for (const auto& p : kHardPairs) {
    EXPECT_EQ(resolver().resolve(Kind::kDataset, p.a).local, again.resolve(Kind::kDataset, p.a).local) << p.a;
  }
  EXPECT_EQ(resolver().resolve(Kind::kDataset, "CIFAR10").local, "cifar-10");
  EXPECT_EQ(resolver().resolve(Kind::kDataset, "FooBench corpus").local, "foobench");
  EXPECT_EQ(resolver().iri(Kind::kDataset, "cifar-10"), "https://w3id.org/papergraph/dataset/cifar-10");
  // Without a catalog the same unseen name gets the same slug.
  Resolver bare(ResolveOptions{});
  EXPECT_EQ(bare.resolve(Kind::kDataset, "Quux-Faces dataset").local,
            resolver().resolve(Kind::kDataset, "QuuxFaces").local);
}

TEST(Resolver, ExplainNamesEveryStep) {
  Resolution r = resolver().resolve(Kind::kDataset, "Omniglott");
  ASSERT_EQ(r.local, "omniglot");
  std::string all;
  for (const auto& s : r.steps) all += s + "\n";
  EXPECT_NE(all.find("1. no catalog name"), std::string::npos) << all;
  EXPECT_NE(all.find("3. fuzzy: similar to catalog name \"Omniglot\""), std::string::npos) << all;
  Resolution v = resolver().resolve(Kind::kDataset, "FooBench 2.0");
  EXPECT_EQ(v.parent, "foobench");
  EXPECT_EQ(v.parent_relation, Relation::kVersionOf);
}

Evidence ev(size_t start, const std::string& text, std::map<std::string, std::string> attrs = {}) {
  Evidence e;
  e.start = start;
  e.end = start + text.size();
  e.text = text;
  e.confidence = 0.9f;
  e.sources.push_back({"rules", 0.9f, text});
  e.attributes = std::move(attrs);
  return e;
}

Entity dataset(const std::string& name, std::vector<Evidence> mentions) {
  Entity e;
  e.kind = Kind::kDataset;
  e.name = name;
  e.key = normalizeName(name);
  e.mentions = std::move(mentions);
  for (const auto& m : e.mentions)
    for (const auto& [k, v] : m.attributes) e.attributes.emplace(k, v);
  return e;
}

TEST(Resolver, PaperMergesNearIdenticalUnseenNamesButNotNumbers) {
  PaperResult r;
  r.paper.id = "p";
  r.entities.push_back(dataset("MegaDepth", {ev(0, "MegaDepth"), ev(50, "MegaDepth")}));
  r.entities.push_back(dataset("MegaDepht", {ev(20, "MegaDepht")}));    // a typo in the paper
  r.entities.push_back(dataset("FooNet-10", {ev(80, "FooNet-10")}));
  r.entities.push_back(dataset("FooNet-100", {ev(100, "FooNet-100")}));
  r.entities.push_back(dataset("CIFAR10", {ev(120, "CIFAR10")}));
  r.entities.push_back(dataset("CIFAR-10 dataset", {ev(140, "CIFAR-10 dataset")}));
  resolver().resolvePaper(r);
  ASSERT_EQ(r.entities.size(), 4u);
  EXPECT_EQ(r.entities[0].id, resolver().iri(Kind::kDataset, "megadepth"));
  EXPECT_EQ(r.entities[0].mentions.size(), 3u);
  EXPECT_NE(r.entities[1].id, r.entities[2].id);
  EXPECT_EQ(r.entities[3].catalog_id, "cifar-10");
  EXPECT_EQ(r.entities[3].name, "CIFAR-10");
  EXPECT_EQ(r.entities[3].mentions.size(), 2u);
}

TEST(Resolver, AbbreviationDefinedInAPaperResolvesThroughItsExpansionAndLinksSameAs) {
  PaperResult r;
  r.paper.id = "p";
  // "Grape Leaf Corpus (GLC)": merge put both spans in one entity named by
  // the abbreviation; the expansion is an attribute.
  r.entities.push_back(dataset("GLC", {ev(0, "Grape Leaf Corpus", {{"abbreviation", "GLC"},
                                                                    {"expansion", "Grape Leaf Corpus"}}),
                                       ev(19, "GLC")}));
  // "Penn Treebank (PTB)": the ambiguous abbreviation lands on the catalog
  // entry through its expansion.
  r.entities.push_back(dataset("PTB", {ev(40, "PTB", {{"abbreviation", "PTB"}, {"expansion", "Penn Treebank"}})}));
  resolver().resolvePaper(r);
  ASSERT_EQ(r.entities.size(), 2u);
  EXPECT_EQ(r.entities[1].catalog_id, "penn-treebank");
  auto links = resolver().sameAsLinks(r);
  // GLC's own slug is linked to the entity's id (whichever name won).
  bool glc = false;
  for (const auto& [a, b] : links) glc |= (a.find("/glc") != std::string::npos || b.find("/glc") != std::string::npos);
  EXPECT_TRUE(glc);
  for (const auto& [a, b] : links) EXPECT_NE(a, b);
}

TEST(Resolver, BareLanguagePairsAndFamilyNamesJoinTheOneDatasetThePaperUses) {
  PaperResult r;
  r.paper.id = "p";
  r.entities.push_back(dataset("WMT 2014 English-German", {ev(0, "WMT 2014 English-German")}));
  r.entities.push_back(dataset("English\xe2\x86\x92German", {ev(40, "English\xe2\x86\x92German")}));
  r.entities.push_back(dataset("English-French", {ev(60, "English-French")}));  // no En-Fr dataset here
  r.entities.push_back(dataset("PASCAL VOC", {ev(80, "PASCAL VOC")}));
  r.entities.push_back(dataset("PASCAL VOC 2007", {ev(100, "PASCAL VOC 2007")}));
  r.entities.push_back(dataset("ImageNet", {ev(120, "ImageNet")}));
  r.entities.push_back(dataset("miniImageNet", {ev(140, "miniImageNet")}));  // a variant: ImageNet stays
  resolver().resolvePaper(r);
  std::map<std::string, size_t> mentions;
  for (const auto& e : r.entities) mentions[e.id.substr(e.id.rfind('/') + 1)] = e.mentions.size();
  EXPECT_EQ(mentions["wmt14-en-de"], 2u);
  EXPECT_EQ(mentions["englishfrench"], 1u);
  EXPECT_EQ(mentions["pascal-voc-2007"], 2u);
  EXPECT_EQ(mentions.count("pascal-voc"), 0u);
  EXPECT_EQ(mentions["imagenet"], 1u);
  EXPECT_EQ(mentions["mini-imagenet"], 1u);

  // Two versions in one paper: the family name stays on its own.
  PaperResult two;
  two.paper.id = "q";
  two.entities.push_back(dataset("PASCAL VOC", {ev(0, "PASCAL VOC")}));
  two.entities.push_back(dataset("PASCAL VOC 2007", {ev(20, "PASCAL VOC 2007")}));
  two.entities.push_back(dataset("PASCAL VOC 2012", {ev(40, "PASCAL VOC 2012")}));
  resolver().resolvePaper(two);
  EXPECT_EQ(two.entities.size(), 3u);
}

TEST(Resolver, ElidedVersionsContinueTheDatasetNamedJustBefore) {
  // "PASCAL VOC 2007 and 2012 benchmarks", "CIFAR-10 / 100": the bare number
  // is the next version of the name before it.
  const std::string text = "on PASCAL VOC 2007 and 2012 benchmarks. On CIFAR-10 / 100 we train. In 2012 datasets";
  PaperResult r;
  r.paper.id = "p";
  r.paper.text = text;
  auto at = [&](const std::string& s, size_t from = 0) { return text.find(s, from); };
  r.entities.push_back(dataset("PASCAL VOC 2007", {ev(at("PASCAL VOC 2007"), "PASCAL VOC 2007")}));
  r.entities.push_back(dataset("2012", {ev(at("2012 benchmarks"), "2012 benchmarks")}));
  r.entities.push_back(dataset("CIFAR-10", {ev(at("CIFAR-10"), "CIFAR-10")}));
  r.entities.push_back(dataset("100", {ev(at("100 we"), "100")}));
  // No dataset right before it: a number names nothing and is dropped.
  r.entities.push_back(dataset("2012", {ev(at("2012 datasets"), "2012 datasets")}));
  resolver().resolvePaper(r);
  std::map<std::string, const Entity*> by;
  for (const auto& e : r.entities) by[e.id.substr(e.id.rfind('/') + 1)] = &e;
  ASSERT_EQ(r.entities.size(), 4u);
  ASSERT_TRUE(by.count("pascal-voc-2012"));
  EXPECT_EQ(by["pascal-voc-2012"]->attributes.at("elided_from"), "2012");
  EXPECT_EQ(by["pascal-voc-2012"]->mentions.front().text, "2012 benchmarks");
  ASSERT_TRUE(by.count("cifar-100"));
  EXPECT_EQ(by["cifar-100"]->catalog_id, "cifar-100");
  EXPECT_TRUE(by.count("pascal-voc-2007") && by.count("cifar-10"));
}

TEST(Resolver, SettingsAndSplitsAreNoDatasets) {
  PaperResult r;
  r.paper.id = "p";
  r.paper.text = std::string(200, ' ');
  r.entities.push_back(dataset("5-shot", {ev(0, "5-shot")}));
  r.entities.push_back(dataset("few-shot", {ev(20, "few-shot")}));
  r.entities.push_back(dataset("test split", {ev(40, "test split")}));
  r.entities.push_back(dataset("Set5", {ev(60, "Set5")}));
  r.entities.push_back(dataset("WIDER FACE", {ev(80, "WIDER FACE")}));
  resolver().resolvePaper(r);
  ASSERT_EQ(r.entities.size(), 2u);
  EXPECT_EQ(r.entities[0].name, "Set5");
  EXPECT_EQ(r.entities[1].name, "WIDER FACE");
}

TEST(Resolver, AFamilyNameSentToItsVersionTakesTheVersionsNameAndCatalogId) {
  // "SQuAD" comes first in the paper, but its mentions join the one version
  // used; the merged entity is that version, not the family.
  PaperResult r;
  r.paper.id = "p";
  r.entities.push_back(dataset("SQuAD", {ev(0, "SQuAD"), ev(30, "SQuAD")}));
  r.entities.push_back(dataset("SQuAD 1.1", {ev(60, "SQuAD 1.1")}));
  resolver().resolvePaper(r);
  ASSERT_EQ(r.entities.size(), 1u);
  EXPECT_EQ(r.entities[0].id, resolver().iri(Kind::kDataset, "squad-1-1"));
  EXPECT_EQ(r.entities[0].catalog_id, "squad-1-1");
  EXPECT_EQ(r.entities[0].name, resolver().resolve(Kind::kDataset, "SQuAD 1.1").title);
  EXPECT_EQ(r.entities[0].mentions.size(), 3u);
}

TEST(Resolver, ABareLanguagePairNamesTheCatalogPartOfTheOneDatasetUsed) {
  // "We use WMT 2014 ... on English-French": the pair names WMT 2014's part.
  PaperResult r;
  r.paper.id = "p";
  r.entities.push_back(dataset("WMT 2014", {ev(0, "WMT 2014")}));
  r.entities.push_back(dataset("French-English", {ev(40, "French-English")}));
  resolver().resolvePaper(r);
  ASSERT_EQ(r.entities.size(), 2u);
  EXPECT_EQ(r.entities[1].id, resolver().iri(Kind::kDataset, "wmt14-en-fr"));
  EXPECT_EQ(r.entities[1].attributes.at("variant_of"), resolver().iri(Kind::kDataset, "wmt14"));
  EXPECT_EQ(r.entities[1].attributes.at("language_pair"), "fr-en");

  // A pair no dataset of the paper has a catalog part for stays on its own.
  PaperResult unknown;
  unknown.paper.id = "q";
  unknown.entities.push_back(dataset("WMT 2014", {ev(0, "WMT 2014")}));
  unknown.entities.push_back(dataset("English-Romanian", {ev(40, "English-Romanian")}));
  resolver().resolvePaper(unknown);
  ASSERT_EQ(unknown.entities.size(), 2u);
  EXPECT_TRUE(unknown.entities[1].catalog_id.empty());
}

Entity task(const std::string& name, size_t start) {
  Entity e = dataset(name, {ev(start, name)});
  e.kind = Kind::kTask;
  return e;
}

TEST(Resolver, ATaskNamedByItsLastWordsIsTheOneTaskOfThePaperEndingInThem) {
  PaperResult r;
  r.paper.id = "p";
  r.entities.push_back(task("Human Pose Estimation", 0));
  r.entities.push_back(task("pose estimation", 30));
  r.entities.push_back(task("estimation", 50));
  r.entities.push_back(task("machine translation tasks", 70));
  r.entities.push_back(task("translation", 100));
  r.entities.push_back(task("Semantic Segmentation", 120));
  r.entities.push_back(task("Instance Segmentation", 150));
  r.entities.push_back(task("segmentation", 180));  // two candidates: stays
  resolver().resolvePaper(r);
  std::map<std::string, size_t> mentions;
  for (const auto& e : r.entities) mentions[e.id.substr(e.id.rfind('/') + 1)] = e.mentions.size();
  EXPECT_EQ(mentions["humanposeestimation"], 3u);
  EXPECT_EQ(mentions["machine-translation"], 2u);
  EXPECT_EQ(mentions["segmentation"], 1u);
  EXPECT_EQ(mentions["semanticsegmentation"], 1u);
  EXPECT_EQ(r.entities.size(), 5u);
}

TEST(Resolver, ADatasetNameIsNoTask) {
  PaperResult r;
  r.paper.id = "p";
  r.entities.push_back(task("WMT 2014", 0));
  r.entities.push_back(task("machine translation", 20));
  resolver().resolvePaper(r);
  ASSERT_EQ(r.entities.size(), 1u);
  EXPECT_EQ(r.entities[0].catalog_id, "machine-translation");
}

TEST(Resolver, TasksResolveThroughTheCatalogElseSlug) {
  EXPECT_EQ(resolver().resolve(Kind::kTask, "image recognition").local, "image-classification");
  EXPECT_EQ(resolver().resolve(Kind::kTask, "Protein Folding").local, "proteinfolding");
}

}  // namespace
}  // namespace papergraph
