// Name analysis behind cross-paper resolution: the parts of a dataset name
// that must agree before two names may be merged (numbers, language pairs,
// variant words), generic head nouns that do not name anything ("dataset",
// "corpus"), version suffixes, and the similarity used by the fuzzy step.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace papergraph {

// The fuzzy step merges an unseen name into a known one only when both keys
// have at least kFuzzyMinLength bytes and similarity() >= kFuzzyThreshold.
// One edit in 8+ byte keys, two in 16+ (tests/core/resolve/names_test.cpp);
// shorter keys never match fuzzily ("Cora"/"Core", "MNIST"/"EMNIST").
inline constexpr double kFuzzyThreshold = 0.875;
inline constexpr size_t kFuzzyMinLength = 8;

// What must be equal between two names of the same dataset: the digit
// groups ("10" in CIFAR-10; "1.1" in SQuAD 1.1, years folded to four
// digits), language pairs ("en-de") and variant words ("mini", "matched",
// "char", "1k") in order, joined by '|'. "CIFAR-10" -> "10";
// "WMT'14 En-De" -> "2014|en-de".
std::string distinguishingSignature(std::string_view name);

// The name without a trailing generic head noun or a leading article:
// "the CIFAR-10 dataset" -> "CIFAR-10", "Penn Treebank corpus" -> "Penn
// Treebank". Returns name unchanged when nothing would be left.
std::string stripGenericWords(std::string_view name);

// A trailing version or variant and the base name before it:
// "FooBench 2.0" -> {"FooBench", "2.0", version}; "WMT14 En-De" ->
// {"WMT14", "En-De", variant}. Empty base when the name has no such suffix.
struct NameSuffix {
  std::string base;
  std::string suffix;
  bool is_variant = false;  // language pair or variant word, not a version
};
NameSuffix splitVersionSuffix(std::string_view name);

// 1 - (Damerau-Levenshtein distance / longer length) of two keys; 0 when the
// lengths differ by more than 3 (cheap reject).
double similarity(std::string_view a, std::string_view b);

// The normalised key used for unseen names: normalizeName() of the name
// without generic words, with a trailing plural 's' removed from keys of 6+
// letters that end in a letter ("Cityscape" = "Cityscapes").
std::string resolutionKey(std::string_view name);

// "en-de" when name is nothing but a language pair ("English-German",
// "en→de", "English-to-German", "English – German"), else "".
std::string languagePairOnly(std::string_view name);

// True when name names no dataset on its own: after dropping generic words
// it has no letters ("2012 benchmarks", "-100", "v1.1"), or only words of an
// evaluation setting or a split ("5-shot", "few-shot", "test split", "20-way").
bool namesNoDataset(std::string_view name);

// The version a name that is nothing but a version gives ("2012" for "2012
// benchmarks", "100" for "-100", "v1.1" for "v1.1"), else "". Such a name
// continues a dataset name just before it: "PASCAL VOC 2007 and 2012".
std::string elidedVersion(std::string_view name);

// The dataset name that an elided version continues: the antecedent's
// trailing version replaced ("PASCAL VOC 2007" + "2012" -> "PASCAL VOC
// 2012", "CIFAR-10" + "100" -> "CIFAR-100"), or the version appended when
// the antecedent has none ("SQuAD" + "v1.1" -> "SQuAD v1.1").
std::string completeElidedVersion(std::string_view antecedent, std::string_view version);

// The words of a task name, lower case, without trailing "task(s)",
// "problem(s)" or "setting(s)": "Machine translation tasks" -> {"machine",
// "translation"}.
std::vector<std::string> taskWords(std::string_view name);

// True when short looks like an abbreviation of long_form: its letters are,
// in order, initials (or leading letters) of long_form's words ("PTB" /
// "Penn Treebank", "SNLI" / "Stanford Natural Language Inference").
bool isAbbreviationOf(std::string_view short_form, std::string_view long_form);

}  // namespace papergraph
