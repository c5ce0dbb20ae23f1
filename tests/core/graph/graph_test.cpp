// The typed graph: nodes and edges of each kind, versions related not
// merged, citations supplying metadata, streaming over papers.
#include <gtest/gtest.h>

#include <map>

#include "graph/graph.hpp"
#include "sample_papers.hpp"

namespace papergraph {
namespace {

struct Built {
  std::unique_ptr<Resolver> resolver = std::make_unique<Resolver>(pgsample::resolveOptions());
  KnowledgeGraph graph{GraphOptions{kDefaultBaseIri, pgsample::catalog()}};
  Built() {
    for (int i = 0; i < 3; ++i) {
      auto r = pgsample::paper(i, *resolver);
      EXPECT_TRUE(graph.addPaper(r, resolver->sameAsLinks(r)));
    }
  }
  std::map<std::string, int> edgeCounts() const {
    std::map<std::string, int> m;
    graph.forEachEdge([&](size_t, size_t, const GraphEdge& e) { ++m[edgeKindName(e.kind)]; });
    return m;
  }
  bool hasEdge(const std::string& from, const std::string& to, EdgeKind kind) const {
    auto f = graph.find(from), t = graph.find(to);
    if (!f || !t) return false;
    bool found = false;
    graph.forEachEdge([&](size_t s, size_t d, const GraphEdge& e) { found |= s == *f && d == *t && e.kind == kind; });
    return found;
  }
};

const std::string kBase = kDefaultBaseIri;

TEST(KnowledgeGraph, PapersDatasetsTasksReferencesAgents) {
  ASSERT_TRUE(pgsample::catalog());
  Built b;
  EXPECT_EQ(b.graph.paperCount(), 3u);
  // CIFAR10 (paper a) and CIFAR-10 (paper c) are one node.
  auto cifar = b.graph.find(kBase + "dataset/cifar-10");
  ASSERT_TRUE(cifar);
  EXPECT_EQ(b.graph.node(*cifar).label, "CIFAR-10");
  EXPECT_TRUE(b.hasEdge(kBase + "paper/paper-a", kBase + "dataset/cifar-10", EdgeKind::kUses));
  EXPECT_TRUE(b.hasEdge(kBase + "paper/paper-c", kBase + "dataset/cifar-10", EdgeKind::kUses));
  // ILSVRC 2012 is a version of ImageNet: two nodes, one edge.
  EXPECT_TRUE(b.hasEdge(kBase + "dataset/ilsvrc-2012", kBase + "dataset/imagenet", EdgeKind::kVersionOf));
  // WMT14 En-De: variant of WMT14, itself a version of WMT.
  EXPECT_TRUE(b.hasEdge(kBase + "dataset/wmt14-en-de", kBase + "dataset/wmt14", EdgeKind::kVariantOf));
  EXPECT_TRUE(b.hasEdge(kBase + "dataset/wmt14", kBase + "dataset/wmt", EdgeKind::kVersionOf));
  // Unseen FooBench 2.0: a version of the unseen FooBench.
  EXPECT_TRUE(b.hasEdge(kBase + "dataset/foobench20", kBase + "dataset/foobench", EdgeKind::kVersionOf));
  // Tasks: both papers' "image recognition" is the catalog task.
  EXPECT_TRUE(b.hasEdge(kBase + "paper/paper-a", kBase + "task/image-classification", EdgeKind::kAddresses));
  EXPECT_TRUE(b.hasEdge(kBase + "dataset/cifar-10", kBase + "task/image-classification", EdgeKind::kUsedForTask));
  // The two papers cite the same work (title + year): one reference node.
  std::string ref = kBase + "reference/learning-multiple-layers-of-features-from-tiny-images-2009";
  EXPECT_TRUE(b.hasEdge(kBase + "paper/paper-a", ref, EdgeKind::kCites));
  EXPECT_TRUE(b.hasEdge(kBase + "paper/paper-c", ref, EdgeKind::kCites));
  EXPECT_TRUE(b.hasEdge(kBase + "dataset/cifar-10", ref, EdgeKind::kIntroducedBy));
  EXPECT_TRUE(b.hasEdge(ref, kBase + "agent/alex-krizhevsky", EdgeKind::kCreator));
  // The abbreviation's own node is same-as the expansion's.
  auto counts = b.edgeCounts();
  EXPECT_EQ(counts["same-as"], 1);
  EXPECT_EQ(counts["uses"], 6);
  // Paper ids with spaces and slashes make valid IRI segments.
  EXPECT_TRUE(b.graph.find(kBase + "paper/paper%20b%2Fwith%20space"));
}

TEST(KnowledgeGraph, CitationsFillMetadataTheCatalogLacks) {
  Built b;
  auto foo = b.graph.find(kBase + "dataset/foobench20");
  ASSERT_TRUE(foo);
  const GraphNode& n = b.graph.node(*foo);
  EXPECT_EQ(n.cited_issued, std::vector<std::string>{"2021"});
  EXPECT_EQ(n.cited_identifiers, std::vector<std::string>{"10.1000/foobench"});
  EXPECT_EQ(n.cited_creators, (std::vector<std::string>{"Ada Lovelace", "Grace Hopper"}));
  // CIFAR-10: the catalog has creators and year, so nothing is taken.
  const GraphNode& c = b.graph.node(*b.graph.find(kBase + "dataset/cifar-10"));
  EXPECT_TRUE(c.cited_creators.empty());
  EXPECT_TRUE(c.cited_issued.empty());
}

TEST(KnowledgeGraph, APaperIsAddedOnce) {
  Built b;
  Resolver r(pgsample::resolveOptions());
  EXPECT_FALSE(b.graph.addPaper(pgsample::paper(0, r)));
  EXPECT_EQ(b.graph.paperCount(), 3u);
}

TEST(KnowledgeGraph, StreamsManyPapersWithoutText) {
  Resolver r(pgsample::resolveOptions());
  KnowledgeGraph g(GraphOptions{kDefaultBaseIri, pgsample::catalog()});
  auto base = pgsample::paper(2, r);
  for (int i = 0; i < 2000; ++i) {
    PaperResult p = base;
    p.paper.id = "p" + std::to_string(i);
    ASSERT_TRUE(g.addPaper(p));
  }
  EXPECT_EQ(g.paperCount(), 2000u);
  // Shared nodes stay shared: 2000 papers, one CIFAR-10, one reference.
  size_t datasets = 0, references = 0;
  for (size_t i = 0; i < g.nodeCount(); ++i) {
    datasets += g.node(i).kind == NodeKind::kDataset;
    references += g.node(i).kind == NodeKind::kReference;
  }
  EXPECT_EQ(references, 1u);
  EXPECT_LE(datasets, 4u);  // cifar-10, ilsvrc-2012, imagenet (+ nothing else)
}

}  // namespace
}  // namespace papergraph
