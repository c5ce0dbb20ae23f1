// C++ helper for plugin authors: write a class, add one macro.
//
//   class MyExtractor {
//    public:
//     // Called once per worker thread. Throwing or returning an error
//     // refuses the plugin with that message.
//     explicit MyExtractor(const papergraph::PluginConfig& config);
//     void extract(const pg_paper& paper, papergraph::MentionSink& out);
//   };
//   PAPERGRAPH_PLUGIN(MyExtractor, my_extractor, "myext", "1.0",
//                     "Finds X", PG_KIND_DATASET)
//
// The macro defines `papergraph_plugin_my_extractor()` (for linking the
// plugin statically into tests) and, when PG_PLUGIN_MODULE is defined (the
// CMake helper papergraph_add_plugin does this for the MODULE target), the
// exported `papergraph_plugin()` entry point. Exceptions thrown by the class
// are caught here and become PG_ERROR with the exception's message: none
// crosses the ABI boundary.
#pragma once

#include <papergraph/plugin_abi.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <map>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace papergraph {

// Configuration strings handed to a plugin (from the config file, --set
// plugin.key=value, and host-provided keys such as "data_dir").
class PluginConfig {
 public:
  // Parses the flat JSON object of strings the host passes to create().
  // Throws std::runtime_error on text that is not such an object.
  explicit PluginConfig(const char* json);
  // The value for key, or fallback when absent.
  std::string get(const std::string& key, const std::string& fallback = "") const;
  // True when key is present.
  bool has(const std::string& key) const { return values_.count(key) != 0; }
  const std::map<std::string, std::string>& values() const { return values_; }

 private:
  std::map<std::string, std::string> values_;
};

// Escapes s as the inside of a JSON string literal.
std::string jsonEscape(std::string_view s);

// Builds the flat JSON attribute object of a mention.
class Attributes {
 public:
  // Adds key=value; empty values are skipped.
  Attributes& set(std::string_view key, std::string_view value) {
    if (value.empty()) return *this;
    json_ += json_.empty() ? "{" : ",";
    json_ += '"' + jsonEscape(key) + "\":\"" + jsonEscape(value) + '"';
    return *this;
  }
  // The JSON object text, or "" when nothing was set.
  std::string str() const { return json_.empty() ? std::string() : json_ + "}"; }

 private:
  std::string json_;
};

// Thin wrapper over pg_sink.
class MentionSink {
 public:
  explicit MentionSink(const pg_sink* sink) : sink_(sink) {}
  // Emits a mention; key and attributes are copied by the host.
  void emit(size_t start, size_t end, pg_kind kind, float confidence,
            const std::string& key, const std::string& attributes = "") const {
    pg_mention m{start, end, static_cast<uint32_t>(kind), confidence, key.c_str(),
                 attributes.empty() ? nullptr : attributes.c_str()};
    sink_->emit(sink_->ctx, &m);
  }
  // Logs through the host.
  void log(pg_log_level level, const std::string& message) const {
    if (sink_->log) sink_->log(sink_->ctx, level, message.c_str());
  }

 private:
  const pg_sink* sink_;
};

// The paper's text as a string_view.
inline std::string_view paperText(const pg_paper& p) { return {p.text, p.text_len}; }


// ---- inline implementations (header-only so out-of-tree plugins need no
// library of ours) ----

inline std::string jsonEscape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

namespace detail {

// Minimal reader for a flat JSON object whose values are strings.
class FlatJsonReader {
 public:
  explicit FlatJsonReader(std::string_view s) : s_(s) {}
  std::map<std::string, std::string> parse() {
    std::map<std::string, std::string> out;
    ws();
    expect('{');
    ws();
    if (peek() == '}') { ++i_; return finish(out); }
    for (;;) {
      ws();
      std::string k = str();
      ws();
      expect(':');
      ws();
      out[k] = str();
      ws();
      if (peek() == ',') { ++i_; continue; }
      expect('}');
      return finish(out);
    }
  }

 private:
  std::map<std::string, std::string>& finish(std::map<std::string, std::string>& m) {
    ws();
    if (i_ != s_.size()) fail("trailing characters");
    return m;
  }
  [[noreturn]] void fail(const char* what) {
    throw std::runtime_error(std::string("plugin configuration is not a flat JSON object of strings: ") +
                             what + " at byte " + std::to_string(i_));
  }
  char peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  void ws() { while (i_ < s_.size() && std::strchr(" \t\r\n", s_[i_])) ++i_; }
  void expect(char c) { if (peek() != c) fail("unexpected character"); ++i_; }
  static void utf8(std::string& o, unsigned cp) {
    if (cp < 0x80) o += char(cp);
    else if (cp < 0x800) { o += char(0xC0 | (cp >> 6)); o += char(0x80 | (cp & 0x3F)); }
    else if (cp < 0x10000) { o += char(0xE0 | (cp >> 12)); o += char(0x80 | ((cp >> 6) & 0x3F)); o += char(0x80 | (cp & 0x3F)); }
    else { o += char(0xF0 | (cp >> 18)); o += char(0x80 | ((cp >> 12) & 0x3F)); o += char(0x80 | ((cp >> 6) & 0x3F)); o += char(0x80 | (cp & 0x3F)); }
  }
  unsigned hex4() {
    if (i_ + 4 > s_.size()) fail("short \\u escape");
    unsigned v = 0;
    for (int k = 0; k < 4; ++k) {
      char c = s_[i_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= unsigned(c - '0');
      else if (c >= 'a' && c <= 'f') v |= unsigned(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= unsigned(c - 'A' + 10);
      else fail("bad \\u escape");
    }
    return v;
  }
  std::string str() {
    expect('"');
    std::string o;
    while (i_ < s_.size() && s_[i_] != '"') {
      char c = s_[i_++];
      if (c != '\\') { o += c; continue; }
      if (i_ >= s_.size()) fail("unterminated escape");
      char e = s_[i_++];
      switch (e) {
        case '"': o += '"'; break;
        case '\\': o += '\\'; break;
        case '/': o += '/'; break;
        case 'b': o += '\b'; break;
        case 'f': o += '\f'; break;
        case 'n': o += '\n'; break;
        case 'r': o += '\r'; break;
        case 't': o += '\t'; break;
        case 'u': {
          unsigned cp = hex4();
          if (cp >= 0xD800 && cp < 0xDC00 && i_ + 6 <= s_.size() && s_[i_] == '\\' && s_[i_ + 1] == 'u') {
            i_ += 2;
            unsigned lo = hex4();
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
          }
          utf8(o, cp);
          break;
        }
        default: fail("bad escape");
      }
    }
    expect('"');
    return o;
  }
  std::string_view s_;
  size_t i_ = 0;
};

}  // namespace detail

inline PluginConfig::PluginConfig(const char* json)
    : values_(detail::FlatJsonReader(json ? json : "{}").parse()) {}

inline std::string PluginConfig::get(const std::string& key, const std::string& fallback) const {
  auto it = values_.find(key);
  return it == values_.end() ? fallback : it->second;
}

namespace detail {

inline void writeError(char* err, size_t n, const char* msg) {
  if (err && n) std::snprintf(err, n, "%s", msg);
}

template <class T>
struct Adapter {
  static int create(const char* config, void** state, char* err, size_t n) noexcept {
    try {
      PluginConfig cfg(config ? config : "{}");
      *state = new T(cfg);
      return PG_OK;
    } catch (const std::exception& e) {
      writeError(err, n, e.what());
    } catch (...) {
      writeError(err, n, "unknown exception in create");
    }
    return PG_ERROR;
  }
  static int extract(void* state, const pg_paper* paper, const pg_sink* out, char* err,
                     size_t n) noexcept {
    try {
      MentionSink sink(out);
      static_cast<T*>(state)->extract(*paper, sink);
      return PG_OK;
    } catch (const std::exception& e) {
      writeError(err, n, e.what());
    } catch (...) {
      writeError(err, n, "unknown exception in extract");
    }
    return PG_ERROR;
  }
  static void destroy(void* state) noexcept { delete static_cast<T*>(state); }
};

}  // namespace detail
}  // namespace papergraph

#ifdef PG_PLUGIN_MODULE
#define PG_DETAIL_MODULE_ENTRY(ident)                                  \
  extern "C" PG_PLUGIN_EXPORT const pg_plugin* papergraph_plugin(void) { \
    return papergraph_plugin_##ident();                                \
  }
#else
#define PG_DETAIL_MODULE_ENTRY(ident)
#endif

// Defines the descriptor for class Class. ident is a C identifier unique
// among plugins; name is the plugin's name as users select it.
#define PAPERGRAPH_PLUGIN(Class, ident, name, version, description, kinds)        \
  extern "C" const pg_plugin* papergraph_plugin_##ident(void) {                  \
    static const pg_plugin descriptor = {                                       \
        PG_PLUGIN_ABI_VERSION,                                                  \
        sizeof(pg_plugin),                                                      \
        name,                                                                   \
        version,                                                                \
        description,                                                            \
        static_cast<uint32_t>(kinds),                                           \
        &::papergraph::detail::Adapter<Class>::create,                          \
        &::papergraph::detail::Adapter<Class>::extract,                         \
        &::papergraph::detail::Adapter<Class>::destroy};                        \
    return &descriptor;                                                         \
  }                                                                             \
  PG_DETAIL_MODULE_ENTRY(ident)
