// Parquet's page codecs (common/parquet/codec.cpp): round trips through each library's own
// compressor, the framings (gzip members, zstd frames, Hadoop LZ4), sizes that disagree, and
// corrupt, truncated and random input.
#include "codec.hpp"

#define ZLIB_CONST  // zlib's next_in as a pointer to const

#include <brotli/encode.h>
#include <gtest/gtest.h>
#include <lz4.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>

#include <cstdint>
#include <map>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "error.hpp"
#include "test_support.hpp"

namespace seed::parquet {
namespace {

using seed::testing::error_of;

const std::vector<Codec> all_codecs{Codec::uncompressed, Codec::snappy, Codec::gzip,   Codec::brotli,
                                    Codec::lz4,          Codec::zstd,   Codec::lz4_raw};

// About 1 MiB of text with some structure: words, numbers, punctuation, UTF-8, the odd control byte.
std::string mixed_text() {
    static const std::vector<std::string> words{"parquet", "column", "page",  "the",       "of",      "données",
                                                "日本語",  "row",    "group", "snappy",    "{\"a\":", "1}",
                                                "\t",      "\n",     "ZSTD",  "dictionary"};
    std::mt19937 random(20240601);
    std::string text;
    while (text.size() < (std::size_t{1} << 20)) {
        const auto pick = random() % 20;
        if (pick < words.size()) {
            text += words[pick];
        } else if (pick == 16 || pick == 17) {
            text += std::to_string(random() % 100000);
        } else if (pick == 18) {
            text += static_cast<char>(random() % 32);
        } else {
            text += ' ';
        }
    }
    text.resize(std::size_t{1} << 20);
    return text;
}

const std::string& big_text() {
    static const std::string text = mixed_text();
    return text;
}

std::vector<std::string> sample_inputs() { return {"", "hello, parquet", big_text()}; }

std::string snappy_compress(std::string_view data) {
    std::string out;
    snappy::Compress(data.data(), data.size(), &out);
    return out;
}

// One gzip member (windowBits 31), or a zlib stream (windowBits 15).
std::string deflate_compress(std::string_view data, int window_bits = 31) {
    z_stream zs{};
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("deflateInit2 failed");
    }
    std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
    zs.next_in = reinterpret_cast<const Bytef*>(data.data());
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int result = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    if (result != Z_STREAM_END) throw std::runtime_error("deflate failed");
    return out;
}

std::string zstd_compress(std::string_view data) {
    std::string out(ZSTD_compressBound(data.size()), '\0');
    const std::size_t size = ZSTD_compress(out.data(), out.size(), data.data(), data.size(), 3);
    if (ZSTD_isError(size) != 0) throw std::runtime_error(ZSTD_getErrorName(size));
    out.resize(size);
    return out;
}

// A zstd frame whose header does not say how long its content is (the streaming API without a pledged size).
std::string zstd_compress_unknown_size(std::string_view data) {
    ZSTD_CStream* stream = ZSTD_createCStream();
    ZSTD_initCStream(stream, 3);
    std::string out(ZSTD_compressBound(data.size()) + 64, '\0');
    ZSTD_outBuffer output{out.data(), out.size(), 0};
    ZSTD_inBuffer input{data.data(), data.size(), 0};
    ZSTD_compressStream(stream, &output, &input);
    const std::size_t left = ZSTD_endStream(stream, &output);
    ZSTD_freeCStream(stream);
    if (left != 0) throw std::runtime_error("ZSTD_endStream did not finish");
    out.resize(output.pos);
    return out;
}

std::string brotli_compress(std::string_view data) {
    std::size_t size = BrotliEncoderMaxCompressedSize(data.size());
    if (size == 0) size = 64;
    std::string out(size, '\0');
    if (!BrotliEncoderCompress(BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, data.size(),
                               reinterpret_cast<const std::uint8_t*>(data.data()), &size,
                               reinterpret_cast<std::uint8_t*>(out.data()))) {
        throw std::runtime_error("BrotliEncoderCompress failed");
    }
    out.resize(size);
    return out;
}

std::string lz4_block(std::string_view data) {
    std::string out(static_cast<std::size_t>(LZ4_compressBound(static_cast<int>(data.size()))), '\0');
    const int size =
        LZ4_compress_default(data.data(), out.data(), static_cast<int>(data.size()), static_cast<int>(out.size()));
    if (size <= 0) throw std::runtime_error("LZ4_compress_default failed");
    out.resize(static_cast<std::size_t>(size));
    return out;
}

std::string big_endian_u32(std::size_t value) {
    std::string bytes(4, '\0');
    for (int i = 3; i >= 0; --i, value >>= 8) bytes[static_cast<std::size_t>(i)] = static_cast<char>(value & 0xff);
    return bytes;
}

// Hadoop's framing: for each piece, its size, its compressed size (both big-endian u32), its LZ4 block.
std::string hadoop_frames(const std::vector<std::string_view>& pieces) {
    std::string out;
    for (const auto piece : pieces) {
        const std::string block = lz4_block(piece);
        out += big_endian_u32(piece.size()) + big_endian_u32(block.size()) + block;
    }
    return out;
}

// `data` in two halves.
std::vector<std::string_view> halves(std::string_view data) {
    return {data.substr(0, data.size() / 2), data.substr(data.size() / 2)};
}

// `data` compressed the usual way for `codec` (Hadoop framing in two frames for LZ4).
std::string compress(Codec codec, std::string_view data) {
    switch (codec) {
        case Codec::uncompressed: return std::string(data);
        case Codec::snappy: return snappy_compress(data);
        case Codec::gzip: return deflate_compress(data);
        case Codec::brotli: return brotli_compress(data);
        case Codec::lz4: return hadoop_frames(halves(data));
        case Codec::zstd: return zstd_compress(data);
        case Codec::lz4_raw: return lz4_block(data);
        case Codec::lzo: break;
    }
    throw std::logic_error("no compressor for " + codec_name(codec));
}

// big_text() compressed for `codec`, made once (brotli's best quality takes a second on a megabyte).
const std::string& compressed_big_text(Codec codec) {
    static std::map<Codec, std::string> made;
    const auto [at, added] = made.try_emplace(codec);
    if (added) at->second = compress(codec, big_text());
    return at->second;
}

std::string decompressed(Codec codec, std::string_view in, std::size_t size) {
    std::string out = "left over from an earlier page";
    decompress(codec, in, size, out);
    return out;
}

std::string error_from(Codec codec, std::string_view in, std::size_t size) {
    return error_of([&] { decompressed(codec, in, size); });
}

// A short text that compresses well, 1000 bytes long.
std::string thousand_bytes() {
    std::string text;
    for (int i = 0; text.size() < 1000; ++i) text += "row " + std::to_string(i % 37) + " of the column; ";
    text.resize(1000);
    return text;
}

TEST(ParquetCodec, NamesCodecsAsParquetThriftSpellsThem) {
    EXPECT_EQ(codec_name(Codec::uncompressed), "UNCOMPRESSED");
    EXPECT_EQ(codec_name(Codec::snappy), "SNAPPY");
    EXPECT_EQ(codec_name(Codec::gzip), "GZIP");
    EXPECT_EQ(codec_name(Codec::lzo), "LZO");
    EXPECT_EQ(codec_name(Codec::brotli), "BROTLI");
    EXPECT_EQ(codec_name(Codec::lz4), "LZ4");
    EXPECT_EQ(codec_name(Codec::zstd), "ZSTD");
    EXPECT_EQ(codec_name(Codec::lz4_raw), "LZ4_RAW");
    EXPECT_EQ(codec_name(static_cast<Codec>(9)), "codec 9");
    EXPECT_EQ(codec_name(static_cast<Codec>(-1)), "codec -1");
}

TEST(ParquetCodec, RoundTripsEveryCodec) {
    for (const Codec codec : all_codecs) {
        for (const std::string& data : sample_inputs()) {
            SCOPED_TRACE(codec_name(codec) + ", " + std::to_string(data.size()) + " bytes");
            const std::string compressed = data == big_text() ? compressed_big_text(codec) : compress(codec, data);
            EXPECT_EQ(decompressed(codec, compressed, data.size()), data);
        }
    }
}

TEST(ParquetCodec, ReadsConcatenatedGzipMembers) {
    const auto [first, second] = std::pair{big_text().substr(0, 300000), big_text().substr(300000)};
    EXPECT_EQ(decompressed(Codec::gzip, deflate_compress(first) + deflate_compress(second), big_text().size()),
              big_text());
    // Small members, an empty one among them.
    const std::string members = deflate_compress("one ") + deflate_compress("") + deflate_compress("two");
    EXPECT_EQ(decompressed(Codec::gzip, members, 7), "one two");
}

TEST(ParquetCodec, ReadsZlibWrappedDataUnderGzip) {
    // Some writers put a zlib stream under GZIP; Arrow reads it, so do we.
    EXPECT_EQ(decompressed(Codec::gzip, deflate_compress(big_text(), 15), big_text().size()), big_text());
}

TEST(ParquetCodec, ReadsConcatenatedZstdFrames) {
    const std::string frames = zstd_compress(big_text().substr(0, 1000)) + zstd_compress(big_text().substr(1000));
    EXPECT_EQ(decompressed(Codec::zstd, frames, big_text().size()), big_text());
    EXPECT_EQ(decompressed(Codec::zstd, zstd_compress_unknown_size(big_text()), big_text().size()), big_text());
}

TEST(ParquetCodec, ReadsHadoopFramedLz4) {
    const std::string& data = big_text();
    EXPECT_EQ(decompressed(Codec::lz4, hadoop_frames(halves(data)), data.size()), data);
    EXPECT_EQ(decompressed(Codec::lz4, hadoop_frames({data}), data.size()), data);
    EXPECT_EQ(decompressed(Codec::lz4, hadoop_frames({"abc", "", "def"}), 6), "abcdef");
}

TEST(ParquetCodec, FallsBackToOneRawLz4BlockUnderLz4) {
    for (const std::string& data : sample_inputs()) {
        SCOPED_TRACE(std::to_string(data.size()) + " bytes");
        EXPECT_EQ(decompressed(Codec::lz4, lz4_block(data), data.size()), data);
    }
}

TEST(ParquetCodec, GivesEmptyOutputForEmptyInputAndSizeZero) {
    for (const Codec codec : all_codecs) {
        SCOPED_TRACE(codec_name(codec));
        EXPECT_EQ(decompressed(codec, "", 0), "");
    }
    // Not a valid snappy stream (that would be one byte, the length 0), yet an empty page.
    EXPECT_EQ(decompressed(Codec::snappy, std::string_view(), 0), "");
}

TEST(ParquetCodec, RefusesEmptyInputForANonEmptyPage) {
    EXPECT_EQ(error_from(Codec::uncompressed, "", 5), "UNCOMPRESSED data is 0 bytes, the page says 5");
    EXPECT_EQ(error_from(Codec::snappy, "", 5), "corrupt SNAPPY data");
    EXPECT_EQ(error_from(Codec::gzip, "", 5), "corrupt GZIP data (truncated)");
    EXPECT_EQ(error_from(Codec::brotli, "", 5), "corrupt BROTLI data (truncated)");
    EXPECT_EQ(error_from(Codec::lz4, "", 5), "corrupt LZ4 data, or it decompresses to more than the page's 5 bytes");
    EXPECT_EQ(error_from(Codec::lz4_raw, "", 5),
              "corrupt LZ4_RAW data, or it decompresses to more than the page's 5 bytes");
    EXPECT_EQ(error_from(Codec::zstd, "", 5), "ZSTD data decompresses to 0 bytes, the page says 5");  // no frames
}

TEST(ParquetCodec, RefusesLzoAndUnknownCodecs) {
    EXPECT_EQ(error_from(Codec::lzo, "abc", 3), "LZO compression is not supported");
    EXPECT_EQ(error_from(Codec::lzo, "", 0), "LZO compression is not supported");
    EXPECT_EQ(error_from(static_cast<Codec>(9), "abc", 3), "compression codec 9 is not supported");
    EXPECT_EQ(error_from(static_cast<Codec>(8), "", 0), "compression codec 8 is not supported");
    EXPECT_EQ(error_from(static_cast<Codec>(-1), "abc", 3), "compression codec -1 is not supported");
}

TEST(ParquetCodec, RefusesAPageSizeTooSmall) {
    const std::string data = thousand_bytes();
    EXPECT_EQ(error_from(Codec::uncompressed, data, 999), "UNCOMPRESSED data is 1000 bytes, the page says 999");
    EXPECT_EQ(error_from(Codec::snappy, compress(Codec::snappy, data), 999),
              "SNAPPY data decompresses to 1000 bytes, the page says 999");
    EXPECT_EQ(error_from(Codec::gzip, compress(Codec::gzip, data), 999),
              "GZIP data decompresses to 1000 bytes, the page says 999");
    EXPECT_EQ(error_from(Codec::brotli, compress(Codec::brotli, data), 999),
              "BROTLI data decompresses to 1000 bytes, the page says 999");
    EXPECT_EQ(error_from(Codec::zstd, compress(Codec::zstd, data), 999),
              "ZSTD data decompresses to 1000 bytes, the page says 999");
    EXPECT_EQ(error_from(Codec::zstd, zstd_compress_unknown_size(data), 999),
              "ZSTD data decompresses to more than 999 bytes, the page says 999");
    EXPECT_EQ(error_from(Codec::lz4, compress(Codec::lz4, data), 999),
              "LZ4 data decompresses to 1000 bytes, the page says 999");
    EXPECT_EQ(error_from(Codec::lz4, lz4_block(data), 999),
              "corrupt LZ4 data, or it decompresses to more than the page's 999 bytes");
    EXPECT_EQ(error_from(Codec::lz4_raw, compress(Codec::lz4_raw, data), 999),
              "corrupt LZ4_RAW data, or it decompresses to more than the page's 999 bytes");
    // Non-empty data for an empty page.
    EXPECT_EQ(error_from(Codec::gzip, compress(Codec::gzip, data), 0),
              "GZIP data decompresses to 1000 bytes, the page says 0");
}

TEST(ParquetCodec, RefusesAPageSizeTooLarge) {
    const std::string data = thousand_bytes();
    EXPECT_EQ(error_from(Codec::uncompressed, data, 1001), "UNCOMPRESSED data is 1000 bytes, the page says 1001");
    for (const Codec codec : {Codec::snappy, Codec::gzip, Codec::brotli, Codec::zstd, Codec::lz4, Codec::lz4_raw}) {
        EXPECT_EQ(error_from(codec, compress(codec, data), 1001),
                  codec_name(codec) + " data decompresses to 1000 bytes, the page says 1001");
    }
    EXPECT_EQ(error_from(Codec::zstd, zstd_compress_unknown_size(data), 1001),
              "ZSTD data decompresses to 1000 bytes, the page says 1001");
    EXPECT_EQ(error_from(Codec::lz4, lz4_block(data), 1001), "LZ4 data decompresses to 1000 bytes, the page says 1001");
}

TEST(ParquetCodec, CountsOnlyAMegabytePastThePageSize) {
    const std::string zeros(3 << 20, '\0');
    EXPECT_EQ(error_from(Codec::gzip, compress(Codec::gzip, zeros), 10),
              "GZIP data decompresses to more than 1048586 bytes, the page says 10");
    EXPECT_EQ(error_from(Codec::brotli, compress(Codec::brotli, zeros), 10),
              "BROTLI data decompresses to more than 1048586 bytes, the page says 10");
    EXPECT_EQ(error_from(Codec::gzip, compress(Codec::gzip, zeros), (1 << 20) + 10),
              "GZIP data decompresses to more than 2097162 bytes, the page says 1048586");
    // zstd's frame header says how long the content is.
    EXPECT_EQ(error_from(Codec::zstd, compress(Codec::zstd, zeros), 10),
              "ZSTD data decompresses to 3145728 bytes, the page says 10");
}

TEST(ParquetCodec, RefusesTruncatedInput) {
    const std::string& data = big_text();
    for (const Codec codec : all_codecs) {
        if (codec == Codec::uncompressed) continue;
        const std::string& compressed = compressed_big_text(codec);
        for (const std::size_t keep : {compressed.size() - 1, compressed.size() / 2, std::size_t{1}}) {
            SCOPED_TRACE(codec_name(codec) + ", " + std::to_string(keep) + " bytes kept");
            EXPECT_NE(error_from(codec, compressed.substr(0, keep), data.size()), "(no error)");
        }
    }
    const std::string half_gzip = compressed_big_text(Codec::gzip).substr(0, 1000);
    EXPECT_EQ(error_from(Codec::gzip, half_gzip, data.size()), "corrupt GZIP data (truncated)");
    const std::string half_brotli = compressed_big_text(Codec::brotli).substr(0, 1000);
    EXPECT_EQ(error_from(Codec::brotli, half_brotli, data.size()), "corrupt BROTLI data (truncated)");
    const std::string half_snappy = compressed_big_text(Codec::snappy).substr(0, 1000);
    EXPECT_EQ(error_from(Codec::snappy, half_snappy, data.size()), "corrupt SNAPPY data");
    const std::string half_zstd = compressed_big_text(Codec::zstd).substr(0, 1000);
    EXPECT_EQ(error_from(Codec::zstd, half_zstd, data.size()).rfind("corrupt ZSTD data (", 0), 0u);
    const std::string half_lz4 = compressed_big_text(Codec::lz4_raw).substr(0, 1000);
    EXPECT_EQ(error_from(Codec::lz4_raw, half_lz4, data.size()),
              "corrupt LZ4_RAW data, or it decompresses to more than the page's 1048576 bytes");
}

TEST(ParquetCodec, RefusesDataAfterTheEnd) {
    const std::string data = thousand_bytes();
    EXPECT_EQ(error_from(Codec::gzip, compress(Codec::gzip, data) + "junk", 1000),
              "corrupt GZIP data (incorrect header check)");
    EXPECT_EQ(error_from(Codec::brotli, compress(Codec::brotli, data) + "junk", 1000),
              "corrupt BROTLI data (data after the end of the stream)");
    EXPECT_EQ(error_from(Codec::zstd, compress(Codec::zstd, data) + "junk", 1000).rfind("corrupt ZSTD data (", 0), 0u);
    EXPECT_EQ(error_from(Codec::snappy, compress(Codec::snappy, data) + "junk", 1000), "corrupt SNAPPY data");
}

TEST(ParquetCodec, RefusesCorruptHadoopFrames) {
    const std::string data = thousand_bytes();
    // The first frame's block replaced by as many 0xff bytes: its header still fits, the block does not decode.
    const std::string first = lz4_block(data.substr(0, 500));
    std::string frames = hadoop_frames(halves(data));
    frames.replace(8, first.size(), std::string(first.size(), '\xff'));
    EXPECT_EQ(error_from(Codec::lz4, frames, 1000), "corrupt LZ4 data");
    frames = hadoop_frames(halves(data));
    frames[3] = static_cast<char>(frames[3] + 1);  // the first frame says one byte more than its block holds
    EXPECT_EQ(error_from(Codec::lz4, frames, 1001), "corrupt LZ4 data");
}

TEST(ParquetCodec, CallsRandomBytesCorrupt) {
    std::mt19937 random(4242);
    std::string bytes(1000, '\0');
    for (char& byte : bytes) byte = static_cast<char>(random() & 0xff);
    for (const Codec codec : all_codecs) {
        if (codec == Codec::uncompressed) continue;
        const std::string error = error_from(codec, bytes, 4000);
        EXPECT_EQ(error.rfind("corrupt " + codec_name(codec) + " data", 0), 0u) << error;
    }
    // A snappy stream starts with its length, so random bytes have one; it is not what the message is about.
    EXPECT_EQ(error_from(Codec::snappy, "\xe8\x07 not snappy at all", 2000), "corrupt SNAPPY data");
    EXPECT_EQ(error_from(Codec::gzip, bytes, 4000), "corrupt GZIP data (incorrect header check)");
    EXPECT_EQ(error_from(Codec::zstd, bytes, 4000), "corrupt ZSTD data (Unknown frame descriptor)");
}

TEST(ParquetCodec, SurvivesRandomBytes) {
    std::mt19937 random(12345);
    int errors = 0;
    for (int round = 0; round < 300; ++round) {
        std::string bytes(random() % 2000, '\0');
        for (char& byte : bytes) byte = static_cast<char>(random() & 0xff);
        const std::size_t size = random() % 5000;
        for (const Codec codec : all_codecs) {
            std::string out;
            try {
                decompress(codec, bytes, size, out);
                EXPECT_EQ(out.size(), size);
            } catch (const Error&) {
                ++errors;
            }
        }
    }
    EXPECT_GT(errors, 300 * 6);  // nearly everything is refused, and nothing crashes (see the sanitizer build)
}

TEST(ParquetCodec, SurvivesDamagedStreams) {
    // Valid streams with one byte changed: the headers parse, and the decoders meet the damage deeper in.
    std::mt19937 random(777);
    const std::string data = big_text().substr(0, 20000);
    for (const Codec codec : all_codecs) {
        const std::string compressed = compress(codec, data);
        for (int round = 0; round < 200; ++round) {
            std::string damaged = compressed;
            damaged[random() % damaged.size()] = static_cast<char>(random() & 0xff);
            std::string out;
            try {
                decompress(codec, damaged, data.size(), out);
                EXPECT_EQ(out.size(), data.size());
            } catch (const Error&) {
            }
        }
    }
}

}  // namespace
}  // namespace seed::parquet
