// Small ASCII text helpers shared by the readers.
#pragma once

#include <string_view>

namespace papergraph {

// ASCII whitespace: space, \t, \n, \v, \f, \r (std::isspace in the C locale).
inline bool isAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

// s without leading and trailing ASCII whitespace.
inline std::string_view trimAsciiSpace(std::string_view s) {
  while (!s.empty() && isAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

}  // namespace papergraph
