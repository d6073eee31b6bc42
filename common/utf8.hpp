// UTF-8: validation, code-point counting (equal to Python's len() on the decoded str) and encoding.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace seed::utf8 {

// Length in bytes of the well-formed UTF-8 sequence starting at s[0], or 0 when it is not
// well-formed (Unicode Table 3-7: no overlongs, no surrogates, nothing above U+10FFFF).
// `avail` is how many bytes may be read from s.
std::size_t sequence_length(const unsigned char* s, std::size_t avail);

// Offset of the first byte that is not part of well-formed UTF-8, or nullopt when all is valid.
std::optional<std::size_t> find_invalid(std::string_view text);

inline bool is_valid(std::string_view text) { return !find_invalid(text).has_value(); }

// Number of code points in valid UTF-8: the number of bytes that are not continuation bytes.
std::uint64_t count_code_points(std::string_view valid_text);

// Appends the UTF-8 encoding of code point cp (cp <= 0x10FFFF, not a surrogate).
void append(std::string& out, std::uint32_t cp);

// Decodes the code point at valid_text[i] and moves i past it. valid_text must be valid UTF-8
// and i < valid_text.size().
std::uint32_t decode(std::string_view valid_text, std::size_t& i);

// The Unicode White_Space property (tab, newline, space, NBSP, the U+2000 spaces, ...).
bool is_white_space(std::uint32_t cp);

// Simple lowercase mapping for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic; other code
// points are returned unchanged. A fixed table, so the result is the same on every machine
// (no locale). Final sigma folds to sigma, as in case folding.
std::uint32_t fold_case(std::uint32_t cp);

// Bytes needed to encode code point cp.
inline std::size_t encoded_length(std::uint32_t cp) { return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; }

}  // namespace seed::utf8
