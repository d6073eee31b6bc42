// The character classes of common/unicode/char_class.cpp (tables from gen_char_class.py,
// Unicode 14.0 as Python 3.11's unicodedata has it).
#include "unicode/char_class.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <ostream>

namespace seed::unicode {

// Names in failure messages instead of numbers.
void PrintTo(CharClass c, std::ostream* os) {
    switch (c) {
        case CharClass::other: *os << "other"; return;
        case CharClass::space: *os << "space"; return;
        case CharClass::letter: *os << "letter"; return;
        case CharClass::mark: *os << "mark"; return;
        case CharClass::number: *os << "number"; return;
        case CharClass::connector: *os << "connector"; return;
        case CharClass::punctuation: *os << "punctuation"; return;
        case CharClass::symbol: *os << "symbol"; return;
        case CharClass::ideograph: *os << "ideograph"; return;
    }
    *os << "CharClass(" << static_cast<int>(c) << ")";
}

namespace {

struct Case {
    std::uint32_t cp;
    CharClass expected;
};

void expect_classes(std::initializer_list<Case> cases) {
    for (const Case& c : cases) EXPECT_EQ(char_class(c.cp), c.expected) << "U+" << std::hex << std::uppercase << c.cp;
}

TEST(CharClass, Letters) {
    expect_classes({
        {'a', CharClass::letter},
        {'Z', CharClass::letter},
        {0xE9, CharClass::letter},     // é
        {0x30A2, CharClass::letter},   // ア Katakana: an ordinary letter, a run is one word
        {0x30FC, CharClass::letter},   // ー Katakana-Hiragana prolonged sound mark (Lm)
        {0xAC00, CharClass::letter},   // 가 Hangul syllable
        {0x0E01, CharClass::letter},   // ก Thai
        {0x1D400, CharClass::letter},  // mathematical bold capital A (astral)
    });
}

TEST(CharClass, Ideographs) {
    expect_classes({
        {0x4E00, CharClass::ideograph},   // 一
        {0x3400, CharClass::ideograph},   // first of Extension A
        {0x4DBF, CharClass::ideograph},   // last of Extension A
        {0x9FFF, CharClass::ideograph},   // last of the Unified Ideographs (Unicode 14)
        {0xF900, CharClass::ideograph},   // a Compatibility Ideograph
        {0x3042, CharClass::ideograph},   // あ Hiragana
        {0x309D, CharClass::ideograph},   // ゝ Hiragana iteration mark (Lm)
        {0x20000, CharClass::ideograph},  // astral: Extension B
        {0x2FA1D, CharClass::ideograph},  // last Compatibility Ideograph Supplement
        {0x30000, CharClass::ideograph},  // Extension G
        {0x3134A, CharClass::ideograph},  // last of Extension G
    });
}

TEST(CharClass, NotIdeographsInsideTheIdeographicRanges) {
    // Only letters in the ranges are ideographs; the rest keeps its own class.
    expect_classes({
        {0x3099, CharClass::mark},    // combining voiced sound mark, in the Hiragana block
        {0x309B, CharClass::symbol},  // ゛ spacing voiced sound mark (Sk), in the Hiragana block
        {0xFA6E, CharClass::other},   // unassigned in the Compatibility Ideographs
        {0x3134B, CharClass::other},  // unassigned after Extension G
        {0x3FFFD, CharClass::other},
        {0x4DC0, CharClass::symbol},  // hexagram, just after Extension A
    });
}

TEST(CharClass, MarksNumbersConnectors) {
    expect_classes({
        {0x0301, CharClass::mark},   // combining acute accent
        {0xFE0F, CharClass::mark},   // variation selector 16
        {0xE0100, CharClass::mark},  // variation selector 17 (astral)
        {'7', CharClass::number},
        {0x0663, CharClass::number},  // ٣ Arabic-indic digit three
        {0x00BD, CharClass::number},  // ½ (No)
        {0x2160, CharClass::number},  // Ⅰ roman numeral (Nl)
        {'_', CharClass::connector},
        {0x2040, CharClass::connector},  // ⁀ character tie
        {0xFF3F, CharClass::connector},  // fullwidth low line
    });
}

TEST(CharClass, PunctuationAndSymbols) {
    expect_classes({
        {'!', CharClass::punctuation},
        {'.', CharClass::punctuation},
        {'#', CharClass::punctuation},
        {0x2019, CharClass::punctuation},  // ’
        {0x2026, CharClass::punctuation},  // …
        {0x3002, CharClass::punctuation},  // 。
        {'$', CharClass::symbol},
        {'`', CharClass::symbol},
        {0x20AC, CharClass::symbol},   // €
        {0x1F600, CharClass::symbol},  // 😀
        {0x1F3FB, CharClass::symbol},  // emoji skin tone modifier (Sk)
    });
}

TEST(CharClass, WhiteSpace) {
    expect_classes({
        {' ', CharClass::space},
        {'\t', CharClass::space},
        {'\n', CharClass::space},
        {'\r', CharClass::space},
        {0x0B, CharClass::space},
        {0x0C, CharClass::space},
        {0x85, CharClass::space},    // next line
        {0xA0, CharClass::space},    // no-break space
        {0x1680, CharClass::space},  // ogham space mark
        {0x2000, CharClass::space},
        {0x200A, CharClass::space},
        {0x2028, CharClass::space},  // line separator
        {0x2029, CharClass::space},
        {0x202F, CharClass::space},  // narrow no-break space
        {0x205F, CharClass::space},
        {0x3000, CharClass::space},  // ideographic space
    });
}

TEST(CharClass, Other) {
    expect_classes({
        {0x00, CharClass::other},
        {0x1C, CharClass::other},         // a control that Unicode does not call White_Space
        {0x7F, CharClass::other},         // delete
        {0x200B, CharClass::other},       // zero width space (Cf, not White_Space)
        {0x200D, CharClass::other},       // zero width joiner
        {0x180E, CharClass::other},       // Mongolian vowel separator (Cf since Unicode 6.3)
        {0xFEFF, CharClass::other},       // byte order mark
        {0xD800, CharClass::other},       // surrogate
        {0xE000, CharClass::other},       // private use
        {0xE0001, CharClass::other},      // language tag (astral Cf)
        {0x10000 - 1, CharClass::other},  // U+FFFF, a noncharacter
        {0x10FFFF, CharClass::other},
    });
}

TEST(CharClass, LetterAndAlnumHelpers) {
    EXPECT_TRUE(is_letter(CharClass::letter));
    EXPECT_TRUE(is_letter(CharClass::ideograph));
    EXPECT_FALSE(is_letter(CharClass::mark));
    EXPECT_FALSE(is_letter(CharClass::number));
    EXPECT_TRUE(is_alnum(CharClass::letter));
    EXPECT_TRUE(is_alnum(CharClass::ideograph));
    EXPECT_TRUE(is_alnum(CharClass::number));
    EXPECT_FALSE(is_alnum(CharClass::connector));
    EXPECT_FALSE(is_alnum(CharClass::mark));
    EXPECT_FALSE(is_alnum(CharClass::symbol));
}

}  // namespace
}  // namespace seed::unicode
