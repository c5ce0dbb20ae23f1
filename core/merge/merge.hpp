// Merging: the mentions all plugins found in one paper become per-paper
// entities. Overlapping spans of one kind are one piece of evidence that
// keeps every extractor's provenance; evidence with the same catalog id,
// normalised name or abbreviation link is one entity. Entities with
// different catalog ids are never merged.
#pragma once

#include <vector>

#include "extract/mention.hpp"
#include "merge/paper_result.hpp"

namespace papergraph {

// Merges mentions (any order, any extractors) found in paper.
PaperResult mergeMentions(Paper paper, std::vector<Mention> mentions);

// The bibliography ids of the citation marker that follows [start, end)
// closely in the same sentence ("ImageNet [12]", "CIFAR-10 dataset (Krizhevsky,
// 2009)"), or none.
std::vector<std::string> citationAfter(const Paper& paper, size_t end);

}  // namespace papergraph
