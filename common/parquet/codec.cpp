// Parquet's page compression codecs, undone: snappy, gzip (several members), zstd, brotli, lz4
// (raw blocks, and the Hadoop framing older writers used under the LZ4 codec).
//
// Every decoder writes into the page's buffer (`out`, sized first) through a bounded API, so no
// input can make it write past the page's size. Where a streaming decoder finds more data than the
// page says, it goes on into a small scratch buffer only to count how much more (up to a limit), so
// the message can say how long the data really is.
#include "codec.hpp"

#define ZLIB_CONST  // zlib's next_in as a pointer to const

#include <brotli/decode.h>
#include <lz4.h>
#include <snappy.h>
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

#include <algorithm>
#include <array>
#include <climits>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>

#include "error.hpp"

namespace seed::parquet {
namespace {

// How far past the page's size the streaming decoders go on counting before they give up and say "more than".
constexpr std::size_t overflow_count_limit = std::size_t{1} << 20;

std::string sizes_differ(Codec codec, std::size_t actual, std::size_t expected) {
    return codec_name(codec) + " data decompresses to " + std::to_string(actual) + " bytes, the page says " +
           std::to_string(expected);
}

std::string more_than(Codec codec, std::size_t counted, std::size_t expected) {
    return codec_name(codec) + " data decompresses to more than " + std::to_string(counted) + " bytes, the page says " +
           std::to_string(expected);
}

[[noreturn]] void corrupt(Codec codec, std::string_view detail = {}) {
    std::string message = "corrupt " + codec_name(codec) + " data";
    if (!detail.empty()) message.append(" (").append(detail).append(")");
    throw Error(message);
}

// Where a streaming decoder writes: the page's buffer first, then, once that is full, a scratch buffer
// that is only counted. A decoder asks for room, writes into it and says how much it wrote.
class Sink {
public:
    explicit Sink(std::string& out) : out_(out) {}

    // The next place to write; empty once the count is `overflow_count_limit` past the page's size.
    char* room() { return total_ < out_.size() ? out_.data() + total_ : scratch_.data(); }
    std::size_t room_size() const {
        if (total_ < out_.size()) return out_.size() - total_;
        return std::min(scratch_.size(), out_.size() + overflow_count_limit - total_);
    }
    void wrote(std::size_t n) { total_ += n; }
    bool full() const { return room_size() == 0; }

    // Throws unless the data came to exactly the page's size. `finished`: the stream ended.
    void check(Codec codec, bool finished) const {
        if (!finished) throw Error(more_than(codec, total_, out_.size()));
        if (total_ != out_.size()) throw Error(sizes_differ(codec, total_, out_.size()));
    }

private:
    std::string& out_;
    std::size_t total_ = 0;
    std::array<char, 16384> scratch_{};
};

void decompress_snappy(std::string_view in, std::string& out) {
    std::size_t length = 0;
    if (!snappy::GetUncompressedLength(in.data(), in.size(), &length)) corrupt(Codec::snappy);
    if (length != out.size()) {
        // The length leads the stream, so random bytes have one too: say "corrupt" unless the rest holds up.
        if (!snappy::IsValidCompressedBuffer(in.data(), in.size())) corrupt(Codec::snappy);
        throw Error(sizes_differ(Codec::snappy, length, out.size()));
    }
    // RawUncompress writes no more than the length in the stream's header (checked above) and fails
    // unless the data fills it exactly.
    if (!snappy::RawUncompress(in.data(), in.size(), out.data())) corrupt(Codec::snappy);
}

// zlib's stream, ended however the function leaves.
struct Inflater {
    z_stream stream{};
    Inflater() {
        // 15 + 32: the largest window, and a gzip or zlib header, whichever the data has.
        if (inflateInit2(&stream, 15 + 32) != Z_OK) throw Error("cannot start GZIP decompression (out of memory)");
    }
    ~Inflater() { inflateEnd(&stream); }
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;
};

constexpr std::size_t max_uint = UINT_MAX;

void decompress_gzip(std::string_view in, std::string& out) {
    Inflater inflater;
    z_stream& zs = inflater.stream;
    const auto* next_in = reinterpret_cast<const unsigned char*>(in.data());
    std::size_t left_in = in.size();  // not yet handed to zlib
    Sink sink(out);
    for (;;) {
        if (zs.avail_in == 0 && left_in > 0) {
            const std::size_t n = std::min(left_in, max_uint);
            zs.next_in = next_in;
            zs.avail_in = static_cast<uInt>(n);
            next_in += n;
            left_in -= n;
        }
        if (sink.full()) sink.check(Codec::gzip, false);
        const uInt room = static_cast<uInt>(std::min(sink.room_size(), max_uint));
        zs.next_out = reinterpret_cast<unsigned char*>(sink.room());
        zs.avail_out = room;
        const int result = inflate(&zs, Z_NO_FLUSH);
        sink.wrote(room - zs.avail_out);
        const bool input_done = zs.avail_in == 0 && left_in == 0;
        if (result == Z_STREAM_END) {
            if (input_done) break;
            // Another gzip member follows (a writer may concatenate several in one page).
            if (inflateReset(&zs) != Z_OK) corrupt(Codec::gzip);
            continue;
        }
        if (result == Z_OK) continue;
        // No progress: zlib has read everything it was given and wants more (or, in theory, gets stuck).
        if (result == Z_BUF_ERROR) corrupt(Codec::gzip, input_done ? "truncated" : "no progress");
        if (result == Z_NEED_DICT) corrupt(Codec::gzip, "needs a preset dictionary");
        if (result == Z_MEM_ERROR) throw Error("GZIP decompression: out of memory");
        corrupt(Codec::gzip, zs.msg != nullptr ? zs.msg : "");
    }
    sink.check(Codec::gzip, true);
}

// The decompressed size that the frame headers of `in` declare, when every frame declares one.
std::optional<std::size_t> zstd_declared_size(std::string_view in) {
    std::size_t total = 0;
    while (!in.empty()) {
        const std::size_t frame = ZSTD_findFrameCompressedSize(in.data(), in.size());
        if (ZSTD_isError(frame) != 0 || frame > in.size()) return std::nullopt;
        const unsigned long long size = ZSTD_getFrameContentSize(in.data(), in.size());
        if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR) return std::nullopt;
        if (size > SIZE_MAX - total) return std::nullopt;
        total += static_cast<std::size_t>(size);
        in.remove_prefix(frame);
    }
    return total;
}

void decompress_zstd(std::string_view in, std::string& out) {
    // The one-shot decoder decompresses straight into `out` (several frames one after the other) and
    // needs no window buffer, so a frame header that asks for a huge window costs nothing.
    const std::unique_ptr<ZSTD_DCtx, decltype(&ZSTD_freeDCtx)> context(ZSTD_createDCtx(), &ZSTD_freeDCtx);
    if (!context) throw Error("cannot start ZSTD decompression (out of memory)");
    const std::size_t result = ZSTD_decompressDCtx(context.get(), out.data(), out.size(), in.data(), in.size());
    if (ZSTD_isError(result) != 0) {
        if (ZSTD_getErrorCode(result) == ZSTD_error_dstSize_tooSmall) {
            const auto declared = zstd_declared_size(in);
            if (declared && *declared > out.size()) throw Error(sizes_differ(Codec::zstd, *declared, out.size()));
            throw Error(more_than(Codec::zstd, out.size(), out.size()));
        }
        corrupt(Codec::zstd, ZSTD_getErrorName(result));
    }
    if (result != out.size()) throw Error(sizes_differ(Codec::zstd, result, out.size()));
}

void decompress_brotli(std::string_view in, std::string& out) {
    const std::unique_ptr<BrotliDecoderState, decltype(&BrotliDecoderDestroyInstance)> state(
        BrotliDecoderCreateInstance(nullptr, nullptr, nullptr), &BrotliDecoderDestroyInstance);
    if (!state) throw Error("cannot start BROTLI decompression (out of memory)");
    std::size_t avail_in = in.size();
    const auto* next_in = reinterpret_cast<const std::uint8_t*>(in.data());
    Sink sink(out);
    for (;;) {
        if (sink.full()) sink.check(Codec::brotli, false);
        const std::size_t room = sink.room_size();
        std::size_t avail_out = room;
        auto* next_out = reinterpret_cast<std::uint8_t*>(sink.room());
        const BrotliDecoderResult result =
            BrotliDecoderDecompressStream(state.get(), &avail_in, &next_in, &avail_out, &next_out, nullptr);
        sink.wrote(room - avail_out);
        switch (result) {
            case BROTLI_DECODER_RESULT_SUCCESS:
                if (avail_in != 0) corrupt(Codec::brotli, "data after the end of the stream");
                sink.check(Codec::brotli, true);
                return;
            case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT: continue;
            case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT: corrupt(Codec::brotli, "truncated");
            case BROTLI_DECODER_RESULT_ERROR:
                corrupt(Codec::brotli, BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state.get())));
        }
        corrupt(Codec::brotli);  // a result the library does not document
    }
}

// One raw LZ4 block into `size` bytes at `dst`: the number of bytes it holds, or nullopt when it is
// corrupt or holds more than `size` bytes (LZ4 cannot tell the two apart).
std::optional<std::size_t> lz4_block(std::string_view in, char* dst, std::size_t size) {
    if (in.size() > INT_MAX || size > INT_MAX) return std::nullopt;
    const int result = LZ4_decompress_safe(in.data(), dst, static_cast<int>(in.size()), static_cast<int>(size));
    if (result < 0) return std::nullopt;
    return static_cast<std::size_t>(result);
}

void decompress_lz4_raw(Codec codec, std::string_view in, std::string& out) {
    if (in.size() > INT_MAX || out.size() > INT_MAX) {
        throw Error(codec_name(codec) + " block too large (" + std::to_string(in.size()) + " bytes to " +
                    std::to_string(out.size()) + ")");
    }
    const auto size = lz4_block(in, out.data(), out.size());
    if (!size) {
        throw Error("corrupt " + codec_name(codec) + " data, or it decompresses to more than the page's " +
                    std::to_string(out.size()) + " bytes");
    }
    if (*size != out.size()) throw Error(sizes_differ(codec, *size, out.size()));
}

std::uint32_t big_endian_u32(const char* p) {
    std::uint32_t value = 0;
    for (int i = 0; i < 4; ++i) value = (value << 8) | static_cast<unsigned char>(p[i]);
    return value;
}

// Hadoop's framing: frames to the end of the input, each a big-endian u32 decompressed size, a
// big-endian u32 compressed size and that many bytes of one raw LZ4 block. The total the frame
// headers declare, when they cover the input exactly; nullopt when they do not (no Hadoop framing).
std::optional<std::uint64_t> hadoop_declared_size(std::string_view in) {
    if (in.empty()) return std::nullopt;
    std::uint64_t total = 0;
    while (in.size() >= 8) {
        const std::uint32_t decompressed = big_endian_u32(in.data());
        const std::uint32_t compressed = big_endian_u32(in.data() + 4);
        in.remove_prefix(8);
        if (compressed > in.size()) return std::nullopt;
        in.remove_prefix(compressed);
        total += decompressed;
    }
    if (!in.empty()) return std::nullopt;
    return total;
}

// Decodes the Hadoop frames of `in` (whose headers declare out.size() bytes in all); false when a frame
// does not decode to exactly the size its header says.
bool decode_hadoop(std::string_view in, std::string& out) {
    std::size_t at = 0;
    while (!in.empty()) {
        const std::uint32_t decompressed = big_endian_u32(in.data());
        const std::uint32_t compressed = big_endian_u32(in.data() + 4);
        in.remove_prefix(8);
        const auto size = lz4_block(in.substr(0, compressed), out.data() + at, decompressed);
        if (size != decompressed) return false;
        in.remove_prefix(compressed);
        at += decompressed;
    }
    return true;
}

// The deprecated LZ4 codec, as Apache Arrow reads it: the Hadoop framing when it fits the input and
// the page's size exactly, else the whole input as one raw LZ4 block (what older parquet-cpp wrote).
void decompress_lz4_hadoop(std::string_view in, std::string& out) {
    const auto declared = hadoop_declared_size(in);
    if (declared && *declared == out.size() && decode_hadoop(in, out)) return;
    try {
        decompress_lz4_raw(Codec::lz4, in, out);
    } catch (const Error&) {
        // The frame headers fit the input, so the data is most likely Hadoop-framed: say what is wrong with that.
        if (declared && *declared != out.size()) {
            throw Error(sizes_differ(Codec::lz4, static_cast<std::size_t>(*declared), out.size()));
        }
        if (declared) corrupt(Codec::lz4);
        throw;
    }
}

}  // namespace

std::string codec_name(Codec codec) {
    switch (codec) {
        case Codec::uncompressed: return "UNCOMPRESSED";
        case Codec::snappy: return "SNAPPY";
        case Codec::gzip: return "GZIP";
        case Codec::lzo: return "LZO";
        case Codec::brotli: return "BROTLI";
        case Codec::lz4: return "LZ4";
        case Codec::zstd: return "ZSTD";
        case Codec::lz4_raw: return "LZ4_RAW";
    }
    return "codec " + std::to_string(static_cast<int>(codec));
}

// An unsupported codec throws even for an empty page, so a column fails the same way whatever its pages hold.
void decompress(Codec codec, std::string_view in, std::size_t uncompressed_size, std::string& out) {
    switch (codec) {
        case Codec::uncompressed:
        case Codec::snappy:
        case Codec::gzip:
        case Codec::brotli:
        case Codec::lz4:
        case Codec::zstd:
        case Codec::lz4_raw: break;
        case Codec::lzo: throw Error("LZO compression is not supported");
        default: throw Error("compression codec " + std::to_string(static_cast<int>(codec)) + " is not supported");
    }
    if (codec == Codec::uncompressed && in.size() != uncompressed_size) {
        throw Error("UNCOMPRESSED data is " + std::to_string(in.size()) + " bytes, the page says " +
                    std::to_string(uncompressed_size));
    }
    out.resize(uncompressed_size);
    // No values, no bytes: a data page v2 may hold no compressed bytes at all, which no codec's
    // format would accept as a stream.
    if (in.empty() && uncompressed_size == 0) return;
    switch (codec) {
        case Codec::uncompressed: std::memcpy(out.data(), in.data(), in.size()); return;
        case Codec::snappy: decompress_snappy(in, out); return;
        case Codec::gzip: decompress_gzip(in, out); return;
        case Codec::brotli: decompress_brotli(in, out); return;
        case Codec::lz4: decompress_lz4_hadoop(in, out); return;
        case Codec::zstd: decompress_zstd(in, out); return;
        case Codec::lz4_raw: decompress_lz4_raw(Codec::lz4_raw, in, out); return;
        case Codec::lzo: break;
    }
}

}  // namespace seed::parquet
