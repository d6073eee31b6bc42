// Parquet's value and level encodings, decoded: PLAIN, the RLE/bit-packed hybrid (levels,
// booleans, dictionary indices), the legacy BIT_PACKED levels, DELTA_BINARY_PACKED,
// DELTA_LENGTH_BYTE_ARRAY, DELTA_BYTE_ARRAY and BYTE_STREAM_SPLIT. Every decoder checks its
// input's bounds and throws seed::Error saying what is wrong (the caller adds the place).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "metadata.hpp"

namespace seed::parquet {

// One decoded value, whatever its type: bytes for BYTE_ARRAY, FIXED_LEN_BYTE_ARRAY and INT96
// (a view into a page or dictionary buffer), an integer (BOOLEAN, INT32, INT64) or a double
// (FLOAT, DOUBLE).
struct Value {
    const char* data = nullptr;
    union {
        std::uint64_t size = 0;
        std::int64_t integer;
        double real;
    };
    std::string_view bytes() const { return {data, static_cast<std::size_t>(size)}; }
};

// Reads `count` values of the RLE/bit-packed hybrid with `bit_width` bits each (0..32).
class HybridDecoder {
public:
    HybridDecoder(std::string_view data, int bit_width);
    // Appends `count` values to `out`; throws when the data ends first.
    void decode(std::size_t count, std::uint32_t* out);

private:
    bool next_run();

    std::string_view data_;
    std::size_t pos_ = 0;
    int bit_width_;
    std::uint32_t run_value_ = 0;
    std::uint64_t run_left_ = 0;     // values left in the current RLE run
    std::uint64_t packed_left_ = 0;  // values left in the current bit-packed run
    std::uint64_t packed_bit_ = 0;   // bit position in data_ of the next packed value
};

// The number of bits needed for values up to max_value.
int bit_width_of(std::uint64_t max_value);

// Levels of a data page: `count` of them, each at most `max_level`, as `encoding` (RLE or
// BIT_PACKED) says. Levels above max_level are an error.
void decode_levels(std::string_view data, int encoding, int max_level, std::size_t count, std::uint8_t* out);

struct ColumnType {
    PhysicalType type = PhysicalType::int32;
    std::int32_t type_length = 0;  // FIXED_LEN_BYTE_ARRAY
};

// Decodes `count` values encoded as `encoding` from `data` into `out` (resized to count).
// Dictionary encodings are not handled here (see decode_dictionary_indices). DELTA_BYTE_ARRAY
// rebuilds its strings in `arena`, which must outlive the values.
void decode_values(std::string_view data, int encoding, const ColumnType& type, std::size_t count,
                   std::vector<Value>& out, std::string& arena);

// The indices of a dictionary-encoded page (bit width byte, then the hybrid), looked up in
// `dictionary` into `out`. An index out of the dictionary is an error.
void decode_dictionary_indices(std::string_view data, std::size_t count, const std::vector<Value>& dictionary,
                               std::vector<Value>& out);

}  // namespace seed::parquet
