// RDF export: every syntax parses with rapper and rdflib with the same
// triple count; separately built graphs union to the graph of all papers;
// N-Quads keep one named graph per paper; SPARQL (roqet) answers "which
// papers use which datasets"; datasets carry the DCAT fields.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <sstream>

#include "graph/graph.hpp"
#include "rdf/rdf_export.hpp"
#include "sample_papers.hpp"

namespace papergraph {
namespace {

KnowledgeGraph build(const std::vector<int>& papers) {
  Resolver r(pgsample::resolveOptions());
  KnowledgeGraph g(GraphOptions{kDefaultBaseIri, pgsample::catalog()});
  for (int i : papers) {
    auto p = pgsample::paper(i, r);
    g.addPaper(p, r.sameAsLinks(p));
  }
  return g;
}

std::string rdf(const KnowledgeGraph& g, RdfFormat f) {
  std::string out;
  Status s = writeRdf(g, f, &out);
  EXPECT_TRUE(s.isOk()) << s.message();
  return out;
}

std::set<std::string> lines(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) {
    if (!l.empty() && l.back() == '\r') l.pop_back();  // roqet's CSV ends lines with CRLF
    if (!l.empty()) out.insert(l);
  }
  return out;
}

bool have(const char* tool) { return pgtest::run(std::string("command -v ") + tool).exit_code == 0; }

// Triple count rapper reports for a file ("rapper: Parsing returned N triples").
long rapperCount(const std::string& path, const char* syntax) {
  auto r = pgtest::run(std::string("rapper -c -i ") + syntax + " " + pgtest::shellQuote(path));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto at = r.err.find("returned ");
  if (at == std::string::npos) return -1;
  return std::stol(r.err.substr(at + 9));
}

long rdflibCount(const std::string& path, const char* format) {
  auto r = pgtest::run("/usr/bin/python3 -c " +
                       pgtest::shellQuote(std::string("import rdflib,sys\n"
                                                      "g=rdflib.ConjunctiveGraph()\n"
                                                      "g.parse(sys.argv[1], format='") +
                                          format + "')\nprint(len(g))") +
                       " " + pgtest::shellQuote(path));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return r.exit_code == 0 ? std::stol(r.out) : -1;
}

TEST(RdfExport, EverySyntaxParsesWithRapperAndRdflibWithTheSameCount) {
  ASSERT_TRUE(pgsample::catalog());
  if (!have("rapper")) GTEST_SKIP() << "rapper (raptor2-utils) not installed";
  bool rdflib = pgtest::run("/usr/bin/python3 -c 'import rdflib'").exit_code == 0;
  KnowledgeGraph g = build({0, 1, 2});
  pgtest::TempDir dir;
  const std::string nt = rdf(g, RdfFormat::kNTriples);
  const long expected = static_cast<long>(lines(nt).size());
  ASSERT_GT(expected, 50);
  struct F {
    RdfFormat format;
    const char* file;
    const char* rapper;
    const char* rdflib;
  };
  for (const F& f : {F{RdfFormat::kTurtle, "g.ttl", "turtle", "turtle"}, F{RdfFormat::kNTriples, "g.nt", "ntriples", "nt"},
                     F{RdfFormat::kNQuads, "g.nq", "nquads", "nquads"}, F{RdfFormat::kRdfXml, "g.rdf", "rdfxml", "xml"}}) {
    pgtest::writeFile(dir / f.file, rdf(g, f.format));
    EXPECT_EQ(rapperCount((dir / f.file).string(), f.rapper), expected) << f.file;
    if (rdflib) {
      EXPECT_EQ(rdflibCount((dir / f.file).string(), f.rdflib), expected) << f.file;
    }
  }
}

TEST(RdfExport, GraphsBuiltSeparatelyUnionToTheGraphOfAll) {
  std::set<std::string> all = lines(rdf(build({0, 1, 2}), RdfFormat::kNTriples));
  std::set<std::string> shard1 = lines(rdf(build({0, 2}), RdfFormat::kNTriples));
  std::set<std::string> shard2 = lines(rdf(build({1}), RdfFormat::kNTriples));
  std::set<std::string> uni = shard1;
  uni.insert(shard2.begin(), shard2.end());
  std::vector<std::string> only_all, only_union;
  std::set_difference(all.begin(), all.end(), uni.begin(), uni.end(), std::back_inserter(only_all));
  std::set_difference(uni.begin(), uni.end(), all.begin(), all.end(), std::back_inserter(only_union));
  EXPECT_TRUE(only_all.empty()) << only_all.front();
  EXPECT_TRUE(only_union.empty()) << only_union.front();
  // And in a different paper order: the same set.
  EXPECT_EQ(lines(rdf(build({2, 1, 0}), RdfFormat::kNTriples)), all);
  EXPECT_EQ(all.count(std::string()), 0u);
  for (const auto& l : all) EXPECT_EQ(l.find("_:"), std::string::npos) << "no blank nodes: " << l;
}

TEST(RdfExport, NQuadsHaveOneNamedGraphPerPaper) {
  std::string nq = rdf(build({0, 1, 2}), RdfFormat::kNQuads);
  std::set<std::string> graphs;
  for (const auto& l : lines(nq)) {
    auto end = l.rfind('>');
    auto start = l.rfind('<', end);
    graphs.insert(l.substr(start, end - start + 1));
  }
  const std::string base = kDefaultBaseIri;
  EXPECT_TRUE(graphs.count("<" + base + "graph/paper/paper-a>"));
  EXPECT_TRUE(graphs.count("<" + base + "graph/paper/paper%20b%2Fwith%20space>"));
  EXPECT_TRUE(graphs.count("<" + base + "graph/paper/paper-c>"));
  EXPECT_TRUE(graphs.count("<" + base + "graph/entities>"));
  EXPECT_EQ(graphs.size(), 4u);
  // A paper's usage lives in its own graph.
  bool found = false;
  for (const auto& l : lines(nq))
    found |= l.find("<" + base + "paper/paper-c> <http://purl.org/spar/cito/usesDataFrom> <" + base +
                    "dataset/cifar-10> <" + base + "graph/paper/paper-c> .") == 0;
  EXPECT_TRUE(found) << nq.substr(0, 2000);
}

TEST(RdfExport, DatasetsCarryDcatFieldsAndProvenance) {
  std::string nt = rdf(build({0, 1, 2}), RdfFormat::kNTriples);
  const std::string d = "<https://w3id.org/papergraph/dataset/cifar-10> ";
  auto has = [&](const std::string& s) { return nt.find(s) != std::string::npos; };
  EXPECT_TRUE(has(d + "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset>"));
  EXPECT_TRUE(has(d + "<http://purl.org/dc/terms/title> \"CIFAR-10\""));
  EXPECT_TRUE(has(d + "<http://purl.org/dc/terms/issued> \"2009\"^^<http://www.w3.org/2001/XMLSchema#gYear>"));
  EXPECT_TRUE(has(d + "<http://purl.org/dc/terms/creator> <https://w3id.org/papergraph/agent/alex-krizhevsky>"));
  EXPECT_TRUE(has(d + "<http://www.w3.org/ns/dcat#landingPage> <https://www.cs.toronto.edu/~kriz/cifar.html>"));
  EXPECT_TRUE(has(d + "<http://www.w3.org/ns/dcat#theme> <https://w3id.org/papergraph/theme/computer-vision>"));
  EXPECT_TRUE(has(d + "<http://purl.org/dc/terms/format> \"images\""));
  EXPECT_TRUE(has(d + "<http://purl.org/dc/terms/description> "));
  EXPECT_TRUE(has(d + "<https://w3id.org/papergraph/ontology#usedForTask> "
                      "<https://w3id.org/papergraph/task/image-classification>"));
  EXPECT_TRUE(has("<https://w3id.org/papergraph/dataset/imagenet> <http://www.w3.org/ns/dcat#hasVersion> "
                  "<https://w3id.org/papergraph/dataset/ilsvrc-2012>"));
  EXPECT_TRUE(has("<https://w3id.org/papergraph/dataset/ilsvrc-2012> <http://purl.org/dc/terms/isVersionOf> "
                  "<https://w3id.org/papergraph/dataset/imagenet>"));
  EXPECT_TRUE(has("<https://w3id.org/papergraph/dataset/wmt14-en-de> <http://purl.org/dc/terms/language> "
                  "<http://id.loc.gov/vocabulary/iso639-1/de>"));
  // The unseen dataset's metadata came from its citation.
  EXPECT_TRUE(has("<https://w3id.org/papergraph/dataset/foobench20> <http://purl.org/dc/terms/identifier> "
                  "\"10.1000/foobench\""));
  EXPECT_TRUE(has("<https://w3id.org/papergraph/dataset/foobench20> <http://purl.org/dc/terms/creator> "
                  "<https://w3id.org/papergraph/agent/ada-lovelace>"));
  // Qualified usage with extractors, confidence and evidence spans.
  const std::string u = "<https://w3id.org/papergraph/usage/paper-a/cifar-10> ";
  EXPECT_TRUE(has(u + "<http://www.w3.org/ns/prov#entity> <https://w3id.org/papergraph/dataset/cifar-10>"));
  EXPECT_TRUE(has(u + "<https://w3id.org/papergraph/ontology#extractor> "
                      "<https://w3id.org/papergraph/extractor/gazetteer>"));
  EXPECT_TRUE(has(u + "<https://w3id.org/papergraph/ontology#evidenceSpan> \"10-17\""));
  EXPECT_TRUE(has(u + "<https://w3id.org/papergraph/ontology#confidence> \"0.900\"^^"));
  EXPECT_TRUE(has("<http://www.w3.org/2002/07/owl#sameAs>"));
  // Paper titles with quotes are escaped, not broken.
  EXPECT_TRUE(has("\"Translation \\\"quoted\\\" title\""));
}

TEST(RdfExport, SparqlAnswersWhichPapersUseWhichDatasets) {
  if (!have("roqet")) GTEST_SKIP() << "roqet (rasqal-utils) not installed";
  pgtest::TempDir dir;
  pgtest::writeFile(dir / "g.ttl", rdf(build({0, 1, 2}), RdfFormat::kTurtle));
  pgtest::writeFile(dir / "q.rq",
                    "PREFIX cito: <http://purl.org/spar/cito/>\n"
                    "PREFIX dcterms: <http://purl.org/dc/terms/>\n"
                    "SELECT ?paper ?title WHERE { ?paper cito:usesDataFrom ?d . ?d dcterms:title ?title } "
                    "ORDER BY ?paper ?title\n");
  auto r = pgtest::run("roqet -q -r csv -D " + pgtest::shellQuote((dir / "g.ttl").string()) + " " +
                       pgtest::shellQuote((dir / "q.rq").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = lines(r.out);
  auto row = [&](const std::string& paper, const std::string& title) {
    return rows.count("https://w3id.org/papergraph/paper/" + paper + "," + title) == 1;
  };
  EXPECT_TRUE(row("paper-a", "CIFAR-10")) << r.out;
  EXPECT_TRUE(row("paper-c", "CIFAR-10")) << r.out;
  EXPECT_TRUE(row("paper-c", "ILSVRC 2012")) << r.out;
  EXPECT_TRUE(row("paper%20b%2Fwith%20space", "WMT14 En-De")) << r.out;
  EXPECT_EQ(rows.size(), 7u) << r.out;  // header + 6 usages
}

TEST(RdfExport, FormatNames) {
  EXPECT_EQ(rdfFormatFromName("turtle"), RdfFormat::kTurtle);
  EXPECT_EQ(rdfFormatFromName("nquads"), RdfFormat::kNQuads);
  EXPECT_FALSE(rdfFormatFromName("json-ld"));
}

}  // namespace
}  // namespace papergraph
