// seed-hfstream's units: profiles, options, records and URL encoding (tools/seed-hfstream/).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <zlib.h>
#include <zstd.h>

#include "files.hpp"
#include "hfstream.hpp"
#include "http.hpp"
#include "test_support.hpp"

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
    EXPECT_EQ(options_from({"a/b", "c/d"}).error(),
              "one dataset at a time, not 2 (files on disk are read with --local DATASET FILE...)");
    EXPECT_EQ(options_from({"a/b", "-j", "0"}).error(), "--jobs: expected 1 to 64 requests, not 0");
}

std::string record(const Profile& profile, const char* row_json, const std::string& file = "") {
    std::vector<json::Member> row;
    EXPECT_FALSE(json::scan_object(row_json, row).has_value());
    std::string out;
    const std::string config = "default";
    const std::string split = "train";
    if (!append_record(out, profile, RowPlace{config, split, file, 7}, row)) return "(no text)";
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
    const Profile plain{"a/b", "a/b", "", "", "", {"text"}, {}, {}};
    EXPECT_EQ(record(plain, R"({"text":"t","n":1,"tags":["x"],"row_idx":3})"),
              "{\"text\":\"t\",\"source\":\"a/b\",\"dataset\":\"a/b\",\"config\":\"default\",\"split\":\"train\","
              "\"row_idx\":7,\"n\":1,\"tags\":[\"x\"]}\n");
    EXPECT_EQ(record(plain, R"({"text":5})"), "(no text)");
    // A row read from a hub file says which; a column named "file" gives way to it only then.
    EXPECT_EQ(record(plain, R"({"text":"t","file":"f"})", "data/a.jsonl"),
              "{\"text\":\"t\",\"source\":\"a/b\",\"dataset\":\"a/b\",\"config\":\"default\",\"split\":\"train\","
              "\"file\":\"data/a.jsonl\",\"row_idx\":7}\n");
    EXPECT_EQ(record(plain, R"({"text":"t","file":"f"})"),
              "{\"text\":\"t\",\"source\":\"a/b\",\"dataset\":\"a/b\",\"config\":\"default\",\"split\":\"train\","
              "\"row_idx\":7,\"file\":\"f\"}\n");
}

TEST(UrlEncode, KeepsSlashesAndEscapesTheRest) {
    EXPECT_EQ(url_encode("OpenAssistant/oasst1"), "OpenAssistant/oasst1");
    EXPECT_EQ(url_encode("\"lang\"='en' AND x"), "%22lang%22%3D%27en%27%20AND%20x");
}

TEST(HubUrls, EncodeTheRevisionWholeAndKeepThePathsSlashes) {
    EXPECT_EQ(tree_url("http://h", "bigcode/the-stack", "main", "data/c++"),
              "http://h/api/datasets/bigcode/the-stack/tree/main/data/c%2B%2B?recursive=true&expand=false");
    EXPECT_EQ(tree_url("http://h", "a/b", "refs/convert/parquet", ""),
              "http://h/api/datasets/a/b/tree/refs%2Fconvert%2Fparquet?recursive=true&expand=false");
    EXPECT_EQ(resolve_url("http://h", "a/b", "refs/convert/parquet", "default/train/0000.parquet"),
              "http://h/datasets/a/b/resolve/refs%2Fconvert%2Fparquet/default/train/0000.parquet");
    EXPECT_EQ(resolve_url("http://h", "a/b", "main", "data/my file.json"),
              "http://h/datasets/a/b/resolve/main/data/my%20file.json");
}

TEST(HubTree, FilesWithTheirSizesFoldersLeftOut) {
    const auto page = parse_tree_page(
        R"([{"type":"directory","oid":"1","size":0,"path":"data"},)"
        R"({"type":"file","oid":"2","size":345,"path":"data/a.jsonl"},)"
        R"({"type":"file","oid":"3","size":134,"path":"data/b.parquet","lfs":{"oid":"x","size":440473133,"pointerSize":134}}])");
    ASSERT_TRUE(page.ok()) << page.error();
    ASSERT_EQ(page.value().size(), 2U);
    EXPECT_EQ(page.value()[0].path, "data/a.jsonl");
    EXPECT_EQ(page.value()[0].size, 345U);
    EXPECT_EQ(page.value()[1].size, 440473133U);
    EXPECT_EQ(parse_tree_page("[]").value().size(), 0U);
    EXPECT_EQ(parse_tree_page(R"([{"type":"file","oid":"2")").error(),
              "the tree listing is not a JSON list (truncated?)");
    EXPECT_EQ(parse_tree_page(R"([{"type":"file"}])").error(), "a tree entry without 'type' and 'path'");
}

TEST(HubFiles, FormatsAndSplitsByName) {
    EXPECT_EQ(format_of("data/python/data.json"), FileFormat::json);
    EXPECT_EQ(format_of("x.JSONL.gz"), FileFormat::json);
    EXPECT_EQ(format_of("x.ndjson.zst"), FileFormat::json);
    EXPECT_EQ(format_of("data/train-00000-of-00003.parquet"), FileFormat::parquet);
    EXPECT_EQ(format_of("README.md"), FileFormat::other);
    EXPECT_EQ(format_of("x.json.bz2"), FileFormat::other);
    EXPECT_EQ(split_named_by("data/train-00000-of-00003.parquet"), "train");
    EXPECT_EQ(split_named_by("data/validation-0000.parquet"), "validation");
    EXPECT_EQ(split_named_by("dev.jsonl"), "validation");
    EXPECT_EQ(split_named_by("data/test/x.json"), "test");
    EXPECT_EQ(split_named_by("data/python/data.json"), "");
    EXPECT_EQ(split_named_by("latest/contest.json"), "");  // a word, not a part of one
}

std::vector<std::string> paths(const Result<std::vector<HubFile>>& files) {
    std::vector<std::string> out;
    if (!files) return {"error: " + files.error()};
    for (const HubFile& f : files.value()) out.push_back(f.path);
    return out;
}

TEST(HubFiles, ChosenByGlobOrBySplitInPathOrder) {
    const std::vector<HubFile> listing{{"README.md", 1},
                                       {"data/python/b.json", 1},
                                       {"data/go/a.json", 1},
                                       {"data/python/a.json", 1},
                                       {"data/python/sub/c.json", 1}};
    using V = std::vector<std::string>;
    EXPECT_EQ(paths(choose_files(listing, {"data/python/*"}, "train")),
              (V{"data/python/a.json", "data/python/b.json"}));
    EXPECT_EQ(paths(choose_files(listing, {"data/python/**", "data/python/a.json"}, "train")),
              (V{"data/python/a.json", "data/python/b.json", "data/python/sub/c.json"}));
    // No split in the names: every data file is train's.
    EXPECT_EQ(paths(choose_files(listing, {}, "train")),
              (V{"data/go/a.json", "data/python/a.json", "data/python/b.json", "data/python/sub/c.json"}));
    EXPECT_EQ(paths(choose_files(listing, {}, "test")),
              (V{"error: no JSON or parquet data files for split 'test' (README.md, data/python/b.json, "
                 "data/go/a.json, data/python/a.json, data/python/sub/c.json); choose with --data-files"}));
    EXPECT_EQ(paths(choose_files(listing, {"*.csv"}, "train")),
              (V{"error: --data-files matches none of the files listed (README.md, data/python/b.json, "
                 "data/go/a.json, data/python/a.json, data/python/sub/c.json)"}));
    const std::vector<HubFile> split{{"data/train-0.parquet", 1}, {"data/test-0.parquet", 1}, {"x.jsonl.gz", 1}};
    EXPECT_EQ(paths(choose_files(split, {}, "train")), (V{"data/train-0.parquet"}));
    EXPECT_EQ(paths(choose_files(split, {}, "test")), (V{"data/test-0.parquet"}));
}

std::string gzip(const std::string& data) {
    z_stream z{};
    EXPECT_EQ(deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out(data.size() + 64, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&z, Z_FINISH), Z_STREAM_END);
    out.resize(z.total_out);
    deflateEnd(&z);
    return out;
}

std::string zstd(const std::string& data) {
    std::string out(ZSTD_compressBound(data.size()), '\0');
    out.resize(ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3));
    return out;
}

// Every row of `data` as RowReader gives it, read in pieces of 1..7 bytes, with its line.
std::vector<std::string> rows_of(const std::string& data) {
    RowReader reader(std::make_unique<testing::PieceSource>(data, 7), "f.json");
    std::vector<std::string> rows;
    std::string_view row;
    while (reader.next(row)) rows.push_back(std::to_string(reader.line()) + ":" + std::string(row));
    return rows;
}

TEST(RowReader, JsonLinesWithBlankLinesCrlfAndAByteOrderMark) {
    using V = std::vector<std::string>;
    EXPECT_EQ(rows_of("{\"a\":1}\n{\"a\":2}\n"), (V{"1:{\"a\":1}", "2:{\"a\":2}"}));
    EXPECT_EQ(rows_of("\xEF\xBB\xBF{\"a\":1}\r\n\r\n  \n{\"a\":2}"), (V{"1:{\"a\":1}", "4:{\"a\":2}"}));
    EXPECT_EQ(rows_of(""), V{});
    EXPECT_EQ(rows_of(" \n\n"), V{});
    EXPECT_EQ(rows_of("not json\n"), (V{"1:not json"}));  // rows are checked by the caller
}

TEST(RowReader, JsonArraysPrettyOrCompact) {
    using V = std::vector<std::string>;
    EXPECT_EQ(rows_of("[{\"a\":1},{\"a\":[2,{\"b\":\"]}\"}]}]"), (V{"1:{\"a\":1}", "1:{\"a\":[2,{\"b\":\"]}\"}]}"}));
    EXPECT_EQ(rows_of("\xEF\xBB\xBF\n[\n  {\n    \"a\": \"x\\\"}\"\n  },\n  {\"a\": 2}\n]\n"),
              (V{"3:{\n    \"a\": \"x\\\"}\"\n  }", "6:{\"a\": 2}"}));
    EXPECT_EQ(rows_of("[]"), V{});
    EXPECT_EQ(rows_of(" [ 1 , \"s\" ,null]"), (V{"1:1", "1:\"s\"", "1:null"}));
    const auto error = [](const std::string& data) { return testing::error_of([&] { rows_of(data); }); };
    EXPECT_EQ(error("[{\"a\":1}"), "f.json:1: the JSON array is not closed (truncated?) (byte 8)");
    EXPECT_EQ(error("[{\"a\":1},\n{\"a\":"), "f.json:2: the JSON array is not closed (truncated?) (byte 10)");
    EXPECT_EQ(error("[{\"a\":1},]"), "f.json:1: a ',' before the ']' that closes the JSON array (byte 9)");
    EXPECT_EQ(error("[{\"a\":1} {\"a\":2}]"),
              "f.json:1: expected ',' or ']' after an element of the JSON array, found '{' (byte 9)");
    EXPECT_EQ(error("[{\"a\":1}]\n[]"), "f.json:2: text after the JSON array (byte 10)");
    EXPECT_EQ(error("[1,,2]"), "f.json:1: expected a value in the JSON array, found ',' (byte 3)");
}

TEST(RowReader, GzipAndZstdUndoneByMagicNumber) {
    using V = std::vector<std::string>;
    const std::string lines = "{\"a\":1}\n{\"a\":\"é\"}\n";
    EXPECT_EQ(rows_of(gzip(lines)), (V{"1:{\"a\":1}", "2:{\"a\":\"é\"}"}));
    EXPECT_EQ(rows_of(zstd(lines)), (V{"1:{\"a\":1}", "2:{\"a\":\"é\"}"}));
    EXPECT_EQ(rows_of(gzip("[{\"a\":1},{\"a\":2}]")), (V{"1:{\"a\":1}", "1:{\"a\":2}"}));
}

}  // namespace
}  // namespace seed::hfstream
