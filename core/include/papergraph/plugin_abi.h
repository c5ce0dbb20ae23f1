/* papergraph plugin ABI: the one header a plugin needs.
 *
 * A plugin is a shared library exporting one C function,
 *
 *     const pg_plugin *papergraph_plugin(void);
 *
 * that returns a descriptor with static storage duration. The host checks, in
 * this order: the library opens -> the symbol exists -> abi_version equals
 * PG_PLUGIN_ABI_VERSION -> name, create, extract and destroy are non-null ->
 * create() succeeds. Each failure is refused with a message naming the file
 * (and, for the version check, both versions).
 *
 * Rules for plugin authors:
 *  - No C++ exception may leave a callback. Return PG_ERROR and write a
 *    NUL-terminated message into err (at most err_len bytes, err_len > 0).
 *  - The host calls create() once per worker thread; a state is used by one
 *    thread at a time, so plugins need no locks.
 *  - Everything passed to a callback (paper, mention fields, strings) is
 *    borrowed for the duration of that call only. emit() copies what it gets.
 *  - Plugins never print; they log through sink->log.
 *
 * ABI bump rule: PG_PLUGIN_ABI_VERSION changes whenever a struct below changes
 * layout or a field changes meaning. Adding an enum value to pg_kind or a new
 * optional callback at the END of pg_plugin guarded by struct_size does not
 * bump it; the host null-checks optional callbacks.
 */
#ifndef PAPERGRAPH_PLUGIN_ABI_H
#define PAPERGRAPH_PLUGIN_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PG_PLUGIN_ABI_VERSION 1u

/* Status codes returned by create() and extract(). */
#define PG_OK 0
#define PG_ERROR 1

/* What a mention is about. Also used as bits in pg_plugin.kinds. */
typedef enum pg_kind {
  PG_KIND_DATASET = 1u << 0,
  PG_KIND_TASK = 1u << 1,
  PG_KIND_METHOD = 1u << 2,
  PG_KIND_METRIC = 1u << 3,
  PG_KIND_CITATION = 1u << 4
} pg_kind;

/* Log levels for pg_sink.log, in increasing severity. */
typedef enum pg_log_level {
  PG_LOG_DEBUG = 0,
  PG_LOG_INFO = 1,
  PG_LOG_WARN = 2,
  PG_LOG_ERROR = 3
} pg_log_level;

/* A section of the paper's text: heading and the byte range of its body. */
typedef struct pg_section {
  const char *heading; /* NUL-terminated, UTF-8, may be "" */
  size_t start, end;   /* byte range in pg_paper.text, end exclusive */
} pg_section;

/* A citation marker in the text ("[17]", "(Smith et al., 2019)"), with the
 * bibliography ids it points to (may be none when unresolved). */
typedef struct pg_citation {
  size_t start, end;          /* byte range in pg_paper.text */
  const char *const *targets; /* bibliography entry ids */
  size_t n_targets;
} pg_citation;

/* A bibliography entry as the reader parsed it. Empty fields are "". */
typedef struct pg_bib_entry {
  const char *id;    /* e.g. "b17" */
  const char *raw;   /* the reference string as printed, may be "" */
  const char *title;
  const char *year;
} pg_bib_entry;

/* The paper handed to extract(). text is UTF-8, not NUL-terminated
 * necessarily; use text_len. All offsets are UTF-8 byte offsets into text. */
typedef struct pg_paper {
  const char *id;
  const char *title;
  const char *text;
  size_t text_len;
  const pg_section *sections;
  size_t n_sections;
  const pg_citation *citations;
  size_t n_citations;
  const pg_bib_entry *bibliography;
  size_t n_bibliography;
} pg_paper;

/* One finding. key is the canonical name the plugin proposes (for a catalog
 * match, the catalog title). attributes is a flat JSON object of string
 * values (e.g. {"catalog_id":"cifar-10","version":"2012","split":"test",
 * "role":"used","citation":"[17]"}) or NULL. */
typedef struct pg_mention {
  size_t start, end; /* byte range in pg_paper.text, end exclusive */
  uint32_t kind;     /* one pg_kind value */
  float confidence;  /* in [0, 1] */
  const char *key;
  const char *attributes;
} pg_mention;

/* Where a plugin sends results and log lines. */
typedef struct pg_sink {
  void *ctx;
  void (*emit)(void *ctx, const pg_mention *mention);
  void (*log)(void *ctx, int level, const char *message);
} pg_sink;

/* The descriptor returned by papergraph_plugin(). */
typedef struct pg_plugin {
  uint32_t abi_version; /* must be PG_PLUGIN_ABI_VERSION */
  uint32_t struct_size; /* sizeof(pg_plugin) as the plugin was built */
  const char *name;     /* short, unique, [a-z0-9_-]+ */
  const char *version;
  const char *description;
  uint32_t kinds; /* bit set of pg_kind the plugin emits */

  /* Makes one state from a JSON object of configuration strings (never
   * NULL; "{}" when empty). Returns PG_OK, or PG_ERROR with err filled. */
  int (*create)(const char *config_json, void **state, char *err,
                size_t err_len);
  /* Finds mentions in one paper and sends them to out. Returns PG_OK, or
   * PG_ERROR with err filled: the host reports it for that paper only. */
  int (*extract)(void *state, const pg_paper *paper, const pg_sink *out,
                 char *err, size_t err_len);
  /* Frees a state made by create(). */
  void (*destroy)(void *state);
} pg_plugin;

/* The one exported symbol. */
#define PG_PLUGIN_ENTRY_NAME "papergraph_plugin"

#if defined(_WIN32)
#define PG_PLUGIN_EXPORT __declspec(dllexport)
#else
#define PG_PLUGIN_EXPORT __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
}
#endif

#endif /* PAPERGRAPH_PLUGIN_ABI_H */
