// seed-filter's prose measures: word splitting (tools/seed-filter/tokens.cpp), lines, Gopher's
// quality and repetition measures, FineWeb's line measures and C4's line cleaning
// (tools/seed-filter/quality.cpp), and the rule table (tools/seed-filter/rules.cpp). Expected
// values are worked by hand from the definitions in seed-filter(1), QUALITY MEASURES.
#include "quality.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <ostream>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "rules.hpp"
#include "tokens.hpp"
#include "utf8.hpp"

namespace seed::filter {
namespace {

// ---- Helpers

// A token with its text, for readable comparisons.
struct Tok {
    std::string text;
    std::size_t offset = 0;
    std::uint32_t bytes = 0;
    std::uint32_t chars = 0;
    bool word = false;
    bool has_letter = false;
    bool operator==(const Tok&) const = default;
};

void PrintTo(const Tok& t, std::ostream* os) {
    *os << '"' << t.text << "\" @" << t.offset << " " << t.bytes << "B " << t.chars << "C "
        << (t.word ? "word" : "symbol") << (t.has_letter ? " letter" : "");
}

std::vector<Tok> tokens_of(std::string_view text) {
    std::vector<Token> tokens;
    split_tokens(text, tokens);
    std::vector<Tok> out;
    for (const Token& t : tokens)
        out.push_back(Tok{std::string(t.in(text)), t.offset, t.bytes, t.chars, t.word, t.has_letter});
    return out;
}

// The tokens as "w:text" (word) or "s:text" (symbol token).
std::vector<std::string> pieces(std::string_view text) {
    std::vector<Token> tokens;
    split_tokens(text, tokens);
    std::vector<std::string> out;
    for (const Token& t : tokens) out.push_back((t.word ? "w:" : "s:") + std::string(t.in(text)));
    return out;
}

using Strings = std::vector<std::string>;

// A line as "text|blank" or "text|".
std::vector<std::string> lines_of(std::string_view text) {
    std::vector<Line> lines;
    split_lines(text, lines);
    std::vector<std::string> out;
    for (const Line& line : lines)
        out.push_back(std::string(text.substr(line.offset, line.bytes)) + (line.blank ? "|blank" : "|"));
    return out;
}

GopherQuality gopher(std::string_view text, const StopWords& stop_words = StopWords::english()) {
    std::vector<Token> tokens;
    split_tokens(text, tokens);
    std::vector<Line> lines;
    split_lines(text, lines);
    return measure_gopher_quality(text, tokens, lines, stop_words);
}

GopherRepetition repetition(RepetitionMeter& meter, std::string_view text,
                            const RepetitionParts& parts = RepetitionParts{}) {
    std::vector<Token> tokens;
    split_tokens(text, tokens);
    std::vector<Line> lines;
    split_lines(text, lines);
    return meter.measure(text, utf8::count_code_points(text), tokens, lines, parts);
}

GopherRepetition repetition(std::string_view text, const RepetitionParts& parts = RepetitionParts{}) {
    RepetitionMeter meter;
    return repetition(meter, text, parts);
}

FineWebQuality fineweb(std::string_view text, std::uint64_t short_line_length = 30) {
    std::vector<Token> tokens;
    split_tokens(text, tokens);
    std::vector<Line> lines;
    split_lines(text, lines);
    RepetitionMeter meter;
    return measure_fineweb(text, utf8::count_code_points(text), tokens, lines, short_line_length, meter);
}

std::size_t rule_index(C4LineRule rule) { return static_cast<std::size_t>(rule); }

C4Result c4(std::string_view text, const C4Options& options = C4Options{},
            C4Stops stops = C4Stops{.lorem_ipsum = true, .curly_bracket = true}) {
    std::vector<Token> tokens;
    split_tokens(text, tokens);
    std::vector<Line> lines;
    split_lines(text, lines);
    C4Cleaner cleaner(options);
    return cleaner.clean(text, lines, tokens, stops);
}

C4Options c4_without(C4LineRule rule) {
    C4Options options;
    options.line_rule_on[rule_index(rule)] = false;
    return options;
}

// ---- split_tokens

TEST(QualityTokens, SpecExamples) {
    EXPECT_EQ(pieces("Hello, world!"), (Strings{"w:Hello", "s:,", "w:world", "s:!"}));
    EXPECT_EQ(pieces("don't stop..."), (Strings{"w:don't", "w:stop", "s:..."}));
    EXPECT_EQ(pieces("日本語の文"), (Strings{"w:日", "w:本", "w:語", "w:の", "w:文"}));
    EXPECT_EQ(pieces("カタカナ"), (Strings{"w:カタカナ"}));
    EXPECT_EQ(pieces("abc日本"), (Strings{"w:abc", "w:日", "w:本"}));
    EXPECT_EQ(pieces("😀😀 ok"), (Strings{"s:😀😀", "w:ok"}));
}

TEST(QualityTokens, LongAsciiRunsEightBytesAtATime) {
    // Runs longer than 8 bytes, ending at every position of an 8-byte group, against the text's end
    // and against each kind of character that stops a run.
    EXPECT_EQ(tokens_of("abcdefghijklmnopq"), (std::vector<Tok>{{"abcdefghijklmnopq", 0, 17, 17, true, true}}));
    EXPECT_EQ(tokens_of("1234567890123 x"),
              (std::vector<Tok>{{"1234567890123", 0, 13, 13, true, false}, {"x", 14, 1, 1, true, true}}));
    EXPECT_EQ(tokens_of("12345678a"), (std::vector<Tok>{{"12345678a", 0, 9, 9, true, true}}));
    EXPECT_EQ(tokens_of("ABCDEFGHé!"),
              (std::vector<Tok>{{"ABCDEFGHé", 0, 10, 9, true, true}, {"!", 10, 1, 1, false, false}}));
    EXPECT_EQ(tokens_of("abcdefg@[`{"),
              (std::vector<Tok>{{"abcdefg", 0, 7, 7, true, true}, {"@[`{", 7, 4, 4, false, false}}));
    EXPECT_EQ(pieces("Zzzzzzzzz_Aaaaaaaa0/9"), (Strings{"w:Zzzzzzzzz_Aaaaaaaa0", "s:/", "w:9"}));
    for (std::size_t n = 1; n <= 20; ++n) {
        const std::string word(n, 'q');
        EXPECT_EQ(pieces(word + ":" + word + "\u00E9" + word),
                  (Strings{"w:" + word, "s::", "w:" + word + "\u00E9" + word}))
            << n;
    }
}

TEST(QualityTokens, MarksAndFormatCharactersExtendASymbol) {
    // U+FE0F (a mark) after a heart, a skin tone and a ZWJ sequence: each emoji one symbol token.
    EXPECT_EQ(pieces("I \u2764\uFE0F it"), (Strings{"w:I", "s:\u2764\uFE0F", "w:it"}));
    EXPECT_EQ(pieces("\U0001F44D\U0001F3FD ok"), (Strings{"s:\U0001F44D\U0001F3FD", "w:ok"}));
    EXPECT_EQ(pieces("\U0001F469\u200D\U0001F4BB"), (Strings{"s:\U0001F469\u200D\U0001F4BB"}));
    // After a word a mark stays in the word: the keycap "1" + U+FE0F + U+20E3 is one word.
    EXPECT_EQ(pieces("1\uFE0F\u20E3"), (Strings{"w:1\uFE0F\u20E3"}));
}

TEST(QualityTokens, EmptyAndWhiteSpaceOnly) {
    EXPECT_TRUE(tokens_of("").empty());
    EXPECT_TRUE(tokens_of(" \t\r\n\u00A0\u3000").empty());
}

TEST(QualityTokens, AsciiWithOffsetsBytesAndChars) {
    EXPECT_EQ(tokens_of("  Hi, you_2 $5!"), (std::vector<Tok>{
                                                {"Hi", 2, 2, 2, true, true},
                                                {",", 4, 1, 1, false, false},
                                                {"you_2", 6, 5, 5, true, true},
                                                {"$", 12, 1, 1, false, false},
                                                {"5", 13, 1, 1, true, false},
                                                {"!", 14, 1, 1, false, false},
                                            }));
}

TEST(QualityTokens, JoinersBetweenWordCharacters) {
    EXPECT_EQ(tokens_of("don't 3.14 e-mail 1,000 rock’n’roll"),
              (std::vector<Tok>{
                  {"don't", 0, 5, 5, true, true},
                  {"3.14", 6, 4, 4, true, false},
                  {"e-mail", 11, 6, 6, true, true},
                  {"1,000", 18, 5, 5, true, false},
                  {"rock’n’roll", 24, 15, 11, true, true},  // ’ is 3 bytes
              }));
    EXPECT_EQ(pieces("x.y.z"), (Strings{"w:x.y.z"}));
}

TEST(QualityTokens, JoinerNotBetweenWordCharacters) {
    EXPECT_EQ(tokens_of("U.S."), (std::vector<Tok>{
                                     {"U.S", 0, 3, 3, true, true},
                                     {".", 3, 1, 1, false, false},
                                 }));
    EXPECT_EQ(tokens_of("end-"), (std::vector<Tok>{
                                     {"end", 0, 3, 3, true, true},
                                     {"-", 3, 1, 1, false, false},
                                 }));
    EXPECT_EQ(pieces("-end"), (Strings{"s:-", "w:end"}));
    EXPECT_EQ(pieces("a--b"), (Strings{"w:a", "s:--", "w:b"}));
    EXPECT_EQ(pieces("a..b"), (Strings{"w:a", "s:..", "w:b"}));
    EXPECT_EQ(pieces("end- next"), (Strings{"w:end", "s:-", "w:next"}));
    EXPECT_EQ(pieces("it' s"), (Strings{"w:it", "s:'", "w:s"}));
    // Other punctuation does not join.
    EXPECT_EQ(pieces("a/b a:b"), (Strings{"w:a", "s:/", "w:b", "w:a", "s::", "w:b"}));
    // An ideograph is not a word character to join with.
    EXPECT_EQ(pieces("a-日"), (Strings{"w:a", "s:-", "w:日"}));
}

TEST(QualityTokens, IdeographsAreOneWordEach) {
    // 日本語の文章です。: 8 words of one char (3 bytes each), then 。 as a symbol token.
    EXPECT_EQ(tokens_of("日本語の文章です。"), (std::vector<Tok>{
                                                   {"日", 0, 3, 1, true, true},
                                                   {"本", 3, 3, 1, true, true},
                                                   {"語", 6, 3, 1, true, true},
                                                   {"の", 9, 3, 1, true, true},
                                                   {"文", 12, 3, 1, true, true},
                                                   {"章", 15, 3, 1, true, true},
                                                   {"で", 18, 3, 1, true, true},
                                                   {"す", 21, 3, 1, true, true},
                                                   {"。", 24, 3, 1, false, false},
                                               }));
    // Astral ideographs (Extension B) too: 4 bytes each.
    EXPECT_EQ(tokens_of("𠀀𠀁"), (std::vector<Tok>{
                                     {"𠀀", 0, 4, 1, true, true},
                                     {"𠀁", 4, 4, 1, true, true},
                                 }));
}

TEST(QualityTokens, HiraganaIsOneWordPerCharacter) {
    EXPECT_EQ(pieces("ひらがな"), (Strings{"w:ひ", "w:ら", "w:が", "w:な"}));
}

TEST(QualityTokens, KatakanaHangulAndThaiRunsAreOneWord) {
    EXPECT_EQ(tokens_of("カタカナの本"), (std::vector<Tok>{
                                             {"カタカナ", 0, 12, 4, true, true},
                                             {"の", 12, 3, 1, true, true},
                                             {"本", 15, 3, 1, true, true},
                                         }));
    EXPECT_EQ(pieces("コーヒー"), (Strings{"w:コーヒー"}));  // ー is a letter (Lm)
    EXPECT_EQ(tokens_of("한국어 문장"), (std::vector<Tok>{
                                            {"한국어", 0, 9, 3, true, true},
                                            {"문장", 10, 6, 2, true, true},
                                        }));
    EXPECT_EQ(tokens_of("ภาษาไทย"), (std::vector<Tok>{{"ภาษาไทย", 0, 21, 7, true, true}}));
}

TEST(QualityTokens, EmojiRunsAreSymbolTokens) {
    EXPECT_EQ(tokens_of("😀😀 ok"), (std::vector<Tok>{
                                      {"😀😀", 0, 8, 2, false, false},
                                      {"ok", 9, 2, 2, true, true},
                                  }));
    EXPECT_EQ(pieces("hi😀there"), (Strings{"w:hi", "s:😀", "w:there"}));
    EXPECT_EQ(pieces("!!— €"), (Strings{"s:!!—", "s:€"}));
    // A ZWJ sequence stays one symbol run: 👩 ZWJ 💻 is 3 chars.
    EXPECT_EQ(tokens_of("👩\u200D💻"), (std::vector<Tok>{{"👩\u200D💻", 0, 11, 3, false, false}}));
}

TEST(QualityTokens, CombiningMarksBelongToTheWord) {
    // e + U+0301 (2 bytes) + "te": 4 chars, 5 bytes.
    EXPECT_EQ(tokens_of("e\u0301te x"), (std::vector<Tok>{
                                            {"e\u0301te", 0, 5, 4, true, true},
                                            {"x", 6, 1, 1, true, true},
                                        }));
    // A mark alone is a word character, but not a letter.
    EXPECT_EQ(tokens_of("\u0301"), (std::vector<Tok>{{"\u0301", 0, 2, 1, true, false}}));
}

TEST(QualityTokens, FormatCharacterInsideAWord) {
    // tokens.hpp: a format or control character inside a word is part of it.
    EXPECT_EQ(tokens_of("ab\u200Dcd ef"), (std::vector<Tok>{
                                              {"ab\u200Dcd", 0, 7, 5, true, true},
                                              {"ef", 8, 2, 2, true, true},
                                          }));
    EXPECT_EQ(pieces("co\u00ADop"), (Strings{"w:co\u00ADop"}));  // soft hyphen
}

TEST(QualityTokens, NumbersAndConnectors) {
    EXPECT_EQ(tokens_of("٣٤ __ snake_case"), (std::vector<Tok>{
                                                 {"٣٤", 0, 4, 2, true, false},
                                                 {"__", 5, 2, 2, true, false},
                                                 {"snake_case", 8, 10, 10, true, true},
                                             }));
}

TEST(QualityTokens, UnicodeWhiteSpaceSeparates) {
    // NBSP is 2 bytes, the ideographic space 3.
    EXPECT_EQ(tokens_of("a\u00A0b\u3000c\u2009d"), (std::vector<Tok>{
                                                       {"a", 0, 1, 1, true, true},
                                                       {"b", 3, 1, 1, true, true},
                                                       {"c", 7, 1, 1, true, true},
                                                       {"d", 11, 1, 1, true, true},
                                                   }));
}

TEST(QualityTokens, CrLfSeparates) {
    EXPECT_EQ(tokens_of("one\r\ntwo.\r\n"), (std::vector<Tok>{
                                                {"one", 0, 3, 3, true, true},
                                                {"two", 5, 3, 3, true, true},
                                                {".", 8, 1, 1, false, false},
                                            }));
}

TEST(QualityTokens, ClearsTheVectorFirst) {
    std::vector<Token> tokens;
    split_tokens("a b c", tokens);
    split_tokens("d", tokens);
    ASSERT_EQ(tokens.size(), 1u);
    EXPECT_EQ(tokens[0].in("d"), "d");
}

// ---- split_lines

TEST(QualityLines, FinalLineBreakDoesNotStartALine) {
    EXPECT_EQ(lines_of(""), Strings{});
    EXPECT_EQ(lines_of("a"), (Strings{"a|"}));
    EXPECT_EQ(lines_of("a\n"), (Strings{"a|"}));
    EXPECT_EQ(lines_of("\n"), (Strings{"|blank"}));
    EXPECT_EQ(lines_of("a\n\nb"), (Strings{"a|", "|blank", "b|"}));
    EXPECT_EQ(lines_of("a\n\n"), (Strings{"a|", "|blank"}));
}

TEST(QualityLines, CrLfBelongsToTheLineBreak) {
    std::vector<Line> lines;
    split_lines("ab\r\ncd\r\n\r\ne", lines);
    ASSERT_EQ(lines.size(), 4u);
    EXPECT_EQ(lines[0].offset, 0u);
    EXPECT_EQ(lines[0].bytes, 2u);
    EXPECT_EQ(lines[1].offset, 4u);
    EXPECT_EQ(lines[1].bytes, 2u);
    EXPECT_EQ(lines[2].offset, 8u);
    EXPECT_EQ(lines[2].bytes, 0u);
    EXPECT_TRUE(lines[2].blank);
    EXPECT_EQ(lines[3].offset, 10u);
    EXPECT_EQ(lines[3].bytes, 1u);
}

TEST(QualityLines, LoneCarriageReturnIsPartOfTheLine) {
    EXPECT_EQ(lines_of("a\rb\n"), (Strings{"a\rb|"}));
    EXPECT_EQ(lines_of("a\r"), (Strings{"a\r|"}));  // no "\n" after it: not a line break
    EXPECT_EQ(lines_of("\r"), (Strings{"\r|blank"}));
}

TEST(QualityLines, BlankLines) {
    EXPECT_EQ(lines_of(" \t\n\u00A0\n\u3000 x\n\r\n.\n"),
              (Strings{" \t|blank", "\u00A0|blank", "\u3000 x|", "|blank", ".|"}));
    // U+200B is not white space.
    EXPECT_EQ(lines_of("\u200B"), (Strings{"\u200B|"}));
}

// ---- StopWords

TEST(QualityStopWords, EnglishIsCaseInsensitive) {
    const StopWords english = StopWords::english();
    EXPECT_TRUE(english.contains("the", 3));
    EXPECT_TRUE(english.contains("The", 3));
    EXPECT_TRUE(english.contains("THE", 3));
    EXPECT_TRUE(english.contains("wItH", 4));
    EXPECT_TRUE(english.contains("have", 4));
    EXPECT_FALSE(english.contains("them", 4));
    EXPECT_FALSE(english.contains("th", 2));
    EXPECT_FALSE(english.contains("a", 1));
    EXPECT_FALSE(english.contains("", 0));
    EXPECT_EQ(english.words.size(), 8u);
    EXPECT_EQ(english.longest, 4u);
}

TEST(QualityStopWords, NulInsideAWordIsNotIgnored) {
    // A word equals a stop word only when all of it does: "the" + U+0000 (a control character,
    // part of the word) is 4 chars and not "the".
    const StopWords english = StopWords::english();
    EXPECT_FALSE(english.contains(std::string_view("the\0", 4), 4));
    EXPECT_FALSE(english.contains(std::string_view("t\0he", 4), 4));
    EXPECT_EQ(gopher(std::string_view("the\0 cat", 8)).stop_words, 0u);
}

TEST(QualityStopWords, CountCap) {
    // Counted up to at least the cap; the other measures are unchanged.
    const std::string_view text = "the of and to be the of";
    std::vector<Token> tokens;
    split_tokens(text, tokens);
    std::vector<Line> lines;
    split_lines(text, lines);
    EXPECT_EQ(measure_gopher_quality(text, tokens, lines, StopWords::english()).stop_words, 7u);
    const GopherQuality capped = measure_gopher_quality(text, tokens, lines, StopWords::english(), 2);
    EXPECT_GE(capped.stop_words, 2u);
    EXPECT_LE(capped.stop_words, 7u);
    EXPECT_EQ(capped.words, 7u);
}

TEST(QualityStopWords, CustomList) {
    const StopWords stop = StopWords::of({"Der", "und"});
    EXPECT_TRUE(stop.contains("der", 3));
    EXPECT_TRUE(stop.contains("UND", 3));
    EXPECT_FALSE(stop.contains("the", 3));  // replaces the English list
    EXPECT_EQ(stop.longest, 3u);
}

TEST(QualityStopWords, NonAsciiFolding) {
    const StopWords stop = StopWords::of({"ДА", "für", "ΚΑΙ", "und"});
    EXPECT_TRUE(stop.contains("да", 2));
    EXPECT_TRUE(stop.contains("ДА", 2));
    EXPECT_TRUE(stop.contains("Да", 2));
    EXPECT_TRUE(stop.contains("FÜR", 3));
    EXPECT_TRUE(stop.contains("και", 3));
    EXPECT_FALSE(stop.contains("дан", 3));
    EXPECT_TRUE(stop.contains("UND", 3));  // an ASCII word among non-ASCII stop words
    EXPECT_FALSE(stop.contains("fur", 3));
    EXPECT_EQ(stop.longest, 3u);  // in code points, not bytes
}

TEST(QualityStopWords, LongAsciiWordsAndFoldingToAscii) {
    const StopWords stop = StopWords::of({"nevertheless", "i", "of"});
    EXPECT_TRUE(stop.contains("NEVERTHELESS", 12));
    EXPECT_FALSE(stop.contains("nevertheles", 11));
    EXPECT_TRUE(stop.contains("Of", 2));
    // U+0130 (capital I with dot) folds to "i".
    EXPECT_TRUE(StopWords::english().contains("ThE", 3));
    EXPECT_TRUE(StopWords::of({"i", "to"}).contains("\u0130", 1));
}

TEST(QualityStopWords, CountedPerOccurrence) {
    // The, and, the, THE, of, with: 6 ("them" is not "the").
    const GopherQuality q = gopher("The cat and the dog. THE end of it, with them.");
    EXPECT_EQ(q.words, 11u);
    EXPECT_EQ(q.stop_words, 6u);
    EXPECT_EQ(gopher("да нет ДА", StopWords::of({"Да"})).stop_words, 2u);
}

// ---- Gopher quality

TEST(QualityGopher, EmptyTextIsAllZero) {
    const GopherQuality q = gopher("");
    EXPECT_EQ(q.words, 0u);
    EXPECT_DOUBLE_EQ(q.mean_word_length, 0.0);
    EXPECT_DOUBLE_EQ(q.hash_ratio, 0.0);
    EXPECT_DOUBLE_EQ(q.ellipsis_ratio, 0.0);
    EXPECT_DOUBLE_EQ(q.bullet_lines, 0.0);
    EXPECT_DOUBLE_EQ(q.ellipsis_lines, 0.0);
    EXPECT_DOUBLE_EQ(q.alpha_tokens, 0.0);
    EXPECT_EQ(q.stop_words, 0u);
}

TEST(QualityGopher, WordsAndMeanLength) {
    const GopherQuality q = gopher("Hello, world!");
    EXPECT_EQ(q.words, 2u);
    EXPECT_DOUBLE_EQ(q.mean_word_length, 5.0);
    EXPECT_DOUBLE_EQ(q.alpha_tokens, 2.0 / 4);
    // A joiner inside a word counts: don't (5) + stop (4).
    EXPECT_DOUBLE_EQ(gopher("don't stop...").mean_word_length, 9.0 / 2);
    // Only symbols: no words, mean 0.
    EXPECT_DOUBLE_EQ(gopher("!! ??").mean_word_length, 0.0);
}

TEST(QualityGopher, CjkText) {
    // 日 本 語 の 文 章 で す: 8 words of 1 char; 。 is a symbol token.
    const GopherQuality q = gopher("日本語の文章です。");
    EXPECT_EQ(q.words, 8u);
    EXPECT_DOUBLE_EQ(q.mean_word_length, 1.0);
    EXPECT_DOUBLE_EQ(q.alpha_tokens, 8.0 / 9);
    EXPECT_DOUBLE_EQ(q.hash_ratio, 0.0);
    EXPECT_DOUBLE_EQ(q.ellipsis_ratio, 0.0);
    EXPECT_EQ(q.stop_words, 0u);
}

TEST(QualityGopher, HashRatio) {
    // Words: tag, x. Hashes: 3.
    EXPECT_DOUBLE_EQ(gopher("#tag ## x").hash_ratio, 3.0 / 2);
    EXPECT_DOUBLE_EQ(gopher("# Title\nsome text here").hash_ratio, 1.0 / 4);
    EXPECT_DOUBLE_EQ(gopher("###").hash_ratio, 0.0);  // no words
}

TEST(QualityGopher, EllipsisRatio) {
    // Words: Wait so what ok fine (5); "...." once, "…" once, "..." once.
    EXPECT_DOUBLE_EQ(gopher("Wait.... so what… ok... fine").ellipsis_ratio, 3.0 / 5);
    // Without overlap: "......" is two, "....." one.
    EXPECT_DOUBLE_EQ(gopher("a ...... b ..... c").ellipsis_ratio, 3.0 / 3);
    EXPECT_DOUBLE_EQ(gopher("x…… y").ellipsis_ratio, 2.0 / 2);
    EXPECT_DOUBLE_EQ(gopher("a.. b. c").ellipsis_ratio, 0.0);
}

TEST(QualityGopher, BulletLinesIncludeBlankLinesInTheDenominator) {
    // Lines: "- one", "", "  * two", "• three", "four -": 3 of 5.
    EXPECT_DOUBLE_EQ(gopher("- one\n\n  * two\n• three\nfour -\n").bullet_lines, 3.0 / 5);
    // Leading NBSP is white space; "+" and "·" are not bullets.
    EXPECT_DOUBLE_EQ(gopher("\u00A0- a\n+ b\n· c").bullet_lines, 1.0 / 3);
}

TEST(QualityGopher, EveryBulletCharacter) {
    for (const char* bullet : {"-", "*", "•", "‣", "◦", "⁃", "∙", "▪", "●"}) {
        const std::string text = std::string(bullet) + " item\nplain line";
        EXPECT_DOUBLE_EQ(gopher(text).bullet_lines, 1.0 / 2) << bullet;
    }
}

TEST(QualityGopher, EllipsisLines) {
    // Lines: "a...", "", "b…" + NBSP and space, "c.", " d ...\t", "e…f", "...x": 3 of 7.
    EXPECT_DOUBLE_EQ(gopher("a...\n\nb…\u00A0 \nc.\n d ...\t\ne…f\n...x").ellipsis_lines, 3.0 / 7);
    // CRLF: the "\r" belongs to the break.
    EXPECT_DOUBLE_EQ(gopher("wait...\r\nok\r\n").ellipsis_lines, 1.0 / 2);
}

TEST(QualityGopher, AlphaTokensWithNumbersAndSymbols) {
    // Tokens: abc, 123, 4x, !!, €, _, é: abc, 4x and é have a letter.
    const GopherQuality q = gopher("abc 123 4x !! € _ é");
    EXPECT_DOUBLE_EQ(q.alpha_tokens, 3.0 / 7);
    EXPECT_EQ(q.words, 5u);
    EXPECT_DOUBLE_EQ(q.mean_word_length, 10.0 / 5);
    // Ideographs are letters; an emoji run is not.
    EXPECT_DOUBLE_EQ(gopher("日😀 ok").alpha_tokens, 2.0 / 3);
}

// ---- Gopher repetition

TEST(QualityRepetition, DuplicateParagraphsAndLines) {
    // Paragraphs: "x y\nz", "x y\nz" (duplicate, 5 chars), "q". Text: 15 chars.
    // Non-blank lines: x y, z, x y (dup, 3), z (dup, 1), q.
    const GopherRepetition r = repetition("x y\nz\n\nx y\nz\n\nq");
    EXPECT_DOUBLE_EQ(r.dup_paragraphs, 1.0 / 3);
    EXPECT_DOUBLE_EQ(r.dup_paragraph_chars, 5.0 / 15);
    EXPECT_DOUBLE_EQ(r.dup_lines, 2.0 / 5);
    EXPECT_DOUBLE_EQ(r.dup_line_chars, 4.0 / 15);
}

TEST(QualityRepetition, ParagraphsSplitAtRunsOfBlankLines) {
    // "a b\n\nc\n\na b\n \t\n\nc\nd": paragraphs "a b", "c", "a b" (dup, 3), "c\nd"; 19 chars.
    // Lines: a b, c, a b (dup), c (dup), d.
    const GopherRepetition r = repetition("a b\n\nc\n\na b\n \t\n\nc\nd");
    EXPECT_DOUBLE_EQ(r.dup_paragraphs, 1.0 / 4);
    EXPECT_DOUBLE_EQ(r.dup_paragraph_chars, 3.0 / 19);
    EXPECT_DOUBLE_EQ(r.dup_lines, 2.0 / 5);
    EXPECT_DOUBLE_EQ(r.dup_line_chars, 4.0 / 19);
}

TEST(QualityRepetition, CrLfParagraphs) {
    // Paragraphs "ab\r\ncd" twice: the inner "\r\n" is 2 chars, so 6 of 16.
    const GopherRepetition r = repetition("ab\r\ncd\r\n\r\nab\r\ncd");
    EXPECT_DOUBLE_EQ(r.dup_paragraphs, 1.0 / 2);
    EXPECT_DOUBLE_EQ(r.dup_paragraph_chars, 6.0 / 16);
    EXPECT_DOUBLE_EQ(r.dup_lines, 2.0 / 4);
    EXPECT_DOUBLE_EQ(r.dup_line_chars, 4.0 / 16);
    // Byte for byte: "ab\ncd" is not "ab\r\ncd" (the lines are equal, though).
    const GopherRepetition mixed = repetition("ab\ncd\n\nab\r\ncd");
    EXPECT_DOUBLE_EQ(mixed.dup_paragraphs, 0.0);
    EXPECT_DOUBLE_EQ(mixed.dup_paragraph_chars, 0.0);
    EXPECT_DOUBLE_EQ(mixed.dup_lines, 2.0 / 4);
    EXPECT_DOUBLE_EQ(mixed.dup_line_chars, 4.0 / 13);
}

TEST(QualityRepetition, NonAsciiCharsNotBytes) {
    // "日本\n日本": the duplicate line is 2 chars (6 bytes) of 5.
    const GopherRepetition r = repetition("日本\n日本");
    EXPECT_DOUBLE_EQ(r.dup_lines, 1.0 / 2);
    EXPECT_DOUBLE_EQ(r.dup_line_chars, 2.0 / 5);
}

TEST(QualityRepetition, TopNGrams) {
    // Words: the cat the cat sat; 19 chars.
    // 2-grams: "the cat" twice: 2 * (3 + 3 + 1) = 14.
    // 3-grams all once: the first, "the cat the": 3 + 3 + 3 + 2 = 11.
    // 4-grams all once: the first, "the cat the cat": 12 + 3 = 15.
    const GopherRepetition r = repetition("the cat the cat sat");
    EXPECT_DOUBLE_EQ(r.top_ngram[0], 14.0 / 19);
    EXPECT_DOUBLE_EQ(r.top_ngram[1], 11.0 / 19);
    EXPECT_DOUBLE_EQ(r.top_ngram[2], 15.0 / 19);
}

TEST(QualityRepetition, TopNGramTieGoesToTheFirstOccurrence) {
    // "aa b" and "c d" both occur twice; "aa b" occurred first: 2 * (2 + 1 + 1) = 8 of 17
    // (though "c d" reached 2 first).
    EXPECT_DOUBLE_EQ(repetition("aa b c d c d aa b").top_ngram[0], 8.0 / 17);
    // "c d" occurred first: 2 * 3 = 6 (though "aa b" reached 2 first).
    EXPECT_DOUBLE_EQ(repetition("c d aa b aa b c d").top_ngram[0], 6.0 / 17);
}

TEST(QualityRepetition, TopNGramCharsAreWordCharsPlusSeparators) {
    // Symbols are not words: "a , b ! a b" has words a b a b; "a b" twice: 2 * 3 = 6 of 11.
    EXPECT_DOUBLE_EQ(repetition("a , b ! a b").top_ngram[0], 6.0 / 11);
    // Non-ASCII: "日本 日本" has words 日 本 日 本; "日 本" twice: 2 * 3 = 6 of 5 chars.
    EXPECT_DOUBLE_EQ(repetition("日本 日本").top_ngram[0], 6.0 / 5);
}

TEST(QualityRepetition, DuplicatedNGramsRepeatedSentence) {
    // S = one two three four five six seven eight nine ten eleven (11 words, 45 word chars),
    // written twice: 111 chars. For n-grams at 0..10 are new; at 11 the n-gram equals the one at 0
    // and the scan jumps to 11 + n. For n = 5 the 5-gram at 16 equals the one at 5 too.
    const GopherRepetition r = repetition(
        "one two three four five six seven eight nine ten eleven one two three four five six seven eight nine ten "
        "eleven");
    EXPECT_DOUBLE_EQ(r.dup_ngrams[0], (19.0 + 20.0) / 111);  // one..five + six..ten
    EXPECT_DOUBLE_EQ(r.dup_ngrams[1], 22.0 / 111);           // one..six
    EXPECT_DOUBLE_EQ(r.dup_ngrams[2], 27.0 / 111);
    EXPECT_DOUBLE_EQ(r.dup_ngrams[3], 32.0 / 111);
    EXPECT_DOUBLE_EQ(r.dup_ngrams[4], 36.0 / 111);
    EXPECT_DOUBLE_EQ(r.dup_ngrams[5], 39.0 / 111);  // one..ten
    EXPECT_DOUBLE_EQ(r.top_ngram[0], 2.0 * 7 / 111);
    EXPECT_DOUBLE_EQ(r.top_ngram[1], 2.0 * 13 / 111);
    EXPECT_DOUBLE_EQ(r.top_ngram[2], 2.0 * 18 / 111);
}

TEST(QualityRepetition, DuplicatedNGramsSkipDoesNotRecord) {
    // Words (17): a bb c dd e | a bb c dd e | ff x bb c dd e ff; 41 chars.
    // n = 5: 0..4 recorded; at 5 "a bb c dd e" is a duplicate: + 7, jump to 10 (6..9 are not
    // recorded). 10, 11 new; at 12 "bb c dd e ff" equals the 5-gram at 6, which was skipped and
    // so never recorded: new. 13 + 5 > 17: done. Total 7 (15 if skipped positions were recorded).
    const GopherRepetition r = repetition("a bb c dd e a bb c dd e ff x bb c dd e ff");
    EXPECT_DOUBLE_EQ(r.dup_ngrams[0], 7.0 / 41);
    for (std::size_t k = 1; k < 6; ++k) EXPECT_DOUBLE_EQ(r.dup_ngrams[k], 0.0) << "n = " << k + 5;
    // 2-grams "bb c", "c dd", "dd e" occur 3 times each: the first, "bb c": 3 * 4.
    EXPECT_DOUBLE_EQ(r.top_ngram[0], 12.0 / 41);
}

TEST(QualityRepetition, DuplicatedNGramsSkipDoesNotOverlap) {
    // "ab" 8 times: 23 chars. n = 5: record at 0, duplicate at 1 (+10), jump to 6: 6 + 5 > 8.
    // n = 6: +12; n = 7: +14; n = 8: one 8-gram, nothing repeated.
    const GopherRepetition r = repetition("ab ab ab ab ab ab ab ab");
    EXPECT_DOUBLE_EQ(r.dup_ngrams[0], 10.0 / 23);
    EXPECT_DOUBLE_EQ(r.dup_ngrams[1], 12.0 / 23);
    EXPECT_DOUBLE_EQ(r.dup_ngrams[2], 14.0 / 23);
    EXPECT_DOUBLE_EQ(r.dup_ngrams[3], 0.0);
    EXPECT_DOUBLE_EQ(r.dup_ngrams[4], 0.0);
    EXPECT_DOUBLE_EQ(r.dup_ngrams[5], 0.0);
    // The formula as written: "ab ab" 7 times * 5 chars, more than the text.
    EXPECT_DOUBLE_EQ(r.top_ngram[0], 35.0 / 23);
}

TEST(QualityRepetition, FewerWordsThanN) {
    // 2 words: the 2-gram once, 3 chars of 3; nothing else.
    const GopherRepetition two = repetition("a b");
    EXPECT_DOUBLE_EQ(two.top_ngram[0], 3.0 / 3);
    EXPECT_DOUBLE_EQ(two.top_ngram[1], 0.0);
    EXPECT_DOUBLE_EQ(two.top_ngram[2], 0.0);
    // 4 words (x x x x): every dup n-gram measure is 0.
    const GopherRepetition four = repetition("x x x x");
    EXPECT_DOUBLE_EQ(four.top_ngram[2], 1.0 * 7 / 7);
    for (std::size_t k = 0; k < 6; ++k) EXPECT_DOUBLE_EQ(four.dup_ngrams[k], 0.0) << "n = " << k + 5;
    const GopherRepetition none = repetition("");
    for (const double v : none.top_ngram) EXPECT_DOUBLE_EQ(v, 0.0);
    EXPECT_DOUBLE_EQ(none.dup_paragraphs, 0.0);
    EXPECT_DOUBLE_EQ(none.dup_lines, 0.0);
}

TEST(QualityRepetition, PartsSwitchedOffStayZero) {
    const std::string_view text = "ab ab ab ab ab ab ab ab\n\nab ab ab ab ab ab ab ab";
    RepetitionParts off;
    off.paragraphs = false;
    off.lines = false;
    off.top_ngram = {false, false, false};
    off.dup_ngrams = {false, false, false, false, false, false};
    const GopherRepetition r = repetition(text, off);
    EXPECT_DOUBLE_EQ(r.dup_paragraphs, 0.0);
    EXPECT_DOUBLE_EQ(r.dup_paragraph_chars, 0.0);
    EXPECT_DOUBLE_EQ(r.dup_lines, 0.0);
    EXPECT_DOUBLE_EQ(r.dup_line_chars, 0.0);
    for (const double v : r.top_ngram) EXPECT_DOUBLE_EQ(v, 0.0);
    for (const double v : r.dup_ngrams) EXPECT_DOUBLE_EQ(v, 0.0);

    // Only the lines and the 7-grams: the others stay 0. Text: 48 chars; 16 words of "ab".
    RepetitionParts some = off;
    some.lines = true;
    some.dup_ngrams[2] = true;
    const GopherRepetition s = repetition(text, some);
    EXPECT_DOUBLE_EQ(s.dup_paragraphs, 0.0);
    EXPECT_DOUBLE_EQ(s.dup_lines, 1.0 / 2);
    EXPECT_DOUBLE_EQ(s.dup_line_chars, 23.0 / 48);
    EXPECT_DOUBLE_EQ(s.top_ngram[0], 0.0);
    // n = 7 over 16 words: record 0, duplicate at 1 (+14), jump to 8: duplicate (+14), 15 + 7 > 16.
    EXPECT_DOUBLE_EQ(s.dup_ngrams[2], 28.0 / 48);
    EXPECT_DOUBLE_EQ(s.dup_ngrams[0], 0.0);
    EXPECT_DOUBLE_EQ(s.dup_ngrams[5], 0.0);
}

TEST(QualityRepetition, MeterIsReusedFromTextToText) {
    RepetitionMeter meter;
    const GopherRepetition first = repetition(meter, "x y\nz\n\nx y\nz\n\nq");
    EXPECT_DOUBLE_EQ(first.dup_paragraphs, 1.0 / 3);
    // Nothing of the first text is remembered.
    const GopherRepetition second = repetition(meter, "x y\nq\n\nz");
    EXPECT_DOUBLE_EQ(second.dup_paragraphs, 0.0);
    EXPECT_DOUBLE_EQ(second.dup_lines, 0.0);
    EXPECT_DOUBLE_EQ(second.top_ngram[0], 3.0 / 8);
    const GopherRepetition third = repetition(meter, "the cat the cat sat");
    EXPECT_DOUBLE_EQ(third.top_ngram[0], 14.0 / 19);
}

// ---- FineWeb

TEST(QualityFineWeb, PunctLinesIgnoreTrailingSpaceAndKnowCjk) {
    // Non-blank lines: "One.  ", "Two", "三。", "Four!\t": 3 of 4 end in terminal punctuation.
    EXPECT_DOUBLE_EQ(fineweb("One.  \nTwo\n\n三。\nFour!\t\n").punct_lines, 3.0 / 4);
    EXPECT_DOUBLE_EQ(fineweb("Really?\r\nYes\u00A0\r\n").punct_lines, 1.0 / 2);
    EXPECT_DOUBLE_EQ(fineweb("a,\nb;\nc:\nd\"").punct_lines, 0.0);
}

TEST(QualityFineWeb, ShortLinesUseTheLength) {
    // Lines as they are: "One.  " 6, "Two" 3, "三。" 2, "Four!\t" 6 chars.
    const std::string_view text = "One.  \nTwo\n\n三。\nFour!\t\n";
    EXPECT_DOUBLE_EQ(fineweb(text, 3).short_lines, 2.0 / 4);
    EXPECT_DOUBLE_EQ(fineweb(text, 5).short_lines, 2.0 / 4);
    EXPECT_DOUBLE_EQ(fineweb(text, 6).short_lines, 4.0 / 4);
    EXPECT_DOUBLE_EQ(fineweb(text, 1).short_lines, 0.0);
    EXPECT_DOUBLE_EQ(fineweb(text, 2).short_lines, 1.0 / 4);
    // The "\r" of "\r\n" is not part of the line: "abc" is 3 chars.
    EXPECT_DOUBLE_EQ(fineweb("abc\r\nabcd\r\n", 3).short_lines, 1.0 / 2);
}

TEST(QualityFineWeb, DupCharsDenominatorLeavesOutLineBreaks) {
    // Lines: "ab", "cd", "ab" (dup), "", "ab" (dup), "a\rb". Duplicate chars: 4.
    // Text: 18 chars; "\n" x 5 and the 2 "\r" of "\r\n" leave 11 (the lone "\r" counts).
    EXPECT_DOUBLE_EQ(fineweb("ab\r\ncd\r\nab\n\nab\na\rb").dup_chars, 4.0 / 11);
    EXPECT_DOUBLE_EQ(fineweb("same\nsame\nsame\n").dup_chars, 8.0 / 12);
    EXPECT_DOUBLE_EQ(fineweb("a\nb\n").dup_chars, 0.0);
}

TEST(QualityFineWeb, NewlinesPerWord) {
    // 3 "\n", 4 words.
    EXPECT_DOUBLE_EQ(fineweb("a b\nc\n\nd").newlines, 3.0 / 4);
    // "\r\n" is one line break; 2 words.
    EXPECT_DOUBLE_EQ(fineweb("a\r\nb\r\n").newlines, 2.0 / 2);
    // Symbols are not words: 1 "\n", 1 word.
    EXPECT_DOUBLE_EQ(fineweb("!!\nok").newlines, 1.0 / 1);
    EXPECT_DOUBLE_EQ(fineweb("\n\n").newlines, 0.0);  // no words
}

TEST(QualityFineWeb, NoNonBlankLine) {
    for (const std::string_view text : {std::string_view(""), std::string_view("\n \n\t\r\n")}) {
        const FineWebQuality f = fineweb(text);
        EXPECT_DOUBLE_EQ(f.punct_lines, 0.0);
        EXPECT_DOUBLE_EQ(f.short_lines, 0.0);
        EXPECT_DOUBLE_EQ(f.dup_chars, 0.0);
        EXPECT_DOUBLE_EQ(f.newlines, 0.0);
    }
}

TEST(QualityFineWeb, TerminalPunctuation) {
    for (const std::uint32_t cp : {0x2Eu, 0x21u, 0x3Fu, 0x2026u, 0x203Cu, 0x2047u, 0x2048u, 0x2049u, 0x3002u, 0xFF01u,
                                   0xFF1Fu, 0xFF61u, 0xFF0Eu, 0x061Fu, 0x06D4u, 0x0964u, 0x0965u, 0x1362u})
        EXPECT_TRUE(is_terminal_punctuation(cp)) << std::hex << cp;
    for (const std::uint32_t cp : {0x2Cu, 0x3Bu, 0x3Au, 0x22u, 0x27u, 0x29u, 0x61u, 0x20u, 0x0u, 0x203Du, 0xBFu, 0xA1u,
                                   0x3001u, 0xFF0Cu, 0x201Du})
        EXPECT_FALSE(is_terminal_punctuation(cp)) << std::hex << cp;
}

// ---- C4

TEST(QualityC4, RuleNames) {
    EXPECT_EQ(c4_line_rule_name(C4LineRule::long_word), "long-word");
    EXPECT_EQ(c4_line_rule_name(C4LineRule::no_terminal_punct), "no-terminal-punct");
    EXPECT_EQ(c4_line_rule_name(C4LineRule::few_words), "few-words");
    EXPECT_EQ(c4_line_rule_name(C4LineRule::javascript), "javascript");
    EXPECT_EQ(c4_line_rule_name(C4LineRule::policy), "policy");
}

TEST(QualityC4, JoinedTextAndCountsByRule) {
    C4Options options;
    options.max_word_length = 10;
    const C4Result r =
        c4("  First line is fine.  \n"
           "\n"
           "Too short.\n"
           "No period here\n"
           "Enable JavaScript in your browser.\n"
           "See our privacy policy for details.\n"
           "This one is long: supercalifragilistic.\n"
           " \t\n"
           "Second good line here![1]\n",
           options);
    EXPECT_EQ(r.text, "First line is fine.\nSecond good line here!");
    EXPECT_EQ(r.lines_kept, 2u);
    EXPECT_EQ(r.lines_removed[rule_index(C4LineRule::long_word)], 1u);
    EXPECT_EQ(r.lines_removed[rule_index(C4LineRule::no_terminal_punct)], 1u);
    EXPECT_EQ(r.lines_removed[rule_index(C4LineRule::few_words)], 1u);
    EXPECT_EQ(r.lines_removed[rule_index(C4LineRule::javascript)], 1u);
    EXPECT_EQ(r.lines_removed[rule_index(C4LineRule::policy)], 1u);
    EXPECT_EQ(r.removed(), 5u);
    EXPECT_EQ(r.sentences, 2u);
    EXPECT_FALSE(r.lorem_ipsum);
    EXPECT_FALSE(r.curly_bracket);
}

TEST(QualityC4, LinesAndTokensOfTheNewText) {
    // The result carries the lines and tokens of its text, as split_lines and split_tokens give them.
    C4Options options;
    options.max_word_length = 12;
    for (const std::string_view text :
         {std::string_view("  First line is fine.  \nToo short.\n\u00A0Second line[1] is here.[2]  \r\n"
                           "これは日本語の文です。\nNo end here\n[3] A leading space, then.\nA tremendously long one.\n"
                           "Last one, it’s done!"),
          std::string_view("One two three.\nFour five six!"), std::string_view("")}) {
        const C4Result r = c4(text, options);
        std::vector<Line> lines;
        split_lines(r.text, lines);
        ASSERT_EQ(r.lines.size(), lines.size()) << text;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            EXPECT_EQ(r.lines[i].offset, lines[i].offset) << i;
            EXPECT_EQ(r.lines[i].bytes, lines[i].bytes) << i;
            EXPECT_EQ(r.lines[i].blank, lines[i].blank) << i;
        }
        std::vector<Tok> tokens;
        for (const Token& t : r.tokens)
            tokens.push_back(Tok{std::string(t.in(r.text)), t.offset, t.bytes, t.chars, t.word, t.has_letter});
        EXPECT_EQ(tokens, tokens_of(r.text)) << text;
    }
}

TEST(QualityC4, KeptEmptyLineIsBlank) {
    // With no-terminal-punct off and no minimum of words, a line of citations only is kept, empty.
    // Its line in the new text is blank, as split_lines has it, so that later rules skip it.
    C4Options options = c4_without(C4LineRule::no_terminal_punct);
    options.min_words_per_line = 0;
    const C4Result r = c4("[1] [2]\nGood line here.", options);
    EXPECT_EQ(r.text, "\nGood line here.");
    ASSERT_EQ(r.lines.size(), 2u);
    EXPECT_EQ(r.lines[0].bytes, 0u);
    EXPECT_TRUE(r.lines[0].blank);
    EXPECT_FALSE(r.lines[1].blank);
}

TEST(QualityC4, SentencesCap) {
    // Counted up to at least the cap: 4 lines of one sentence each, cap 2.
    const std::string_view text = "One is here.\nTwo is here.\nThree is here.\nFour is here.";
    EXPECT_EQ(c4(text).sentences, 4u);
    C4Stops stops;
    stops.sentences_cap = 2;
    const std::uint64_t capped = c4(text, C4Options{}, stops).sentences;
    EXPECT_GE(capped, 2u);
    EXPECT_LE(capped, 4u);
    EXPECT_EQ(c4(text, C4Options{}, stops).lines_kept, 4u);  // the lines are all kept anyway
}

TEST(QualityC4, TextInC4FormStaysByteIdentical) {
    const std::string_view text = "One two three.\nFour five six!";
    const C4Result r = c4(text);
    EXPECT_EQ(r.text, text);
    EXPECT_EQ(r.lines_kept, 2u);
    EXPECT_EQ(r.removed(), 0u);
}

TEST(QualityC4, BlankLinesAreRemovedWithoutCounting) {
    const C4Result r = c4("\n \n\u00A0\t\r\n");
    EXPECT_EQ(r.lines_kept, 0u);
    EXPECT_EQ(r.removed(), 0u);
    EXPECT_EQ(r.text, "");
    EXPECT_EQ(r.sentences, 0u);
}

TEST(QualityC4, LinesAreTrimmedOfUnicodeWhiteSpace) {
    EXPECT_EQ(c4("\u00A0\u3000Hello there friend.\u3000\r\n").text, "Hello there friend.");
}

TEST(QualityC4, LongWord) {
    C4Options options;
    options.max_word_length = 5;
    EXPECT_EQ(c4("This is extraordinary.", options).lines_removed[rule_index(C4LineRule::long_word)], 1u);
    // Exactly 5 chars is not longer: kept.
    EXPECT_EQ(c4("These words stay.", options).lines_kept, 1u);
    // A symbol run counts too: "......!" is 7 chars.
    EXPECT_EQ(c4("It is so......!", options).lines_removed[rule_index(C4LineRule::long_word)], 1u);
    // Chars, not bytes: "éééé" is 4 chars (8 bytes).
    EXPECT_EQ(c4("Il a éééé ok.", options).lines_kept, 1u);
    // Default 1000.
    EXPECT_EQ(c4("A " + std::string(1000, 'x') + " b.").lines_kept, 1u);
    EXPECT_EQ(c4("A " + std::string(1001, 'x') + " b.").lines_removed[rule_index(C4LineRule::long_word)], 1u);
}

TEST(QualityC4, NoTerminalPunctuation) {
    const std::size_t rule = rule_index(C4LineRule::no_terminal_punct);
    EXPECT_EQ(c4("This has no end").lines_removed[rule], 1u);
    EXPECT_EQ(c4("This ends with a comma,").lines_removed[rule], 1u);
    EXPECT_EQ(c4("Is this a question?").lines_kept, 1u);
    EXPECT_EQ(c4("This is loud!").lines_kept, 1u);
    EXPECT_EQ(c4("Arabic question mark here؟").lines_kept, 1u);
}

TEST(QualityC4, EllipsisLineRemoved) {
    const std::size_t rule = rule_index(C4LineRule::no_terminal_punct);
    EXPECT_EQ(c4("And then he paused...").lines_removed[rule], 1u);
    EXPECT_EQ(c4("And then he paused…").lines_removed[rule], 1u);
    EXPECT_EQ(c4("And then he paused....").lines_removed[rule], 1u);
    EXPECT_EQ(c4("And then he paused. . .").lines_kept, 1u);  // not "..."
}

TEST(QualityC4, ClosingQuotesAccepted) {
    for (const char* quote : {"\"", "'", "”", "’", "»", "」", "』"}) {
        const std::string line = std::string("She said it was fine") + quote;
        EXPECT_EQ(c4(line).lines_kept, 1u) << line;
    }
    // Opening quotes are not accepted.
    EXPECT_EQ(c4("She said it was “").lines_removed[rule_index(C4LineRule::no_terminal_punct)], 1u);
    EXPECT_EQ(c4("She said it was «").lines_removed[rule_index(C4LineRule::no_terminal_punct)], 1u);
    // Ellipsis then closing quote: ends with the quote.
    EXPECT_EQ(c4("He said \"wait...\"").lines_kept, 1u);
}

TEST(QualityC4, FewWords) {
    const std::size_t rule = rule_index(C4LineRule::few_words);
    EXPECT_EQ(c4("Too short.").lines_removed[rule], 1u);
    EXPECT_EQ(c4("Yes it is.").lines_kept, 1u);
    // Symbols are not words: "a - b ." has 2.
    EXPECT_EQ(c4("a - b .").lines_removed[rule], 1u);
    C4Options options;
    options.min_words_per_line = 5;
    EXPECT_EQ(c4("Four words are here.", options).lines_removed[rule], 1u);
    EXPECT_EQ(c4("Five words are right here.", options).lines_kept, 1u);
    options.min_words_per_line = 0;
    EXPECT_EQ(c4("!", options).lines_kept, 1u);
}

TEST(QualityC4, CjkLineCountsItsIdeographsAsWords) {
    // こ れ は 日 本 語 の 文 で す: 10 words, ends with 。: one sentence.
    const C4Result r = c4("これは日本語の文です。");
    EXPECT_EQ(r.lines_kept, 1u);
    EXPECT_EQ(r.sentences, 1u);
    EXPECT_EQ(r.text, "これは日本語の文です。");
    // カタカナ is one word: カタカナ で す = 3.
    EXPECT_EQ(c4("カタカナです。").lines_kept, 1u);
    EXPECT_EQ(c4("カタカナ。").lines_removed[rule_index(C4LineRule::few_words)], 1u);
}

TEST(QualityC4, Javascript) {
    const std::size_t rule = rule_index(C4LineRule::javascript);
    EXPECT_EQ(c4("Please enable JavaScript to view.").lines_removed[rule], 1u);
    EXPECT_EQ(c4("We love JAVASCRIPT a lot.").lines_removed[rule], 1u);
    EXPECT_EQ(c4("We love java script a lot.").lines_kept, 1u);
}

TEST(QualityC4, Policy) {
    const std::size_t rule = rule_index(C4LineRule::policy);
    for (const char* phrase :
         {"terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies"}) {
        const std::string line = std::string("Read about the ") + phrase + " here.";
        EXPECT_EQ(c4(line).lines_removed[rule], 1u) << line;
    }
    EXPECT_EQ(c4("Read our PRIVACY Policy now.").lines_removed[rule], 1u);
    EXPECT_EQ(c4("Read about the terms of service here.").lines_kept, 1u);
}

TEST(QualityC4, CitationsRemoved) {
    EXPECT_EQ(c4("Paris is big.[1] It is old.[citation needed]").text, "Paris is big. It is old.");
    EXPECT_EQ(c4("History of it.[edit]").text, "History of it.");
    EXPECT_EQ(c4("Many refs here.[12][345]").text, "Many refs here.");
    EXPECT_EQ(c4("Empty [] brackets here.").text, "Empty  brackets here.");
    // Not citations: kept as they are.
    EXPECT_EQ(c4("Keep [a1] and [ 1] here.").text, "Keep [a1] and [ 1] here.");
    EXPECT_EQ(c4("Keep [Edit] and [citation] too.").text, "Keep [Edit] and [citation] too.");
}

TEST(QualityC4, TrailingSpaceAfterRemovedCitation) {
    EXPECT_EQ(c4("It is here. [1]").text, "It is here.");
    EXPECT_EQ(c4("It is here.\t[edit] [citation needed]").text, "It is here.");
    // A citation hid the missing punctuation: "No end here" is removed after the citation goes.
    EXPECT_EQ(c4("No end here [2]").lines_removed[rule_index(C4LineRule::no_terminal_punct)], 1u);
    // A line that was only a citation is empty: no terminal punctuation.
    EXPECT_EQ(c4("[1]").lines_removed[rule_index(C4LineRule::no_terminal_punct)], 1u);
    // The line is trimmed again at both ends: a citation at the start leaves no leading space.
    EXPECT_EQ(c4("[1] It starts here.").text, "It starts here.");
}

TEST(QualityC4, FewWordsCountedAfterCitationRemoval) {
    // "Short one.[1][2][3]" has words Short, one, 1, 2, 3; without the citations 2.
    EXPECT_EQ(c4("Short one.[1][2][3]").lines_removed[rule_index(C4LineRule::few_words)], 1u);
}

TEST(QualityC4, LoremIpsumStopsWhenAsked) {
    const std::string_view text =
        "A good first line.\n"
        "Lorem ipsum dolor sit amet.\n"
        "No punctuation here\n"
        "A good last line.";
    const C4Result stopped = c4(text, C4Options{}, C4Stops{.lorem_ipsum = true, .curly_bracket = false});
    EXPECT_TRUE(stopped.lorem_ipsum);
    EXPECT_EQ(stopped.lines_removed[rule_index(C4LineRule::no_terminal_punct)], 0u);  // never reached

    const C4Result scanned = c4(text, C4Options{}, C4Stops{.lorem_ipsum = false, .curly_bracket = false});
    EXPECT_TRUE(scanned.lorem_ipsum);
    EXPECT_EQ(scanned.lines_kept, 3u);  // the lorem ipsum line is an ordinary line
    EXPECT_EQ(scanned.lines_removed[rule_index(C4LineRule::no_terminal_punct)], 1u);
    EXPECT_EQ(scanned.text, "A good first line.\nLorem ipsum dolor sit amet.\nA good last line.");
    EXPECT_EQ(scanned.sentences, 3u);
    // Case-insensitive.
    EXPECT_TRUE(c4("LOREM IPSUM is here.").lorem_ipsum);
}

TEST(QualityC4, LoremIpsumOnlyInLinesThatPassTheLineRules) {
    // Removed by no-terminal-punct (rule 3) before rule 5 looks at it.
    const C4Result r = c4("Lorem ipsum dolor sit amet\nA good line here.");
    EXPECT_FALSE(r.lorem_ipsum);
    EXPECT_EQ(r.lines_kept, 1u);
}

TEST(QualityC4, CurlyBracketStopsWhenAsked) {
    const std::string_view text =
        "A good first line.\n"
        "Use x = {1, 2} here.\n"
        "No punctuation here\n"
        "A good last line.";
    const C4Result stopped = c4(text, C4Options{}, C4Stops{.lorem_ipsum = false, .curly_bracket = true});
    EXPECT_TRUE(stopped.curly_bracket);
    EXPECT_EQ(stopped.lines_removed[rule_index(C4LineRule::no_terminal_punct)], 0u);

    const C4Result scanned = c4(text, C4Options{}, C4Stops{.lorem_ipsum = false, .curly_bracket = false});
    EXPECT_TRUE(scanned.curly_bracket);
    EXPECT_EQ(scanned.lines_kept, 3u);
    EXPECT_EQ(scanned.text, "A good first line.\nUse x = {1, 2} here.\nA good last line.");
    // javascript (rule 6) comes before "{" (rule 7).
    const C4Result js =
        c4("Enable javascript { now }.", C4Options{}, C4Stops{.lorem_ipsum = true, .curly_bracket = true});
    EXPECT_FALSE(js.curly_bracket);
    EXPECT_EQ(js.lines_removed[rule_index(C4LineRule::javascript)], 1u);
}

TEST(QualityC4, DisabledLineRulesKeepTheirLines) {
    C4Options options = c4_without(C4LineRule::long_word);
    options.max_word_length = 5;
    EXPECT_EQ(c4("This is extraordinary.", options).lines_kept, 1u);
    EXPECT_EQ(c4("This has no end", c4_without(C4LineRule::no_terminal_punct)).lines_kept, 1u);
    EXPECT_EQ(c4("And he paused...", c4_without(C4LineRule::no_terminal_punct)).lines_kept, 1u);
    EXPECT_EQ(c4("Too short.", c4_without(C4LineRule::few_words)).lines_kept, 1u);
    EXPECT_EQ(c4("Please enable JavaScript to view.", c4_without(C4LineRule::javascript)).lines_kept, 1u);
    EXPECT_EQ(c4("See our privacy policy for details.", c4_without(C4LineRule::policy)).lines_kept, 1u);
    // A disabled rule removes nothing, the others still do.
    const C4Result r = c4("This has no end\nToo short.", c4_without(C4LineRule::no_terminal_punct));
    EXPECT_EQ(r.text, "This has no end");
    EXPECT_EQ(r.lines_removed[rule_index(C4LineRule::no_terminal_punct)], 0u);
    EXPECT_EQ(r.lines_removed[rule_index(C4LineRule::few_words)], 1u);
    EXPECT_EQ(r.sentences, 0u);
}

TEST(QualityC4, SentenceCounting) {
    C4Options options;
    options.min_words_per_line = 1;
    EXPECT_EQ(c4("A. B! C?", options).sentences, 3u);
    EXPECT_EQ(c4("He said \"Stop.\" Then left.", options).sentences, 2u);
    EXPECT_EQ(c4("3.14 is pi.", options).sentences, 1u);  // 3.14: "." followed by a digit
    EXPECT_EQ(c4("What?! Yes.", options).sentences, 2u);  // a run of punctuation is one end
    EXPECT_EQ(c4("She said “Go!” and left.", options).sentences, 2u);
    EXPECT_EQ(c4("Wait.\u00A0Go.", options).sentences, 2u);          // NBSP is white space
    EXPECT_EQ(c4("一つ。二つ。", options).sentences, 1u);            // 。 followed by a letter is no end
    EXPECT_EQ(c4("No end here \"quoted\"", options).sentences, 0u);  // kept by its closing quote
    // Summed over the kept lines.
    EXPECT_EQ(c4("One. Two.\nThree four five!", options).sentences, 3u);
}

// ---- The rule table (rules.cpp)

TEST(QualityRules, EveryNameRoundTrips) {
    std::set<std::string_view> names;
    for (std::size_t i = 0; i < rule_count; ++i) {
        const Rule rule = rule_at(i);
        const std::string_view name = rule_name(rule);
        EXPECT_FALSE(name.empty()) << i;
        EXPECT_TRUE(names.insert(name).second) << "duplicate name " << name;
        const std::optional<Rule> found = rule_named(name);
        ASSERT_TRUE(found.has_value()) << name;
        EXPECT_EQ(*found, rule) << name;
    }
    EXPECT_FALSE(rule_named("").has_value());
    EXPECT_FALSE(rule_named("gopher").has_value());
    EXPECT_FALSE(rule_named("Gopher-Min-Words").has_value());
    EXPECT_FALSE(rule_named("long-word").has_value());  // a C4 line rule, not a quality rule
    EXPECT_FALSE(rule_named("gopher_min_words").has_value());
}

TEST(QualityRules, RuleCountMatchesTheTable) {
    EXPECT_EQ(static_cast<std::size_t>(Rule::code_autogenerated) + 1, rule_count);
    EXPECT_EQ(rule_name(rule_at(0)), "empty");
    EXPECT_EQ(rule_name(rule_at(rule_count - 1)), "code-autogenerated");
    EXPECT_EQ(rule_name(rule_at(first_quality_rule)), "gopher-dup-paragraphs");
    EXPECT_EQ(rule_name(rule_at(first_quality_rule - 1)), "field");
}

TEST(QualityRules, SetsInRuleOrder) {
    // Base, then gopher-repetition, gopher-quality, c4, fineweb, code; never going back.
    for (std::size_t i = 1; i < rule_count; ++i)
        EXPECT_LE(rule_info(rule_at(i - 1)).set, rule_info(rule_at(i)).set) << rule_name(rule_at(i));
    for (std::size_t i = 0; i < rule_count; ++i)
        EXPECT_EQ(rule_info(rule_at(i)).set == RuleSet::base, i < first_quality_rule) << rule_name(rule_at(i));
}

struct SpecRule {
    Rule rule;
    std::string_view name;
    RuleSet set;
    std::string_view option;
    std::string_view measure;
    Bound bound;
    double threshold;
};

TEST(QualityRules, QualityRulesAsSpecified) {
    const std::vector<SpecRule> spec{
        {Rule::gopher_dup_paragraphs, "gopher-dup-paragraphs", RuleSet::gopher_repetition, "gopher-max-dup-paragraphs",
         "gopher_dup_paragraphs", Bound::max, 0.3},
        {Rule::gopher_dup_paragraph_chars, "gopher-dup-paragraph-chars", RuleSet::gopher_repetition,
         "gopher-max-dup-paragraph-chars", "gopher_dup_paragraph_chars", Bound::max, 0.2},
        {Rule::gopher_dup_lines, "gopher-dup-lines", RuleSet::gopher_repetition, "gopher-max-dup-lines",
         "gopher_dup_lines", Bound::max, 0.3},
        {Rule::gopher_dup_line_chars, "gopher-dup-line-chars", RuleSet::gopher_repetition, "gopher-max-dup-line-chars",
         "gopher_dup_line_chars", Bound::max, 0.2},
        {Rule::gopher_top_2_gram, "gopher-top-2-gram", RuleSet::gopher_repetition, "gopher-max-top-2-gram",
         "gopher_top_2_gram", Bound::max, 0.20},
        {Rule::gopher_top_3_gram, "gopher-top-3-gram", RuleSet::gopher_repetition, "gopher-max-top-3-gram",
         "gopher_top_3_gram", Bound::max, 0.18},
        {Rule::gopher_top_4_gram, "gopher-top-4-gram", RuleSet::gopher_repetition, "gopher-max-top-4-gram",
         "gopher_top_4_gram", Bound::max, 0.16},
        {Rule::gopher_dup_5_grams, "gopher-dup-5-grams", RuleSet::gopher_repetition, "gopher-max-dup-5-grams",
         "gopher_dup_5_grams", Bound::max, 0.15},
        {Rule::gopher_dup_6_grams, "gopher-dup-6-grams", RuleSet::gopher_repetition, "gopher-max-dup-6-grams",
         "gopher_dup_6_grams", Bound::max, 0.14},
        {Rule::gopher_dup_7_grams, "gopher-dup-7-grams", RuleSet::gopher_repetition, "gopher-max-dup-7-grams",
         "gopher_dup_7_grams", Bound::max, 0.13},
        {Rule::gopher_dup_8_grams, "gopher-dup-8-grams", RuleSet::gopher_repetition, "gopher-max-dup-8-grams",
         "gopher_dup_8_grams", Bound::max, 0.12},
        {Rule::gopher_dup_9_grams, "gopher-dup-9-grams", RuleSet::gopher_repetition, "gopher-max-dup-9-grams",
         "gopher_dup_9_grams", Bound::max, 0.11},
        {Rule::gopher_dup_10_grams, "gopher-dup-10-grams", RuleSet::gopher_repetition, "gopher-max-dup-10-grams",
         "gopher_dup_10_grams", Bound::max, 0.10},
        {Rule::gopher_min_words, "gopher-min-words", RuleSet::gopher_quality, "gopher-min-words", "gopher_words",
         Bound::min, 50},
        {Rule::gopher_max_words, "gopher-max-words", RuleSet::gopher_quality, "gopher-max-words", "gopher_words",
         Bound::max, 100000},
        {Rule::gopher_min_mean_word_length, "gopher-min-mean-word-length", RuleSet::gopher_quality,
         "gopher-min-mean-word-length", "gopher_mean_word_length", Bound::min, 3},
        {Rule::gopher_max_mean_word_length, "gopher-max-mean-word-length", RuleSet::gopher_quality,
         "gopher-max-mean-word-length", "gopher_mean_word_length", Bound::max, 10},
        {Rule::gopher_hash_ratio, "gopher-hash-ratio", RuleSet::gopher_quality, "gopher-max-hash-ratio",
         "gopher_hash_ratio", Bound::max, 0.1},
        {Rule::gopher_ellipsis_ratio, "gopher-ellipsis-ratio", RuleSet::gopher_quality, "gopher-max-ellipsis-ratio",
         "gopher_ellipsis_ratio", Bound::max, 0.1},
        {Rule::gopher_bullet_lines, "gopher-bullet-lines", RuleSet::gopher_quality, "gopher-max-bullet-lines",
         "gopher_bullet_lines", Bound::max, 0.9},
        {Rule::gopher_ellipsis_lines, "gopher-ellipsis-lines", RuleSet::gopher_quality, "gopher-max-ellipsis-lines",
         "gopher_ellipsis_lines", Bound::max, 0.3},
        {Rule::gopher_alpha_tokens, "gopher-alpha-tokens", RuleSet::gopher_quality, "gopher-min-alpha-tokens",
         "gopher_alpha_tokens", Bound::min, 0.8},
        {Rule::gopher_stop_words, "gopher-stop-words", RuleSet::gopher_quality, "gopher-min-stop-words",
         "gopher_stop_words", Bound::min, 2},
        {Rule::c4_lorem_ipsum, "c4-lorem-ipsum", RuleSet::c4, "", "c4_lorem_ipsum", Bound::truth, 0},
        {Rule::c4_curly_bracket, "c4-curly-bracket", RuleSet::c4, "", "c4_curly_bracket", Bound::truth, 0},
        {Rule::c4_min_sentences, "c4-min-sentences", RuleSet::c4, "c4-min-sentences", "c4_sentences", Bound::min, 5},
        {Rule::c4_empty, "c4-empty", RuleSet::c4, "", "c4_lines_kept", Bound::min, 1},
        {Rule::fineweb_punct_lines, "fineweb-punct-lines", RuleSet::fineweb, "fineweb-min-punct-lines",
         "fineweb_punct_lines", Bound::min, 0.12},
        {Rule::fineweb_short_lines, "fineweb-short-lines", RuleSet::fineweb, "fineweb-max-short-lines",
         "fineweb_short_lines", Bound::max, 0.67},
        {Rule::fineweb_dup_chars, "fineweb-dup-chars", RuleSet::fineweb, "fineweb-max-dup-chars", "fineweb_dup_chars",
         Bound::max, 0.01},
        {Rule::fineweb_newlines, "fineweb-newlines", RuleSet::fineweb, "fineweb-max-newlines-per-word",
         "fineweb_newlines", Bound::max, 0.3},
        {Rule::code_max_line_length, "code-max-line-length", RuleSet::code, "code-max-line-length",
         "code_max_line_length", Bound::max, 1000},
        {Rule::code_mean_line_length, "code-mean-line-length", RuleSet::code, "code-max-mean-line-length",
         "code_mean_line_length", Bound::max, 100},
        {Rule::code_alnum, "code-alnum", RuleSet::code, "code-min-alnum", "code_alnum", Bound::min, 0.25},
        {Rule::code_min_comments, "code-min-comments", RuleSet::code, "code-min-comments", "code_comments", Bound::min,
         0.01},
        {Rule::code_max_comments, "code-max-comments", RuleSet::code, "code-max-comments", "code_comments", Bound::max,
         0.8},
        {Rule::code_xml_header, "code-xml-header", RuleSet::code, "", "code_xml_header", Bound::truth, 0},
        {Rule::code_autogenerated, "code-autogenerated", RuleSet::code, "", "code_autogenerated", Bound::truth, 0},
    };
    EXPECT_EQ(spec.size(), rule_count - first_quality_rule);
    for (const SpecRule& s : spec) {
        const RuleInfo& info = rule_info(s.rule);
        EXPECT_EQ(info.name, s.name);
        EXPECT_EQ(info.set, s.set) << s.name;
        EXPECT_EQ(info.option, s.option) << s.name;
        EXPECT_EQ(info.measure, s.measure) << s.name;
        EXPECT_EQ(info.bound, s.bound) << s.name;
        EXPECT_DOUBLE_EQ(info.default_threshold, s.threshold) << s.name;
        EXPECT_EQ(info.kind == ValueKind::flag, s.bound == Bound::truth) << s.name;
        EXPECT_EQ(info.option.empty(), info.help.empty()) << s.name;
    }
}

TEST(QualityRules, BaseRulesAsSpecified) {
    const std::vector<std::string_view> names{"empty",     "min",         "max",        "min-lines",
                                              "max-lines", "require-any", "code-ratio", "field"};
    ASSERT_EQ(names.size(), first_quality_rule);
    for (std::size_t i = 0; i < names.size(); ++i) {
        EXPECT_EQ(rule_name(rule_at(i)), names[i]);
        EXPECT_EQ(rule_info(rule_at(i)).set, RuleSet::base);
        EXPECT_TRUE(rule_info(rule_at(i)).option.empty()) << names[i];
    }
    EXPECT_EQ(rule_info(Rule::empty).kind, ValueKind::none);
    EXPECT_EQ(rule_info(Rule::require_any).kind, ValueKind::none);
    EXPECT_EQ(rule_info(Rule::field).kind, ValueKind::none);
    EXPECT_EQ(rule_info(Rule::min).kind, ValueKind::count);
    EXPECT_EQ(rule_info(Rule::min_lines).kind, ValueKind::count);
}

TEST(QualityRules, CountsAreIntegers) {
    for (const Rule rule : {Rule::gopher_min_words, Rule::gopher_max_words, Rule::gopher_stop_words,
                            Rule::c4_min_sentences, Rule::c4_empty, Rule::code_max_line_length})
        EXPECT_EQ(rule_info(rule).kind, ValueKind::count) << rule_name(rule);
}

TEST(QualityRules, Fails) {
    const RuleInfo& min = rule_info(Rule::gopher_min_words);
    EXPECT_TRUE(fails(min, 49, 50));
    EXPECT_FALSE(fails(min, 50, 50));
    EXPECT_FALSE(fails(min, 51, 50));
    const RuleInfo& max = rule_info(Rule::gopher_dup_lines);
    EXPECT_TRUE(fails(max, 0.31, 0.3));
    EXPECT_FALSE(fails(max, 0.3, 0.3));
    EXPECT_FALSE(fails(max, 0.0, 0.3));
    const RuleInfo& truth = rule_info(Rule::c4_lorem_ipsum);
    EXPECT_TRUE(fails(truth, 1, 0));
    EXPECT_FALSE(fails(truth, 0, 0));
    // c4-empty: fails when no line is kept (measure c4_lines_kept, threshold 1).
    const RuleInfo& empty = rule_info(Rule::c4_empty);
    EXPECT_TRUE(fails(empty, 0, empty.default_threshold));
    EXPECT_FALSE(fails(empty, 1, empty.default_threshold));
}

TEST(QualityRules, SetOption) {
    EXPECT_EQ(set_option(RuleSet::base), "");
    EXPECT_EQ(set_option(RuleSet::gopher_repetition), "gopher-repetition");
    EXPECT_EQ(set_option(RuleSet::gopher_quality), "gopher-quality");
    EXPECT_EQ(set_option(RuleSet::c4), "c4-lines");
    EXPECT_EQ(set_option(RuleSet::fineweb), "fineweb");
    EXPECT_EQ(set_option(RuleSet::code), "code-quality");
}

}  // namespace
}  // namespace seed::filter
