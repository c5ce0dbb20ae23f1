#include "common/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace papergraph {

Status writeFileAtomic(const std::string& path, const std::function<Status(const ChunkSink&)>& produce) {
  namespace fs = std::filesystem;
  const fs::path target(path);
  const std::string tmp =
      (target.parent_path() / ("." + target.filename().string() + ".tmp." + std::to_string(::getpid()))).string();
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ioError(path + ": cannot create temporary file " + tmp + " (" + std::strerror(errno) + ")");
  auto failure = [&](const char* what, int err) { return ioError(path + ": " + what + " (" + std::strerror(err) + ")"); };
  Status s = produce([&](std::string_view chunk) {
    while (!chunk.empty()) {
      const ssize_t n = ::write(fd, chunk.data(), chunk.size());
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return failure("write failed", errno);
      chunk.remove_prefix(static_cast<size_t>(n));
    }
    return Status::ok();
  });
  // An error of the producer's own (not of the file) gets the path too.
  if (!s.isOk() && s.code() != StatusCode::kIoError) s = Status(s.code(), path + ": " + s.message());
  if (s.isOk() && ::fsync(fd) != 0) s = failure("fsync failed", errno);
  if (::close(fd) != 0 && s.isOk()) s = failure("close failed", errno);
  if (s.isOk() && ::rename(tmp.c_str(), path.c_str()) != 0) s = failure("rename failed", errno);
  if (!s.isOk()) ::unlink(tmp.c_str());
  return s;
}

Status writeFileAtomic(const std::string& path, std::string_view content) {
  return writeFileAtomic(path, [content](const ChunkSink& sink) { return sink(content); });
}

}  // namespace papergraph
