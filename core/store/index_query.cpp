#include "store/index_query.hpp"

#include <rasqal.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace papergraph {
namespace {

constexpr uint32_t kNone = QueryIndex::kNone;
const std::string kXsd = "http://www.w3.org/2001/XMLSchema#";

// Thrown while compiling or evaluating when the query (or a value it meets)
// is outside what this evaluator answers; the caller then asks Rasqal.
struct Declined {
  std::string why;
};
[[noreturn]] void decline(std::string why) { throw Declined{std::move(why)}; }

// A damaged index file is declined like a query it cannot answer: Rasqal
// answers, and the reason names the file and the damage.
[[noreturn]] void damaged(const QueryIndex& ix, const char* why) {
  decline(ix.path() + ": damaged query index: " + why);
}

// The term an id of a solution names (ids were checked when bound).
TermView termOf(const QueryIndex& ix, uint32_t id) {
  TermView t = ix.term(id);
  if (t.kind == RdfTerm::Kind::kUnbound) damaged(ix, "a term's bytes do not decode");
  return t;
}

// ---------------------------------------------------------------- values

bool isNumericType(std::string_view dt) {
  if (dt.substr(0, kXsd.size()) != kXsd) return false;
  static const std::set<std::string_view> kNumeric = {
      "integer", "decimal", "float", "double", "int", "long", "short", "byte", "nonNegativeInteger",
      "positiveInteger", "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong", "unsignedShort",
      "unsignedByte"};
  return kNumeric.count(dt.substr(kXsd.size())) != 0;
}

// A simple literal or an xsd:string: the literals compared as strings.
bool isStringLiteral(const TermView& t) {
  return t.kind == RdfTerm::Kind::kLiteral && t.lang.empty() &&
         (t.datatype.empty() || t.datatype == "http://www.w3.org/2001/XMLSchema#string");
}
bool isNumericLiteral(const TermView& t) { return t.kind == RdfTerm::Kind::kLiteral && isNumericType(t.datatype); }

double numericValue(const TermView& t) {
  std::string s(t.value);
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (s.empty() || *end != '\0') decline("a numeric literal that is not a number (\"" + s + "\")");
  return d;
}

int sign(double d) { return d < 0 ? -1 : d > 0 ? 1 : 0; }
int sign(int c) { return c < 0 ? -1 : c > 0 ? 1 : 0; }

bool sameTerm(const TermView& a, const TermView& b) {
  return a.kind == b.kind && a.value == b.value && a.datatype == b.datatype && a.lang == b.lang;
}

// A FILTER value: an error, a term, or a boolean.
struct Val {
  enum Kind { kErr, kTerm, kBool } kind = kErr;
  TermView term;
  bool b = false;
  static Val err() { return {}; }
  static Val boolean(bool v) {
    Val x;
    x.kind = kBool;
    x.b = v;
    return x;
  }
  static Val of(const TermView& t) {
    Val x;
    x.kind = kTerm;
    x.term = t;
    return x;
  }
};

// SPARQL's effective boolean value: 1 true, 0 false, -1 error.
int effectiveBoolean(const Val& v) {
  if (v.kind == Val::kErr) return -1;
  if (v.kind == Val::kBool) return v.b;
  const TermView& t = v.term;
  if (t.kind != RdfTerm::Kind::kLiteral) return -1;
  if (isStringLiteral(t)) return !t.value.empty();
  if (isNumericLiteral(t)) return numericValue(t) != 0;
  if (t.datatype == kXsd + "boolean") return t.value == "true" || t.value == "1";
  decline("the truth value of a literal of type <" + std::string(t.datatype) + ">");
}

enum class Cmp { kEq, kNe, kLt, kGt, kLe, kGe };

// A comparison of two terms under SPARQL 1.1's operator table, for the
// types whose rules are plain: numbers, strings, and term identity.
Val compareTerms(Cmp op, const TermView& a, const TermView& b) {
  bool order = op != Cmp::kEq && op != Cmp::kNe;
  int c;
  if (isNumericLiteral(a) && isNumericLiteral(b)) {
    c = sign(numericValue(a) - numericValue(b));
  } else if (isStringLiteral(a) && isStringLiteral(b)) {
    c = sign(a.value.compare(b.value));
  } else if (order) {
    if (a.kind != RdfTerm::Kind::kLiteral || b.kind != RdfTerm::Kind::kLiteral) return Val::err();
    decline("an order comparison between literals of other types");
  } else {
    bool lits = a.kind == RdfTerm::Kind::kLiteral && b.kind == RdfTerm::Kind::kLiteral;
    if (sameTerm(a, b)) {
      c = 0;
    } else if (!lits) {
      c = 1;  // different terms, not both literals: unequal
    } else if (!a.lang.empty() && !b.lang.empty()) {
      c = 1;  // language-tagged strings: equal only when the same term
    } else {
      decline("an equality test between literals of other types");
    }
  }
  switch (op) {
    case Cmp::kEq:
      return Val::boolean(c == 0);
    case Cmp::kNe:
      return Val::boolean(c != 0);
    case Cmp::kLt:
      return Val::boolean(c < 0);
    case Cmp::kGt:
      return Val::boolean(c > 0);
    case Cmp::kLe:
      return Val::boolean(c <= 0);
    case Cmp::kGe:
      return Val::boolean(c >= 0);
  }
  return Val::err();
}

// ---------------------------------------------------------------- compiled query

struct Expr {
  enum Op { kVar, kConst, kStr, kCmp, kAnd, kOr, kNot, kBound, kIsIri, kIsBlank, kIsLiteral } op = kConst;
  Cmp cmp = Cmp::kEq;
  uint32_t slot = 0;
  RdfTerm constant;
  std::vector<Expr> args;
};

// The variable slots an expression reads.
void variablesOf(const Expr& e, std::set<uint32_t>* out) {
  if (e.op == Expr::kVar) out->insert(e.slot);
  for (const Expr& a : e.args) variablesOf(a, out);
}

struct PatternTerm {
  bool var = false;
  uint32_t v = 0;  // a variable slot, or a term id (kNone: a term no triple has)
};
struct Pattern {
  PatternTerm t[3];
};

// One conjunctive query: every pattern must match, every filter hold.
struct Conjunct {
  std::vector<Pattern> patterns;
  std::vector<const Expr*> filters;
};

struct Aggregate {
  enum What { kStar, kVar, kStrVar } what = kStar;
  bool distinct = false;
  uint32_t slot = 0;
};

// A result column: a variable slot, or an aggregate.
struct Column {
  std::string name;
  bool aggregate = false;
  uint32_t slot = 0;  // the variable's slot, or the aggregate's number
};

struct OrderKey {
  std::string var;
  bool descending = false;
};

class Compiler {
 public:
  Compiler(const QueryIndex& index, rasqal_query* q) : index_(index), q_(q) {}

  std::map<std::string, uint32_t> slots;
  std::vector<std::string> slot_names;  // by slot
  std::vector<std::unique_ptr<Expr>> filters;  // owned; conjuncts point in
  std::vector<Conjunct> conjuncts;
  std::vector<Column> projection;
  std::vector<Aggregate> aggregates;
  std::vector<uint32_t> group_by;  // slots
  bool grouped = false;            // GROUP BY or an aggregate
  std::vector<OrderKey> order;
  bool distinct = false;
  int64_t limit = -1, offset = 0;

  void compile() {
    if (rasqal_query_get_verb(q_) != RASQAL_QUERY_VERB_SELECT) decline("not a SELECT query");
    if (rasqal_query_get_wildcard(q_)) decline("SELECT *");
    if (raptor_sequence* dg = rasqal_query_get_data_graph_sequence(q_); dg && raptor_sequence_size(dg) > 0)
      decline("FROM / FROM NAMED");
    if (raptor_sequence* h = rasqal_query_get_having_conditions_sequence(q_); h && raptor_sequence_size(h) > 0)
      decline("HAVING");
    rasqal_graph_pattern* gp = rasqal_query_get_query_graph_pattern(q_);
    if (!gp) decline("no graph pattern");
    conjuncts = walk(gp);

    if (raptor_sequence* g = rasqal_query_get_group_conditions_sequence(q_)) {
      for (int i = 0; i < raptor_sequence_size(g); ++i) {
        auto* e = static_cast<rasqal_expression*>(raptor_sequence_get_at(g, i));
        if (e->op == RASQAL_EXPR_GROUP_COND_ASC || e->op == RASQAL_EXPR_GROUP_COND_DESC) e = e->arg1;
        group_by.push_back(slot(variableOf(e, "GROUP BY")));
      }
    }
    grouped = !group_by.empty();
    raptor_sequence* vars = rasqal_query_get_bound_variable_sequence(q_);
    if (!vars || raptor_sequence_size(vars) == 0) decline("no projected variables");
    for (int i = 0; i < raptor_sequence_size(vars); ++i) {
      auto* v = static_cast<rasqal_variable*>(raptor_sequence_get_at(vars, i));
      Column c;
      c.name = reinterpret_cast<const char*>(v->name);
      if (v->expression) {
        c.aggregate = true;
        c.slot = static_cast<uint32_t>(aggregates.size());
        aggregates.push_back(aggregate(v->expression));
        grouped = true;
      } else {
        c.slot = slot(c.name);
      }
      projection.push_back(c);
    }
    if (grouped)
      for (const Column& c : projection)
        if (!c.aggregate && std::find(group_by.begin(), group_by.end(), c.slot) == group_by.end())
          decline("?" + c.name + " is projected but neither grouped nor aggregated");

    if (raptor_sequence* o = rasqal_query_get_order_conditions_sequence(q_)) {
      for (int i = 0; i < raptor_sequence_size(o); ++i) {
        auto* e = static_cast<rasqal_expression*>(raptor_sequence_get_at(o, i));
        OrderKey k;
        if (e->op == RASQAL_EXPR_ORDER_COND_ASC || e->op == RASQAL_EXPR_ORDER_COND_DESC) {
          k.descending = e->op == RASQAL_EXPR_ORDER_COND_DESC;
          e = e->arg1;
        }
        k.var = variableOf(e, "ORDER BY");
        order.push_back(k);
      }
    }
    distinct = rasqal_query_get_distinct(q_) != 0;
    limit = rasqal_query_get_limit(q_);
    offset = std::max(0, rasqal_query_get_offset(q_));
  }

 private:
  uint32_t slot(const std::string& name) {
    auto [it, fresh] = slots.emplace(name, static_cast<uint32_t>(slots.size()));
    if (fresh) slot_names.push_back(name);
    return it->second;
  }

  static std::string variableOf(rasqal_expression* e, const char* where) {
    if (e && e->op == RASQAL_EXPR_LITERAL && e->literal && e->literal->type == RASQAL_LITERAL_VARIABLE)
      return reinterpret_cast<const char*>(e->literal->value.variable->name);
    decline(std::string(where) + " on an expression");
  }

  Aggregate aggregate(rasqal_expression* e) {
    if (e->op != RASQAL_EXPR_COUNT) decline("a projected expression other than COUNT");
    Aggregate a;
    a.distinct = (e->flags & RASQAL_EXPR_FLAG_DISTINCT) != 0;
    rasqal_expression* arg = e->arg1;
    if (!arg || arg->op == RASQAL_EXPR_VARSTAR) {
      if (a.distinct) decline("COUNT(DISTINCT *)");
      a.what = Aggregate::kStar;
    } else if (arg->op == RASQAL_EXPR_STR) {
      a.what = Aggregate::kStrVar;
      a.slot = slot(variableOf(arg->arg1, "COUNT"));
    } else {
      a.what = Aggregate::kVar;
      a.slot = slot(variableOf(arg, "COUNT"));
    }
    return a;
  }

  RdfTerm constantOf(rasqal_literal* l) {
    RdfTerm t;
    switch (l->type) {
      case RASQAL_LITERAL_URI:
        t.kind = RdfTerm::Kind::kIri;
        t.value = reinterpret_cast<const char*>(raptor_uri_as_string(l->value.uri));
        return t;
      case RASQAL_LITERAL_STRING:
      case RASQAL_LITERAL_XSD_STRING:
      case RASQAL_LITERAL_BOOLEAN:
      case RASQAL_LITERAL_INTEGER:
      case RASQAL_LITERAL_FLOAT:
      case RASQAL_LITERAL_DOUBLE:
      case RASQAL_LITERAL_DECIMAL:
      case RASQAL_LITERAL_DATETIME:
      case RASQAL_LITERAL_DATE:
      case RASQAL_LITERAL_UDT:
      case RASQAL_LITERAL_INTEGER_SUBTYPE: {
        t.kind = RdfTerm::Kind::kLiteral;
        t.value.assign(reinterpret_cast<const char*>(l->string), l->string_len);
        if (l->language) t.lang = l->language;
        if (raptor_uri* dt = rasqal_literal_datatype(l))
          t.datatype = reinterpret_cast<const char*>(raptor_uri_as_string(dt));
        if (l->type == RASQAL_LITERAL_STRING && !l->datatype) t.datatype.clear();
        return t;
      }
      default:
        decline("a constant of a kind this evaluator does not read");
    }
  }

  PatternTerm patternTerm(rasqal_literal* l) {
    if (!l) decline("an incomplete triple pattern");
    if (l->type == RASQAL_LITERAL_VARIABLE) return {true, slot(reinterpret_cast<const char*>(l->value.variable->name))};
    if (l->type == RASQAL_LITERAL_BLANK) decline("a blank node in a pattern");
    return {false, index_.find(constantOf(l))};
  }

  const Expr* filter(rasqal_expression* e) {
    filters.push_back(std::make_unique<Expr>(expr(e)));
    return filters.back().get();
  }

  Expr expr(rasqal_expression* e) {
    Expr x;
    auto binary = [&](Expr::Op op) {
      x.op = op;
      x.args.push_back(expr(e->arg1));
      x.args.push_back(expr(e->arg2));
    };
    auto unary = [&](Expr::Op op) {
      x.op = op;
      x.args.push_back(expr(e->arg1));
    };
    auto compare = [&](Cmp c) {
      binary(Expr::kCmp);
      x.cmp = c;
    };
    switch (e->op) {
      case RASQAL_EXPR_LITERAL:
        if (e->literal->type == RASQAL_LITERAL_VARIABLE) {
          x.op = Expr::kVar;
          x.slot = slot(reinterpret_cast<const char*>(e->literal->value.variable->name));
        } else {
          x.op = Expr::kConst;
          x.constant = constantOf(e->literal);
        }
        break;
      case RASQAL_EXPR_STR:
        unary(Expr::kStr);
        break;
      case RASQAL_EXPR_EQ:
        compare(Cmp::kEq);
        break;
      case RASQAL_EXPR_NEQ:
        compare(Cmp::kNe);
        break;
      case RASQAL_EXPR_LT:
        compare(Cmp::kLt);
        break;
      case RASQAL_EXPR_GT:
        compare(Cmp::kGt);
        break;
      case RASQAL_EXPR_LE:
        compare(Cmp::kLe);
        break;
      case RASQAL_EXPR_GE:
        compare(Cmp::kGe);
        break;
      case RASQAL_EXPR_AND:
        binary(Expr::kAnd);
        break;
      case RASQAL_EXPR_OR:
        binary(Expr::kOr);
        break;
      case RASQAL_EXPR_BANG:
        unary(Expr::kNot);
        break;
      case RASQAL_EXPR_BOUND:
        unary(Expr::kBound);
        if (x.args[0].op != Expr::kVar) decline("BOUND of an expression");
        break;
      case RASQAL_EXPR_ISURI:
        unary(Expr::kIsIri);
        break;
      case RASQAL_EXPR_ISBLANK:
        unary(Expr::kIsBlank);
        break;
      case RASQAL_EXPR_ISLITERAL:
        unary(Expr::kIsLiteral);
        break;
      default:
        decline("a FILTER function or operator this evaluator does not implement");
    }
    return x;
  }

  static std::set<uint32_t> patternVariables(const Conjunct& c) {
    std::set<uint32_t> vars;
    for (const Pattern& p : c.patterns)
      for (const PatternTerm& t : p.t)
        if (t.var) vars.insert(t.v);
    return vars;
  }

  // The alternatives a graph pattern stands for: a UNION is its branches, a
  // group the cross product of its parts' alternatives. A FILTER applies to
  // its own group; distributing a group over a UNION keeps that meaning
  // only when the filter reads no variable from outside the group, which is
  // checked (otherwise Rasqal answers).
  std::vector<Conjunct> walk(rasqal_graph_pattern* gp) {
    switch (rasqal_graph_pattern_get_operator(gp)) {
      case RASQAL_GRAPH_PATTERN_OPERATOR_BASIC: {
        Conjunct c;
        for (int i = 0;; ++i) {
          rasqal_triple* t = rasqal_graph_pattern_get_triple(gp, i);
          if (!t) break;
          if (t->origin) decline("GRAPH");
          c.patterns.push_back({{patternTerm(t->subject), patternTerm(t->predicate), patternTerm(t->object)}});
        }
        std::vector<Conjunct> alts{c};
        if (rasqal_expression* f = rasqal_graph_pattern_get_filter_expression(gp)) addFilters(&alts, {filter(f)});
        return alts;
      }
      case RASQAL_GRAPH_PATTERN_OPERATOR_GROUP: {
        std::vector<Conjunct> alts(1);
        std::vector<const Expr*> own;
        for (int i = 0;; ++i) {
          rasqal_graph_pattern* sub = rasqal_graph_pattern_get_sub_graph_pattern(gp, i);
          if (!sub) break;
          if (rasqal_graph_pattern_get_operator(sub) == RASQAL_GRAPH_PATTERN_OPERATOR_FILTER) {
            own.push_back(filter(rasqal_graph_pattern_get_filter_expression(sub)));
            continue;
          }
          std::vector<Conjunct> parts = walk(sub);
          std::vector<Conjunct> next;
          for (const Conjunct& a : alts)
            for (const Conjunct& b : parts) {
              Conjunct c = a;
              c.patterns.insert(c.patterns.end(), b.patterns.begin(), b.patterns.end());
              c.filters.insert(c.filters.end(), b.filters.begin(), b.filters.end());
              next.push_back(std::move(c));
            }
          alts = std::move(next);
          if (alts.size() > 64) decline("more than 64 UNION alternatives");
        }
        if (rasqal_expression* f = rasqal_graph_pattern_get_filter_expression(gp)) own.push_back(filter(f));
        addFilters(&alts, own);
        return alts;
      }
      case RASQAL_GRAPH_PATTERN_OPERATOR_UNION: {
        std::vector<Conjunct> alts;
        for (int i = 0;; ++i) {
          rasqal_graph_pattern* sub = rasqal_graph_pattern_get_sub_graph_pattern(gp, i);
          if (!sub) break;
          std::vector<Conjunct> branch = walk(sub);
          alts.insert(alts.end(), branch.begin(), branch.end());
        }
        return alts;
      }
      case RASQAL_GRAPH_PATTERN_OPERATOR_FILTER: {
        std::vector<Conjunct> alts(1);
        addFilters(&alts, {filter(rasqal_graph_pattern_get_filter_expression(gp))});
        return alts;
      }
      case RASQAL_GRAPH_PATTERN_OPERATOR_OPTIONAL:
        decline("OPTIONAL");
      case RASQAL_GRAPH_PATTERN_OPERATOR_GRAPH:
        decline("GRAPH");
      case RASQAL_GRAPH_PATTERN_OPERATOR_SELECT:
        decline("a sub-query");
      default:
        decline("a graph pattern of another kind (BIND, SERVICE, MINUS, VALUES)");
    }
  }

  void addFilters(std::vector<Conjunct>* alts, const std::vector<const Expr*>& own) {
    for (Conjunct& c : *alts) {
      std::set<uint32_t> bound = patternVariables(c);
      for (const Expr* f : own) {
        std::set<uint32_t> used;
        variablesOf(*f, &used);
        for (uint32_t v : used)
          if (!bound.count(v)) decline("a FILTER reads a variable its group does not bind");
        c.filters.push_back(f);
      }
    }
  }

  const QueryIndex& index_;
  rasqal_query* q_;
};

// ---------------------------------------------------------------- evaluation

// A cell of a result table: a term id, kNone (unbound), or a count (high
// bit set).
using Cell = uint64_t;
constexpr Cell kCountBit = uint64_t{1} << 63;
constexpr Cell kUnbound = kNone;

class Evaluator {
 public:
  Evaluator(const QueryIndex& index, const Compiler& c)
      : ix_(index), c_(c), row_(c.slots.size(), kNone), terms_(index.termCount()) {}

  // Runs every conjunct, handing each solution (a row of slots) to sink;
  // the sink returns false to stop.
  template <typename Sink>
  void solve(Sink&& sink) {
    for (const Conjunct& conj : c_.conjuncts) {
      if (!plan(conj)) continue;  // a constant no triple has
      std::fill(row_.begin(), row_.end(), kNone);
      stop_ = false;
      bool go = true;
      for (const Expr* f : filters_at_[0]) go = go && holds(*f);
      if (go) run(0, sink);
      if (stop_) return;
    }
  }

  Val eval(const Expr& e) const {
    switch (e.op) {
      case Expr::kVar:
        return row_[e.slot] == kNone ? Val::err() : Val::of(termOf(ix_, row_[e.slot]));
      case Expr::kConst: {
        TermView t;
        t.kind = e.constant.kind;
        t.value = e.constant.value;
        t.datatype = e.constant.datatype;
        t.lang = e.constant.lang;
        return Val::of(t);
      }
      case Expr::kStr: {
        Val a = eval(e.args[0]);
        if (a.kind != Val::kTerm || a.term.kind == RdfTerm::Kind::kBlank) return Val::err();
        TermView t;
        t.kind = RdfTerm::Kind::kLiteral;
        t.value = a.term.value;
        return Val::of(t);
      }
      case Expr::kCmp: {
        Val a = eval(e.args[0]), b = eval(e.args[1]);
        if (a.kind == Val::kErr || b.kind == Val::kErr) return Val::err();
        if (a.kind != Val::kTerm || b.kind != Val::kTerm) decline("a comparison of truth values");
        return compareTerms(e.cmp, a.term, b.term);
      }
      case Expr::kAnd:
      case Expr::kOr: {
        int a = effectiveBoolean(eval(e.args[0])), b = effectiveBoolean(eval(e.args[1]));
        if (e.op == Expr::kAnd) {
          if (a == 0 || b == 0) return Val::boolean(false);
          if (a < 0 || b < 0) return Val::err();
          return Val::boolean(true);
        }
        if (a == 1 || b == 1) return Val::boolean(true);
        if (a < 0 || b < 0) return Val::err();
        return Val::boolean(false);
      }
      case Expr::kNot: {
        int a = effectiveBoolean(eval(e.args[0]));
        return a < 0 ? Val::err() : Val::boolean(!a);
      }
      case Expr::kBound:
        return Val::boolean(row_[e.args[0].slot] != kNone);
      case Expr::kIsIri:
      case Expr::kIsBlank:
      case Expr::kIsLiteral: {
        Val a = eval(e.args[0]);
        if (a.kind != Val::kTerm) return Val::err();
        RdfTerm::Kind want = e.op == Expr::kIsIri     ? RdfTerm::Kind::kIri
                             : e.op == Expr::kIsBlank ? RdfTerm::Kind::kBlank
                                                      : RdfTerm::Kind::kLiteral;
        return Val::boolean(a.term.kind == want);
      }
    }
    return Val::err();
  }

 private:
  bool holds(const Expr& f) const { return effectiveBoolean(eval(f)) == 1; }

  // What each position of a planned pattern does.
  enum class Use : uint8_t { kConst, kBound, kBind, kRepeat };
  struct Step {
    Pattern p;
    Use use[3];
    int repeat_of[3];  // kRepeat: the position it must equal
  };

  // Orders the conjunct's patterns (most constrained and cheapest first,
  // each joined to what is already bound where possible) and places each
  // filter after the pattern that binds its last variable.
  bool plan(const Conjunct& conj) {
    steps_.clear();
    for (const Pattern& p : conj.patterns)
      for (const PatternTerm& t : p.t)
        if (!t.var && t.v == kNone) return false;
    std::vector<bool> bound(row_.size(), false);
    std::vector<size_t> estimate;
    for (const Pattern& p : conj.patterns)
      estimate.push_back(ix_.match(p.t[0].var ? kNone : p.t[0].v, p.t[1].var ? kNone : p.t[1].v,
                                   p.t[2].var ? kNone : p.t[2].v)
                             .size());
    std::vector<bool> used(conj.patterns.size(), false);
    std::vector<size_t> bound_at(row_.size(), SIZE_MAX);
    for (size_t n = 0; n < conj.patterns.size(); ++n) {
      size_t best = SIZE_MAX;
      int best_joined = -1;
      for (size_t i = 0; i < conj.patterns.size(); ++i) {
        if (used[i]) continue;
        int joined = 0;
        for (const PatternTerm& t : conj.patterns[i].t)
          if (t.var && bound[t.v]) ++joined;
        if (joined > best_joined || (joined == best_joined && estimate[i] < estimate[best])) {
          best = i;
          best_joined = joined;
        }
      }
      used[best] = true;
      Step s{conj.patterns[best], {}, {-1, -1, -1}};
      for (int k = 0; k < 3; ++k) {
        const PatternTerm& t = s.p.t[k];
        if (!t.var) {
          s.use[k] = Use::kConst;
        } else if (bound[t.v]) {
          s.use[k] = Use::kBound;
          for (int j = 0; j < k; ++j)
            if (s.p.t[j].var && s.p.t[j].v == t.v && s.use[j] == Use::kBind) {
              s.use[k] = Use::kRepeat;
              s.repeat_of[k] = j;
            }
        } else {
          s.use[k] = Use::kBind;
          bound[t.v] = true;
          bound_at[t.v] = n + 1;
        }
      }
      steps_.push_back(s);
    }
    filters_at_.assign(steps_.size() + 1, {});
    for (const Expr* f : conj.filters) {
      std::set<uint32_t> vars;
      variablesOf(*f, &vars);
      size_t at = 0;
      for (uint32_t v : vars) at = std::max(at, bound_at[v] == SIZE_MAX ? steps_.size() : bound_at[v]);
      filters_at_[at].push_back(f);
    }
    return true;
  }

  template <typename Sink>
  void run(size_t depth, Sink& sink) {
    if (depth == steps_.size()) {
      if (!sink(row_)) stop_ = true;
      return;
    }
    const Step& s = steps_[depth];
    uint32_t key[3];
    for (int k = 0; k < 3; ++k)
      key[k] = s.use[k] == Use::kConst ? s.p.t[k].v : s.use[k] == Use::kBound ? row_[s.p.t[k].v] : kNone;
    QueryIndex::Range r = ix_.match(key[0], key[1], key[2]);
    for (const IdTriple* t = r.begin; t != r.end && !stop_; ++t) {
      const uint32_t got[3] = {t->s, t->p, t->o};
      bool ok = true;
      for (int k = 0; k < 3 && ok; ++k) {
        if (s.use[k] == Use::kBind) {
          if (got[k] >= terms_) damaged(ix_, "a triple names a term that is not there");
          row_[s.p.t[k].v] = got[k];
        } else if (s.use[k] == Use::kRepeat) {
          ok = got[k] == got[s.repeat_of[k]];
        }
      }
      for (const Expr* f : filters_at_[depth + 1])
        if (ok) ok = holds(*f);
      if (ok) run(depth + 1, sink);
    }
    for (int k = 0; k < 3; ++k)
      if (s.use[k] == Use::kBind) row_[s.p.t[k].v] = kNone;
  }

  const QueryIndex& ix_;
  const Compiler& c_;
  std::vector<uint32_t> row_;
  uint32_t terms_;  // ids at or past it are damage
  std::vector<Step> steps_;
  std::vector<std::vector<const Expr*>> filters_at_;
  bool stop_ = false;
};

// A table of result cells, ncols per row.
struct Table {
  std::vector<std::string> names;
  std::vector<Cell> cells;
  size_t rows() const { return names.empty() ? 0 : cells.size() / names.size(); }
  const Cell* row(size_t i) const { return cells.data() + i * names.size(); }
  int column(const std::string& name) const {
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == name) return static_cast<int>(i);
    return -1;
  }
};

// SPARQL's ORDER BY order: unbound, blank nodes, IRIs, literals; numbers by
// value, strings by code point. Literals of other kinds are declined.
int compareCells(const QueryIndex& ix, Cell a, Cell b) {
  if (a == b) return 0;
  if (a == kUnbound || b == kUnbound) return a == kUnbound ? -1 : 1;
  bool na = a & kCountBit, nb = b & kCountBit;
  if (na && nb) return (a & ~kCountBit) < (b & ~kCountBit) ? -1 : 1;
  if (!na && !nb) {
    TermView x = termOf(ix, static_cast<uint32_t>(a)), y = termOf(ix, static_cast<uint32_t>(b));
    if (x.kind != y.kind || x.kind != RdfTerm::Kind::kLiteral) return a < b ? -1 : 1;  // id order is term order
    if (isStringLiteral(x) && isStringLiteral(y)) {
      if (int c = x.value.compare(y.value)) return sign(c);
      return a < b ? -1 : 1;
    }
    if (isNumericLiteral(x) && isNumericLiteral(y)) {
      if (int c = sign(numericValue(x) - numericValue(y))) return c;
      return a < b ? -1 : 1;
    }
    decline("ORDER BY over literals of other types");
  }
  // A count against a term.
  Cell term = na ? b : a;
  TermView t = termOf(ix, static_cast<uint32_t>(term));
  int c;
  if (t.kind != RdfTerm::Kind::kLiteral) {
    c = 1;  // the count (a literal) sorts after a blank node or IRI
  } else if (isNumericLiteral(t)) {
    c = sign(static_cast<double>((na ? a : b) & ~kCountBit) - numericValue(t));
    if (c == 0) c = 1;  // equal values: the count (xsd:integer) after the stored literal
  } else {
    decline("ORDER BY over a count and a literal of another type");
  }
  return na ? c : -c;
}

struct RowHash {
  size_t n;
  size_t operator()(const Cell* r) const {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; ++i) h = (h ^ r[i]) * 1099511628211ull;
    return static_cast<size_t>(h);
  }
};
struct RowEq {
  size_t n;
  bool operator()(const Cell* a, const Cell* b) const { return std::equal(a, a + n, b); }
};

// The solutions grouped, with one column per GROUP BY variable and one per
// aggregate.
Table groupSolutions(const QueryIndex& ix, const Compiler& c, Evaluator& ev) {
  Table t;
  for (uint32_t s : c.group_by) t.names.push_back(c.slot_names[s]);
  size_t g = c.group_by.size(), na = c.aggregates.size();
  for (size_t i = 0; i < na; ++i) t.names.push_back("\x01" + std::to_string(i));  // aggregates, by number
  std::vector<Cell> keys;  // g cells per group
  // Groups by their key: up to two ids packed in a number, more as bytes.
  std::unordered_map<uint64_t, uint32_t> small_group_of;
  std::unordered_map<std::string, uint32_t> group_of;
  size_t group_count = 0;
  std::vector<uint64_t> counts;                             // na per group
  std::vector<std::vector<uint64_t>> seen(na);              // distinct: (group, value) packed
  std::unordered_map<std::string_view, uint32_t> strings;   // STR values, numbered
  std::string key;
  ev.solve([&](const std::vector<uint32_t>& row) {
    uint32_t group;
    bool fresh;
    if (g <= 2) {
      uint64_t k = g == 0 ? 0 : g == 1 ? row[c.group_by[0]] : (uint64_t{row[c.group_by[0]]} << 32) | row[c.group_by[1]];
      auto [it, added] = small_group_of.emplace(k, static_cast<uint32_t>(group_count));
      group = it->second;
      fresh = added;
    } else {
      key.clear();
      for (uint32_t s : c.group_by) key.append(reinterpret_cast<const char*>(&row[s]), sizeof row[s]);
      auto [it, added] = group_of.emplace(key, static_cast<uint32_t>(group_count));
      group = it->second;
      fresh = added;
    }
    if (fresh) {
      ++group_count;
      for (uint32_t s : c.group_by) keys.push_back(row[s]);
      counts.resize(counts.size() + na, 0);
    }
    for (size_t i = 0; i < na; ++i) {
      const Aggregate& a = c.aggregates[i];
      uint32_t v = a.what == Aggregate::kStar ? 0 : row[a.slot];
      if (v == kNone) continue;  // COUNT skips unbound values
      if (a.what == Aggregate::kStrVar) {
        TermView tv = termOf(ix, v);
        if (tv.kind == RdfTerm::Kind::kBlank) continue;  // STR of a blank node is an error
        v = strings.emplace(tv.value, static_cast<uint32_t>(strings.size())).first->second;
      }
      if (a.distinct)
        seen[i].push_back(uint64_t{group} << 32 | v);
      else
        ++counts[group * na + i];
    }
    return true;
  });
  if (group_count == 0 && g == 0) counts.assign(na, 0);  // aggregates over no solutions: one group
  size_t groups = g == 0 ? 1 : group_count;
  // Distinct values per group: the pairs are bucketed by group (a counting
  // sort), then each group's few values are sorted and counted; one sort of
  // all pairs cost more than the join on large groupings.
  for (size_t i = 0; i < na; ++i) {
    if (!c.aggregates[i].distinct || seen[i].empty()) continue;
    std::vector<size_t> start(groups + 1, 0);
    for (uint64_t k : seen[i]) ++start[(k >> 32) + 1];
    for (size_t gi = 0; gi < groups; ++gi) start[gi + 1] += start[gi];
    std::vector<uint32_t> values(seen[i].size());
    std::vector<size_t> at(start.begin(), start.end() - 1);
    for (uint64_t k : seen[i]) values[at[k >> 32]++] = static_cast<uint32_t>(k);
    std::vector<uint64_t>().swap(seen[i]);
    for (size_t gi = 0; gi < groups; ++gi) {
      auto first = values.begin() + start[gi], last = values.begin() + start[gi + 1];
      std::sort(first, last);
      counts[gi * na + i] = static_cast<uint64_t>(std::unique(first, last) - first);
    }
  }
  t.cells.reserve(groups * (g + na));
  for (size_t k = 0; k < groups; ++k) {
    for (size_t j = 0; j < g; ++j) t.cells.push_back(keys[k * g + j]);
    for (size_t i = 0; i < na; ++i) t.cells.push_back(kCountBit | counts[k * na + i]);
  }
  return t;
}

RdfTerm cellTerm(const QueryIndex& ix, Cell c) {
  if (c == kUnbound) return {};
  if (c & kCountBit) {
    RdfTerm t;
    t.kind = RdfTerm::Kind::kLiteral;
    t.value = std::to_string(c & ~kCountBit);
    t.datatype = kXsd + "integer";
    return t;
  }
  return termOf(ix, static_cast<uint32_t>(c)).toTerm();
}

}  // namespace

StatusOr<IndexAnswer> queryIndex(const QueryIndex& index, const std::string& sparql, const QueryLimits& limits) {
  IndexAnswer answer;
  std::unique_ptr<rasqal_world, void (*)(rasqal_world*)> world(rasqal_new_world(), rasqal_free_world);
  if (!world || rasqal_world_open(world.get()) != 0) {
    answer.declined = "cannot start Rasqal's parser";
    return answer;
  }
  rasqal_world_set_log_handler(world.get(), nullptr, [](void*, raptor_log_message*) {});
  std::unique_ptr<rasqal_query, void (*)(rasqal_query*)> q(rasqal_new_query(world.get(), "sparql", nullptr),
                                                            rasqal_free_query);
  if (!q || rasqal_query_prepare(q.get(), reinterpret_cast<const unsigned char*>(sparql.c_str()), nullptr) != 0) {
    answer.declined = "the query does not parse";  // Rasqal reports the error in its own words
    return answer;
  }
  try {
    Compiler c(index, q.get());
    c.compile();
    Evaluator ev(index, c);
    Table table;
    if (c.grouped) {
      table = groupSolutions(index, c, ev);
      // Aggregate columns take their names; GROUP BY columns keep theirs.
      for (const Column& col : c.projection)
        if (col.aggregate) table.names[c.group_by.size() + col.slot] = col.name;
    } else {
      table.names = c.slot_names;  // a column per slot
      // Without ORDER BY or DISTINCT, a LIMIT stops the search early.
      uint64_t enough = c.order.empty() && !c.distinct && c.limit >= 0 ? c.offset + c.limit : UINT64_MAX;
      uint64_t over = limits.max_rows ? limits.max_rows + c.offset + 1 : UINT64_MAX;
      ev.solve([&](const std::vector<uint32_t>& row) {
        table.cells.insert(table.cells.end(), row.begin(), row.end());
        return table.rows() < enough && (c.order.size() || c.distinct || table.rows() < over);
      });
    }
    // ORDER BY, then projection, DISTINCT, OFFSET and LIMIT.
    std::vector<size_t> order(table.rows());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    if (!c.order.empty()) {
      std::vector<std::pair<int, bool>> keys;
      for (const OrderKey& k : c.order) {
        int col = table.column(k.var);
        if (col < 0) decline("ORDER BY ?" + k.var + ", which is not a result column");
        keys.push_back({col, k.descending});
      }
      std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const Cell *x = table.row(a), *y = table.row(b);
        for (const auto& [col, desc] : keys)
          if (int r = compareCells(index, x[col], y[col])) return desc ? r > 0 : r < 0;
        return false;
      });
    }
    std::vector<int> proj;  // -1: a variable no pattern binds, always unbound
    for (const Column& col : c.projection) proj.push_back(table.column(col.name));
    QueryResult& r = answer.result;
    r.type = QueryResult::Type::kBindings;
    for (const Column& col : c.projection) r.vars.push_back(col.name);
    size_t n = proj.size();
    std::unordered_set<const Cell*, RowHash, RowEq> distinct(16, RowHash{n}, RowEq{n});
    std::vector<Cell> projected;
    projected.reserve(order.size() * n);
    for (size_t i : order) {
      const Cell* row = table.row(i);
      for (int at : proj) projected.push_back(at < 0 ? kUnbound : row[at]);
    }
    uint64_t skipped = 0, bytes = 0;
    for (size_t i = 0; i < order.size(); ++i) {
      const Cell* row = projected.data() + i * n;
      if (c.distinct && !distinct.insert(row).second) continue;
      if (skipped < static_cast<uint64_t>(c.offset)) {
        ++skipped;
        continue;
      }
      if (c.limit >= 0 && r.rows.size() >= static_cast<size_t>(c.limit)) break;
      std::vector<RdfTerm> terms;
      for (size_t k = 0; k < n; ++k) {
        terms.push_back(cellTerm(index, row[k]));
        bytes += transportBytes(terms.back());
      }
      r.rows.push_back(std::move(terms));
      if (limits.exceeded(r.rows.size(), bytes)) return resultOverLimit(limits, "rows");
    }
    answer.answered = true;
  } catch (const Declined& d) {
    answer = IndexAnswer();
    answer.declined = d.why;
  }
  return answer;
}

}  // namespace papergraph
