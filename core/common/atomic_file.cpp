#include "common/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace papergraph {

Status writeFileAtomic(const std::string& path, std::string_view content) {
  namespace fs = std::filesystem;
  fs::path target(path);
  std::string tmp = (target.parent_path() / ("." + target.filename().string() + ".tmp." +
                                             std::to_string(::getpid())))
                        .string();
  auto fail = [&](const char* what, int err) {
    ::unlink(tmp.c_str());
    return ioError(path + ": " + what + " (" + std::strerror(err) + ")");
  };
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ioError(path + ": cannot create temporary file (" + std::strerror(errno) + ")");
  const char* p = content.data();
  size_t left = content.size();
  while (left > 0) {
    ssize_t n = ::write(fd, p, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      int err = errno;
      ::close(fd);
      return fail("write failed", err);
    }
    p += n;
    left -= static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int err = errno;
    ::close(fd);
    return fail("fsync failed", err);
  }
  if (::close(fd) != 0) return fail("close failed", errno);
  if (::rename(tmp.c_str(), path.c_str()) != 0) return fail("rename failed", errno);
  return Status::ok();
}

}  // namespace papergraph
