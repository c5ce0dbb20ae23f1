// libFuzzer target for one reader, chosen at compile time:
//   -DPG_FUZZ_READER=makeTeiReader -DPG_FUZZ_PATH='"fuzz.tei.xml"'
// or, with -DPG_FUZZ_REFERENCES, for references.cpp on arbitrary text.
// Every paper a reader returns must hold the offset invariants; a broken
// invariant aborts, so libFuzzer keeps the input.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "read/formats.hpp"
#include "read/reader.hpp"
#include "read/references.hpp"

namespace {

void check(const papergraph::Paper& p) {
  for (const auto& s : p.sections)
    if (s.start > s.end || s.end > p.text.size()) std::abort();
  for (const auto& c : p.citations)
    if (c.start >= c.end || c.end > p.text.size()) std::abort();
  if (!p.text.empty() && !papergraph::checkText("fuzz", p.text).isOk()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
#ifdef PG_FUZZ_REFERENCES
  papergraph::BibEntry e;
  papergraph::parseReferenceString(bytes, e);
  papergraph::Paper p;
  p.text = std::string(bytes);
  p.sections.push_back({"References", size / 2, size});
  papergraph::parseReferenceSection(p);
  for (const auto& c : p.citations)
    if (c.start >= c.end || c.end > p.text.size()) std::abort();
#else
  static const auto reader = papergraph::PG_FUZZ_READER();
  reader->read(PG_FUZZ_PATH, bytes, [](papergraph::StatusOr<papergraph::Paper> p) {
    if (p.isOk())
      check(p.value());
    else if (p.status().message().find(PG_FUZZ_PATH) == std::string::npos)
      std::abort();  // errors name the file
  });
#endif
  return 0;
}
