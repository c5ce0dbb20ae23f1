// build, export, query and serve end to end through the executable:
// incremental add, replace and skip; export equal to `papergraph graph`;
// refused constructs and time-outs; a build killed with SIGKILL while
// queries run leaves every paper fully in or fully out; the HTTP endpoint
// answers curl over loopback in every result format; a Virtuoso server
// (started here, on loopback) as the store gives the same triples and
// answers as the embedded one.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include "test_support.hpp"

namespace fs = std::filesystem;
using pgtest::papergraph;
using pgtest::shellQuote;

namespace {

const char* kWords = "CIFAR-10,ImageNet,SQuAD,Cora,SNLI,COCO,WMT 2014";

std::string withWords() {
  return "--plugin-dir " + shellQuote(pgtest::env("PAPERGRAPH_FIXTURE_PLUGIN_DIR") + "/words") +
         " --plugins words --set " + shellQuote(std::string("words.words=") + kWords) + " -q ";
}

std::string examples() { return shellQuote((pgtest::sourceDir() / "examples" / "papers").string()); }

std::string exe() { return shellQuote(pgtest::env("PAPERGRAPH_EXE")); }

// Quads of an N-Quads text by graph IRI.
std::map<std::string, std::set<std::string>> byGraph(const std::string& nq) {
  std::map<std::string, std::set<std::string>> out;
  std::istringstream in(nq);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    size_t end = line.rfind('>');
    size_t start = line.rfind('<', end);
    out[line.substr(start + 1, end - start - 1)].insert(line);
  }
  return out;
}

std::set<std::string> lines(const std::string& text) {
  std::set<std::string> out;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line))
    if (!line.empty()) out.insert(line);
  return out;
}

// Lines with xsd:decimal literals in canonical form ("0.950" -> "0.95"):
// Virtuoso keeps numbers by value and gives back the canonical lexical form.
std::set<std::string> canonicalDecimals(const std::set<std::string>& in) {
  static const std::regex decimal(R"re("(-?[0-9]+)\.([0-9]*?)0*"\^\^<http://www\.w3\.org/2001/XMLSchema#decimal>)re");
  std::set<std::string> out;
  for (const auto& line : in) {
    std::string fixed;
    auto begin = std::sregex_iterator(line.begin(), line.end(), decimal);
    size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
      fixed += line.substr(last, it->position() - last);
      std::string frac = (*it)[2].str();
      fixed += "\"" + (*it)[1].str() + "." + (frac.empty() ? "0" : frac) +
               "\"^^<http://www.w3.org/2001/XMLSchema#decimal>";
      last = it->position() + it->length();
    }
    out.insert(fixed + line.substr(last));
  }
  return out;
}

// Lines of a that b lacks and of b that a lacks (a few), "" when equal.
std::string setDiff(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::string out;
  int shown = 0;
  for (const auto& x : a)
    if (!b.count(x) && shown++ < 8) out += "  only in the first: " + x + "\n";
  for (const auto& x : b)
    if (!a.count(x) && shown++ < 16) out += "  only in the second: " + x + "\n";
  return out;
}

const char* kCountPapers = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a <http://purl.org/spar/fabio/ResearchPaper> }";

TEST(StoreCommands, BuildAddsSkipsUnchangedAndReplacesChangedPapers) {
  pgtest::TempDir tmp;
  std::string store = shellQuote((tmp / "store").string());
  auto b = papergraph(withWords() + "build " + examples() + " --store " + store);
  ASSERT_EQ(b.exit_code, 0) << b.err;
  auto q = papergraph("query --store " + store + " " + shellQuote(kCountPapers) + " --format csv");
  ASSERT_EQ(q.exit_code, 0) << q.err;
  EXPECT_EQ(q.out, "n\r\n5\r\n");

  auto again = papergraph("--plugin-dir " + shellQuote(pgtest::env("PAPERGRAPH_FIXTURE_PLUGIN_DIR") + "/words") +
                          " --plugins words --set " + shellQuote(std::string("words.words=") + kWords) + " build " +
                          examples() + " --store " + store);
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("0 papers added, 0 replaced, 5 unchanged"), std::string::npos) << again.err;

  pgtest::writeFile(tmp / "more" / "fresh.md", "# A Fresh Paper\n\nWe train on COCO and ImageNet.\n");
  auto add = papergraph(withWords() + "build " + shellQuote((tmp / "more").string()) + " --store " + store);
  ASSERT_EQ(add.exit_code, 0) << add.err;
  EXPECT_EQ(papergraph("query --store " + store + " " + shellQuote(kCountPapers) + " --format csv").out, "n\r\n6\r\n");

  pgtest::writeFile(tmp / "more" / "fresh.md", "# A Revised Paper\n\nWe train on SQuAD only.\n");
  auto rep = papergraph("--plugin-dir " + shellQuote(pgtest::env("PAPERGRAPH_FIXTURE_PLUGIN_DIR") + "/words") +
                        " --plugins words --set " + shellQuote(std::string("words.words=") + kWords) + " build " +
                        shellQuote((tmp / "more").string()) + " --store " + store);
  ASSERT_EQ(rep.exit_code, 0) << rep.err;
  EXPECT_NE(rep.err.find("0 papers added, 1 replaced, 0 unchanged"), std::string::npos) << rep.err;
  auto titles = papergraph("query --store " + store + " " +
                           shellQuote("SELECT ?d WHERE { <https://w3id.org/papergraph/paper/fresh> "
                                      "<http://purl.org/spar/cito/usesDataFrom> ?x . ?x "
                                      "<http://purl.org/dc/terms/title> ?d } ORDER BY ?d") +
                           " --format tsv");
  ASSERT_EQ(titles.exit_code, 0) << titles.err;
  EXPECT_EQ(titles.out, "?d\n\"SQuAD\"\n");
}

TEST(StoreCommands, ExportGivesTheTriplesGraphGives) {
  pgtest::TempDir tmp;
  std::string store = shellQuote((tmp / "store").string());
  ASSERT_EQ(papergraph(withWords() + "build " + examples() + " --store " + store).exit_code, 0);
  auto graph = papergraph(withWords() + "graph " + examples() + " --format ntriples");
  ASSERT_EQ(graph.exit_code, 0) << graph.err;
  auto exported = papergraph("export --store " + store + " --format ntriples");
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  auto want = lines(graph.out), got = lines(exported.out);
  EXPECT_GT(want.size(), 20u);
  std::vector<std::string> missing, extra;
  std::set_difference(want.begin(), want.end(), got.begin(), got.end(), std::back_inserter(missing));
  std::set_difference(got.begin(), got.end(), want.begin(), want.end(), std::back_inserter(extra));
  EXPECT_TRUE(missing.empty()) << missing.size() << " missing, e.g. " << (missing.empty() ? "" : missing[0]);
  EXPECT_TRUE(extra.empty()) << extra.size() << " extra, e.g. " << (extra.empty() ? "" : extra[0]);
  // N-Quads keeps one named graph per paper, as `graph --format nquads` does.
  auto nq = papergraph("export --store " + store + " --format nquads -o " + shellQuote((tmp / "all.nq").string()));
  ASSERT_EQ(nq.exit_code, 0) << nq.err;
  auto graphs = byGraph(pgtest::readFile(tmp / "all.nq"));
  EXPECT_TRUE(graphs.count("https://w3id.org/papergraph/graph/paper/residual-shortcuts"));
  EXPECT_TRUE(graphs.count("https://w3id.org/papergraph/graph/entities"));
  for (const char* f : {"turtle", "rdfxml"})
    EXPECT_EQ(papergraph("export --store " + store + " --format " + f).exit_code, 0) << f;
  EXPECT_EQ(papergraph("export --store " + store + " --format json").exit_code, 2);
}

TEST(StoreCommands, QueriesAreGuardedTimedAndReadFromFiles) {
  pgtest::TempDir tmp;
  std::string store = shellQuote((tmp / "store").string());
  ASSERT_EQ(papergraph(withWords() + "build " + examples() + " --store " + store).exit_code, 0);
  pgtest::writeFile(tmp / "q.rq", std::string("# papers\n") + kCountPapers + "\n");
  auto table = papergraph("query --store " + store + " " + shellQuote((tmp / "q.rq").string()));
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_EQ(table.out, "n\n-\n5\n(1 row)\n");
  auto refused =
      papergraph("query --store " + store + " " + shellQuote("SELECT ?t WHERE { ?p <http://x/a>/<http://x/b> ?t }"));
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("property path '/' is refused"), std::string::npos) << refused.err;
  auto slow = papergraph("query --store " + store + " --timeout 0.5 " +
                         shellQuote("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"));
  EXPECT_EQ(slow.exit_code, 1);
  EXPECT_NE(slow.err.find("ran longer than 0.5 s"), std::string::npos) << slow.err;
  auto missing = papergraph("query --store " + shellQuote((tmp / "none").string()) + " " + shellQuote(kCountPapers));
  EXPECT_EQ(missing.exit_code, 3);
  EXPECT_NE(missing.err.find("no such store"), std::string::npos) << missing.err;
}

TEST(StoreCommands, AKilledBuildLeavesEveryPaperFullyInOrOutAndQueriesSeeWholePapers) {
  pgtest::TempDir tmp;
  // Papers that share datasets, so shared facts are exercised. Enough of
  // them that the build (a commit after every file, each copying the
  // growing store) is still running when the queries below are done, on a
  // loaded machine too.
  const int kPapers = 1000;
  const char* sets[] = {"CIFAR-10 and ImageNet", "SQuAD", "Cora and CIFAR-10", "COCO, ImageNet and SNLI", "WMT 2014"};
  for (int i = 0; i < kPapers; ++i)
    pgtest::writeFile(tmp / "papers" / ("p" + std::to_string(i) + ".md"),
                      "# Paper " + std::to_string(i) + "\n\nWe evaluate on " + sets[i % 5] + ".\n");
  std::string papers = shellQuote((tmp / "papers").string());
  std::string ref = shellQuote((tmp / "ref").string()), killed = shellQuote((tmp / "killed").string());
  ASSERT_EQ(papergraph(withWords() + "build " + papers + " --store " + ref + " -j 1").exit_code, 0);
  auto full = byGraph(papergraph("export --store " + ref + " --format nquads").out);
  ASSERT_EQ(full.size(), kPapers + 1u);

  // Build with a commit after every file; export and query while it runs;
  // then SIGKILL it.
  std::string script = exe() + " " + withWords() + "build " + papers + " --store " + killed +
                       " -j 1 --commit-every 0 >/dev/null 2>&1 & pid=$!\n"
                       "while [ ! -f " +
                       killed +
                       "/CURRENT ]; do sleep 0.02; done\n"
                       "for i in 1 2 3 4; do " +
                       exe() + " export --store " + killed + " --format nquads -o " +
                       shellQuote((tmp / "during").string()) + "$i.nq || echo export-failed; " + exe() +
                       " query --store " + killed + " " + shellQuote(kCountPapers) +
                       " --format csv >/dev/null || echo query-failed; done\n"
                       "kill -9 $pid; wait $pid; echo killed $?\n";
  auto r = pgtest::run(script);
  EXPECT_EQ(r.out.find("failed"), std::string::npos) << r.out << r.err;
  EXPECT_NE(r.out.find("killed 137"), std::string::npos) << "the build had finished before the kill: " << r.out;

  auto checkWhole = [&](const std::string& nq, const std::string& what) -> size_t {
    auto got = byGraph(nq);
    size_t paper_graphs = 0;
    for (const auto& [g, quads] : got) {
      if (!full.count(g)) {
        ADD_FAILURE() << what << ": unknown graph " << g;
        continue;
      }
      if (g.find("/graph/paper/") != std::string::npos) {
        ++paper_graphs;
        EXPECT_EQ(quads, full[g]) << what << ": paper graph " << g << " is not whole";
      } else {
        for (const auto& q : quads) EXPECT_TRUE(full[g].count(q)) << what << ": stray shared fact " << q;
      }
    }
    return paper_graphs;
  };
  for (int i = 1; i <= 4; ++i) checkWhole(pgtest::readFile(tmp / ("during" + std::to_string(i) + ".nq")), "during");
  auto after = papergraph("export --store " + killed + " --format nquads");
  ASSERT_EQ(after.exit_code, 0) << after.err;
  size_t in = checkWhole(after.out, "after the kill");
  EXPECT_GT(in, 0u);
  EXPECT_LT(in, static_cast<size_t>(kPapers));

  // Running the build again completes the store: equal to the reference.
  auto resume = papergraph(withWords() + "build " + papers + " --store " + killed + " -j 1");
  ASSERT_EQ(resume.exit_code, 0) << resume.err;
  EXPECT_EQ(byGraph(papergraph("export --store " + killed + " --format nquads").out), full);

  // --force replaces every paper in one commit, which rewrites the store
  // into new files (StoreWriter::setRebuildAbove); killed while it does,
  // the store is as it was, and the next build cleans up and completes.
  std::string rewrite = exe() + " " + withWords() + "build " + papers + " --store " + killed +
                        " -j 1 --force >/dev/null 2>&1 & pid=$!\n"
                        "for i in $(seq 3000); do ls -d " + killed + "/gen-*/rebuild >/dev/null 2>&1 && break; "
                        "sleep 0.01; done\n"
                        "kill -9 $pid; wait $pid; echo killed $?\n";
  r = pgtest::run(rewrite);
  EXPECT_NE(r.out.find("killed 137"), std::string::npos) << "the rewrite had finished before the kill: " << r.out;
  EXPECT_EQ(byGraph(papergraph("export --store " + killed + " --format nquads").out), full);
  auto again = papergraph(withWords() + "build " + papers + " --store " + killed + " -j 1 --force");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(byGraph(papergraph("export --store " + killed + " --format nquads").out), full);
  size_t gens = 0;
  for (const auto& e : fs::directory_iterator(tmp / "killed")) gens += e.path().filename().string().rfind("gen-", 0) == 0;
  EXPECT_EQ(gens, 1u) << "the killed rewrite's generation is removed";
}

// Runs `papergraph serve` on a free loopback port for the test's lifetime.
class Server {
 public:
  Server(const std::string& store, const std::string& extra) {
    log_ = dir_ / "serve.log";
    auto r = pgtest::run(exe() + " serve --store " + shellQuote(store) + " --port 0 " + extra + " >" +
                         shellQuote(log_.string()) + " 2>&1 </dev/null & echo $!");
    pid_ = std::stoi(r.out);
    std::regex re("at http://127\\.0\\.0\\.1:(\\d+)/sparql");
    for (int i = 0; i < 200 && port_.empty(); ++i) {
      std::smatch m;
      std::string log = fs::exists(log_) ? pgtest::readFile(log_) : "";
      if (std::regex_search(log, m, re))
        port_ = m[1];
      else
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
  }
  ~Server() { pgtest::run("kill -TERM " + std::to_string(pid_)); }
  std::string url() const { return "http://127.0.0.1:" + port_ + "/sparql"; }
  bool up() const { return !port_.empty(); }
  std::string log() const { return pgtest::readFile(log_); }
  int pid() const { return pid_; }

 private:
  pgtest::TempDir dir_;
  fs::path log_;
  int pid_ = 0;
  std::string port_;
};

// curl: the body, then a line with the HTTP status and content type.
pgtest::RunResult curl(const std::string& args) {
  return pgtest::run("curl -s -w '\\n%{http_code} %{content_type}' " + args);
}

TEST(StoreCommands, ServeAnswersTheSparqlProtocolOverLoopback) {
  if (pgtest::run("command -v curl").exit_code != 0) GTEST_SKIP() << "curl is not installed";
  pgtest::TempDir tmp;
  std::string store = (tmp / "store").string();
  ASSERT_EQ(papergraph(withWords() + "build " + examples() + " --store " + shellQuote(store)).exit_code, 0);
  Server server(store, "--timeout 1");
  ASSERT_TRUE(server.up()) << server.log();
  std::string q = "--data-urlencode " + shellQuote(std::string("query=") + kCountPapers) + " ";

  auto json = curl("-G " + q + shellQuote(server.url()));
  EXPECT_NE(json.out.find("\"value\":\"5\""), std::string::npos) << json.out;
  EXPECT_NE(json.out.find("\n200 application/sparql-results+json"), std::string::npos) << json.out;
  auto csv = curl("-G -H 'Accept: text/csv' " + q + shellQuote(server.url()));
  EXPECT_EQ(csv.out, "n\r\n5\r\n\n200 text/csv; charset=utf-8") << csv.out;
  auto tsv = curl("-G -H 'Accept: text/tab-separated-values' " + q + shellQuote(server.url()));
  EXPECT_EQ(tsv.out.substr(0, 5), "?n\n5\n") << tsv.out;
  auto xml = curl("-G -H 'Accept: application/sparql-results+xml, */*' " + q + shellQuote(server.url()));
  EXPECT_NE(xml.out.find("<variable name=\"n\"/>"), std::string::npos) << xml.out;
  auto post = curl(q + shellQuote(server.url()));  // form-encoded POST
  EXPECT_NE(post.out.find("\n200 application/sparql-results+json"), std::string::npos) << post.out;
  auto direct = curl("-H 'Content-Type: application/sparql-query' -H 'Accept: text/csv' --data-binary " +
                     shellQuote(kCountPapers) + " " + shellQuote(server.url()));
  EXPECT_EQ(direct.out, "n\r\n5\r\n\n200 text/csv; charset=utf-8") << direct.out;

  auto refused = curl("-G --data-urlencode " + shellQuote("query=SELECT * WHERE { ?s ?p ?o MINUS { ?s a ?t } }") + " " +
                      shellQuote(server.url()));
  EXPECT_NE(refused.out.find("MINUS is refused"), std::string::npos) << refused.out;
  EXPECT_NE(refused.out.find("\n400 "), std::string::npos) << refused.out;
  auto slow = curl("-G --data-urlencode " +
                   shellQuote("query=SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }") + " " +
                   shellQuote(server.url()));
  EXPECT_NE(slow.out.find("ran longer than 1.0 s"), std::string::npos) << slow.out;
  EXPECT_NE(slow.out.find("\n503 "), std::string::npos) << slow.out;
  auto update = curl("--data-urlencode " + shellQuote("update=CLEAR ALL") + " " + shellQuote(server.url()));
  EXPECT_NE(update.out.find("\n400 "), std::string::npos) << update.out;
  // Still serving after all that.
  auto last = curl("-G -H 'Accept: text/csv' " + q + shellQuote(server.url()));
  EXPECT_EQ(last.out, "n\r\n5\r\n\n200 text/csv; charset=utf-8") << last.out;
}

}  // namespace

namespace {

// examples/queries/*.rq on a store built from examples/papers with the
// built-in plugins: each runs, within the time limit, and answers what the
// example papers say.
TEST(StoreCommands, ExampleQueriesAnswerOnTheExamplePapers) {
  pgtest::TempDir tmp;
  std::string store = shellQuote((tmp / "store").string());
  auto b = papergraph("-q build " + examples() + " --store " + store);
  ASSERT_EQ(b.exit_code, 0) << b.err;
  auto run = [&](const std::string& name) {
    auto r = papergraph("query --store " + store + " --timeout 5 --format csv " +
                        shellQuote((pgtest::sourceDir() / "examples" / "queries" / name).string()));
    EXPECT_EQ(r.exit_code, 0) << name << ": " << r.err;
    return r.out;
  };
  auto has = [](const std::string& out, const std::string& s) { return out.find(s) != std::string::npos; };
  std::string top = run("top-datasets.rq");
  EXPECT_TRUE(has(top, "https://w3id.org/papergraph/dataset/cifar-10,CIFAR-10,1\r\n")) << top;
  std::string versions = run("papers-using-dataset-or-versions.rq");
  EXPECT_TRUE(has(versions, "https://w3id.org/papergraph/paper/residual-shortcuts,")) << versions;
  EXPECT_TRUE(has(versions, ",ILSVRC 2012\r\n")) << versions;
  std::string tasks = run("tasks-per-dataset.rq");
  EXPECT_TRUE(has(tasks, "CIFAR-10,Image Classification,1\r\n")) << tasks;
  std::string introduced = run("datasets-introduced.rq");
  EXPECT_TRUE(has(introduced, "https://w3id.org/papergraph/paper/reading-comprehension,")) << introduced;
  std::string together = run("datasets-used-together.rq");
  EXPECT_TRUE(has(together, "CIFAR-10,CIFAR-100,1\r\n")) << together;
  std::string citing = run("papers-citing-introducing-reference.rq");
  EXPECT_TRUE(has(citing, "CIFAR-10,https://w3id.org/papergraph/reference/")) << citing;
  EXPECT_TRUE(has(citing, "https://w3id.org/papergraph/paper/residual-shortcuts")) << citing;
}

// ------------------------------------------------------------ Virtuoso

// A free TCP port on 127.0.0.1 (bound and released: another process could
// take it in between, which only makes the server fail to start).
int freeLoopbackPort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
    if (fd >= 0) ::close(fd);
    return 0;
  }
  ::close(fd);
  return ntohs(a.sin_port);
}

// A Virtuoso server of its own: a database in a temporary folder, SQL/ODBC
// on a free loopback port, no HTTP listener; killed (SIGKILL) when the
// object dies. An odbc.ini beside it defines the DSN "pgtest".
class VirtuosoServer {
 public:
  VirtuosoServer(const fs::path& dir, const std::string& driver) : dir_(dir) {
    port_ = freeLoopbackPort();
    fs::create_directories(dir);
    std::string d = dir.string();
    pgtest::writeFile(dir / "virtuoso.ini",
                      "[Database]\nDatabaseFile = " + d + "/v.db\nErrorLogFile = " + d + "/v.log\nLockFile = " + d +
                          "/v.lck\nTransactionFile = " + d + "/v.trx\nxa_persistent_file = " + d +
                          "/v.pxa\nStriping = 0\nTempStorage = TempDatabase\n[TempDatabase]\nDatabaseFile = " + d +
                          "/v-temp.db\nTransactionFile = " + d + "/v-temp.trx\nStriping = 0\n[Parameters]\n" +
                          "ServerPort = 127.0.0.1:" + std::to_string(port_) +
                          "\nDisableUnixSocket = 1\nMaxClientConnections = 8\nCheckpointInterval = 0\n"
                          "NumberOfBuffers = 10000\nMaxDirtyBuffers = 6000\nThreadsPerQuery = 1\nDirsAllowed = " +
                          d + "\n[SPARQL]\nResultSetMaxRows = 1000000\nMaxQueryExecutionTime = 60\n");
    pgtest::writeFile(dir / "odbc.ini", "[pgtest]\nDriver = " + driver + "\nAddress = 127.0.0.1:" +
                                            std::to_string(port_) + "\n");
    if (port_ == 0) return;
    pid_ = ::fork();
    if (pid_ == 0) {
      ::chdir(d.c_str());
      std::string log = d + "/server.out";
      FILE* out = std::freopen(log.c_str(), "w", stdout);
      if (out) ::dup2(::fileno(stdout), STDERR_FILENO);
      ::execlp("virtuoso-t", "virtuoso-t", "-f", "-c", (d + "/virtuoso.ini").c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
  }
  ~VirtuosoServer() {
    if (pid_ > 0) {
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
  }
  // Waits until the server says it is online (a fresh database takes tens
  // of seconds to create); false when it died or took longer than `limit`.
  bool waitOnline(std::chrono::seconds limit) {
    auto until = std::chrono::steady_clock::now() + limit;
    while (pid_ > 0 && std::chrono::steady_clock::now() < until) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) {
        pid_ = -1;
        return false;
      }
      std::error_code ec;
      if (fs::exists(dir_ / "server.out", ec) &&
          pgtest::readFile(dir_ / "server.out").find("Server online") != std::string::npos)
        return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    return false;
  }
  std::string log() const {
    std::error_code ec;
    return fs::exists(dir_ / "server.out", ec) ? pgtest::readFile(dir_ / "server.out") : "";
  }
  fs::path odbcIni() const { return dir_ / "odbc.ini"; }

 private:
  fs::path dir_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// Virtuoso's ODBC driver as Debian installs it (libvirtodbc0), "" when absent.
std::string virtuosoDriver() {
  for (const char* p : {"/usr/lib/x86_64-linux-gnu/odbc/virtodbc.so", "/usr/lib/aarch64-linux-gnu/odbc/virtodbc.so",
                        "/usr/lib/odbc/virtodbc.so"}) {
    std::error_code ec;
    if (fs::exists(p, ec)) return p;
  }
  return "";
}

// The same papers built into a Virtuoso server and into the embedded store:
// the same quads exported, the same answers to every example query.
TEST(StoreCommands, AVirtuosoServerStoresAndAnswersLikeTheEmbeddedStore) {
  std::string driver = virtuosoDriver();
  if (pgtest::run("command -v virtuoso-t").exit_code != 0 || driver.empty())
    GTEST_SKIP() << "Virtuoso is not installed (packages virtuoso-opensource, librdf-storage-virtuoso; "
                    "scripts/install-deps.sh installs them); skipped";
  pgtest::TempDir tmp;
  VirtuosoServer server(tmp / "virtuoso", driver);
  ASSERT_TRUE(server.waitOnline(std::chrono::seconds(240))) << "the Virtuoso server did not start:\n" << server.log();
  const std::string env = "ODBCINI=" + shellQuote(server.odbcIni().string()) + " ";
  const std::string vstore = shellQuote("virtuoso:dsn=pgtest,user=dba,password=dba");
  const std::string store = shellQuote((tmp / "store").string());

  auto vb = pgtest::run(env + exe() + " -q build " + examples() + " --store " + vstore);
  ASSERT_EQ(vb.exit_code, 0) << vb.err;
  auto b = papergraph("-q build " + examples() + " --store " + store);
  ASSERT_EQ(b.exit_code, 0) << b.err;
  // A second build finds every paper unchanged in the server's manifest.
  auto again = pgtest::run(env + exe() + " build " + examples() + " --store " + vstore);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.err.find("0 papers added, 0 replaced, 5 unchanged"), std::string::npos) << again.err;

  auto ve = pgtest::run(env + exe() + " export --format nquads --store " + vstore);
  ASSERT_EQ(ve.exit_code, 0) << ve.err;
  auto e = papergraph("export --format nquads --store " + store);
  ASSERT_EQ(e.exit_code, 0) << e.err;
  EXPECT_GT(lines(e.out).size(), 50u);
  EXPECT_EQ(setDiff(canonicalDecimals(lines(ve.out)), canonicalDecimals(lines(e.out))), "");

  for (const auto& q : fs::directory_iterator(pgtest::sourceDir() / "examples" / "queries")) {
    if (q.path().extension() != ".rq") continue;
    std::string rq = shellQuote(q.path().string());
    auto vr = pgtest::run(env + exe() + " query --format csv --timeout 20 --store " + vstore + " " + rq);
    auto r = papergraph("query --format csv --timeout 20 --store " + store + " " + rq);
    ASSERT_EQ(vr.exit_code, 0) << q.path().filename() << ": " << vr.err;
    ASSERT_EQ(r.exit_code, 0) << q.path().filename() << ": " << r.err;
    EXPECT_GT(lines(r.out).size(), 1u) << q.path().filename();
    EXPECT_EQ(setDiff(lines(vr.out), lines(r.out)), "") << q.path().filename();
  }
}

}  // namespace
