// The class of a code point for word splitting and text measures: its Unicode General Category
// folded to what the measures ask (letter? number? punctuation?), White_Space first, and the
// ideographic scripts apart because each of their characters is a word by itself.
#pragma once

#include <cstdint>

namespace seed::unicode {

enum class CharClass : std::uint8_t {
    other,        // controls, format characters, unassigned, private use, surrogates
    space,        // White_Space
    letter,       // L* (Python's str.isalpha), except the ideographs below
    mark,         // M*
    number,       // N*
    connector,    // Pc, such as "_"
    punctuation,  // P* other than Pc
    symbol,       // S*: math, currency, modifier and other symbols, emoji
    ideograph,    // letters of the CJK Unified and Compatibility Ideographs and Hiragana
};

CharClass char_class(std::uint32_t cp);

inline bool is_letter(CharClass c) { return c == CharClass::letter || c == CharClass::ideograph; }
// Letters and numbers: Python's str.isalnum.
inline bool is_alnum(CharClass c) { return is_letter(c) || c == CharClass::number; }

}  // namespace seed::unicode
