#include "store/query_runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <nlohmann/json.hpp>

#include "common/utf8.hpp"
#include "store/sparql_guard.hpp"

namespace papergraph {

using nlohmann::json;

namespace {

json termJson(const RdfTerm& t) {
  json j;
  switch (t.kind) {
    case RdfTerm::Kind::kIri:
      j = {{"type", "uri"}, {"value", t.value}};
      break;
    case RdfTerm::Kind::kBlank:
      j = {{"type", "bnode"}, {"value", t.value}};
      break;
    case RdfTerm::Kind::kLiteral:
      j = {{"type", "literal"}, {"value", t.value}};
      if (!t.lang.empty()) j["xml:lang"] = t.lang;
      if (!t.datatype.empty()) j["datatype"] = t.datatype;
      break;
    case RdfTerm::Kind::kUnbound:
      break;
  }
  return j;
}

// Writes all of s to fd (the child's end of the pipe).
bool writeAll(int fd, const std::string& s) {
  size_t done = 0;
  while (done < s.size()) {
    ssize_t n = ::write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

bool validUtf8(std::string_view s) { return invalidUtf8At(s) == std::string_view::npos; }

// The child's answer on the pipe. Both ends are this program, so it is a
// plain binary form, far cheaper than JSON for large results (escaping and
// parsing a few MB of JSON cost more than many queries): a tag byte, then
// fields; a number is a uint64 in native order, a string its length and
// bytes.
//   'E' code message          an error
//   'A' engine 0|1            an ASK answer
//   'G' engine ntriples       a CONSTRUCT result
//   'B' engine nvars var... nrows, then per row and var: kind, value, lang,
//       datatype
// (engine: QueryResult::engine, which engine answered).
class WireWriter {
 public:
  void tag(char t) { out_.push_back(t); }
  void number(uint64_t n) { out_.append(reinterpret_cast<const char*>(&n), sizeof n); }
  void text(const std::string& s) {
    number(s.size());
    out_ += s;
  }
  std::string& bytes() { return out_; }

 private:
  std::string out_;
};

class WireReader {
 public:
  explicit WireReader(const std::string& in) : in_(in) {}
  bool ok() const { return ok_; }
  bool atEnd() const { return at_ == in_.size(); }
  char tag() { return need(1) ? in_[at_++] : '\0'; }
  uint64_t number() {
    uint64_t n = 0;
    if (need(sizeof n)) {
      std::memcpy(&n, in_.data() + at_, sizeof n);
      at_ += sizeof n;
    }
    return n;
  }
  std::string text() {
    uint64_t n = number();
    if (!need(n)) return {};
    std::string s = in_.substr(at_, n);
    at_ += n;
    return s;
  }

 private:
  bool need(uint64_t n) {
    if (ok_ && in_.size() - at_ >= n) return true;
    ok_ = false;
    return false;
  }
  const std::string& in_;
  size_t at_ = 0;
  bool ok_ = true;
};

std::string encodeError(const Status& status) {
  WireWriter w;
  w.tag('E');
  w.number(static_cast<uint64_t>(status.code()));
  std::string message = status.message();
  if (!validUtf8(message))
    for (auto& c : message)
      if (static_cast<unsigned char>(c) >= 0x80) c = '?';
  w.text(message);
  return std::move(w.bytes());
}

// The result on the wire, or an error when the engine returned bytes that
// are not UTF-8 (Rasqal faults corrupt strings).
std::string encodeResult(const QueryResult& r) {
  const Status garbage(StatusCode::kInternal,
                       "the SPARQL engine returned bytes that are not UTF-8 (a Rasqal fault); the result was discarded");
  WireWriter w;
  if (r.type == QueryResult::Type::kBoolean) {
    w.tag('A');
    w.text(r.engine);
    w.number(r.boolean ? 1 : 0);
  } else if (r.type == QueryResult::Type::kGraph) {
    if (!validUtf8(r.ntriples)) return encodeError(garbage);
    w.tag('G');
    w.text(r.engine);
    w.text(r.ntriples);
  } else {
    w.tag('B');
    w.text(r.engine);
    w.number(r.vars.size());
    for (const auto& v : r.vars) w.text(v);
    w.number(r.rows.size());
    for (const auto& row : r.rows) {
      for (size_t i = 0; i < r.vars.size(); ++i) {
        const RdfTerm& t = i < row.size() ? row[i] : RdfTerm{};
        if (!validUtf8(t.value) || !validUtf8(t.lang) || !validUtf8(t.datatype)) return encodeError(garbage);
        w.number(static_cast<uint64_t>(t.kind));
        w.text(t.value);
        w.text(t.lang);
        w.text(t.datatype);
      }
    }
  }
  return std::move(w.bytes());
}

StatusOr<QueryResult> decodeResult(const std::string& bytes) {
  const Status bad(StatusCode::kInternal, "the query process sent no valid result");
  WireReader in(bytes);
  QueryResult r;
  char tag = in.tag();
  if (tag == 'A' || tag == 'G' || tag == 'B') r.engine = in.text();
  switch (tag) {
    case 'E': {
      auto code = static_cast<StatusCode>(in.number());
      std::string message = in.text();
      if (!in.ok()) return bad;
      return Status(code, message);
    }
    case 'A':
      r.type = QueryResult::Type::kBoolean;
      r.boolean = in.number() != 0;
      break;
    case 'G':
      r.type = QueryResult::Type::kGraph;
      r.ntriples = in.text();
      break;
    case 'B': {
      uint64_t nvars = in.number();
      for (uint64_t i = 0; i < nvars && in.ok(); ++i) r.vars.push_back(in.text());
      uint64_t nrows = in.number();
      for (uint64_t n = 0; n < nrows && in.ok(); ++n) {
        std::vector<RdfTerm> row(r.vars.size());
        for (auto& t : row) {
          uint64_t kind = in.number();
          if (kind > static_cast<uint64_t>(RdfTerm::Kind::kBlank)) return bad;
          t.kind = static_cast<RdfTerm::Kind>(kind);
          t.value = in.text();
          t.lang = in.text();
          t.datatype = in.text();
        }
        r.rows.push_back(std::move(row));
      }
      break;
    }
    default:
      return bad;
  }
  if (!in.ok() || !in.atEnd()) return bad;
  return r;
}

// The child: run the query, send the result, exit without running the
// parent's destructors or atexit handlers.
[[noreturn]] void childMain(int fd, const std::string& store_dir, const std::string& sparql,
                            const QueryRunLimits& limits) {
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the caller
  if (limits.max_memory_mb) {
    rlimit rl{};
    rl.rlim_cur = rl.rlim_max = static_cast<rlim_t>(limits.max_memory_mb) << 20;
    ::setrlimit(RLIMIT_AS, &rl);
  }
  if (limits.timeout_seconds > 0) ::alarm(static_cast<unsigned>(limits.timeout_seconds) + 2);  // a second line
  std::string out;
  try {
    auto snap = StoreSnapshot::open(store_dir, /*read_papers=*/false, sparqlUsesNamedGraphs(sparql));
    StatusOr<QueryResult> r =
        snap.isOk() ? (*snap)->query(sparql, limits.result, limits.engine) : StatusOr<QueryResult>(snap.status());
    out = r.isOk() ? encodeResult(*r) : encodeError(r.status());
  } catch (const std::exception& e) {
    out = encodeError(Status(StatusCode::kInternal, e.what()));
  }
  writeAll(fd, out);
  ::close(fd);
  ::_exit(0);
}

}  // namespace

StatusOr<QueryResult> runQuery(const std::string& store_dir, const std::string& sparql, const QueryRunLimits& limits) {
  if (Status s = guardSparql(sparql); !s.isOk()) return s;
  return runQueryUnguarded(store_dir, sparql, limits);
}

StatusOr<QueryResult> runQueryUnguarded(const std::string& store_dir, const std::string& sparql,
                                        const QueryRunLimits& limits) {
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) return ioError(std::string("pipe: ") + std::strerror(errno));
  pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    return ioError(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    ::close(fds[0]);
    childMain(fds[1], store_dir, sparql, limits);
  }
  ::close(fds[1]);
  using Clock = std::chrono::steady_clock;
  auto deadline = Clock::now() + std::chrono::milliseconds(limits.timeout_seconds > 0
                                                               ? static_cast<int64_t>(limits.timeout_seconds * 1000)
                                                               : int64_t{1} << 40);
  // The child checks the size limit itself; this cap only guards against a
  // child that does not stop (the wire form is larger than the limit's raw
  // bytes).
  uint64_t cap = limits.result.max_bytes ? limits.result.max_bytes * 4 + (1 << 20) : uint64_t{8} << 30;
  std::string data;
  Status failure = Status::ok();
  char buf[1 << 16];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) {
      failure = Status(
          StatusCode::kTimeout,
          "the query ran longer than " +
              std::to_string(limits.timeout_seconds).substr(0, std::to_string(limits.timeout_seconds).find('.') + 2) +
              " s and was stopped");
      break;
    }
    pollfd p{fds[0], POLLIN, 0};
    int rc = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left, 1000)));
    if (rc < 0 && errno == EINTR) continue;
    if (rc < 0) {
      failure = ioError(std::string("poll: ") + std::strerror(errno));
      break;
    }
    if (rc == 0) continue;
    ssize_t n = ::read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the child is done (or died)
    data.append(buf, static_cast<size_t>(n));
    if (data.size() > cap) {
      failure = unsupported("the result is larger than the size limit");
      break;
    }
  }
  ::close(fds[0]);
  if (!failure.isOk()) ::kill(pid, SIGKILL);
  int wstatus = 0;
  while (::waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  if (!failure.isOk()) return failure;
  if (WIFSIGNALED(wstatus)) {
    int sig = WTERMSIG(wstatus);
    if (sig == SIGALRM) return Status(StatusCode::kTimeout, "the query ran too long and was stopped");
    return Status(StatusCode::kInternal, std::string("the SPARQL engine crashed on this query (") + strsignal(sig) +
                                             "); nothing else was affected");
  }
  auto r = decodeResult(data);
  if (!r.isOk() && data.empty())
    return Status(StatusCode::kInternal, "the query process ended without a result (out of memory?)");
  return r;
}

std::optional<ResultFormat> resultFormatFromName(std::string_view name) {
  if (name == "table") return ResultFormat::kTable;
  if (name == "csv") return ResultFormat::kCsv;
  if (name == "tsv") return ResultFormat::kTsv;
  if (name == "json") return ResultFormat::kJson;
  if (name == "xml") return ResultFormat::kXml;
  return std::nullopt;
}

std::string resultToJson(const QueryResult& r) {
  json j;
  if (r.type == QueryResult::Type::kGraph) {
    j["ntriples"] = r.ntriples;
  } else if (r.type == QueryResult::Type::kBoolean) {
    j["head"] = json::object();
    j["boolean"] = r.boolean;
  } else {
    j["head"]["vars"] = r.vars;
    json rows = json::array();
    for (const auto& row : r.rows) {
      json b = json::object();
      for (size_t i = 0; i < row.size() && i < r.vars.size(); ++i)
        if (row[i].kind != RdfTerm::Kind::kUnbound) b[r.vars[i]] = termJson(row[i]);
      rows.push_back(std::move(b));
    }
    j["results"]["bindings"] = std::move(rows);
  }
  return j.dump();
}

namespace {

const std::pair<const char*, const char*> kPrefixes[] = {
    {"pg:", "https://w3id.org/papergraph/ontology#"},
    {"dcat:", "http://www.w3.org/ns/dcat#"},
    {"dcterms:", "http://purl.org/dc/terms/"},
    {"foaf:", "http://xmlns.com/foaf/0.1/"},
    {"cito:", "http://purl.org/spar/cito/"},
    {"fabio:", "http://purl.org/spar/fabio/"},
    {"prov:", "http://www.w3.org/ns/prov#"},
    {"skos:", "http://www.w3.org/2004/02/skos/core#"},
    {"rdf:", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"},
    {"rdfs:", "http://www.w3.org/2000/01/rdf-schema#"},
    {"xsd:", "http://www.w3.org/2001/XMLSchema#"},
    {"owl:", "http://www.w3.org/2002/07/owl#"},
};

std::string shortIri(const std::string& iri) {
  for (const auto& [prefix, ns] : kPrefixes) {
    size_t n = std::strlen(ns);
    if (iri.compare(0, n, ns) == 0 && iri.find_first_of("/#", n) == std::string::npos) return prefix + iri.substr(n);
  }
  return "<" + iri + ">";
}

// Display width: code points, control characters shown as spaces.
size_t width(const std::string& s) {
  size_t w = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++w;
  return w;
}

std::string oneLine(std::string s) {
  for (auto& c : s)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return s;
}

bool isNumeric(const RdfTerm& t) {
  static const std::string x = "http://www.w3.org/2001/XMLSchema#";
  return t.kind == RdfTerm::Kind::kLiteral &&
         (t.datatype == x + "integer" || t.datatype == x + "decimal" || t.datatype == x + "double");
}

std::string escapeTurtle(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string escapeXml(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '&':
        out += "&amp;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string csvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string tsvTerm(const RdfTerm& t) {
  switch (t.kind) {
    case RdfTerm::Kind::kUnbound:
      return "";
    case RdfTerm::Kind::kIri:
      return "<" + t.value + ">";
    case RdfTerm::Kind::kBlank:
      return "_:" + t.value;
    case RdfTerm::Kind::kLiteral:
      if (isNumeric(t)) return t.value;
      if (!t.lang.empty()) return "\"" + escapeTurtle(t.value) + "\"@" + t.lang;
      if (!t.datatype.empty()) return "\"" + escapeTurtle(t.value) + "\"^^<" + t.datatype + ">";
      return "\"" + escapeTurtle(t.value) + "\"";
  }
  return "";
}

std::string tableCell(const RdfTerm& t) {
  switch (t.kind) {
    case RdfTerm::Kind::kUnbound:
      return "";
    case RdfTerm::Kind::kIri:
      return shortIri(t.value);
    case RdfTerm::Kind::kBlank:
      return "_:" + t.value;
    case RdfTerm::Kind::kLiteral:
      return oneLine(t.value) + (t.lang.empty() ? "" : "@" + t.lang);
  }
  return "";
}

}  // namespace

std::string formatResult(const QueryResult& r, ResultFormat format) {
  if (r.type == QueryResult::Type::kGraph) return r.ntriples;
  if (format == ResultFormat::kJson) return resultToJson(r) + "\n";
  if (r.type == QueryResult::Type::kBoolean) {
    switch (format) {
      case ResultFormat::kXml:
        return std::string(
                   "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n"
                   "  <head/>\n  <boolean>") +
               (r.boolean ? "true" : "false") + "</boolean>\n</sparql>\n";
      case ResultFormat::kCsv:
        return std::string("_askResult\r\n") + (r.boolean ? "true" : "false") + "\r\n";
      case ResultFormat::kTsv:
        return std::string("?_askResult\n") + (r.boolean ? "true" : "false") + "\n";
      default:
        return r.boolean ? "true\n" : "false\n";
    }
  }
  std::string out;
  switch (format) {
    case ResultFormat::kCsv:
      for (size_t i = 0; i < r.vars.size(); ++i) out += (i ? "," : "") + csvField(r.vars[i]);
      out += "\r\n";
      for (const auto& row : r.rows) {
        for (size_t i = 0; i < row.size(); ++i)
          out += (i ? "," : "") + csvField(row[i].kind == RdfTerm::Kind::kBlank ? "_:" + row[i].value : row[i].value);
        out += "\r\n";
      }
      return out;
    case ResultFormat::kTsv:
      for (size_t i = 0; i < r.vars.size(); ++i) out += (i ? "\t?" : "?") + r.vars[i];
      out += "\n";
      for (const auto& row : r.rows) {
        for (size_t i = 0; i < row.size(); ++i) out += (i ? "\t" : "") + tsvTerm(row[i]);
        out += "\n";
      }
      return out;
    case ResultFormat::kXml: {
      out = "<?xml version=\"1.0\"?>\n<sparql xmlns=\"http://www.w3.org/2005/sparql-results#\">\n  <head>\n";
      for (const auto& v : r.vars) out += "    <variable name=\"" + escapeXml(v) + "\"/>\n";
      out += "  </head>\n  <results>\n";
      for (const auto& row : r.rows) {
        out += "    <result>\n";
        for (size_t i = 0; i < row.size(); ++i) {
          const RdfTerm& t = row[i];
          if (t.kind == RdfTerm::Kind::kUnbound) continue;
          out += "      <binding name=\"" + escapeXml(r.vars[i]) + "\">";
          if (t.kind == RdfTerm::Kind::kIri) {
            out += "<uri>" + escapeXml(t.value) + "</uri>";
          } else if (t.kind == RdfTerm::Kind::kBlank) {
            out += "<bnode>" + escapeXml(t.value) + "</bnode>";
          } else {
            out += "<literal";
            if (!t.lang.empty()) out += " xml:lang=\"" + escapeXml(t.lang) + "\"";
            if (!t.datatype.empty()) out += " datatype=\"" + escapeXml(t.datatype) + "\"";
            out += ">" + escapeXml(t.value) + "</literal>";
          }
          out += "</binding>\n";
        }
        out += "    </result>\n";
      }
      return out + "  </results>\n</sparql>\n";
    }
    case ResultFormat::kTable:
    case ResultFormat::kJson:
      break;
  }
  // The aligned table.
  std::vector<std::vector<std::string>> cells;
  std::vector<size_t> widths;
  for (const auto& v : r.vars) widths.push_back(width(v));
  for (const auto& row : r.rows) {
    std::vector<std::string> line;
    for (size_t i = 0; i < row.size(); ++i) {
      line.push_back(tableCell(row[i]));
      widths[i] = std::max(widths[i], width(line.back()));
    }
    cells.push_back(std::move(line));
  }
  auto emitRow = [&](const std::vector<std::string>& line) {
    std::string s;
    for (size_t i = 0; i < line.size(); ++i) {
      s += line[i];
      if (i + 1 < line.size()) s += std::string(widths[i] - width(line[i]) + 2, ' ');
    }
    while (!s.empty() && s.back() == ' ') s.pop_back();
    out += s + "\n";
  };
  emitRow(r.vars);
  std::vector<std::string> rule;
  for (size_t w : widths) rule.push_back(std::string(w, '-'));
  emitRow(rule);
  for (const auto& line : cells) emitRow(line);
  out += "(" + std::to_string(r.rows.size()) + (r.rows.size() == 1 ? " row)\n" : " rows)\n");
  return out;
}

}  // namespace papergraph
