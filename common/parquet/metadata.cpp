#include "metadata.hpp"

#include <cstring>
#include <functional>
#include <utility>

#include "error.hpp"

namespace seed::parquet {

namespace {

// Thrift compact protocol types (the low nibble of a field header).
enum : int {
    t_stop = 0,
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
    t_uuid = 13,
};

// Nesting deeper than this is refused: parquet's structs nest a few levels, and a bound keeps
// corrupt input from exhausting the stack.
constexpr int max_depth = 64;

class Compact {
public:
    Compact(std::string_view bytes, const char* what) : bytes_(bytes), what_(what) {}

    std::size_t position() const { return pos_; }

    [[noreturn]] void fail(const std::string& why) const {
        throw Error(std::string(what_) + ": " + why + " at byte " + std::to_string(pos_));
    }

    std::uint8_t byte() {
        if (pos_ >= bytes_.size()) fail("cut off");
        return static_cast<std::uint8_t>(bytes_[pos_++]);
    }

    std::uint64_t varint() {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            const std::uint8_t b = byte();
            value |= static_cast<std::uint64_t>(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
        fail("a varint longer than 10 bytes");
    }

    std::int64_t zigzag() {
        const std::uint64_t v = varint();
        return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
    }

    std::int32_t i32() {
        const std::int64_t v = zigzag();
        if (v < INT32_MIN || v > INT32_MAX) fail("an i32 out of range");
        return static_cast<std::int32_t>(v);
    }

    std::string_view binary() {
        const std::uint64_t n = varint();
        if (n > bytes_.size() - pos_) fail("a string longer than the bytes left");
        const std::string_view s = bytes_.substr(pos_, static_cast<std::size_t>(n));
        pos_ += static_cast<std::size_t>(n);
        return s;
    }

    // Calls field(id, type) for each field of a struct until its stop; `field` reads the value
    // or calls skip(type). Booleans are carried in the type (t_true/t_false).
    void read_struct(const std::function<void(int, int)>& field) {
        if (++depth_ > max_depth) fail("nesting deeper than " + std::to_string(max_depth));
        int last = 0;
        for (;;) {
            const std::uint8_t header = byte();
            if (header == t_stop) break;
            const int type = header & 0x0f;
            const int delta = header >> 4;
            int id = 0;
            if (delta != 0) {
                id = last + delta;
            } else {
                const std::int64_t v = zigzag();
                if (v < INT16_MIN || v > INT16_MAX) fail("a field id out of range");
                id = static_cast<int>(v);
            }
            last = id;
            field(id, type);
        }
        --depth_;
    }

    // A list's element type and size.
    std::pair<int, std::uint64_t> list_header() {
        const std::uint8_t header = byte();
        std::uint64_t size = header >> 4;
        if (size == 15) size = varint();
        // Every element takes at least one byte (but bools packed... which also take a byte).
        if (size > bytes_.size() - pos_) fail("a list longer than the bytes left");
        return {header & 0x0f, size};
    }

    bool boolean(int type) {
        if (type == t_true) return true;
        if (type == t_false) return false;
        fail("a boolean field of type " + std::to_string(type));
    }

    void skip(int type) {
        switch (type) {
            case t_true:
            case t_false: return;
            case t_byte: (void)byte(); return;
            case t_i16:
            case t_i32:
            case t_i64: (void)varint(); return;
            case t_double: advance(8); return;
            case t_uuid: advance(16); return;
            case t_binary: (void)binary(); return;
            case t_list:
            case t_set: {
                const auto [element, size] = list_header();
                if (++depth_ > max_depth) fail("nesting deeper than " + std::to_string(max_depth));
                for (std::uint64_t i = 0; i < size; ++i) skip_element(element);
                --depth_;
                return;
            }
            case t_map: {
                const std::uint64_t size = varint();
                if (size == 0) return;
                if (size > bytes_.size() - pos_) fail("a map longer than the bytes left");
                const std::uint8_t kinds = byte();
                if (++depth_ > max_depth) fail("nesting deeper than " + std::to_string(max_depth));
                for (std::uint64_t i = 0; i < size; ++i) {
                    skip_element(kinds >> 4);
                    skip_element(kinds & 0x0f);
                }
                --depth_;
                return;
            }
            case t_struct: read_struct([this](int, int t) { skip(t); }); return;
            default: fail("an unknown Thrift type " + std::to_string(type));
        }
    }

    // Elements of lists and maps: booleans take a byte there.
    void skip_element(int type) {
        if (type == t_true || type == t_false) {
            (void)byte();
        } else {
            skip(type);
        }
    }

    void expect(int type, int wanted, const char* field) {
        if (type != wanted) fail(std::string("field ") + field + " has Thrift type " + std::to_string(type));
    }

    template <typename F>
    void read_list(int type, const char* field, int element_type, F&& each) {
        expect(type, t_list, field);
        const auto [element, size] = list_header();
        if (element != element_type) {
            fail(std::string("the elements of ") + field + " have Thrift type " + std::to_string(element));
        }
        for (std::uint64_t i = 0; i < size; ++i) each();
    }

private:
    void advance(std::size_t n) {
        if (n > bytes_.size() - pos_) fail("cut off");
        pos_ += n;
    }

    std::string_view bytes_;
    const char* what_;
    std::size_t pos_ = 0;
    int depth_ = 0;
};

std::int32_t read_i32(Compact& in, int type, const char* field) {
    if (type != t_i32 && type != t_i16 && type != t_byte) in.expect(type, t_i32, field);
    if (type == t_byte) return static_cast<std::int8_t>(in.byte());
    return in.i32();
}

std::int64_t read_i64(Compact& in, int type, const char* field) {
    if (type != t_i64 && type != t_i32 && type != t_i16) in.expect(type, t_i64, field);
    return in.zigzag();
}

std::string read_string(Compact& in, int type, const char* field) {
    in.expect(type, t_binary, field);
    return std::string(in.binary());
}

TimeUnit read_time_unit(Compact& in) {
    TimeUnit unit = TimeUnit::millis;
    in.read_struct([&](int id, int type) {
        if (id == 2) unit = TimeUnit::micros;
        if (id == 3) unit = TimeUnit::nanos;
        in.skip(type);
    });
    return unit;
}

void read_logical_type(Compact& in, SchemaElement& e) {
    static const char* const names[] = {"",     "STRING",    "MAP",     "LIST",     "ENUM",      "DECIMAL", "DATE",
                                        "TIME", "TIMESTAMP", "",        "INTEGER",  "UNKNOWN",   "JSON",    "BSON",
                                        "UUID", "FLOAT16",   "VARIANT", "GEOMETRY", "GEOGRAPHY", "FILE"};
    in.read_struct([&](int id, int type) {
        switch (id) {
            case 1:
            case 4:
            case 12:
                e.meaning = Meaning::string;
                in.skip(type);
                return;
            case 2:
                e.meaning = Meaning::map;
                in.skip(type);
                return;
            case 3:
                e.meaning = Meaning::list;
                in.skip(type);
                return;
            case 5:
                e.meaning = Meaning::decimal;
                in.expect(type, t_struct, "DECIMAL");
                in.read_struct([&](int f, int t) {
                    if (f == 1) {
                        e.scale = read_i32(in, t, "scale");
                    } else if (f == 2) {
                        e.precision = read_i32(in, t, "precision");
                    } else {
                        in.skip(t);
                    }
                });
                return;
            case 6:
                e.meaning = Meaning::date;
                in.skip(type);
                return;
            case 7:
            case 8:
                e.meaning = id == 7 ? Meaning::time : Meaning::timestamp;
                in.expect(type, t_struct, id == 7 ? "TIME" : "TIMESTAMP");
                in.read_struct([&](int f, int t) {
                    if (f == 1) {
                        e.utc = in.boolean(t);
                    } else if (f == 2) {
                        in.expect(t, t_struct, "unit");
                        e.unit = read_time_unit(in);
                    } else {
                        in.skip(t);
                    }
                });
                return;
            case 10:
                e.meaning = Meaning::integer;
                in.expect(type, t_struct, "INTEGER");
                in.read_struct([&](int f, int t) {
                    if (f == 2) {
                        e.is_signed = in.boolean(t);
                    } else {
                        in.skip(t);
                    }
                });
                return;
            case 11:
                e.meaning = Meaning::unknown;
                in.skip(type);
                return;
            case 14:
                e.meaning = Meaning::uuid;
                in.skip(type);
                return;
            case 15:
                e.meaning = Meaning::float16;
                in.skip(type);
                return;
            default:
                // BSON, VARIANT, GEOMETRY, GEOGRAPHY, FILE and types newer than this reader: read as
                // their physical type would lose their meaning, so they are named and refused when read.
                e.meaning = Meaning::unsupported;
                e.unsupported = id > 0 && id < static_cast<int>(std::size(names)) && names[id][0] != '\0'
                                    ? names[id]
                                    : std::to_string(id);
                in.skip(type);
                return;
        }
    });
}

// The meaning of a legacy ConvertedType, for schemas without a LogicalType.
void apply_converted_type(SchemaElement& e) {
    if (!e.converted_type || e.meaning != Meaning::none) return;
    switch (*e.converted_type) {
        case converted::utf8:
        case converted::enum_:
        case converted::json: e.meaning = Meaning::string; break;
        case converted::map:
        case converted::map_key_value: e.meaning = Meaning::map; break;
        case converted::list: e.meaning = Meaning::list; break;
        case converted::decimal: e.meaning = Meaning::decimal; break;
        case converted::date: e.meaning = Meaning::date; break;
        case converted::time_millis:
        case converted::time_micros:
            e.meaning = Meaning::time;
            e.unit = *e.converted_type == converted::time_millis ? TimeUnit::millis : TimeUnit::micros;
            e.utc = true;
            break;
        case converted::timestamp_millis:
        case converted::timestamp_micros:
            e.meaning = Meaning::timestamp;
            e.unit = *e.converted_type == converted::timestamp_millis ? TimeUnit::millis : TimeUnit::micros;
            e.utc = true;
            break;
        case converted::uint_8:
        case converted::uint_16:
        case converted::uint_32:
        case converted::uint_64:
            e.meaning = Meaning::integer;
            e.is_signed = false;
            break;
        case converted::int_8:
        case converted::int_16:
        case converted::int_32:
        case converted::int_64: e.meaning = Meaning::integer; break;
        default:  // BSON, INTERVAL: their bytes, as a string
            break;
    }
}

SchemaElement read_schema_element(Compact& in) {
    SchemaElement e;
    bool named = false;
    in.read_struct([&](int id, int type) {
        switch (id) {
            case 1: {
                const std::int32_t t = read_i32(in, type, "type");
                if (t < 0 || t > 7) in.fail("an unknown physical type " + std::to_string(t));
                e.type = static_cast<PhysicalType>(t);
                return;
            }
            case 2: e.type_length = read_i32(in, type, "type_length"); return;
            case 3: {
                const std::int32_t r = read_i32(in, type, "repetition_type");
                if (r < 0 || r > 2) in.fail("an unknown repetition type " + std::to_string(r));
                e.repetition = static_cast<Repetition>(r);
                return;
            }
            case 4:
                e.name = read_string(in, type, "name");
                named = true;
                return;
            case 5: e.num_children = read_i32(in, type, "num_children"); return;
            case 6: e.converted_type = read_i32(in, type, "converted_type"); return;
            case 7: e.scale = read_i32(in, type, "scale"); return;
            case 8: e.precision = read_i32(in, type, "precision"); return;
            case 10:
                in.expect(type, t_struct, "logicalType");
                read_logical_type(in, e);
                return;
            default: in.skip(type);
        }
    });
    if (!named) in.fail("a schema element without a name");
    apply_converted_type(e);
    return e;
}

ColumnMetaData read_column_metadata(Compact& in) {
    ColumnMetaData m;
    in.read_struct([&](int id, int type) {
        switch (id) {
            case 1: {
                const std::int32_t t = read_i32(in, type, "type");
                if (t < 0 || t > 7) in.fail("an unknown physical type " + std::to_string(t));
                m.type = static_cast<PhysicalType>(t);
                return;
            }
            case 2: in.read_list(type, "encodings", t_i32, [&] { m.encodings.push_back(in.i32()); }); return;
            case 3: in.read_list(type, "path_in_schema", t_binary, [&] { m.path.emplace_back(in.binary()); }); return;
            case 4: m.codec = static_cast<Codec>(read_i32(in, type, "codec")); return;
            case 5: m.num_values = read_i64(in, type, "num_values"); return;
            case 6: m.total_uncompressed_size = read_i64(in, type, "total_uncompressed_size"); return;
            case 7: m.total_compressed_size = read_i64(in, type, "total_compressed_size"); return;
            case 9: m.data_page_offset = read_i64(in, type, "data_page_offset"); return;
            case 11: m.dictionary_page_offset = read_i64(in, type, "dictionary_page_offset"); return;
            default: in.skip(type);
        }
    });
    return m;
}

ColumnChunk read_column_chunk(Compact& in) {
    ColumnChunk c;
    in.read_struct([&](int id, int type) {
        switch (id) {
            case 1: c.file_path = read_string(in, type, "file_path"); return;
            case 3:
                in.expect(type, t_struct, "meta_data");
                c.meta = read_column_metadata(in);
                return;
            case 8:
            case 9:
                c.encrypted = true;
                in.skip(type);
                return;
            default: in.skip(type);
        }
    });
    return c;
}

RowGroup read_row_group(Compact& in) {
    RowGroup g;
    in.read_struct([&](int id, int type) {
        if (id == 1) {
            in.read_list(type, "columns", t_struct, [&] { g.columns.push_back(read_column_chunk(in)); });
        } else if (id == 3) {
            g.num_rows = read_i64(in, type, "num_rows");
        } else {
            in.skip(type);
        }
    });
    return g;
}

}  // namespace

FileMetaData decode_file_metadata(std::string_view bytes) {
    Compact in(bytes, "corrupt footer");
    FileMetaData f;
    in.read_struct([&](int id, int type) {
        switch (id) {
            case 1: f.version = read_i32(in, type, "version"); return;
            case 2:
                in.read_list(type, "schema", t_struct, [&] { f.schema.push_back(read_schema_element(in)); });
                return;
            case 3: f.num_rows = read_i64(in, type, "num_rows"); return;
            case 4:
                in.read_list(type, "row_groups", t_struct, [&] { f.row_groups.push_back(read_row_group(in)); });
                return;
            case 6: f.created_by = read_string(in, type, "created_by"); return;
            case 8:
                f.encrypted = true;
                in.skip(type);
                return;
            default: in.skip(type);
        }
    });
    if (f.schema.empty()) in.fail("no schema");
    return f;
}

PageHeader decode_page_header(std::string_view bytes, std::size_t& size) {
    Compact in(bytes, "corrupt page header");
    PageHeader h;
    bool typed = false;
    in.read_struct([&](int id, int type) {
        switch (id) {
            case 1: {
                const std::int32_t t = read_i32(in, type, "type");
                if (t < 0 || t > 3) in.fail("an unknown page type " + std::to_string(t));
                h.type = static_cast<PageType>(t);
                typed = true;
                return;
            }
            case 2: h.uncompressed_size = read_i32(in, type, "uncompressed_page_size"); return;
            case 3: h.compressed_size = read_i32(in, type, "compressed_page_size"); return;
            case 5:  // DataPageHeader
                in.expect(type, t_struct, "data_page_header");
                h.has_page_header = h.has_page_header || h.type == PageType::data;
                in.read_struct([&](int f, int t) {
                    if (f == 1) {
                        h.num_values = read_i32(in, t, "num_values");
                    } else if (f == 2) {
                        h.encoding = read_i32(in, t, "encoding");
                    } else if (f == 3) {
                        h.definition_level_encoding = read_i32(in, t, "definition_level_encoding");
                    } else if (f == 4) {
                        h.repetition_level_encoding = read_i32(in, t, "repetition_level_encoding");
                    } else {
                        in.skip(t);
                    }
                });
                return;
            case 7:  // DictionaryPageHeader
                in.expect(type, t_struct, "dictionary_page_header");
                h.has_page_header = h.has_page_header || h.type == PageType::dictionary;
                in.read_struct([&](int f, int t) {
                    if (f == 1) {
                        h.num_values = read_i32(in, t, "num_values");
                    } else if (f == 2) {
                        h.encoding = read_i32(in, t, "encoding");
                    } else {
                        in.skip(t);
                    }
                });
                return;
            case 8:  // DataPageHeaderV2
                in.expect(type, t_struct, "data_page_header_v2");
                h.has_page_header = h.has_page_header || h.type == PageType::data_v2;
                in.read_struct([&](int f, int t) {
                    switch (f) {
                        case 1: h.num_values = read_i32(in, t, "num_values"); return;
                        case 2: h.num_nulls = read_i32(in, t, "num_nulls"); return;
                        case 3: h.num_rows = read_i32(in, t, "num_rows"); return;
                        case 4: h.encoding = read_i32(in, t, "encoding"); return;
                        case 5:
                            h.definition_levels_byte_length = read_i32(in, t, "definition_levels_byte_length");
                            return;
                        case 6:
                            h.repetition_levels_byte_length = read_i32(in, t, "repetition_levels_byte_length");
                            return;
                        case 7: h.is_compressed = in.boolean(t); return;
                        default: in.skip(t);
                    }
                });
                return;
            default: in.skip(type);
        }
    });
    if (!typed) in.fail("no page type");
    if (h.uncompressed_size < 0 || h.compressed_size < 0) in.fail("a negative page size");
    size = in.position();
    return h;
}

std::string encoding_name(int encoding) {
    static const char* const names[] = {"PLAIN",
                                        "GROUP_VAR_INT",
                                        "PLAIN_DICTIONARY",
                                        "RLE",
                                        "BIT_PACKED",
                                        "DELTA_BINARY_PACKED",
                                        "DELTA_LENGTH_BYTE_ARRAY",
                                        "DELTA_BYTE_ARRAY",
                                        "RLE_DICTIONARY",
                                        "BYTE_STREAM_SPLIT",
                                        "ALP"};
    if (encoding >= 0 && encoding < static_cast<int>(std::size(names))) return names[encoding];
    return "encoding " + std::to_string(encoding);
}

std::string type_name(PhysicalType type) {
    static const char* const names[] = {"BOOLEAN", "INT32",  "INT64",      "INT96",
                                        "FLOAT",   "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"};
    return names[static_cast<int>(type)];
}

}  // namespace seed::parquet
