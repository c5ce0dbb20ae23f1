// GraphML and DOT views: well-formed, every node and edge present.
#include <gtest/gtest.h>

#include "graphml/graphml_export.hpp"
#include "sample_papers.hpp"

namespace papergraph {
namespace {

KnowledgeGraph build() {
  Resolver r(pgsample::resolveOptions());
  KnowledgeGraph g(GraphOptions{kDefaultBaseIri, pgsample::catalog()});
  for (int i = 0; i < 3; ++i) g.addPaper(pgsample::paper(i, r));
  return g;
}

size_t count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t at = s.find(what); at != std::string::npos; at = s.find(what, at + 1)) ++n;
  return n;
}

TEST(GraphmlExport, EveryNodeAndEdgeWithKinds) {
  KnowledgeGraph g = build();
  std::string xml = writeGraphml(g);
  EXPECT_EQ(count(xml, "<node "), g.nodeCount());
  EXPECT_EQ(count(xml, "<edge "), g.edgeCount());
  EXPECT_NE(xml.find(">https://w3id.org/papergraph/dataset/cifar-10<"), std::string::npos);
  EXPECT_NE(xml.find(">version-of<"), std::string::npos);
  pgtest::TempDir dir;
  pgtest::writeFile(dir / "g.graphml", xml);
  auto r = pgtest::run("/usr/bin/python3 -c 'import sys, xml.dom.minidom as m; d=m.parse(sys.argv[1]); "
                       "print(len(d.getElementsByTagName(\"node\")))' " +
                       pgtest::shellQuote((dir / "g.graphml").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(std::stoul(r.out), g.nodeCount());
}

TEST(GraphmlExport, DotNamesNodesByIri) {
  KnowledgeGraph g = build();
  std::string dot = writeDot(g);
  EXPECT_EQ(dot.rfind("digraph", 0), 0u);
  EXPECT_NE(dot.find("\"https://w3id.org/papergraph/dataset/cifar-10\""), std::string::npos);
  EXPECT_EQ(count(dot, "->"), g.edgeCount());
  if (pgtest::run("command -v dot").exit_code == 0) {
    pgtest::TempDir dir;
    pgtest::writeFile(dir / "g.dot", dot);
    EXPECT_EQ(pgtest::run("dot -Tsvg -o /dev/null " + pgtest::shellQuote((dir / "g.dot").string())).exit_code, 0);
  }
}

}  // namespace
}  // namespace papergraph
