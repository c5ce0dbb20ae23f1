// S2ORC JSON: one paper per file or JSON Lines shards, plain, .gz or .zst.
// Handles the schema versions seen in S2ORC releases and s2orc-doc2json
// output: paragraphs in body_text (with cite_spans in code points),
// bib_entries, ref_entries, back_matter; metadata at the top level, under
// "metadata", and the parse itself at the top level, under "pdf_parse",
// "grobid_parse" or "latex_parse".
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "read/decompress.hpp"
#include "read/formats.hpp"
#include "read/sniff.hpp"
#include "read/text_builder.hpp"

namespace papergraph {
namespace {

using Json = nlohmann::ordered_json;

constexpr size_t kMaxJsonDepth = 512;

// The string at key, or "" when absent, null or not a scalar.
std::string str(const Json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  if (it == j.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<long long>());
  if (it->is_number_unsigned()) return std::to_string(it->get<unsigned long long>());
  return {};
}

const Json& member(const Json& j, const char* key) {
  static const Json kNull;
  if (!j.is_object()) return kNull;
  auto it = j.find(key);
  return it == j.end() ? kNull : *it;
}

// "First Middle Last" from {"first", "middle": [...], "last", "suffix"}, or
// the string itself.
std::string authorName(const Json& a) {
  if (a.is_string()) return a.get<std::string>();
  std::string name;
  auto add = [&](const std::string& part) {
    if (part.empty()) return;
    if (!name.empty()) name += ' ';
    name += part;
  };
  add(str(a, "first"));
  const Json& middle = member(a, "middle");
  if (middle.is_array())
    for (const auto& m : middle)
      if (m.is_string()) add(m.get<std::string>());
  add(str(a, "last"));
  add(str(a, "suffix"));
  return name;
}

std::vector<std::string> authorList(const Json& list) {
  std::vector<std::string> out;
  if (!list.is_array()) return out;
  for (const auto& a : list)
    if (std::string n = authorName(a); !n.empty()) out.push_back(std::move(n));
  return out;
}

// Byte offset of code point index cp in s (s.size() when past the end).
size_t byteOfCodePoint(std::string_view s, size_t cp) {
  size_t i = 0;
  for (size_t n = 0; n < cp && i < s.size(); ++n) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  return i;
}

// The first element of other_ids[key] (a list or a string).
std::string otherId(const Json& bib, const char* key) {
  const Json& v = member(member(bib, "other_ids"), key);
  if (v.is_string()) return v.get<std::string>();
  if (v.is_array() && !v.empty() && v[0].is_string()) return v[0].get<std::string>();
  return {};
}

// Checks nesting depth before parsing (bracket count outside strings).
bool tooDeep(std::string_view s) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (in_string) {
      if (c == '\\')
        ++i;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxJsonDepth) return true;
    } else if ((c == '}' || c == ']') && depth) {
      --depth;
    }
  }
  return false;
}

class PaperBuilder {
 public:
  // Builds one paper from a parsed document; errors name where.
  StatusOr<Paper> build(const Json& doc, const std::string& where, const std::string& default_id) {
    if (!doc.is_object()) return badInput(where + ": not a JSON object");
    const Json* parse = &doc;
    for (const char* key : {"pdf_parse", "grobid_parse", "latex_parse"}) {
      const Json& p = member(doc, key);
      if (p.is_object() && member(p, "body_text").is_array()) {
        parse = &p;
        break;
      }
    }
    const Json& meta = member(doc, "metadata").is_object() ? member(doc, "metadata") : doc;
    bool has_paper = member(*parse, "body_text").is_array() || member(*parse, "abstract").is_array() ||
                     (member(doc, "paper_id").is_string() &&
                      (member(meta, "title").is_string() || member(meta, "abstract").is_string()));
    if (!has_paper)
      return badInput(where + ": not an S2ORC document (no paper_id with title or abstract, no body_text)");

    Paper p;
    p.id = str(doc, "paper_id");
    if (p.id.empty()) p.id = default_id;
    p.source = where;
    p.format = "s2orc";
    p.title = str(meta, "title");
    if (p.title.empty()) p.title = str(doc, "title");
    p.authors = authorList(member(meta, "authors"));
    if (p.authors.empty()) p.authors = authorList(member(doc, "authors"));

    // Bibliography: keyed "BIBREF0"...; the key is the entry id since
    // cite_spans refer to it.
    const Json& bibs = member(*parse, "bib_entries");
    if (bibs.is_object()) {
      for (auto it = bibs.begin(); it != bibs.end(); ++it) {
        const Json& b = it.value();
        BibEntry e;
        e.id = it.key();
        e.title = str(b, "title");
        e.authors = authorList(member(b, "authors"));
        e.venue = str(b, "venue");
        e.year = str(b, "year");
        e.raw = str(b, "raw_text");
        e.label = str(b, "num");
        e.doi = otherId(b, "DOI");
        e.arxiv = otherId(b, "arXiv");
        const Json& urls = member(b, "urls");
        if (urls.is_array() && !urls.empty() && urls[0].is_string()) e.url = urls[0].get<std::string>();
        ids_.emplace(e.id, p.bibliography.size());
        p.bibliography.push_back(std::move(e));
      }
    }

    text_.add(p.title);
    text_.breakParagraph();
    const Json& abstract = member(*parse, "abstract");
    if (abstract.is_array() && !abstract.empty()) {
      text_.startSection("Abstract");
      paragraphs(abstract, p, /*sections=*/false);
    } else {
      std::string a = str(meta, "abstract");
      if (a.empty()) a = str(doc, "abstract");
      if (!a.empty()) {
        text_.startSection("Abstract");
        text_.addRaw(a);
        text_.breakParagraph();
      }
    }
    paragraphs(member(*parse, "body_text"), p, true);
    paragraphs(member(*parse, "back_matter"), p, true);
    const Json& refs = member(*parse, "ref_entries");
    if (refs.is_object() && !refs.empty()) {
      text_.startSection("Figures and tables");
      for (const auto& r : refs) {
        std::string t = str(r, "text");
        if (t.empty()) continue;
        text_.addRaw(t);
        text_.breakParagraph();
      }
    }
    text_.finish(p);
    if (Status s = checkText(where, p.text); !s.isOk() && !p.text.empty()) return s;
    return p;
  }

 private:
  // Appends paragraphs, starting a section whenever "section" changes.
  void paragraphs(const Json& list, Paper& p, bool sections) {
    if (!list.is_array()) return;
    for (const auto& para : list) {
      std::string t = str(para, "text");
      if (sections) {
        std::string sec = str(para, "section");
        std::string num = str(para, "sec_num");
        std::string heading = num.empty() || sec.empty() ? sec : num + " " + sec;
        if (heading != current_) {
          current_ = heading;
          text_.startSection(heading);
        }
      }
      if (t.empty()) continue;
      size_t base = text_.markStart();
      text_.addRaw(t);
      text_.breakParagraph();
      const Json& spans = member(para, "cite_spans");
      if (!spans.is_array()) continue;
      for (const auto& s : spans) {
        const Json& a = member(s, "start");
        const Json& b = member(s, "end");
        if (!a.is_number_integer() || !b.is_number_integer()) continue;
        long long cs = a.get<long long>(), ce = b.get<long long>();
        if (cs < 0 || ce <= cs) continue;
        size_t bs = byteOfCodePoint(t, static_cast<size_t>(cs)), be = byteOfCodePoint(t, static_cast<size_t>(ce));
        if (be > t.size() || be <= bs) continue;
        CitationMarker m{base + bs, base + be, {}};
        std::string ref = str(s, "ref_id");
        if (!ref.empty() && ids_.count(ref)) m.targets.push_back(ref);
        p.citations.push_back(std::move(m));
      }
    }
  }

  TextBuilder text_;
  std::unordered_map<std::string, size_t> ids_;
  std::string current_ = "\x01";
};

StatusOr<Paper> parseOne(std::string_view json, const std::string& where, const std::string& default_id) {
  if (tooDeep(json)) return unsupported(where + ": JSON nested deeper than " + std::to_string(kMaxJsonDepth));
  Json doc;
  try {
    doc = Json::parse(json.begin(), json.end());
  } catch (const Json::exception& e) {
    return badInput(where + ": bad JSON (" + e.what() + ")");
  }
  try {
    return PaperBuilder().build(doc, where, default_id);
  } catch (const std::exception& e) {
    return badInput(where + ": unexpected S2ORC structure (" + e.what() + ")");
  }
}

class S2orcReader : public Reader {
 public:
  std::string_view format() const override { return "s2orc"; }
  bool accepts(std::string_view path, std::string_view head) const override {
    bool name = false;
    for (std::string_view ext : {".json", ".jsonl", ".json.gz", ".jsonl.gz", ".json.zst", ".jsonl.zst"})
      name = name || hasSuffix(path, ext);
    if (head.empty()) return name;
    Content c = sniffContent(head);
    if (c == Content::kGzip || c == Content::kZstd) return true;
    if (c == Content::kJson) return name || !(hasSuffix(path, ".md") || hasSuffix(path, ".txt"));
    return c == Content::kUnknown && name;
  }
  void read(const std::string& path, std::string_view bytes, const PaperSink& sink) const override {
    std::string inflated;
    Content c = sniffContent(bytes.substr(0, 8));
    if (c == Content::kGzip || c == Content::kZstd) {
      Status s = c == Content::kGzip ? gunzip(path, bytes, inflated) : unzstd(path, bytes, inflated);
      if (!s.isOk()) return sink(s);
      bytes = inflated;
    }
    if (bytes.find_first_not_of(" \t\r\n") == std::string_view::npos) return sink(badInput(path + ": empty file"));
    std::string id = paperIdFromPath(path);
    bool lines = hasSuffix(path, ".jsonl") || hasSuffix(path, ".jsonl.gz") || hasSuffix(path, ".jsonl.zst");
    if (!lines) {
      // One document, unless it is JSON Lines under another name.
      size_t nl = bytes.find('\n');
      bool one_per_line = false;
      if (nl != std::string_view::npos && bytes.find_first_not_of(" \t\r\n", nl) != std::string_view::npos) {
        std::string_view first = bytes.substr(0, nl);
        one_per_line = !first.empty() && first.front() == '{' && Json::accept(first.begin(), first.end());
      }
      if (!one_per_line) return sink(parseOne(bytes, path, id));
    }
    // JSON Lines: one paper per non-empty line; a bad line is an error for
    // that line only.
    size_t pos = 0, line_no = 0;
    while (pos < bytes.size()) {
      size_t nl = bytes.find('\n', pos);
      size_t end = nl == std::string_view::npos ? bytes.size() : nl;
      std::string_view line = bytes.substr(pos, end - pos);
      ++line_no;
      pos = end + 1;
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
      std::string where = path + ":" + std::to_string(line_no);
      StatusOr<Paper> p = parseOne(line, where, id + "-" + std::to_string(line_no));
      if (p.isOk()) p->source = path + "#" + std::to_string(line_no);
      sink(std::move(p));
    }
  }
};

}  // namespace

std::unique_ptr<Reader> makeS2orcReader() { return std::make_unique<S2orcReader>(); }

}  // namespace papergraph
