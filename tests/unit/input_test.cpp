// Unit tests for common/input: the line reader over in-memory byte sources (every buffer
// boundary), gzip and zstd detection and decoding (concatenated, truncated, corrupt) and
// opening files.
#include "input.hpp"
#include "json_array_reader.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"
#include "test_support.hpp"

namespace {

using seed::testing::contents;
using seed::testing::error_of;
using seed::testing::PieceSource;
using seed::testing::TempDir;

using seed::io::ByteSource;
using seed::io::LineReader;
using Strings = std::vector<std::string>;

std::unique_ptr<ByteSource> source(std::string data, std::size_t max_piece = 1) {
    return std::make_unique<PieceSource>(std::move(data), max_piece);
}

Strings lines_of(std::unique_ptr<ByteSource> in, std::size_t buffer_size = 16) {
    LineReader reader(std::move(in), buffer_size);
    Strings lines;
    std::string_view line;
    while (reader.next(line)) {
        lines.emplace_back(line);
        EXPECT_EQ(reader.line_number(), lines.size());
    }
    EXPECT_FALSE(reader.next(line));  // stays at the end
    return lines;
}

// Everything a source yields, read `capacity` bytes at a time.
std::string drain(ByteSource& in, std::size_t capacity = 7) {
    std::string out;
    std::vector<char> buffer(capacity);
    for (;;) {
        const std::size_t n = in.read(buffer.data(), buffer.size());
        if (n == 0) return out;
        out.append(buffer.data(), n);
    }
}

std::string gzip(std::string_view data, int level = 6) {
    z_stream zs{};
    EXPECT_EQ(deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out(deflateBound(&zs, static_cast<uLong>(data.size())) + 64, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

std::string zstd(std::string_view data, int level = 3) {
    std::string out(ZSTD_compressBound(data.size()), '\0');
    const std::size_t n = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), level);
    EXPECT_FALSE(ZSTD_isError(n));
    out.resize(n);
    return out;
}

// A zstd frame that ends with a content checksum (as the zstd tool writes by default).
std::string zstd_with_checksum(std::string_view data) {
    ZSTD_CCtx* cctx = ZSTD_createCCtx();
    EXPECT_FALSE(ZSTD_isError(ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1)));
    std::string out(ZSTD_compressBound(data.size()), '\0');
    const std::size_t n = ZSTD_compress2(cctx, out.data(), out.size(), data.data(), data.size());
    ZSTD_freeCCtx(cctx);
    EXPECT_FALSE(ZSTD_isError(n));
    out.resize(n);
    return out;
}

// Deterministic text that compresses but not to nothing: numbered JSONL lines.
std::string sample_lines(std::size_t count) {
    std::string out;
    for (std::size_t i = 0; i < count; ++i) {
        out += "{\"n\":" + std::to_string(i * 7919 % 100003) + ",\"text\":\"line " + std::to_string(i) + "\"}\n";
    }
    return out;
}

Strings split_lines(const std::string& text) {
    Strings out;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t nl = text.find('\n', start);
        if (nl == std::string::npos) {
            out.push_back(text.substr(start));
            break;
        }
        out.push_back(text.substr(start, nl - start));
        start = nl + 1;
    }
    return out;
}

std::string decompressed(const std::string& data, std::size_t max_piece = 5) {
    auto in = seed::io::decompressing(source(data, max_piece), "in");
    return drain(*in);
}

// ---- LineReader

struct LineCase {
    std::string input;
    Strings lines;
};

TEST(InputLineReader, Cases) {
    const std::vector<LineCase> cases{
        {"", {}},
        {"a\nb\n", {"a", "b"}},
        {"a\nb", {"a", "b"}},  // the last line needs no "\n"
        {"\n", {""}},
        {"\n\n", {"", ""}},
        {"a\n\n  \nb\n", {"a", "", "  ", "b"}},
        {"a\r\nb\r\n", {"a", "b"}},
        {"a\r\nb", {"a", "b"}},
        {"a\r", {"a"}},
        {"a\r\r\n", {"a\r"}},  // only one "\r" before the "\n" goes
        {"a\rb\n", {"a\rb"}},  // a "\r" inside a line stays
        {"\r\n", {""}},
        {"\xEF\xBB\xBF{}\n", {"{}"}},
        {"\xEF\xBB\xBF{}\r\n", {"{}"}},
        {"\xEF\xBB\xBF\nx\n", {"", "x"}},
        {"\xEF\xBB\xBF", {""}},
        {"a\n\xEF\xBB\xBF"
         "b\n",
         {"a",
          "\xEF\xBB\xBF"
          "b"}},  // a BOM only at the very start
        {"\xEF\xBB"
         "x\n",
         {"\xEF\xBB"
          "x"}},  // not a whole BOM
        {"\xEF\xBB\xBF\xEF\xBB\xBF"
         "x",
         {"\xEF\xBB\xBF"
          "x"}},  // one BOM only
        {std::string("a\0b\n", 4), {std::string("a\0b", 3)}},
    };
    for (const LineCase& c : cases) {
        for (std::size_t piece = 1; piece <= 20; ++piece) {
            EXPECT_EQ(lines_of(source(c.input, piece)), c.lines)
                << testing::PrintToString(c.input) << " piece " << piece;
        }
        EXPECT_EQ(lines_of(source(c.input, 1000), LineReader::default_buffer), c.lines);
    }
}

TEST(InputLineReader, LinesLongerThanTheBuffer) {
    // Lines of every length from 0 to 70 (the buffer starts at 16 bytes), read in pieces of
    // every size up to 33 bytes.
    std::string input;
    Strings expected;
    for (std::size_t len = 0; len <= 70; ++len) {
        std::string line;
        for (std::size_t i = 0; i < len; ++i) line += static_cast<char>('a' + (len + i) % 26);
        input += line + (len % 3 == 0 ? "\r\n" : "\n");
        expected.push_back(line);
    }
    for (std::size_t piece = 1; piece <= 33; ++piece) {
        EXPECT_EQ(lines_of(source(input, piece), 16), expected) << "piece " << piece;
    }
    // The same without a final newline (the last line, 70 bytes, ends in a bare "\n").
    ASSERT_TRUE(input.ends_with("\n") && !input.ends_with("\r\n"));
    input.pop_back();
    for (std::size_t piece = 1; piece <= 33; ++piece) EXPECT_EQ(lines_of(source(input, piece), 16), expected);
}

TEST(InputLineReader, VeryLongLine) {
    const std::string big(300000, 'x');
    const Strings lines = lines_of(source("a\n" + big + "\nb", 4096), 16);
    ASSERT_EQ(lines.size(), 3u);
    EXPECT_EQ(lines[0], "a");
    EXPECT_EQ(lines[1], big);
    EXPECT_EQ(lines[2], "b");
}

TEST(InputLineReader, LineNumbersAndBytes) {
    const std::string input = "one\n\n\r\nfour\nfive";
    LineReader reader(source(input, 3), 16);
    EXPECT_EQ(reader.line_number(), 0u);
    std::string_view line;
    const Strings expected{"one", "", "", "four", "five"};
    for (std::size_t i = 0; i < expected.size(); ++i) {
        ASSERT_TRUE(reader.next(line));
        EXPECT_EQ(line, expected[i]);
        EXPECT_EQ(reader.line_number(), i + 1);
    }
    EXPECT_FALSE(reader.next(line));
    EXPECT_EQ(reader.line_number(), 5u);
    EXPECT_EQ(reader.bytes_read(), input.size());
}

TEST(InputLineReader, BufferBelow16IsRaisedTo16) {
    EXPECT_EQ(lines_of(source("abcdefghijklmnopqrstuvwxyz\nb\n", 1), 1), (Strings{"abcdefghijklmnopqrstuvwxyz", "b"}));
    EXPECT_EQ(lines_of(source("a\nb\n", 2), 0), (Strings{"a", "b"}));
}

// ---- format detection and decompression

TEST(InputDecompress, PlainPassesThrough) {
    for (const std::string& plain : {std::string(), std::string("a"), std::string("ab"), std::string("\x1f"),
                                     std::string("\x1f"
                                                 "a{}\n"),
                                     std::string("\x28\xb5\x2f"),
                                     std::string("\x28\xb5\x2f"
                                                 "x"),
                                     std::string("{\"a\":1}\n{\"b\":2}\n")}) {
        for (std::size_t piece = 1; piece <= 6; ++piece) {
            EXPECT_EQ(decompressed(plain, piece), plain) << testing::PrintToString(plain);
        }
    }
}

TEST(InputDecompress, Gzip) {
    const std::string text = sample_lines(20);
    for (std::size_t piece = 1; piece <= 9; ++piece) EXPECT_EQ(decompressed(gzip(text), piece), text);
    EXPECT_EQ(decompressed(gzip("")), "");
    EXPECT_EQ(decompressed(gzip("no newline")), "no newline");
    // Larger than the 128 KiB compressed chunk and than one output buffer.
    const std::string big = sample_lines(40000);
    auto in = seed::io::decompressing(source(gzip(big, 0), 1 << 16), "big.gz");
    EXPECT_EQ(drain(*in, 1 << 15), big);
    EXPECT_EQ(lines_of(seed::io::decompressing(source(gzip(big), 4096), "big.gz"), 16), split_lines(big));
}

TEST(InputDecompress, GzipConcatenatedMembers) {
    const std::string a = "{\"a\":1}\n";
    const std::string b = "{\"b\":2}\n{\"c\":3}";
    const std::string both = gzip(a) + gzip("") + gzip(b, 9);
    for (std::size_t piece = 1; piece <= 9; ++piece) EXPECT_EQ(decompressed(both, piece), a + b);
    EXPECT_EQ(lines_of(seed::io::decompressing(source(both, 3), "x.gz")),
              (Strings{"{\"a\":1}", "{\"b\":2}", "{\"c\":3}"}));
}

TEST(InputDecompress, GzipTruncatedAnywhere) {
    const std::string whole = gzip(sample_lines(3));
    for (std::size_t size = 2; size < whole.size(); ++size) {
        for (const std::size_t piece : {1u, 1000u}) {
            EXPECT_EQ(error_of([&] { decompressed(whole.substr(0, size), piece); }),
                      "in: truncated gzip data (unexpected end of file)")
                << "cut at " << size << " of " << whole.size();
        }
    }
    // A second member cut short.
    EXPECT_EQ(error_of([&] { decompressed(whole + whole.substr(0, 10)); }),
              "in: truncated gzip data (unexpected end of file)");
}

TEST(InputDecompress, GzipTrailingGarbage) {
    // The records before the damage come through first.
    LineReader reader(seed::io::decompressing(source(gzip("{\"a\":1}\n") + "xyz", 1000), "in.gz"), 16);
    std::string_view line;
    ASSERT_TRUE(reader.next(line));
    EXPECT_EQ(line, "{\"a\":1}");
    EXPECT_EQ(error_of([&] { reader.next(line); }), "in.gz: unexpected data after the end of the gzip stream");
    EXPECT_EQ(error_of([&] { decompressed(gzip("a") + "\n"); }),
              "in: unexpected data after the end of the gzip stream");
}

TEST(InputDecompress, GzipCorrupt) {
    const std::string good = gzip(sample_lines(5));
    std::string bad_crc = good;
    bad_crc[good.size() - 8] = static_cast<char>(bad_crc[good.size() - 8] ^ 1);
    EXPECT_EQ(error_of([&] { decompressed(bad_crc); }), "in: corrupt gzip data (incorrect data check)");
    std::string bad_length = good;
    bad_length[good.size() - 4] = static_cast<char>(bad_length[good.size() - 4] ^ 1);
    EXPECT_EQ(error_of([&] { decompressed(bad_length); }), "in: corrupt gzip data (incorrect length check)");
    std::string bad_method = good;
    bad_method[2] = 7;
    EXPECT_EQ(error_of([&] { decompressed(bad_method); }), "in: corrupt gzip data (unknown compression method)");
    std::string bad_block = good;
    bad_block[10] = static_cast<char>(0xFF);  // first deflate block header: reserved block type 3
    const std::string message = error_of([&] { decompressed(bad_block); });
    EXPECT_TRUE(message.starts_with("in: corrupt gzip data (")) << message;
    EXPECT_TRUE(message.ends_with(")")) << message;
}

TEST(InputDecompress, Zstd) {
    const std::string text = sample_lines(20);
    for (std::size_t piece = 1; piece <= 9; ++piece) EXPECT_EQ(decompressed(zstd(text), piece), text);
    EXPECT_EQ(decompressed(zstd("")), "");
    const std::string big = sample_lines(40000);
    EXPECT_EQ(lines_of(seed::io::decompressing(source(zstd(big, 1), 4096), "big.zst"), 16), split_lines(big));
}

TEST(InputDecompress, ZstdConcatenatedFrames) {
    const std::string a = "{\"a\":1}\n";
    const std::string b = "{\"b\":2}\n";
    const std::string frames = zstd(a) + zstd("") + zstd(b, 19);
    for (std::size_t piece = 1; piece <= 9; ++piece) EXPECT_EQ(decompressed(frames, piece), a + b);
}

TEST(InputDecompress, ZstdTruncatedAnywhere) {
    const std::string whole = zstd(sample_lines(3));
    for (std::size_t size = 4; size < whole.size(); ++size) {
        for (const std::size_t piece : {1u, 1000u}) {
            EXPECT_EQ(error_of([&] { decompressed(whole.substr(0, size), piece); }),
                      "in: truncated zstd data (unexpected end of file)")
                << "cut at " << size << " of " << whole.size();
        }
    }
    EXPECT_EQ(error_of([&] { decompressed(whole + whole.substr(0, 9)); }),
              "in: truncated zstd data (unexpected end of file)");
}

TEST(InputDecompress, ZstdCorrupt) {
    EXPECT_EQ(error_of([&] { decompressed(zstd("{}\n") + "garbage!"); }),
              "in: corrupt zstd data (Unknown frame descriptor)");
    const std::string text = sample_lines(50);
    EXPECT_EQ(decompressed(zstd_with_checksum(text)), text);
    std::string bad_checksum = zstd_with_checksum(text);
    bad_checksum.back() = static_cast<char>(bad_checksum.back() ^ 1);
    EXPECT_EQ(error_of([&] { decompressed(bad_checksum); }),
              "in: corrupt zstd data (Restored data doesn't match checksum)");
    std::string bad_header = zstd(text);
    bad_header[4] = static_cast<char>(0x08);  // frame header descriptor with the reserved bit set
    const std::string message = error_of([&] { decompressed(bad_header); });
    EXPECT_TRUE(message.starts_with("in: corrupt zstd data (")) << message;
}

// ---- opening files

TEST(InputOpen, DisplayName) {
    EXPECT_EQ(seed::io::display_name("-"), "<stdin>");
    EXPECT_EQ(seed::io::display_name("data/x.jsonl"), "data/x.jsonl");
}

TEST(InputOpen, MissingFile) {
    const TempDir dir;
    const std::string path = dir.path() + "/missing.jsonl";
    EXPECT_EQ(error_of([&] { seed::io::open_input(path); }), path + ": No such file or directory");
}

TEST(InputOpen, Directory) {
    const TempDir dir;
    EXPECT_EQ(error_of([&] { seed::io::open_input(dir.path()); }), dir.path() + ": Is a directory");
}

TEST(InputOpen, PlainGzipAndZstdFilesByContentNotName) {
    const TempDir dir;
    const std::string text = sample_lines(100);
    for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
             {"plain.jsonl", text}, {"packed.jsonl", gzip(text)}, {"misnamed.gz", zstd(text)}, {"x.zst", text}}) {
        const std::string path = dir.write(name, bytes);
        EXPECT_EQ(lines_of(seed::io::open_input(path), LineReader::default_buffer), split_lines(text)) << name;
    }
    const std::string cut = dir.write("cut.jsonl.gz", gzip(text).substr(0, 40));
    EXPECT_EQ(error_of([&] { lines_of(seed::io::open_input(cut)); }),
              cut + ": truncated gzip data (unexpected end of file)");
}

TEST(JsonArrayReader, ElementsWithOffsetsAcrossRefills) {
    // Escaped quotes and backslash runs at every read boundary, and an element of 3 MiB (more
    // than one refill).
    const std::string big(3u << 20, 'x');
    const std::string data =
        "\xEF\xBB\xBF [\"a\\\\\", {\"k\":\"\\\"]}\\\\\\\"\"} ,\n[1,[2]],\n\"" + big + "\", -1.5e3 ,null]\n";
    seed::io::JsonArrayReader reader(source(data, 5), "x.json");
    std::vector<std::string> elements;
    std::vector<std::uint64_t> offsets;
    std::string_view element;
    while (reader.next(element)) {
        elements.emplace_back(element.size() > 100 ? "BIG" + std::to_string(element.size()) : std::string(element));
        offsets.push_back(reader.offset());
    }
    EXPECT_EQ(elements, (Strings{"\"a\\\\\"", "{\"k\":\"\\\"]}\\\\\\\"\"}", "[1,[2]]",
                                 "BIG" + std::to_string(big.size() + 2), "-1.5e3", "null"}));
    EXPECT_EQ(offsets[0], 5U);
    EXPECT_EQ(offsets[1], 12U);
    EXPECT_EQ(reader.line(), 3U);
}

TEST(JsonArrayReader, InMemoryReadsTheSameElementsInPlace) {
    const std::string data = " [{\"a\":\"]\"},\n 2 ,\"x\"] ";
    seed::io::JsonArrayReader reader(std::string_view(data), "x.json");
    std::vector<std::string> elements;
    std::string_view element;
    while (reader.next(element)) {
        EXPECT_TRUE(element.data() >= data.data() && element.data() < data.data() + data.size());  // no copy
        elements.emplace_back(element);
    }
    EXPECT_EQ(elements, (Strings{"{\"a\":\"]\"}", "2", "\"x\""}));
    EXPECT_EQ(reader.line(), 2U);
    EXPECT_EQ(error_of([] {
                  seed::io::JsonArrayReader cut(std::string_view("[1,"), "x.json");
                  std::string_view e;
                  while (cut.next(e)) {
                  }
              }),
              "x.json:1: the JSON array is not closed (truncated?) (byte 3)");
}

TEST(JsonArrayReader, PeekAndTakeLetTheCallerParseInPlace) {
    const std::string data = "[{\"a\":1},\n{\"b\":2} ,3]";
    seed::io::JsonArrayReader reader(std::string_view(data), "x.json");
    std::string_view rest;
    ASSERT_TRUE(reader.peek(rest));
    EXPECT_EQ(rest, data.substr(1));
    EXPECT_EQ(reader.offset(), 1U);
    reader.take(7);  // {"a":1}
    ASSERT_TRUE(reader.peek(rest));
    EXPECT_EQ(reader.line(), 2U);
    EXPECT_EQ(reader.offset(), 10U);
    std::string_view element;
    ASSERT_TRUE(reader.next(element));  // the split way, from the same place
    EXPECT_EQ(element, "{\"b\":2}");
    ASSERT_TRUE(reader.peek(rest));
    EXPECT_EQ(rest, "3]");
    reader.take(1);
    EXPECT_FALSE(reader.peek(rest));
}

TEST(MappedFile, MapsRegularFilesOnly) {
    TempDir dir;
    const std::string path = dir.path() + "/f.json";
    std::ofstream(path) << "[1]";
    const auto mapped = seed::io::MappedFile::open(path);
    ASSERT_NE(mapped, nullptr);
    EXPECT_EQ(mapped->bytes(), "[1]");
    mapped->release_before(3);  // less than a step: nothing to give back, nothing breaks
    EXPECT_EQ(mapped->bytes(), "[1]");
    EXPECT_EQ(seed::io::MappedFile::open(dir.path()), nullptr);
    EXPECT_EQ(seed::io::MappedFile::open(dir.path() + "/missing"), nullptr);
    std::ofstream(dir.path() + "/empty");
    EXPECT_EQ(seed::io::MappedFile::open(dir.path() + "/empty"), nullptr);
}

TEST(JsonArrayReader, NotAnArrayOrNotClosed) {
    const auto error = [](const std::string& data) {
        return error_of([&] {
            seed::io::JsonArrayReader reader(source(data, 3), "x.json");
            std::string_view element;
            while (reader.next(element)) {
            }
        });
    };
    EXPECT_EQ(error(""), "x.json:1: empty input, expected a JSON array (byte 0)");
    EXPECT_EQ(error("\n{\"a\":1}"), "x.json:2: expected a JSON array, found '{' (byte 1)");
    EXPECT_EQ(error("[{\"a\":\"x\\\"]"), "x.json:1: the JSON array is not closed (truncated?) (byte 1)");
    EXPECT_EQ(error("[1 2]"), "x.json:1: expected ',' or ']' after an element of the JSON array, found '2' (byte 3)");
}

}  // namespace
