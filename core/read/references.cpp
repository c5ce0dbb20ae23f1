// Bibliographies and citation markers for text-only formats, by hand-written
// scanning (no std::regex: it backtracks and overflows its stack on long
// inputs). Every scan is linear or bounded by a small window.
#include "read/references.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <string>
#include <vector>

namespace papergraph {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }
bool isUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool isLower(char c) { return c >= 'a' && c <= 'z'; }
bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
// ASCII letters and any byte of a multi-byte UTF-8 sequence (treated as a
// letter: names like "Řehůřek" or "Díaz").
bool isLetter(char c) { return isUpper(c) || isLower(c) || (static_cast<unsigned char>(c) & 0x80); }

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && isSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isSpace(s.back())) s.remove_suffix(1);
  return s;
}

// Trims spaces and the punctuation that separates reference fields.
std::string_view trimFields(std::string_view s) {
  auto junk = [](char c) { return isSpace(c) || c == ',' || c == '.' || c == ';' || c == ':'; };
  while (!s.empty() && junk(s.front())) s.remove_prefix(1);
  while (!s.empty() && junk(s.back())) s.remove_suffix(1);
  return s;
}

// Collapses white space runs to single spaces.
std::string collapse(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  bool space = false;
  for (char c : s) {
    if (isSpace(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// A plausible publication year at s[i..i+4) not glued to other digits.
bool yearAt(std::string_view s, size_t i) {
  if (i + 4 > s.size()) return false;
  if (i > 0 && (isDigit(s[i - 1]) || isLetter(s[i - 1]) || s[i - 1] == '/' || s[i - 1] == '.')) return false;
  if (i + 4 < s.size() && isDigit(s[i + 4])) return false;
  for (size_t k = 0; k < 4; ++k)
    if (!isDigit(s[i + k])) return false;
  int y = std::stoi(std::string(s.substr(i, 4)));
  return y >= 1800 && y <= 2039;
}

// End of a year token with an optional letter suffix ("2017b").
size_t yearEnd(std::string_view s, size_t i) {
  size_t e = i + 4;
  if (e < s.size() && isLower(s[e]) && (e + 1 == s.size() || !isLetter(s[e + 1]))) ++e;
  return e;
}

// Finds a DOI ("10.1234/..."), returns it without trailing punctuation.
std::string findDoi(std::string_view s) {
  for (size_t i = s.find("10."); i != std::string_view::npos; i = s.find("10.", i + 1)) {
    if (i > 0 && (isDigit(s[i - 1]) || isLetter(s[i - 1]))) continue;
    size_t j = i + 3, digits = 0;
    while (j < s.size() && isDigit(s[j])) ++j, ++digits;
    while (j < s.size() && s[j] == '.' && j + 1 < s.size() && isDigit(s[j + 1])) {
      ++j;
      while (j < s.size() && isDigit(s[j])) ++j;
    }
    if (digits < 4 || digits > 9 || j >= s.size() || s[j] != '/') continue;
    size_t e = j + 1;
    while (e < s.size() && !isSpace(s[e]) && s[e] != '"' && s[e] != '<' && s[e] != '>') ++e;
    std::string_view d = s.substr(i, e - i);
    while (!d.empty() && (d.back() == '.' || d.back() == ',' || d.back() == ';' || d.back() == ')' || d.back() == ']'))
      d.remove_suffix(1);
    if (d.size() > j - i + 1) return std::string(d);
  }
  return {};
}

// Finds an arXiv id after "arXiv" or "arxiv.org/abs/": "1409.0473".
std::string findArxiv(std::string_view s) {
  std::string l = lower(s);
  for (size_t i = l.find("arxiv"); i != std::string::npos; i = l.find("arxiv", i + 1)) {
    size_t j = i + 5;
    // Skip ":", ".org/abs/", " preprint ", " e-prints, abs/" and the like.
    size_t limit = std::min(l.size(), j + 24);
    while (j < limit && !isDigit(l[j])) ++j;
    size_t a = j;
    while (j < l.size() && isDigit(l[j])) ++j;
    if (j - a != 4 || j >= l.size() || l[j] != '.') continue;
    size_t b = ++j;
    while (j < l.size() && isDigit(l[j])) ++j;
    if (j - b < 4 || j - b > 5) continue;
    return std::string(s.substr(a, j - a));
  }
  return {};
}

std::string findUrl(std::string_view s) {
  size_t i = s.find("http://");
  size_t k = s.find("https://");
  if (k < i) i = k;
  if (i == std::string_view::npos) {
    i = s.find("www.");
    if (i == std::string_view::npos || (i > 0 && !isSpace(s[i - 1]))) return {};
  }
  size_t e = i;
  while (e < s.size() && !isSpace(s[e]) && s[e] != '"' && s[e] != '<' && s[e] != '>') ++e;
  std::string_view u = s.substr(i, e - i);
  while (!u.empty() && (u.back() == '.' || u.back() == ',' || u.back() == ';' || u.back() == ')')) u.remove_suffix(1);
  return std::string(u);
}

// ---- Author lists -------------------------------------------------------

enum class Tok { kSep, kEtAl, kInitials, kParticle, kWord, kStop, kEnd };

struct Token {
  Tok kind;
  size_t begin, end;    // byte range in the string
  bool period = false;  // the word ends with '.'
};

bool isParticle(std::string_view w) {
  for (std::string_view p : {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "la", "le",
                             "ter", "ten", "bin", "y", "zu", "st."})
    if (w == p) return true;
  return false;
}

// Initials: "J", "J.", "JA", "J.A.", "M.-W.", "Ch." (up to three letters).
bool isInitials(std::string_view w) {
  size_t letters = 0, lowers = 0;
  bool dot = false;
  for (size_t i = 0; i < w.size(); ++i) {
    char c = w[i];
    if (isUpper(c))
      ++letters;
    else if (isLower(c) && i > 0 && isUpper(w[i - 1]))
      ++lowers;  // "Ch."
    else if (c == '.')
      dot = true;
    else if (c != '-')
      return false;
  }
  if (letters == 0 || letters > 3 || lowers > 1) return false;
  if (lowers == 1) return dot && letters == 1;
  return dot || w.size() <= 3;
}

// Reads the token at s[i...].
Token nextToken(std::string_view s, size_t i) {
  while (i < s.size() && isSpace(s[i])) ++i;
  if (i >= s.size()) return {Tok::kEnd, i, i};
  char c = s[i];
  if (c == ',' || c == ';' || c == '&') return {Tok::kSep, i, i + 1};
  if (!isLetter(c)) return {Tok::kStop, i, i};
  size_t e = i;
  while (e < s.size() && (isLetter(s[e]) || s[e] == '-' || s[e] == '\'' || s[e] == '.')) {
    if (s[e] == '.') {
      ++e;
      // A period ends the word unless an initial follows directly ("J.A.").
      if (e < s.size() && (isUpper(s[e]) || s[e] == '-')) continue;
      break;
    }
    ++e;
  }
  std::string_view w = s.substr(i, e - i);
  Token t{Tok::kWord, i, e, w.back() == '.'};
  std::string lw = lower(w);
  if (lw == "and")
    t.kind = Tok::kSep;
  else if (lw == "et") {
    Token n = nextToken(s, e);
    std::string nw = lower(s.substr(n.begin, n.end - n.begin));
    if (nw == "al." || nw == "al") return {Tok::kEtAl, i, n.end, nw == "al."};
    t.kind = Tok::kStop;
  } else if (isInitials(w))
    t.kind = Tok::kInitials;
  else if (isParticle(lw))
    t.kind = Tok::kParticle;
  else if (!(isUpper(w[0]) || (static_cast<unsigned char>(w[0]) & 0x80)))
    t.kind = Tok::kStop;
  return t;
}

struct NameParts {
  std::vector<std::string_view> given, family;  // as printed
  bool surname_first = false;                   // "Smith, J." or "Smith J"
  bool closed = false;                          // initials after the surname
  bool empty() const { return given.empty() && family.empty(); }
};

std::string joinName(const NameParts& n) {
  std::string out;
  auto add = [&](std::string_view w) {
    if (!out.empty()) out += ' ';
    out += w;
  };
  for (auto w : n.given) add(w);
  for (auto w : n.family) add(w);
  while (!out.empty() && (out.back() == ',' || (out.back() == '.' && !n.family.empty() && n.family.back().size() > 2)))
    out.pop_back();
  return out;
}

// Parses the author list at the start of s. Returns the authors ("Given
// Family") and sets *end to where the list ends (0 when none was found).
std::vector<std::string> parseAuthors(std::string_view s, size_t* end) {
  std::vector<std::string> names;
  NameParts cur;
  size_t block_end = 0, i = 0;
  auto finish = [&](size_t at) {
    if (!cur.family.empty() || cur.given.size() > 1) {
      names.push_back(joinName(cur));
      block_end = at;
    }
    cur = {};
  };
  for (int guard = 0; guard < 400; ++guard) {
    Token t = nextToken(s, i);
    std::string_view w = s.substr(t.begin, t.end - t.begin);
    if (t.kind == Tok::kEnd || t.kind == Tok::kStop) break;
    if (t.kind == Tok::kEtAl) {
      finish(t.end);
      block_end = t.end;
      break;
    }
    if (t.kind == Tok::kSep) {
      // "Smith, J.": a comma followed by initials keeps the name open.
      Token n = nextToken(s, t.end);
      if (s[t.begin] == ',' && !cur.family.empty() && cur.given.empty() && n.kind == Tok::kInitials) {
        cur.surname_first = true;
        i = t.end;
        continue;
      }
      if (!cur.empty()) finish(t.begin);
      i = t.end;
      continue;
    }
    if (cur.closed) break;  // "Lee M. Title": the list ended with the initials
    if (t.kind == Tok::kInitials) {
      if (!cur.family.empty()) {
        // After a word: a middle initial ("Matthew E. Peters") when a final
        // word follows, else the initials of a surname-first name.
        Token n = nextToken(s, t.end);
        Token nn = nextToken(s, n.end);
        // A two-letter surname looks like an initial ("Andrew Y. Ng."):
        // after a middle initial it is the surname.
        std::string_view nw = s.substr(n.begin, n.end - n.begin);
        bool short_surname = n.kind == Tok::kInitials && nw.size() == 3 && isUpper(nw[0]) && isLower(nw[1]) &&
                             nw[2] == '.';
        bool middle = !cur.surname_first && (n.kind == Tok::kWord || short_surname) &&
                      (n.period || nn.kind == Tok::kSep || nn.kind == Tok::kEtAl || nn.kind == Tok::kEnd);
        if (middle) {
          cur.given.insert(cur.given.end(), cur.family.begin(), cur.family.end());
          cur.given.push_back(w);
          cur.family.clear();
          if (short_surname) {
            cur.family.push_back(nw);
            i = n.end;
            finish(n.end);
            break;
          }
        } else {
          // "Smith J" or "Smith, J.": reorder to "J Smith". Without the
          // comma (Vancouver) a final period ends the list, not the initials.
          if (!cur.surname_first && w.size() > 2 && w.back() == '.' && w.find('.') == w.size() - 1) w.remove_suffix(1);
          cur.given.push_back(w);
          cur.closed = true;
          block_end = t.end;
        }
      } else {
        cur.given.push_back(w);
      }
      i = t.end;
      continue;
    }
    if (cur.family.size() + cur.given.size() >= 5) break;
    cur.family.push_back(w);
    i = t.end;
    if (t.period && t.kind == Tok::kWord && w.size() > 2) {
      finish(t.end);
      break;
    }
  }
  if (!cur.empty() && (cur.closed || !cur.family.empty())) finish(i);
  *end = block_end;
  return names;
}

// The family name used to match markers: last word of the name, lowercase,
// without trailing punctuation.
std::string surnameKey(std::string_view name) {
  name = trimFields(name);
  size_t sp = name.rfind(' ');
  std::string_view last = sp == std::string_view::npos ? name : name.substr(sp + 1);
  return lower(trimFields(last));
}

// ---- Title and venue ------------------------------------------------------

// End of the sentence starting at s[0]: the first ". ", "? ", "! " (or end).
size_t sentenceEnd(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if ((c == '.' || c == '?' || c == '!') && (i + 1 == s.size() || isSpace(s[i + 1]))) {
      // Not after a single capital ("U.S. ", "J. ").
      if (c == '.' && i >= 1 && isUpper(s[i - 1]) && (i == 1 || !isLetter(s[i - 2]))) continue;
      return c == '.' ? i : i + 1;
    }
  }
  return s.size();
}

// Cuts a venue before volume, pages and year: "Nature 521, 436-444" ->
// "Nature"; "In Proceedings of the 2019 Conference of NAACL, pages 1-9" ->
// "Proceedings of the 2019 Conference of NAACL".
std::string venueOf(std::string_view s) {
  s = trimFields(s);
  for (std::string_view in : {"In: ", "In ", "in: ", "in "})
    if (s.starts_with(in)) s.remove_prefix(in.size());
  size_t cut = s.size();
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ';' || c == '(' ||
        (c == '.' && (i + 1 == s.size() || s[i + 1] == ' ') && i > 1 && isLetter(s[i - 1]) && isLetter(s[i - 2]) &&
         i + 2 < s.size() && isDigit(s[i + 2]))) {
      cut = i;
      break;
    }
    if (isDigit(c) && (i == 0 || s[i - 1] == ' ' || s[i - 1] == ',')) {
      size_t e = i;
      while (e < s.size() && isDigit(s[e])) ++e;
      bool followed_by_word = e + 1 < s.size() && s[e] == ' ' && isUpper(s[e + 1]);
      if (!followed_by_word) {
        cut = i;
        break;
      }
    }
    std::string_view rest = s.substr(i);
    if (rest.starts_with(", pages") || rest.starts_with(", pp") || rest.starts_with(" pp.") ||
        rest.starts_with(", vol") || rest.starts_with(", Vol") || rest.starts_with(", page ") ||
        rest.starts_with(", doi") || rest.starts_with(". doi") || rest.starts_with(", http") ||
        rest.starts_with(" http") || rest.starts_with(". http") || rest.starts_with(", arXiv") ||
        rest.starts_with(". arXiv")) {
      cut = i;
      break;
    }
  }
  std::string_view v = trimFields(s.substr(0, cut));
  // Drop a dangling "Vol", "vol", "No".
  for (std::string_view tail : {" Vol", " vol", " No", " no"})
    if (v.ends_with(tail)) v = trimFields(v.substr(0, v.size() - tail.size()));
  return std::string(v);
}

// Quote characters that may open a title: ", “, ‘‘ (LaTeX ``).
size_t quoteLen(std::string_view s, size_t i) {
  if (s[i] == '"') return 1;
  if (s.substr(i).starts_with("\xE2\x80\x9C")) return 3;  // “
  if (s.substr(i).starts_with("``")) return 2;
  return 0;
}

size_t closingQuote(std::string_view s, size_t from) {
  for (size_t i = from; i < s.size(); ++i) {
    if (s[i] == '"') return i;
    if (s.substr(i).starts_with("\xE2\x80\x9D")) return i;  // ”
    if (s.substr(i).starts_with("''")) return i;
  }
  return std::string_view::npos;
}

}  // namespace

bool isReferencesHeading(std::string_view heading) {
  std::string h = lower(trim(heading));
  size_t i = 0;
  while (i < h.size() && (isDigit(h[i]) || h[i] == '.' || h[i] == ' ' || h[i] == '#')) ++i;
  h = h.substr(i);
  while (!h.empty() && (h.back() == ':' || h.back() == ' ')) h.pop_back();
  return h == "references" || h == "bibliography" || h == "literature cited" || h == "reference" ||
         h == "works cited" || h == "references and notes" || h == "cited literature" || h == "literature";
}

void parseReferenceString(std::string_view raw, BibEntry& e) {
  e.raw = collapse(raw);
  // Line-end hyphens left in extracted strings: "Bha- gavatula" ->
  // "Bhagavatula", "SciB- ERT" -> "SciB-ERT".
  std::string s;
  s.reserve(e.raw.size());
  for (size_t i = 0; i < e.raw.size(); ++i) {
    if (e.raw[i] == '-' && i > 0 && isLetter(e.raw[i - 1]) && i + 2 < e.raw.size() && e.raw[i + 1] == ' ' &&
        isLetter(e.raw[i + 2])) {
      if (!isLower(e.raw[i + 2])) s += '-';
      ++i;
      continue;
    }
    s += e.raw[i];
  }
  e.doi = findDoi(s);
  e.arxiv = findArxiv(s);
  e.url = findUrl(s);
  std::string_view v = s;
  // A leading list label: "[12]", "12.", "(12)".
  if (!v.empty() && (v[0] == '[' || v[0] == '(')) {
    size_t close = v.find(v[0] == '[' ? ']' : ')');
    if (close != std::string_view::npos && close < 8) v = trim(v.substr(close + 1));
  } else {
    size_t d = 0;
    while (d < v.size() && isDigit(v[d])) ++d;
    if (d > 0 && d < 5 && d + 1 < v.size() && (v[d] == '.' || v[d] == ' ') && !yearAt(v, 0)) v = trim(v.substr(d + 1));
  }
  size_t authors_end = 0;
  e.authors = parseAuthors(v, &authors_end);
  std::string_view rest = v.substr(authors_end);
  rest = trimFields(rest);
  // A year right after the authors: "(2019)." or "2019." or "2019b,".
  size_t year_pos = std::string_view::npos;
  {
    size_t i = 0;
    if (i < rest.size() && rest[i] == '(') ++i;
    if (yearAt(rest, i)) {
      year_pos = i;
      e.year = std::string(rest.substr(i, 4));
      size_t after = yearEnd(rest, i);
      if (after < rest.size() && rest[after] == ')') ++after;
      rest = trimFields(rest.substr(after));
    }
  }
  // Title: quoted, else the next sentence.
  size_t q = rest.empty() ? 0 : quoteLen(rest, 0);
  std::string_view after_title;
  if (q > 0) {
    size_t close = closingQuote(rest, q);
    if (close != std::string_view::npos) {
      e.title = std::string(trimFields(rest.substr(q, close - q)));
      after_title = rest.substr(close + (rest[close] == '"' ? 1 : (rest[close] == '\'' ? 2 : 3)));
    }
  }
  if (e.title.empty()) {
    size_t end = sentenceEnd(rest);
    std::string_view t = rest.substr(0, end);
    // A title is words; a bare year/volume/page run is not.
    if (!t.empty() && !isDigit(t[0])) e.title = std::string(trimFields(t));
    after_title = end < rest.size() ? rest.substr(end + 1) : std::string_view{};
  }
  e.venue = venueOf(after_title);
  if (e.venue.size() > 200) e.venue.clear();
  if (e.year.empty()) {
    // The first year after the authors, not inside a DOI or URL.
    for (size_t i = authors_end; i + 4 <= v.size(); ++i) {
      if (!yearAt(v, i)) continue;
      std::string_view around = v.substr(i >= 8 ? i - 8 : 0, std::min<size_t>(i, 8));
      if (around.find('/') != std::string_view::npos && around.find("10.") != std::string_view::npos) continue;
      e.year = std::string(v.substr(i, 4));
      break;
    }
  }
  (void)year_pos;
}

namespace {

// ---- Splitting a references section into entries ---------------------------

struct RawEntry {
  std::string label;
  std::string_view text;
};

// A numbered label at the start of a line: "[12]", "12.", "(12)", "- [12]".
bool lineLabel(std::string_view line, std::string* label, size_t* skip) {
  size_t i = 0;
  while (i < line.size() && isSpace(line[i])) ++i;
  if (i + 1 < line.size() && (line[i] == '-' || line[i] == '*') && line[i + 1] == ' ') i += 2;
  while (i < line.size() && isSpace(line[i])) ++i;
  char open = i < line.size() ? line[i] : 0;
  size_t d = open == '[' || open == '(' ? i + 1 : i;
  size_t a = d;
  while (d < line.size() && isDigit(line[d])) ++d;
  if (d == a || d - a > 4) return false;
  if (open == '[' || open == '(') {
    if (d >= line.size() || line[d] != (open == '[' ? ']' : ')')) return false;
    ++d;
  } else {
    if (d >= line.size() || line[d] != '.' || d + 1 >= line.size() || !isSpace(line[d + 1])) return false;
    ++d;
  }
  *label = std::string(line.substr(a, d - a - 1 - ((open == '[' || open == '(') ? 0 : 0)));
  while (!label->empty() && !isDigit(label->back())) label->pop_back();
  *skip = d;
  return true;
}

std::vector<RawEntry> splitEntries(std::string_view body) {
  // Lines with their offsets.
  std::vector<std::string_view> lines;
  for (size_t pos = 0; pos <= body.size();) {
    size_t nl = body.find('\n', pos);
    size_t end = nl == std::string_view::npos ? body.size() : nl;
    lines.push_back(body.substr(pos, end - pos));
    if (nl == std::string_view::npos) break;
    pos = nl + 1;
  }
  // Numbered lists: labels at line starts, mostly in sequence.
  std::vector<std::pair<size_t, std::string>> numbered;  // line index, label
  std::vector<size_t> skips;
  size_t in_sequence = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::string label;
    size_t skip;
    if (!lineLabel(lines[i], &label, &skip)) continue;
    if (!numbered.empty() && std::stoul(label) == std::stoul(numbered.back().second) + 1) ++in_sequence;
    numbered.push_back({i, label});
    skips.push_back(skip);
  }
  std::vector<RawEntry> out;
  auto spanOf = [&](size_t first, size_t last, size_t skip) {
    const char* b = lines[first].data() + skip;
    const char* e = lines[last].data() + lines[last].size();
    return std::string_view(b, static_cast<size_t>(e - b));
  };
  if (numbered.size() >= 2 && in_sequence * 10 >= (numbered.size() - 1) * 6) {
    for (size_t k = 0; k < numbered.size(); ++k) {
      size_t first = numbered[k].first, last = k + 1 < numbered.size() ? numbered[k + 1].first - 1 : lines.size() - 1;
      while (last > first && trim(lines[last]).empty()) --last;
      out.push_back({numbered[k].second, trim(spanOf(first, last, skips[k]))});
    }
    return out;
  }
  // Paragraphs separated by blank lines; a single block is split where a
  // line ends a sentence.
  size_t paragraphs = 0;
  for (size_t i = 0; i < lines.size(); ++i)
    if (!trim(lines[i]).empty() && (i == 0 || trim(lines[i - 1]).empty())) ++paragraphs;
  bool by_line = paragraphs <= 1;
  size_t start = SIZE_MAX;
  for (size_t i = 0; i <= lines.size(); ++i) {
    bool blank = i == lines.size() || trim(lines[i]).empty();
    bool boundary = blank;
    if (!blank && by_line && start != SIZE_MAX) {
      std::string_view prev = trim(lines[i - 1]);
      boundary = !prev.empty() && prev.back() == '.';
    }
    if (boundary && start != SIZE_MAX) {
      size_t last = i - 1;
      while (last > start && trim(lines[last]).empty()) --last;
      std::string_view t = trim(spanOf(start, last, 0));
      if (t.size() >= 2 && (t[0] == '-' || t[0] == '*') && t[1] == ' ') t = trim(t.substr(2));
      if (t.size() >= 10) out.push_back({"", t});
      start = SIZE_MAX;
    }
    if (!blank && start == SIZE_MAX) start = i;
  }
  return out;
}

// ---- Citation markers ------------------------------------------------------

struct Key {
  std::string surname;
  std::string year;
};

// Index of entries by (first author's surname, year).
class EntryIndex {
 public:
  explicit EntryIndex(const std::vector<BibEntry>& bib) {
    for (size_t i = 0; i < bib.size(); ++i) {
      const BibEntry& e = bib[i];
      if (!e.label.empty() && isDigit(e.label[0])) by_label_[e.label] = e.id;
      if (e.year.empty()) continue;
      std::vector<std::string> names;
      if (!e.authors.empty()) {
        // Every word of the first author's name may be the one cited
        // ("Van Zuylen", "de Vries").
        std::string_view n = e.authors[0];
        size_t pos = 0;
        while (pos < n.size()) {
          size_t sp = n.find(' ', pos);
          std::string_view w = n.substr(pos, sp == std::string_view::npos ? std::string_view::npos : sp - pos);
          if (w.size() > 2 || (w.size() == 2 && w.back() != '.')) names.push_back(lower(trimFields(w)));
          if (sp == std::string_view::npos) break;
          pos = sp + 1;
        }
      } else {
        names.push_back(surnameKey(std::string_view(e.raw).substr(0, e.raw.find_first_of(", "))));
      }
      for (auto& n : names) by_name_year_[n + "|" + e.year].push_back(e.id);
    }
  }
  // The entry a numeric label refers to, or "".
  std::string byLabel(const std::string& label) const {
    auto it = by_label_.find(label);
    return it == by_label_.end() ? "" : it->second;
  }
  // The entry for surname + year ("2017b": the second of that year).
  std::string byNameYear(const std::string& surname, std::string_view year) const {
    auto it = by_name_year_.find(lower(surname) + "|" + std::string(year.substr(0, 4)));
    if (it == by_name_year_.end()) return "";
    size_t k = year.size() > 4 && isLower(year[4]) ? static_cast<size_t>(year[4] - 'a') : 0;
    return it->second[k < it->second.size() ? k : 0];
  }
  bool hasLabels() const { return !by_label_.empty(); }
  bool hasNames() const { return !by_name_year_.empty(); }

 private:
  std::map<std::string, std::string> by_label_;
  std::map<std::string, std::vector<std::string>> by_name_year_;
};

// Numeric marker content: "3", "3, 5-7", "12–14; 20".
bool numericTargets(std::string_view inner, const EntryIndex& index, std::vector<std::string>* targets) {
  size_t i = 0;
  int prev = -1;
  bool range = false, any = false;
  while (i < inner.size()) {
    char c = inner[i];
    if (isDigit(c)) {
      size_t a = i;
      while (i < inner.size() && isDigit(inner[i])) ++i;
      if (i - a > 4) return false;
      int n = std::stoi(std::string(inner.substr(a, i - a)));
      int from = range && prev >= 0 && n > prev && n - prev <= 50 ? prev + 1 : n;
      for (int k = from; k <= n; ++k)
        if (auto id = index.byLabel(std::to_string(k)); !id.empty()) targets->push_back(id);
      prev = n;
      range = false;
      any = true;
    } else if (c == ',' || c == ';' || c == ' ') {
      ++i;
    } else if (c == '-') {
      range = true;
      ++i;
    } else if (inner.substr(i).starts_with("\xE2\x80\x93") || inner.substr(i).starts_with("\xE2\x80\x94")) {
      range = true;
      i += 3;
    } else {
      return false;
    }
  }
  return any;
}

// One author-year citation unit: "Krizhevsky et al., 2009", "Smith and
// Jones 2019a", "e.g., Smith, 2019, 2020". Adds the targets; returns false
// when the unit is not a citation.
bool authorYearUnit(std::string_view u, const EntryIndex& index, std::vector<std::string>* targets, bool* linked) {
  u = trim(u);
  // Leading lowercase words: "e.g.,", "see", "cf.", "see also".
  for (int k = 0; k < 4; ++k) {
    size_t i = 0;
    while (i < u.size() && (isLower(u[i]) || u[i] == '.')) ++i;
    if (i == 0 || (i < u.size() && u[i] != ' ' && u[i] != ',')) break;
    u = trim(trimFields(u.substr(i)));
  }
  if (u.empty() || !(isUpper(u[0]) || (static_cast<unsigned char>(u[0]) & 0x80))) return false;
  // The first author's surname: capitalised words up to "et al", "and",
  // "&", "," or the year.
  size_t i = 0;
  std::string surname;
  while (i < u.size()) {
    size_t a = i;
    while (i < u.size() && (isLetter(u[i]) || u[i] == '-' || u[i] == '\'')) ++i;
    if (i == a) break;
    std::string_view w = u.substr(a, i - a);
    if (!(isUpper(w[0]) || (static_cast<unsigned char>(w[0]) & 0x80) || isParticle(lower(w)))) break;
    if (w == "and" || w == "et") break;
    surname = std::string(w);
    while (i < u.size() && u[i] == ' ') ++i;
    if (i < u.size() && !isLetter(u[i])) break;
    if (u.substr(i).starts_with("et al") || u.substr(i).starts_with("and ")) break;
  }
  if (surname.empty()) return false;
  // Years: the first after the names; more may follow ("2019, 2020").
  bool found = false;
  for (size_t j = i; j + 4 <= u.size(); ++j) {
    if (!yearAt(u, j)) continue;
    size_t e = yearEnd(u, j);
    found = true;
    std::string id = index.byNameYear(surname, u.substr(j, e - j));
    if (!id.empty()) {
      targets->push_back(id);
      *linked = true;
    }
    j = e;
  }
  return found && u.size() - i < 120;
}

// The name phrase ending just before text[pos]: "Smith et al. ", "Smith
// and Jones ", "Smith ". Returns its start and the first surname.
bool nameBefore(std::string_view text, size_t pos, size_t* start, std::string* surname) {
  size_t i = pos;
  auto skipSpace = [&] {
    while (i > 0 && text[i - 1] == ' ') --i;
  };
  auto wordBefore = [&](size_t end) {
    size_t b = end;
    while (b > 0 && (isLetter(text[b - 1]) || text[b - 1] == '-' || text[b - 1] == '\'')) --b;
    return b;
  };
  skipSpace();
  std::string_view head = text.substr(0, i);
  if (head.ends_with("et al.") || head.ends_with("et al")) {
    i -= head.ends_with("et al.") ? 6 : 5;
    skipSpace();
    if (i > 0 && text[i - 1] == ',') --i;
    skipSpace();
    size_t b = wordBefore(i);
    if (b == i || !(isUpper(text[b]) || (static_cast<unsigned char>(text[b]) & 0x80))) return false;
    *surname = std::string(text.substr(b, i - b));
    *start = b;
    return true;
  }
  size_t b = wordBefore(i);
  if (b == i || !isUpper(text[b])) return false;
  std::string last(text.substr(b, i - b));
  *surname = last;
  *start = b;
  // "Smith and Jones" / "Smith & Jones": the first name is the one cited.
  size_t j = b;
  while (j > 0 && text[j - 1] == ' ') --j;
  std::string_view before = text.substr(0, j);
  size_t conj = before.ends_with(" and") ? 4 : before.ends_with(" &") ? 2 : 0;
  if (conj) {
    size_t k = j - conj;
    while (k > 0 && text[k - 1] == ' ') --k;
    size_t b2 = wordBefore(k);
    if (b2 < k && isUpper(text[b2])) {
      *surname = std::string(text.substr(b2, k - b2));
      *start = b2;
    }
  }
  return true;
}

void findMarkers(Paper& paper, size_t skip_from, size_t skip_to) {
  EntryIndex index(paper.bibliography);
  std::string_view text = paper.text;
  std::vector<CitationMarker> found;
  for (size_t i = 0; i < text.size(); ++i) {
    if (i == skip_from) {
      i = skip_to;
      if (i >= text.size()) break;
    }
    char open = text[i];
    if (open != '[' && open != '(') continue;
    char close = open == '[' ? ']' : ')';
    size_t limit = std::min(text.size(), i + 300), j = i + 1;
    while (j < limit && text[j] != close && text[j] != open && text[j] != '\n') ++j;
    if (j >= limit || text[j] != close) continue;
    std::string_view inner = text.substr(i + 1, j - i - 1);
    CitationMarker m{i, j + 1, {}};
    if (open == '[' && index.hasLabels() && numericTargets(inner, index, &m.targets)) {
      found.push_back(std::move(m));
      continue;
    }
    if (!index.hasNames() || inner.empty()) continue;
    // "(2019)" or "(2019a, 2020)": a narrative citation; the names precede.
    if (yearAt(inner, 0)) {
      size_t start;
      std::string surname;
      if (!nameBefore(text, i, &start, &surname)) continue;
      bool all_years = true;
      for (size_t k = 0; k < inner.size(); ++k) {
        if (yearAt(inner, k))
          k = yearEnd(inner, k) - 1;
        else if (inner[k] != ',' && inner[k] != ' ' && inner[k] != ';')
          all_years = false;
      }
      if (!all_years) continue;
      for (size_t k = 0; k < inner.size(); ++k) {
        if (!yearAt(inner, k)) continue;
        size_t e = yearEnd(inner, k);
        if (auto id = index.byNameYear(surname, inner.substr(k, e - k)); !id.empty()) m.targets.push_back(id);
        k = e - 1;
      }
      if (m.targets.empty()) continue;
      m.start = start;
      found.push_back(std::move(m));
      continue;
    }
    // "(Smith et al., 2019; Lee, 2020)" or "[Smith 2019]".
    bool any_unit = false, linked = false, strong = false;
    size_t pos = 0;
    while (pos <= inner.size()) {
      size_t semi = inner.find(';', pos);
      std::string_view unit = inner.substr(pos, semi == std::string_view::npos ? std::string_view::npos : semi - pos);
      if (authorYearUnit(unit, index, &m.targets, &linked)) {
        any_unit = true;
        strong = strong || unit.find("et al") != std::string_view::npos;
      }
      if (semi == std::string_view::npos) break;
      pos = semi + 1;
    }
    if (any_unit && (linked || strong)) found.push_back(std::move(m));
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  size_t last_end = 0;
  for (auto& m : found) {
    if (m.start < last_end) continue;
    last_end = m.end;
    paper.citations.push_back(std::move(m));
  }
}

}  // namespace

void parseReferenceSection(Paper& paper) {
  auto it = std::find_if(paper.sections.rbegin(), paper.sections.rend(),
                         [](const Section& s) { return isReferencesHeading(s.heading); });
  if (it == paper.sections.rend()) return;
  std::string_view text = paper.text;
  size_t start = std::min(it->start, text.size()), end = std::min(std::max(it->end, start), text.size());
  for (RawEntry& r : splitEntries(text.substr(start, end - start))) {
    BibEntry e;
    e.id = "b" + std::to_string(paper.bibliography.size());
    parseReferenceString(r.text, e);
    e.label = r.label;
    if (e.label.empty() && !e.authors.empty() && !e.year.empty()) {
      std::string_view first = e.authors[0];
      size_t sp = first.rfind(' ');
      e.label = std::string(sp == std::string_view::npos ? first : first.substr(sp + 1)) + " " + e.year;
    }
    paper.bibliography.push_back(std::move(e));
  }
  if (paper.bibliography.empty()) return;
  findMarkers(paper, start, end);
}

}  // namespace papergraph
