// UTF-8 validation and counting.
#include "utf8.hpp"

namespace seed::utf8 {

std::size_t sequence_length(const unsigned char* s, std::size_t avail) {
    const unsigned char b0 = s[0];
    if (b0 < 0x80) return 1;
    auto cont = [&](std::size_t i, unsigned char lo = 0x80, unsigned char hi = 0xBF) {
        return i < avail && s[i] >= lo && s[i] <= hi;
    };
    if (b0 >= 0xC2 && b0 <= 0xDF) return cont(1) ? 2 : 0;
    if (b0 == 0xE0) return cont(1, 0xA0) && cont(2) ? 3 : 0;
    if ((b0 >= 0xE1 && b0 <= 0xEC) || b0 == 0xEE || b0 == 0xEF) return cont(1) && cont(2) ? 3 : 0;
    if (b0 == 0xED) return cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0;  // excludes surrogates
    if (b0 == 0xF0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
    if (b0 >= 0xF1 && b0 <= 0xF3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
    if (b0 == 0xF4) return cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0;
    return 0;
}

std::optional<std::size_t> find_invalid(std::string_view text) {
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        if (s[i] < 0x80) {
            ++i;
            continue;
        }
        const std::size_t len = sequence_length(s + i, n - i);
        if (len == 0) return i;
        i += len;
    }
    return std::nullopt;
}

std::uint64_t count_code_points(std::string_view valid_text) {
    std::uint64_t count = 0;
    for (const char c : valid_text) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return count;
}

void append(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

std::uint32_t decode(std::string_view valid_text, std::size_t& i) {
    const auto* s = reinterpret_cast<const unsigned char*>(valid_text.data());
    const std::uint32_t b0 = s[i];
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    auto cont = [&](std::size_t k) { return static_cast<std::uint32_t>(s[i + k] & 0x3F); };
    std::uint32_t cp = 0;
    if (b0 < 0xE0) {
        cp = ((b0 & 0x1F) << 6) | cont(1);
        i += 2;
    } else if (b0 < 0xF0) {
        cp = ((b0 & 0x0F) << 12) | (cont(1) << 6) | cont(2);
        i += 3;
    } else {
        cp = ((b0 & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
        i += 4;
    }
    return cp;
}

bool is_white_space(std::uint32_t cp) {
    if (cp < 0x80) return cp == ' ' || (cp >= 0x09 && cp <= 0x0D);
    return cp == 0x85 || cp == 0xA0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

std::uint32_t fold_case(std::uint32_t cp) {
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z' ? cp + 32 : cp;
    if (cp < 0xC0) return cp;
    if (cp <= 0xDE) return cp == 0xD7 ? cp : cp + 32;  // Latin-1 capitals, not the multiplication sign
    if (cp < 0x100) return cp;
    if (cp <= 0x17F) {  // Latin Extended-A: capital and small letters alternate
        if (cp == 0x130) return 'i';
        if (cp == 0x178) return 0xFF;
        if (cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17F) return cp;
        const bool even_capitals = cp < 0x138 || (cp >= 0x14A && cp < 0x178);
        return (cp % 2 == 0) == even_capitals ? cp + 1 : cp;
    }
    if (cp >= 0x386 && cp <= 0x3AB) {  // Greek capitals
        if (cp == 0x386) return 0x3AC;
        if (cp >= 0x388 && cp <= 0x38A) return cp + 37;
        if (cp == 0x38C) return 0x3CC;
        if (cp == 0x38E || cp == 0x38F) return cp + 63;
        if (cp >= 0x391 && cp != 0x3A2) return cp + 32;
        return cp;
    }
    if (cp == 0x3C2) return 0x3C3;                   // final sigma
    if (cp >= 0x400 && cp <= 0x40F) return cp + 80;  // Cyrillic capitals with marks
    if (cp >= 0x410 && cp <= 0x42F) return cp + 32;
    return cp;
}

}  // namespace seed::utf8
