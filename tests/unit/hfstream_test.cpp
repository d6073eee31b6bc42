// seed-hfstream's units: profiles, options, records and URL encoding (tools/seed-hfstream/).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "hfstream.hpp"
#include "http.hpp"

namespace seed::hfstream {
namespace {

Result<StreamOptions> options_from(const std::vector<const char*>& args) {
    std::vector<const char*> argv{"seed-hfstream"};
    for (const char* a : args) argv.push_back(a);
    auto parsed = cli::parse(command(), static_cast<int>(argv.size()), argv.data());
    if (!parsed) return Fail{parsed.error()};
    return make_options(parsed.value());
}

TEST(Profiles, ArePlanDatasetsWithTheirRealIds) {
    const Profile* dolly = profile_named("dolly-15k");
    ASSERT_NE(dolly, nullptr);
    EXPECT_EQ(dolly->dataset, "databricks/databricks-dolly-15k");  // not the plan's databricks/dolly-15k
    EXPECT_EQ(dolly->text_fields, (std::vector<std::string>{"context", "instruction"}));
    const Profile* oasst = profile_named("oasst1");
    ASSERT_NE(oasst, nullptr);
    EXPECT_EQ(oasst->where, "\"lang\"='en' AND \"role\"='prompter'");
    EXPECT_EQ(profile_named("OpenAssistant/oasst1"), nullptr);
}

TEST(StreamOptions, TakeAProfileOrAnIdAndOverrideIt) {
    auto options = options_from({"dolly-15k", "--limit", "5", "--split", "test", "-j", "8"});
    ASSERT_TRUE(options.ok());
    EXPECT_EQ(options.value().source.dataset, "databricks/databricks-dolly-15k");
    EXPECT_EQ(options.value().source.split, "test");
    EXPECT_EQ(options.value().limit, 5u);
    EXPECT_EQ(options.value().jobs, 8u);
    options = options_from({"org/name", "--text-field", "a,b", "--columns", "x"});
    ASSERT_TRUE(options.ok());
    EXPECT_EQ(options.value().source.text_fields, (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(options.value().source.columns, (std::vector<std::string>{"x"}));
    EXPECT_EQ(options_from({}).error(), "no dataset given");
    EXPECT_EQ(options_from({"a/b", "c/d"}).error(), "one dataset at a time, not 2");
    EXPECT_EQ(options_from({"a/b", "-j", "0"}).error(), "--jobs: expected 1 to 64 requests, not 0");
}

std::string record(const Profile& profile, const char* row_json) {
    std::vector<json::Member> row;
    EXPECT_FALSE(json::scan_object(row_json, row).has_value());
    std::string out;
    if (!append_record(out, profile, "default", "train", 7, row)) return "(no text)";
    return out;
}

TEST(Records, JoinTheTextFieldsAndKeepTheColumns) {
    const Profile dolly = *profile_named("dolly-15k");
    EXPECT_EQ(record(dolly, R"({"instruction":"Why?","context":"Because.","response":"r","category":"open_qa"})"),
              "{\"text\":\"Because.\\n\\nWhy?\",\"source\":\"databricks/databricks-dolly-15k\",\"dataset\":"
              "\"databricks/databricks-dolly-15k\",\"config\":\"default\",\"split\":\"train\",\"row_idx\":7,"
              "\"category\":\"open_qa\"}\n");
    EXPECT_EQ(record(dolly, R"({"instruction":"Só isto","context":"","category":"x"})"),
              "{\"text\":\"Só isto\",\"source\":\"databricks/databricks-dolly-15k\",\"dataset\":"
              "\"databricks/databricks-dolly-15k\",\"config\":\"default\",\"split\":\"train\",\"row_idx\":7,"
              "\"category\":\"x\"}\n");
    EXPECT_EQ(record(dolly, R"({"instruction":"","context":""})"), "(no text)");
    const Profile plain{"a/b", "a/b", "", "", "", {"text"}, {}};
    EXPECT_EQ(record(plain, R"({"text":"t","n":1,"tags":["x"],"row_idx":3})"),
              "{\"text\":\"t\",\"source\":\"a/b\",\"dataset\":\"a/b\",\"config\":\"default\",\"split\":\"train\","
              "\"row_idx\":7,\"n\":1,\"tags\":[\"x\"]}\n");
    EXPECT_EQ(record(plain, R"({"text":5})"), "(no text)");
}

TEST(UrlEncode, KeepsSlashesAndEscapesTheRest) {
    EXPECT_EQ(url_encode("OpenAssistant/oasst1"), "OpenAssistant/oasst1");
    EXPECT_EQ(url_encode("\"lang\"='en' AND x"), "%22lang%22%3D%27en%27%20AND%20x");
}

}  // namespace
}  // namespace seed::hfstream
