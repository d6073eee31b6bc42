// Unit tests for common/text: line counting (on decoded text and from scanner measurements) and
// the share of code points in fenced code blocks.
#include "text.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "json.hpp"
#include "utf8.hpp"

namespace {

using seed::text::count_lines;
using seed::text::fenced_code_ratio;

TEST(TextCountLines, Cases) {
    EXPECT_EQ(count_lines(std::string_view("")), 0u);
    EXPECT_EQ(count_lines(std::string_view("a")), 1u);
    EXPECT_EQ(count_lines(std::string_view("a\n")), 1u);
    EXPECT_EQ(count_lines(std::string_view("a\nb")), 2u);
    EXPECT_EQ(count_lines(std::string_view("a\n\n")), 2u);
    EXPECT_EQ(count_lines(std::string_view("\n")), 1u);
    EXPECT_EQ(count_lines(std::string_view("\n\n\n")), 3u);
    EXPECT_EQ(count_lines(std::string_view("\na")), 2u);
    EXPECT_EQ(count_lines(std::string_view("a\r\nb\r\n")), 2u);
    EXPECT_EQ(count_lines(std::string_view("a\rb")), 1u);  // only "\n" ends a line
    EXPECT_EQ(count_lines(std::string_view("\xC3\xA9")), 1u);
}

TEST(TextCountLines, FromStringInfo) {
    auto lines_of = [](std::string_view literal) {
        seed::json::Member m;
        EXPECT_FALSE(seed::json::scan_value(literal, m).has_value()) << literal;
        return count_lines(m.string);
    };
    EXPECT_EQ(lines_of(R"("")"), 0u);
    EXPECT_EQ(lines_of(R"("a")"), 1u);
    EXPECT_EQ(lines_of(R"("a\n")"), 1u);
    EXPECT_EQ(lines_of(R"("a\nb")"), 2u);
    EXPECT_EQ(lines_of(R"("a\n\n")"), 2u);
    EXPECT_EQ(lines_of(R"("\n")"), 1u);
    EXPECT_EQ(lines_of(R"("a\u000a")"), 1u);
    EXPECT_EQ(lines_of(R"("a\u000Ab")"), 2u);
}

// A JSON string literal for `text`, each character spelled in one of its valid forms at random.
std::string random_spelling(const std::vector<std::uint32_t>& code_points, std::mt19937& rng) {
    auto coin = [&] { return std::bernoulli_distribution(0.5)(rng); };
    auto hex4 = [](std::uint32_t v) {
        static constexpr char digits[] = "0123456789abcdef";
        std::string out = "\\u";
        for (int shift = 12; shift >= 0; shift -= 4) out += digits[(v >> shift) & 15];
        return out;
    };
    std::string out = "\"";
    for (const std::uint32_t cp : code_points) {
        if (cp == '\n') {
            out += coin() ? "\\n" : (coin() ? "\\u000a" : "\\u000A");
        } else if (cp == '\r') {
            out += coin() ? "\\r" : "\\u000d";
        } else if (cp >= 0x10000) {
            if (coin()) {
                seed::utf8::append(out, cp);
            } else {
                out += hex4(0xD800 + ((cp - 0x10000) >> 10));
                out += hex4(0xDC00 + ((cp - 0x10000) & 0x3FF));
            }
        } else if (coin()) {
            seed::utf8::append(out, cp);
        } else {
            out += hex4(cp);
        }
    }
    return out + "\"";
}

TEST(TextCountLines, StringInfoMatchesDecodedOnRandomStrings) {
    std::mt19937 rng(7);
    const std::vector<std::uint32_t> alphabet{'a', 'b', ' ', '\n', '\n', '\r', '#', 0xE9, 0x20AC, 0x1F600};
    std::uniform_int_distribution<std::size_t> letter(0, alphabet.size() - 1);
    std::uniform_int_distribution<std::size_t> length(0, 60);
    for (int round = 0; round < 5000; ++round) {
        std::vector<std::uint32_t> cps(length(rng));
        for (auto& cp : cps) cp = alphabet[letter(rng)];
        if (round % 5 == 0) cps.insert(cps.begin(), 20, 'x');  // long ASCII runs for the fast path
        std::string text;
        for (const std::uint32_t cp : cps) seed::utf8::append(text, cp);

        const std::string literal = random_spelling(cps, rng);
        seed::json::Member m;
        ASSERT_FALSE(seed::json::scan_value(literal, m).has_value()) << literal;
        std::string decoded;
        seed::json::unescape(m.string_body(), decoded);
        ASSERT_EQ(decoded, text) << literal;
        EXPECT_EQ(count_lines(m.string), count_lines(std::string_view(decoded))) << literal;
        EXPECT_EQ(m.string.chars, seed::utf8::count_code_points(decoded)) << literal;
        EXPECT_EQ(m.string.chars, cps.size()) << literal;
        EXPECT_EQ(m.string.decoded_bytes, decoded.size()) << literal;
    }
}

// ---- fenced code

TEST(TextFencedCode, NoFences) {
    EXPECT_EQ(fenced_code_ratio(""), 0.0);
    EXPECT_EQ(fenced_code_ratio("plain text\nwith lines\n"), 0.0);
    EXPECT_EQ(fenced_code_ratio("~~~\ntildes are not fences\n~~~\n"), 0.0);
    EXPECT_EQ(fenced_code_ratio("``\ntwo backticks\n``\n"), 0.0);
    EXPECT_EQ(fenced_code_ratio("\t```\ntab is not indentation\n\t```\n"), 0.0);
}

TEST(TextFencedCode, WholeText) {
    EXPECT_EQ(fenced_code_ratio("```\ncode\n```\n"), 1.0);
    EXPECT_EQ(fenced_code_ratio("```\ncode\n```"), 1.0);
    EXPECT_EQ(fenced_code_ratio("```python\nx = 1\n```\n"), 1.0);  // info string
    EXPECT_EQ(fenced_code_ratio("``` c++ -O2\nint x;\n```\n"), 1.0);
    EXPECT_EQ(fenced_code_ratio("```\r\na\r\n```\r\n"), 1.0);  // CRLF lines
    EXPECT_EQ(fenced_code_ratio("```"), 1.0);                  // a lone fence runs to the end
}

TEST(TextFencedCode, PartialByHand) {
    // "text\n" 5, "```\n" 4, "code\n" 5, "```\n" 4, "more\n" 5: 13 of 23 in the block.
    EXPECT_EQ(fenced_code_ratio("text\n```\ncode\n```\nmore\n"), 13.0 / 23.0);
    // Two blocks: "a\n" 2, "```\n" 4, "b\n" 2, "```\n" 4, "c\n" 2, "```\n" 4, "d\n" 2, "```\n" 4: 20 of 24.
    EXPECT_EQ(fenced_code_ratio("a\n```\nb\n```\nc\n```\nd\n```\n"), 20.0 / 24.0);
    // The closing fence is the last line and has no newline: "x\n" 2, "```\n" 4, "a\n" 2, "```" 3.
    EXPECT_EQ(fenced_code_ratio("x\n```\na\n```"), 9.0 / 11.0);
}

TEST(TextFencedCode, Indentation) {
    // Up to 3 spaces: "x\n" 2, "   ```\n" 7, "ab\n" 3, "   ```\n" 7.
    EXPECT_EQ(fenced_code_ratio("x\n   ```\nab\n   ```\n"), 17.0 / 19.0);
    EXPECT_EQ(fenced_code_ratio(" ```\nab\n  ```\n"), 1.0);
    // 4 spaces make an indented code line, not a fence.
    EXPECT_EQ(fenced_code_ratio("x\n    ```\nab\n    ```\n"), 0.0);
    // A closing fence indented 4 spaces does not close: the block runs to the end.
    EXPECT_EQ(fenced_code_ratio("```\na\n    ```\nb\n"), 1.0);
    // "```\n" 4, "a\n" 2, "    ```\n" 8, "```\n" 4, "z\n" 2: closed by the 4th line, 18 of 20.
    EXPECT_EQ(fenced_code_ratio("```\na\n    ```\n```\nz\n"), 18.0 / 20.0);
}

TEST(TextFencedCode, ClosingFence) {
    // Needs at least as many backticks: "````\n" 5, "a\n" 2, "```\n" 4, "b\n" 2, "````\n" 5, "c\n" 2.
    EXPECT_EQ(fenced_code_ratio("````\na\n```\nb\n````\nc\n"), 18.0 / 20.0);
    // More backticks close too: "```\n" 4, "a\n" 2, "`````\n" 6, "b\n" 2.
    EXPECT_EQ(fenced_code_ratio("```\na\n`````\nb\n"), 12.0 / 14.0);
    // Only blanks may follow: "```\n" 4, "a\n" 2, "```  \t\n" 7, "b\n" 2.
    EXPECT_EQ(fenced_code_ratio("```\na\n```  \t\nb\n"), 13.0 / 15.0);
    // Text after the backticks: not a closing fence, so the block runs to the end.
    EXPECT_EQ(fenced_code_ratio("```\na\n``` x\nb\n"), 1.0);
    EXPECT_EQ(fenced_code_ratio("```\na\n```python\nb\n"), 1.0);
}

TEST(TextFencedCode, UnclosedRunsToEnd) {
    // "intro\n" 6, "```\n" 4, "code\n" 5, "more" 4.
    EXPECT_EQ(fenced_code_ratio("intro\n```\ncode\nmore"), 13.0 / 19.0);
}

TEST(TextFencedCode, NotAnOpeningFence) {
    EXPECT_EQ(fenced_code_ratio("use ``` here\nx\n"), 0.0);  // mid-line
    EXPECT_EQ(fenced_code_ratio("```a```\nb\n"), 0.0);       // backticks in the info string
    EXPECT_EQ(fenced_code_ratio("``` a`b\nc\n"), 0.0);
    // "a ```\n" 6 is no fence; "```\n" 4 opens a block that runs to the end: 4 of 12.
    EXPECT_EQ(fenced_code_ratio("a ```\nb\n```\n"), 4.0 / 12.0);
}

TEST(TextFencedCode, CountsCodePoints) {
    // "\xC3\xA9\n" 2, "```\n" 4, "😀\n" 2, "```\n" 4: 10 of 12 code points (not bytes).
    EXPECT_EQ(fenced_code_ratio("\xC3\xA9\n```\n\xF0\x9F\x98\x80\n```\n"), 10.0 / 12.0);
    // "\xE2\x82\xAC\xE2\x82\xAC\n" 3 outside; "```\n" 4, "\xC3\xA9\n" 2, "```\n" 4 inside: 10 of 13.
    EXPECT_EQ(fenced_code_ratio("\xE2\x82\xAC\xE2\x82\xAC\n```\n\xC3\xA9\n```\n"), 10.0 / 13.0);
}

}  // namespace
