// seed-filter's options, rules and output records (tools/seed-filter/filter.cpp).
#include "filter.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "test_support.hpp"

namespace seed::filter {
namespace {

using seed::testing::make_record;

const InputFile file_input{"data/code.jsonl", "data/code.jsonl", "code"};
const InputFile stdin_input{"-", "<stdin>", ""};

Result<FilterOptions> options_from(const std::vector<const char*>& options) {
    std::vector<const char*> argv{"seed-filter"};
    for (const char* option : options) argv.push_back(option);
    auto args = cli::parse(command(), static_cast<int>(argv.size()), argv.data());
    if (!args) return Fail{args.error()};
    return make_options(args.value());
}

FilterOptions options_of(std::vector<const char*> argv) {
    auto options = options_from(std::move(argv));
    EXPECT_TRUE(options.ok()) << (options.ok() ? "" : options.error());
    return options.ok() ? options.value() : FilterOptions{};
}

// Runs one line through a filter made from `argv`; returns the output line, or
// "dropped: RULE" / "bad: MESSAGE".
std::string filter_line(std::string_view line, std::vector<const char*> argv, const InputFile& input = file_input) {
    const FilterOptions options = options_of(std::move(argv));
    Filter filter(options);
    const Record record = make_record(line, input);
    std::string out;
    const Verdict verdict = filter.apply(record, out);
    switch (verdict.kind) {
        case Verdict::Kind::kept: return out;
        case Verdict::Kind::dropped: return "dropped: " + std::string(rule_name(verdict.rule));
        case Verdict::Kind::bad: return "bad: " + verdict.message;
    }
    return "?";
}

TEST(FilterOptions, Defaults) {
    const FilterOptions o = options_of({});
    EXPECT_EQ(o.min_chars, 0u);
    EXPECT_EQ(o.max_chars, std::numeric_limits<std::uint64_t>::max());
    EXPECT_TRUE(o.domain.empty());
    EXPECT_FALSE(o.keep_fields);
    EXPECT_FALSE(o.max_code_ratio.has_value());
    EXPECT_TRUE(o.io.inputs.empty());
}

TEST(FilterOptions, ParsesEveryOption) {
    const FilterOptions o = options_of({"--domain",
                                        "nl",
                                        "--min",
                                        "10",
                                        "--max=20",
                                        "--min-lines",
                                        "2",
                                        "--max-lines",
                                        "9",
                                        "--require-any",
                                        "def ,class ",
                                        "--max-code-ratio",
                                        "0.25",
                                        "--field",
                                        "lang=en",
                                        "--field",
                                        "n=5",
                                        "--keep-fields",
                                        "-o",
                                        "out.jsonl",
                                        "--on-error=skip",
                                        "-q",
                                        "a.jsonl",
                                        "b.jsonl"});
    EXPECT_EQ(o.domain, "nl");
    EXPECT_EQ(o.min_chars, 10u);
    EXPECT_EQ(o.max_chars, 20u);
    EXPECT_EQ(o.min_lines, 2u);
    EXPECT_EQ(o.max_lines, 9u);
    EXPECT_EQ(o.require_any, (std::vector<std::string>{"def ", "class "}));
    EXPECT_DOUBLE_EQ(*o.max_code_ratio, 0.25);
    ASSERT_EQ(o.fields.size(), 2u);
    EXPECT_EQ(o.fields[0].name, "lang");
    EXPECT_EQ(o.fields[0].value, "en");
    EXPECT_EQ(o.fields[1].name, "n");
    EXPECT_TRUE(o.keep_fields);
    EXPECT_EQ(o.io.output, "out.jsonl");
    EXPECT_EQ(o.io.on_error, OnError::skip);
    EXPECT_TRUE(o.io.quiet);
    EXPECT_EQ(o.io.inputs, (std::vector<std::string>{"a.jsonl", "b.jsonl"}));
}

TEST(FilterOptions, FieldValueMayContainEquals) {
    const FilterOptions o = options_of({"--field", "expr=a=b"});
    EXPECT_EQ(o.fields[0].name, "expr");
    EXPECT_EQ(o.fields[0].value, "a=b");
}

TEST(FilterOptions, RefusesBadValuesWithTheOptionName) {
    const std::vector<std::pair<std::vector<const char*>, std::string>> cases{
        {{"--max", "1O0"}, "--max: not a non-negative integer: '1O0'"},
        {{"--min", "-1"}, "--min: not a non-negative integer: '-1'"},
        {{"--domain", "prose"}, "--domain: expected 'code' or 'nl', not 'prose'"},
        {{"--max-code-ratio", "1.5"}, "--max-code-ratio: must be between 0 and 1: '1.5'"},
        {{"--max-code-ratio", "x"}, "--max-code-ratio: not a number: 'x'"},
        {{"--field", "novalue"}, "--field: expected NAME=VALUE, not 'novalue'"},
        {{"--field", "=x"}, "--field: expected NAME=VALUE, not '=x'"},
        {{"--require-any", "a,,b"}, "--require-any: empty item in list: 'a,,b'"},
        {{"--min", "500", "--max", "100"}, "--min 500 is greater than --max 100"},
        {{"--min-lines", "5", "--max-lines", "2"}, "--min-lines 5 is greater than --max-lines 2"},
        {{"--on-error", "ignore"}, "--on-error: expected 'fail' or 'skip', not 'ignore'"},
    };
    for (const auto& [argv, message] : cases) {
        const auto result = options_from(argv);
        ASSERT_FALSE(result.ok()) << message;
        EXPECT_EQ(result.error(), message);
    }
}

TEST(FilterText, TakenFromTextThenContentThenCode) {
    EXPECT_EQ(filter_line(R"({"text":"a","content":"b"})", {}), "{\"text\":\"a\",\"source\":\"code\"}\n");
    EXPECT_EQ(filter_line(R"({"content":"b","code":"c"})", {}), "{\"text\":\"b\",\"source\":\"code\"}\n");
    EXPECT_EQ(filter_line(R"({"code":"c"})", {}), "{\"text\":\"c\",\"source\":\"code\"}\n");
}

TEST(FilterText, EmptyAndNullFallThroughLikePythonOr) {
    EXPECT_EQ(filter_line(R"({"text":"","content":"b"})", {}), "{\"text\":\"b\",\"source\":\"code\"}\n");
    EXPECT_EQ(filter_line(R"({"text":null,"code":"c"})", {}), "{\"text\":\"c\",\"source\":\"code\"}\n");
    EXPECT_EQ(filter_line(R"({"text":"","content":""})", {}), "dropped: empty");
    EXPECT_EQ(filter_line(R"({"text":null,"content":""})", {}), "dropped: empty");
}

TEST(FilterText, MissingOrNotAStringIsBadInput) {
    EXPECT_EQ(filter_line(R"({"title":"x"})", {}), "bad: no text: the record has no 'text', 'content' or 'code' field");
    EXPECT_EQ(filter_line(R"({"text":null})", {}), "bad: no text: the record has no 'text', 'content' or 'code' field");
    EXPECT_EQ(filter_line(R"({"text":5})", {}), "bad: field 'text' is a number, not a string");
    EXPECT_EQ(filter_line(R"({"text":"","content":["a"]})", {}), "bad: field 'content' is an array, not a string");
    EXPECT_EQ(filter_line(R"({"text":{"a":1}})", {}), "bad: field 'text' is an object, not a string");
    EXPECT_EQ(filter_line(R"({"text":false})", {}), "bad: field 'text' is a boolean, not a string");
}

TEST(FilterRules, LengthInCodePoints) {
    // "é" is 2 bytes, 1 code point; the surrogate pair is 1 code point.
    const std::string line = R"({"text":"éé\ud83d\ude00"})";
    EXPECT_EQ(filter_line(line, {"--min", "3", "--max", "3"}), "{\"text\":\"éé😀\",\"source\":\"code\"}\n");
    EXPECT_EQ(filter_line(line, {"--min", "4"}), "dropped: min");
    EXPECT_EQ(filter_line(line, {"--max", "2"}), "dropped: max");
}

TEST(FilterRules, Lines) {
    const std::string three = R"({"text":"a\nb\nc\n"})";
    EXPECT_EQ(filter_line(three, {"--min-lines", "3", "--max-lines", "3", "-q"}).substr(0, 7), "{\"text\"");
    EXPECT_EQ(filter_line(three, {"--min-lines", "4"}), "dropped: min-lines");
    EXPECT_EQ(filter_line(three, {"--max-lines", "2"}), "dropped: max-lines");
    EXPECT_EQ(filter_line(R"({"text":"a\nb"})", {"--min-lines", "2", "--max-lines", "2"}).substr(0, 1), "{");
}

TEST(FilterRules, RequireAnyIsASubstringTestOnTheDecodedText) {
    const std::vector<const char*> plan{"--require-any", "def ,class ,async def "};
    EXPECT_EQ(filter_line(R"({"text":"x = 1\ndef f(): pass"})", plan).substr(0, 1), "{");
    EXPECT_EQ(filter_line(R"({"text":"class A: pass"})", plan).substr(0, 1), "{");
    EXPECT_EQ(filter_line(R"({"text":"undefined"})", plan), "dropped: require-any");
    EXPECT_EQ(filter_line(R"({"text":"def\tf"})", plan), "dropped: require-any");  // "def " needs the space
    // An escaped quote in the raw JSON is a plain quote in the text.
    EXPECT_EQ(filter_line(R"({"text":"say \"hi\""})", {"--require-any", "\"hi\""}).substr(0, 1), "{");
}

TEST(FilterRules, CodeRatioMeasuresTheFencedShare) {
    // 10 characters of prose + a 10-character fenced block ("```\nab\n```"): ratio 0.5.
    const std::string half = R"({"text":"012345678\n```\nab\n```"})";
    EXPECT_EQ(filter_line(half, {"--max-code-ratio", "0.5"}).substr(0, 1), "{");
    EXPECT_EQ(filter_line(half, {"--max-code-ratio", "0.49"}), "dropped: code-ratio");
    // The plan's formula (count of ``` per character) would give 2/20 = 0.1 here.
}

TEST(FilterRules, FieldEquality) {
    const std::string line = R"({"text":"t","lang":"en","n":5,"ok":true,"esc":"caf\u00e9"})";
    EXPECT_EQ(filter_line(line, {"--field", "lang=en"}).substr(0, 1), "{");
    EXPECT_EQ(filter_line(line, {"--field", "lang=de"}), "dropped: field");
    EXPECT_EQ(filter_line(line, {"--field", "missing=x"}), "dropped: field");
    EXPECT_EQ(filter_line(line, {"--field", "n=5"}).substr(0, 1), "{");
    EXPECT_EQ(filter_line(line, {"--field", "n=5.0"}), "dropped: field");  // compared as written
    EXPECT_EQ(filter_line(line, {"--field", "ok=true"}).substr(0, 1), "{");
    EXPECT_EQ(filter_line(line, {"--field", "esc=café"}).substr(0, 1), "{");
    EXPECT_EQ(filter_line(line, {"--field", "lang=en", "--field", "n=6"}), "dropped: field");
}

TEST(FilterRules, FirstFailingRuleIsReported) {
    EXPECT_EQ(filter_line(R"({"text":"ab"})", {"--min", "5", "--require-any", "zzz", "--field", "x=1"}),
              "dropped: min");
    EXPECT_EQ(filter_line(R"({"text":"abcdef"})", {"--min", "5", "--require-any", "zzz", "--field", "x=1"}),
              "dropped: require-any");
}

TEST(FilterOutput, SeedFieldsInOrderOthersDropped) {
    EXPECT_EQ(filter_line(R"({"category":"qa","id":7,"language":"en","source":"s","text":"t","domain":"nl"})",
                          {"--domain", "code"}),
              "{\"text\":\"t\",\"domain\":\"code\",\"source\":\"s\",\"language\":\"en\",\"category\":\"qa\"}\n");
}

TEST(FilterOutput, SourceFromFileStemUnlessPresent) {
    EXPECT_EQ(filter_line(R"({"text":"t"})", {}), "{\"text\":\"t\",\"source\":\"code\"}\n");
    EXPECT_EQ(filter_line(R"({"text":"t"})", {}, stdin_input), "{\"text\":\"t\"}\n");
    EXPECT_EQ(filter_line(R"({"text":"t","source":null})", {}), "{\"text\":\"t\",\"source\":null}\n");
}

TEST(FilterOutput, KeepFieldsPassesTheRestInOrder) {
    EXPECT_EQ(filter_line(R"({"id":1,"content":"t","meta":{"a": [1, 2.50]},"text":""})", {"--keep-fields"}),
              "{\"text\":\"t\",\"source\":\"code\",\"id\":1,\"meta\":{\"a\":[1,2.50]}}\n");
}

TEST(FilterOutput, UnchangedRecordsAreWrittenAsTheirOriginalBytes) {
    // Not canonical (spaces, \u escapes, \/), but nothing changes: the line comes back as is.
    const std::string line = R"({ "text" : "caf\u00e9 a\/b", "domain":"nl", "source": "x", "extra": [1,  2] })";
    EXPECT_EQ(filter_line(line, {"--keep-fields", "--domain", "nl"}), line + "\n");
    EXPECT_EQ(filter_line(line, {"--keep-fields"}), line + "\n");
    // Changing the domain rewrites it canonically.
    EXPECT_EQ(filter_line(line, {"--keep-fields", "--domain", "code"}),
              "{\"text\":\"café a/b\",\"domain\":\"code\",\"source\":\"x\",\"extra\":[1,2]}\n");
    // Without --keep-fields the extra field goes, so the record changes.
    EXPECT_EQ(filter_line(line, {}), "{\"text\":\"café a/b\",\"domain\":\"nl\",\"source\":\"x\"}\n");
}

TEST(FilterOutput, ReorderedSeedFieldsAreRewritten) {
    EXPECT_EQ(filter_line(R"({"source":"x","text":"t"})", {}), "{\"text\":\"t\",\"source\":\"x\"}\n");
}

TEST(FilterOutput, RepeatedKeyLastWins) {
    EXPECT_EQ(filter_line(R"({"text":"first","text":"second","source":"s"})", {}),
              "{\"text\":\"second\",\"source\":\"s\"}\n");
}

TEST(FilterOutput, EscapedKeysAreRecognisedAndWrittenCanonically) {
    const std::string line = R"({"te\u0078t":"t","sour\u0063e":"s","\u006b":1})";
    // Unchanged: the original bytes.
    EXPECT_EQ(filter_line(line, {"--keep-fields"}), line + "\n");
    // Rewritten (a domain is added): keys written in their canonical form.
    EXPECT_EQ(filter_line(line, {"--keep-fields", "--domain", "nl"}),
              "{\"text\":\"t\",\"domain\":\"nl\",\"source\":\"s\",\"k\":1}\n");
}

TEST(FilterSummary, ListsNonZeroRulesInOrder) {
    Counts counts;
    counts.read = 12;
    counts.kept = 9;
    counts.dropped[static_cast<std::size_t>(Rule::max)] = 1;
    counts.dropped[static_cast<std::size_t>(Rule::min)] = 2;
    const FilterOptions options;
    const std::array<std::uint64_t, c4_line_rule_count> no_c4{};
    EXPECT_EQ(summary_line(counts, options, no_c4), "read 12, kept 9, dropped 3 (min 2, max 1)");
    counts.bad = 4;
    EXPECT_EQ(summary_line(counts, options, no_c4), "read 12, kept 9, dropped 3 (min 2, max 1), skipped 4 bad");
    EXPECT_EQ(summary_line(Counts{}, options, no_c4), "read 0, kept 0, dropped 0");
}

TEST(FilterRules, NamesMatchTheSummaryVocabulary) {
    EXPECT_EQ(rule_name(Rule::empty), "empty");
    EXPECT_EQ(rule_name(Rule::min_lines), "min-lines");
    EXPECT_EQ(rule_name(Rule::require_any), "require-any");
    EXPECT_EQ(rule_name(Rule::code_ratio), "code-ratio");
    EXPECT_EQ(rule_name(Rule::field), "field");
}

}  // namespace
}  // namespace seed::filter
