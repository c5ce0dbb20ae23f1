// Readers turn input files into Papers. One reader per format; the registry
// picks one by extension and content.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "papergraph/status.hpp"
#include "read/paper.hpp"

namespace papergraph {

// Receives each paper a file holds (a shard holds many), or the error that
// kept one from being read. A Status error names the file and the problem.
using PaperSink = std::function<void(StatusOr<Paper>)>;

// One input format.
class Reader {
 public:
  virtual ~Reader() = default;
  // The format name written into Paper::format ("markdown", "tei", ...).
  virtual std::string_view format() const = 0;
  // True when this reader takes the file: path is the file's path, head its
  // first bytes (up to 4 KiB). Sniffing by content wins over a wrong name.
  virtual bool accepts(std::string_view path, std::string_view head) const = 0;
  // Reads the file whose whole content is bytes and sends every paper to
  // sink. Never throws; errors go to sink as Status.
  virtual void read(const std::string& path, std::string_view bytes, const PaperSink& sink) const = 0;
};

// All readers papergraph knows, in the order they are asked.
const std::vector<std::unique_ptr<Reader>>& readers();

// The reader for path with these first bytes, or nullptr.
const Reader* findReader(std::string_view path, std::string_view head);

// Reads one file with the right reader. Unreadable, empty or unknown files
// give one error naming the file.
void readPaperFile(const std::string& path, const PaperSink& sink);

// Expands inputs: directories are walked recursively (sorted, hidden files
// and unknown extensions skipped), files kept as given, "-" reads paths
// from stdin_lines. Missing paths become errors.
std::vector<std::string> expandInputs(const std::vector<std::string>& inputs,
                                      std::vector<Status>* errors);

// True when path has an extension some reader handles (".md", ".txt", ...).
bool hasPaperExtension(std::string_view path);

// Checks that bytes are valid UTF-8 with no NUL byte; the error names path
// and the byte offset.
Status checkText(const std::string& path, std::string_view bytes);

// The file stem used as default paper id: "dir/abc.tei.xml" -> "abc".
std::string paperIdFromPath(std::string_view path);

}  // namespace papergraph
