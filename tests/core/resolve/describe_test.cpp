// The DCAT description: the catalog wins, citations fill gaps, and
// disagreements are kept.
#include <gtest/gtest.h>

#include "resolve/describe.hpp"
#include "test_support.hpp"

namespace papergraph {
namespace {

std::shared_ptr<const Catalog> fixtureCatalog() {
  auto c = Catalog::loadBuiltin((pgtest::sourceDir() / "tests" / "fixtures" / "catalog").string());
  EXPECT_TRUE(c.isOk()) << c.status().message();
  return *c;
}

TEST(Describe, CatalogWinsCitationFillsGapsDisagreementsKept) {
  auto cat = fixtureCatalog();
  Paper p;
  p.id = "p";
  BibEntry b;
  b.id = "b3";
  b.authors = {"Alex Krizhevsky"};
  b.year = "2010";  // the catalog says 2009
  b.title = "Learning multiple layers of features from tiny images";
  b.url = "https://example.org/tr.pdf";
  p.bibliography.push_back(b);
  Entity e;
  e.kind = Kind::kDataset;
  e.name = "CIFAR-10";
  e.catalog_id = "cifar-10";
  e.citations = {"b3"};
  DatasetDescription d = describeDataset(cat.get(), e, p);
  EXPECT_EQ(d.issued, "2009");
  EXPECT_EQ(d.source["issued"], "catalog");
  EXPECT_EQ(d.identifier, "https://example.org/tr.pdf");  // the catalog has none
  EXPECT_EQ(d.source["identifier"], "citation:b3");
  ASSERT_EQ(d.disagreements.size(), 1u);
  EXPECT_EQ(d.disagreements[0].field, "issued");
  EXPECT_EQ(d.disagreements[0].cited_value, "2010");
  ASSERT_NE(d.citation, nullptr);
  EXPECT_EQ(d.citation->id, "b3");
  EXPECT_EQ(d.theme, std::vector<std::string>{"computer vision"});

  // An unseen dataset takes creators, year and DOI from its citation.
  Entity u;
  u.kind = Kind::kDataset;
  u.name = "FooBench";
  u.citations = {"b9", "b3"};  // b9 is not in the bibliography
  p.bibliography[0].doi = "10.1000/foo";
  DatasetDescription du = describeDataset(cat.get(), u, p);
  EXPECT_EQ(du.creators, std::vector<std::string>{"Alex Krizhevsky"});
  EXPECT_EQ(du.issued, "2010");
  EXPECT_EQ(du.identifier, "10.1000/foo");
  EXPECT_TRUE(du.disagreements.empty());
}

}  // namespace
}  // namespace papergraph
