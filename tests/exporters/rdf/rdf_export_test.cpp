// RDF export: every syntax parses with rapper to the same triples as our
// N-Triples and with rdflib to the same count; awkward strings and IRIs are
// escaped as raptor writes them and read back unchanged; separately built
// graphs union to the graph of all papers; N-Quads keep one named graph per
// paper; SPARQL (roqet) answers "which papers use which datasets"; datasets
// carry the DCAT fields; files are replaced atomically, also when the disk
// fills up.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
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

// The statements rapper reads from a file, written back as N-Triples by
// raptor's own serializer.
std::set<std::string> rapperTriples(const std::string& path, const char* syntax) {
  auto r = pgtest::run(std::string("rapper -q -i ") + syntax + " -o ntriples " + pgtest::shellQuote(path));
  EXPECT_EQ(r.exit_code, 0) << r.err;
  return lines(r.out);
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

TEST(RdfExport, EverySyntaxParsesWithRapperToOurTriplesAndWithRdflibToTheSameCount) {
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
    EXPECT_EQ(rapperTriples((dir / f.file).string(), f.rapper), lines(nt)) << f.file;
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

// Paper a of the sample under a base IRI that needs escapes, with a title
// that needs every literal escape and a source that is not valid UTF-8.
KnowledgeGraph awkward() {
  ResolveOptions o = pgsample::resolveOptions();
  o.base_iri = "https://example.org/\xC3\xA9{x}/";
  Resolver r(o);
  KnowledgeGraph g(GraphOptions{o.base_iri, pgsample::catalog()});
  PaperResult p = pgsample::paper(0, r);
  p.paper.title = "q\"b\\s\tt\nn\rr\x01" "c\x7f" "d \xC3\xA9 \xF0\x9F\x98\x80 \xE4\xB8\xAD";
  p.paper.source = "bad\xFF" "byte.md";
  g.addPaper(p, r.sameAsLinks(p));
  return g;
}

TEST(RdfExport, AwkwardStringsAreEscapedAsRaptorWritesThemAndReadBackUnchanged) {
  if (!have("rapper")) GTEST_SKIP() << "rapper (raptor2-utils) not installed";
  KnowledgeGraph g = awkward();
  pgtest::TempDir dir;
  const std::string nt = rdf(g, RdfFormat::kNTriples);
  EXPECT_NE(nt.find("\"q\\\"b\\\\s\\tt\\nn\\rr\\u0001c\\u007Fd \\u00E9 \\U0001F600 \\u4E2D\""), std::string::npos) << nt;
  EXPECT_NE(nt.find("\"bad\\uFFFDbyte.md\""), std::string::npos) << nt;
  EXPECT_NE(nt.find("<https://example.org/\\u00E9\\u007Bx\\u007D/paper/paper-a>"), std::string::npos) << nt;
  // raptor writes back exactly our lines, from every syntax we wrote.
  pgtest::writeFile(dir / "g.nt", nt);
  pgtest::writeFile(dir / "g.ttl", rdf(g, RdfFormat::kTurtle));
  pgtest::writeFile(dir / "g.nq", rdf(g, RdfFormat::kNQuads));
  EXPECT_EQ(rapperTriples((dir / "g.nt").string(), "ntriples"), lines(nt));
  EXPECT_EQ(rapperTriples((dir / "g.ttl").string(), "turtle"), lines(nt));
  EXPECT_EQ(rapperTriples((dir / "g.nq").string(), "nquads"), lines(nt));
  if (pgtest::run("/usr/bin/python3 -c 'import rdflib'").exit_code != 0) return;
  // rdflib reads the same strings back from N-Triples and Turtle.
  auto r = pgtest::run("/usr/bin/python3 -c " + pgtest::shellQuote(R"py(import rdflib, sys
out = []
for path, fmt in ((sys.argv[1], "nt"), (sys.argv[2], "turtle")):
    g = rdflib.Graph()
    g.parse(path, format=fmt)
    dct = rdflib.Namespace("http://purl.org/dc/terms/")
    pg = rdflib.Namespace("https://w3id.org/papergraph/ontology#")
    p = rdflib.URIRef("https://example.org/\u00e9{x}/paper/paper-a")
    out.append(ascii((str(g.value(p, dct.title)), str(g.value(p, pg.source)), len(g))))
print(out[0])
print(out[1]))py") + " " + pgtest::shellQuote((dir / "g.nt").string()) + " " +
                       pgtest::shellQuote((dir / "g.ttl").string()));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string expected = "('q\"b\\\\s\\tt\\nn\\rr\\x01c\\x7fd \\xe9 \\U0001f600 \\u4e2d', 'bad\\ufffdbyte.md', " +
                               std::to_string(lines(nt).size()) + ")\n";
  EXPECT_EQ(r.out, expected + expected);
}

TEST(RdfExport, ANulByteIsEscapedNotACut) {
  Resolver r(pgsample::resolveOptions());
  KnowledgeGraph g(GraphOptions{kDefaultBaseIri, pgsample::catalog()});
  PaperResult p = pgsample::paper(2, r);
  p.paper.title = std::string("before\0after", 12);
  g.addPaper(p, r.sameAsLinks(p));
  EXPECT_NE(rdf(g, RdfFormat::kNTriples).find("\"before\\u0000after\""), std::string::npos);
  EXPECT_NE(rdf(g, RdfFormat::kTurtle).find("\"before\\u0000after\""), std::string::npos);
}

TEST(RdfExport, StreamsToAnOstreamAndFailsWhenItGoesBad) {
  KnowledgeGraph g = build({0, 1, 2});
  for (RdfFormat f : {RdfFormat::kTurtle, RdfFormat::kNTriples, RdfFormat::kNQuads, RdfFormat::kRdfXml}) {
    std::ostringstream out;
    ASSERT_TRUE(writeRdf(g, f, out).isOk());
    EXPECT_EQ(out.str(), rdf(g, f));
    std::ostringstream bad;
    bad.setstate(std::ios::badbit);
    Status s = writeRdf(g, f, bad);
    EXPECT_EQ(s.code(), StatusCode::kIoError);
    EXPECT_NE(s.message().find("output stream failed"), std::string::npos) << s.message();
  }
}

size_t filesIn(const std::filesystem::path& dir) {
  size_t n = 0;
  for (const auto& f : std::filesystem::directory_iterator(dir)) n += f.is_regular_file();
  return n;
}

TEST(RdfExport, AFileIsReplacedWholeOrNotAtAll) {
  KnowledgeGraph g = build({0, 1, 2});
  pgtest::TempDir dir;
  const std::string path = (dir / "g.nt").string();
  pgtest::writeFile(path, "old\n");
  ASSERT_TRUE(writeRdfFile(g, RdfFormat::kNTriples, path).isOk());
  EXPECT_EQ(pgtest::readFile(path), rdf(g, RdfFormat::kNTriples));
  EXPECT_EQ(filesIn(dir.path()), 1u);  // no temporary left

  const std::string nowhere = (dir / "missing" / "g.ttl").string();
  Status s = writeRdfFile(g, RdfFormat::kTurtle, nowhere);
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_EQ(s.message().rfind(nowhere + ": cannot create temporary file", 0), 0u) << s.message();

  // A full disk, as a file size limit: in a child, the write fails part way.
  pgtest::writeFile(path, "old\n");
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  pid_t pid = ::fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) {
    ::close(fds[0]);
    ::signal(SIGXFSZ, SIG_IGN);
    struct rlimit limit {2000, 2000};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    Status child = writeRdfFile(g, RdfFormat::kNTriples, path);
    const std::string& m = child.message();
    if (::write(fds[1], m.data(), m.size()) < 0) ::_exit(3);
    ::_exit(child.isOk() ? 0 : 1);
  }
  ::close(fds[1]);
  std::string message;
  char buf[512];
  for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) > 0;) message.append(buf, static_cast<size_t>(n));
  ::close(fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_GT(rdf(g, RdfFormat::kNTriples).size(), 2000u);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 1) << status;
  EXPECT_EQ(message, path + ": write failed (File too large)");
  EXPECT_EQ(pgtest::readFile(path), "old\n");
  EXPECT_EQ(filesIn(dir.path()), 1u);
}

TEST(RdfExport, FormatNames) {
  EXPECT_EQ(rdfFormatFromName("turtle"), RdfFormat::kTurtle);
  EXPECT_EQ(rdfFormatFromName("nquads"), RdfFormat::kNQuads);
  EXPECT_FALSE(rdfFormatFromName("json-ld"));
}

}  // namespace
}  // namespace papergraph
