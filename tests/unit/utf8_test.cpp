// Unit tests for common/utf8: well-formedness by Unicode Table 3-7, code-point counting and encoding.
#include "utf8.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace {

using seed::utf8::append;
using seed::utf8::count_code_points;
using seed::utf8::encoded_length;
using seed::utf8::find_invalid;
using seed::utf8::is_valid;
using seed::utf8::sequence_length;

std::size_t seq(const std::string& bytes) {
    return sequence_length(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
}

std::string encode(std::uint32_t cp) {
    std::string out;
    append(out, cp);
    return out;
}

// Table 3-7 written out as data: a lead byte range and the allowed range of each following byte.
struct Row {
    unsigned lead_lo, lead_hi;
    std::vector<std::pair<unsigned, unsigned>> tail;
};

const std::vector<Row>& table_3_7() {
    static const std::vector<Row> rows{
        {0x00, 0x7F, {}},
        {0xC2, 0xDF, {{0x80, 0xBF}}},
        {0xE0, 0xE0, {{0xA0, 0xBF}, {0x80, 0xBF}}},
        {0xE1, 0xEC, {{0x80, 0xBF}, {0x80, 0xBF}}},
        {0xED, 0xED, {{0x80, 0x9F}, {0x80, 0xBF}}},
        {0xEE, 0xEF, {{0x80, 0xBF}, {0x80, 0xBF}}},
        {0xF0, 0xF0, {{0x90, 0xBF}, {0x80, 0xBF}, {0x80, 0xBF}}},
        {0xF1, 0xF3, {{0x80, 0xBF}, {0x80, 0xBF}, {0x80, 0xBF}}},
        {0xF4, 0xF4, {{0x80, 0x8F}, {0x80, 0xBF}, {0x80, 0xBF}}},
    };
    return rows;
}

const Row* row_for(unsigned lead) {
    for (const Row& row : table_3_7()) {
        if (lead >= row.lead_lo && lead <= row.lead_hi) return &row;
    }
    return nullptr;
}

TEST(Utf8SequenceLength, Ascii) {
    for (unsigned b = 0; b < 0x80; ++b) {
        const std::string s(1, static_cast<char>(b));
        EXPECT_EQ(seq(s), 1u) << b;
    }
}

TEST(Utf8SequenceLength, TableBoundaries) {
    // Smallest and largest well-formed sequence of every row of Table 3-7.
    EXPECT_EQ(seq("\xC2\x80"), 2u);          // U+0080
    EXPECT_EQ(seq("\xDF\xBF"), 2u);          // U+07FF
    EXPECT_EQ(seq("\xE0\xA0\x80"), 3u);      // U+0800
    EXPECT_EQ(seq("\xE0\xBF\xBF"), 3u);      // U+0FFF
    EXPECT_EQ(seq("\xE1\x80\x80"), 3u);      // U+1000
    EXPECT_EQ(seq("\xEC\xBF\xBF"), 3u);      // U+CFFF
    EXPECT_EQ(seq("\xED\x80\x80"), 3u);      // U+D000
    EXPECT_EQ(seq("\xED\x9F\xBF"), 3u);      // U+D7FF
    EXPECT_EQ(seq("\xEE\x80\x80"), 3u);      // U+E000
    EXPECT_EQ(seq("\xEF\xBF\xBF"), 3u);      // U+FFFF
    EXPECT_EQ(seq("\xF0\x90\x80\x80"), 4u);  // U+10000
    EXPECT_EQ(seq("\xF0\xBF\xBF\xBF"), 4u);  // U+3FFFF
    EXPECT_EQ(seq("\xF1\x80\x80\x80"), 4u);  // U+40000
    EXPECT_EQ(seq("\xF3\xBF\xBF\xBF"), 4u);  // U+FFFFF
    EXPECT_EQ(seq("\xF4\x80\x80\x80"), 4u);  // U+100000
    EXPECT_EQ(seq("\xF4\x8F\xBF\xBF"), 4u);  // U+10FFFF
}

TEST(Utf8SequenceLength, RejectsOverlongs) {
    EXPECT_EQ(seq("\xC0\x80"), 0u);
    EXPECT_EQ(seq("\xC0\xAF"), 0u);
    EXPECT_EQ(seq("\xC1\xBF"), 0u);
    EXPECT_EQ(seq("\xE0\x80\x80"), 0u);
    EXPECT_EQ(seq("\xE0\x9F\xBF"), 0u);
    EXPECT_EQ(seq("\xF0\x80\x80\x80"), 0u);
    EXPECT_EQ(seq("\xF0\x8F\xBF\xBF"), 0u);
}

TEST(Utf8SequenceLength, RejectsSurrogates) {
    EXPECT_EQ(seq("\xED\xA0\x80"), 0u);  // U+D800
    EXPECT_EQ(seq("\xED\xAF\xBF"), 0u);  // U+DBFF
    EXPECT_EQ(seq("\xED\xB0\x80"), 0u);  // U+DC00
    EXPECT_EQ(seq("\xED\xBF\xBF"), 0u);  // U+DFFF
}

TEST(Utf8SequenceLength, RejectsAboveMaxAndInvalidLeads) {
    EXPECT_EQ(seq("\xF4\x90\x80\x80"), 0u);  // U+110000
    EXPECT_EQ(seq("\xF4\xBF\xBF\xBF"), 0u);
    for (unsigned lead = 0xF5; lead <= 0xFF; ++lead) {
        std::string s(1, static_cast<char>(lead));
        s += "\x80\x80\x80";
        EXPECT_EQ(seq(s), 0u) << std::hex << lead;
    }
    for (unsigned lead = 0x80; lead <= 0xBF; ++lead) {  // continuation bytes cannot lead
        std::string s(1, static_cast<char>(lead));
        s += "\x80\x80\x80";
        EXPECT_EQ(seq(s), 0u) << std::hex << lead;
    }
}

TEST(Utf8SequenceLength, RejectsTruncated) {
    EXPECT_EQ(seq("\xC2"), 0u);
    EXPECT_EQ(seq("\xE2\x82"), 0u);
    EXPECT_EQ(seq("\xE2"), 0u);
    EXPECT_EQ(seq("\xF0\x9F\x98"), 0u);
    EXPECT_EQ(seq("\xF0\x9F"), 0u);
    EXPECT_EQ(seq("\xF0"), 0u);
    // `avail` is respected: the bytes are there but may not be read.
    const std::string full = "\xF0\x9F\x98\x80";
    const auto* p = reinterpret_cast<const unsigned char*>(full.data());
    EXPECT_EQ(sequence_length(p, 4), 4u);
    EXPECT_EQ(sequence_length(p, 3), 0u);
    EXPECT_EQ(sequence_length(p, 1), 0u);
    // A sequence cut short by an ASCII byte.
    EXPECT_EQ(seq("\xE2\x82"
                  "a"),
              0u);
    EXPECT_EQ(seq("\xC3"
                  "a"),
              0u);
}

// Every lead byte with every second byte, the rest valid continuations: compared with Table 3-7.
TEST(Utf8SequenceLength, ExhaustiveFirstTwoBytes) {
    for (unsigned lead = 0; lead < 0x100; ++lead) {
        for (unsigned second = 0; second < 0x100; ++second) {
            std::string s;
            s += static_cast<char>(lead);
            s += static_cast<char>(second);
            s += "\x80\x80";
            const Row* row = row_for(lead);
            std::size_t expected = 0;
            if (row != nullptr) {
                if (row->tail.empty()) {
                    expected = 1;
                } else if (second >= row->tail[0].first && second <= row->tail[0].second) {
                    expected = row->tail.size() + 1;
                }
            }
            ASSERT_EQ(seq(s), expected) << std::hex << lead << ' ' << second;
        }
    }
}

// The last continuation byte of each multi-byte row: every value outside 80..BF is refused.
TEST(Utf8SequenceLength, ExhaustiveLastByte) {
    const std::vector<std::string> prefixes{"\xC3", "\xE0\xA0", "\xED\x9F", "\xF0\x90\x80", "\xF4\x8F\xBF"};
    for (const std::string& prefix : prefixes) {
        for (unsigned last = 0; last < 0x100; ++last) {
            const std::string s = prefix + static_cast<char>(last);
            const std::size_t expected = last >= 0x80 && last <= 0xBF ? s.size() : 0;
            ASSERT_EQ(seq(s), expected) << std::hex << last;
        }
    }
}

TEST(Utf8FindInvalid, Offsets) {
    EXPECT_EQ(find_invalid(""), std::nullopt);
    EXPECT_EQ(find_invalid("plain ascii"), std::nullopt);
    EXPECT_EQ(find_invalid("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), std::nullopt);
    EXPECT_EQ(find_invalid("abc\xFF"), std::optional<std::size_t>(3));
    EXPECT_EQ(find_invalid("\xFF"
                           "abc"),
              std::optional<std::size_t>(0));
    EXPECT_EQ(find_invalid("\xC3\xA9\xC0\x80"), std::optional<std::size_t>(2));
    EXPECT_EQ(find_invalid("a\xED\xA0\x80z"), std::optional<std::size_t>(1));
    EXPECT_EQ(find_invalid("ab\xE2\x82"), std::optional<std::size_t>(2));        // truncated at the end
    EXPECT_EQ(find_invalid("\xE2\x82\xAC\x80"), std::optional<std::size_t>(3));  // stray continuation
    EXPECT_EQ(find_invalid("\xF4\x90\x80\x80"), std::optional<std::size_t>(0));
    EXPECT_EQ(find_invalid(std::string("a\0b", 3)), std::nullopt);  // NUL is valid UTF-8
    EXPECT_TRUE(is_valid("\xEF\xBF\xBF"));
    EXPECT_FALSE(is_valid("\xEF\xBF"));
}

TEST(Utf8CountCodePoints, Cases) {
    EXPECT_EQ(count_code_points(""), 0u);
    EXPECT_EQ(count_code_points("abc"), 3u);
    EXPECT_EQ(count_code_points("\xC3\xA9"), 1u);          // é
    EXPECT_EQ(count_code_points("\xE2\x82\xAC"), 1u);      // €
    EXPECT_EQ(count_code_points("\xF0\x9F\x98\x80"), 1u);  // 😀
    EXPECT_EQ(count_code_points("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\n"), 5u);
    EXPECT_EQ(count_code_points(std::string("\0\0", 2)), 2u);
}

TEST(Utf8Append, BoundaryEncodings) {
    EXPECT_EQ(encode(0x00), std::string(1, '\0'));
    EXPECT_EQ(encode(0x7F), "\x7F");
    EXPECT_EQ(encode(0x80), "\xC2\x80");
    EXPECT_EQ(encode(0x7FF), "\xDF\xBF");
    EXPECT_EQ(encode(0x800), "\xE0\xA0\x80");
    EXPECT_EQ(encode(0xD7FF), "\xED\x9F\xBF");
    EXPECT_EQ(encode(0xE000), "\xEE\x80\x80");
    EXPECT_EQ(encode(0xFFFF), "\xEF\xBF\xBF");
    EXPECT_EQ(encode(0x10000), "\xF0\x90\x80\x80");
    EXPECT_EQ(encode(0x1F600), "\xF0\x9F\x98\x80");
    EXPECT_EQ(encode(0x10FFFF), "\xF4\x8F\xBF\xBF");
    EXPECT_EQ(encoded_length(0x7F), 1u);
    EXPECT_EQ(encoded_length(0x80), 2u);
    EXPECT_EQ(encoded_length(0x7FF), 2u);
    EXPECT_EQ(encoded_length(0x800), 3u);
    EXPECT_EQ(encoded_length(0xFFFF), 3u);
    EXPECT_EQ(encoded_length(0x10000), 4u);
    EXPECT_EQ(encoded_length(0x10FFFF), 4u);
}

// Decodes one well-formed sequence (the test's own decoder, for the round trip).
std::uint32_t decode(const std::string& s) {
    const auto b0 = static_cast<unsigned char>(s[0]);
    if (s.size() == 1) return b0;
    std::uint32_t cp = b0 & (0xFFu >> (s.size() + 1));
    for (std::size_t i = 1; i < s.size(); ++i) cp = (cp << 6) | (static_cast<unsigned char>(s[i]) & 0x3Fu);
    return cp;
}

TEST(Utf8Append, RoundTripEveryScalarValue) {
    std::string all;
    std::uint64_t count = 0;
    for (std::uint32_t cp = 0; cp <= 0x10FFFF; ++cp) {
        if (cp >= 0xD800 && cp <= 0xDFFF) continue;
        const std::string s = encode(cp);
        ASSERT_EQ(s.size(), encoded_length(cp)) << cp;
        ASSERT_EQ(seq(s), s.size()) << cp;
        ASSERT_EQ(decode(s), cp) << cp;
        ASSERT_EQ(count_code_points(s), 1u) << cp;
        if (cp % 97 == 0) {
            all += s;
            ++count;
        }
    }
    EXPECT_TRUE(is_valid(all));
    EXPECT_EQ(count_code_points(all), count);
}

}  // namespace

namespace {

TEST(Utf8Decode, ReadsEachLengthAndAdvances) {
    const std::string text = "a\u00e9\u20ac\U0001F600";
    std::size_t i = 0;
    EXPECT_EQ(seed::utf8::decode(text, i), 0x61u);
    EXPECT_EQ(i, 1u);
    EXPECT_EQ(seed::utf8::decode(text, i), 0xE9u);
    EXPECT_EQ(seed::utf8::decode(text, i), 0x20ACu);
    EXPECT_EQ(seed::utf8::decode(text, i), 0x1F600u);
    EXPECT_EQ(i, text.size());
}

TEST(Utf8WhiteSpace, IsTheUnicodeProperty) {
    for (const std::uint32_t cp : {0x09u, 0x0Au, 0x0Bu, 0x0Cu, 0x0Du, 0x20u, 0x85u, 0xA0u, 0x1680u, 0x2000u, 0x200Au,
                                   0x2028u, 0x2029u, 0x202Fu, 0x205Fu, 0x3000u}) {
        EXPECT_TRUE(seed::utf8::is_white_space(cp)) << cp;
    }
    for (const std::uint32_t cp : {0x00u, 0x08u, 0x1Fu, 0x41u, 0x200Bu, 0xFEFFu, 0x180Eu}) {
        EXPECT_FALSE(seed::utf8::is_white_space(cp)) << cp;
    }
}

TEST(Utf8FoldCase, LowersTheCoveredScriptsAndLeavesTheRest) {
    using seed::utf8::fold_case;
    EXPECT_EQ(fold_case('A'), static_cast<std::uint32_t>('a'));
    EXPECT_EQ(fold_case('z'), static_cast<std::uint32_t>('z'));
    EXPECT_EQ(fold_case('['), static_cast<std::uint32_t>('['));
    EXPECT_EQ(fold_case(0xC9), 0xE9u);    // É
    EXPECT_EQ(fold_case(0xD7), 0xD7u);    // ×
    EXPECT_EQ(fold_case(0xDF), 0xDFu);    // ß has no simple capital here
    EXPECT_EQ(fold_case(0x100), 0x101u);  // Ā
    EXPECT_EQ(fold_case(0x101), 0x101u);
    EXPECT_EQ(fold_case(0x139), 0x13Au);  // Ĺ: odd capitals between U+0139 and U+0148
    EXPECT_EQ(fold_case(0x141), 0x142u);  // Ł
    EXPECT_EQ(fold_case(0x14A), 0x14Bu);  // Ŋ: even capitals again
    EXPECT_EQ(fold_case(0x178), 0xFFu);   // Ÿ
    EXPECT_EQ(fold_case(0x17D), 0x17Eu);  // Ž
    EXPECT_EQ(fold_case(0x130), static_cast<std::uint32_t>('i'));
    EXPECT_EQ(fold_case(0x391), 0x3B1u);  // Α
    EXPECT_EQ(fold_case(0x3A3), 0x3C3u);  // Σ
    EXPECT_EQ(fold_case(0x3C2), 0x3C3u);  // final ς
    EXPECT_EQ(fold_case(0x386), 0x3ACu);  // Ά
    EXPECT_EQ(fold_case(0x38F), 0x3CEu);  // Ώ
    EXPECT_EQ(fold_case(0x401), 0x451u);  // Ё
    EXPECT_EQ(fold_case(0x42F), 0x44Fu);  // Я
    EXPECT_EQ(fold_case(0x4E2D), 0x4E2Du);
}

}  // namespace
