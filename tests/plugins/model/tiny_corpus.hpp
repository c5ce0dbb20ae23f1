// A tiny synthetic corpus with a planted pattern, written in the layout of
// ../shared/corpus/scirex-dev: made-up names before "benchmark" are
// datasets, "the task of <x> <y>" marks tasks, and made-up names before
// "et al." are authors (never datasets).
#pragma once

#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace papergraph::model::testing {

// A made-up capitalised name: "Vokarex-12" style.
inline std::string inventName(std::mt19937& rng) {
  static const char* kSyllables[] = {"vo", "ka", "rex", "zu", "mi", "tor", "pla", "qin", "dar", "fel", "nu", "sko"};
  std::string name;
  const int n = 2 + static_cast<int>(rng() % 2);
  for (int i = 0; i < n; ++i) name += kSyllables[rng() % 12];
  name[0] = static_cast<char>(name[0] - 'a' + 'A');
  if (rng() % 2) name += "-" + std::to_string(rng() % 90 + 10);
  return name;
}

// One paper: its text and gold JSON; dataset names are returned in names.
inline void makePaper(std::mt19937& rng, std::string& text, std::string& gold, std::vector<std::string>* names) {
  static const char* kTaskWords[] = {"image", "parsing", "speech", "tagging", "video", "ranking"};
  text = "# A synthetic paper\nWe study a problem.\n";
  std::string materials, tasks;
  auto add = [](std::string& list, size_t s, size_t e) {
    list += (list.empty() ? "" : ",") + std::string("[") + std::to_string(s) + "," + std::to_string(e) + "]";
  };
  for (int i = 0; i < 6; ++i) {
    const std::string author = inventName(rng);
    text += author + " et al. proposed a method for this. ";
    const std::string name = inventName(rng);
    if (names) names->push_back(name);
    text += "We report results on the ";
    add(materials, text.size(), text.size() + name.size());
    text += name + " benchmark and compare with prior work. ";
    const std::string task = std::string(kTaskWords[rng() % 6]) + " " + kTaskWords[rng() % 6];
    text += "This addresses the task of ";
    add(tasks, text.size(), text.size() + task.size());
    text += task + " in general.\n";
  }
  gold = "{\"id\": \"x\", \"salient\": {}, \"mentions\": {\"Material\": [" + materials + "], \"Task\": [" + tasks +
         "], \"Method\": []}}";
}

// Writes n papers under dir/papers and dir/gold.
inline void writeCorpus(const std::filesystem::path& dir, int n, unsigned seed) {
  std::mt19937 rng(seed);
  for (int i = 0; i < n; ++i) {
    std::string text, gold;
    makePaper(rng, text, gold, nullptr);
    const std::string id = "p" + std::to_string(100 + i);
    pgtest::writeFile(dir / "papers" / (id + ".md"), text);
    pgtest::writeFile(dir / "gold" / (id + ".gold.json"), gold);
  }
}

}  // namespace papergraph::model::testing
