// A libFuzzer target for the parquet reader (tests/fuzz/run.sh builds and runs it). Each input is
// read as a whole parquet file, row by row, and its bytes are also fed to the footer and page
// header decoders and to the value and level decoders. seed::Error is the only way out allowed:
// any other exception, a sanitizer report, a row that is not a JSON object or a decoder that
// claims more bytes than it was given crashes the fuzzer.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "encoding.hpp"
#include "error.hpp"
#include "json.hpp"
#include "metadata.hpp"
#include "reader.hpp"

namespace {

namespace pq = seed::parquet;

[[noreturn]] void broken(const char* what, std::string_view detail) {
    std::fprintf(stderr, "parquet_fuzz: %s: %.*s\n", what, static_cast<int>(detail.size() > 400 ? 400 : detail.size()),
                 detail.data());
    std::abort();
}

// Touches every byte a value views, so that a view outside its buffer is an ASAN report.
volatile std::uint8_t sink;

void touch(const std::vector<pq::Value>& values, pq::PhysicalType type) {
    if (type != pq::PhysicalType::byte_array && type != pq::PhysicalType::fixed_len_byte_array &&
        type != pq::PhysicalType::int96) {
        return;
    }
    std::uint8_t sum = 0;
    for (const pq::Value& v : values) {
        if (v.size == 0) continue;
        if (v.data == nullptr) broken("a value of bytes with no data", "");
        for (const char c : v.bytes()) sum = static_cast<std::uint8_t>(sum + static_cast<std::uint8_t>(c));
    }
    sink = sum;
}

void read_rows(std::string_view bytes) {
    const pq::Limits limits{.max_page_bytes = 16 << 20, .max_page_values = 1 << 20};
    try {
        pq::WholeFileRows rows("fuzz", bytes, {}, limits);
        std::string out;
        std::vector<seed::json::Member> members;
        for (;;) {
            out.clear();
            if (!rows.next(out)) break;
            if (const auto error = seed::json::scan_object(out, members)) {
                broken("a row that is not a JSON object", error->message + ": " + out);
            }
        }
    } catch (const seed::Error&) {
    }
}

void decode_metadata(std::string_view bytes) {
    for (const std::size_t at : {std::size_t{0}, std::size_t{4}}) {
        if (at > bytes.size()) break;
        try {
            std::size_t size = 0;
            (void)pq::decode_page_header(bytes.substr(at), size);
            if (size > bytes.size() - at) broken("a page header longer than its bytes", "");
        } catch (const seed::Error&) {
        }
    }
    if (bytes.size() >= 8) {
        try {
            (void)pq::decode_file_metadata(bytes.substr(0, bytes.size() - 8));
        } catch (const seed::Error&) {
        }
    }
}

// The value and level decoders, with a type, encoding and count from the first 4 bytes:
// byte 0: bits 0-2 the physical type, bits 3-5 the encoding, byte 1-2 the count (up to 4096),
// byte 3 the FIXED_LEN_BYTE_ARRAY length, bit width and most level.
void decode_encodings(std::string_view bytes) {
    if (bytes.size() < 4) return;
    const auto b0 = static_cast<std::uint8_t>(bytes[0]);
    const auto b3 = static_cast<std::uint8_t>(bytes[3]);
    const std::size_t count =
        ((static_cast<std::size_t>(static_cast<std::uint8_t>(bytes[1])) << 8) | static_cast<std::uint8_t>(bytes[2])) %
        4097;
    const std::string_view data = bytes.substr(4);
    // PLAIN, RLE, the DELTA_*, BYTE_STREAM_SPLIT, BIT_PACKED (not a value encoding), a dictionary's indices
    static constexpr int encodings[8] = {0, 3, 5, 6, 7, 9, 4, 8};
    const auto type = static_cast<pq::PhysicalType>(b0 & 7);
    const int encoding = encodings[(b0 >> 3) & 7];
    const pq::ColumnType column{type, b3};

    std::vector<pq::Value> values;
    std::string arena;
    try {
        if (encoding == 8) {
            // A small dictionary of the column's type, then the indices into it.
            std::vector<pq::Value> dictionary;
            std::string dictionary_arena;
            pq::decode_values(data, 0, column, b3 % 5, dictionary, dictionary_arena);
            touch(dictionary, type);
            pq::decode_dictionary_indices(data, count, dictionary, values);
        } else {
            pq::decode_values(data, encoding, column, count, values, arena);
        }
        if (values.size() != count) broken("decode_values gave the wrong number of values", "");
        touch(values, type);
    } catch (const seed::Error&) {
    }

    // (An RLE run's value may be wider than the bit width: its callers check the values' range.)
    std::vector<std::uint32_t> hybrid(count);
    try {
        pq::HybridDecoder(data, b3 % 33).decode(count, hybrid.data());
    } catch (const seed::Error&) {
    }

    std::vector<std::uint8_t> levels(count);
    try {
        pq::decode_levels(data, (b0 & 0x40) ? 4 : 3, b3, count, levels.data());
        for (const std::uint8_t level : levels) {
            if (level > b3) broken("a level above the most", "");
        }
    } catch (const seed::Error&) {
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    read_rows(bytes);
    decode_metadata(bytes);
    decode_encodings(bytes);
    return 0;
}
