#include "encoding.hpp"

#include <bit>
#include <cstring>

#include "error.hpp"

namespace seed::parquet {

namespace {

// 128-bit integers (GCC and Clang): bit windows wider than 64 bits, 16-byte decimals.
__extension__ typedef unsigned __int128 uint128;

[[noreturn]] void corrupt(const std::string& why) { throw Error(why); }

std::uint64_t load_le(const char* p, std::size_t n) {
    std::uint64_t v = 0;
    std::memcpy(&v, p, n);  // little-endian machines only (x86_64, aarch64)
    return v;
}

// Reads ULEB128 varints and zigzag from a byte view, with bounds.
struct VarintReader {
    std::string_view data;
    std::size_t pos = 0;

    std::uint64_t varint() {
        std::uint64_t value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (pos >= data.size()) corrupt("a varint cut off");
            const auto b = static_cast<std::uint8_t>(data[pos++]);
            value |= static_cast<std::uint64_t>(b & 0x7f) << shift;
            if ((b & 0x80) == 0) return value;
        }
        corrupt("a varint longer than 10 bytes");
    }
    std::int64_t zigzag() {
        const std::uint64_t v = varint();
        return static_cast<std::int64_t>(v >> 1) ^ -static_cast<std::int64_t>(v & 1);
    }
};

// Unpacks `count` values of `width` bits (LSB first) starting at bit `bit` of `data`.
template <typename T>
void unpack(std::string_view data, std::uint64_t bit, int width, std::size_t count, T* out) {
    if (width == 0) {
        for (std::size_t i = 0; i < count; ++i) out[i] = 0;
        return;
    }
    const std::uint64_t mask = width >= 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << width) - 1;
    const char* base = data.data();
    const std::size_t size = data.size();
    for (std::size_t i = 0; i < count; ++i, bit += static_cast<std::uint64_t>(width)) {
        const std::size_t byte = static_cast<std::size_t>(bit >> 3);
        const unsigned shift = static_cast<unsigned>(bit & 7);
        std::uint64_t word;
        if (width + static_cast<int>(shift) <= 64 && byte + 8 <= size) {
            word = load_le(base + byte, 8) >> shift;
        } else {
            // Near the end, or a width that spans more than 8 bytes: byte by byte.
            const std::size_t need = (static_cast<std::size_t>(width) + shift + 7) / 8;
            if (byte + need > size) corrupt("bit-packed values cut off");
            uint128 w = 0;
            for (std::size_t k = 0; k < need; ++k) {
                w |= static_cast<uint128>(static_cast<std::uint8_t>(base[byte + k])) << (8 * k);
            }
            word = static_cast<std::uint64_t>(w >> shift);
        }
        out[i] = static_cast<T>(word & mask);
    }
}

}  // namespace

int bit_width_of(std::uint64_t max_value) { return max_value == 0 ? 0 : 64 - std::countl_zero(max_value); }

HybridDecoder::HybridDecoder(std::string_view data, int bit_width) : data_(data), bit_width_(bit_width) {
    if (bit_width < 0 || bit_width > 32) corrupt("a bit width of " + std::to_string(bit_width));
}

bool HybridDecoder::next_run() {
    if (pos_ >= data_.size()) return false;
    VarintReader r{data_, pos_};
    const std::uint64_t header = r.varint();
    pos_ = r.pos;
    if (header & 1) {
        // Runs of no groups are skipped by decode()'s loop (not by recursion: there may be millions).
        // More groups than bytes left cannot all be there; the bound also keeps the products below
        // from overflowing.
        const std::uint64_t groups = std::min<std::uint64_t>(header >> 1, std::uint64_t{1} << 40);
        const std::uint64_t bytes = groups * static_cast<std::uint64_t>(bit_width_);
        // A last run may be cut short by a writer that wrote only the bytes its values need.
        const std::uint64_t available = std::min<std::uint64_t>(bytes, data_.size() - pos_);
        packed_left_ =
            bit_width_ == 0 ? groups * 8 : std::min(groups * 8, available * 8 / static_cast<std::uint64_t>(bit_width_));
        packed_bit_ = static_cast<std::uint64_t>(pos_) * 8;
        pos_ += static_cast<std::size_t>(available);
    } else {
        run_left_ = header >> 1;
        const std::size_t width_bytes = static_cast<std::size_t>((bit_width_ + 7) / 8);
        if (width_bytes > data_.size() - pos_) corrupt("an RLE run cut off");
        run_value_ = static_cast<std::uint32_t>(load_le(data_.data() + pos_, width_bytes));
        pos_ += width_bytes;
    }
    return true;
}

void HybridDecoder::decode(std::size_t count, std::uint32_t* out) {
    while (count > 0) {
        if (run_left_ > 0) {
            const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(run_left_, count));
            std::fill(out, out + n, run_value_);
            out += n;
            count -= n;
            run_left_ -= n;
        } else if (packed_left_ > 0) {
            const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(packed_left_, count));
            unpack(data_, packed_bit_, bit_width_, n, out);
            packed_bit_ += static_cast<std::uint64_t>(n) * static_cast<std::uint64_t>(bit_width_);
            out += n;
            count -= n;
            packed_left_ -= n;
        } else if (!next_run()) {
            corrupt("RLE/bit-packed data ends " + std::to_string(count) + (count == 1 ? " value" : " values") +
                    " early");
        }
    }
}

void decode_levels(std::string_view data, int encoding, int max_level, std::size_t count, std::uint8_t* out) {
    const int width = bit_width_of(static_cast<std::uint64_t>(max_level));
    std::vector<std::uint32_t> levels(count);
    if (encoding == 3) {  // RLE
        HybridDecoder(data, width).decode(count, levels.data());
    } else if (encoding == 4) {  // BIT_PACKED: most significant bit first
        const std::uint64_t bits = static_cast<std::uint64_t>(count) * static_cast<std::uint64_t>(width);
        if ((bits + 7) / 8 > data.size()) corrupt("BIT_PACKED levels cut off");
        for (std::size_t i = 0; i < count; ++i) {
            std::uint32_t v = 0;
            for (int b = 0; b < width; ++b) {
                const std::uint64_t at =
                    static_cast<std::uint64_t>(i) * static_cast<std::uint64_t>(width) + static_cast<std::uint64_t>(b);
                const auto byte = static_cast<std::uint8_t>(data[static_cast<std::size_t>(at / 8)]);
                v = (v << 1) | ((byte >> (7 - at % 8)) & 1u);
            }
            levels[i] = v;
        }
    } else {
        corrupt("levels encoded as " + encoding_name(encoding) + ", which is not a level encoding");
    }
    for (std::size_t i = 0; i < count; ++i) {
        if (levels[i] > static_cast<std::uint32_t>(max_level)) {
            corrupt("a level of " + std::to_string(levels[i]) + " where the most is " + std::to_string(max_level));
        }
        out[i] = static_cast<std::uint8_t>(levels[i]);
    }
}

namespace {

std::size_t fixed_width(const ColumnType& t) {
    switch (t.type) {
        case PhysicalType::int32:
        case PhysicalType::float32: return 4;
        case PhysicalType::int64:
        case PhysicalType::float64: return 8;
        case PhysicalType::int96: return 12;
        case PhysicalType::fixed_len_byte_array: return static_cast<std::size_t>(t.type_length);
        default: return 0;
    }
}

// One fixed-width little-endian value at p.
Value fixed_value(const ColumnType& t, const char* p) {
    Value v;
    switch (t.type) {
        case PhysicalType::int32:
            v.integer = static_cast<std::int32_t>(static_cast<std::uint32_t>(load_le(p, 4)));
            break;
        case PhysicalType::int64: v.integer = static_cast<std::int64_t>(load_le(p, 8)); break;
        case PhysicalType::float32:
            v.real = static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(load_le(p, 4))));
            break;
        case PhysicalType::float64: v.real = std::bit_cast<double>(load_le(p, 8)); break;
        default:  // INT96, FIXED_LEN_BYTE_ARRAY
            v.data = p;
            v.size = fixed_width(t);
            break;
    }
    return v;
}

void decode_plain(std::string_view data, const ColumnType& t, std::size_t count, std::vector<Value>& out) {
    if (t.type == PhysicalType::boolean) {
        if ((count + 7) / 8 > data.size()) corrupt("PLAIN booleans cut off");
        for (std::size_t i = 0; i < count; ++i) {
            out[i].integer = (static_cast<std::uint8_t>(data[i / 8]) >> (i % 8)) & 1;
        }
        return;
    }
    if (t.type == PhysicalType::byte_array) {
        std::size_t pos = 0;
        for (std::size_t i = 0; i < count; ++i) {
            if (data.size() - pos < 4) corrupt("PLAIN BYTE_ARRAY value " + std::to_string(i) + " cut off");
            const std::uint64_t n = load_le(data.data() + pos, 4);
            pos += 4;
            if (n > data.size() - pos) corrupt("PLAIN BYTE_ARRAY value " + std::to_string(i) + " cut off");
            out[i].data = data.data() + pos;
            out[i].size = n;
            pos += static_cast<std::size_t>(n);
        }
        return;
    }
    const std::size_t width = fixed_width(t);
    if (width == 0 && t.type == PhysicalType::fixed_len_byte_array) {
        for (std::size_t i = 0; i < count; ++i) out[i].data = data.data();
        return;
    }
    if (count > data.size() / width) corrupt("PLAIN values cut off");
    for (std::size_t i = 0; i < count; ++i) out[i] = fixed_value(t, data.data() + i * width);
}

// DELTA_BINARY_PACKED: `count` integers (or fewer when the header says fewer: an error), and
// the position just after them (for the encodings that put bytes after).
std::size_t decode_delta_integers(std::string_view data, std::size_t count, std::vector<std::int64_t>& out,
                                  bool is_int32) {
    VarintReader r{data};
    const std::uint64_t block_size = r.varint();
    const std::uint64_t miniblocks = r.varint();
    const std::uint64_t total = r.varint();
    std::int64_t value = r.zigzag();
    if (block_size == 0 || block_size % 128 != 0 || miniblocks == 0 || block_size % miniblocks != 0 ||
        (block_size / miniblocks) % 32 != 0 || block_size > (1u << 20)) {
        corrupt("a DELTA_BINARY_PACKED header with blocks of " + std::to_string(block_size) + " values in " +
                std::to_string(miniblocks) + " miniblocks");
    }
    if (total < count) {
        corrupt("DELTA_BINARY_PACKED holds " + std::to_string(total) + " values where " + std::to_string(count) +
                " are needed");
    }
    out.resize(static_cast<std::size_t>(std::min<std::uint64_t>(total, count)));
    if (total == 0) return r.pos;
    const std::uint64_t per_mini = block_size / miniblocks;
    std::size_t got = 0;
    if (!out.empty()) out[got++] = value;
    std::vector<std::uint64_t> deltas(static_cast<std::size_t>(per_mini));
    std::uint64_t left = total - 1;  // values of the stream still to read past, even beyond count
    while (left > 0) {
        const std::int64_t min_delta = r.zigzag();
        if (miniblocks > data.size() - r.pos) corrupt("DELTA_BINARY_PACKED bit widths cut off");
        const std::size_t widths_at = r.pos;
        r.pos += static_cast<std::size_t>(miniblocks);
        for (std::uint64_t m = 0; m < miniblocks && left > 0; ++m) {
            const int width = static_cast<std::uint8_t>(data[widths_at + static_cast<std::size_t>(m)]);
            if (width > 64) corrupt("a DELTA_BINARY_PACKED bit width of " + std::to_string(width));
            const std::uint64_t bytes = per_mini * static_cast<std::uint64_t>(width) / 8;
            const std::uint64_t n = std::min(per_mini, left);
            if (got < out.size()) {
                // The last miniblock may be cut short: only the bytes its values need must be there.
                const std::uint64_t need = (n * static_cast<std::uint64_t>(width) + 7) / 8;
                if (need > data.size() - r.pos) corrupt("a DELTA_BINARY_PACKED miniblock cut off");
                unpack(
                    data.substr(r.pos, static_cast<std::size_t>(std::min<std::uint64_t>(bytes, data.size() - r.pos))),
                    0, width, static_cast<std::size_t>(n), deltas.data());
                for (std::uint64_t k = 0; k < n && got < out.size(); ++k) {
                    // Wrapping arithmetic, as the encoding specifies (32 bits for INT32).
                    std::uint64_t next = static_cast<std::uint64_t>(value) + static_cast<std::uint64_t>(min_delta) +
                                         deltas[static_cast<std::size_t>(k)];
                    if (is_int32)
                        next = static_cast<std::uint64_t>(static_cast<std::int64_t>(static_cast<std::int32_t>(next)));
                    value = static_cast<std::int64_t>(next);
                    out[got++] = value;
                }
            }
            left -= n;
            r.pos += static_cast<std::size_t>(std::min<std::uint64_t>(bytes, data.size() - r.pos));
        }
    }
    return r.pos;
}

void check_lengths(const std::vector<std::int64_t>& lengths, const char* what) {
    for (const std::int64_t n : lengths) {
        if (n < 0) corrupt(std::string(what) + ": a negative length");
    }
}

}  // namespace

void decode_values(std::string_view data, int encoding, const ColumnType& t, std::size_t count, std::vector<Value>& out,
                   std::string& arena) {
    // PLAIN values of a fixed width take that many bytes each, byte arrays at least 4: a count
    // the bytes cannot hold is refused before anything is allocated for it.
    if (encoding == 0 && t.type != PhysicalType::boolean) {
        const std::size_t width = t.type == PhysicalType::byte_array ? 4 : fixed_width(t);
        if (width > 0 && count > data.size() / width) corrupt("PLAIN values cut off");
    }
    out.assign(count, Value{});
    switch (encoding) {
        case 0:  // PLAIN
            decode_plain(data, t, count, out);
            return;
        case 3: {  // RLE: booleans, with a 4-byte length first
            if (t.type != PhysicalType::boolean) corrupt("RLE values of type " + type_name(t.type));
            if (data.size() < 4) corrupt("RLE booleans cut off");
            const std::uint64_t n = load_le(data.data(), 4);
            if (n > data.size() - 4) corrupt("RLE booleans cut off");
            std::vector<std::uint32_t> bits(count);
            HybridDecoder(data.substr(4, static_cast<std::size_t>(n)), 1).decode(count, bits.data());
            for (std::size_t i = 0; i < count; ++i) out[i].integer = bits[i];
            return;
        }
        case 5: {  // DELTA_BINARY_PACKED
            if (t.type != PhysicalType::int32 && t.type != PhysicalType::int64) {
                corrupt("DELTA_BINARY_PACKED values of type " + type_name(t.type));
            }
            std::vector<std::int64_t> ints;
            decode_delta_integers(data, count, ints, t.type == PhysicalType::int32);
            for (std::size_t i = 0; i < count; ++i) out[i].integer = ints[i];
            return;
        }
        case 6: {  // DELTA_LENGTH_BYTE_ARRAY
            if (t.type != PhysicalType::byte_array)
                corrupt("DELTA_LENGTH_BYTE_ARRAY values of type " + type_name(t.type));
            std::vector<std::int64_t> lengths;
            std::size_t pos = decode_delta_integers(data, count, lengths, true);
            check_lengths(lengths, "DELTA_LENGTH_BYTE_ARRAY");
            for (std::size_t i = 0; i < count; ++i) {
                const auto n = static_cast<std::uint64_t>(lengths[i]);
                if (n > data.size() - pos) corrupt("DELTA_LENGTH_BYTE_ARRAY value " + std::to_string(i) + " cut off");
                out[i].data = data.data() + pos;
                out[i].size = n;
                pos += static_cast<std::size_t>(n);
            }
            return;
        }
        case 7: {  // DELTA_BYTE_ARRAY: prefix lengths, then the suffixes as DELTA_LENGTH_BYTE_ARRAY
            if (t.type != PhysicalType::byte_array && t.type != PhysicalType::fixed_len_byte_array) {
                corrupt("DELTA_BYTE_ARRAY values of type " + type_name(t.type));
            }
            std::vector<std::int64_t> prefixes;
            std::size_t pos = decode_delta_integers(data, count, prefixes, true);
            check_lengths(prefixes, "DELTA_BYTE_ARRAY");
            std::vector<std::int64_t> lengths;
            pos += decode_delta_integers(data.substr(pos), count, lengths, true);
            check_lengths(lengths, "DELTA_BYTE_ARRAY");
            std::uint64_t suffixes = 0;
            for (const std::int64_t n : lengths) suffixes += static_cast<std::uint64_t>(n);
            if (suffixes > data.size() - pos) corrupt("DELTA_BYTE_ARRAY suffixes cut off");
            // The strings are rebuilt in the arena, sized first so that views into it stay valid.
            std::uint64_t total = 0;
            std::uint64_t previous = 0;
            for (std::size_t i = 0; i < count; ++i) {
                const auto prefix = static_cast<std::uint64_t>(prefixes[i]);
                if (prefix > previous) corrupt("a DELTA_BYTE_ARRAY prefix longer than the value before it");
                previous = prefix + static_cast<std::uint64_t>(lengths[i]);
                total += previous;
                if (total > (std::uint64_t{1} << 30)) corrupt("DELTA_BYTE_ARRAY values larger than 1 GiB");
            }
            arena.clear();
            arena.reserve(static_cast<std::size_t>(total));
            const char* last = nullptr;
            std::size_t last_size = 0;
            for (std::size_t i = 0; i < count; ++i) {
                const auto prefix = static_cast<std::size_t>(prefixes[i]);
                const auto n = static_cast<std::size_t>(lengths[i]);
                if (n > data.size() - pos) corrupt("DELTA_BYTE_ARRAY value " + std::to_string(i) + " cut off");
                const std::size_t start = arena.size();
                arena.append(last, prefix);
                arena.append(data.data() + pos, n);
                pos += n;
                last = arena.data() + start;
                last_size = prefix + n;
                out[i].data = last;
                out[i].size = last_size;
            }
            if (t.type == PhysicalType::fixed_len_byte_array) {
                for (const Value& v : out) {
                    if (v.size != static_cast<std::uint64_t>(t.type_length))
                        corrupt("a DELTA_BYTE_ARRAY value of the wrong length");
                }
            }
            return;
        }
        case 9: {  // BYTE_STREAM_SPLIT: byte k of every value in stream k
            const std::size_t width = fixed_width(t);
            if (width == 0 || t.type == PhysicalType::int96)
                corrupt("BYTE_STREAM_SPLIT values of type " + type_name(t.type));
            if (count > data.size() / width) corrupt("BYTE_STREAM_SPLIT values cut off");
            const std::size_t streams = data.size() / width;  // values in the page (at least count)
            arena.assign(count * width, '\0');
            for (std::size_t i = 0; i < count; ++i) {
                for (std::size_t k = 0; k < width; ++k) arena[i * width + k] = data[k * streams + i];
            }
            for (std::size_t i = 0; i < count; ++i) out[i] = fixed_value(t, arena.data() + i * width);
            return;
        }
        default: corrupt("values encoded as " + encoding_name(encoding) + ", which seed-tools does not read");
    }
}

void decode_dictionary_indices(std::string_view data, std::size_t count, const std::vector<Value>& dictionary,
                               std::vector<Value>& out) {
    out.resize(count);
    if (count == 0) return;
    if (data.empty()) corrupt("dictionary indices missing");
    const int width = static_cast<std::uint8_t>(data[0]);
    if (width > 32) corrupt("dictionary indices of " + std::to_string(width) + " bits");
    std::vector<std::uint32_t> indices(count);
    HybridDecoder(data.substr(1), width).decode(count, indices.data());
    const std::size_t size = dictionary.size();
    for (std::size_t i = 0; i < count; ++i) {
        if (indices[i] >= size) {
            corrupt("dictionary index " + std::to_string(indices[i]) + " of a dictionary of " + std::to_string(size) +
                    " values");
        }
        out[i] = dictionary[indices[i]];
    }
}

}  // namespace seed::parquet
