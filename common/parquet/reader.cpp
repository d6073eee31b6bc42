#include "reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <deque>

#include "codec.hpp"
#include "error.hpp"
#include "json.hpp"
#include "utf8.hpp"

namespace seed::parquet {

enum class Kind { leaf, group, list, map };

struct Node {
    int element_index = 0;  // in FileMetaData::schema
    std::vector<int> children;
    int def = 0;  // definition level at which this node is present
    int rep = 0;  // repetition level of its repeated ancestors, itself included
    int first_leaf = 0;
    int end_leaf = 0;
    int leaf = -1;
    Kind kind = Kind::group;
    int repeated = -1;     // list, map: the repeated child
    int element = -1;      // list: the node each element is written from
    std::string key_json;  // "name": as JSON, for writing
    bool optional = false;
    bool is_repeated = false;
};

struct Leaf {
    int node = 0;
    int max_def = 0;
    int max_rep = 0;
    ColumnType type;
    std::string path;         // a.b.c
    std::string unsupported;  // the logical type of it or a group around it that is not read
};

namespace {

// 128-bit integers (GCC and Clang): bit windows wider than 64 bits, 16-byte decimals.
__extension__ typedef unsigned __int128 uint128;
__extension__ typedef __int128 int128;

constexpr int max_schema_depth = 64;

// Text as a JSON string, each maximal ill-formed subpart of its UTF-8 replaced by U+FFFD (below).
void append_text(std::string& out, std::string_view text, std::string& scratch);

[[noreturn]] void fail_in(const std::string& name, const std::string& why) { throw Error(name + ": " + why); }

std::uint64_t le32(std::string_view s, std::size_t at) {
    std::uint32_t v = 0;
    std::memcpy(&v, s.data() + at, 4);
    return v;
}

}  // namespace

std::uint64_t footer_size(std::string_view tail, std::uint64_t file_size) {
    if (file_size < 12 || tail.size() < 8)
        throw Error("not a parquet file: too short (" + std::to_string(file_size) + " bytes)");
    const std::string_view magic = tail.substr(tail.size() - 4);
    if (magic == "PARE") throw Error("an encrypted parquet file (encrypted footer), which seed-tools does not read");
    if (magic != "PAR1") throw Error("not a parquet file: it does not end with PAR1");
    const std::uint64_t length = le32(tail, tail.size() - 8);
    if (length + 8 > file_size - 4) {
        throw Error("corrupt footer: its length (" + std::to_string(length) + " bytes) is more than the file holds");
    }
    return length + 8;
}

// ---------------------------------------------------------------------------------------------
// The schema tree.

namespace {

struct TreeBuilder {
    const std::string& name;
    const std::vector<SchemaElement>& schema;
    std::vector<Node>& nodes;
    std::vector<Leaf>& leaves;
    std::size_t next = 0;

    int build(int def, int rep, int depth, const std::string& path, const std::string& unsupported) {
        if (depth > max_schema_depth)
            fail_in(name, "corrupt schema: nested deeper than " + std::to_string(max_schema_depth));
        if (next >= schema.size()) fail_in(name, "corrupt schema: fewer elements than its groups' children");
        const int index = static_cast<int>(next++);
        const SchemaElement& e = schema[static_cast<std::size_t>(index)];
        Node node;
        node.element_index = index;
        if (index != 0) {
            node.optional = e.repetition == Repetition::optional;
            node.is_repeated = e.repetition == Repetition::repeated;
            if (e.repetition != Repetition::required) ++def;
            if (node.is_repeated) ++rep;
        }
        node.def = def;
        node.rep = rep;
        std::string key;
        std::string scratch;
        append_text(key, e.name, scratch);  // a name need not be valid UTF-8; the row must be
        node.key_json = key + ":";
        const std::string my_path = index == 0 ? "" : path.empty() ? e.name : path + "." + e.name;
        const std::string& my_unsupported =
            unsupported.empty() && e.meaning == Meaning::unsupported ? e.unsupported : unsupported;
        node.first_leaf = static_cast<int>(leaves.size());
        const int at = static_cast<int>(nodes.size());
        nodes.push_back(std::move(node));
        if (e.num_children > 0 || !e.type || index == 0) {
            if (e.num_children < 0 || static_cast<std::size_t>(e.num_children) > schema.size()) {
                fail_in(name, "corrupt schema: " + std::to_string(e.num_children) + " children");
            }
            std::vector<int> children;
            for (int c = 0; c < e.num_children; ++c)
                children.push_back(build(def, rep, depth + 1, my_path, my_unsupported));
            nodes[static_cast<std::size_t>(at)].children = std::move(children);
            classify(at);
        } else {
            Node& n = nodes[static_cast<std::size_t>(at)];
            n.kind = Kind::leaf;
            n.leaf = static_cast<int>(leaves.size());
            if (def > 255 || rep > 255) fail_in(name, "corrupt schema: more than 255 levels");
            Leaf leaf;
            leaf.node = at;
            leaf.max_def = def;
            leaf.max_rep = rep;
            leaf.type = ColumnType{*e.type, e.type_length};
            leaf.path = my_path;
            leaf.unsupported = my_unsupported;
            leaves.push_back(std::move(leaf));
        }
        nodes[static_cast<std::size_t>(at)].end_leaf = static_cast<int>(leaves.size());
        return at;
    }

    // LIST and MAP groups, with the backward-compatibility rules of LogicalTypes.md for lists.
    void classify(int at) {
        Node& n = nodes[static_cast<std::size_t>(at)];
        const SchemaElement& e = schema[static_cast<std::size_t>(n.element_index)];
        if (n.children.size() != 1 || at == 0) return;
        const int child = n.children[0];
        const Node& c = nodes[static_cast<std::size_t>(child)];
        const SchemaElement& ce = schema[static_cast<std::size_t>(c.element_index)];
        if (!c.is_repeated) return;
        if (e.meaning == Meaning::list) {
            n.kind = Kind::list;
            n.repeated = child;
            if (c.kind == Kind::leaf || c.children.size() != 1 || ce.name == "array" || ce.name == e.name + "_tuple") {
                n.element = child;  // the repeated field is the element
            } else {
                n.element = c.children[0];
            }
        } else if (e.meaning == Meaning::map && c.kind == Kind::group && !c.children.empty() &&
                   c.children.size() <= 2) {
            n.kind = Kind::map;
            n.repeated = child;
        }
    }
};

}  // namespace

File::File(std::string name, std::string_view tail, std::uint64_t file_size, const ColumnChoice& read_column,
           Limits limits)
    : name_(std::move(name)), limits_(limits) {
    std::uint64_t size = 0;
    try {
        size = footer_size(tail, file_size);
    } catch (const Error& error) {
        fail_in(name_, error.what());
    }
    if (tail.size() < size) fail_in(name_, "the footer was not read whole");
    try {
        meta_ = decode_file_metadata(
            tail.substr(tail.size() - static_cast<std::size_t>(size), static_cast<std::size_t>(size - 8)));
    } catch (const Error& error) {
        fail_in(name_, error.what());
    }
    if (meta_.encrypted) fail_in(name_, "an encrypted parquet file, which seed-tools does not read");
    TreeBuilder builder{name_, meta_.schema, nodes_, leaves_};
    builder.build(0, 0, 0, "", "");
    if (builder.next != meta_.schema.size()) fail_in(name_, "corrupt schema: elements outside the tree");
    for (const RowGroup& g : meta_.row_groups) {
        if (g.columns.size() != leaves_.size()) {
            fail_in(name_, "corrupt footer: a row group has " + std::to_string(g.columns.size()) +
                               " columns, the schema " + std::to_string(leaves_.size()));
        }
        if (g.num_rows < 0) fail_in(name_, "corrupt footer: a row group of " + std::to_string(g.num_rows) + " rows");
    }
    for (const int child : nodes_[0].children) {
        const std::string& field =
            meta_.schema[static_cast<std::size_t>(nodes_[static_cast<std::size_t>(child)].element_index)].name;
        if (read_column && !read_column(field)) continue;
        fields_.push_back(child);
        const Node& n = nodes_[static_cast<std::size_t>(child)];
        for (int l = n.first_leaf; l < n.end_leaf; ++l) read_leaves_.push_back(l);
    }
    // What cannot be read is refused now, for the columns read.
    for (const int l : read_leaves_) {
        const Leaf& leaf = leaves_[static_cast<std::size_t>(l)];
        if (!leaf.unsupported.empty()) {
            fail_in(name_, "column '" + leaf.path + "': logical type " + leaf.unsupported + " is not supported");
        }
        check_meaning(
            leaf, meta_.schema[static_cast<std::size_t>(nodes_[static_cast<std::size_t>(leaf.node)].element_index)]);
        if (leaf.type.type == PhysicalType::fixed_len_byte_array && leaf.type.type_length < 0) {
            fail_in(name_, "corrupt schema: column '" + leaf.path + "' has a negative length");
        }
        for (std::size_t g = 0; g < meta_.row_groups.size(); ++g) {
            const ColumnChunk& chunk = meta_.row_groups[g].columns[static_cast<std::size_t>(l)];
            if (chunk.encrypted)
                fail_in(name_, "column '" + leaf.path + "' is encrypted, which seed-tools does not read");
            if (!chunk.file_path.empty()) {
                fail_in(name_, "column '" + leaf.path + "' is in another file (" + chunk.file_path +
                                   "), which seed-tools does not read");
            }
            if (!chunk.meta) fail_in(name_, "corrupt footer: column '" + leaf.path + "' has no metadata");
            if (chunk.meta->type != leaf.type.type) {
                fail_in(name_, "corrupt footer: column '" + leaf.path + "' is " + type_name(chunk.meta->type) +
                                   " in a row group, " + type_name(leaf.type.type) + " in the schema");
            }
        }
    }
    // The ranges must lie in the file (before the footer).
    for (std::size_t g = 0; g < meta_.row_groups.size(); ++g) {
        for (const ByteRange& r : ranges(g)) {
            if (r.offset > file_size || r.length > file_size - r.offset) {
                fail_in(name_, "corrupt footer: a column chunk of row group " + std::to_string(g) +
                                   " lies beyond the end of the file");
            }
        }
    }
}

// A leaf's logical type must fit its physical type (DATE on INT32, ...) and a DECIMAL's scale
// and precision what the type holds: the values are then written within known bounds.
void File::check_meaning(const Leaf& leaf, const SchemaElement& e) const {
    const PhysicalType t = leaf.type.type;
    const std::int32_t length = leaf.type.type_length;
    const auto refuse = [&](const std::string& what) {
        fail_in(name_, "corrupt schema: column '" + leaf.path + "' is " + what + " on " + type_name(t));
    };
    switch (e.meaning) {
        case Meaning::date:
            if (t != PhysicalType::int32) refuse("a DATE");
            break;
        case Meaning::time:
            if (t != PhysicalType::int32 && t != PhysicalType::int64) refuse("a TIME");
            break;
        case Meaning::timestamp:
            if (t != PhysicalType::int64) refuse("a TIMESTAMP");
            break;
        case Meaning::integer:
            if (t != PhysicalType::int32 && t != PhysicalType::int64) refuse("an INTEGER");
            break;
        case Meaning::uuid:
            if (t != PhysicalType::fixed_len_byte_array || length != 16) refuse("a UUID");
            break;
        case Meaning::float16:
            if (t != PhysicalType::fixed_len_byte_array || length != 2) refuse("a FLOAT16");
            break;
        case Meaning::decimal: {
            const int most = t == PhysicalType::int32                                                   ? 9
                             : t == PhysicalType::int64                                                 ? 18
                             : t == PhysicalType::fixed_len_byte_array || t == PhysicalType::byte_array ? 38
                                                                                                        : 0;
            if (most == 0) refuse("a DECIMAL");
            if (e.scale < 0 || e.precision < 0 || e.scale > e.precision || e.precision > most) {
                refuse("a DECIMAL(" + std::to_string(e.precision) + "," + std::to_string(e.scale) + ")");
            }
            break;
        }
        default: break;
    }
}

File::~File() = default;
File::File(File&&) noexcept = default;
File& File::operator=(File&&) noexcept = default;

std::uint64_t File::rows_in(std::size_t row_group) const {
    return static_cast<std::uint64_t>(meta_.row_groups[row_group].num_rows);
}

std::vector<std::string> File::columns() const {
    std::vector<std::string> names;
    for (const int f : fields_)
        names.push_back(meta_.schema[static_cast<std::size_t>(nodes_[static_cast<std::size_t>(f)].element_index)].name);
    return names;
}

std::vector<ByteRange> File::ranges(std::size_t row_group) const {
    std::vector<ByteRange> out;
    for (const int l : read_leaves_) {
        const ColumnChunk& chunk = meta_.row_groups[row_group].columns[static_cast<std::size_t>(l)];
        if (!chunk.meta) {
            out.push_back({});
            continue;
        }
        const ColumnMetaData& m = *chunk.meta;
        // Some writers record a dictionary offset of 0 for no dictionary: only an offset before
        // the data pages is one.
        std::int64_t start = m.data_page_offset;
        if (m.dictionary_page_offset && *m.dictionary_page_offset > 0 && *m.dictionary_page_offset < start) {
            start = *m.dictionary_page_offset;
        }
        if (start < 0 || m.total_compressed_size < 0) {
            out.push_back({~std::uint64_t{0}, 0});
        } else {
            out.push_back({static_cast<std::uint64_t>(start), static_cast<std::uint64_t>(m.total_compressed_size)});
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------
// Reading a column chunk's pages.

namespace {

struct Entry {
    std::uint8_t def = 0;
    std::uint8_t rep = 0;
    Value value;
};

struct Page {
    std::string data;   // decompressed bytes (empty when the chunk's own bytes are used)
    std::string arena;  // values rebuilt by their decoder
};

class ColumnReader {
public:
    ColumnReader(const std::string& file, const Leaf& leaf, const ColumnMetaData& meta, std::string_view chunk,
                 std::size_t row_group, const Limits& limits)
        : file_(file), leaf_(leaf), meta_(meta), chunk_(chunk), row_group_(row_group), limits_(limits) {}

    [[noreturn]] void fail(const std::string& why) const {
        throw Error(file_ + ": column '" + leaf_.path + "', row group " + std::to_string(row_group_) + ": " + why);
    }

    // The next entry, or nullptr at the end of the chunk.
    const Entry* peek() {
        while (at_ == count_) {
            if (!next_page()) return nullptr;
        }
        current_.def = defs_.empty() ? static_cast<std::uint8_t>(leaf_.max_def) : defs_[at_];
        current_.rep = reps_.empty() ? 0 : reps_[at_];
        if (current_.def == leaf_.max_def) {
            if (value_at_ >= values_.size()) fail("fewer values than the levels say");
            current_.value = values_[value_at_];
        } else {
            current_.value = Value{};
        }
        return &current_;
    }

    void pop() {
        if (current_.def == leaf_.max_def) ++value_at_;
        ++at_;
    }

    // The row before is written: pages before the current one can go.
    void release() {
        while (pages_.size() > 1) pages_.pop_front();
    }

private:
    bool next_page() {
        if (values_read_ >= meta_.num_values || pos_ >= chunk_.size()) return false;
        std::size_t header_size = 0;
        PageHeader h;
        try {
            h = decode_page_header(chunk_.substr(pos_), header_size);
        } catch (const Error& error) {
            fail(std::string(error.what()) + " (page at byte " + std::to_string(pos_) + " of the chunk)");
        }
        const std::size_t body_at = pos_ + header_size;
        if (static_cast<std::size_t>(h.compressed_size) > chunk_.size() - body_at) {
            fail("a page of " + std::to_string(h.compressed_size) + " bytes runs past the end of the column chunk");
        }
        const std::string_view body = chunk_.substr(body_at, static_cast<std::size_t>(h.compressed_size));
        pos_ = body_at + static_cast<std::size_t>(h.compressed_size);
        if (static_cast<std::uint64_t>(h.uncompressed_size) > limits_.max_page_bytes) {
            fail("a page of " + std::to_string(h.uncompressed_size) + " bytes, more than the " +
                 std::to_string(limits_.max_page_bytes >> 20) + " MiB a page may have here");
        }
        try {
            switch (h.type) {
                case PageType::dictionary: read_dictionary(h, body); return true;
                case PageType::data: read_data_v1(h, body); return true;
                case PageType::data_v2: read_data_v2(h, body); return true;
                default:  // index pages carry nothing to read
                    return true;
            }
        } catch (const Error& error) {
            fail(error.what());
        }
    }

    // The page's bytes, decompressed when the codec says so.
    std::string_view uncompress(std::string_view body, std::size_t size, Page& page) {
        if (meta_.codec == Codec::uncompressed) {
            if (body.size() != size) {
                throw Error("an uncompressed page of " + std::to_string(body.size()) + " bytes says it has " +
                            std::to_string(size));
            }
            return body;
        }
        decompress(meta_.codec, body, size, page.data);
        return page.data;
    }

    void read_dictionary(const PageHeader& h, std::string_view body) {
        if (have_dictionary_) throw Error("a second dictionary page");
        if (!h.has_page_header) throw Error("a dictionary page without its header");
        if (h.encoding != 0 && h.encoding != 2) throw Error("a dictionary encoded as " + encoding_name(h.encoding));
        check_count(h.num_values);
        const std::string_view bytes =
            uncompress(body, static_cast<std::size_t>(h.uncompressed_size), dictionary_page_);
        if (bytes.data() != dictionary_page_.data.data()) dictionary_page_.data.clear();
        decode_values(bytes, 0, leaf_.type, static_cast<std::size_t>(h.num_values), dictionary_,
                      dictionary_page_.arena);
        have_dictionary_ = true;
    }

    void start_page(std::size_t count) {
        // Entries of rows not yet written may point into the page before: it stays until release().
        pages_.emplace_back();
        count_ = count;
        at_ = 0;
        value_at_ = 0;
        values_read_ += static_cast<std::int64_t>(count);
    }

    std::size_t non_null(std::size_t count) const {
        if (defs_.empty()) return count;
        return static_cast<std::size_t>(
            std::count(defs_.begin(), defs_.end(), static_cast<std::uint8_t>(leaf_.max_def)));
    }

    // RLE levels and delta encodings hold many values in few bytes, so the bytes do not bound the
    // count; a limit keeps a corrupt count from allocating gigabytes.
    void check_count(std::int32_t num_values) const {
        if (num_values < 0) throw Error("a page of " + std::to_string(num_values) + " values");
        if (static_cast<std::uint64_t>(num_values) > limits_.max_page_values) {
            throw Error("a page of " + std::to_string(num_values) + " values, more than the " +
                        std::to_string(limits_.max_page_values) + " a page may have here");
        }
    }

    // The levels of a v1 page: a 4-byte length then RLE, or BIT_PACKED; returns their size.
    std::size_t levels_v1(std::string_view bytes, int encoding, int max_level, std::size_t count,
                          std::vector<std::uint8_t>& out) {
        out.resize(count);
        if (encoding == 3) {
            if (bytes.size() < 4) throw Error("levels cut off");
            const std::uint64_t n = le32(bytes, 0);
            if (n > bytes.size() - 4) throw Error("levels of " + std::to_string(n) + " bytes run past the page");
            decode_levels(bytes.substr(4, static_cast<std::size_t>(n)), 3, max_level, count, out.data());
            return 4 + static_cast<std::size_t>(n);
        }
        if (encoding == 4) {
            const std::size_t n =
                (count * static_cast<std::size_t>(bit_width_of(static_cast<std::uint64_t>(max_level))) + 7) / 8;
            if (n > bytes.size()) throw Error("levels cut off");
            decode_levels(bytes.substr(0, n), 4, max_level, count, out.data());
            return n;
        }
        throw Error("levels encoded as " + encoding_name(encoding) + ", which seed-tools does not read");
    }

    void read_data_v1(const PageHeader& h, std::string_view body) {
        if (!h.has_page_header) throw Error("a data page without its header");
        start_page(0);
        Page& page = pages_.back();
        const std::string_view bytes = uncompress(body, static_cast<std::size_t>(h.uncompressed_size), page);
        check_count(h.num_values);
        const auto count = static_cast<std::size_t>(h.num_values);
        std::size_t at = 0;
        reps_.clear();
        defs_.clear();
        if (leaf_.max_rep > 0) at += levels_v1(bytes, h.repetition_level_encoding, leaf_.max_rep, count, reps_);
        if (leaf_.max_def > 0)
            at += levels_v1(bytes.substr(at), h.definition_level_encoding, leaf_.max_def, count, defs_);
        read_values(h.encoding, bytes.substr(at), non_null(count), page);
        count_ = count;
        values_read_ += static_cast<std::int64_t>(count);
    }

    void read_data_v2(const PageHeader& h, std::string_view body) {
        if (!h.has_page_header) throw Error("a data page without its header");
        start_page(0);
        Page& page = pages_.back();
        if (h.num_values < 0 || h.definition_levels_byte_length < 0 || h.repetition_levels_byte_length < 0) {
            throw Error("a data page v2 with negative sizes");
        }
        const auto rep_size = static_cast<std::size_t>(h.repetition_levels_byte_length);
        const auto def_size = static_cast<std::size_t>(h.definition_levels_byte_length);
        if (rep_size > body.size() || def_size > body.size() - rep_size ||
            rep_size + def_size > static_cast<std::size_t>(h.uncompressed_size)) {
            throw Error("levels larger than the page");
        }
        check_count(h.num_values);
        const auto count = static_cast<std::size_t>(h.num_values);
        reps_.assign(leaf_.max_rep > 0 ? count : 0, 0);
        defs_.assign(leaf_.max_def > 0 ? count : 0, 0);
        if (leaf_.max_rep > 0) decode_levels(body.substr(0, rep_size), 3, leaf_.max_rep, count, reps_.data());
        if (leaf_.max_def > 0) decode_levels(body.substr(rep_size, def_size), 3, leaf_.max_def, count, defs_.data());
        const std::string_view rest = body.substr(rep_size + def_size);
        const std::size_t values_size = static_cast<std::size_t>(h.uncompressed_size) - rep_size - def_size;
        std::string_view values;
        if (h.is_compressed && meta_.codec != Codec::uncompressed) {
            // A page without values may hold no compressed bytes at all.
            if (rest.empty() && values_size == 0) {
                values = rest;
            } else {
                decompress(meta_.codec, rest, values_size, page.data);
                values = page.data;
            }
        } else {
            if (rest.size() != values_size) throw Error("an uncompressed page of the wrong size");
            values = rest;
        }
        read_values(h.encoding, values, non_null(count), page);
        count_ = count;
        values_read_ += static_cast<std::int64_t>(count);
    }

    void read_values(int encoding, std::string_view bytes, std::size_t count, Page& page) {
        if (encoding == 2 || encoding == 8) {
            if (!have_dictionary_) throw Error("a dictionary-encoded page without a dictionary page before it");
            decode_dictionary_indices(bytes, count, dictionary_, values_);
        } else {
            decode_values(bytes, encoding, leaf_.type, count, values_, page.arena);
        }
    }

    const std::string& file_;
    const Leaf& leaf_;
    const ColumnMetaData& meta_;
    std::string_view chunk_;
    std::size_t row_group_;
    Limits limits_;
    std::size_t pos_ = 0;
    std::int64_t values_read_ = 0;
    Page dictionary_page_;
    std::vector<Value> dictionary_;
    bool have_dictionary_ = false;
    std::deque<Page> pages_;
    std::vector<std::uint8_t> defs_;
    std::vector<std::uint8_t> reps_;
    std::vector<Value> values_;
    std::size_t count_ = 0;
    std::size_t at_ = 0;
    std::size_t value_at_ = 0;
    Entry current_;
};

// ---------------------------------------------------------------------------------------------
// Values as JSON.

void append_chars(std::string& out, auto value) {
    char text[64];
    const auto r = std::to_chars(text, text + sizeof text, value);
    out.append(text, r.ptr);
}

void append_real(std::string& out, double value, bool single) {
    if (!std::isfinite(value)) {
        out += "null";
    } else if (single) {
        append_chars(out, static_cast<float>(value));
    } else {
        append_chars(out, value);
    }
}

// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
void append_date(std::string& out, std::int64_t days) {
    days += 719468;
    const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const std::int64_t doe = days - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    std::int64_t y = yoe + era * 400;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
    char text[48];
    const int n = std::snprintf(text, sizeof text, "%04lld-%02lld-%02lld", static_cast<long long>(y),
                                static_cast<long long>(m), static_cast<long long>(d));
    out.append(text, static_cast<std::size_t>(n));
}

std::int64_t per_second(TimeUnit unit) {
    return unit == TimeUnit::millis ? 1000 : unit == TimeUnit::micros ? 1000000 : 1000000000;
}

void append_time_of_day(std::string& out, std::int64_t units_of_day, TimeUnit unit) {
    const std::int64_t per = per_second(unit);
    const std::int64_t seconds = units_of_day / per;
    const std::int64_t fraction = units_of_day % per;
    char text[64];
    const int digits = unit == TimeUnit::millis ? 3 : unit == TimeUnit::micros ? 6 : 9;
    const int n = std::snprintf(text, sizeof text, "%02lld:%02lld:%02lld.%0*lld",
                                static_cast<long long>(seconds / 3600), static_cast<long long>(seconds / 60 % 60),
                                static_cast<long long>(seconds % 60), digits, static_cast<long long>(fraction));
    out.append(text, static_cast<std::size_t>(n));
}

void append_timestamp(std::string& out, std::int64_t value, TimeUnit unit, bool utc) {
    const std::int64_t per_day = per_second(unit) * 86400;
    std::int64_t days = value / per_day;
    std::int64_t rest = value % per_day;
    if (rest < 0) {
        rest += per_day;
        --days;
    }
    out += '"';
    append_date(out, days);
    out += 'T';
    append_time_of_day(out, rest, unit);
    if (utc) out += 'Z';
    out += '"';
}

// A two's complement big-endian integer of up to 16 bytes, with `scale` digits after the point.
void append_decimal(std::string& out, std::string_view bytes, std::int32_t scale) {
    // No bytes is 0; leading bytes that only extend the sign carry nothing.
    const char sign = !bytes.empty() && (static_cast<std::uint8_t>(bytes[0]) & 0x80) ? '\xff' : '\0';
    while (bytes.size() > 16 && bytes[0] == sign) bytes.remove_prefix(1);
    if (bytes.size() > 16)
        throw Error("a DECIMAL of " + std::to_string(bytes.size()) + " bytes, more than the 16 read here");
    uint128 v = sign != '\0' ? ~static_cast<uint128>(0) : 0;
    for (const char c : bytes) v = (v << 8) | static_cast<std::uint8_t>(c);
    const bool negative = static_cast<int128>(v) < 0;
    if (negative) v = ~v + 1;
    char digits[48];
    int n = 0;
    do {
        digits[n++] = static_cast<char>('0' + static_cast<int>(v % 10));
        v /= 10;
    } while (v != 0);
    std::string text;
    if (negative) text += '-';
    const int s = std::max(0, scale);
    if (n <= s) {
        text += "0.";
        text.append(static_cast<std::size_t>(s - n), '0');
        for (int i = n - 1; i >= 0; --i) text += digits[i];
    } else {
        for (int i = n - 1; i >= 0; --i) {
            text += digits[i];
            if (i == s && s > 0) text += '.';
        }
    }
    out += text;
}

void append_integer_decimal(std::string& out, std::int64_t value, std::int32_t scale) {
    char bytes[8];
    const auto u = static_cast<std::uint64_t>(value);
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<char>((u >> (56 - 8 * i)) & 0xff);
    append_decimal(out, std::string_view(bytes, 8), scale);
}

// Text as a JSON string, each maximal ill-formed subpart of its UTF-8 replaced by U+FFFD.
void append_text(std::string& out, std::string_view text, std::string& scratch) {
    auto bad = utf8::find_invalid(text);
    if (!bad) {
        json::write_string(out, text);
        return;
    }
    scratch.clear();
    std::size_t i = 0;
    while (bad) {
        scratch.append(text.substr(i, *bad));
        i += *bad;
        const auto* s = reinterpret_cast<const unsigned char*>(text.data()) + i;
        const std::size_t avail = text.size() - i;
        // The longest prefix of a well-formed sequence (Unicode's "maximal subpart").
        std::size_t take = 1;
        const unsigned char b0 = s[0];
        int need = 0;
        unsigned char lo = 0x80, hi = 0xbf;
        if (b0 >= 0xc2 && b0 <= 0xdf) {
            need = 1;
        } else if (b0 >= 0xe0 && b0 <= 0xef) {
            need = 2;
            if (b0 == 0xe0) lo = 0xa0;
            if (b0 == 0xed) hi = 0x9f;
        } else if (b0 >= 0xf0 && b0 <= 0xf4) {
            need = 3;
            if (b0 == 0xf0) lo = 0x90;
            if (b0 == 0xf4) hi = 0x8f;
        }
        for (int k = 1; k <= need && static_cast<std::size_t>(k) < avail; ++k) {
            const unsigned char b = s[k];
            if (b < lo || b > hi) break;
            lo = 0x80;
            hi = 0xbf;
            ++take;
        }
        scratch += "\xef\xbf\xbd";
        i += take;
        const auto next = utf8::find_invalid(text.substr(i));
        bad = next;
        if (!next) scratch.append(text.substr(i));
    }
    json::write_string(out, scratch);
}

float half_to_float(std::uint16_t h) {
    const std::uint32_t sign = static_cast<std::uint32_t>(h & 0x8000) << 16;
    std::uint32_t exponent = (h >> 10) & 0x1f;
    std::uint32_t mantissa = h & 0x3ff;
    std::uint32_t bits;
    if (exponent == 0) {
        if (mantissa == 0) {
            bits = sign;
        } else {  // subnormal: normalise
            exponent = 127 - 15 + 1;
            while ((mantissa & 0x400) == 0) {
                mantissa <<= 1;
                --exponent;
            }
            mantissa &= 0x3ff;
            bits = sign | (exponent << 23) | (mantissa << 13);
        }
    } else if (exponent == 31) {
        bits = sign | 0x7f800000 | (mantissa << 13);
    } else {
        bits = sign | ((exponent + 127 - 15) << 23) | (mantissa << 13);
    }
    return std::bit_cast<float>(bits);
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Rows.

struct RowGroupRows::State {
    const File& file;
    std::size_t row_group;
    std::vector<std::string_view> chunks;
    std::vector<ColumnReader> readers;
    std::vector<std::vector<Entry>> rows;  // per leaf read: the entries of the row being written
    std::vector<std::size_t> at;           // per leaf read: the next entry
    std::vector<int> column_of_leaf;       // leaf -> index in readers, -1 when not read
    std::uint64_t rows_left = 0;
    std::string scratch;
    std::size_t column_of_current = 0;  // the column of the value being written, for messages

    State(const File& f, std::size_t g, std::vector<std::string_view> c) : file(f), row_group(g), chunks(std::move(c)) {
        if (chunks.size() != f.read_leaves_.size()) throw Error(f.name_ + ": wrong number of column chunks given");
        column_of_leaf.assign(f.leaves_.size(), -1);
        readers.reserve(chunks.size());
        for (std::size_t i = 0; i < chunks.size(); ++i) {
            const int l = f.read_leaves_[i];
            column_of_leaf[static_cast<std::size_t>(l)] = static_cast<int>(i);
            readers.emplace_back(f.name_, f.leaves_[static_cast<std::size_t>(l)],
                                 *f.meta_.row_groups[g].columns[static_cast<std::size_t>(l)].meta, chunks[i], g,
                                 f.limits_);
        }
        rows.resize(chunks.size());
        at.resize(chunks.size());
        rows_left = f.rows_in(g);
    }

    [[noreturn]] void corrupt(std::size_t column, const std::string& why) const {
        const Leaf& leaf = file.leaves_[static_cast<std::size_t>(file.read_leaves_[column])];
        throw Error(file.name_ + ": column '" + leaf.path + "', row group " + std::to_string(row_group) + ": " + why);
    }

    // The entries of the next row of every column; false when the row group is done.
    bool gather() {
        if (rows_left == 0) return false;
        for (std::size_t c = 0; c < readers.size(); ++c) {
            ColumnReader& r = readers[c];
            r.release();
            rows[c].clear();
            at[c] = 0;
            const Entry* e = r.peek();
            if (!e) corrupt(c, "fewer rows than the row group's " + std::to_string(file.rows_in(row_group)));
            if (e->rep != 0) corrupt(c, "a row that starts with repetition level " + std::to_string(e->rep));
            rows[c].push_back(*e);
            r.pop();
            while ((e = r.peek()) && e->rep != 0) {
                rows[c].push_back(*e);
                r.pop();
            }
        }
        --rows_left;
        return true;
    }

    const Node& node(int n) const { return file.nodes_[static_cast<std::size_t>(n)]; }

    std::size_t column_of(const Node& n) const {
        return static_cast<std::size_t>(column_of_leaf[static_cast<std::size_t>(n.first_leaf)]);
    }

    const Entry& current(const Node& n) {
        const std::size_t c = column_of(n);
        if (at[c] >= rows[c].size()) corrupt(c, "fewer values in a row than its structure needs");
        return rows[c][at[c]];
    }

    void advance_all(const Node& n) {
        for (int l = n.first_leaf; l < n.end_leaf; ++l) {
            const auto c = static_cast<std::size_t>(column_of_leaf[static_cast<std::size_t>(l)]);
            if (at[c] >= rows[c].size()) corrupt(c, "fewer values in a row than its structure needs");
            ++at[c];
        }
    }

    // Whether the next entry under `n` continues the repeated node `n` (another element).
    bool continues(const Node& n) {
        const std::size_t c = column_of(n);
        return at[c] < rows[c].size() && rows[c][at[c]].rep == n.rep;
    }

    // The value of a node that is not itself repeated (or is written as an element).
    void emit(int index, std::string& out) {
        const Node& n = node(index);
        if (n.optional && current(n).def < n.def) {
            out += "null";
            advance_all(n);
            return;
        }
        emit_present(index, out);
    }

    // A node known to be present.
    void emit_present(int index, std::string& out) {
        const Node& n = node(index);
        switch (n.kind) {
            case Kind::leaf: emit_leaf(n, out); return;
            case Kind::list: emit_repeated(n.repeated, n.element, out); return;
            case Kind::map: emit_map(node(n.repeated), out); return;
            case Kind::group:
                out += '{';
                for (std::size_t i = 0; i < n.children.size(); ++i) {
                    if (i > 0) out += ',';
                    const Node& child = node(n.children[i]);
                    out += child.key_json;
                    if (child.is_repeated) {
                        emit_repeated(n.children[i], n.children[i], out);
                    } else {
                        emit(n.children[i], out);
                    }
                }
                out += '}';
                return;
        }
    }

    // A repeated node as an array of `element`s (the node itself, or its child in a LIST).
    void emit_repeated(int repeated, int element, std::string& out) {
        const Node& r = node(repeated);
        if (current(r).def < r.def) {  // no elements
            out += "[]";
            advance_all(r);
            return;
        }
        out += '[';
        for (bool first = true;; first = false) {
            if (!first) out += ',';
            if (element == repeated) {
                emit_present(element, out);
            } else {
                emit(element, out);
            }
            if (!continues(r)) break;
        }
        out += ']';
    }

    void emit_map(const Node& r, std::string& out) {
        if (current(r).def < r.def) {
            out += "{}";
            advance_all(r);
            return;
        }
        out += '{';
        std::string key;
        for (bool first = true;; first = false) {
            if (!first) out += ',';
            key.clear();
            emit(r.children[0], key);
            if (!key.empty() && key[0] == '"') {
                out += key;
            } else {
                json::write_string(out, key);
            }
            out += ':';
            if (r.children.size() > 1) {
                emit(r.children[1], out);
            } else {
                out += "null";
            }
            if (!continues(r)) break;
        }
        out += '}';
    }

    void emit_leaf(const Node& n, std::string& out) {
        const std::size_t c = column_of(n);
        const Entry& e = current(n);
        ++at[c];
        column_of_current = c;
        const Leaf& leaf = file.leaves_[static_cast<std::size_t>(n.leaf)];
        if (e.def < leaf.max_def) {
            out += "null";
            return;
        }
        const SchemaElement& s = file.meta_.schema[static_cast<std::size_t>(n.element_index)];
        const Value& v = e.value;
        switch (leaf.type.type) {
            case PhysicalType::boolean: out += v.integer ? "true" : "false"; return;
            case PhysicalType::int32:
            case PhysicalType::int64: emit_integer(s, leaf.type.type, v.integer, out); return;
            case PhysicalType::float32:
            case PhysicalType::float64: append_real(out, v.real, leaf.type.type == PhysicalType::float32); return;
            case PhysicalType::int96: {
                // Nanoseconds of the day, then the Julian day: a timestamp (Impala, Spark).
                std::uint64_t nanos = 0;
                std::uint32_t julian = 0;
                std::memcpy(&nanos, v.data, 8);
                std::memcpy(&julian, v.data + 8, 4);
                const std::int64_t days = static_cast<std::int64_t>(julian) - 2440588;
                out += '"';
                append_date(out, days);
                out += 'T';
                append_time_of_day(out, static_cast<std::int64_t>(nanos % 86400000000000ULL), TimeUnit::nanos);
                out += "Z\"";
                return;
            }
            case PhysicalType::byte_array:
            case PhysicalType::fixed_len_byte_array: emit_bytes(s, v.bytes(), out); return;
        }
    }

    void emit_integer(const SchemaElement& s, PhysicalType type, std::int64_t value, std::string& out) {
        switch (s.meaning) {
            case Meaning::integer:
                if (!s.is_signed) {
                    append_chars(out, type == PhysicalType::int32
                                          ? static_cast<std::uint64_t>(static_cast<std::uint32_t>(value))
                                          : static_cast<std::uint64_t>(value));
                    return;
                }
                break;
            case Meaning::decimal: append_integer_decimal(out, value, s.scale); return;
            case Meaning::date:
                out += '"';
                append_date(out, value);
                out += '"';
                return;
            case Meaning::time:
                if (value < 0 || value >= per_second(s.unit) * 86400) break;
                out += '"';
                append_time_of_day(out, value, s.unit);
                out += '"';
                return;
            case Meaning::timestamp: append_timestamp(out, value, s.unit, s.utc); return;
            case Meaning::unknown: out += "null"; return;
            default: break;
        }
        append_chars(out, value);
    }

    void emit_bytes(const SchemaElement& s, std::string_view bytes, std::string& out) {
        switch (s.meaning) {
            case Meaning::decimal: try { append_decimal(out, bytes, s.scale);
                } catch (const Error& error) {
                    corrupt(column_of_current, error.what());
                }
                return;
            case Meaning::uuid:
                if (bytes.size() == 16) {
                    static const char hex[] = "0123456789abcdef";
                    out += '"';
                    for (std::size_t i = 0; i < 16; ++i) {
                        if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
                        out += hex[static_cast<std::uint8_t>(bytes[i]) >> 4];
                        out += hex[static_cast<std::uint8_t>(bytes[i]) & 15];
                    }
                    out += '"';
                    return;
                }
                break;
            case Meaning::float16:
                if (bytes.size() == 2) {
                    const auto h = static_cast<std::uint16_t>(static_cast<std::uint8_t>(bytes[0]) |
                                                              (static_cast<std::uint8_t>(bytes[1]) << 8));
                    append_real(out, static_cast<double>(half_to_float(h)), false);  // its exact value
                    return;
                }
                break;
            case Meaning::unknown: out += "null"; return;
            default: break;
        }
        append_text(out, bytes, scratch);
    }

    bool next(std::string& out) {
        if (!gather()) {
            for (std::size_t c = 0; c < readers.size(); ++c) {
                if (rows_left == 0 && readers[c].peek())
                    corrupt(c, "more rows than the row group's " + std::to_string(file.rows_in(row_group)));
            }
            return false;
        }
        const std::size_t before = out.size();
        try {
            out += '{';
            bool first = true;
            for (const int f : file.fields_) {
                if (!first) out += ',';
                first = false;
                const Node& n = node(f);
                out += n.key_json;
                if (n.is_repeated) {
                    emit_repeated(f, f, out);
                } else {
                    emit(f, out);
                }
            }
            out += '}';
            for (std::size_t c = 0; c < readers.size(); ++c) {
                if (at[c] != rows[c].size()) corrupt(c, "more values in a row than its structure holds");
            }
        } catch (...) {
            out.resize(before);
            throw;
        }
        return true;
    }
};

RowGroupRows::RowGroupRows(const File& file, std::size_t row_group, std::vector<std::string_view> chunks)
    : state_(std::make_unique<State>(file, row_group, std::move(chunks))) {}
RowGroupRows::~RowGroupRows() = default;
RowGroupRows::RowGroupRows(RowGroupRows&&) noexcept = default;
RowGroupRows& RowGroupRows::operator=(RowGroupRows&&) noexcept = default;

bool RowGroupRows::next(std::string& out) { return state_->next(out); }

std::uint64_t RowGroupRows::skip(std::uint64_t n) {
    std::uint64_t done = 0;
    while (done < n && state_->gather()) ++done;
    return done;
}

WholeFileRows::WholeFileRows(std::string name, std::string_view bytes, const ColumnChoice& read_column, Limits limits)
    : bytes_(bytes), file_(std::move(name), bytes, bytes.size(), read_column, limits) {}

void WholeFileRows::open_row_group() {
    std::vector<std::string_view> chunks;
    for (const ByteRange& r : file_.ranges(row_group_)) {
        chunks.push_back(bytes_.substr(static_cast<std::size_t>(r.offset), static_cast<std::size_t>(r.length)));
    }
    rows_ = std::make_unique<RowGroupRows>(file_, row_group_, std::move(chunks));
}

bool WholeFileRows::next(std::string& out) {
    for (;;) {
        if (!rows_) {
            if (row_group_ >= file_.row_groups()) return false;
            open_row_group();
        }
        if (rows_->next(out)) return true;
        rows_.reset();
        ++row_group_;
    }
}

std::uint64_t WholeFileRows::skip(std::uint64_t n) {
    std::uint64_t done = 0;
    while (done < n) {
        if (!rows_) {
            if (row_group_ >= file_.row_groups()) break;
            if (file_.rows_in(row_group_) <= n - done) {  // the whole row group, unread
                done += file_.rows_in(row_group_);
                ++row_group_;
                continue;
            }
            open_row_group();
        }
        const std::uint64_t skipped = rows_->skip(n - done);
        done += skipped;
        if (done < n) {
            rows_.reset();
            ++row_group_;
        }
    }
    return done;
}

std::uint64_t WholeFileRows::done_before() const {
    if (row_group_ >= file_.row_groups()) return bytes_.size();
    std::uint64_t lowest = bytes_.size();
    for (const ByteRange& r : file_.ranges(row_group_)) lowest = std::min(lowest, r.offset);
    return lowest;
}

}  // namespace seed::parquet
