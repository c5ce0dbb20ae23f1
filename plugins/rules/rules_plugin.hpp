// The rule-based extractor plugin: datasets and tasks found from how papers
// talk about data (cue patterns, abbreviation definitions, name shapes),
// with version, split, language pair, size, role and citation attributes.
//
// Configuration keys: "data_dir" (required; the ontology folder, whose
// rules/rules.pgr holds the built-in rules) and "rules_file" (optional; a
// user rule file read after the built-in one). create() refuses a malformed
// or too new rule file with "<file>:<line>: <problem>".
#pragma once

#include <papergraph/plugin_abi.h>

extern "C" {
// The plugin's descriptor (the MODULE exports it as papergraph_plugin()).
const pg_plugin* papergraph_plugin_rules(void);
}
