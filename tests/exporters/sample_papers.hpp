// Small resolved papers for the graph and exporter tests: three papers
// sharing datasets (catalog and unseen), tasks, a cited reference, a
// version and an abbreviation pair. Uses tests/fixtures/catalog.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "catalog/catalog.hpp"
#include "merge/paper_result.hpp"
#include "resolve/resolve.hpp"
#include "test_support.hpp"

namespace pgsample {

inline std::shared_ptr<const papergraph::Catalog> catalog() {
  static auto cat = [] {
    auto c = papergraph::Catalog::loadBuiltin((pgtest::sourceDir() / "tests" / "fixtures" / "catalog").string());
    return c.isOk() ? std::shared_ptr<const papergraph::Catalog>(*c) : nullptr;
  }();
  return cat;
}

inline papergraph::Entity entity(papergraph::Kind kind, const std::string& name, size_t start,
                                 std::vector<std::string> citations = {},
                                 std::map<std::string, std::string> attrs = {}) {
  papergraph::Entity e;
  e.kind = kind;
  e.name = name;
  e.confidence = 0.9f;
  papergraph::Evidence ev;
  ev.start = start;
  ev.end = start + name.size();
  ev.text = name;
  ev.confidence = 0.9f;
  ev.sources.push_back({"gazetteer", 0.9f, name});
  ev.sources.push_back({"rules", 0.7f, name});
  if (!citations.empty()) ev.citation = citations.front();
  ev.attributes = attrs;
  e.attributes = attrs;
  e.mentions.push_back(ev);
  e.citations = std::move(citations);
  return e;
}

// Paper i of the sample (0, 1, 2), resolved against the fixture catalog.
inline papergraph::PaperResult paper(int i, const papergraph::Resolver& resolver) {
  using papergraph::Kind;
  papergraph::PaperResult r;
  r.paper.format = "markdown";
  if (i == 0) {
    r.paper.id = "paper-a";
    r.paper.title = "Residual things";
    papergraph::BibEntry b;
    b.id = "b0";
    b.authors = {"Alex Krizhevsky"};
    b.title = "Learning multiple layers of features from tiny images";
    b.year = "2009";
    r.paper.bibliography.push_back(b);
    papergraph::BibEntry c;
    c.id = "b1";
    c.authors = {"Ada Lovelace", "Grace Hopper"};
    c.title = "The FooBench corpus";
    c.year = "2021";
    c.doi = "10.1000/foobench";
    r.paper.bibliography.push_back(c);
    r.entities.push_back(entity(Kind::kDataset, "CIFAR10", 10, {"b0"}));
    r.entities.push_back(entity(Kind::kDataset, "FooBench 2.0", 40, {"b1"}));
    r.entities.push_back(entity(Kind::kTask, "image recognition", 80));
  } else if (i == 1) {
    r.paper.id = "paper b/with space";
    r.paper.title = "Translation \"quoted\" title";
    r.entities.push_back(entity(Kind::kDataset, "WMT 2014 English-German", 5));
    r.entities.push_back(entity(Kind::kDataset, "Grape Leaf Corpus", 50, {},
                                {{"abbreviation", "GLC"}, {"expansion", "Grape Leaf Corpus"}}));
    r.entities.push_back(entity(Kind::kTask, "machine translation", 90));
  } else {
    r.paper.id = "paper-c";
    r.paper.title = "Another";
    papergraph::BibEntry b;
    b.id = "r1";
    b.authors = {"Alex Krizhevsky"};
    b.title = "Learning Multiple Layers of Features from Tiny Images";
    b.year = "2009";
    r.paper.bibliography.push_back(b);
    r.entities.push_back(entity(Kind::kDataset, "CIFAR-10", 3, {"r1"}));
    r.entities.push_back(entity(Kind::kDataset, "ILSVRC 2012", 30));
    r.entities.push_back(entity(Kind::kTask, "image recognition", 70));
  }
  resolver.resolvePaper(r);
  return r;
}

inline papergraph::ResolveOptions resolveOptions() {
  papergraph::ResolveOptions o;
  o.catalog = catalog();
  return o;
}

}  // namespace pgsample
