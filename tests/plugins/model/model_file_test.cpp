#include <gtest/gtest.h>

#include "model.hpp"
#include "tagger.hpp"
#include "test_support.hpp"

namespace papergraph::model {
namespace {

SequenceModel smallModel() {
  SequenceModel m(10);
  m.row(3)[kBDataset] = 1.5f;
  m.row(3)[kO] = -0.25f;
  m.row(1023)[kITask] = -2.0f;
  m.transitions().score[kNumTags][kBTask] = 0.75f;
  m.transitions().score[kBDataset][kIDataset] = 1.25f;
  m.setCalibration(0.5f, -1.0f);
  m.o_bias = 3;
  m.propagate = true;
  m.version = "test.1";
  m.description = "a hand-made model";
  return m;
}

TEST(ModelFileTest, SaveLoadRoundTrip) {
  pgtest::TempDir dir;
  const SequenceModel m = smallModel();
  const std::string path = (dir / "m.pgm").string();
  ASSERT_TRUE(m.save(path).isOk());
  StatusOr<SequenceModel> back = SequenceModel::load(path);
  ASSERT_TRUE(back.isOk()) << back.status().message();
  EXPECT_EQ(back->hashBits(), 10u);
  EXPECT_EQ(back->version, "test.1");
  EXPECT_EQ(back->description, "a hand-made model");
  EXPECT_FLOAT_EQ(back->calibrationA(), 0.5f);
  EXPECT_FLOAT_EQ(back->calibrationB(), -1.0f);
  EXPECT_FLOAT_EQ(back->o_bias, 3.0f);
  EXPECT_TRUE(back->propagate);
  // Weights are stored as 16-bit integers with one scale: close, not exact.
  EXPECT_NEAR(back->row(3)[kBDataset], 1.5f, 1e-3);
  EXPECT_NEAR(back->row(3)[kO], -0.25f, 1e-3);
  EXPECT_NEAR(back->row(1023)[kITask], -2.0f, 1e-3);
  EXPECT_EQ(back->row(500)[kO], 0.0f);
  EXPECT_FLOAT_EQ(back->transitions().score[kNumTags][kBTask], 0.75f);
  EXPECT_FLOAT_EQ(back->transitions().score[kBDataset][kIDataset], 1.25f);
  // Saving the loaded model gives the same bytes.
  ASSERT_TRUE(back->save((dir / "again.pgm").string()).isOk());
  EXPECT_EQ(pgtest::readFile(dir / "m.pgm"), pgtest::readFile(dir / "again.pgm"));
}

// The bytes with their FNV-1a checksum recomputed: for hand-edited files
// that must get past the checksum.
std::string withChecksum(std::string bytes) {
  bytes.resize(bytes.size() - 8);
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) h = (h ^ c) * 1099511628211ull;
  bytes.append(reinterpret_cast<const char*>(&h), 8);
  return bytes;
}

// Where the cluster table of smallModel()'s file starts: magic, six 32-bit
// header fields, three floats, then the two strings.
size_t clusterTableOffset(const SequenceModel& m) {
  return 8 + 4 * 4 + 3 * 4 + 4 + 4 + m.version.size() + 4 + m.description.size();
}

TEST(ModelFileTest, ClusterTableRoundTrip) {
  pgtest::TempDir dir;
  SequenceModel m = smallModel();
  m.clusters.setSizes({4, 300});
  ASSERT_TRUE(m.clusters.add("mnist", {1, 299}));
  ASSERT_TRUE(m.clusters.add("caf\xC3\xA9", {0, 7}));
  ASSERT_TRUE(m.save((dir / "m.pgm").string()).isOk());
  StatusOr<SequenceModel> back = SequenceModel::load((dir / "m.pgm").string());
  ASSERT_TRUE(back.isOk()) << back.status().message();
  EXPECT_EQ(back->clusters.sizes(), (ClusterIds{4, 300}));
  ASSERT_EQ(back->clusters.size(), 2u);
  ASSERT_NE(back->clusters.find("caf\xC3\xA9"), nullptr);
  EXPECT_EQ(*back->clusters.find("mnist"), (ClusterIds{1, 299}));
  EXPECT_EQ(*back->clusters.find("caf\xC3\xA9"), (ClusterIds{0, 7}));
  ASSERT_TRUE(back->save((dir / "again.pgm").string()).isOk());
  EXPECT_EQ(pgtest::readFile(dir / "m.pgm"), pgtest::readFile(dir / "again.pgm"));
  // A damaged entry (an id beyond its level's count) is refused even with a
  // right checksum.
  std::string bytes = pgtest::readFile(dir / "m.pgm");
  const size_t first_id = clusterTableOffset(m) + kClusterLevels * 2 + 4 + 1 + 5;  // sizes, count, length, "mnist"
  ASSERT_EQ(bytes[first_id], 1);
  bytes[first_id] = 4;  // level 0 has four clusters
  StatusOr<SequenceModel> bad = SequenceModel::parse(withChecksum(bytes), "bad");
  ASSERT_FALSE(bad.isOk());
  EXPECT_EQ(bad.status().message(), "model file bad: corrupt (cluster table entry 0)");
}

TEST(ModelFileTest, LoadsFormatOneFilesWithoutClusters) {
  // A format-1 file (feature set 2): today's layout without the cluster
  // table, which an empty table computes the same features as.
  pgtest::TempDir dir;
  const SequenceModel m = smallModel();
  ASSERT_TRUE(m.save((dir / "m.pgm").string()).isOk());
  std::string bytes = pgtest::readFile(dir / "m.pgm");
  bytes.erase(clusterTableOffset(m), kClusterLevels * 2 + 4);
  bytes[8] = 1;   // format
  bytes[12] = 2;  // feature set
  StatusOr<SequenceModel> old = SequenceModel::parse(withChecksum(bytes), "old");
  ASSERT_TRUE(old.isOk()) << old.status().message();
  EXPECT_TRUE(old->clusters.empty());
  EXPECT_EQ(old->version, "test.1");
  EXPECT_NEAR(old->row(3)[kBDataset], 1.5f, 1e-3);
  // Another feature set is refused, naming both.
  bytes[12] = 1;
  StatusOr<SequenceModel> other = SequenceModel::parse(withChecksum(bytes), "other");
  ASSERT_FALSE(other.isOk());
  EXPECT_EQ(other.status().code(), StatusCode::kUnsupported);
  EXPECT_NE(other.status().message().find("trained with feature set 1, this plugin computes feature set 3"),
            std::string::npos)
      << other.status().message();
}

TEST(ModelFileTest, RefusesCorruptFixture) {
  const auto path = pgtest::sourceDir() / "tests/fixtures/bad/model/corrupt.pgm";
  StatusOr<SequenceModel> m = SequenceModel::load(path.string());
  ASSERT_FALSE(m.isOk());
  EXPECT_EQ(m.status().code(), StatusCode::kBadInput);
  EXPECT_NE(m.status().message().find(path.string()), std::string::npos) << m.status().message();
  EXPECT_NE(m.status().message().find("corrupt"), std::string::npos) << m.status().message();
}

TEST(ModelFileTest, RefusesNewerFixture) {
  const auto path = pgtest::sourceDir() / "tests/fixtures/bad/model/newer.pgm";
  StatusOr<SequenceModel> m = SequenceModel::load(path.string());
  ASSERT_FALSE(m.isOk());
  EXPECT_EQ(m.status().code(), StatusCode::kUnsupported);
  EXPECT_EQ(m.status().message(), "model file " + path.string() +
                                      ": format version 3 is newer than this reader's (2); update "
                                      "papergraph or retrain the model");
}

TEST(ModelFileTest, RefusesNotAModelFixture) {
  const auto path = pgtest::sourceDir() / "tests/fixtures/bad/model/not_a_model.pgm";
  StatusOr<SequenceModel> m = SequenceModel::load(path.string());
  ASSERT_FALSE(m.isOk());
  EXPECT_NE(m.status().message().find("bad magic number"), std::string::npos) << m.status().message();
}

TEST(ModelFileTest, RefusesEveryTruncationAndMissingFile) {
  pgtest::TempDir dir;
  ASSERT_TRUE(smallModel().save((dir / "m.pgm").string()).isOk());
  const std::string bytes = pgtest::readFile(dir / "m.pgm");
  for (size_t n = 0; n < bytes.size(); n += 7) {
    EXPECT_FALSE(SequenceModel::parse(bytes.substr(0, n), "cut").isOk()) << n;
  }
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x10;
  EXPECT_FALSE(SequenceModel::parse(flipped, "flipped").isOk());
  StatusOr<SequenceModel> missing = SequenceModel::load((dir / "absent.pgm").string());
  ASSERT_FALSE(missing.isOk());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("absent.pgm"), std::string::npos);
}

}  // namespace
}  // namespace papergraph::model

namespace papergraph::model {
namespace {

// The model shipped in ontology/models loads and finds an obvious mention.
TEST(ShippedModelTest, LoadsAndTagsAnObviousSentence) {
  const auto path = pgtest::sourceDir() / "ontology/models/model.pgm";
  StatusOr<SequenceModel> m = SequenceModel::load(path.string());
  ASSERT_TRUE(m.isOk()) << m.status().message();
  const std::string text =
      "# A paper\nAbstract here.\nExperiments We train on the CIFAR-10 dataset and report results for "
      "image classification.\n";
  bool dataset = false;
  for (const FoundSpan& f : tagDocument(*m, text, {})) {
    if (f.kind == EntityKind::kDataset && text.substr(f.start, f.end - f.start).starts_with("CIFAR-10")) {
      dataset = true;
    }
  }
  EXPECT_TRUE(dataset);
}

}  // namespace
}  // namespace papergraph::model
