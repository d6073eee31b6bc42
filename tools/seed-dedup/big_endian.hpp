// 64-bit integers as 8 big-endian bytes: how the index file and signature lines store keys, so
// that both read the same on machines of either byte order.
#pragma once

#include <cstdint>
#include <string>

namespace seed::dedup {

inline void put_be64(std::string& out, std::uint64_t v) {
    for (int shift = 56; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
}

inline std::uint64_t get_be64(const unsigned char* p) {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = v << 8 | p[i];
    return v;
}

}  // namespace seed::dedup
