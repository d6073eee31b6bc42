// Small hashing helpers shared by the tools.
#pragma once

#include <cstdint>

namespace seed::hash {

// MurmurHash3's 64-bit finalizer: every input bit affects every output bit, so the low bits of
// the result can index a table whatever structure the input had.
inline std::uint64_t mix(std::uint64_t h) {
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

}  // namespace seed::hash
