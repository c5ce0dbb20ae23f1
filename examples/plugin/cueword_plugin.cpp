// Example plugin: finds "<Name> dataset", "<Name> corpus", "<Name> benchmark"
// where <Name> is one token that looks like a dataset name (starts with a
// capital letter or contains a digit: "CIFAR-10", "Cora", "WN18RR"), and
// emits <Name> as a dataset mention. Cue words are configurable:
//   papergraph --set cueword.cues=dataset,corpus,benchmark,treebank ...
#include <papergraph/plugin.hpp>

#include <cctype>
#include <sstream>
#include <string>
#include <vector>

namespace {

class CueWordExtractor {
 public:
  explicit CueWordExtractor(const papergraph::PluginConfig& config) {
    std::stringstream ss(config.get("cues", "dataset,corpus,benchmark"));
    std::string cue;
    while (std::getline(ss, cue, ','))
      if (!cue.empty()) cues_.push_back(cue);
    if (cues_.empty()) throw std::runtime_error("cueword: 'cues' is empty");
  }

  void extract(const pg_paper& paper, papergraph::MentionSink& out) {
    std::string_view text = papergraph::paperText(paper);
    for (const auto& cue : cues_) {
      for (size_t pos = text.find(cue); pos != std::string_view::npos; pos = text.find(cue, pos + 1)) {
        // The token right before the cue word.
        size_t end = pos;
        while (end > 0 && text[end - 1] == ' ') --end;
        size_t start = end;
        while (start > 0 && isNameChar(text[start - 1])) --start;
        if (start == end || !looksLikeName(text.substr(start, end - start))) continue;
        std::string name(text.substr(start, end - start));
        out.emit(start, end, PG_KIND_DATASET, 0.6f, name,
                 papergraph::Attributes().set("cue", cue).str());
      }
    }
  }

 private:
  static bool isNameChar(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
  }
  static bool looksLikeName(std::string_view s) {
    bool digit = false;
    for (char c : s) digit |= std::isdigit(static_cast<unsigned char>(c)) != 0;
    return std::isupper(static_cast<unsigned char>(s.front())) || digit;
  }
  std::vector<std::string> cues_;
};

}  // namespace

PAPERGRAPH_PLUGIN(CueWordExtractor, cueword, "cueword", "1.0",
                  "Example: the name before 'dataset', 'corpus' or 'benchmark'", PG_KIND_DATASET)
