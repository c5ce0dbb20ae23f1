// UTF-8 well-formedness, shared by the readers (which refuse a paper that
// is not UTF-8) and the query runner (which refuses engine output that is
// not).
#pragma once

#include <cstddef>
#include <string_view>

namespace papergraph {

// The offset of the first byte that does not begin a well-formed UTF-8
// sequence in s (a stray continuation byte, a bad lead byte, a sequence cut
// short or followed by a non-continuation byte, an overlong form, a
// surrogate or a code point past U+10FFFF), or npos when s is all
// well-formed UTF-8.
size_t invalidUtf8At(std::string_view s);

// The length a sequence beginning with lead byte c claims by its bit
// pattern (1 for ASCII, 2-4, 0 for a continuation byte or 0xF8-0xFF),
// whether or not it is well formed.
size_t utf8ClaimedLength(unsigned char c);

}  // namespace papergraph
