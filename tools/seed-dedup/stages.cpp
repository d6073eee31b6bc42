// Shard-key and signature lines.
#include "stages.hpp"

#include "big_endian.hpp"

namespace seed::dedup {

namespace {

constexpr std::string_view hex_digits = "0123456789abcdef";
constexpr std::string_view base64_digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void append_hex64(std::string& out, std::uint64_t v) {
    for (int shift = 60; shift >= 0; shift -= 4) out += hex_digits[(v >> shift) & 0xF];
}

bool parse_hex64(std::string_view text, std::uint64_t& v) {
    v = 0;
    for (const char c : text) {
        const std::size_t digit = hex_digits.find(c);
        if (digit == std::string_view::npos) return false;
        v = v << 4 | digit;
    }
    return true;
}

std::uint64_t get_be64(const std::string& bytes, std::size_t at) {
    return dedup::get_be64(reinterpret_cast<const unsigned char*>(bytes.data()) + at);
}

void append_base64(std::string& out, std::string_view bytes) {
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16 |
                                static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8 |
                                static_cast<unsigned char>(bytes[i + 2]);
        for (int shift = 18; shift >= 0; shift -= 6) out += base64_digits[(v >> shift) & 0x3F];
    }
    const std::size_t rest = bytes.size() - i;
    if (rest == 0) return;
    std::uint32_t v = static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i])) << 16;
    if (rest == 2) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[i + 1])) << 8;
    out += base64_digits[(v >> 18) & 0x3F];
    out += base64_digits[(v >> 12) & 0x3F];
    out += rest == 2 ? base64_digits[(v >> 6) & 0x3F] : '=';
    out += '=';
}

bool decode_base64(std::string_view text, std::string& out) {
    out.clear();
    if (text.size() % 4 != 0) return false;
    for (std::size_t i = 0; i < text.size(); i += 4) {
        std::uint32_t v = 0;
        int pad = 0;
        for (std::size_t k = 0; k < 4; ++k) {
            const char c = text[i + k];
            std::size_t digit = 0;
            if (c == '=' && i + 4 == text.size() && k >= 2) {
                ++pad;
            } else {
                if (pad > 0) return false;
                digit = base64_digits.find(c);
                if (digit == std::string_view::npos) return false;
            }
            v = v << 6 | static_cast<std::uint32_t>(digit);
        }
        out += static_cast<char>((v >> 16) & 0xFF);
        if (pad < 2) out += static_cast<char>((v >> 8) & 0xFF);
        if (pad < 1) out += static_cast<char>(v & 0xFF);
    }
    return true;
}

}  // namespace

void append_keyed(std::string& out, const Hash128& key, std::uint64_t position, std::string_view record) {
    append_hex64(out, key.hi);
    append_hex64(out, key.lo);
    out += '\t';
    const std::string digits = std::to_string(position);
    out.append(position_digits > digits.size() ? position_digits - digits.size() : 0, '0');
    out += digits;
    out += '\t';
    out += record;
    out += '\n';
}

Result<KeyedLine> parse_keyed(std::string_view line) {
    const Fail not_keyed{
        "not a --shard-key line (expected KEY<TAB>POSITION<TAB>RECORD, as seed-dedup --shard-key writes)"};
    if (line.size() < 32 + 1 + position_digits + 1 || line[32] != '\t' || line[33 + position_digits] != '\t') {
        return not_keyed;
    }
    KeyedLine keyed;
    if (!parse_hex64(line.substr(0, 16), keyed.key.hi) || !parse_hex64(line.substr(16, 16), keyed.key.lo)) {
        return not_keyed;
    }
    for (const char c : line.substr(33, position_digits)) {
        if (c < '0' || c > '9') return not_keyed;
        keyed.position = keyed.position * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (is_empty(keyed.key)) return not_keyed;
    keyed.record = line.substr(34 + position_digits);
    return keyed;
}

std::string signature_tag(unsigned perms, Banding banding, unsigned ngram, Shingle shingle) {
    return "minhash1:perms=" + std::to_string(perms) + ":bands=" + std::to_string(banding.bands) +
           ":ngram=" + std::to_string(ngram) + (shingle == Shingle::words ? ":words" : ":chars");
}

void append_signature(std::string& out, std::string_view tag, const Hash128& key, const Signer* signer,
                      std::string_view record) {
    std::string bytes;
    put_be64(bytes, key.hi);
    put_be64(bytes, key.lo);
    if (signer) {
        for (const std::uint64_t band_key : signer->band_keys()) put_be64(bytes, band_key);
        bytes.append(reinterpret_cast<const char*>(signer->sketch().data()), signer->sketch().size());
    }
    out += tag;
    out += '\t';
    append_base64(out, bytes);
    out += '\t';
    out += record;
    out += '\n';
}

Result<void> parse_signature(std::string_view line, std::string_view tag, unsigned perms, unsigned bands,
                             SignatureLine& into) {
    const std::size_t tab1 = line.find('\t');
    const std::size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
    if (tab2 == std::string_view::npos) {
        return Fail{
            "not a --signatures line (expected TAG<TAB>SIGNATURE<TAB>RECORD, as seed-dedup --signatures writes)"};
    }
    const std::string_view found_tag = line.substr(0, tab1);
    if (found_tag != tag) {
        return Fail{"signature made with " + std::string(found_tag) + ", but this run uses " + std::string(tag) +
                    " (give both runs the same near-mode options)"};
    }
    std::string bytes;
    const std::size_t with_sig = 16 + std::size_t{bands} * 8 + perms;
    if (!decode_base64(line.substr(tab1 + 1, tab2 - tab1 - 1), bytes) ||
        (bytes.size() != 16 && bytes.size() != with_sig)) {
        return Fail{"damaged signature"};
    }
    into.key = Hash128{get_be64(bytes, 0), get_be64(bytes, 8)};
    if (is_empty(into.key)) return Fail{"damaged signature"};
    into.band_keys.clear();
    into.sketch.clear();
    if (bytes.size() == with_sig) {
        for (std::size_t band = 0; band < bands; ++band) {
            const std::uint64_t band_key = get_be64(bytes, 16 + band * 8);
            if (band_key == 0) return Fail{"damaged signature"};
            into.band_keys.push_back(band_key);
        }
        const auto* sketch = reinterpret_cast<const std::uint8_t*>(bytes.data()) + 16 + std::size_t{bands} * 8;
        into.sketch.assign(sketch, sketch + perms);
    }
    into.record = line.substr(tab2 + 1);
    return {};
}

}  // namespace seed::dedup
