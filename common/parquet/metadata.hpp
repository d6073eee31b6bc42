// A parquet file's metadata, as far as reading rows needs it: the footer (FileMetaData) and page
// headers, decoded from Thrift's compact protocol by hand (parquet.thrift's field numbers), with
// the schema made a tree whose leaves are the columns.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codec.hpp"

namespace seed::parquet {

enum class PhysicalType : int {
    boolean = 0,
    int32 = 1,
    int64 = 2,
    int96 = 3,
    float32 = 4,
    float64 = 5,
    byte_array = 6,
    fixed_len_byte_array = 7
};
enum class Repetition : int { required = 0, optional = 1, repeated = 2 };

// parquet.thrift's ConvertedType numbers (the legacy annotations).
namespace converted {
constexpr int utf8 = 0, map = 1, map_key_value = 2, list = 3, enum_ = 4, decimal = 5, date = 6, time_millis = 7,
              time_micros = 8, timestamp_millis = 9, timestamp_micros = 10, uint_8 = 11, uint_16 = 12, uint_32 = 13,
              uint_64 = 14, int_8 = 15, int_16 = 16, int_32 = 17, int_64 = 18, json = 19, bson = 20, interval = 21;
}

// What a value means beyond its physical type, from LogicalType or else ConvertedType.
enum class Meaning {
    none,
    string,  // STRING, ENUM, JSON (as text)
    map,
    list,
    decimal,
    date,
    time,
    timestamp,
    integer,  // INTEGER(bits, signed) / INT_* / UINT_*
    uuid,
    float16,
    unknown,  // NullType: only nulls
    unsupported,
};
enum class TimeUnit { millis, micros, nanos };

struct SchemaElement {
    std::string name;
    std::optional<PhysicalType> type;  // none: a group
    std::int32_t type_length = 0;
    Repetition repetition = Repetition::required;
    std::int32_t num_children = 0;
    std::optional<int> converted_type;
    std::int32_t scale = 0;
    std::int32_t precision = 0;
    Meaning meaning = Meaning::none;
    TimeUnit unit = TimeUnit::millis;  // time, timestamp
    bool utc = false;                  // timestamp: isAdjustedToUTC
    bool is_signed = true;             // integer
    std::string unsupported;           // the logical type's name, for Meaning::unsupported
};

struct ColumnMetaData {
    PhysicalType type = PhysicalType::int32;
    std::vector<int> encodings;
    std::vector<std::string> path;
    Codec codec = Codec::uncompressed;
    std::int64_t num_values = 0;
    std::int64_t total_uncompressed_size = 0;
    std::int64_t total_compressed_size = 0;
    std::int64_t data_page_offset = 0;
    std::optional<std::int64_t> dictionary_page_offset;
};

struct ColumnChunk {
    std::string file_path;  // another file holds the data (not supported)
    std::optional<ColumnMetaData> meta;
    bool encrypted = false;  // crypto_metadata or encrypted_column_metadata
};

struct RowGroup {
    std::vector<ColumnChunk> columns;
    std::int64_t num_rows = 0;
};

struct FileMetaData {
    std::int32_t version = 0;
    std::vector<SchemaElement> schema;  // depth first, the root first
    std::int64_t num_rows = 0;
    std::vector<RowGroup> row_groups;
    std::string created_by;
    bool encrypted = false;  // encryption_algorithm set (a plaintext footer of an encrypted file)
};

enum class PageType : int { data = 0, index = 1, dictionary = 2, data_v2 = 3 };

struct PageHeader {
    PageType type = PageType::data;
    std::int32_t uncompressed_size = 0;
    std::int32_t compressed_size = 0;
    // DATA_PAGE, DICTIONARY_PAGE and DATA_PAGE_V2 fields in one place.
    std::int32_t num_values = 0;
    std::int32_t num_nulls = 0;  // v2
    std::int32_t num_rows = 0;   // v2
    int encoding = 0;
    int definition_level_encoding = 3;  // RLE
    int repetition_level_encoding = 3;
    std::int32_t definition_levels_byte_length = 0;  // v2
    std::int32_t repetition_levels_byte_length = 0;  // v2
    bool is_compressed = true;                       // v2
    bool has_page_header = false;                    // the header for `type` was present
};

// The footer's FileMetaData. Throws seed::Error ("corrupt footer: ...") when the bytes are not one.
FileMetaData decode_file_metadata(std::string_view bytes);

// One page header at the start of `bytes`; `size` gets the header's length. Throws seed::Error
// ("corrupt page header: ...") when the bytes are not one (a header cut off included).
PageHeader decode_page_header(std::string_view bytes, std::size_t& size);

// "PLAIN", "RLE_DICTIONARY", ... or "encoding 12".
std::string encoding_name(int encoding);

// "INT32", "BYTE_ARRAY", ...
std::string type_name(PhysicalType type);

}  // namespace seed::parquet
