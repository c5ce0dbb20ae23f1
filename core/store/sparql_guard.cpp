#include "store/sparql_guard.hpp"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <vector>

namespace papergraph {
namespace {

enum class Tok { kName, kPrefixed, kIri, kVar, kString, kNumber, kLang, kPunct, kEnd };

struct Token {
  Tok kind = Tok::kEnd;
  std::string text;  // names and punctuation; empty for strings and IRIs
  size_t line = 1, column = 1;
};

bool nameByte(unsigned char c) { return std::isalnum(c) || c == '_' || c == '-' || c == ':' || c == '.' || c >= 0x80; }
bool varByte(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

// Splits a query into tokens; strings, IRIs and comments are single tokens
// (or skipped), so what they contain is never taken for syntax.
class Lexer {
 public:
  explicit Lexer(std::string_view q) : q_(q) {}

  Token next() {
    skipSpaceAndComments();
    Token t;
    t.line = line_;
    t.column = column_;
    if (i_ >= q_.size()) return t;
    unsigned char c = q_[i_];
    if (c == '"' || c == '\'') {
      lexString();
      t.kind = Tok::kString;
    } else if (c == '<' && iriAhead()) {
      t.kind = Tok::kIri;
    } else if ((c == '?' || c == '$') && i_ + 1 < q_.size() && varByte(q_[i_ + 1])) {
      advance(1);
      while (i_ < q_.size() && varByte(q_[i_])) advance(1);
      t.kind = Tok::kVar;
    } else if (c == '@' && i_ + 1 < q_.size() && std::isalpha(static_cast<unsigned char>(q_[i_ + 1]))) {
      advance(1);
      while (i_ < q_.size() && (std::isalnum(static_cast<unsigned char>(q_[i_])) || q_[i_] == '-')) advance(1);
      t.kind = Tok::kLang;
    } else if (std::isdigit(c)) {
      while (i_ < q_.size() && (std::isalnum(static_cast<unsigned char>(q_[i_])) || q_[i_] == '.')) advance(1);
      t.kind = Tok::kNumber;
    } else if (nameByte(c) && c != '.' && c != '-') {
      size_t start = i_;
      while (i_ < q_.size() && nameByte(q_[i_])) advance(1);
      while (i_ > start + 1 && q_[i_ - 1] == '.') back(1);  // a name does not end with '.'
      t.text = std::string(q_.substr(start, i_ - start));
      t.kind = t.text.find(':') == std::string::npos ? Tok::kName : Tok::kPrefixed;
    } else {
      static const char* two[] = {"^^", "||", "&&", "!=", "<=", ">="};
      t.kind = Tok::kPunct;
      for (const char* op : two) {
        if (q_.substr(i_, 2) == op) {
          t.text = op;
          advance(2);
          return t;
        }
      }
      t.text = std::string(1, static_cast<char>(c));
      advance(1);
    }
    return t;
  }

 private:
  void advance(size_t n) {
    for (size_t k = 0; k < n && i_ < q_.size(); ++k, ++i_) {
      if (q_[i_] == '\n') {
        ++line_;
        column_ = 1;
      } else if ((static_cast<unsigned char>(q_[i_]) & 0xC0) != 0x80) {
        ++column_;
      }
    }
  }
  void back(size_t n) {  // only within one line
    i_ -= n;
    column_ -= n;
  }
  void skipSpaceAndComments() {
    while (i_ < q_.size()) {
      unsigned char c = q_[i_];
      if (std::isspace(c)) {
        advance(1);
      } else if (c == '#') {
        while (i_ < q_.size() && q_[i_] != '\n') advance(1);
      } else {
        break;
      }
    }
  }
  void lexString() {
    char quote = q_[i_];
    bool longForm = q_.substr(i_, 3) == std::string(3, quote);
    advance(longForm ? 3 : 1);
    while (i_ < q_.size()) {
      if (q_[i_] == '\\') {
        advance(2);
      } else if (longForm && q_.substr(i_, 3) == std::string(3, quote)) {
        advance(3);
        return;
      } else if (!longForm && q_[i_] == quote) {
        advance(1);
        return;
      } else {
        advance(1);
      }
    }
  }
  // An IRIREF: '<' then no space or <>"{}|^`\ up to '>'. Otherwise '<' is
  // the less-than operator.
  bool iriAhead() {
    for (size_t j = i_ + 1; j < q_.size(); ++j) {
      unsigned char c = q_[j];
      if (c == '>') {
        advance(j + 1 - i_);
        return true;
      }
      if (c <= 0x20 || std::strchr("<\"{}|^`\\", c)) return false;
    }
    return false;
  }

  std::string_view q_;
  size_t i_ = 0, line_ = 1, column_ = 1;
};

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

struct Refusal {
  const char* keyword;
  const char* construct;
  const char* advice;
};

const char* kUpdateAdvice =
    "SPARQL Update is not supported: the store is read-only to queries (change it with 'papergraph build')";

const Refusal kRefusedKeywords[] = {
    {"EXISTS", "EXISTS / NOT EXISTS",
     "Rasqal 0.9.33 cannot parse it; for NOT EXISTS write OPTIONAL { ... } FILTER(!BOUND(?v)), for EXISTS a "
     "plain join"},
    {"MINUS", "MINUS", "fails in Rasqal 0.9.33; write OPTIONAL { ... } FILTER(!BOUND(?v)) instead"},
    {"DESCRIBE", "DESCRIBE", "fails in Rasqal 0.9.33; write CONSTRUCT { <x> ?p ?o } WHERE { <x> ?p ?o }"},
    {"VALUES", "VALUES",
     "crashes or gives wrong answers in Rasqal 0.9.33; write FILTER(?x = <a> || ?x = <b>) or a UNION"},
    {"BINDINGS", "BINDINGS", "crashes or gives wrong answers in Rasqal 0.9.33; write a FILTER or a UNION"},
    {"CONCAT", "CONCAT", "corrupts memory in Rasqal 0.9.33; return the parts as separate columns"},
    {"SEPARATOR", "GROUP_CONCAT separator",
     "Rasqal 0.9.33 ignores it and always joins with a space; drop the separator"},
    {"SERVICE", "SERVICE", "federated queries are not supported"},
    {"INSERT", "INSERT", kUpdateAdvice},
    {"DELETE", "DELETE", kUpdateAdvice},
    {"LOAD", "LOAD", kUpdateAdvice},
    {"CLEAR", "CLEAR", kUpdateAdvice},
    {"DROP", "DROP", kUpdateAdvice},
    {"CREATE", "CREATE", kUpdateAdvice},
    {"ADD", "ADD", kUpdateAdvice},
    {"MOVE", "MOVE", kUpdateAdvice},
    {"COPY", "COPY", kUpdateAdvice},
    {"WITH", "WITH", kUpdateAdvice},
};

const char* kPathAdvice =
    "property paths are not supported by Rasqal 0.9.33: write each step as its own triple pattern "
    "(?a p1 ?x . ?x p2 ?b) and alternatives as a UNION";

GuardVerdict refuse(const Token& t, const std::string& construct, const std::string& advice) {
  GuardVerdict v;
  v.ok = false;
  v.construct = construct;
  v.line = t.line;
  v.column = t.column;
  v.message = "line " + std::to_string(t.line) + ", column " + std::to_string(t.column) + ": " + construct +
              " is refused: " + advice;
  return v;
}

}  // namespace

GuardVerdict checkSparql(std::string_view query) {
  Lexer lexer(query);
  int braces = 0;
  std::vector<bool> parens;  // true: an expression's parentheses
  bool select_clause = false;
  Token prev;
  for (Token t = lexer.next(); t.kind != Tok::kEnd; prev = t, t = lexer.next()) {
    if (t.kind == Tok::kName) {
      std::string k = upper(t.text);
      for (const auto& r : kRefusedKeywords)
        if (k == r.keyword) return refuse(t, r.construct, r.advice);
      if (k == "SELECT") select_clause = true;
      if (k == "WHERE") select_clause = false;
      continue;
    }
    if (t.kind != Tok::kPunct) continue;
    const std::string& p = t.text;
    bool in_expression = select_clause || (!parens.empty() && parens.back());
    bool pattern_position = braces > 0 && !in_expression;
    bool after_predicate = prev.kind == Tok::kIri || prev.kind == Tok::kPrefixed ||
                           (prev.kind == Tok::kName && prev.text == "a") ||
                           (prev.kind == Tok::kPunct && prev.text == ")");
    if (p == "{") {
      ++braces;
      select_clause = false;
    } else if (p == "}") {
      --braces;
    } else if (p == "(") {
      bool expr = in_expression || prev.kind == Tok::kName || prev.kind == Tok::kPrefixed || prev.kind == Tok::kIri;
      parens.push_back(expr);
    } else if (p == ")") {
      if (!parens.empty()) parens.pop_back();
    } else if (p == "|" || p == "^" || p == "?") {
      return refuse(t, "property path '" + p + "'", kPathAdvice);
    } else if (pattern_position && (p == "/" || p == "!")) {
      return refuse(t, "property path '" + p + "'", kPathAdvice);
    } else if (pattern_position && (p == "*" || p == "+") && after_predicate) {
      return refuse(t, "property path '" + p + "'", kPathAdvice);
    }
  }
  return GuardVerdict{};
}

Status guardSparql(std::string_view query) {
  GuardVerdict v = checkSparql(query);
  if (v.ok) return Status::ok();
  return unsupported(v.message);
}

bool sparqlUsesNamedGraphs(std::string_view query) {
  Lexer lexer(query);
  for (Token t = lexer.next(); t.kind != Tok::kEnd; t = lexer.next()) {
    if (t.kind != Tok::kName) continue;
    std::string k = upper(t.text);
    if (k == "GRAPH" || k == "NAMED") return true;
  }
  return false;
}

std::string stripSparqlComments(std::string_view q) {
  std::string out(q);
  size_t i = 0;
  while (i < q.size()) {
    char c = q[i];
    if (c == '"' || c == '\'') {
      bool longForm = q.substr(i, 3) == std::string(3, c);
      i += longForm ? 3 : 1;
      while (i < q.size()) {
        if (q[i] == '\\') {
          i += 2;
        } else if (longForm ? q.substr(i, 3) == std::string(3, c) : q[i] == c) {
          i += longForm ? 3 : 1;
          break;
        } else {
          ++i;
        }
      }
    } else if (c == '<') {  // an IRIREF runs to '>' without spaces; else '<' is an operator
      size_t j = i + 1;
      while (j < q.size() && q[j] != '>' && static_cast<unsigned char>(q[j]) > 0x20 && !std::strchr("<\"{}|^`\\", q[j]))
        ++j;
      i = (j < q.size() && q[j] == '>') ? j + 1 : i + 1;
    } else if (c == '#') {
      while (i < q.size() && q[i] != '\n') out[i++] = ' ';
    } else {
      ++i;
    }
  }
  return out;
}

}  // namespace papergraph
