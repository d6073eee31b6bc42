// Word splitting: one pass over the bytes, ASCII classified by a table, the rest decoded.
#include "tokens.hpp"

#include <array>
#include <bit>
#include <cstring>
#include <limits>

#include "unicode/char_class.hpp"
#include "utf8.hpp"

namespace seed::filter {

namespace {

using unicode::CharClass;

constexpr std::array<CharClass, 128> ascii_classes = [] {
    std::array<CharClass, 128> table{};
    for (std::size_t c = 0; c < 128; ++c) {
        if (c == ' ' || (c >= 0x09 && c <= 0x0D))
            table[c] = CharClass::space;
        else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
            table[c] = CharClass::letter;
        else if (c >= '0' && c <= '9')
            table[c] = CharClass::number;
        else if (c == '_')
            table[c] = CharClass::connector;
        else if (c == '$' || c == '+' || c == '<' || c == '=' || c == '>' || c == '^' || c == '`' || c == '|' ||
                 c == '~')
            table[c] = CharClass::symbol;
        else if (c < 0x20 || c == 0x7F)
            table[c] = CharClass::other;
        else
            table[c] = CharClass::punctuation;
    }
    return table;
}();

// For each byte: 1 for an ASCII digit, 2 for an ASCII letter, 0 for anything else.
constexpr std::array<std::uint8_t, 256> ascii_word_bytes = [] {
    std::array<std::uint8_t, 256> table{};
    for (std::size_t c = 0; c < 128; ++c) {
        if (ascii_classes[c] == CharClass::letter) table[c] = 2;
        if (ascii_classes[c] == CharClass::number) table[c] = 1;
    }
    return table;
}();

// How many of the 8 bytes of `v` (the first in the lowest byte) from the start are ASCII letters
// or digits, and whether a letter is among them. Each byte is tested in its own 8 bits: adding
// at most 0x80 to a 7-bit value carries into its top bit and never into the next byte.
struct AsciiRun {
    unsigned bytes;
    bool letter;
};
AsciiRun ascii_alnum_run(std::uint64_t v) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t tops = ones * 0x80;
    const std::uint64_t low7 = v & ~tops;
    const auto in_range = [&](std::uint64_t x, unsigned lo, unsigned hi) {  // top bit set where lo <= x <= hi
        return (x + ones * (0x80 - lo)) & ~(x + ones * (0x7F - hi)) & tops;
    };
    const std::uint64_t ascii = ~v & tops;
    const std::uint64_t letters = in_range(low7 | ones * 0x20, 'a', 'z') & ascii;
    const std::uint64_t alnum = letters | (in_range(low7, '0', '9') & ascii);
    const std::uint64_t stops = ~alnum & tops;
    const unsigned bytes = stops == 0 ? 8u : static_cast<unsigned>(std::countr_zero(stops)) / 8;
    const std::uint64_t taken = bytes == 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * bytes)) - 1;
    return AsciiRun{bytes, (letters & taken) != 0};
}

bool is_word_char(CharClass c) {
    return c == CharClass::letter || c == CharClass::mark || c == CharClass::number || c == CharClass::connector;
}

// ' ’ . , - : kept inside a word when a word character follows.
bool is_joiner(std::uint32_t cp) { return cp == '\'' || cp == 0x2019 || cp == '.' || cp == ',' || cp == '-'; }

struct Cursor {
    std::string_view text;
    std::size_t pos = 0;

    // The code point at `at` and its class; `next` is set past it.
    CharClass peek(std::size_t at, std::uint32_t& cp, std::size_t& next) const {
        const auto byte = static_cast<unsigned char>(text[at]);
        if (byte < 0x80) {
            cp = byte;
            next = at + 1;
            return ascii_classes[byte];
        }
        next = at;
        cp = utf8::decode(text, next);
        return unicode::char_class(cp);
    }
};

}  // namespace

void split_tokens(std::string_view text, std::vector<Token>& tokens) {
    tokens.clear();
    if (text.size() >= std::numeric_limits<std::uint32_t>::max()) text = text.substr(0, 0xFFFFFFFEu);
    const Cursor cur{text};
    std::size_t i = 0;
    std::uint32_t cp = 0;
    std::size_t next = 0;
    while (i < text.size()) {
        if (text[i] == ' ') {  // most common by far
            ++i;
            continue;
        }
        CharClass cls = cur.peek(i, cp, next);
        if (cls == CharClass::space) {
            i = next;
            continue;
        }
        Token token;
        token.offset = static_cast<std::uint32_t>(i);
        if (cls == CharClass::ideograph) {
            token.word = token.has_letter = true;
            token.chars = 1;
            i = next;
        } else if (is_word_char(cls)) {
            token.word = true;
            for (;;) {
                token.has_letter |= cls == CharClass::letter;
                ++token.chars;
                i = next;
                // The common case, a run of ASCII letters and digits, without the general step:
                // eight bytes at a time where the text allows, then byte by byte.
                const std::size_t run = i;
                unsigned letters = 0;
                if constexpr (std::endian::native == std::endian::little) {
                    while (i + 8 <= text.size()) {
                        std::uint64_t v = 0;
                        std::memcpy(&v, text.data() + i, 8);
                        const AsciiRun r = ascii_alnum_run(v);
                        i += r.bytes;
                        letters |= r.letter ? 2u : 0u;
                        if (r.bytes < 8) break;
                    }
                }
                while (i < text.size()) {
                    const unsigned kind = ascii_word_bytes[static_cast<unsigned char>(text[i])];
                    if (kind == 0) break;
                    letters |= kind;
                    ++i;
                }
                token.chars += static_cast<std::uint32_t>(i - run);
                token.has_letter |= (letters & 2u) != 0;
                if (i >= text.size()) break;
                cls = cur.peek(i, cp, next);
                if (is_word_char(cls) || cls == CharClass::other) continue;
                if (is_joiner(cp) && next < text.size()) {
                    std::uint32_t after_cp = 0;
                    std::size_t after_next = 0;
                    const CharClass after = cur.peek(next, after_cp, after_next);
                    if (is_word_char(after)) {
                        ++token.chars;  // the joiner
                        i = next;
                        cls = after;
                        next = after_next;
                        continue;
                    }
                }
                break;
            }
        } else {
            for (;;) {
                ++token.chars;
                i = next;
                if (i >= text.size()) break;
                cls = cur.peek(i, cp, next);
                // Marks and format characters extend a symbol as they extend a word: an emoji with a
                // variation selector or skin tone is one symbol token.
                if (cls == CharClass::space || cls == CharClass::ideograph ||
                    (is_word_char(cls) && cls != CharClass::mark))
                    break;
            }
        }
        token.bytes = static_cast<std::uint32_t>(i - token.offset);
        tokens.push_back(token);
    }
}

}  // namespace seed::filter
