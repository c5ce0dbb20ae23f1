// The plugin handshake: every kind of wrong plugin is refused, in order, with
// its exact message; a plugin that throws is reported for that paper only;
// nothing a plugin made outlives its library.
#include <gtest/gtest.h>

#include <filesystem>

#include "plugin/host.hpp"
#include "test_support.hpp"

extern "C" const pg_plugin* papergraph_plugin_fixture_words(void);

namespace papergraph {
namespace {

// The fixture library built from tests/fixtures/plugins/<name>.
std::string fixture(const std::string& name) {
  std::string dir = pgtest::env("PAPERGRAPH_FIXTURE_PLUGIN_DIR") + "/" + name + "/";
  std::string sdk_built = dir + "pg_fixture_" + name + ".so";
  return std::filesystem::exists(sdk_built) ? sdk_built : dir + "pg_" + name + ".so";
}

Paper paperWith(const std::string& text) {
  Paper p;
  p.id = "p1";
  p.source = "p1.md";
  p.text = text;
  return p;
}

TEST(PluginHost, LoadsAGoodPluginAndReadsItsDescriptor) {
  auto p = LoadedPlugin::load(fixture("words"));
  ASSERT_TRUE(p.isOk()) << p.status().message();
  EXPECT_EQ((*p)->info().name, "words");
  EXPECT_EQ((*p)->info().version, "1.0");
  EXPECT_EQ((*p)->info().abi_version, PG_PLUGIN_ABI_VERSION);
  EXPECT_EQ(kindsToString((*p)->info().kinds), "dataset,task");
}

TEST(PluginHost, RefusesAFileThatIsNotALibrary) {
  auto p = LoadedPlugin::load(fixture("not_elf"));
  ASSERT_FALSE(p.isOk());
  EXPECT_EQ(p.status().message().rfind(fixture("not_elf") + ": cannot open plugin library: ", 0), 0u)
      << p.status().message();
}

TEST(PluginHost, RefusesALibraryWithoutTheEntryPoint) {
  auto p = LoadedPlugin::load(fixture("no_symbol"));
  ASSERT_FALSE(p.isOk());
  EXPECT_EQ(p.status().message(), fixture("no_symbol") + ": not a papergraph plugin (no 'papergraph_plugin' symbol)");
}

TEST(PluginHost, RefusesAnEntryPointThatReturnsNothing) {
  auto p = LoadedPlugin::load(fixture("null_descriptor"));
  ASSERT_FALSE(p.isOk());
  EXPECT_EQ(p.status().message(), fixture("null_descriptor") + ": papergraph_plugin() returned no descriptor");
}

TEST(PluginHost, RefusesAWrongAbiNamingBothVersions) {
  auto p = LoadedPlugin::load(fixture("wrong_abi"));
  ASSERT_FALSE(p.isOk());
  EXPECT_EQ(p.status().message(),
            fixture("wrong_abi") + ": plugin ABI version 999, this papergraph needs ABI version 1");
}

TEST(PluginHost, RefusesMissingCallbacksNamingThem) {
  auto p = LoadedPlugin::load(fixture("missing_callbacks"));
  ASSERT_FALSE(p.isOk());
  EXPECT_EQ(p.status().message(), fixture("missing_callbacks") + ": plugin descriptor is missing: extract, destroy");
}

TEST(PluginHost, RefusesAPluginWhoseInitFails) {
  auto p = LoadedPlugin::load(fixture("init_fails"));
  ASSERT_TRUE(p.isOk()) << p.status().message();
  auto inst = (*p)->instantiate("{}", nullptr);
  ASSERT_FALSE(inst.isOk());
  EXPECT_EQ(inst.status().message(),
            fixture("init_fails") + ": plugin 'init_fails' failed to initialise: model file missing");
  // With the setting it needs, the same plugin starts.
  EXPECT_TRUE((*p)->instantiate(R"({"ok":"yes"})", nullptr).isOk());
}

TEST(PluginHost, AThrowingPluginFailsThatPaperOnlyAndContributesNothing) {
  auto p = LoadedPlugin::load(fixture("throws"));
  ASSERT_TRUE(p.isOk());
  auto inst = (*p)->instantiate("{}", nullptr);
  ASSERT_TRUE(inst.isOk());
  std::vector<Mention> out;
  Status bad = (*inst)->extract(paperWith("BOOM here"), out);
  EXPECT_FALSE(bad.isOk());
  EXPECT_EQ(bad.message(), "p1.md: plugin 'throws' failed: boom in extract");
  EXPECT_TRUE(out.empty()) << "a failed run must not leave half its mentions";
  Status good = (*inst)->extract(paperWith("calm text"), out);
  EXPECT_TRUE(good.isOk());
  EXPECT_EQ(out.size(), 1u);
}

TEST(PluginHost, DropsInvalidSpansAndCountsThem) {
  auto p = LoadedPlugin::load(fixture("bad_spans"));
  ASSERT_TRUE(p.isOk());
  auto inst = (*p)->instantiate("{}", nullptr);
  ASSERT_TRUE(inst.isOk());
  std::vector<Mention> out;
  size_t dropped = 0;
  ASSERT_TRUE((*inst)->extract(paperWith("\xC3\xA9tude of data"), out, &dropped).isOk());
  // Past the end, empty, [1,2) inside "é", and [0,1), which ends inside "é".
  EXPECT_EQ(dropped, 4u);
  EXPECT_TRUE(out.empty());
  out.clear();
  dropped = 0;
  ASSERT_TRUE((*inst)->extract(paperWith("abc"), out, &dropped).isOk());
  EXPECT_EQ(out.size(), 1u);
  EXPECT_EQ(dropped, 2u);
}

TEST(PluginHost, PassesConfigurationAndCopiesWhatIsEmitted) {
  std::vector<Mention> out;
  {
    auto p = LoadedPlugin::load(fixture("words"));
    ASSERT_TRUE(p.isOk());
    auto inst = (*p)->instantiate(configJson({{"words", "MNIST,CIFAR-10"}}), nullptr);
    ASSERT_TRUE(inst.isOk());
    std::shared_ptr<LoadedPlugin> plugin = *p;
    p = Status(StatusCode::kInternal, "dropped");  // the instance alone keeps the library
    plugin.reset();
    ASSERT_TRUE((*inst)->extract(paperWith("We use MNIST and CIFAR-10, not CIFAR-100."), out).isOk());
  }  // instance and library gone: the mentions must still be ours
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0].key, "MNIST");
  EXPECT_EQ(out[0].extractor, "words");
  EXPECT_EQ(out[0].attr("source"), "fixture");
  EXPECT_EQ(out[1].key, "CIFAR-10");
  EXPECT_EQ(out[1].start, 17u);
}

TEST(PluginHost, StaticDescriptorsGetTheSameChecks) {
  auto p = LoadedPlugin::fromDescriptor(papergraph_plugin_fixture_words(), "<static words>");
  ASSERT_TRUE(p.isOk());
  EXPECT_EQ((*p)->info().path, "<static words>");
  EXPECT_FALSE(LoadedPlugin::fromDescriptor(nullptr, "<null>").isOk());
}

TEST(PluginConfig, ReadsSettingsAndRefusesMalformedOnes) {
  PluginConfigs configs;
  EXPECT_TRUE(applyPluginSetting("rules.min_confidence=0.5", configs).isOk());
  EXPECT_EQ(configs["rules"]["min_confidence"], "0.5");
  EXPECT_FALSE(applyPluginSetting("nodot=1", configs).isOk());
  EXPECT_FALSE(applyPluginSetting("a.b", configs).isOk());
  pgtest::TempDir tmp;
  pgtest::writeFile(tmp / "pg.conf", "# comment\ngazetteer.tasks = off\n\nrules.x=y\n");
  ASSERT_TRUE(readPluginConfigFile((tmp / "pg.conf").string(), configs).isOk());
  EXPECT_EQ(configs["gazetteer"]["tasks"], "off");
  pgtest::writeFile(tmp / "bad.conf", "gazetteer.tasks = off\nnonsense line\n");
  Status s = readPluginConfigFile((tmp / "bad.conf").string(), configs);
  EXPECT_EQ(s.message(), (tmp / "bad.conf").string() + ":2: expected 'plugin.key = value'");
  EXPECT_EQ(configJson({{"a", "x\"y"}}), R"({"a":"x\"y"})");
}

}  // namespace
}  // namespace papergraph
