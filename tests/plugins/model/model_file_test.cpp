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
                                      ": format version 2 is newer than this reader's (1); update "
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
