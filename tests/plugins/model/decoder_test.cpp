#include "decoder.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "labels.hpp"

namespace papergraph::model {
namespace {

TEST(DecoderTest, SpansFromTags) {
  EXPECT_EQ(spansFromTags({kO, kBDataset, kIDataset, kO, kBTask, kITask, kITask}),
            (std::vector<TokenSpan>{{1, 3, EntityKind::kDataset}, {4, 7, EntityKind::kTask}}));
  // B after B starts a new span; a stray I starts one; kinds do not mix.
  EXPECT_EQ(spansFromTags({kBDataset, kBDataset, kITask, kIDataset}),
            (std::vector<TokenSpan>{{0, 1, EntityKind::kDataset},
                                    {1, 2, EntityKind::kDataset},
                                    {2, 3, EntityKind::kTask},
                                    {3, 4, EntityKind::kDataset}}));
  EXPECT_TRUE(spansFromTags({}).empty());
  EXPECT_TRUE(spansFromTags({kO, kO}).empty());
}

TEST(DecoderTest, ViterbiFollowsEmissionsAndTransitions) {
  Transitions tr;
  // Token 0 prefers B-dataset, token 1 prefers I-dataset, token 2 O.
  std::vector<float> emit(3 * kNumTags, 0.0f);
  emit[0 * kNumTags + kBDataset] = 2;
  emit[1 * kNumTags + kIDataset] = 2;
  emit[2 * kNumTags + kO] = 1;
  std::vector<uint8_t> tags;
  EXPECT_FLOAT_EQ(viterbi(emit.data(), 3, tr, tags), 5.0f);
  EXPECT_EQ(tags, (std::vector<uint8_t>{kBDataset, kIDataset, kO}));
  // A strong transition penalty changes the answer.
  tr.score[kBDataset][kIDataset] = -10;
  viterbi(emit.data(), 3, tr, tags);
  EXPECT_EQ(tags, (std::vector<uint8_t>{kBDataset, kO, kO}));
}

TEST(DecoderTest, ViterbiNeverTakesForbiddenTransitions) {
  Transitions tr;
  // I-task is by far the best for the first token, but nothing may start with I.
  std::vector<float> emit(2 * kNumTags, 0.0f);
  emit[kITask] = 100;
  emit[kNumTags + kIDataset] = 100;
  std::vector<uint8_t> tags;
  viterbi(emit.data(), 2, tr, tags);
  EXPECT_NE(tags[0], kITask);
  EXPECT_TRUE(tags[1] != kIDataset || tags[0] == kBDataset);
  for (size_t p = 0; p <= kNumTags; ++p) {
    EXPECT_FALSE(allowedTransition(p, kITask) && p != kBTask && p != kITask);
  }
}

TEST(DecoderTest, MaxMarginalsPeakAtTheViterbiScore) {
  Transitions tr;
  tr.score[kO][kO] = 0.5f;
  std::vector<float> emit = {1, 3, 0, 0, 0, 0, 0, 2, 0, 0, 1, 0, 0, 0, 0.5f};
  std::vector<uint8_t> tags;
  const float best = viterbi(emit.data(), 3, tr, tags);
  std::vector<float> mm;
  maxMarginals(emit.data(), 3, tr, mm);
  ASSERT_EQ(mm.size(), emit.size());
  for (size_t t = 0; t < 3; ++t) {
    EXPECT_FLOAT_EQ(*std::max_element(mm.begin() + t * kNumTags, mm.begin() + (t + 1) * kNumTags), best);
    EXPECT_FLOAT_EQ(mm[t * kNumTags + tags[t]], best);
  }
  maxMarginals(emit.data(), 0, tr, mm);
  EXPECT_TRUE(mm.empty());
}

}  // namespace
}  // namespace papergraph::model
