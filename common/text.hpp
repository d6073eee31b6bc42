// Text measures shared by the tools, on decoded UTF-8 text. Lengths are code points, the
// number Python's len() gives.
#pragma once

#include <cstdint>
#include <string_view>

#include "json.hpp"
#include "utf8.hpp"

namespace seed::text {

// True when `s` holds only spaces, tabs and carriage returns (or nothing).
bool is_blank(std::string_view s);

// Lines as `wc -l` counts them, plus a last line that has no "\n": "" -> 0, "a" -> 1,
// "a\n" -> 1, "a\nb" -> 2, "a\n\n" -> 2.
std::uint64_t count_lines(std::string_view text);

// The same count from the scanner's measurements of a string, without decoding it.
inline std::uint64_t count_lines(const json::StringInfo& s) {
    return s.newlines + (s.chars > 0 && !s.ends_with_newline ? 1 : 0);
}

// Share of code points that belong to fenced code blocks: every line from an opening fence
// (up to 3 spaces, then 3 or more backticks, then an info string without backticks) to its
// closing fence (up to 3 spaces, at least as many backticks, then only blanks) inclusive,
// with their newlines. A fence left open runs to the end of the text (as in CommonMark).
// 0 for empty text.
double fenced_code_ratio(std::string_view text);

// Calls emit(cp) for each code point of valid UTF-8 `text`, case-folded by utf8::fold_case, with
// each run of white space as one space and none at either end: the text as compared when
// spacing and case should not count.
template <class Emit>
void fold_space_and_case(std::string_view text, Emit&& emit) {
    bool space = false;
    bool started = false;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::uint32_t cp = utf8::decode(text, i);
        if (utf8::is_white_space(cp)) {
            space = started;
            continue;
        }
        if (space) emit(std::uint32_t{' '});
        space = false;
        started = true;
        emit(utf8::fold_case(cp));
    }
}

}  // namespace seed::text
