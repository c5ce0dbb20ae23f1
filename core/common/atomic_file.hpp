// Writing files so that a reader never sees half of one: write a temporary
// file beside the target, flush it to disk, then rename it over the target.
#pragma once

#include <string>
#include <string_view>

#include "papergraph/status.hpp"

namespace papergraph {

// Writes content to path atomically. On failure (disk full, no permission)
// the target is untouched, the temporary file is removed, and the Status
// names the path and the reason.
Status writeFileAtomic(const std::string& path, std::string_view content);

}  // namespace papergraph
