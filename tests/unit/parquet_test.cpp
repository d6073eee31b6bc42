// The parquet reader (common/parquet): Thrift compact metadata built byte by byte (ParquetThrift),
// the value and level encodings on hand-encoded input (ParquetEncoding), and rows read from the
// Apache parquet-testing conformance files, from files written here by hand, and from corrupt
// variants of both (ParquetReader).
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "encoding.hpp"
#include "error.hpp"
#include "metadata.hpp"
#include "reader.hpp"
#include "test_support.hpp"

namespace seed::parquet {
namespace {

using seed::testing::contents;
using seed::testing::error_of;

// ---------------------------------------------------------------------------------------------
// Bytes.

std::string bytes_of(std::initializer_list<int> list) {
    std::string out;
    for (const int b : list) out += static_cast<char>(static_cast<std::uint8_t>(b));
    return out;
}

void put_varint(std::string& out, std::uint64_t v) {
    while (v >= 0x80) {
        out += static_cast<char>((v & 0x7f) | 0x80);
        v >>= 7;
    }
    out += static_cast<char>(v);
}

std::uint64_t zigzag(std::int64_t v) {
    return (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
}

void put_zigzag(std::string& out, std::int64_t v) { put_varint(out, zigzag(v)); }

void put_le(std::string& out, std::uint64_t v, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

std::string le32(std::uint32_t v) {
    std::string out;
    put_le(out, v, 4);
    return out;
}

// Values of `width` bits packed least significant bit first (the hybrid's and the delta
// encoding's bit-packing), padded with zero bits to a whole byte.
std::string pack_lsb(const std::vector<std::uint64_t>& values, int width) {
    std::string out((values.size() * static_cast<std::size_t>(width) + 7) / 8, '\0');
    std::size_t bit = 0;
    for (const std::uint64_t v : values) {
        for (int b = 0; b < width; ++b, ++bit) {
            if ((v >> b) & 1)
                out[bit / 8] = static_cast<char>(static_cast<std::uint8_t>(out[bit / 8]) | (1u << (bit % 8)));
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// The RLE/bit-packed hybrid, written.

// An RLE run: `count` times `value`, the value in round-up(width / 8) bytes.
std::string rle_run(std::uint64_t count, std::uint64_t value, int width) {
    std::string out;
    put_varint(out, count << 1);
    put_le(out, value, static_cast<std::size_t>((width + 7) / 8));
    return out;
}

// A bit-packed run of `values` (a multiple of 8 of them).
std::string packed_run(const std::vector<std::uint64_t>& values, int width) {
    std::string out;
    put_varint(out, (values.size() / 8) << 1 | 1);
    return out + pack_lsb(values, width);
}

// ---------------------------------------------------------------------------------------------
// DELTA_BINARY_PACKED, written (blocks of `block` values in `miniblocks` miniblocks; deltas wrap
// at 32 bits for INT32 as at 64 for INT64). `padded`: the last miniblock has all its bytes.

std::string delta_encode(const std::vector<std::int64_t>& values, bool int32, std::uint64_t block = 128,
                         std::uint64_t miniblocks = 4, bool padded = true) {
    std::string out;
    put_varint(out, block);
    put_varint(out, miniblocks);
    put_varint(out, values.size());
    put_zigzag(out, values.empty() ? 0 : values[0]);
    std::vector<std::int64_t> deltas;
    for (std::size_t i = 1; i < values.size(); ++i) {
        const std::uint64_t d = static_cast<std::uint64_t>(values[i]) - static_cast<std::uint64_t>(values[i - 1]);
        deltas.push_back(int32 ? static_cast<std::int32_t>(static_cast<std::uint32_t>(d))
                               : static_cast<std::int64_t>(d));
    }
    const std::uint64_t per_mini = block / miniblocks;
    for (std::size_t start = 0; start < deltas.size(); start += block) {
        const std::size_t end = std::min<std::size_t>(deltas.size(), start + block);
        const std::int64_t min_delta = *std::min_element(deltas.begin() + static_cast<std::ptrdiff_t>(start),
                                                         deltas.begin() + static_cast<std::ptrdiff_t>(end));
        put_zigzag(out, min_delta);
        std::string widths;
        std::string bodies;
        for (std::uint64_t m = 0; m < miniblocks; ++m) {
            const std::size_t from = start + m * per_mini;
            if (from >= end) {
                widths += '\0';  // not needed: no body
                continue;
            }
            std::vector<std::uint64_t> relative(per_mini, 0);
            const std::size_t to = std::min<std::size_t>(end, from + per_mini);
            for (std::size_t i = from; i < to; ++i) {
                relative[i - from] = static_cast<std::uint64_t>(deltas[i]) - static_cast<std::uint64_t>(min_delta);
            }
            int width = 0;
            for (const std::uint64_t r : relative) width = std::max(width, bit_width_of(r));
            widths += static_cast<char>(width);
            std::string body = pack_lsb(relative, width);
            if (!padded && to == deltas.size()) body.resize(((to - from) * static_cast<std::size_t>(width) + 7) / 8);
            bodies += body;
        }
        out += widths + bodies;
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Thrift's compact protocol, written.

enum : int {
    t_true = 1,
    t_false = 2,
    t_byte = 3,
    t_i16 = 4,
    t_i32 = 5,
    t_i64 = 6,
    t_double = 7,
    t_binary = 8,
    t_list = 9,
    t_set = 10,
    t_map = 11,
    t_struct = 12,
};

// One struct's bytes. Field headers take the short form (the id as a delta of 1..15 from the
// field before) unless the long form is asked for or needed; struct fields and struct elements
// of lists open a level of ids that end() closes with its stop byte.
class Compact {
public:
    Compact& field(int id, int type, bool long_form = false) {
        const int delta = id - ids_.back();
        if (!long_form && delta > 0 && delta <= 15) {
            out_ += static_cast<char>(delta << 4 | type);
        } else {
            out_ += static_cast<char>(type);
            put_zigzag(out_, id);
        }
        ids_.back() = id;
        return *this;
    }
    Compact& i8(int id, int v) {
        field(id, t_byte);
        out_ += static_cast<char>(v);
        return *this;
    }
    Compact& i16(int id, std::int64_t v) {
        field(id, t_i16);
        put_zigzag(out_, v);
        return *this;
    }
    Compact& i32(int id, std::int64_t v, bool long_form = false) {
        field(id, t_i32, long_form);
        put_zigzag(out_, v);
        return *this;
    }
    Compact& i64(int id, std::int64_t v) {
        field(id, t_i64);
        put_zigzag(out_, v);
        return *this;
    }
    Compact& boolean(int id, bool v) { return field(id, v ? t_true : t_false); }
    Compact& real(int id, double v) {
        field(id, t_double);
        put_le(out_, std::bit_cast<std::uint64_t>(v), 8);
        return *this;
    }
    Compact& binary(int id, std::string_view s) {
        field(id, t_binary);
        return raw_binary(s);
    }
    // A struct field; its fields follow, then end().
    Compact& begin(int id, bool long_form = false) {
        field(id, t_struct, long_form);
        ids_.push_back(0);
        return *this;
    }
    Compact& end() {
        out_ += '\0';
        ids_.pop_back();
        return *this;
    }
    // A list (or set) field's header; its elements follow.
    Compact& list(int id, int element_type, std::size_t size, bool long_size = false, int type = t_list) {
        field(id, type);
        return list_header(element_type, size, long_size);
    }
    Compact& list_header(int element_type, std::size_t size, bool long_size = false) {
        if (size < 15 && !long_size) {
            out_ += static_cast<char>(static_cast<int>(size) << 4 | element_type);
        } else {
            out_ += static_cast<char>(0xf0 | element_type);
            put_varint(out_, size);
        }
        return *this;
    }
    // A map field's header; its keys and values follow.
    Compact& map(int id, int key_type, int value_type, std::size_t size) {
        field(id, t_map);
        put_varint(out_, size);
        if (size > 0) out_ += static_cast<char>(key_type << 4 | value_type);
        return *this;
    }
    // A struct element of a list or map; its fields follow, then end().
    Compact& element() {
        ids_.push_back(0);
        return *this;
    }
    Compact& zigzag_value(std::int64_t v) {
        put_zigzag(out_, v);
        return *this;
    }
    Compact& raw_binary(std::string_view s) {
        put_varint(out_, s.size());
        out_ += s;
        return *this;
    }
    Compact& raw(std::string_view bytes) {
        out_ += bytes;
        return *this;
    }
    std::size_t size() const { return out_.size(); }
    // The struct's bytes, with its stop.
    std::string finish() const { return out_ + '\0'; }

private:
    std::string out_;
    std::vector<int> ids_{0};
};

// parquet.thrift's numbers used below.
constexpr int plain = 0, rle = 3, bit_packed = 4, delta_binary_packed = 5, delta_length_byte_array = 6,
              delta_byte_array = 7, rle_dictionary = 8, byte_stream_split = 9;

std::string page_header_error(std::string_view bytes) {
    return error_of([&] {
        std::size_t size = 0;
        (void)decode_page_header(bytes, size);
    });
}

// ---------------------------------------------------------------------------------------------
// ParquetThrift: page headers.

TEST(ParquetThrift, DataPageHeader) {
    Compact c;
    c.i32(1, 0).i32(2, 100).i32(3, 80).i32(4, -12345);  // type, sizes, crc
    c.begin(5).i32(1, 10).i32(2, rle_dictionary).i32(3, rle).i32(4, bit_packed);
    c.begin(5).binary(1, "max").binary(2, "min").i64(3, 0).i64(4, 7).end();  // statistics: skipped
    c.end();
    const std::string header = c.finish();
    std::size_t size = 0;
    const PageHeader h = decode_page_header(header + "page body bytes", size);
    EXPECT_EQ(size, header.size());
    EXPECT_EQ(h.type, PageType::data);
    EXPECT_EQ(h.uncompressed_size, 100);
    EXPECT_EQ(h.compressed_size, 80);
    EXPECT_EQ(h.num_values, 10);
    EXPECT_EQ(h.encoding, rle_dictionary);
    EXPECT_EQ(h.definition_level_encoding, rle);
    EXPECT_EQ(h.repetition_level_encoding, bit_packed);
    EXPECT_TRUE(h.has_page_header);
    EXPECT_TRUE(h.is_compressed);

    // The same with the first bytes spelled out: field 1 (delta 1, i32) = zigzag 0, field 2 = 100
    // (zigzag 200: c8 01), field 3 = 80 (zigzag 160: a0 01).
    EXPECT_EQ(header.substr(0, 7), bytes_of({0x15, 0x00, 0x15, 0xc8, 0x01, 0x15, 0xa0}));
}

TEST(ParquetThrift, DictionaryPageHeader) {
    Compact c;
    c.i32(1, 2).i32(2, 20).i32(3, 20);
    c.begin(7).i32(1, 5).i32(2, plain).boolean(3, true).end();  // is_sorted: a bool in the type nibble
    const std::string header = c.finish();
    EXPECT_EQ(header.substr(header.size() - 5), bytes_of({0x15, 0x00, 0x11, 0x00, 0x00}));
    std::size_t size = 0;
    const PageHeader h = decode_page_header(header + std::string(20, 'x'), size);
    EXPECT_EQ(size, header.size());
    EXPECT_EQ(h.type, PageType::dictionary);
    EXPECT_EQ(h.uncompressed_size, 20);
    EXPECT_EQ(h.compressed_size, 20);
    EXPECT_EQ(h.num_values, 5);
    EXPECT_EQ(h.encoding, plain);
    EXPECT_TRUE(h.has_page_header);
}

TEST(ParquetThrift, DataPageV2Header) {
    Compact c;
    c.i32(1, 3).i32(2, 300).i32(3, 290);
    c.begin(8).i32(1, 12).i32(2, 2).i32(3, 4).i32(4, delta_binary_packed).i32(5, 7).i32(6, 3).boolean(7, false);
    c.begin(8).i64(3, 2).end();  // statistics
    c.end();
    const std::string header = c.finish();
    std::size_t size = 0;
    const PageHeader h = decode_page_header(header, size);
    EXPECT_EQ(size, header.size());
    EXPECT_EQ(h.type, PageType::data_v2);
    EXPECT_EQ(h.uncompressed_size, 300);
    EXPECT_EQ(h.compressed_size, 290);
    EXPECT_EQ(h.num_values, 12);
    EXPECT_EQ(h.num_nulls, 2);
    EXPECT_EQ(h.num_rows, 4);
    EXPECT_EQ(h.encoding, delta_binary_packed);
    EXPECT_EQ(h.definition_levels_byte_length, 7);
    EXPECT_EQ(h.repetition_levels_byte_length, 3);
    EXPECT_FALSE(h.is_compressed);
    EXPECT_TRUE(h.has_page_header);

    // is_compressed true, and absent (its default: true).
    Compact t;
    t.i32(1, 3).i32(2, 1).i32(3, 1).begin(8);
    t.i32(1, 1).i32(2, 0).i32(3, 1).i32(4, 0).i32(5, 0).i32(6, 0).boolean(7, true).end();
    EXPECT_TRUE(decode_page_header(t.finish(), size).is_compressed);
    Compact d;
    d.i32(1, 3).i32(2, 1).i32(3, 1).begin(8);
    d.i32(1, 1).i32(2, 0).i32(3, 1).i32(4, 0).i32(5, 0).i32(6, 0).end();
    EXPECT_TRUE(decode_page_header(d.finish(), size).is_compressed);
}

TEST(ParquetThrift, LongFormFieldIds) {
    // Every field header in the long form (type nibble, delta 0, then the id as a zigzag i16).
    Compact c;
    c.i32(1, 0, true).i32(2, 64, true).i32(3, 64, true);
    c.begin(5, true).i32(1, 16, true).i32(2, plain, true).end();
    const std::string header = c.finish();
    EXPECT_EQ(header.substr(0, 3), bytes_of({0x05, 0x02, 0x00}));
    std::size_t size = 0;
    const PageHeader h = decode_page_header(header, size);
    EXPECT_EQ(size, header.size());
    EXPECT_EQ(h.uncompressed_size, 64);
    EXPECT_EQ(h.num_values, 16);
    EXPECT_TRUE(h.has_page_header);
}

// A DATA_PAGE header with a field from the future (id 30), which `write` writes.
std::string header_with_future_field(const std::function<void(Compact&)>& write) {
    Compact c;
    c.i32(1, 0).i32(2, 8).i32(3, 8);
    write(c);
    c.begin(5).i32(1, 2).i32(2, plain).end();
    return c.finish();
}

TEST(ParquetThrift, UnknownFieldsAreSkipped) {
    const std::vector<std::function<void(Compact&)>> futures{
        [](Compact& c) {  // a struct of every type
            c.begin(30).i8(1, -3).i16(2, -300).i32(3, 70000).i64(4, -(std::int64_t{1} << 40)).real(5, 2.5);
            c.binary(6, "text").boolean(7, true).boolean(8, false).begin(9).binary(1, "inner").end();
            c.field(13, 13).raw(std::string(16, 'u'));  // a UUID: 16 bytes
            c.end();
        },
        [](Compact& c) {  // a list of 20 i32 (the long size form)
            c.list(30, t_i32, 20);
            for (int i = 0; i < 20; ++i) c.zigzag_value(i * 1000);
        },
        [](Compact& c) {  // a list of structs, each with a list of booleans (a byte each)
            c.list(30, t_struct, 2);
            c.element().list(1, t_true, 3).raw(bytes_of({1, 2, 1})).end();
            c.element().binary(2, "b").end();
        },
        [](Compact& c) {  // a map of binary to struct
            c.map(30, t_binary, t_struct, 2);
            c.raw_binary("k1").element().i32(1, 1).end();
            c.raw_binary("k2").element().list(2, t_binary, 1).raw_binary("v").end();
        },
        [](Compact& c) { c.map(30, t_i32, t_i32, 0); },  // an empty map: no type byte
        [](Compact& c) { c.list(30, t_i64, 2, false, t_set).zigzag_value(-1).zigzag_value(1); },  // a set
        [](Compact& c) { c.list(30, t_double, 1, true).raw(std::string(8, '\0')); },              // a long size of 1
    };
    for (std::size_t i = 0; i < futures.size(); ++i) {
        SCOPED_TRACE(i);
        const std::string header = header_with_future_field(futures[i]);
        std::size_t size = 0;
        const PageHeader h = decode_page_header(header + "body", size);
        EXPECT_EQ(size, header.size());
        EXPECT_EQ(h.type, PageType::data);
        EXPECT_EQ(h.uncompressed_size, 8);
        EXPECT_EQ(h.num_values, 2);
        EXPECT_EQ(h.encoding, plain);
        EXPECT_TRUE(h.has_page_header);
    }
}

TEST(ParquetThrift, PageHeaderErrors) {
    Compact valid;
    valid.i32(1, 0).i32(2, 100).i32(3, 80).begin(5).i32(1, 10).i32(2, 0).i32(3, 3).i32(4, 3).end();
    const std::string header = valid.finish();
    EXPECT_EQ(page_header_error(""), "corrupt page header: cut off at byte 0");
    EXPECT_EQ(page_header_error(header.substr(0, 1)), "corrupt page header: cut off at byte 1");
    for (std::size_t n = 0; n < header.size(); ++n) {
        EXPECT_EQ(page_header_error(header.substr(0, n)).rfind("corrupt page header: cut off at byte ", 0), 0u) << n;
    }

    // Eleven bytes of varint.
    EXPECT_EQ(page_header_error(bytes_of({0x15, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})),
              "corrupt page header: a varint longer than 10 bytes at byte 11");
    // Ten bytes is the most a 64-bit varint takes (the i32 then is out of range).
    EXPECT_EQ(page_header_error(bytes_of({0x15, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x00})),
              "corrupt page header: an i32 out of range at byte 11");

    // Structs nested 100 deep in an unknown field: the 64th level of nesting is the last.
    Compact deep;
    deep.i32(1, 0).i32(2, 1).i32(3, 1);
    const std::size_t before = deep.size();
    deep.begin(30);
    for (int i = 0; i < 100; ++i) deep.begin(1);
    for (int i = 0; i < 101; ++i) deep.end();
    // The top-level struct is level 1; field 30's struct (2 bytes of header) level 2; the struct
    // of level 65 opens after 63 more one-byte headers.
    EXPECT_EQ(page_header_error(deep.finish()),
              "corrupt page header: nesting deeper than 64 at byte " + std::to_string(before + 2 + 63));
    // Field 30's struct and 62 nested in it (levels 2 to 64) are fine.
    Compact ok;
    ok.i32(1, 0).i32(2, 1).i32(3, 1).begin(30);
    for (int i = 0; i < 62; ++i) ok.begin(1);
    for (int i = 0; i < 63; ++i) ok.end();
    ok.begin(5).i32(1, 1).i32(2, 0).end();
    std::size_t size = 0;
    EXPECT_EQ(decode_page_header(ok.finish(), size).num_values, 1);
    // Lists of lists nest too.
    Compact lists;
    lists.i32(1, 0).i32(2, 1).i32(3, 1).list(30, t_list, 1);
    for (int i = 0; i < 100; ++i) lists.list_header(t_list, 1);
    lists.list_header(t_i32, 0);
    EXPECT_EQ(page_header_error(lists.finish()).rfind("corrupt page header: nesting deeper than 64 at byte ", 0), 0u);

    Compact negative;
    negative.i32(1, 0).i32(2, -1).i32(3, 10);
    const std::string negative_bytes = negative.finish();
    EXPECT_EQ(page_header_error(negative_bytes),
              "corrupt page header: a negative page size at byte " + std::to_string(negative_bytes.size()));
    Compact negative2;
    negative2.i32(1, 0).i32(2, 10).i32(3, -10);
    EXPECT_EQ(page_header_error(negative2.finish()).rfind("corrupt page header: a negative page size at byte ", 0), 0u);

    Compact untyped;
    untyped.i32(2, 10).i32(3, 10).begin(5).i32(1, 1).end();
    const std::string untyped_bytes = untyped.finish();
    EXPECT_EQ(page_header_error(untyped_bytes),
              "corrupt page header: no page type at byte " + std::to_string(untyped_bytes.size()));

    Compact unknown_type;
    unknown_type.i32(1, 7);
    EXPECT_EQ(page_header_error(unknown_type.finish()), "corrupt page header: an unknown page type 7 at byte 2");

    // A field of a type Thrift does not have, a known field of the wrong type, a list longer
    // than the bytes left.
    EXPECT_EQ(page_header_error(bytes_of({0x15, 0x00, 0x0e, 0x3c, 0x00})),
              "corrupt page header: an unknown Thrift type 14 at byte 4");
    Compact wrong;
    wrong.binary(1, "DATA");
    EXPECT_EQ(page_header_error(wrong.finish()), "corrupt page header: field type has Thrift type 8 at byte 1");
    Compact long_list;
    long_list.i32(1, 0).list(30, t_i32, 1000);
    const std::string long_list_bytes = long_list.finish();
    EXPECT_EQ(page_header_error(long_list_bytes), "corrupt page header: a list longer than the bytes left at byte " +
                                                      std::to_string(long_list_bytes.size() - 1));
    Compact long_string;
    long_string.i32(1, 0).field(30, t_binary);
    long_string.zigzag_value(50);  // the varint 100: a string of 100 bytes, none of them there
    EXPECT_EQ(
        page_header_error(long_string.finish()).rfind("corrupt page header: a string longer than the bytes left", 0),
        0u);
}

// ---------------------------------------------------------------------------------------------
// ParquetThrift: the footer.

// A SchemaElement's bytes: `fields` writes its fields (in id order).
std::string schema_element(const std::function<void(Compact&)>& fields) {
    Compact c;
    fields(c);
    return c.finish();
}

// A LogicalType union holding field `id`, whose struct `fields` writes.
void logical(Compact& c, int id, const std::function<void(Compact&)>& fields = {}) {
    c.begin(10).begin(id);
    if (fields) fields(c);
    c.end().end();
}

// The FileMetaData the metadata test decodes.
std::string sample_footer() {
    std::vector<std::string> schema;
    auto leaf = [&](const char* name, int type, int repetition, const std::function<void(Compact&)>& more = {}) {
        schema.push_back(schema_element([&](Compact& c) {
            c.i32(1, type);
            if (type == 7) c.i32(2, 16);
            c.i32(3, repetition).binary(4, name);
            if (more) more(c);
        }));
    };
    schema.push_back(schema_element([](Compact& c) { c.binary(4, "schema").i32(5, 17); }));
    leaf("id", 2, 0);
    schema.push_back(schema_element([](Compact& c) { c.i32(3, 1).binary(4, "g").i32(5, 2); }));
    leaf("s", 6, 1, [](Compact& c) { c.i32(6, converted::utf8); });
    leaf("t", 6, 1, [](Compact& c) { logical(c, 1); });
    leaf("dec", 7, 1, [](Compact& c) { logical(c, 5, [](Compact& d) { d.i32(1, 2).i32(2, 30); }); });
    leaf("dec_old", 1, 1, [](Compact& c) { c.i32(6, converted::decimal).i32(7, 3).i32(8, 9); });
    leaf("ts", 2, 1,
         [](Compact& c) { logical(c, 8, [](Compact& t) { t.boolean(1, false).begin(2).begin(3).end().end(); }); });
    leaf("ts_old", 2, 1, [](Compact& c) { c.i32(6, converted::timestamp_micros); });
    leaf("ts_ms", 2, 1, [](Compact& c) {
        // ConvertedType TIMESTAMP_MICROS beside a LogicalType of millis: the LogicalType wins.
        c.i32(6, converted::timestamp_micros);
        logical(c, 8, [](Compact& t) { t.boolean(1, true).begin(2).begin(1).end().end(); });
    });
    leaf("time_us", 1, 1,
         [](Compact& c) { logical(c, 7, [](Compact& t) { t.boolean(1, true).begin(2).begin(2).end().end(); }); });
    leaf("u", 1, 1, [](Compact& c) { logical(c, 10, [](Compact& i) { i.i8(1, 16).boolean(2, false); }); });
    leaf("u_old", 1, 1, [](Compact& c) { c.i32(6, converted::uint_32); });
    leaf("i8_old", 1, 1, [](Compact& c) { c.i32(6, converted::int_8); });
    leaf("uuid", 7, 1, [](Compact& c) { logical(c, 14); });
    leaf("future", 6, 1, [](Compact& c) {
        // A logical type from the future, with a field of its own.
        c.begin(10).begin(30, true).i32(1, 5).end().end();
    });
    leaf("var", 6, 1, [](Compact& c) { logical(c, 16, [](Compact& v) { v.i8(1, 1); }); });
    leaf("date", 1, 1, [](Compact& c) { logical(c, 6); });
    leaf("null", 1, 1, [](Compact& c) { logical(c, 11); });
    leaf("json", 6, 2, [](Compact& c) {
        c.i32(9, 77);  // field_id
        logical(c, 12);
        c.i32(30, 1, true);  // a field from the future after logicalType
    });

    Compact f;
    f.i32(1, 2);
    f.list(2, t_struct, schema.size());  // 20 elements: the long size form
    for (const std::string& e : schema) f.raw(e);
    f.i64(3, 42);
    f.list(4, t_struct, 1).element();
    f.list(1, t_struct, 2);
    f.element().i64(2, 4).begin(3);  // file_offset, meta_data
    f.i32(1, 6).list(2, t_i32, 3, true).zigzag_value(plain).zigzag_value(rle).zigzag_value(rle_dictionary);
    f.list(3, t_binary, 2).raw_binary("g").raw_binary("s");
    f.i32(4, 1).i64(5, 42).i64(6, 1000).i64(7, 900);
    f.list(8, t_struct, 1).element().binary(1, "key").binary(2, "value").end();  // key_value_metadata
    f.i64(9, 120).i64(10, 0).i64(11, 4);
    f.begin(12).binary(1, "zz").binary(2, "aa").i64(3, 1).end();  // statistics
    f.end();                                                      // meta_data
    f.i64(4, 5000).i32(5, 100);                                   // offset index
    f.end();
    f.element().binary(1, "other.parquet").i64(2, 904).begin(8).begin(1).end().end();  // crypto_metadata
    f.end();
    f.i64(2, 1900).i64(3, 42).end();  // total_byte_size, num_rows
    f.list(5, t_struct, 1).element().binary(1, "ARROW:schema").binary(2, "...").end();
    f.binary(6, "seed-tools test writer");
    f.list(7, t_struct, 1).element().begin(1).end().end();  // column_orders
    f.begin(30, true).list(1, t_map, 1).raw(bytes_of({0x01, 0x85})).raw_binary("k").zigzag_value(1).end();
    return f.finish();
}

TEST(ParquetThrift, FileMetaData) {
    const FileMetaData m = decode_file_metadata(sample_footer());
    EXPECT_EQ(m.version, 2);
    EXPECT_EQ(m.num_rows, 42);
    EXPECT_EQ(m.created_by, "seed-tools test writer");
    EXPECT_FALSE(m.encrypted);
    ASSERT_EQ(m.schema.size(), 20u);

    const SchemaElement& root = m.schema[0];
    EXPECT_EQ(root.name, "schema");
    EXPECT_FALSE(root.type.has_value());
    EXPECT_EQ(root.num_children, 17);

    const SchemaElement& id = m.schema[1];
    EXPECT_EQ(id.name, "id");
    EXPECT_EQ(id.type, PhysicalType::int64);
    EXPECT_EQ(id.repetition, Repetition::required);
    EXPECT_EQ(id.meaning, Meaning::none);
    EXPECT_FALSE(id.converted_type.has_value());

    const SchemaElement& g = m.schema[2];
    EXPECT_EQ(g.name, "g");
    EXPECT_FALSE(g.type.has_value());
    EXPECT_EQ(g.repetition, Repetition::optional);
    EXPECT_EQ(g.num_children, 2);

    EXPECT_EQ(m.schema[3].meaning, Meaning::string);  // UTF8
    EXPECT_EQ(m.schema[3].converted_type, converted::utf8);
    EXPECT_EQ(m.schema[4].meaning, Meaning::string);  // STRING
    EXPECT_FALSE(m.schema[4].converted_type.has_value());

    const SchemaElement& dec = m.schema[5];
    EXPECT_EQ(dec.type, PhysicalType::fixed_len_byte_array);
    EXPECT_EQ(dec.type_length, 16);
    EXPECT_EQ(dec.meaning, Meaning::decimal);
    EXPECT_EQ(dec.scale, 2);
    EXPECT_EQ(dec.precision, 30);
    const SchemaElement& dec_old = m.schema[6];
    EXPECT_EQ(dec_old.meaning, Meaning::decimal);
    EXPECT_EQ(dec_old.scale, 3);
    EXPECT_EQ(dec_old.precision, 9);

    const SchemaElement& ts = m.schema[7];
    EXPECT_EQ(ts.meaning, Meaning::timestamp);
    EXPECT_EQ(ts.unit, TimeUnit::nanos);
    EXPECT_FALSE(ts.utc);
    const SchemaElement& ts_old = m.schema[8];
    EXPECT_EQ(ts_old.meaning, Meaning::timestamp);
    EXPECT_EQ(ts_old.unit, TimeUnit::micros);
    EXPECT_TRUE(ts_old.utc);
    const SchemaElement& ts_ms = m.schema[9];
    EXPECT_EQ(ts_ms.meaning, Meaning::timestamp);
    EXPECT_EQ(ts_ms.unit, TimeUnit::millis);
    EXPECT_TRUE(ts_ms.utc);
    EXPECT_EQ(ts_ms.converted_type, converted::timestamp_micros);
    const SchemaElement& time = m.schema[10];
    EXPECT_EQ(time.meaning, Meaning::time);
    EXPECT_EQ(time.unit, TimeUnit::micros);
    EXPECT_TRUE(time.utc);

    EXPECT_EQ(m.schema[11].meaning, Meaning::integer);  // INTEGER(16, unsigned)
    EXPECT_FALSE(m.schema[11].is_signed);
    EXPECT_EQ(m.schema[12].meaning, Meaning::integer);  // UINT_32
    EXPECT_FALSE(m.schema[12].is_signed);
    EXPECT_EQ(m.schema[13].meaning, Meaning::integer);  // INT_8
    EXPECT_TRUE(m.schema[13].is_signed);
    EXPECT_EQ(m.schema[14].meaning, Meaning::uuid);

    EXPECT_EQ(m.schema[15].name, "future");
    EXPECT_EQ(m.schema[15].meaning, Meaning::unsupported);
    EXPECT_EQ(m.schema[15].unsupported, "30");
    EXPECT_EQ(m.schema[16].meaning, Meaning::unsupported);
    EXPECT_EQ(m.schema[16].unsupported, "VARIANT");
    EXPECT_EQ(m.schema[17].meaning, Meaning::date);
    EXPECT_EQ(m.schema[18].meaning, Meaning::unknown);
    EXPECT_EQ(m.schema[19].name, "json");
    EXPECT_EQ(m.schema[19].meaning, Meaning::string);
    EXPECT_EQ(m.schema[19].repetition, Repetition::repeated);

    ASSERT_EQ(m.row_groups.size(), 1u);
    const RowGroup& rg = m.row_groups[0];
    EXPECT_EQ(rg.num_rows, 42);
    ASSERT_EQ(rg.columns.size(), 2u);
    const ColumnChunk& c0 = rg.columns[0];
    EXPECT_TRUE(c0.file_path.empty());
    EXPECT_FALSE(c0.encrypted);
    ASSERT_TRUE(c0.meta.has_value());
    EXPECT_EQ(c0.meta->type, PhysicalType::byte_array);
    EXPECT_EQ(c0.meta->encodings, (std::vector<int>{plain, rle, rle_dictionary}));
    EXPECT_EQ(c0.meta->path, (std::vector<std::string>{"g", "s"}));
    EXPECT_EQ(c0.meta->codec, Codec::snappy);
    EXPECT_EQ(c0.meta->num_values, 42);
    EXPECT_EQ(c0.meta->total_uncompressed_size, 1000);
    EXPECT_EQ(c0.meta->total_compressed_size, 900);
    EXPECT_EQ(c0.meta->data_page_offset, 120);
    EXPECT_EQ(c0.meta->dictionary_page_offset, 4);
    const ColumnChunk& c1 = rg.columns[1];
    EXPECT_EQ(c1.file_path, "other.parquet");
    EXPECT_TRUE(c1.encrypted);
    EXPECT_FALSE(c1.meta.has_value());
}

TEST(ParquetThrift, FileMetaDataErrors) {
    const std::string footer = sample_footer();
    // Every cut is an error; none reads past the bytes given (the ASAN build checks).
    for (std::size_t n = 0; n < footer.size(); ++n) {
        const std::string message = error_of([&] { (void)decode_file_metadata(footer.substr(0, n)); });
        EXPECT_EQ(message.rfind("corrupt footer: ", 0), 0u) << n << ": " << message;
    }
    EXPECT_EQ(error_of([] { (void)decode_file_metadata(bytes_of({0x00})); }), "corrupt footer: no schema at byte 1");
    EXPECT_EQ(error_of([] { (void)decode_file_metadata(""); }), "corrupt footer: cut off at byte 0");

    Compact nameless;
    nameless.list(2, t_struct, 1).element().i32(5, 0).end();
    EXPECT_EQ(error_of([&] { (void)decode_file_metadata(nameless.finish()); }),
              "corrupt footer: a schema element without a name at byte 5");
    Compact bad_type;
    bad_type.list(2, t_struct, 1).element().i32(1, 8).binary(4, "x").end();
    EXPECT_EQ(error_of([&] { (void)decode_file_metadata(bad_type.finish()); }),
              "corrupt footer: an unknown physical type 8 at byte 4");
    Compact bad_elements;
    bad_elements.list(2, t_i32, 1).zigzag_value(1);
    EXPECT_EQ(error_of([&] { (void)decode_file_metadata(bad_elements.finish()); }),
              "corrupt footer: the elements of schema have Thrift type 5 at byte 2");

    // encryption_algorithm: a plaintext footer of an encrypted file.
    Compact encrypted;
    encrypted.list(2, t_struct, 1).element().binary(4, "schema").end().begin(8).begin(1).end().end();
    EXPECT_TRUE(decode_file_metadata(encrypted.finish()).encrypted);
}

TEST(ParquetThrift, Names) {
    EXPECT_EQ(encoding_name(0), "PLAIN");
    EXPECT_EQ(encoding_name(8), "RLE_DICTIONARY");
    EXPECT_EQ(encoding_name(9), "BYTE_STREAM_SPLIT");
    EXPECT_EQ(encoding_name(12), "encoding 12");
    EXPECT_EQ(encoding_name(-1), "encoding -1");
    EXPECT_EQ(type_name(PhysicalType::int96), "INT96");
    EXPECT_EQ(type_name(PhysicalType::fixed_len_byte_array), "FIXED_LEN_BYTE_ARRAY");
}

// ---------------------------------------------------------------------------------------------
// ParquetEncoding: the RLE/bit-packed hybrid.

std::vector<std::uint32_t> hybrid(std::string_view data, int width, std::size_t count) {
    std::vector<std::uint32_t> out(count);
    HybridDecoder(data, width).decode(count, out.data());
    return out;
}

// Decoded in pieces of 1, 2, 3, ... values, to cross runs at every place.
std::vector<std::uint32_t> hybrid_in_pieces(std::string_view data, int width, std::size_t count) {
    std::vector<std::uint32_t> out(count);
    HybridDecoder decoder(data, width);
    std::size_t at = 0;
    for (std::size_t piece = 1; at < count; ++piece) {
        const std::size_t n = std::min(piece, count - at);
        decoder.decode(n, out.data() + at);
        at += n;
    }
    return out;
}

std::vector<std::uint32_t> u32s(std::initializer_list<std::uint64_t> list) {
    std::vector<std::uint32_t> out;
    for (const std::uint64_t v : list) out.push_back(static_cast<std::uint32_t>(v));
    return out;
}

TEST(ParquetEncoding, HybridSpecExample) {
    // Encodings.md: 0..7 with bit width 3 is 10001000 11000110 11111010.
    const std::string packed = bytes_of({0b10001000, 0b11000110, 0b11111010});
    EXPECT_EQ(pack_lsb({0, 1, 2, 3, 4, 5, 6, 7}, 3), packed);
    EXPECT_EQ(hybrid(bytes_of({0x03}) + packed, 3, 8), u32s({0, 1, 2, 3, 4, 5, 6, 7}));
    // Fewer values than the run holds.
    EXPECT_EQ(hybrid(bytes_of({0x03}) + packed, 3, 5), u32s({0, 1, 2, 3, 4}));
}

TEST(ParquetEncoding, HybridRleRuns) {
    // 5 times 4, then 3 times 7, width 3: headers 0x0a and 0x06, a byte of value each.
    const std::string data = rle_run(5, 4, 3) + rle_run(3, 7, 3);
    EXPECT_EQ(data, bytes_of({0x0a, 0x04, 0x06, 0x07}));
    EXPECT_EQ(hybrid(data, 3, 8), u32s({4, 4, 4, 4, 4, 7, 7, 7}));
    // A run of 300 (a two-byte varint header).
    const std::vector<std::uint32_t> long_run = hybrid(rle_run(300, 1, 1), 1, 300);
    EXPECT_EQ(std::count(long_run.begin(), long_run.end(), 1u), 300);
    // An empty RLE run is passed over.
    EXPECT_EQ(hybrid(rle_run(0, 9, 4) + rle_run(2, 9, 4), 4, 2), u32s({9, 9}));
}

TEST(ParquetEncoding, HybridMixedRuns) {
    const std::vector<std::uint64_t> packed{3, 2, 1, 0, 0, 1, 2, 3, 1, 1, 1, 1, 2, 2, 2, 2};
    const std::string data = rle_run(5, 3, 2) + packed_run(packed, 2) + rle_run(3, 1, 2) + packed_run(packed, 2);
    std::vector<std::uint32_t> expected(5, 3);
    for (const std::uint64_t v : packed) expected.push_back(static_cast<std::uint32_t>(v));
    expected.insert(expected.end(), 3, 1);
    for (const std::uint64_t v : packed) expected.push_back(static_cast<std::uint32_t>(v));
    EXPECT_EQ(hybrid(data, 2, expected.size()), expected);
    EXPECT_EQ(hybrid_in_pieces(data, 2, expected.size()), expected);
}

TEST(ParquetEncoding, HybridBitWidths) {
    for (const int width : {0, 1, 8, 17, 32}) {
        SCOPED_TRACE(width);
        const std::uint64_t max = width == 0 ? 0 : (std::uint64_t{1} << width) - 1;
        std::vector<std::uint64_t> values;
        for (std::uint64_t i = 0; i < 24; ++i) values.push_back((i * 0x9e3779b97f4a7c15ULL >> 7) & max);
        values[3] = max;
        const std::string data = packed_run(values, width) + rle_run(10, max, width) + rle_run(2, max / 2, width);
        std::vector<std::uint32_t> expected;
        for (const std::uint64_t v : values) expected.push_back(static_cast<std::uint32_t>(v));
        expected.insert(expected.end(), 10, static_cast<std::uint32_t>(max));
        expected.insert(expected.end(), 2, static_cast<std::uint32_t>(max / 2));
        EXPECT_EQ(hybrid(data, width, expected.size()), expected);
        EXPECT_EQ(hybrid_in_pieces(data, width, expected.size()), expected);
    }
    // Width 0: the run headers alone.
    EXPECT_EQ(hybrid(bytes_of({0x06, 0x03}), 0, 11), std::vector<std::uint32_t>(11, 0));
    EXPECT_EQ(error_of([] { HybridDecoder(bytes_of({0x02}), 33); }), "a bit width of 33");
    EXPECT_EQ(error_of([] { HybridDecoder(bytes_of({0x02}), -1); }), "a bit width of -1");
}

TEST(ParquetEncoding, HybridCutShort) {
    // A bit-packed run of 2 groups (16 values of 3 bits: 6 bytes) with 4 bytes: the 10 values
    // that fit are read.
    std::vector<std::uint64_t> values;
    for (std::uint64_t i = 0; i < 16; ++i) values.push_back(i % 8);
    const std::string cut = packed_run(values, 3).substr(0, 5);
    EXPECT_EQ(hybrid(cut, 3, 10), u32s({0, 1, 2, 3, 4, 5, 6, 7, 0, 1}));
    EXPECT_EQ(error_of([&] { hybrid(cut, 3, 11); }), "RLE/bit-packed data ends 1 value early");
    EXPECT_EQ(error_of([&] { hybrid(rle_run(3, 1, 1), 1, 5); }), "RLE/bit-packed data ends 2 values early");
    EXPECT_EQ(error_of([&] { hybrid("", 1, 1); }), "RLE/bit-packed data ends 1 value early");
    // A run header cut off (a varint with its continuation bit set), and an RLE run's value.
    EXPECT_EQ(error_of([&] { hybrid(rle_run(3, 1, 1) + bytes_of({0x80}), 1, 4); }), "a varint cut off");
    EXPECT_EQ(error_of([&] { hybrid(rle_run(3, 0x1ffff, 17).substr(0, 3), 17, 3); }), "an RLE run cut off");
    EXPECT_EQ(error_of([&] { hybrid(bytes_of({0x06}), 8, 3); }), "an RLE run cut off");
}

TEST(ParquetEncoding, HybridManyEmptyRuns) {
    // Bit-packed runs of no groups carry nothing; a writer would not write a million of them,
    // but a corrupt page may hold them.
    const std::string data = std::string(1 << 20, '\x01') + rle_run(4, 1, 1);
    EXPECT_EQ(hybrid(data, 1, 4), u32s({1, 1, 1, 1}));
}

TEST(ParquetEncoding, BitWidthOf) {
    EXPECT_EQ(bit_width_of(0), 0);
    EXPECT_EQ(bit_width_of(1), 1);
    EXPECT_EQ(bit_width_of(2), 2);
    EXPECT_EQ(bit_width_of(3), 2);
    EXPECT_EQ(bit_width_of(7), 3);
    EXPECT_EQ(bit_width_of(8), 4);
    EXPECT_EQ(bit_width_of(255), 8);
    EXPECT_EQ(bit_width_of(0xffffffffu), 32);
    EXPECT_EQ(bit_width_of(~std::uint64_t{0}), 64);
}

// ---------------------------------------------------------------------------------------------
// ParquetEncoding: levels.

std::vector<int> levels(std::string_view data, int encoding, int max_level, std::size_t count) {
    std::vector<std::uint8_t> out(count);
    decode_levels(data, encoding, max_level, count, out.data());
    return {out.begin(), out.end()};
}

TEST(ParquetEncoding, LevelsRle) {
    EXPECT_EQ(levels(rle_run(3, 1, 1) + rle_run(2, 0, 1), rle, 1, 5), (std::vector<int>{1, 1, 1, 0, 0}));
    EXPECT_EQ(levels(packed_run({0, 1, 2, 3, 3, 2, 1, 0}, 2) + rle_run(2, 3, 2), rle, 3, 10),
              (std::vector<int>{0, 1, 2, 3, 3, 2, 1, 0, 3, 3}));
    EXPECT_EQ(levels(rle_run(4, 200, 8), rle, 200, 4), (std::vector<int>{200, 200, 200, 200}));
}

TEST(ParquetEncoding, LevelsBitPacked) {
    // Encodings.md's deprecated BIT_PACKED example: 0..7 in 3 bits, most significant bit first.
    EXPECT_EQ(levels(bytes_of({0b00000101, 0b00111001, 0b01110111}), bit_packed, 7, 8),
              (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
    EXPECT_EQ(levels(bytes_of({0b10110000}), bit_packed, 1, 4), (std::vector<int>{1, 0, 1, 1}));
    EXPECT_EQ(levels(bytes_of({0b10110001, 0b11000000}), bit_packed, 3, 5), (std::vector<int>{2, 3, 0, 1, 3}));
    EXPECT_EQ(error_of([] { levels(bytes_of({0x05, 0x39}), bit_packed, 7, 8); }), "BIT_PACKED levels cut off");
}

TEST(ParquetEncoding, LevelsErrors) {
    EXPECT_EQ(error_of([] { levels(rle_run(2, 1, 2) + rle_run(1, 3, 2), rle, 2, 3); }),
              "a level of 3 where the most is 2");
    EXPECT_EQ(error_of([] { levels(bytes_of({0b11100000}), bit_packed, 5, 1); }), "a level of 7 where the most is 5");
    EXPECT_EQ(error_of([] { levels(rle_run(2, 1, 1), plain, 1, 2); }),
              "levels encoded as PLAIN, which is not a level encoding");
    EXPECT_EQ(error_of([] { levels(rle_run(2, 1, 1), rle, 1, 3); }), "RLE/bit-packed data ends 1 value early");
}

// ---------------------------------------------------------------------------------------------
// ParquetEncoding: values.

struct Decoded {
    std::vector<Value> values;
    std::string arena;
};

Decoded decode(std::string_view data, int encoding, PhysicalType type, std::size_t count, std::int32_t length = 0) {
    Decoded d;
    // Values may point into the arena: a capacity beyond the short-string buffer keeps them valid
    // when `d` moves (decode_values keeps the capacity).
    d.arena.reserve(64);
    decode_values(data, encoding, ColumnType{type, length}, count, d.values, d.arena);
    EXPECT_EQ(d.values.size(), count);
    return d;
}

std::string decode_error(std::string_view data, int encoding, PhysicalType type, std::size_t count,
                         std::int32_t length = 0) {
    return error_of([&] { decode(data, encoding, type, count, length); });
}

std::vector<std::int64_t> integers(const Decoded& d) {
    std::vector<std::int64_t> out;
    for (const Value& v : d.values) out.push_back(v.integer);
    return out;
}

std::vector<double> reals(const Decoded& d) {
    std::vector<double> out;
    for (const Value& v : d.values) out.push_back(v.real);
    return out;
}

std::vector<std::string> strings(const Decoded& d) {
    std::vector<std::string> out;
    for (const Value& v : d.values) out.emplace_back(v.bytes());
    return out;
}

TEST(ParquetEncoding, PlainFixedWidth) {
    // BOOLEAN: bit-packed, least significant bit first.
    EXPECT_EQ(integers(decode(bytes_of({0b00000101, 0b1}), plain, PhysicalType::boolean, 9)),
              (std::vector<std::int64_t>{1, 0, 1, 0, 0, 0, 0, 0, 1}));

    const std::string int32s = le32(7) + le32(0xffffffffu) + le32(0x80000000u) + le32(0x7fffffffu);
    EXPECT_EQ(integers(decode(int32s, plain, PhysicalType::int32, 4)),
              (std::vector<std::int64_t>{7, -1, std::numeric_limits<std::int32_t>::min(),
                                         std::numeric_limits<std::int32_t>::max()}));

    std::string int64s;
    put_le(int64s, static_cast<std::uint64_t>(-5), 8);
    put_le(int64s, std::uint64_t{1} << 62, 8);
    put_le(int64s, static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::min()), 8);
    EXPECT_EQ(integers(decode(int64s, plain, PhysicalType::int64, 3)),
              (std::vector<std::int64_t>{-5, std::int64_t{1} << 62, std::numeric_limits<std::int64_t>::min()}));

    std::string floats;
    put_le(floats, std::bit_cast<std::uint32_t>(1.5f), 4);
    put_le(floats, std::bit_cast<std::uint32_t>(-0.25f), 4);
    EXPECT_EQ(reals(decode(floats, plain, PhysicalType::float32, 2)), (std::vector<double>{1.5, -0.25}));
    std::string doubles;
    put_le(doubles, std::bit_cast<std::uint64_t>(3.141592653589793), 8);
    put_le(doubles, std::bit_cast<std::uint64_t>(-1e300), 8);
    EXPECT_EQ(reals(decode(doubles, plain, PhysicalType::float64, 2)),
              (std::vector<double>{3.141592653589793, -1e300}));

    // INT96: 12 bytes each, as they are.
    const std::string int96s = "abcdefghijklABCDEFGHIJKL";
    EXPECT_EQ(strings(decode(int96s, plain, PhysicalType::int96, 2)),
              (std::vector<std::string>{"abcdefghijkl", "ABCDEFGHIJKL"}));

    EXPECT_EQ(strings(decode("abcdefghi", plain, PhysicalType::fixed_len_byte_array, 3, 3)),
              (std::vector<std::string>{"abc", "def", "ghi"}));
    EXPECT_EQ(strings(decode("", plain, PhysicalType::fixed_len_byte_array, 2, 0)), (std::vector<std::string>{"", ""}));
}

TEST(ParquetEncoding, PlainByteArray) {
    const std::string data = le32(5) + "hello" + le32(0) + le32(3) + std::string("a\0b", 3);
    EXPECT_EQ(strings(decode(data, plain, PhysicalType::byte_array, 3)),
              (std::vector<std::string>{"hello", "", std::string("a\0b", 3)}));
    // Fewer values than the bytes hold.
    EXPECT_EQ(strings(decode(data, plain, PhysicalType::byte_array, 1)), (std::vector<std::string>{"hello"}));
}

TEST(ParquetEncoding, PlainCutOff) {
    EXPECT_EQ(decode_error(bytes_of({0xff}), plain, PhysicalType::boolean, 9), "PLAIN booleans cut off");
    EXPECT_EQ(decode_error(le32(1) + le32(2).substr(0, 3), plain, PhysicalType::int32, 2), "PLAIN values cut off");
    EXPECT_EQ(decode_error(std::string(15, 'x'), plain, PhysicalType::int64, 2), "PLAIN values cut off");
    EXPECT_EQ(decode_error(std::string(23, 'x'), plain, PhysicalType::int96, 2), "PLAIN values cut off");
    EXPECT_EQ(decode_error(std::string(7, 'x'), plain, PhysicalType::float32, 2), "PLAIN values cut off");
    EXPECT_EQ(decode_error(std::string(15, 'x'), plain, PhysicalType::float64, 2), "PLAIN values cut off");
    EXPECT_EQ(decode_error("abcdefgh", plain, PhysicalType::fixed_len_byte_array, 3, 3), "PLAIN values cut off");
    const std::string data = le32(5) + "hello" + le32(3) + "ab";
    EXPECT_EQ(decode_error(data, plain, PhysicalType::byte_array, 2), "PLAIN BYTE_ARRAY value 1 cut off");
    EXPECT_EQ(decode_error(le32(5) + "hello" + "ab", plain, PhysicalType::byte_array, 2),
              "PLAIN BYTE_ARRAY value 1 cut off");
    EXPECT_EQ(decode_error(le32(0xffffffffu) + "x", plain, PhysicalType::byte_array, 1),
              "PLAIN BYTE_ARRAY value 0 cut off");
}

TEST(ParquetEncoding, DeltaBinaryPackedSpecExamples) {
    // Encodings.md's examples, with blocks of 128 values in 4 miniblocks (its blocks of 8 are
    // not valid, as it says). Example 1: 1..5, all deltas 1: min delta 1, bit widths 0.
    const std::string one = bytes_of({0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0x00, 0x00, 0x00, 0x00});
    EXPECT_EQ(delta_encode({1, 2, 3, 4, 5}, true), one);
    EXPECT_EQ(integers(decode(one, delta_binary_packed, PhysicalType::int32, 5)),
              (std::vector<std::int64_t>{1, 2, 3, 4, 5}));
    EXPECT_EQ(integers(decode(one, delta_binary_packed, PhysicalType::int64, 5)),
              (std::vector<std::int64_t>{1, 2, 3, 4, 5}));

    // Example 2: 7, 5, 3, 1, 2, 3, 4, 5: min delta -2 (zigzag 3), relative deltas 0,0,0,3,3,3,3 in
    // 2 bits, the first miniblock padded to 32 values (8 bytes); the others are not needed.
    const std::string two =
        bytes_of({0x80, 0x01, 0x04, 0x08, 0x0e, 0x03, 0x02, 0x00, 0x00, 0x00, 0xc0, 0x3f, 0, 0, 0, 0, 0, 0});
    EXPECT_EQ(delta_encode({7, 5, 3, 1, 2, 3, 4, 5}, true), two);
    EXPECT_EQ(integers(decode(two, delta_binary_packed, PhysicalType::int32, 8)),
              (std::vector<std::int64_t>{7, 5, 3, 1, 2, 3, 4, 5}));

    // One value: the header alone.
    EXPECT_EQ(integers(decode(bytes_of({0x80, 0x01, 0x04, 0x01, 0x0d}), delta_binary_packed, PhysicalType::int64, 1)),
              (std::vector<std::int64_t>{-7}));
    // No values.
    EXPECT_TRUE(
        decode(bytes_of({0x80, 0x01, 0x04, 0x00, 0x00}), delta_binary_packed, PhysicalType::int32, 0).values.empty());
}

TEST(ParquetEncoding, DeltaBinaryPackedWrapAround) {
    constexpr std::int64_t lo32 = std::numeric_limits<std::int32_t>::min(),
                           hi32 = std::numeric_limits<std::int32_t>::max();
    const std::vector<std::int64_t> v32{hi32, lo32, hi32, 0, -1, lo32, lo32, hi32, 1, lo32};
    const std::string data32 = delta_encode(v32, true);
    EXPECT_EQ(static_cast<std::uint8_t>(data32[data32.size() - 4 * 32 - 4]), 32u);  // the first miniblock: 32 bits
    EXPECT_EQ(integers(decode(data32, delta_binary_packed, PhysicalType::int32, v32.size())), v32);

    constexpr std::int64_t lo64 = std::numeric_limits<std::int64_t>::min(),
                           hi64 = std::numeric_limits<std::int64_t>::max();
    const std::vector<std::int64_t> v64{hi64, lo64, 0, hi64, -1, lo64, 12345, hi64};
    EXPECT_EQ(integers(decode(delta_encode(v64, false), delta_binary_packed, PhysicalType::int64, v64.size())), v64);
}

TEST(ParquetEncoding, DeltaBinaryPackedBlocks) {
    // 129 values: one full block of 128 deltas, its 4 miniblocks of widths 3, 20, 0 and 17.
    std::vector<std::int64_t> values{1000};
    for (int i = 0; i < 128; ++i) {
        std::int64_t delta = 0;
        if (i < 32) delta = i % 7;
        if (i >= 32 && i < 64) delta = (i % 2 ? 1 : -1) * (i * 16411 % 500000);
        if (i >= 64 && i < 96) delta = 5;
        if (i >= 96) delta = (i * 977) % 100000;
        values.push_back(values.back() + delta);
    }
    const std::string data = delta_encode(values, false);
    EXPECT_EQ(integers(decode(data, delta_binary_packed, PhysicalType::int64, values.size())), values);

    // 300 values (3 blocks, the last partly used), fewer asked for than the stream holds, and
    // the same with the last miniblock unpadded.
    for (const bool padded : {true, false}) {
        std::vector<std::int64_t> many;
        for (std::int64_t i = 0; i < 300; ++i) many.push_back((i * i * 7919) % 65536 - 32768);
        const std::string stream = delta_encode(many, true, 128, 4, padded);
        EXPECT_EQ(integers(decode(stream, delta_binary_packed, PhysicalType::int32, 300)), many);
        EXPECT_EQ(integers(decode(stream, delta_binary_packed, PhysicalType::int32, 10)),
                  std::vector<std::int64_t>(many.begin(), many.begin() + 10));
        EXPECT_EQ(integers(decode(stream, delta_binary_packed, PhysicalType::int32, 200)),
                  std::vector<std::int64_t>(many.begin(), many.begin() + 200));
    }
    // Blocks of 256 in 2 miniblocks of 128; blocks of 128 in 1 miniblock.
    std::vector<std::int64_t> ramp;
    for (std::int64_t i = 0; i < 600; ++i) ramp.push_back(i * 3 - (i % 5) * 100);
    EXPECT_EQ(integers(decode(delta_encode(ramp, false, 256, 2), delta_binary_packed, PhysicalType::int64, 600)), ramp);
    EXPECT_EQ(integers(decode(delta_encode(ramp, false, 128, 1), delta_binary_packed, PhysicalType::int64, 600)), ramp);
}

TEST(ParquetEncoding, DeltaBinaryPackedErrors) {
    // Blocks of 8 (the spec's examples), 100, 0; miniblocks of 16 values.
    EXPECT_EQ(decode_error(bytes_of({0x08, 0x01, 0x05, 0x02, 0x02, 0x00}), delta_binary_packed, PhysicalType::int32, 5),
              "a DELTA_BINARY_PACKED header with blocks of 8 values in 1 miniblocks");
    EXPECT_EQ(decode_error(bytes_of({0x64, 0x01, 0x05, 0x02}), delta_binary_packed, PhysicalType::int32, 5),
              "a DELTA_BINARY_PACKED header with blocks of 100 values in 1 miniblocks");
    EXPECT_EQ(decode_error(bytes_of({0x00, 0x01, 0x05, 0x02}), delta_binary_packed, PhysicalType::int32, 5),
              "a DELTA_BINARY_PACKED header with blocks of 0 values in 1 miniblocks");
    EXPECT_EQ(decode_error(bytes_of({0x80, 0x01, 0x08, 0x05, 0x02}), delta_binary_packed, PhysicalType::int32, 5),
              "a DELTA_BINARY_PACKED header with blocks of 128 values in 8 miniblocks");
    EXPECT_EQ(decode_error(bytes_of({0x80, 0x01, 0x00, 0x05, 0x02}), delta_binary_packed, PhysicalType::int32, 5),
              "a DELTA_BINARY_PACKED header with blocks of 128 values in 0 miniblocks");

    const std::vector<std::int64_t> values{7, 5, 3, 1, 2, 3, 4, 5};
    const std::string data = delta_encode(values, true);  // header 5 bytes, min delta, 4 widths, 8 bytes
    EXPECT_EQ(decode_error(data, delta_binary_packed, PhysicalType::int32, 9),
              "DELTA_BINARY_PACKED holds 8 values where 9 are needed");
    EXPECT_EQ(decode_error(data.substr(0, 3), delta_binary_packed, PhysicalType::int32, 8), "a varint cut off");
    EXPECT_EQ(decode_error(data.substr(0, 5), delta_binary_packed, PhysicalType::int32, 8), "a varint cut off");
    EXPECT_EQ(decode_error(data.substr(0, 8), delta_binary_packed, PhysicalType::int32, 8),
              "DELTA_BINARY_PACKED bit widths cut off");
    EXPECT_EQ(decode_error(data.substr(0, 11), delta_binary_packed, PhysicalType::int32, 8),
              "a DELTA_BINARY_PACKED miniblock cut off");
    // Every cut: an error or (within the last miniblock's padding) the values; never a crash.
    for (std::size_t n = 0; n < data.size(); ++n) {
        try {
            EXPECT_EQ(integers(decode(data.substr(0, n), delta_binary_packed, PhysicalType::int32, 8)), values) << n;
        } catch (const Error&) {
        }
    }
    std::string wide = data;
    wide[6] = static_cast<char>(65);
    EXPECT_EQ(decode_error(wide, delta_binary_packed, PhysicalType::int64, 8), "a DELTA_BINARY_PACKED bit width of 65");
    EXPECT_EQ(decode_error(data, delta_binary_packed, PhysicalType::float32, 8),
              "DELTA_BINARY_PACKED values of type FLOAT");
}

TEST(ParquetEncoding, DeltaLengthByteArray) {
    // Encodings.md: "Hello", "World", "Foobar", "ABCDEF" is DeltaEncoding(5, 5, 6, 6) and the bytes.
    const std::string data = delta_encode({5, 5, 6, 6}, true) + "HelloWorldFoobarABCDEF";
    EXPECT_EQ(strings(decode(data, delta_length_byte_array, PhysicalType::byte_array, 4)),
              (std::vector<std::string>{"Hello", "World", "Foobar", "ABCDEF"}));
    EXPECT_EQ(decode_error(data.substr(0, data.size() - 1), delta_length_byte_array, PhysicalType::byte_array, 4),
              "DELTA_LENGTH_BYTE_ARRAY value 3 cut off");
    EXPECT_EQ(decode_error(data.substr(0, 4), delta_length_byte_array, PhysicalType::byte_array, 4),
              "a varint cut off");
    EXPECT_EQ(decode_error(delta_encode({5, -1}, true) + "Hello", delta_length_byte_array, PhysicalType::byte_array, 2),
              "DELTA_LENGTH_BYTE_ARRAY: a negative length");
    EXPECT_EQ(decode_error(data, delta_length_byte_array, PhysicalType::int32, 4),
              "DELTA_LENGTH_BYTE_ARRAY values of type INT32");
    // Lengths over several blocks.
    std::vector<std::int64_t> lengths;
    std::string text;
    std::vector<std::string> expected;
    for (int i = 0; i < 200; ++i) {
        expected.push_back(std::string(static_cast<std::size_t>(i % 13), static_cast<char>('a' + i % 26)));
        lengths.push_back(i % 13);
        text += expected.back();
    }
    EXPECT_EQ(
        strings(decode(delta_encode(lengths, true) + text, delta_length_byte_array, PhysicalType::byte_array, 200)),
        expected);
}

TEST(ParquetEncoding, DeltaByteArray) {
    // Encodings.md: "axis", "axle", "babble", "babyhood" is DeltaEncoding(0, 2, 0, 3),
    // DeltaEncoding(4, 2, 6, 5) and "axislebabbleyhood".
    const std::string data = delta_encode({0, 2, 0, 3}, true) + delta_encode({4, 2, 6, 5}, true) + "axislebabbleyhood";
    const Decoded d = decode(data, delta_byte_array, PhysicalType::byte_array, 4);
    EXPECT_EQ(strings(d), (std::vector<std::string>{"axis", "axle", "babble", "babyhood"}));
    EXPECT_EQ(decode_error(data.substr(0, data.size() - 1), delta_byte_array, PhysicalType::byte_array, 4),
              "DELTA_BYTE_ARRAY suffixes cut off");
    // A prefix longer than the value before it (the first value has none before it).
    EXPECT_EQ(decode_error(delta_encode({0, 5}, true) + delta_encode({4, 1}, true) + "axisx", delta_byte_array,
                           PhysicalType::byte_array, 2),
              "a DELTA_BYTE_ARRAY prefix longer than the value before it");
    EXPECT_EQ(decode_error(delta_encode({1}, true) + delta_encode({1}, true) + "x", delta_byte_array,
                           PhysicalType::byte_array, 1),
              "a DELTA_BYTE_ARRAY prefix longer than the value before it");
    EXPECT_EQ(decode_error(delta_encode({0, -1}, true) + delta_encode({1, 1}, true) + "xy", delta_byte_array,
                           PhysicalType::byte_array, 2),
              "DELTA_BYTE_ARRAY: a negative length");
    // Prefixes cut off, suffix lengths cut off.
    const std::string prefixes = delta_encode({0, 2, 0, 3}, true);
    EXPECT_EQ(decode_error(prefixes.substr(0, 5), delta_byte_array, PhysicalType::byte_array, 4), "a varint cut off");
    EXPECT_EQ(decode_error(prefixes, delta_byte_array, PhysicalType::byte_array, 4), "a varint cut off");

    // FIXED_LEN_BYTE_ARRAY: every length is there all the same.
    const std::string fixed = delta_encode({0, 3, 1}, true) + delta_encode({4, 1, 3}, true) + "abcdeaxy";
    EXPECT_EQ(strings(decode(fixed, delta_byte_array, PhysicalType::fixed_len_byte_array, 3, 4)),
              (std::vector<std::string>{"abcd", "abce", "aaxy"}));
    EXPECT_EQ(decode_error(fixed, delta_byte_array, PhysicalType::fixed_len_byte_array, 3, 5),
              "a DELTA_BYTE_ARRAY value of the wrong length");
    EXPECT_EQ(decode_error(fixed, delta_byte_array, PhysicalType::int64, 3), "DELTA_BYTE_ARRAY values of type INT64");
}

TEST(ParquetEncoding, ByteStreamSplit) {
    // Encodings.md: AA BB CC DD, 00 11 22 33, A3 B4 C5 D6 as AA 00 A3 BB 11 B4 CC 22 C5 DD 33 D6.
    const std::string example = bytes_of({0xaa, 0x00, 0xa3, 0xbb, 0x11, 0xb4, 0xcc, 0x22, 0xc5, 0xdd, 0x33, 0xd6});
    EXPECT_EQ(integers(decode(example, byte_stream_split, PhysicalType::int32, 3)),
              (std::vector<std::int64_t>{static_cast<std::int32_t>(0xddccbbaau), 0x33221100,
                                         static_cast<std::int32_t>(0xd6c5b4a3u)}));

    auto split = [](const std::vector<std::string>& values) {
        std::string out;
        for (std::size_t k = 0; k < values[0].size(); ++k) {
            for (const std::string& v : values) out += v[k];
        }
        return out;
    };
    const std::vector<float> floats{1.5f, -2.25f, 1e10f, 0.0f, -0.0f};
    std::vector<std::string> float_bytes;
    for (const float f : floats) {
        std::string b;
        put_le(b, std::bit_cast<std::uint32_t>(f), 4);
        float_bytes.push_back(b);
    }
    const Decoded f = decode(split(float_bytes), byte_stream_split, PhysicalType::float32, floats.size());
    for (std::size_t i = 0; i < floats.size(); ++i) {
        EXPECT_EQ(std::bit_cast<std::uint32_t>(static_cast<float>(f.values[i].real)),
                  std::bit_cast<std::uint32_t>(floats[i]))
            << i;
    }
    const std::vector<double> doubles{3.141592653589793, -1e-300, 6.02214076e23};
    std::vector<std::string> double_bytes;
    for (const double d : doubles) {
        std::string b;
        put_le(b, std::bit_cast<std::uint64_t>(d), 8);
        double_bytes.push_back(b);
    }
    EXPECT_EQ(reals(decode(split(double_bytes), byte_stream_split, PhysicalType::float64, 3)), doubles);
    EXPECT_EQ(strings(decode(split({"abc", "def"}), byte_stream_split, PhysicalType::fixed_len_byte_array, 2, 3)),
              (std::vector<std::string>{"abc", "def"}));

    EXPECT_EQ(decode_error(example.substr(0, 11), byte_stream_split, PhysicalType::int32, 3),
              "BYTE_STREAM_SPLIT values cut off");
    EXPECT_EQ(decode_error(std::string(23, 'x'), byte_stream_split, PhysicalType::float64, 3),
              "BYTE_STREAM_SPLIT values cut off");
    EXPECT_EQ(decode_error(example, byte_stream_split, PhysicalType::byte_array, 3),
              "BYTE_STREAM_SPLIT values of type BYTE_ARRAY");
    EXPECT_EQ(decode_error(example, byte_stream_split, PhysicalType::int96, 1),
              "BYTE_STREAM_SPLIT values of type INT96");
}

TEST(ParquetEncoding, RleBooleans) {
    const std::string runs = rle_run(3, 1, 1) + packed_run({0, 1, 1, 0, 1, 0, 0, 1}, 1) + rle_run(2, 0, 1);
    const std::string data = le32(static_cast<std::uint32_t>(runs.size())) + runs + "trailing";
    EXPECT_EQ(integers(decode(data, rle, PhysicalType::boolean, 13)),
              (std::vector<std::int64_t>{1, 1, 1, 0, 1, 1, 0, 1, 0, 0, 1, 0, 0}));
    // The length bounds the runs: the bytes after it are not read as runs.
    EXPECT_EQ(decode_error(data, rle, PhysicalType::boolean, 14), "RLE/bit-packed data ends 1 value early");
    EXPECT_EQ(decode_error(le32(10) + runs.substr(0, 3), rle, PhysicalType::boolean, 3), "RLE booleans cut off");
    EXPECT_EQ(decode_error(bytes_of({0x02, 0x00, 0x00}), rle, PhysicalType::boolean, 3), "RLE booleans cut off");
    EXPECT_EQ(decode_error(data, rle, PhysicalType::int32, 3), "RLE values of type INT32");
}

TEST(ParquetEncoding, UnknownEncodings) {
    EXPECT_EQ(decode_error("", 10, PhysicalType::float64, 0), "values encoded as ALP, which seed-tools does not read");
    EXPECT_EQ(decode_error("", 42, PhysicalType::int32, 0),
              "values encoded as encoding 42, which seed-tools does not read");
    EXPECT_EQ(decode_error("", 1, PhysicalType::int32, 0),
              "values encoded as GROUP_VAR_INT, which seed-tools does not read");
    EXPECT_EQ(decode_error("", -3, PhysicalType::int32, 0),
              "values encoded as encoding -3, which seed-tools does not read");
    EXPECT_EQ(decode_error(bytes_of({0x01, 0x02, 0x01}), rle_dictionary, PhysicalType::int32, 1),
              "values encoded as RLE_DICTIONARY, which seed-tools does not read");
}

TEST(ParquetEncoding, DictionaryIndices) {
    std::vector<Value> dictionary(3);
    dictionary[0].integer = 10;
    dictionary[1].integer = 20;
    dictionary[2].integer = 30;
    auto look_up = [&](std::string_view data, std::size_t count) {
        std::vector<Value> out;
        decode_dictionary_indices(data, count, dictionary, out);
        std::vector<std::int64_t> ints;
        for (const Value& v : out) ints.push_back(v.integer);
        return ints;
    };
    const std::string indices = bytes_of({2}) + packed_run({0, 1, 2, 1, 0, 2, 2, 1}, 2) + rle_run(3, 2, 2);
    EXPECT_EQ(look_up(indices, 11), (std::vector<std::int64_t>{10, 20, 30, 20, 10, 30, 30, 20, 30, 30, 30}));
    EXPECT_EQ(look_up(bytes_of({0}) + rle_run(4, 0, 0), 4), (std::vector<std::int64_t>{10, 10, 10, 10}));
    EXPECT_TRUE(look_up("", 0).empty());
    EXPECT_EQ(error_of([&] { look_up(bytes_of({2}) + rle_run(2, 1, 2) + rle_run(1, 3, 2), 3); }),
              "dictionary index 3 of a dictionary of 3 values");
    EXPECT_EQ(error_of([&] { look_up(bytes_of({32}) + rle_run(1, 0xffffffffu, 32), 1); }),
              "dictionary index 4294967295 of a dictionary of 3 values");
    EXPECT_EQ(error_of([&] { look_up("", 1); }), "dictionary indices missing");
    EXPECT_EQ(error_of([&] { look_up(bytes_of({33, 0x02, 0, 0, 0, 0, 0}), 1); }), "dictionary indices of 33 bits");
    EXPECT_EQ(error_of([&] { look_up(bytes_of({2}) + rle_run(2, 1, 2), 3); }),
              "RLE/bit-packed data ends 1 value early");
}

// ---------------------------------------------------------------------------------------------
// ParquetReader: the conformance files.

// The folder of the Apache parquet-testing files: SEED_PARQUET_TESTING when set, else
// ../shared/reference/parquet/testing beside the checkout (found from this file's path), else
// the machine's copy. Throws (failing the test) saying where it looked.
std::filesystem::path testing_folder() {
    std::vector<std::string> tried;
    auto found = [&](const std::filesystem::path& p) {
        std::error_code ignored;
        tried.push_back(std::filesystem::absolute(p, ignored).string());
        return std::filesystem::is_regular_file(p / "alltypes_plain.parquet", ignored);
    };
    if (const char* env = std::getenv("SEED_PARQUET_TESTING"); env != nullptr && *env != '\0') {
        if (found(env)) return env;
        throw std::runtime_error(std::string("the parquet conformance files (alltypes_plain.parquet) are not in ") +
                                 tried.back() + ", where SEED_PARQUET_TESTING says they are");
    }
    // __FILE__ is tests/unit/parquet_test.cpp under the source root, as the compiler was given it
    // (relative to the build folder, where the tests run, or absolute).
    const std::filesystem::path root = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
    const std::filesystem::path beside = root / ".." / "shared" / "reference" / "parquet" / "testing";
    if (found(beside)) return beside;
    const std::filesystem::path machine = "/work/shared/reference/parquet/testing";
    if (found(machine)) return machine;
    std::string where;
    for (const std::string& t : tried) where += (where.empty() ? "" : ", ") + t;
    throw std::runtime_error("the parquet conformance files (alltypes_plain.parquet) are not in " + where +
                             "; set SEED_PARQUET_TESTING to their folder");
}

std::string conformance(const std::string& name) {
    static const std::filesystem::path folder = testing_folder();
    const std::filesystem::path path = folder / name;
    if (!std::filesystem::is_regular_file(path)) throw std::runtime_error("no conformance file " + path.string());
    return contents(path.string());
}

std::vector<std::string> read_rows(std::string_view bytes, const ColumnChoice& choice = {}, Limits limits = {},
                                   const std::string& name = "t.parquet") {
    WholeFileRows rows(name, bytes, choice, limits);
    std::vector<std::string> out;
    std::string row;
    while (rows.next(row)) {
        out.push_back(row);
        row.clear();
    }
    return out;
}

std::string read_error(std::string_view bytes, const ColumnChoice& choice = {}) {
    return error_of([&] { read_rows(bytes, choice); });
}

std::vector<std::string> read_file(const std::string& name, const ColumnChoice& choice = {}) {
    return read_rows(conformance(name), choice, {}, name);
}

const char* const alltypes_first =
    R"({"id":4,"bool_col":true,"tinyint_col":0,"smallint_col":0,"int_col":0,"bigint_col":0,"float_col":0,)"
    R"("double_col":0,"date_string_col":"03/01/09","string_col":"0","timestamp_col":"2009-03-01T00:00:00.000000000Z"})";

TEST(ParquetReader, AlltypesPlain) {
    const std::vector<std::string> rows = read_file("alltypes_plain.parquet");
    ASSERT_EQ(rows.size(), 8u);
    EXPECT_EQ(rows[0], alltypes_first);
    std::vector<std::string> ids;
    for (const std::string& row : rows) ids.push_back(row.substr(0, row.find(',')));
    EXPECT_EQ(ids, (std::vector<std::string>{R"({"id":4)", R"({"id":5)", R"({"id":6)", R"({"id":7)", R"({"id":2)",
                                             R"({"id":3)", R"({"id":0)", R"({"id":1)"}));
    EXPECT_EQ(rows[7], R"({"id":1,"bool_col":false,"tinyint_col":1,"smallint_col":1,"int_col":1,"bigint_col":10,)"
                       R"("float_col":1.1,"double_col":10.1,"date_string_col":"01/01/09","string_col":"1",)"
                       R"("timestamp_col":"2009-01-01T00:01:00.000000000Z"})");
    // The snappy copy holds the first two rows of another slice of the table.
    const std::vector<std::string> snappy = read_file("alltypes_plain.snappy.parquet");
    ASSERT_EQ(snappy.size(), 2u);
    EXPECT_EQ(snappy[0].substr(0, 8), R"({"id":6,)");
}

TEST(ParquetReader, Projection) {
    const std::string bytes = conformance("alltypes_plain.parquet");
    const ColumnChoice choice = [](const std::string& name) { return name == "id" || name == "string_col"; };
    WholeFileRows rows("alltypes_plain.parquet", bytes, choice);
    EXPECT_EQ(rows.file().columns(), (std::vector<std::string>{"id", "string_col"}));
    EXPECT_EQ(rows.file().ranges(0).size(), 2u);
    const File all("alltypes_plain.parquet", bytes, bytes.size(), {});
    EXPECT_EQ(all.columns().size(), 11u);
    EXPECT_EQ(all.ranges(0).size(), 11u);
    // The ranges of the projection are those of its columns in the whole file.
    EXPECT_EQ(rows.file().ranges(0)[0].offset, all.ranges(0)[0].offset);
    EXPECT_EQ(rows.file().ranges(0)[1].offset, all.ranges(0)[9].offset);
    EXPECT_EQ(rows.file().ranges(0)[1].length, all.ranges(0)[9].length);

    std::string row;
    ASSERT_TRUE(rows.next(row));
    EXPECT_EQ(row, R"({"id":4,"string_col":"0"})");
    std::vector<std::string> rest = read_rows(bytes, choice);
    ASSERT_EQ(rest.size(), 8u);
    EXPECT_EQ(rest[7], R"({"id":1,"string_col":"1"})");
}

TEST(ParquetReader, FromTheTail) {
    // Reading as over HTTP: the footer from the file's last bytes, then the ranges asked for.
    const std::string bytes = conformance("alltypes_plain.parquet");
    const std::uint64_t size = footer_size(std::string_view(bytes).substr(bytes.size() - 8), bytes.size());
    ASSERT_LT(size, bytes.size());
    EXPECT_EQ(error_of([&] { File("x.parquet", std::string_view(bytes).substr(bytes.size() - 8), bytes.size(), {}); }),
              "x.parquet: the footer was not read whole");
    const File file("x.parquet", std::string_view(bytes).substr(bytes.size() - static_cast<std::size_t>(size)),
                    bytes.size(), {});
    ASSERT_EQ(file.row_groups(), 1u);
    EXPECT_EQ(file.rows_in(0), 8u);
    EXPECT_EQ(file.metadata().num_rows, 8);
    std::vector<std::string> fetched;
    for (const ByteRange& r : file.ranges(0)) {
        fetched.push_back(bytes.substr(static_cast<std::size_t>(r.offset), static_cast<std::size_t>(r.length)));
    }
    RowGroupRows rows(file, 0, std::vector<std::string_view>(fetched.begin(), fetched.end()));
    std::string row;
    ASSERT_TRUE(rows.next(row));
    EXPECT_EQ(row, alltypes_first);
    EXPECT_EQ(rows.skip(5), 5u);
    row.clear();
    ASSERT_TRUE(rows.next(row));
    EXPECT_EQ(row.substr(0, 8), R"({"id":0,)");
    EXPECT_EQ(rows.skip(5), 1u);
    EXPECT_FALSE(rows.next(row));
    EXPECT_EQ(error_of([&] { RowGroupRows(file, 0, {}); }), "x.parquet: wrong number of column chunks given");
}

TEST(ParquetReader, SkipWithinARowGroup) {
    // alltypes_tiny_pages: 7300 rows in one row group of many small pages.
    const std::string bytes = conformance("alltypes_tiny_pages.parquet");
    WholeFileRows rows("alltypes_tiny_pages.parquet", bytes, {});
    EXPECT_EQ(rows.file().rows_in(0), 7300u);
    EXPECT_EQ(rows.skip(5000), 5000u);
    std::string row;
    ASSERT_TRUE(rows.next(row));
    EXPECT_EQ(row, R"({"id":4028,"bool_col":true,"tinyint_col":8,"smallint_col":8,"int_col":8,"bigint_col":80,)"
                   R"("float_col":8.8,"double_col":80.8,"date_string_col":"02/07/10","string_col":"8",)"
                   R"("timestamp_col":"2010-02-07T00:08:02.980000000Z","year":2010,"month":2})");
    EXPECT_EQ(rows.skip(2298), 2298u);
    row.clear();
    ASSERT_TRUE(rows.next(row));
    EXPECT_EQ(row.substr(0, 11), R"({"id":6174,)");
    EXPECT_EQ(rows.skip(10), 0u);
    EXPECT_FALSE(rows.next(row));
    EXPECT_EQ(rows.done_before(), bytes.size());
}

TEST(ParquetReader, NestedLists) {
    EXPECT_EQ(read_file("nested_lists.snappy.parquet"),
              (std::vector<std::string>{R"({"a":[[["a","b"],["c"]],[null,["d"]]],"b":1})",
                                        R"({"a":[[["a","b"],["c","d"]],[null,["e"]]],"b":1})",
                                        R"({"a":[[["a","b"],["c","d"],["e"]],[null,["f"]]],"b":1})"}));
    EXPECT_EQ(read_file("null_list.parquet"), (std::vector<std::string>{R"({"emptylist":[]})"}));
    EXPECT_EQ(read_file("list_columns.parquet"),
              (std::vector<std::string>{R"({"int64_list":[1,2,3],"utf8_list":["abc","efg","hij"]})",
                                        R"({"int64_list":[null,1],"utf8_list":null})",
                                        R"({"int64_list":[4],"utf8_list":["efg",null,"hij","xyz"]})"}));
}

TEST(ParquetReader, Impala) {
    EXPECT_EQ(
        read_file("nonnullable.impala.parquet"),
        (std::vector<std::string>{R"({"ID":8,"Int_Array":[-1],"int_array_array":[[-1,-2],[]],"Int_Map":{"k1":-1},)"
                                  R"("int_map_array":[{},{"k1":1},{},{}],"nested_Struct":{"a":-1,"B":[-1],)"
                                  R"("c":{"D":[[{"e":-1,"f":"nonnullable"}]]},"G":{}}})"}));
    const std::vector<std::string> rows = read_file("nullable.impala.parquet");
    ASSERT_EQ(rows.size(), 7u);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].rfind(R"({"id":)" + std::to_string(i + 1) + ",", 0), 0u) << rows[i];
    }
    EXPECT_EQ(rows[0], R"({"id":1,"int_array":[1,2,3],"int_array_Array":[[1,2],[3,4]],"int_map":{"k1":1,"k2":100},)"
                       R"("int_Map_Array":[{"k1":1}],"nested_struct":{"A":1,"b":[1],"C":{"d":[[{"E":10,"F":"aaa"},)"
                       R"({"E":-10,"F":"bbb"}],[{"E":11,"F":"c"}]]},"g":{"foo":{"H":{"i":[1.1]}}}}})");
    EXPECT_EQ(rows[5], R"({"id":6,"int_array":null,"int_array_Array":null,"int_map":null,"int_Map_Array":null,)"
                       R"("nested_struct":null})");
    EXPECT_EQ(rows[6],
              R"({"id":7,"int_array":null,"int_array_Array":[null,[5,6]],"int_map":{"k1":null,"k3":null},)"
              R"("int_Map_Array":null,"nested_struct":{"A":7,"b":[2,3,null],"C":{"d":[[],[null],null]},"g":null}})");
}

TEST(ParquetReader, DataPageV2) {
    EXPECT_EQ(read_file("datapage_v2.snappy.parquet"),
              (std::vector<std::string>{
                  R"({"a":"abc","b":1,"c":2,"d":true,"e":[1,2,3]})", R"({"a":"abc","b":2,"c":3,"d":true,"e":null})",
                  R"({"a":"abc","b":3,"c":4,"d":true,"e":null})", R"({"a":null,"b":4,"c":5,"d":false,"e":[1,2,3]})",
                  R"({"a":"abc","b":5,"c":2,"d":true,"e":[1,2]})"}));
    // A v2 page whose values are all null: no bytes to decompress (snappy), or a ZSTD stream of
    // none.
    EXPECT_EQ(read_file("datapage_v2_empty_datapage.snappy.parquet"), (std::vector<std::string>{R"({"value":null})"}));
    EXPECT_EQ(read_file("page_v2_empty_compressed.parquet").size(), 10u);
}

TEST(ParquetReader, RleBooleans) {
    const std::vector<std::string> rows = read_file("rle_boolean_encoding.parquet");
    ASSERT_EQ(rows.size(), 68u);
    EXPECT_EQ(std::count(rows.begin(), rows.end(), R"({"datatype_boolean":true})"), 36);
    EXPECT_EQ(std::count(rows.begin(), rows.end(), R"({"datatype_boolean":false})"), 26);
    EXPECT_EQ(std::count(rows.begin(), rows.end(), R"({"datatype_boolean":null})"), 6);
    EXPECT_EQ(std::vector<std::string>(rows.begin(), rows.begin() + 4),
              (std::vector<std::string>{R"({"datatype_boolean":true})", R"({"datatype_boolean":false})",
                                        R"({"datatype_boolean":null})", R"({"datatype_boolean":true})"}));
}

TEST(ParquetReader, DeltaEncodedFiles) {
    // FRUIT: "apple_banana_mango" and the square of the row number.
    const std::vector<std::string> rows = read_file("delta_length_byte_array.parquet");
    ASSERT_EQ(rows.size(), 1000u);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        ASSERT_EQ(rows[i], R"({"FRUIT":"apple_banana_mango)" + std::to_string(i * i) + "\"}") << i;
    }
    // BYTE_STREAM_SPLIT over ZSTD pages: standard normals from numpy's seed 0, whose first two
    // are 1.764052345967664 and 0.4001572083672233 (f32 as floats).
    const std::vector<std::string> normals = read_file("byte_stream_split.zstd.parquet");
    ASSERT_EQ(normals.size(), 300u);
    EXPECT_EQ(normals[0].rfind(R"({"f32":1.7640524,"f64":)", 0), 0u) << normals[0];
    EXPECT_EQ(normals[1].rfind(R"({"f32":0.4001572,"f64":)", 0), 0u) << normals[1];
}

TEST(ParquetReader, EveryConformanceFile) {
    // Every row of every file (each codec, page kind and encoding among them), as many as the
    // footer says.
    for (const char* name : {"alltypes_dictionary.parquet",
                             "alltypes_plain.parquet",
                             "alltypes_plain.snappy.parquet",
                             "alltypes_tiny_pages.parquet",
                             "binary.parquet",
                             "byte_stream_split.zstd.parquet",
                             "concatenated_gzip_members.parquet",
                             "datapage_v2.snappy.parquet",
                             "datapage_v2_empty_datapage.snappy.parquet",
                             "delta_byte_array.parquet",
                             "delta_length_byte_array.parquet",
                             "dict-page-offset-zero.parquet",
                             "hadoop_lz4_compressed.parquet",
                             "int32_with_null_pages.parquet",
                             "list_columns.parquet",
                             "lz4_raw_compressed.parquet",
                             "nested_lists.snappy.parquet",
                             "non_hadoop_lz4_compressed.parquet",
                             "nonnullable.impala.parquet",
                             "null_list.parquet",
                             "nullable.impala.parquet",
                             "nulls.snappy.parquet",
                             "page_v2_empty_compressed.parquet",
                             "rle_boolean_encoding.parquet"}) {
        SCOPED_TRACE(name);
        const std::string bytes = conformance(name);
        WholeFileRows rows(name, bytes, {});
        std::uint64_t count = 0;
        std::string row;
        while (rows.next(row)) ++count;
        EXPECT_EQ(count, static_cast<std::uint64_t>(rows.file().metadata().num_rows));
        EXPECT_GT(count, 0u);
    }
    // A string page of 1 GiB (brotli makes it 4 KiB), past the page limit; a dictionary page whose
    // size is wrong.
    EXPECT_EQ(error_of([] { read_file("large_string_map.brotli.parquet"); }),
              "large_string_map.brotli.parquet: column 'arr.key_value.key', row group 0: a page of 1073741828 bytes, "
              "more than the 1024 MiB a page may have here");
    EXPECT_EQ(error_of([] {
                  read_file("nation.dict-malformed.parquet");
              }).rfind("nation.dict-malformed.parquet: column 'name', row group 0: ", 0),
              0u);
}

// ---------------------------------------------------------------------------------------------
// ParquetReader: the footer's ending.

TEST(ParquetReader, FooterSize) {
    const std::string bytes = conformance("alltypes_plain.parquet");
    const std::uint32_t length = static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[bytes.size() - 8])) |
                                 static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[bytes.size() - 7])) << 8 |
                                 static_cast<std::uint32_t>(static_cast<std::uint8_t>(bytes[bytes.size() - 6])) << 16;
    EXPECT_EQ(footer_size(bytes, bytes.size()), length + 8u);
    EXPECT_EQ(footer_size(std::string_view(bytes).substr(bytes.size() - 8), bytes.size()), length + 8u);

    EXPECT_EQ(error_of([] { footer_size("PAR1", 4); }), "not a parquet file: too short (4 bytes)");
    EXPECT_EQ(error_of([] { footer_size(le32(0) + "PAR1", 8); }), "not a parquet file: too short (8 bytes)");
    EXPECT_EQ(error_of([] { footer_size("PAR1PAR1PAR", 11); }), "not a parquet file: too short (11 bytes)");
    EXPECT_EQ(error_of([] { footer_size("PAR1" + le32(0) + "PAR2", 12); }),
              "not a parquet file: it does not end with PAR1");
    EXPECT_EQ(error_of([] { footer_size(std::string(100, '{') + "\n", 101); }),
              "not a parquet file: it does not end with PAR1");
    EXPECT_EQ(error_of([] { footer_size("PAR1" + le32(20) + "PARE", 100); }),
              "an encrypted parquet file (encrypted footer), which seed-tools does not read");
    // The footer must fit between the leading PAR1 and its length: 100 bytes hold at most 88.
    EXPECT_EQ(footer_size(le32(88) + "PAR1", 100), 96u);
    EXPECT_EQ(error_of([] { footer_size(le32(89) + "PAR1", 100); }),
              "corrupt footer: its length (89 bytes) is more than the file holds");
    EXPECT_EQ(error_of([] { footer_size(le32(0xffffffffu) + "PAR1", 100); }),
              "corrupt footer: its length (4294967295 bytes) is more than the file holds");
    EXPECT_EQ(footer_size("PAR1" + le32(0) + "PAR1", 12), 8u);

    // Through WholeFileRows: the file's name first.
    std::string encrypted = bytes;
    encrypted.replace(encrypted.size() - 4, 4, "PARE");
    EXPECT_EQ(read_error(encrypted),
              "t.parquet: an encrypted parquet file (encrypted footer), which seed-tools does not read");
    EXPECT_EQ(read_error(bytes.substr(0, bytes.size() - 1)),
              "t.parquet: not a parquet file: it does not end with PAR1");
    EXPECT_EQ(read_error("PAR1"), "t.parquet: not a parquet file: too short (4 bytes)");
    std::string longer = bytes;
    longer.replace(longer.size() - 8, 4, le32(static_cast<std::uint32_t>(bytes.size())));
    EXPECT_EQ(read_error(longer), "t.parquet: corrupt footer: its length (" + std::to_string(bytes.size()) +
                                      " bytes) is more than the file holds");
}

// ---------------------------------------------------------------------------------------------
// ParquetReader: files written here, by hand.

// A page: its header (a DATA_PAGE's or a DICTIONARY_PAGE's) and `body`, uncompressed.
std::string page(PageType type, std::string_view body, std::int32_t count, int encoding = plain) {
    Compact h;
    const auto size = static_cast<std::int64_t>(body.size());
    h.i32(1, static_cast<int>(type)).i32(2, size).i32(3, size);
    if (type == PageType::dictionary) {
        h.begin(7).i32(1, count).i32(2, encoding).end();
    } else {
        h.begin(5).i32(1, count).i32(2, encoding).i32(3, rle).i32(4, rle).end();
    }
    return h.finish() + std::string(body);
}

std::string data_page(std::string_view body, std::int32_t count, int encoding = plain) {
    return page(PageType::data, body, count, encoding);
}

// One column of a hand-written file: a required column, its chunks' pages written here.
struct HandColumn {
    std::string name;
    int physical = 1;                             // parquet.thrift Type
    std::string logical;                          // a LogicalType union's bytes, or none
    std::vector<std::string> chunks;              // per row group: the column chunk's pages
    std::vector<std::int64_t> counts;             // per row group: the chunk's num_values
    std::int32_t type_length = 0;                 // FIXED_LEN_BYTE_ARRAY
    std::function<void(Compact&)> annotate = {};  // SchemaElement fields 5 to 10
};

std::string int32_values(std::int32_t from, std::int32_t to) {
    std::string out;
    for (std::int32_t v = from; v < to; ++v) out += le32(static_cast<std::uint32_t>(v));
    return out;
}

// "PAR1", the column chunks column by column within each row group, the footer, its length and
// "PAR1". `footer_extra` writes more FileMetaData fields (ids above 6).
std::string hand_file(const std::vector<HandColumn>& columns, const std::vector<std::int64_t>& rows,
                      const std::function<void(Compact&)>& footer_extra = {}) {
    std::string file = "PAR1";
    struct Chunk {
        std::int64_t offset, size, count;
    };
    std::vector<std::vector<Chunk>> chunks(rows.size());
    for (std::size_t g = 0; g < rows.size(); ++g) {
        for (const HandColumn& c : columns) {
            chunks[g].push_back(
                {static_cast<std::int64_t>(file.size()), static_cast<std::int64_t>(c.chunks[g].size()), c.counts[g]});
            file += c.chunks[g];
        }
    }
    Compact f;
    f.i32(1, 1).list(2, t_struct, columns.size() + 1);
    f.element().binary(4, "schema").i32(5, static_cast<std::int64_t>(columns.size())).end();
    for (const HandColumn& c : columns) {
        f.element().i32(1, c.physical);
        if (c.type_length != 0) f.i32(2, c.type_length);
        f.i32(3, 0).binary(4, c.name);
        if (c.annotate) c.annotate(f);
        if (!c.logical.empty()) f.field(10, t_struct).raw(c.logical);
        f.end();
    }
    std::int64_t total = 0;
    for (const std::int64_t r : rows) total += r;
    f.i64(3, total).list(4, t_struct, rows.size());
    for (std::size_t g = 0; g < rows.size(); ++g) {
        f.element().list(1, t_struct, columns.size());
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const Chunk& k = chunks[g][c];
            f.element().i64(2, k.offset).begin(3);
            f.i32(1, columns[c].physical)
                .list(2, t_i32, 1)
                .zigzag_value(plain)
                .list(3, t_binary, 1)
                .raw_binary(columns[c].name);
            f.i32(4, 0).i64(5, k.count).i64(6, k.size).i64(7, k.size).i64(9, k.offset);
            f.end().end();
        }
        f.i64(2, 0).i64(3, rows[g]).end();
    }
    f.binary(6, "hand");
    if (footer_extra) footer_extra(f);
    const std::string footer = f.finish();
    return file + footer + le32(static_cast<std::uint32_t>(footer.size())) + "PAR1";
}

// Column "x": INT32 values 0, 1, ... in row groups of `sizes` rows.
HandColumn counting_column(const std::vector<std::int32_t>& sizes) {
    HandColumn c{"x", 1, "", {}, {}, 0};
    std::int32_t at = 0;
    for (const std::int32_t n : sizes) {
        c.chunks.push_back(data_page(int32_values(at, at + n), n));
        c.counts.push_back(n);
        at += n;
    }
    return c;
}

std::string x_row(int v) { return R"({"x":)" + std::to_string(v) + "}"; }

TEST(ParquetReader, HandWrittenRowGroups) {
    const std::string bytes = hand_file({counting_column({3, 2, 4})}, {3, 2, 4});
    std::vector<std::string> expected;
    for (int i = 0; i < 9; ++i) expected.push_back(x_row(i));
    EXPECT_EQ(read_rows(bytes), expected);

    WholeFileRows rows("hand.parquet", bytes, {});
    const File& file = rows.file();
    ASSERT_EQ(file.row_groups(), 3u);
    EXPECT_EQ(file.rows_in(0), 3u);
    EXPECT_EQ(file.rows_in(1), 2u);
    EXPECT_EQ(file.rows_in(2), 4u);
    EXPECT_EQ(file.metadata().num_rows, 9);
    EXPECT_EQ(file.columns(), (std::vector<std::string>{"x"}));
    EXPECT_EQ(rows.done_before(), 4u);
    // Row group 0 whole, then one row of row group 1.
    EXPECT_EQ(rows.skip(4), 4u);
    std::string row;
    ASSERT_TRUE(rows.next(row));
    EXPECT_EQ(row, x_row(4));
    EXPECT_EQ(rows.done_before(), file.ranges(1)[0].offset);
    // The rest of row group 1 is none; row group 2 partly.
    EXPECT_EQ(rows.skip(2), 2u);
    row.clear();
    ASSERT_TRUE(rows.next(row));
    EXPECT_EQ(row, x_row(7));
    EXPECT_EQ(rows.done_before(), file.ranges(2)[0].offset);
    EXPECT_EQ(rows.skip(100), 1u);
    EXPECT_FALSE(rows.next(row));
    EXPECT_EQ(rows.skip(1), 0u);
    EXPECT_EQ(rows.done_before(), bytes.size());

    // Skips ending on a row group's end, and of nothing.
    WholeFileRows again("hand.parquet", bytes, {});
    EXPECT_EQ(again.skip(0), 0u);
    EXPECT_EQ(again.skip(3), 3u);
    row.clear();
    ASSERT_TRUE(again.next(row));
    EXPECT_EQ(row, x_row(3));
    EXPECT_EQ(again.skip(1), 1u);
    row.clear();
    ASSERT_TRUE(again.next(row));
    EXPECT_EQ(row, x_row(5));
    EXPECT_EQ(again.skip(8), 3u);
}

TEST(ParquetReader, SkippedRowGroupsAreNotRead) {
    // Row group 1's page says 2 values but holds 1: reading it is an error, skipping it is not.
    HandColumn x = counting_column({3, 2, 4});
    x.chunks[1] = data_page(int32_values(3, 4), 2);
    const std::string bytes = hand_file({x}, {3, 2, 4});
    EXPECT_EQ(read_error(bytes), "t.parquet: column 'x', row group 1: PLAIN values cut off");
    WholeFileRows rows("t.parquet", bytes, {});
    EXPECT_EQ(rows.skip(5), 5u);
    std::string row;
    ASSERT_TRUE(rows.next(row));
    EXPECT_EQ(row, x_row(5));
    // A failed next() leaves `out` as it was.
    WholeFileRows failing("t.parquet", bytes, {});
    EXPECT_EQ(failing.skip(3), 3u);
    row = "before";
    EXPECT_EQ(error_of([&] { failing.next(row); }), "t.parquet: column 'x', row group 1: PLAIN values cut off");
    EXPECT_EQ(row, "before");
}

TEST(ParquetReader, RowCountsThatDisagree) {
    // The row group says 4 rows, its column holds 3; says 2, holds 3.
    EXPECT_EQ(read_error(hand_file({counting_column({3})}, {4})),
              "t.parquet: column 'x', row group 0: fewer rows than the row group's 4");
    EXPECT_EQ(read_error(hand_file({counting_column({3})}, {2})),
              "t.parquet: column 'x', row group 0: more rows than the row group's 2");
    // Two columns, one shorter than the other.
    HandColumn y = counting_column({2});
    y.name = "y";
    EXPECT_EQ(read_error(hand_file({counting_column({3}), y}, {3})),
              "t.parquet: column 'y', row group 0: fewer rows than the row group's 3");
    HandColumn z = counting_column({3});
    z.name = "z";
    EXPECT_EQ(read_rows(hand_file({counting_column({3}), z}, {3})),
              (std::vector<std::string>{R"({"x":0,"z":0})", R"({"x":1,"z":1})", R"({"x":2,"z":2})"}));
}

TEST(ParquetReader, UnsupportedLogicalTypes) {
    auto logical_union = [](int id, bool long_form) {
        Compact l;
        l.begin(id, long_form).end();
        return l.finish();
    };
    HandColumn v{"v", 6, logical_union(16, false), {data_page(le32(1) + "a", 1)}, {1}, 0};
    const std::string bytes = hand_file({counting_column({1}), v}, {1});
    EXPECT_EQ(read_error(bytes), "t.parquet: column 'v': logical type VARIANT is not supported");
    // Not read, it is no matter.
    EXPECT_EQ(read_rows(bytes, [](const std::string& name) { return name == "x"; }),
              (std::vector<std::string>{x_row(0)}));

    HandColumn future{"f", 6, logical_union(30, true), {data_page(le32(1) + "a", 1)}, {1}, 0};
    const std::string future_bytes = hand_file({counting_column({1}), future}, {1});
    EXPECT_EQ(read_error(future_bytes).rfind("t.parquet: column 'f': logical type 30 is not supported", 0), 0u);
    EXPECT_NE(read_error(future_bytes).find("logical type 30"), std::string::npos);
    EXPECT_EQ(read_rows(future_bytes, [](const std::string& name) { return name == "x"; }),
              (std::vector<std::string>{x_row(0)}));

    // A STRING column written the same way is read.
    HandColumn s{"s", 6, logical_union(1, false), {data_page(le32(2) + "hi", 1)}, {1}, 0};
    EXPECT_EQ(read_rows(hand_file({s}, {1})), (std::vector<std::string>{R"({"s":"hi"})"}));
}

TEST(ParquetReader, EncryptedFooterFields) {
    const std::string bytes =
        hand_file({counting_column({1})}, {1}, [](Compact& f) { f.begin(8).begin(1).end().end(); });
    EXPECT_EQ(read_error(bytes), "t.parquet: an encrypted parquet file, which seed-tools does not read");
}

TEST(ParquetReader, HandWrittenDictionaries) {
    // FIXED_LEN_BYTE_ARRAY(3) "abc", "xyz" in a dictionary page, then indices 1, 0, 1, 1.
    const std::string dictionary = page(PageType::dictionary, "abcxyz", 2);
    const std::string indices = bytes_of({1}) + packed_run({1, 0, 1, 1, 0, 0, 0, 0}, 1);
    auto column = [](std::string chunk, std::int64_t count) {
        return HandColumn{"f", 7, "", {std::move(chunk)}, {count}, 3};
    };
    EXPECT_EQ(read_rows(hand_file({column(dictionary + data_page(indices, 4, rle_dictionary), 4)}, {4})),
              (std::vector<std::string>{R"({"f":"xyz"})", R"({"f":"abc"})", R"({"f":"xyz"})", R"({"f":"xyz"})"}));
    // PLAIN_DICTIONARY, the older number, reads the same.
    EXPECT_EQ(read_rows(hand_file({column(dictionary + data_page(indices, 4, 2), 4)}, {4})).size(), 4u);

    EXPECT_EQ(read_error(hand_file(
                  {column(dictionary + data_page(bytes_of({1}) + rle_run(4, 2, 1), 4, rle_dictionary), 4)}, {4})),
              "t.parquet: column 'f', row group 0: dictionary index 2 of a dictionary of 2 values");
    EXPECT_EQ(read_error(hand_file({column(data_page(indices, 4, rle_dictionary), 4)}, {4})),
              "t.parquet: column 'f', row group 0: a dictionary-encoded page without a dictionary page before it");
    EXPECT_EQ(read_error(hand_file({column(dictionary + dictionary + data_page(indices, 4, rle_dictionary), 4)}, {4})),
              "t.parquet: column 'f', row group 0: a second dictionary page");
    EXPECT_EQ(read_error(hand_file(
                  {column(page(PageType::dictionary, "abcxy", 2) + data_page(indices, 4, rle_dictionary), 4)}, {4})),
              "t.parquet: column 'f', row group 0: PLAIN values cut off");
}

// Three rows of one required column, PLAIN.
HandColumn typed(std::string name, int physical, std::int32_t length, std::function<void(Compact&)> annotate,
                 std::string values) {
    return HandColumn{std::move(name), physical, "", {data_page(values, 3)}, {3}, length, std::move(annotate)};
}

std::string fixed_values(std::initializer_list<std::int64_t> values, std::size_t width) {
    std::string out;
    for (const std::int64_t v : values) put_le(out, static_cast<std::uint64_t>(v), width);
    return out;
}

std::string byte_arrays(std::initializer_list<std::string> values) {
    std::string out;
    for (const std::string& v : values) out += le32(static_cast<std::uint32_t>(v.size())) + v;
    return out;
}

void timestamp(Compact& c, bool utc, int unit) {
    logical(c, 8, [&](Compact& t) { t.boolean(1, utc).begin(2).begin(unit).end().end(); });
}

TEST(ParquetReader, ValueConventions) {
    // tests/parquet/README.md's row convention, on each kind of value.
    constexpr std::int64_t i64_max = std::numeric_limits<std::int64_t>::max(),
                           i64_min = std::numeric_limits<std::int64_t>::min();
    const std::vector<HandColumn> columns{
        typed(
            "date", 1, 0, [](Compact& c) { logical(c, 6); }, fixed_values({0, -719162, 2932896}, 4)),
        typed(
            "dec32", 1, 0, [](Compact& c) { logical(c, 5, [](Compact& d) { d.i32(1, 2).i32(2, 9); }); },
            fixed_values({12345, -5, 0}, 4)),
        typed(
            "dec64", 2, 0, [](Compact& c) { c.i32(6, converted::decimal).i32(7, 4).i32(8, 18); },
            fixed_values({i64_max, i64_min, 1}, 8)),
        typed(
            "decflba", 7, 16, [](Compact& c) { logical(c, 5, [](Compact& d) { d.i32(1, 3).i32(2, 38); }); },
            std::string(15, '\0') + '\x01' + std::string(16, '\xff') + '\x7f' + std::string(15, '\xff')),
        typed(
            "decba", 6, 0, [](Compact& c) { c.i32(6, converted::decimal).i32(7, 0).i32(8, 5); },
            byte_arrays({"", "\x80", std::string("\x01\x00", 2)})),
        typed(
            "ts_ms", 2, 0, [](Compact& c) { timestamp(c, false, 1); }, fixed_values({0, -1, 1700000000123}, 8)),
        typed(
            "ts_us", 2, 0, [](Compact& c) { timestamp(c, true, 2); }, fixed_values({1, -86400000001, 0}, 8)),
        typed(
            "ts_ns", 2, 0, [](Compact& c) { timestamp(c, false, 3); }, fixed_values({1, 0, -1}, 8)),
        typed(
            "ts_legacy", 2, 0, [](Compact& c) { c.i32(6, converted::timestamp_millis); }, fixed_values({0, 1, 2}, 8)),
        typed(
            "u32", 1, 0, [](Compact& c) { logical(c, 10, [](Compact& i) { i.i8(1, 32).boolean(2, false); }); },
            fixed_values({-1, 0, 2147483647}, 4)),
        typed(
            "u64", 2, 0, [](Compact& c) { c.i32(6, converted::uint_64); }, fixed_values({-1, 0, 1}, 8)),
        typed(
            "i8", 1, 0, [](Compact& c) { c.i32(6, converted::int_8); }, fixed_values({-128, 127, 0}, 4)),
        typed(
            "s", 6, 0, [](Compact& c) { logical(c, 1); },
            byte_arrays({"a\xff"
                         "b",
                         "\xef\xbb\xbf\"q\" \\ \n\x01", "x\xe2\x82"})),
        typed("bin", 6, 0, {}, byte_arrays({"\xc3\x28", "", std::string(1, '\0')})),
        typed("flba", 7, 2, {}, "hi\xc3\xa9ok"),
        typed(
            "uuid", 7, 16, [](Compact& c) { logical(c, 14); },
            bytes_of({0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff}) +
                std::string(16, '\xff') + std::string(16, '\0')),
        typed("f", 4, 0, {},
              fixed_values({std::bit_cast<std::int32_t>(1.1f),
                            std::bit_cast<std::int32_t>(std::numeric_limits<float>::quiet_NaN()),
                            std::bit_cast<std::int32_t>(-0.0f)},
                           4)),
        typed("d", 5, 0, {},
              fixed_values({std::bit_cast<std::int64_t>(5e-324),
                            std::bit_cast<std::int64_t>(-std::numeric_limits<double>::infinity()),
                            std::bit_cast<std::int64_t>(0.1)},
                           8)),
        typed(
            "f16", 7, 2, [](Compact& c) { logical(c, 15); }, fixed_values({0x3c00, 0x7e00, 0xc000}, 2)),
        typed(
            "nothing", 1, 0, [](Compact& c) { logical(c, 11); }, fixed_values({1, 2, 3}, 4)),
    };
    const std::vector<std::string> rows = read_rows(hand_file(columns, {3}));
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(rows[0], R"({"date":"1970-01-01","dec32":123.45,"dec64":922337203685477.5807,"decflba":0.001,"decba":0,)"
                       R"("ts_ms":"1970-01-01T00:00:00.000","ts_us":"1970-01-01T00:00:00.000001Z",)"
                       R"("ts_ns":"1970-01-01T00:00:00.000000001","ts_legacy":"1970-01-01T00:00:00.000Z",)"
                       R"("u32":4294967295,"u64":18446744073709551615,"i8":-128,"s":"a)"
                       "\xef\xbf\xbd"
                       R"(b",)"
                       R"("bin":")"
                       "\xef\xbf\xbd"
                       R"((","flba":"hi","uuid":"00112233-4455-6677-8899-aabbccddeeff",)"
                       R"("f":1.1,"d":5e-324,"f16":1,"nothing":null})");
    EXPECT_EQ(rows[1],
              R"({"date":"0001-01-01","dec32":-0.05,"dec64":-922337203685477.5808,"decflba":-0.001,"decba":-128,)"
              R"("ts_ms":"1969-12-31T23:59:59.999","ts_us":"1969-12-30T23:59:59.999999Z",)"
              R"("ts_ns":"1970-01-01T00:00:00.000000000","ts_legacy":"1970-01-01T00:00:00.001Z",)"
              R"("u32":0,"u64":0,"i8":127,"s":")"
              "\xef\xbb\xbf"
              R"(\"q\" \\ \n\u0001",)"
              R"("bin":"","flba":")"
              "\xc3\xa9"
              R"(","uuid":"ffffffff-ffff-ffff-ffff-ffffffffffff",)"
              R"("f":null,"d":null,"f16":null,"nothing":null})");
    EXPECT_EQ(rows[2],
              R"({"date":"9999-12-31","dec32":0.00,"dec64":0.0001,"decflba":170141183460469231731687303715884105.727,)"
              R"("decba":256,"ts_ms":"2023-11-14T22:13:20.123","ts_us":"1970-01-01T00:00:00.000000Z",)"
              R"("ts_ns":"1969-12-31T23:59:59.999999999","ts_legacy":"1970-01-01T00:00:00.002Z",)"
              R"("u32":2147483647,"u64":1,"i8":0,"s":"x)"
              "\xef\xbf\xbd"
              R"(",)"
              R"("bin":"\u0000","flba":"ok","uuid":"00000000-0000-0000-0000-000000000000",)"
              R"("f":-0,"d":0.1,"f16":-2,"nothing":null})");
}

TEST(ParquetReader, Float16ExactValue) {
    // 0x3c01 is 1 + 2^-10; 0x0001, the least subnormal, 2^-24 (as a double's shortest text).
    const HandColumn f16 = typed(
        "f16", 7, 2, [](Compact& c) { logical(c, 15); }, fixed_values({0x3c01, 0x0001, 0x7bff}, 2));
    EXPECT_EQ(
        read_rows(hand_file({f16}, {3})),
        (std::vector<std::string>{R"({"f16":1.0009765625})", R"({"f16":5.960464477539063e-08})", R"({"f16":65504})"}));
}

// ---------------------------------------------------------------------------------------------
// ParquetReader: corrupt files. Each must read, or throw seed::Error; never crash, never read
// out of bounds (the ASAN build checks), never throw anything else.

const Limits small_limits{std::uint64_t{1} << 22, std::uint64_t{1} << 16};

// "rows N" or "error: ...".
std::string outcome(std::string_view bytes) {
    try {
        return "rows " + std::to_string(read_rows(bytes, {}, small_limits).size());
    } catch (const Error& e) {
        return std::string("error: ") + e.what();
    } catch (const std::exception& e) {
        ADD_FAILURE() << "not a seed::Error: " << e.what();
        return "other";
    }
}

TEST(ParquetReader, HugeDictionaryCount) {
    // A dictionary page of INT32_MAX values of 3 bytes holding 6 bytes.
    const HandColumn f{
        "f", 7,
        "",  {page(PageType::dictionary, "abcxyz", 2147483647) + data_page(bytes_of({1, 0x02, 0}), 1, rle_dictionary)},
        {1}, 3};
    const std::string result = outcome(hand_file({f}, {1}));
    EXPECT_EQ(result.rfind("error: t.parquet: column 'f', row group 0: ", 0), 0u) << result;
}

TEST(ParquetReader, TruncatedFiles) {
    const std::string bytes = conformance("alltypes_plain.parquet");
    const std::size_t n = bytes.size();
    for (const std::size_t length : {std::size_t{0}, std::size_t{1}, std::size_t{4}, std::size_t{8}, std::size_t{11},
                                     std::size_t{12}, n / 3, n / 2, n - 8, n - 1}) {
        const std::string result = outcome(bytes.substr(0, length));
        EXPECT_EQ(result.rfind("error: t.parquet: ", 0), 0u) << length << ": " << result;
    }
    // The data cut short with the footer kept. A byte or ten less makes the last column chunk
    // end in the footer's first bytes, which are read as values (nothing tells them apart);
    // more makes chunks lie beyond the end of the file.
    const std::size_t footer = static_cast<std::size_t>(footer_size(bytes, n));
    for (std::size_t cut = 1; cut <= n - footer - 4; ++cut) {
        const std::string shorter = bytes.substr(0, n - footer - cut) + bytes.substr(n - footer);
        const std::string result = outcome(shorter);
        if (cut >= 100) {
            EXPECT_EQ(result.rfind("error: t.parquet: ", 0), 0u) << cut << ": " << result;
        }
    }
}

TEST(ParquetReader, FlippedFooterBytes) {
    for (const char* name : {"alltypes_plain.parquet", "nested_lists.snappy.parquet", "nullable.impala.parquet"}) {
        const std::string bytes = conformance(name);
        const std::size_t footer = static_cast<std::size_t>(footer_size(bytes, bytes.size()));
        int errors = 0;
        for (std::size_t at = bytes.size() - footer; at < bytes.size() - 8; ++at) {
            for (const int mask : {0x01, 0x80, 0xff}) {
                std::string corrupt = bytes;
                corrupt[at] = static_cast<char>(corrupt[at] ^ mask);
                if (outcome(corrupt).rfind("error: ", 0) == 0) ++errors;
            }
        }
        EXPECT_GT(errors, 0) << name;
    }
}

TEST(ParquetReader, FlippedPageBytes) {
    for (const char* name : {"alltypes_plain.parquet", "datapage_v2.snappy.parquet", "nested_lists.snappy.parquet",
                             "nonnullable.impala.parquet", "rle_boolean_encoding.parquet"}) {
        const std::string bytes = conformance(name);
        const std::size_t footer = static_cast<std::size_t>(footer_size(bytes, bytes.size()));
        for (std::size_t at = 4; at < bytes.size() - footer; ++at) {
            for (const int mask : {0x02, 0x40, 0xff}) {
                std::string corrupt = bytes;
                corrupt[at] = static_cast<char>(corrupt[at] ^ mask);
                (void)outcome(corrupt);
            }
        }
    }
}

TEST(ParquetReader, DataPageOffsetElsewhere) {
    // The footer's data_page_offset of each column of alltypes_plain (field 9, an i64 after
    // field 7: header 0x26) pointed at every byte of the file and beyond it: each is read or
    // refused.
    const std::string bytes = conformance("alltypes_plain.parquet");
    const std::size_t footer = static_cast<std::size_t>(footer_size(bytes, bytes.size()));
    const std::size_t start = bytes.size() - footer;
    const FileMetaData meta = decode_file_metadata(std::string_view(bytes).substr(start, footer - 8));
    const std::vector<ColumnChunk>& columns = meta.row_groups[0].columns;
    ASSERT_EQ(columns[0].meta->data_page_offset, 49);
    // The file with column c's data_page_offset, whose varint is at `at`, `width` bytes long, set
    // to `offset` (the footer's length follows).
    auto patched = [&](std::size_t at, std::size_t width, std::int64_t offset) {
        std::string encoded;
        put_zigzag(encoded, offset);
        std::string out = bytes.substr(0, at) + encoded + bytes.substr(at + width);
        out.replace(out.size() - 8, 4, le32(static_cast<std::uint32_t>(footer - 8 + encoded.size() - width)));
        return out;
    };
    for (std::size_t c = 0; c < columns.size(); ++c) {
        SCOPED_TRACE(c);
        std::string pattern = "\x26";
        put_zigzag(pattern, columns[c].meta->data_page_offset);
        const std::size_t found = bytes.find(pattern, start);
        ASSERT_NE(found, std::string::npos);
        const std::size_t at = found + 1, width = pattern.size() - 1;
        // The place is right: the patched footer says so.
        const std::string check = patched(at, width, 12345);
        const std::size_t check_footer = static_cast<std::size_t>(footer_size(check, check.size()));
        const FileMetaData m =
            decode_file_metadata(std::string_view(check).substr(check.size() - check_footer, check_footer - 8));
        ASSERT_EQ(m.row_groups[0].columns[c].meta->data_page_offset, 12345);
        // Every offset for the first two columns (one with a dictionary, one without), every
        // 11th for the others.
        const std::int64_t step = c < 2 ? 1 : 11;
        for (std::int64_t offset = 0; offset < static_cast<std::int64_t>(bytes.size()) + 8; offset += step) {
            (void)outcome(patched(at, width, offset));
        }
        for (const std::int64_t offset : {std::int64_t{-1}, std::int64_t{-64}, std::int64_t{1} << 40}) {
            const std::string result = outcome(patched(at, width, offset));
            if (columns[c].meta->dictionary_page_offset) continue;  // the chunk starts at its dictionary
            EXPECT_EQ(result.rfind("error: t.parquet: ", 0), 0u) << result;
        }
    }
    // bool_col (no dictionary) pointed past the end of the file, and at id's dictionary page.
    std::string pattern = "\x26";
    put_zigzag(pattern, columns[1].meta->data_page_offset);
    const std::size_t at = bytes.find(pattern, start) + 1;
    EXPECT_EQ(outcome(patched(at, pattern.size() - 1, static_cast<std::int64_t>(bytes.size()))),
              "error: t.parquet: corrupt footer: a column chunk of row group 0 lies beyond the end of the file");
    EXPECT_EQ(
        outcome(patched(at, pattern.size() - 1, 4)),
        "error: t.parquet: column 'bool_col', row group 0: a page of 32 bytes runs past the end of the column chunk");
}

TEST(ParquetReader, DeltaByteArrayAgainstItsCsv) {
    // delta_byte_array_expect.csv: the file's values, quoted, an empty field for null.
    const std::string csv = conformance("delta_byte_array_expect.csv");
    std::vector<std::string> names;
    std::vector<std::string> expected;
    std::size_t at = 0;
    for (bool header = true; at < csv.size(); header = false) {
        const std::size_t end = csv.find('\n', at);
        const std::string line = csv.substr(at, end - at);
        at = end == std::string::npos ? csv.size() : end + 1;
        std::vector<std::string> fields;  // JSON values
        std::size_t i = 0;
        while (i <= line.size()) {
            if (i < line.size() && line[i] == '"') {
                const std::size_t close = line.find('"', i + 1);
                fields.push_back(line.substr(i, close + 1 - i));
                i = close + 2;
            } else {
                fields.push_back("null");
                i += 1;
            }
        }
        if (header) {
            names = fields;
            continue;
        }
        ASSERT_EQ(fields.size(), names.size()) << line;
        std::string row = "{";
        for (std::size_t f = 0; f < fields.size(); ++f) row += (f > 0 ? "," : "") + names[f] + ":" + fields[f];
        expected.push_back(row + "}");
    }
    ASSERT_EQ(expected.size(), 1000u);
    EXPECT_EQ(read_file("delta_byte_array.parquet"), expected);
}

}  // namespace
}  // namespace seed::parquet
