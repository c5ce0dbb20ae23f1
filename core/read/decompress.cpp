#include "read/decompress.hpp"

#include <zlib.h>
#include <zstd.h>

#include <memory>

namespace papergraph {
namespace {

Status overLimit(const std::string& path, size_t limit) {
  return unsupported(path + ": decompresses to more than " + std::to_string(limit >> 20) + " MiB; refused");
}

}  // namespace

Status gunzip(const std::string& path, std::string_view in, std::string& out, size_t limit) {
  out.clear();
  z_stream z{};
  if (inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) return Status(StatusCode::kInternal, path + ": zlib init failed");
  std::unique_ptr<z_stream, int (*)(z_stream*)> guard(&z, inflateEnd);
  if (in.size() > UINT32_MAX) return unsupported(path + ": gzip input larger than 4 GiB");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  char buf[1 << 16];
  for (;;) {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    int rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
    if (out.size() > limit) return overLimit(path, limit);
    if (rc == Z_STREAM_END) {
      if (z.avail_in == 0) return Status::ok();
      // Another gzip member follows.
      if (inflateReset(&z) != Z_OK) return badInput(path + ": corrupt gzip data");
      continue;
    }
    if (rc == Z_BUF_ERROR && z.avail_in == 0)
      return badInput(path + ": truncated gzip data (after " + std::to_string(out.size()) + " bytes of output)");
    if (rc != Z_OK) return badInput(path + ": corrupt gzip data (" + (z.msg ? z.msg : "zlib error") + ")");
  }
}

Status unzstd(const std::string& path, std::string_view in, std::string& out, size_t limit) {
  out.clear();
  std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> ctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
  if (!ctx) return Status(StatusCode::kInternal, path + ": zstd init failed");
  ZSTD_inBuffer input{in.data(), in.size(), 0};
  char buf[1 << 16];
  size_t last = 0;
  while (input.pos < input.size) {
    ZSTD_outBuffer output{buf, sizeof buf, 0};
    last = ZSTD_decompressStream(ctx.get(), &output, &input);
    if (ZSTD_isError(last)) return badInput(path + ": corrupt zstd data (" + ZSTD_getErrorName(last) + ")");
    out.append(buf, output.pos);
    if (out.size() > limit) return overLimit(path, limit);
  }
  // Flush what the decoder still holds.
  while (last != 0) {
    ZSTD_outBuffer output{buf, sizeof buf, 0};
    last = ZSTD_decompressStream(ctx.get(), &output, &input);
    if (ZSTD_isError(last)) return badInput(path + ": corrupt zstd data (" + ZSTD_getErrorName(last) + ")");
    out.append(buf, output.pos);
    if (out.size() > limit) return overLimit(path, limit);
    if (output.pos == 0) return badInput(path + ": truncated zstd data");
  }
  return Status::ok();
}

}  // namespace papergraph
