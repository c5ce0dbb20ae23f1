// Where UTF-8 stops being well formed: what the readers report for a paper
// and what the query runner refuses from the engine.
#include <gtest/gtest.h>

#include <string>

#include "common/utf8.hpp"

using papergraph::invalidUtf8At;
using papergraph::utf8ClaimedLength;

namespace {

constexpr size_t npos = std::string_view::npos;

TEST(Utf8, WellFormedTextHasNoInvalidByte) {
  EXPECT_EQ(invalidUtf8At(""), npos);
  EXPECT_EQ(invalidUtf8At("plain ASCII"), npos);
  EXPECT_EQ(invalidUtf8At("caf\xC3\xA9 \xE2\x80\x94 \xF0\x9F\x93\x84 \xF4\x8F\xBF\xBF"), npos);  // é — 📄 U+10FFFF
}

TEST(Utf8, ReportsTheLeadByteOfTheFirstBadSequence) {
  EXPECT_EQ(invalidUtf8At(std::string("ab\x80" "c")), 2u);                  // stray continuation byte
  EXPECT_EQ(invalidUtf8At(std::string("abc\xE9t\xE9")), 3u);                // Latin-1
  EXPECT_EQ(invalidUtf8At(std::string("x\xC0\xAF")), 1u);                  // overlong '/'
  EXPECT_EQ(invalidUtf8At(std::string("x\xE0\x80\xAF")), 1u);              // overlong, three bytes
  EXPECT_EQ(invalidUtf8At(std::string("x\xED\xA0\x80")), 1u);              // surrogate U+D800
  EXPECT_EQ(invalidUtf8At(std::string("x\xF4\x90\x80\x80")), 1u);          // past U+10FFFF
  EXPECT_EQ(invalidUtf8At(std::string("\xC3\xA9x\xE2\x80")), 3u);          // cut short at the end
  EXPECT_EQ(invalidUtf8At(std::string("x\xE2\x80y")), 1u);                 // a non-continuation inside
}

TEST(Utf8, ClaimedLengthComesFromTheLeadBytesBits) {
  EXPECT_EQ(utf8ClaimedLength('a'), 1u);
  EXPECT_EQ(utf8ClaimedLength(0xC0), 2u);  // claimed, though never well formed
  EXPECT_EQ(utf8ClaimedLength(0xE2), 3u);
  EXPECT_EQ(utf8ClaimedLength(0xF4), 4u);
  EXPECT_EQ(utf8ClaimedLength(0x80), 0u);
  EXPECT_EQ(utf8ClaimedLength(0xF8), 0u);
}

}  // namespace
