// The prose quality measures of the published corpus pipelines: Gopher's quality and repetition
// rules, FineWeb's line rules and C4's line cleaning. Each function measures one rule set; the
// thresholds and the decisions live in the filter (filter.cpp). Definitions: seed-filter(1),
// QUALITY MEASURES.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "tokens.hpp"

namespace seed::filter {

// ---- Lines

// A line of the text, without its line break ("\n", or "\r\n": the "\r" is part of the break).
struct Line {
    std::size_t offset = 0;  // bytes into the text
    std::size_t bytes = 0;
    bool blank = false;  // empty or only white space
};

// The lines of valid UTF-8 `text` (cleared first); a final line break does not start another
// line: "" has none, "a\n" one, "a\n\nb" three.
void split_lines(std::string_view text, std::vector<Line>& lines);

// ---- Gopher quality

struct StopWords {
    // Case-folded words (utf8::fold_case), compared with each word case-folded.
    std::vector<std::u32string> words;
    std::size_t longest = 0;  // in code points
    // When all are ASCII and at most 8 bytes: the words packed into integers (the first byte
    // lowest), by length (the length tells "the" from "the\0").
    bool ascii = false;
    std::array<std::vector<std::uint64_t>, 9> ascii_by_length;

    static StopWords english();  // the, be, to, of, and, that, have, with
    static StopWords of(const std::vector<std::string>& words);
    bool contains(std::string_view word, std::uint32_t chars) const {
        if (chars > longest || chars == 0) return false;
        return word.size() == chars && ascii ? contains_ascii(word) : contains_folded(word, chars);
    }

private:
    bool contains_ascii(std::string_view word) const;
    bool contains_folded(std::string_view word, std::uint32_t chars) const;
};

struct GopherQuality {
    std::uint64_t words = 0;
    double mean_word_length = 0;
    double hash_ratio = 0;      // '#' per word
    double ellipsis_ratio = 0;  // "..." (not overlapping) and "…" per word
    double bullet_lines = 0;    // share of lines starting with a bullet
    double ellipsis_lines = 0;  // share of lines ending with an ellipsis
    double alpha_tokens = 0;    // share of tokens with a letter
    std::uint64_t stop_words = 0;
};

// Stop words are counted up to at least `stop_words_cap` (then the count may stop short).
GopherQuality measure_gopher_quality(std::string_view text, const std::vector<Token>& tokens,
                                     const std::vector<Line>& lines, const StopWords& stop_words,
                                     std::uint64_t stop_words_cap = std::numeric_limits<std::uint64_t>::max());

// ---- Gopher repetition

struct GopherRepetition {
    double dup_paragraphs = 0;
    double dup_paragraph_chars = 0;
    double dup_lines = 0;
    double dup_line_chars = 0;
    std::array<double, 3> top_ngram{};   // n = 2, 3, 4
    std::array<double, 6> dup_ngrams{};  // n = 5 .. 10
};

// Which parts of the repetition measures to compute (the others stay 0).
struct RepetitionParts {
    bool paragraphs = true;
    bool lines = true;
    std::array<bool, 3> top_ngram{true, true, true};
    std::array<bool, 6> dup_ngrams{true, true, true, true, true, true};
};

// Exact duplicate detection over pieces of one text, with tables reused from text to text.
class RepetitionMeter {
public:
    GopherRepetition measure(std::string_view text, std::uint64_t chars, const std::vector<Token>& tokens,
                             const std::vector<Line>& lines, const RepetitionParts& parts);

    struct Duplicates {
        std::uint64_t pieces = 0;
        std::uint64_t duplicates = 0;       // pieces equal to an earlier piece
        std::uint64_t duplicate_chars = 0;  // their chars
    };
    // Duplicates among the non-blank lines.
    Duplicates duplicate_lines(std::string_view text, const std::vector<Line>& lines);

private:
    // Pieces are byte ranges [offset, offset + bytes) of `text`.
    template <class Pieces>
    Duplicates duplicates(std::string_view text, const Pieces& pieces);

    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t first = 0;  // index of the first occurrence; slot empty when count is 0
        std::uint32_t count = 0;
    };
    void reset(std::size_t items);
    // The index of the slot for the item with `hash`, equal to an earlier item by `same(first)`;
    // its count is 0 if the item is new.
    template <class Same>
    std::size_t find(std::uint64_t hash, Same&& same);

    std::vector<Slot> slots_;
    std::size_t mask_ = 0;
    struct WordKey {
        std::uint64_t hash = 0;
        std::uint64_t low = 0;   // bytes 0..7
        std::uint64_t high = 0;  // bytes 8..15
    };
    static void word_key(const char* data, std::size_t bytes, const char* end, WordKey& key);
    std::vector<WordKey> words_;
    std::vector<std::uint64_t> prefix_;       // polynomial prefix hashes of the word hashes
    std::vector<std::uint64_t> powers_;       // base^n for n = 0..10
    std::vector<std::uint64_t> char_prefix_;  // prefix sums of word chars
    struct Range {
        std::size_t offset;
        std::size_t bytes;
    };
    std::vector<Range> ranges_;
    std::vector<std::uint32_t> positions_;  // word positions where the current n-gram may repeat
    std::vector<std::uint32_t> slot_of_;    // the slot of each of those positions' n-gram
    std::vector<std::uint8_t> repeated_;    // by word position: does its 4-gram occur twice?
};

// ---- FineWeb

struct FineWebQuality {
    double punct_lines = 0;  // share of non-blank lines ending in terminal punctuation
    double short_lines = 0;  // share of non-blank lines of at most short_line_length chars
    double dup_chars = 0;    // chars of duplicate non-blank lines / chars not in line breaks
    double newlines = 0;     // line breaks per word
};

FineWebQuality measure_fineweb(std::string_view text, std::uint64_t chars, const std::vector<Token>& tokens,
                               const std::vector<Line>& lines, std::uint64_t short_line_length, RepetitionMeter& meter);

// True when cp ends a sentence: . ! ? … and the full stops and marks of other scripts.
bool is_terminal_punctuation(std::uint32_t cp);

// ---- C4

enum class C4LineRule { long_word, no_terminal_punct, few_words, javascript, policy };
inline constexpr std::size_t c4_line_rule_count = 5;
std::string_view c4_line_rule_name(C4LineRule rule);  // "long-word", ...
using C4LineCounts = std::array<std::uint64_t, c4_line_rule_count>;
std::uint64_t total_lines(const C4LineCounts& counts);

struct C4Options {
    std::uint64_t min_words_per_line = 3;
    std::uint64_t max_word_length = 1000;
    std::array<bool, c4_line_rule_count> line_rule_on{true, true, true, true, true};
    bool on(C4LineRule rule) const { return line_rule_on[static_cast<std::size_t>(rule)]; }
};

struct C4Result {
    bool lorem_ipsum = false;    // a kept line has "lorem ipsum"
    bool curly_bracket = false;  // a kept line has "{"
    std::uint64_t lines_kept = 0;
    C4LineCounts lines_removed{};
    std::uint64_t sentences = 0;
    std::string text;           // the kept lines joined with "\n"
    std::vector<Line> lines;    // of text
    std::vector<Token> tokens;  // of text

    std::uint64_t removed() const { return total_lines(lines_removed); }
};

// Which of C4's document rules end the cleaning at the first line that has them (the record is
// dropped anyway); with none the whole text is measured.
struct C4Stops {
    bool lorem_ipsum = false;
    bool curly_bracket = false;
    // Sentences are counted up to at least this many (then the count may stop short).
    std::uint64_t sentences_cap = std::numeric_limits<std::uint64_t>::max();
};

// Cleans `text` line by line as C4 did.
class C4Cleaner {
public:
    explicit C4Cleaner(const C4Options& options);
    // `lines` and `tokens` are those of `text` (split_lines, split_tokens).
    const C4Result& clean(std::string_view text, const std::vector<Line>& lines, const std::vector<Token>& tokens,
                          C4Stops stops);
    // The last result, for the caller to take its text, lines and tokens.
    C4Result& result() { return result_; }

private:
    C4Options options_;
    bool has_policy_phrase(std::string_view lowercased_line) const;
    // Appends a kept line to the result, with its tokens.
    void keep(std::string_view line, std::span<const Token> line_tokens, bool cited);

    std::string_view text_;  // being cleaned
    std::uint64_t sentences_cap_ = 0;

    C4Result result_;
    std::vector<Token> tokens_;  // of a line from which citations were removed
    std::string line_;
    std::string lower_;
};

}  // namespace seed::filter
