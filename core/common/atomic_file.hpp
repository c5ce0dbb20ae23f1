// Writing files so that a reader never sees half of one: write a temporary
// file beside the target, flush it to disk, then rename it over the target.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "papergraph/status.hpp"

namespace papergraph {

// Receives the file's bytes a piece at a time; an error stops the write.
using ChunkSink = std::function<Status(std::string_view)>;

// Writes what produce() hands to its sink to path atomically, never holding
// the whole content. On failure (disk full, no permission, or an error
// produce() returns) the target is untouched, the temporary file is removed,
// and the Status names the path and the reason.
Status writeFileAtomic(const std::string& path, const std::function<Status(const ChunkSink&)>& produce);

// The same for content already in memory.
Status writeFileAtomic(const std::string& path, std::string_view content);

}  // namespace papergraph
