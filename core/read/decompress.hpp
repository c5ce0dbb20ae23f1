// Whole-buffer gzip and zstd decompression with an output limit (a small
// compressed file must not expand without bound).
#pragma once

#include <string>
#include <string_view>

#include "papergraph/status.hpp"

namespace papergraph {

// Output limit for one decompressed input.
inline constexpr size_t kMaxDecompressedBytes = size_t{2} << 30;  // 2 GiB

// Decompresses gzip data (several members allowed) into out. Errors name
// path: corrupt or truncated data, output over limit.
Status gunzip(const std::string& path, std::string_view in, std::string& out, size_t limit = kMaxDecompressedBytes);
// Decompresses zstd data (several frames allowed) into out.
Status unzstd(const std::string& path, std::string_view in, std::string& out, size_t limit = kMaxDecompressedBytes);

}  // namespace papergraph
