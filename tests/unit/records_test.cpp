// Unit tests for common/records: file stems, and the record loop over files (order, blank
// lines, line numbers, counting, --on-error fail/skip, reject(), repeated keys, missing files).
#include "records.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <vector>

#include "diagnostics.hpp"
#include "error.hpp"
#include "json.hpp"
#include "test_support.hpp"

namespace {

using seed::testing::contents;
using seed::testing::error_of;
using seed::testing::TempDir;

using seed::OnError;
using seed::Record;
using seed::RecordReader;

// What the reader delivered: "FILE:LINE LINE-TEXT" per record.
struct Seen {
    std::vector<std::string> records;
    std::string error;  // the message of a seed::Error that stopped the loop
};

Seen read_all(RecordReader& reader) {
    Seen seen;
    Record record;
    try {
        while (reader.next(record)) {
            seen.records.push_back(record.input->display + ":" + std::to_string(record.line_number) + " " +
                                   std::string(record.line));
        }
    } catch (const seed::Error& e) {
        seen.error = e.what();
    }
    return seen;
}

using Strings = std::vector<std::string>;

const seed::Diagnostics quiet_diagnostics("seed-test", true);

// ---- file_stem

TEST(RecordsFileStem, Cases) {
    EXPECT_EQ(seed::file_stem("data/code.jsonl"), "code");
    EXPECT_EQ(seed::file_stem("data/code.jsonl.gz"), "code");
    EXPECT_EQ(seed::file_stem("x.jsonl.gz"), "x");
    EXPECT_EQ(seed::file_stem("x.jsonl.zst"), "x");
    EXPECT_EQ(seed::file_stem("x.tar.gz"), "x");
    EXPECT_EQ(seed::file_stem("x.gz"), "x");
    EXPECT_EQ(seed::file_stem(".hidden"), ".hidden");
    EXPECT_EQ(seed::file_stem(".hidden.jsonl"), ".hidden");
    EXPECT_EQ(seed::file_stem("a."), "a.");
    EXPECT_EQ(seed::file_stem("noext"), "noext");
    EXPECT_EQ(seed::file_stem("a.b.c"), "a.b");
    EXPECT_EQ(seed::file_stem("/abs/dir.d/name.json"), "name");
    EXPECT_EQ(seed::file_stem("dir.d/noext"), "noext");
    EXPECT_EQ(seed::file_stem(".gz"), ".gz");
}

// ---- RecordReader

TEST(RecordsReader, OrderAcrossFilesBlankLinesAndLineNumbers) {
    const TempDir dir;
    const std::string a = dir.write("a.jsonl", "{\"n\":1}\n\n  \t\n{\"n\":2}\r\n\r\n");
    std::string b;
    {
        // b is gzip-compressed and has no final newline.
        const std::string text = "\n{\"n\":3}\n{\"n\":4}";
        z_stream zs{};
        ASSERT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
        std::string packed(256, '\0');
        zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
        zs.avail_in = static_cast<uInt>(text.size());
        zs.next_out = reinterpret_cast<Bytef*>(packed.data());
        zs.avail_out = static_cast<uInt>(packed.size());
        ASSERT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
        packed.resize(zs.total_out);
        deflateEnd(&zs);
        b = dir.write("b.jsonl.gz", packed);
    }
    const std::string c = dir.write("c.jsonl", "\xEF\xBB\xBF{\"n\":5}\n");
    RecordReader reader({a, b, c}, OnError::fail, quiet_diagnostics);
    ASSERT_EQ(reader.inputs().size(), 3u);
    EXPECT_EQ(reader.inputs()[0].path, a);
    EXPECT_EQ(reader.inputs()[0].display, a);
    EXPECT_EQ(reader.inputs()[0].stem, "a");
    EXPECT_EQ(reader.inputs()[1].stem, "b");
    EXPECT_EQ(reader.inputs()[2].stem, "c");
    const Seen seen = read_all(reader);
    EXPECT_EQ(seen.error, "");
    EXPECT_EQ(seen.records, (Strings{a + ":1 {\"n\":1}", a + ":4 {\"n\":2}", b + ":2 {\"n\":3}", b + ":3 {\"n\":4}",
                                     c + ":1 {\"n\":5}"}));
    EXPECT_EQ(reader.records_read(), 5u);
    EXPECT_EQ(reader.rejected(), 0u);
}

TEST(RecordsReader, MembersAndLocation) {
    const TempDir dir;
    const std::string path = dir.write("x.jsonl", "\n{\"text\":\"hi\",\"n\":1}\n");
    RecordReader reader({path}, OnError::fail, quiet_diagnostics);
    Record record;
    ASSERT_TRUE(reader.next(record));
    ASSERT_EQ(record.members.size(), 2u);
    EXPECT_EQ(record.members[0].key, "text");
    EXPECT_EQ(record.members[0].value, "\"hi\"");
    EXPECT_EQ(record.line_number, 2u);
    EXPECT_EQ(record.location().file, path);
    EXPECT_EQ(record.location().line, 2u);
    EXPECT_EQ(record.input, &reader.inputs()[0]);
    EXPECT_FALSE(reader.next(record));
    EXPECT_FALSE(reader.next(record));
}

TEST(RecordsReader, FailStopsAtTheFirstBadLine) {
    const TempDir dir;
    const std::string path = dir.write("in.jsonl", "{\"n\":1}\n\n[1]\n{\"n\":2}\n");
    RecordReader reader({path}, OnError::fail, quiet_diagnostics);
    const Seen seen = read_all(reader);
    EXPECT_EQ(seen.records, (Strings{path + ":1 {\"n\":1}"}));
    EXPECT_EQ(seen.error, path + ":3: expected a JSON object, found an array");
    EXPECT_EQ(reader.records_read(), 2u);
}

TEST(RecordsReader, FailMessages) {
    const TempDir dir;
    auto first_error = [&](const std::string& content) {
        const std::string path = dir.write("bad.jsonl", content);
        RecordReader reader({path}, OnError::fail, quiet_diagnostics);
        const std::string error = read_all(reader).error;
        return error.starts_with(path) ? error.substr(path.size()) : error;
    };
    EXPECT_EQ(first_error("{\"n\":}\n"), ":1: invalid JSON at column 6: unexpected '}', expected a value");
    EXPECT_EQ(first_error("\n\n{\"a\":\"\xFF\"}\n"), ":3: invalid UTF-8 at column 7 (byte 0xff)");
    EXPECT_EQ(first_error("\"s\"\n"), ":1: expected a JSON object, found a string");
    EXPECT_EQ(first_error("{}\n{\"a\":1,}\r\n"), ":2: invalid JSON at column 8: expected a string key");
    EXPECT_EQ(first_error("\f\n"), ":1: invalid JSON at column 1: unexpected byte 0x0c, expected a value");
}

TEST(RecordsReader, SkipCountsAndContinues) {
    const TempDir dir;
    const std::string path = dir.write("in.jsonl", "{\"n\":1}\nbad\n\n{\"n\":2}\n[]\n");
    RecordReader reader({path}, OnError::skip, quiet_diagnostics);
    testing::internal::CaptureStderr();
    const Seen seen = read_all(reader);
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(seen.error, "");
    EXPECT_EQ(seen.records, (Strings{path + ":1 {\"n\":1}", path + ":4 {\"n\":2}"}));
    EXPECT_EQ(reader.records_read(), 4u);  // non-blank lines, the bad ones included
    EXPECT_EQ(reader.rejected(), 2u);
    // Warnings are shown even when quiet.
    EXPECT_EQ(err, "seed-test: " + path + ":2: invalid JSON at column 1: unexpected 'b', expected a value (skipped)\n" +
                       "seed-test: " + path + ":5: expected a JSON object, found an array (skipped)\n");
}

TEST(RecordsReader, SkipReportsTheFirstTenThenOneNote) {
    const TempDir dir;
    std::string content;
    for (int i = 0; i < 13; ++i) content += "x\n{}\n";
    const std::string path = dir.write("in.jsonl", content);
    RecordReader reader({path}, OnError::skip, quiet_diagnostics);
    testing::internal::CaptureStderr();
    const Seen seen = read_all(reader);
    const std::string err = testing::internal::GetCapturedStderr();
    EXPECT_EQ(seen.records.size(), 13u);
    EXPECT_EQ(reader.rejected(), 13u);
    EXPECT_EQ(reader.records_read(), 26u);
    std::string expected;
    for (int i = 0; i < 10; ++i) {
        expected += "seed-test: " + path + ":" + std::to_string(2 * i + 1) +
                    ": invalid JSON at column 1: unexpected 'x', expected a value (skipped)\n";
    }
    expected += "seed-test: more bad lines skipped; the summary counts them all\n";
    EXPECT_EQ(err, expected);
}

TEST(RecordsReader, Reject) {
    const TempDir dir;
    const std::string path = dir.write("in.jsonl", "{\"a\":1}\n{\"b\":2}\n");
    {
        RecordReader reader({path}, OnError::fail, quiet_diagnostics);
        Record record;
        ASSERT_TRUE(reader.next(record));
        ASSERT_TRUE(reader.next(record));
        const std::string message = "no text: the record has no 'text', 'content' or 'code' field";
        EXPECT_EQ(error_of([&] { reader.reject(record, message); }),
                  path + ":2: no text: the record has no 'text', 'content' or 'code' field");
    }
    {
        RecordReader reader({path}, OnError::skip, quiet_diagnostics);
        Record record;
        ASSERT_TRUE(reader.next(record));
        testing::internal::CaptureStderr();
        reader.reject(record, "field 'text' is a number, not a string");
        EXPECT_EQ(testing::internal::GetCapturedStderr(),
                  "seed-test: " + path + ":1: field 'text' is a number, not a string (skipped)\n");
        EXPECT_EQ(reader.rejected(), 1u);
        ASSERT_TRUE(reader.next(record));
        EXPECT_EQ(record.line_number, 2u);
        EXPECT_EQ(reader.records_read(), 2u);
    }
}

TEST(RecordsRecord, FindReturnsTheLastOfRepeatedKeys) {
    const TempDir dir;
    const std::string path = dir.write("in.jsonl", R"({"a":1,"b":2,"a":3,"t\u0065xt":"x","text":"y","\u0063":4})"
                                                   "\n");
    RecordReader reader({path}, OnError::fail, quiet_diagnostics);
    Record record;
    ASSERT_TRUE(reader.next(record));
    ASSERT_NE(record.find("a"), nullptr);
    EXPECT_EQ(record.find("a")->value, "3");
    EXPECT_EQ(record.find("b")->value, "2");
    EXPECT_EQ(record.find("text")->value, "\"y\"");
    ASSERT_NE(record.find("c"), nullptr);  // matched through its escaped key
    EXPECT_EQ(record.find("c")->value, "4");
    EXPECT_EQ(record.find("missing"), nullptr);
    EXPECT_EQ(record.find(""), nullptr);
}

TEST(RecordsReader, MissingFileFailsInTheConstructor) {
    const TempDir dir;
    const std::string good = dir.write("good.jsonl", "{}\n");
    const std::string missing = dir.path() + "/missing.jsonl";
    EXPECT_EQ(error_of([&] {
                  RecordReader reader({good, missing}, OnError::fail, quiet_diagnostics);
              }),
              missing + ": No such file or directory");
    // --on-error=skip does not apply to I/O errors.
    EXPECT_EQ(error_of([&] { RecordReader reader({missing}, OnError::skip, quiet_diagnostics); }),
              missing + ": No such file or directory");
}

TEST(RecordsReader, DirectoryFailsWhenReached) {
    // seed(7): "A directory is reported (DIR: Is a directory) when the tool reaches it."
    const TempDir dir;
    const std::string good = dir.write("good.jsonl", "{}\n");
    const std::string sub = dir.path() + "/sub";
    std::filesystem::create_directory(sub);
    RecordReader reader({good, sub}, OnError::skip, quiet_diagnostics);
    const Seen seen = read_all(reader);
    EXPECT_EQ(seen.records, (Strings{good + ":1 {}"}));
    EXPECT_EQ(seen.error, sub + ": Is a directory");
}

TEST(RecordsReader, StandardInputWhenNoPaths) {
    RecordReader reader({}, OnError::fail, quiet_diagnostics);
    ASSERT_EQ(reader.inputs().size(), 1u);
    EXPECT_EQ(reader.inputs()[0].path, "-");
    EXPECT_EQ(reader.inputs()[0].display, "<stdin>");
    EXPECT_EQ(reader.inputs()[0].stem, "");
    const RecordReader dash({"-"}, OnError::fail, quiet_diagnostics);
    EXPECT_EQ(dash.inputs()[0].display, "<stdin>");
}

}  // namespace
