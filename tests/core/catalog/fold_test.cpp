// fold::foldStep(): foldText() is a loop over it, and folding may begin at
// any byte foldText() emits (the gazetteer folds from word starts only).
#include "catalog/fold.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace {

using papergraph::fold::FoldState;
using papergraph::fold::foldStep;
using papergraph::fold::foldText;

struct Folded {
  char c;
  size_t offset;
  uint8_t flags;
};

std::vector<Folded> foldAll(std::string_view s) {
  std::vector<Folded> out;
  foldText(s, [&](char c, size_t off, uint8_t fl) { out.push_back({c, off, fl}); });
  return out;
}

// Texts that exercise every rule: hyphenation across line breaks, soft
// hyphens, Unicode dashes, quotes, primes and arrows, invalid and truncated
// UTF-8 (E2 80 followed by an ASCII byte reads as one separator), two-digit
// years, dotted numbers, dropped 'v's.
const std::vector<std::string> kTricky = {
    "Image-\nNet, Im-\r\nageNet, Ima\xC2\xADgeNet; WMT'14 v1.1 vs V2 and 1.14 and 14.2 (19)",
    "CIFAR\xE2\x80\x93"
    "10 \xE2\x80\x9Cx\xE2\x80\x9D a\xE2\x80\xB2 b\xE2\x86\x92"
    "c \xE2\x88\x92"
    "5 d\xE2\x80\xAF"
    "e",
    "f\xE2\x80iner \xE2\x80xMNIST \xE2\x80 M \xC2\xA0\xC2 \xE2\xE2\x80\x94 MNIST\xE2\x80",
    "\xC3\xA9t\xC3\xA9 \xFF\xFEv9 vv9 9v9 99 999 9.99 99.9 a99b _v1_ -v2-",
};

// Random texts from the fragments the rules care about.
std::string randomText(std::mt19937& rng) {
  static const std::vector<std::string> kParts = {
      "a",        "B",    "v",        "V",    "1", "14", "2014",     ".",        "-",    "\n",           "\r",
      " ",        "'",    "_",        "/",    "(", "&",  "\xC2\xAD", "\xC2\xA0", "\xC2", "\xE2\x80\x93", "\xE2\x80\x99",
      "\xE2\x80", "\xE2", "\xC3\xA9", "\xFF", "x"};
  std::string s;
  const size_t n = rng() % 24;
  for (size_t i = 0; i < n; ++i) s += kParts[rng() % kParts.size()];
  return s;
}

// Folding from the origin of folded byte k (a step that emits) gives
// exactly what foldText() gave from byte k on; only byte k's gap flags,
// which depend on what came before, may differ.
void expectFoldingMayStartAtEveryEmittedByte(const std::string& s) {
  const auto all = foldAll(s);
  for (size_t k = 0; k < all.size(); ++k) {
    if (all[k].flags & papergraph::fold::kNoStart) continue;  // inside a folded year: not a step start
    std::vector<Folded> from;
    FoldState state;
    for (size_t i = all[k].offset; i < s.size();)
      i = foldStep(s, i, state, [&](char c, size_t off, uint8_t fl) { from.push_back({c, off, fl}); });
    ASSERT_EQ(from.size(), all.size() - k) << "text \"" << s << "\" from byte " << all[k].offset;
    for (size_t j = 0; j < from.size(); ++j) {
      const uint8_t mask = j == 0 ? uint8_t(~(papergraph::fold::kGap | papergraph::fold::kSoftGap)) : uint8_t(0xFF);
      EXPECT_EQ(std::tie(from[j].c, from[j].offset), std::tie(all[k + j].c, all[k + j].offset))
          << "text \"" << s << "\" from byte " << all[k].offset << ", folded byte " << j;
      EXPECT_EQ(from[j].flags & mask, all[k + j].flags & mask)
          << "text \"" << s << "\" from byte " << all[k].offset << ", folded byte " << j;
    }
  }
}

TEST(FoldTest, FoldTextIsALoopOverFoldStep) {
  for (const std::string& s : kTricky) {
    std::vector<Folded> stepped;
    FoldState state;
    for (size_t i = 0; i < s.size();) {
      const size_t next = foldStep(s, i, state, [&](char c, size_t off, uint8_t fl) {
        stepped.push_back({c, off, fl});
      });
      ASSERT_GT(next, i);
      i = next;
    }
    const auto all = foldAll(s);
    ASSERT_EQ(stepped.size(), all.size());
    for (size_t k = 0; k < all.size(); ++k)
      EXPECT_EQ(std::tie(stepped[k].c, stepped[k].offset, stepped[k].flags),
                std::tie(all[k].c, all[k].offset, all[k].flags));
  }
}

TEST(FoldTest, KnownFoldsAndOrigins) {
  // Hyphenation is a soft gap; a year gains two virtual bytes at its first
  // digit; an invalid "separator" (E2 80 + ASCII) takes the ASCII byte.
  const auto a = foldAll("Im-\nage WMT'14 \xE2\x80xY");
  std::string bytes;
  for (const auto& f : a) bytes += f.c;
  EXPECT_EQ(bytes, "imagewmt2014y");
  EXPECT_EQ(a[2].offset, 4u);
  EXPECT_TRUE(a[2].flags & papergraph::fold::kSoftGap);
  EXPECT_EQ(a[8].offset, 12u);
  EXPECT_TRUE(a[8].flags & papergraph::fold::kVirtual);
  EXPECT_TRUE(a[9].flags & papergraph::fold::kNoStart);
  EXPECT_EQ(a[11].offset, 13u);
  EXPECT_EQ(a[12].offset, 18u);  // 'Y'; the 'x' at 17 went with E2 80
}

TEST(FoldTest, FoldingMayStartAtAnyEmittedByte) {
  for (const std::string& s : kTricky) expectFoldingMayStartAtEveryEmittedByte(s);
  std::mt19937 rng(12345);
  for (int i = 0; i < 2000; ++i) expectFoldingMayStartAtEveryEmittedByte(randomText(rng));
}

}  // namespace
