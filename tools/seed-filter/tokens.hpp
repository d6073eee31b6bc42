// Unicode-aware word splitting for the prose measures: words and runs of symbols, with the
// ideographic scripts split into one word per character so that CJK text is not one long word.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace seed::filter {

struct Token {
    std::uint32_t offset = 0;  // in bytes, into the text (texts are under 4 GiB: 16 bytes a token)
    std::uint32_t bytes = 0;
    std::uint32_t chars = 0;  // code points
    bool word = false;        // a word; else a run of punctuation, symbols or other characters
    bool has_letter = false;  // holds a letter (Unicode L*)

    std::string_view in(std::string_view text) const { return text.substr(offset, bytes); }
};

// Splits valid UTF-8 `text` into `tokens` (cleared first), in order. White space separates
// tokens. A word is a run of letters, marks, numbers and connector punctuation, with one of
// ' ’ . , - between two such characters kept inside it ("don't", "3.14", "e-mail"); a format or
// control character inside a word is part of it. Each CJK ideograph and each Hiragana character
// is a word by itself. Any other run of non-space characters is one symbol token ("...", "—"),
// with the marks and format characters that follow it ("❤️", an emoji and its variation selector).
// Texts of 4 GiB or more are split as if they ended there; callers refuse them first.
void split_tokens(std::string_view text, std::vector<Token>& tokens);

}  // namespace seed::filter
