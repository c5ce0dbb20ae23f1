#include "clusters.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "features.hpp"
#include "train/cluster_learner.hpp"

namespace papergraph::model {
namespace {

TEST(WordClustersTest, FindsAddedWordsAndRefusesBadEntries) {
  WordClusters c;
  c.setSizes({2, 8});
  EXPECT_TRUE(c.empty());
  EXPECT_TRUE(c.add("mnist", {1, 7}));
  EXPECT_TRUE(c.add("the", {0, 0}));
  EXPECT_FALSE(c.add("mnist", {0, 0}));  // already there
  EXPECT_FALSE(c.add("cifar", {2, 0}));  // id 2 at a level of 2 clusters
  EXPECT_FALSE(c.add("", {0, 0}));
  EXPECT_FALSE(c.add(std::string(256, 'a'), {0, 0}));
  ASSERT_EQ(c.size(), 2u);
  ASSERT_NE(c.find("mnist"), nullptr);
  EXPECT_EQ(*c.find("mnist"), (ClusterIds{1, 7}));
  EXPECT_EQ(c.find("MNIST"), nullptr);  // the table holds lower-case forms
  EXPECT_EQ(c.find("cifar"), nullptr);
  EXPECT_EQ(c.word(1), "the");
}

// Sentences where the words of one group only ever appear in one frame:
// "we eat the <food> today ." and "they visited <city> last year .".
std::vector<std::string> plantedText(int sentences, unsigned seed) {
  static const char* kFood[] = {"apples", "bread", "rice", "soup", "cheese", "pasta"};
  static const char* kCity[] = {"paris", "lima", "oslo", "cairo", "delhi", "quito"};
  std::mt19937 rng(seed);
  std::vector<std::string> texts;
  for (int i = 0; i < sentences; ++i) {
    if (rng() % 2)
      texts.push_back(std::string("We eat the ") + kFood[rng() % 6] + " today.");
    else
      texts.push_back(std::string("They visited ") + kCity[rng() % 6] + " last year.");
  }
  texts.push_back("A rare word appears once.");
  return texts;
}

TEST(ClusterLearnerTest, GroupsWordsThatShareContextsAndIsDeterministic) {
  const std::vector<std::string> texts = plantedText(400, 3);
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  ClusterOptions o;
  o.sizes = {3, 8};
  o.min_count = 5;
  StatusOr<WordClusters> c = learnClusters(views, o);
  ASSERT_TRUE(c.isOk()) << c.status().message();
  EXPECT_EQ(c->sizes(), o.sizes);
  EXPECT_NE(c->find("paris"), nullptr);
  EXPECT_NE(c->find("we"), nullptr);  // lower-cased
  EXPECT_EQ(c->find("rare"), nullptr);  // seen once
  // No cluster at any level holds a food and a city: their contexts share
  // nothing. At the coarsest level each group is one cluster.
  for (size_t l = 0; l < kClusterLevels; ++l) {
    std::set<uint16_t> food, city;
    for (const char* w : {"apples", "bread", "rice", "soup", "cheese", "pasta"}) food.insert((*c->find(w))[l]);
    for (const char* w : {"paris", "lima", "oslo", "cairo", "delhi", "quito"}) city.insert((*c->find(w))[l]);
    for (uint16_t id : food) EXPECT_EQ(city.count(id), 0u) << "level " << l;
    if (l == 0) {
      EXPECT_EQ(food.size() + city.size(), 2u);
    }
  }
  StatusOr<WordClusters> again = learnClusters(views, o);
  ASSERT_TRUE(again.isOk());
  ASSERT_EQ(again->size(), c->size());
  for (size_t i = 0; i < c->size(); ++i) {
    EXPECT_EQ(again->word(i), c->word(i));
    EXPECT_EQ(again->ids(i), c->ids(i));
  }
}

TEST(ClusterLearnerTest, RefusesTooFewWordsAndBadSizes) {
  const std::vector<std::string> texts = plantedText(50, 1);
  const std::vector<std::string_view> views(texts.begin(), texts.end());
  ClusterOptions o;  // 1024 clusters: far more than the words
  StatusOr<WordClusters> c = learnClusters(views, o);
  ASSERT_FALSE(c.isOk());
  EXPECT_EQ(c.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(c.status().message().find("fewer than the 1024 clusters"), std::string::npos) << c.status().message();
  o.sizes = {0, 4};
  EXPECT_FALSE(learnClusters(views, o).isOk());
}

TEST(ClusterFeaturesTest, NeighboursOfWordsOfOneClusterShareFeatures) {
  WordClusters table;
  table.setSizes({4, 8});
  ASSERT_TRUE(table.add("foo", {2, 3}));
  ASSERT_TRUE(table.add("bar", {2, 3}));
  ASSERT_TRUE(table.add("baz", {1, 5}));
  auto rowsOf = [](const std::string& text, const WordClusters* c) {
    const auto tokens = tokenize(text);
    const FeatureExtractor fx(text, tokens, tokenSections(text, tokens, {}), {}, 18, c);
    FeatureRows r;
    fx.sentence({0, tokens.size()}, r);
    return r;
  };
  auto row = [](const FeatureRows& r, size_t t) {
    return std::set<uint32_t>(r.ids.begin() + r.begin[t], r.ids.begin() + r.begin[t + 1]);
  };
  auto shared = [](const std::set<uint32_t>& a, const std::set<uint32_t>& b) {
    size_t n = 0;
    for (uint32_t id : a) n += b.count(id);
    return n;
  };
  const std::string a = "we use Foo here", b = "we use Bar here", z = "we use Baz here";
  const WordClusters empty;
  EXPECT_EQ(rowsOf(a, nullptr).ids, rowsOf(a, &empty).ids);  // an empty table: feature set 2
  EXPECT_NE(rowsOf(a, nullptr).ids, rowsOf(a, &table).ids);
  // "use" before foo shares its next-word cluster features with "use"
  // before bar, not with "use" before baz; without clusters both share
  // the same.
  const auto use_a = row(rowsOf(a, &table), 1);
  EXPECT_EQ(shared(use_a, row(rowsOf(b, &table), 1)), shared(use_a, row(rowsOf(z, &table), 1)) + kClusterLevels);
  const auto plain_a = row(rowsOf(a, nullptr), 1);
  EXPECT_EQ(shared(plain_a, row(rowsOf(b, nullptr), 1)), shared(plain_a, row(rowsOf(z, nullptr), 1)));
  // The token's own cluster is no feature of its own.
  const auto foo = row(rowsOf(a, &table), 2);
  EXPECT_EQ(shared(foo, row(rowsOf(b, &table), 2)), shared(foo, row(rowsOf(z, &table), 2)));
}

}  // namespace
}  // namespace papergraph::model
