// --where on the client (tools/seed-hfstream/where.cpp): what the viewer accepts and refuses, and what
// the accepted conditions mean on rows. Expected results were checked against the fake viewer's model
// (tests/fakehub/fakehub.py, compile_where) where the two can differ only by design, which is noted.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"
#include "json.hpp"
#include "where.hpp"

namespace seed::hfstream {
namespace {

// "accepted", or the message of the refusal.
std::string parsed(std::string_view expression) {
    auto filter = RowFilter::parse(expression);
    return filter.ok() ? "accepted" : filter.error();
}

// "yes" or "no" for the row, "error: ..." when evaluating throws, "refused: ..." when it does not parse.
std::string verdict(std::string_view expression, std::string_view row_json) {
    auto filter = RowFilter::parse(expression);
    if (!filter.ok()) return "refused: " + filter.error();
    std::vector<json::Member> row;
    if (json::scan_object(row_json, row)) return "bad row";
    try {
        return filter.value().matches(row) ? "yes" : "no";
    } catch (const Error& e) {
        return std::string("error: ") + e.what();
    }
}

// The indexes of the rows that match, as "0 2".
std::string matching(std::string_view expression, const std::vector<std::string_view>& rows) {
    auto filter = RowFilter::parse(expression);
    if (!filter.ok()) return "refused: " + filter.error();
    std::string out;
    std::vector<json::Member> row;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (json::scan_object(rows[i], row)) return "bad row " + std::to_string(i);
        if (filter.value().matches(row)) out += (out.empty() ? "" : " ") + std::to_string(i);
    }
    return out;
}

TEST(WhereSyntax, AcceptsWhatTheViewersRegexAndDuckDbAccept) {
    for (const char* expression : {
             R"("role"='assistant')",
             R"("role" = 'assistant')",
             R"("lang"='en' AND "role"='prompter')",  // the oasst1 profile
             R"("lang"='en' and "role"='prompter')",
             R"(("lang"='en' OR "lang"='de') AND "role"='assistant')",
             R"((("a"=1 OR "b"=2) AND "c"=3))",
             R"("text" LIKE '%foo%')",
             R"("text" NOT LIKE '%foo%')",
             R"("text" ILIKE '%foo%')",
             R"("text" GLOB '*foo*')",
             R"("text" SIMILAR TO '.*foo.*')",
             R"("text" not similar to 'a|b')",
             R"("text" ~~ 'a' AND "text" !~~ 'b' AND "text" ~~* 'c' AND "text" !~~* 'd')",
             R"("text" ~~~ '*.py' OR "text" ~ 'x+' OR "text" !~ 'y')",
             R"("rank" IS NULL)",
             R"("rank" is not null)",
             R"("rank" IS not NULL)",
             R"("deleted"=false)",
             R"("deleted" IS true)",
             R"("deleted" IS NOT false)",
             R"("size">=1000 AND "size"<>5 AND "size"!=5 AND "size"==5 AND "size"<=1.5)",
             R"("x"=1.5)",
             R"("x"=007)",
             R"("x"=1.)",
             R"("detoxify"."toxicity">0.5)",
             R"("text".length()>5)",
             R"(("text").length()>5)",
             R"("text".contains('a''b') = true)",
             R"("name" = 'O''Hara')",
             R"("we""ird" = 1)",
             R"("a" = null)",
             "\"a\"='x'\n",  // the viewer's `$` matches before a final newline
             "\"a\"='two\nlines'",
         }) {
        EXPECT_EQ(parsed(expression), "accepted") << expression;
    }
}

TEST(WhereSyntax, RefusesWhatTheViewersRegexRefusesWithAHint) {
    EXPECT_EQ(parsed("role='assistant'"), R"(at column 1: column names go in double quotes: "role", not role)");
    EXPECT_EQ(parsed(R"("a"=1 AND role='x')"), R"(at column 11: column names go in double quotes: "role", not role)");
    EXPECT_EQ(parsed(R"("x"=-1)"), "at column 5: no sign is allowed here: the viewer takes no negative numbers");
    EXPECT_EQ(parsed(R"("x"=1e5)"), "at column 6: numbers are digits with at most a '.', not 1e5");
    EXPECT_EQ(parsed(R"("a"=1 And "b"=2)"), "at column 8: write AND or and, not And");
    EXPECT_EQ(parsed(R"("a"=1  AND "b"=2)"), "at column 7: only one space is allowed around AND and OR");
    EXPECT_EQ(parsed(R"("flag" IS TRUE)"), "at column 11: write true in lower case, not TRUE");
    EXPECT_EQ(parsed(R"("a" = Null)"), "at column 8: write null or NULL, not Null");
    EXPECT_EQ(parsed(R"("lang" IN ('en','de'))"),
              "at column 9: the viewer's syntax has no IN; join comparisons with OR");
    EXPECT_EQ(parsed(R"("a"=1 AND)"),
              R"(at column 10: the condition ends too early (expected "column" OPERATOR value))");
    EXPECT_EQ(parsed(""), R"(at column 1: the condition ends too early (expected "column" OPERATOR value))");
    EXPECT_EQ(parsed(R"(NOT "x"=1)"), "at column 1: NOT cannot start a condition here; write <>, NOT LIKE or IS NOT");
    EXPECT_EQ(parsed(R"("a".contains('x'))"),
              R"(at column 18: the condition ends too early (expected "column" OPERATOR value))");
    for (const char* expression : {
             R"("a" BETWEEN 1 AND 2)",
             R"("a" = "b")",                                 // a column on the right
             R"(""=1)",                                      // an empty name
             R"("a".b = 1)",                                 // an unquoted field
             R"("a".lower().upper() = 'x')",                 // one function at most
             R"("a".Lower() = 'x')",                         // function names in lower case
             R"("a".lower () = 'x')",                        // no space before (
             R"("a".contains("b") = true)",                  // only literals as arguments
             R"(("a" = 'x' AND ("b" = 'y' OR "c" = 'z')))",  // at most one ')' after a value
             R"("a" = TRUE)",                                // true, false in lower case
             R"("a" Like 'x')",                              // mixed case operators
             R"("a"='x' or "b"='y' Or "c"='z')",
         }) {
        EXPECT_NE(parsed(expression), "accepted") << expression;
    }
}

TEST(WhereSyntax, RefusesCommentsAndSemicolonsEvenInsideStrings) {
    EXPECT_EQ(parsed(R"("a"='x;')"),
              "at column 7: ';' is not allowed anywhere in the condition, not even inside a string");
    EXPECT_EQ(parsed(R"("a"='x--y')"),
              "at column 7: '--' is not allowed anywhere in the condition, not even inside a string");
    EXPECT_EQ(parsed(R"("a"='/*' OR "b"='*/')"),
              "at column 6: '/*' is not allowed anywhere in the condition, not even inside a string");
    EXPECT_EQ(parsed(R"("a;"=1)"),
              "at column 3: ';' is not allowed anywhere in the condition, not even inside a string");
}

TEST(WhereSyntax, RefusesWhatDuckDbWouldRefuseAfterTheRegex) {
    EXPECT_EQ(parsed(R"("a"=1.2.3)"), "at column 5: bad number 1.2.3");
    EXPECT_EQ(parsed(R"("a" = 1))"), "at column 8: expected AND, OR or the end, not )");
    EXPECT_EQ(parsed(R"(("a" = 1)"), "at column 9: expected ')', not the end");
    EXPECT_EQ(parsed(R"("a" 'x')"), "at column 5: expected AND, OR or the end, not 'x'");
    EXPECT_EQ(parsed(R"("a" isnull)"), "at column 5: expected AND, OR or the end, not isnull");
    EXPECT_EQ(parsed(R"("a" = NOT true)"), "at column 7: expected a value, not NOT");
    EXPECT_EQ(parsed(R"("a" IS NOT NOT NULL)"), "at column 12: IS must be followed by NULL, TRUE or FALSE, not NOT");
    EXPECT_EQ(parsed(R"("a" * 2)"), "at column 5: expected AND, OR or the end, not *");
    EXPECT_EQ(parsed(R"("a".foo() = 1)"), "at column 5: unknown function foo()");
    EXPECT_EQ(parsed(R"("a".length(1) = 1)"), "at column 5: length() takes no argument, not 1");
    EXPECT_EQ(parsed(R"("a".contains('x', 'y') = true)"), "at column 5: contains() takes one argument, not 2");
}

TEST(WhereSyntax, RefusesTypeErrorsTheExpressionAloneShows) {
    EXPECT_EQ(parsed(R"("a".contains(5) = true)"), "at column 14: contains() needs a string, not the number 5");
    EXPECT_EQ(parsed(R"("a" LIKE 5)"), "at column 10: LIKE needs a string pattern, not the number 5");
    EXPECT_EQ(parsed(R"("a" GLOB true)"), "at column 10: GLOB needs a string pattern, not the boolean true");
    EXPECT_EQ(parsed(R"("a".length() = 'abc')"),
              "at column 16: the string 'abc' is not a number, so it cannot be compared with a number");
    EXPECT_EQ(parsed(R"("a".lower() = 5)"), "at column 15: a string cannot be compared with the number 5");
    EXPECT_EQ(parsed(R"("a".contains('x') = 'maybe')"),
              "at column 21: a boolean cannot be compared with the string 'maybe'");
    EXPECT_EQ(parsed(R"("a".length() = '12')"), "accepted");         // cast as DuckDB casts it
    EXPECT_EQ(parsed(R"("a".contains('x') = 'true')"), "accepted");  // the same for booleans
    EXPECT_EQ(parsed(R"("a" LIKE null)"), "accepted");
}

TEST(WhereSyntax, RefusesBadPatterns) {
    EXPECT_EQ(parsed(R"("a" SIMILAR TO '(')"), "at column 16: bad regular expression '(': missing ')'");
    EXPECT_EQ(parsed(R"("a" ~ 'a**')"), "at column 7: bad regular expression 'a**': bad repetition operator");
    EXPECT_EQ(parsed(R"("a" ~ '(?=x)')"),
              "at column 7: bad regular expression '(?=x)': lookahead and lookbehind are not supported (DuckDB's RE2 "
              "has neither)");
    EXPECT_EQ(parsed(R"("a" ~ '(a)\1')"),
              "at column 7: bad regular expression '(a)\\1': backreferences are not supported (DuckDB's RE2 has none)");
    EXPECT_EQ(parsed(R"("a" ~ '[z-a]')"), "at column 7: bad regular expression '[z-a]': bad character class range");
    // The fake compiles a GLOB on each row and fails with a server error; refused here before any row.
    EXPECT_EQ(parsed(R"("a" GLOB '[]a]')"), "at column 10: bad GLOB pattern '[]a]': missing ']'");
}

TEST(WhereSyntax, RefusesInvalidUtf8) { EXPECT_EQ(parsed("\"a\"='\xff'"), "at column 6: not valid UTF-8"); }

// Each operand of the viewer's syntax may open two parentheses and close one: k operands "(("a"=1"
// and then 2k operands "a"=1)" nest 2k deep.
std::string nested(int k) {
    std::string out;
    for (int i = 0; i < 3 * k; ++i) out += std::string(i ? " AND " : "") + (i < k ? R"((("a"=1)" : R"("a"=1))");
    return out;
}

TEST(WhereSyntax, TakesDeepNestingAndLongChains) {
    EXPECT_EQ(matching(nested(80), {R"({"a":1})", R"({"a":2})"}), "0");  // 160 deep: the fake's limit
    EXPECT_EQ(parsed(nested(150)), "at column 1537: parentheses nested too deeply");
    std::string chain;  // the fake fails on this one (Python's recursion limit)
    for (int i = 0; i < 3000; ++i) chain += (i ? " OR \"a\"=" : "\"a\"=") + std::to_string(i);
    EXPECT_EQ(matching(chain, {R"({"a":2999})", R"({"a":5000})", R"({"a":0})"}), "0 2");
}

TEST(WhereLogic, AndBindsTighterThanOr) {
    const std::vector<std::string_view> rows = {R"({"a":1,"b":0,"c":0})", R"({"a":0,"b":1,"c":0})",
                                                R"({"a":0,"b":1,"c":1})", R"({"a":1,"b":1,"c":1})"};
    EXPECT_EQ(matching(R"("a"=1 OR "b"=1 AND "c"=1)", rows), "0 2 3");
    EXPECT_EQ(matching(R"(("a"=1 OR "b"=1) AND "c"=1)", rows), "2 3");
    EXPECT_EQ(matching(R"("a"=1 AND "b"=1 OR "c"=1)", rows), "2 3");
    EXPECT_EQ(matching(R"("a"=1 AND ("b"=1 OR "c"=1))", rows), "3");
    EXPECT_EQ(matching(R"("a"=0 AND "b"=1 AND "c"=0 OR "a"=1 AND "b"=0)", rows), "0 1");
}

TEST(WhereLogic, NotNegatesMatchesAndIs) {
    const std::vector<std::string_view> rows = {R"({"s":"xa"})", R"({"s":"ya"})", R"({"s":null})", R"({})"};
    EXPECT_EQ(matching(R"("s" LIKE 'x%')", rows), "0");
    EXPECT_EQ(matching(R"("s" NOT LIKE 'x%')", rows), "1");  // NOT NULL is NULL: no match for null or missing
    EXPECT_EQ(matching(R"("s" !~~ 'x%')", rows), "1");
    EXPECT_EQ(matching(R"("s" IS NULL)", rows), "2 3");
    EXPECT_EQ(matching(R"("s" IS NOT NULL)", rows), "0 1");
}

// A condition over two nullable booleans, for each of the nine pairs (true, false, null).
std::string truth_table(std::string_view expression) {
    std::vector<std::string> rows;
    for (const char* a : {"true", "false", "null"}) {
        for (const char* b : {"true", "false", "null"})
            rows.push_back(std::string("{\"a\":") + a + ",\"b\":" + b + "}");
    }
    return matching(expression, std::vector<std::string_view>(rows.begin(), rows.end()));
}

TEST(WhereLogic, NullFollowsThreeValuedLogic) {
    // rows: 0 TT, 1 TF, 2 TN, 3 FT, 4 FF, 5 FN, 6 NT, 7 NF, 8 NN
    EXPECT_EQ(truth_table(R"("a"=true AND "b"=true)"), "0");         // NULL AND TRUE is NULL: no match
    EXPECT_EQ(truth_table(R"("a"=true OR "b"=true)"), "0 1 2 3 6");  // NULL OR TRUE is TRUE
    EXPECT_EQ(truth_table(R"("a"=false OR "b"=false)"), "1 3 4 5 7");
    // NULL AND FALSE is FALSE, so OR TRUE decides; NULL AND TRUE is NULL, and NULL OR FALSE is NULL
    EXPECT_EQ(truth_table(R"("a"=true AND "b"=false OR "b"=true)"), "0 1 3 6");
    EXPECT_EQ(truth_table(R"("a" IS true)"), "0 1 2");
    EXPECT_EQ(truth_table(R"("a" IS NOT true)"), "3 4 5 6 7 8");  // IS is never NULL
    EXPECT_EQ(truth_table(R"("a" IS false)"), "3 4 5");
    EXPECT_EQ(truth_table(R"("a" IS NOT false)"), "0 1 2 6 7 8");
    EXPECT_EQ(truth_table(R"("a"=null OR "b"=true)"), "0 3 6");  // = null is never true
    EXPECT_EQ(truth_table(R"("a"<>null)"), "");
    EXPECT_EQ(truth_table(R"("a"=true AND "b" IS NULL)"), "2");
}

TEST(WhereLogic, AMissingColumnIsNull) {
    EXPECT_EQ(verdict(R"("nope" IS NULL)", R"({"a":1})"), "yes");
    EXPECT_EQ(verdict(R"("nope" IS NOT NULL)", R"({"a":1})"), "no");
    EXPECT_EQ(verdict(R"("nope" = 1)", R"({"a":1})"), "no");
    EXPECT_EQ(verdict(R"("nope" <> 1)", R"({"a":1})"), "no");
    EXPECT_EQ(verdict(R"("nope" = 1 OR "a" = 1)", R"({"a":1})"), "yes");
    EXPECT_EQ(verdict(R"("nope".length() > 0)", R"({"a":1})"), "no");
    EXPECT_EQ(verdict(R"("nope"."x" IS NULL)", R"({"a":1})"), "yes");
}

TEST(WherePatterns, LikeMatchesCodePointsWithPercentAndUnderscore) {
    const std::vector<std::string_view> rows = {R"({"s":"café"})", R"({"s":"cafe"})",         R"({"s":"caf"})",
                                                R"({"s":"a😀b"})",  R"({"s":"Café au lait"})", R"({"s":"x\ny"})"};
    EXPECT_EQ(matching(R"("s" LIKE 'caf_')", rows), "0 1");
    EXPECT_EQ(matching(R"("s" LIKE 'caf__')", rows), "");
    EXPECT_EQ(matching(R"("s" LIKE 'caf%')", rows), "0 1 2");
    EXPECT_EQ(matching(R"("s" LIKE '%é')", rows), "0");
    EXPECT_EQ(matching(R"("s" LIKE 'a_b')", rows), "3");
    EXPECT_EQ(matching(R"("s" LIKE '%😀%')", rows), "3");
    EXPECT_EQ(matching(R"("s" LIKE '_%_')", rows), "0 1 2 3 4 5");
    EXPECT_EQ(matching(R"("s" LIKE '%a%a%')", rows), "4");
    EXPECT_EQ(matching(R"("s" LIKE 'x_y')", rows), "5");  // _ and % take a newline too
    EXPECT_EQ(matching(R"("s" LIKE 'café')", rows), "0");
    EXPECT_EQ(matching(R"("s" LIKE '')", rows), "");
    EXPECT_EQ(matching(R"("s" LIKE '%')", rows), "0 1 2 3 4 5");
    EXPECT_EQ(matching(R"("s" LIKE 'C%')", rows), "4");  // case matters
}

TEST(WherePatterns, LikeHasNoEscapeCharacter) {
    EXPECT_EQ(verdict(R"("s" LIKE '100\%')", R"({"s":"100\\ percent"})"), "yes");
    EXPECT_EQ(verdict(R"("s" LIKE '100\%')", R"({"s":"100%"})"), "no");
    EXPECT_EQ(verdict(R"("s" LIKE 'a\_')", R"({"s":"a\\b"})"), "yes");
}

TEST(WherePatterns, IlikeIgnoresCase) {
    const std::vector<std::string_view> rows = {R"({"s":"CAFÉ"})", R"({"s":"café"})", R"({"s":"ΣΟΦΙΑ"})",
                                                R"({"s":"Москва"})"};
    EXPECT_EQ(matching(R"("s" ILIKE 'café')", rows), "0 1");
    EXPECT_EQ(matching(R"("s" ~~* 'CAF_')", rows), "0 1");
    EXPECT_EQ(matching(R"("s" !~~* 'CAF_')", rows), "2 3");
    EXPECT_EQ(matching(R"("s" ILIKE 'σοφ%')", rows), "2");
    EXPECT_EQ(matching(R"("s" ILIKE 'МОСКВА')", rows), "3");
    EXPECT_EQ(matching(R"("s" NOT ILIKE '%a%')", rows), "2 3");  // Greek alpha and Cyrillic a are not a
}

TEST(WherePatterns, GlobMatchesStarQuestionMarkAndSets) {
    const std::vector<std::string_view> rows = {R"({"p":"src/main.py"})", R"({"p":"src/main.PY"})", R"({"p":"a.c"})",
                                                R"({"p":"b.c"})",         R"({"p":"é.c"})",         R"({"p":"100%"})"};
    EXPECT_EQ(matching(R"("p" GLOB '*.py')", rows), "0");  // case matters
    EXPECT_EQ(matching(R"("p" GLOB '?.c')", rows), "2 3 4");
    EXPECT_EQ(matching(R"("p" GLOB '[ab].c')", rows), "2 3");
    EXPECT_EQ(matching(R"("p" GLOB '[!ab].c')", rows), "4");
    EXPECT_EQ(matching(R"("p" GLOB '[a-z]*')", rows), "0 1 2 3");
    EXPECT_EQ(matching(R"("p" ~~~ '*%')", rows), "5");  // % is no wildcard in GLOB
    EXPECT_EQ(matching(R"("p" GLOB 'src/main.?y')", rows), "0");
    EXPECT_EQ(matching(R"("p" GLOB '[a')", rows), "");  // an unclosed [ is itself
    EXPECT_EQ(verdict(R"("p" GLOB '[a')", R"({"p":"[a"})"), "yes");
    EXPECT_EQ(verdict(R"("p" GLOB 'a(b)+')", R"({"p":"a(b)+"})"), "yes");  // the rest is literal
}

TEST(WherePatterns, SimilarToAndTildeMatchTheWholeString) {
    const std::vector<std::string_view> rows = {R"({"s":"foo"})", R"({"s":"a foo b"})", R"({"s":"FOO"})",
                                                R"({"s":"line 1\nline 2"})", R"({"s":"é"})"};
    EXPECT_EQ(matching(R"("s" SIMILAR TO 'foo')", rows), "0");
    EXPECT_EQ(matching(R"("s" SIMILAR TO '.*foo.*')", rows), "0 1");
    EXPECT_EQ(matching(R"("s" ~ 'foo')", rows), "0");  // the fake's ~ is a full match, like SIMILAR TO
    EXPECT_EQ(matching(R"("s" !~ 'foo')", rows), "1 2 3 4");
    EXPECT_EQ(matching(R"("s" NOT SIMILAR TO 'f.*')", rows), "1 2 3 4");
    EXPECT_EQ(matching(R"("s" similar to '(?i)foo')", rows), "0 2");
    EXPECT_EQ(matching(R"("s" ~ 'line \d.line \d')", rows), "3");  // . takes a newline (re.DOTALL)
    EXPECT_EQ(matching(R"("s" ~ '(?-s)line \d.line \d')", rows), "");
    EXPECT_EQ(matching(R"("s" ~ '.')", rows), "4");  // one code point
    EXPECT_EQ(matching(R"("s" ~ '[a-zé ]{1,7}')", rows), "0 1 4");
    EXPECT_EQ(matching(R"("s" ~ '^(fo|FO)[oO]$')", rows), "0 2");
    EXPECT_EQ(matching(R"("s" ~ '(?m)line 1$\n^line 2')", rows), "3");
    EXPECT_EQ(matching(R"("s" ~ '.*\bfoo\b.*')", rows), "0 1");
    EXPECT_EQ(matching(R"("s" ~ '[[:upper:]]+|\x{e9}')", rows), "2 4");
    EXPECT_EQ(matching(R"("s" ~ '(?P<w>\w+)\s+foo\s\S')", rows), "1");
}

TEST(WherePatterns, SimilarToIsLinearOnLongText) {
    // std::regex recurses per character and overflows the stack on text like this
    const std::string row = "{\"s\":\"" + std::string(2'000'000, 'a') + "b\"}";
    EXPECT_EQ(verdict(R"("s" SIMILAR TO '(a|aa)*b')", row), "yes");
    EXPECT_EQ(verdict(R"("s" SIMILAR TO '(a*)*c')", row), "no");
    EXPECT_EQ(verdict(R"("s" LIKE '%a%a%b')", row), "yes");
    EXPECT_EQ(verdict(R"("s" GLOB '*a?')", row), "yes");
}

TEST(WhereFunctions, LengthCountsCodePointsAndListElements) {
    const std::vector<std::string_view> rows = {R"({"s":"héllo","l":[1,2,3]})", R"({"s":"😀😀","l":[]})",
                                                R"({"s":"a\nb\u00e9","l":[[1],{"a":2}]})"};
    EXPECT_EQ(matching(R"("s".length() = 5)", rows), "0");
    EXPECT_EQ(matching(R"("s".length() = 2)", rows), "1");
    EXPECT_EQ(matching(R"("s".len() = 4)", rows), "2");
    EXPECT_EQ(matching(R"("s".strlen() = 6)", rows), "0");  // bytes
    EXPECT_EQ(matching(R"("s".strlen() = 8)", rows), "1");
    EXPECT_EQ(matching(R"("l".length() = 3)", rows), "0");
    EXPECT_EQ(matching(R"("l".length() < 3)", rows), "1 2");
    EXPECT_EQ(matching(R"("s".length() >= '4')", rows), "0 2");  // a string literal cast to a number
}

TEST(WhereFunctions, LowerUpperAndTrim) {
    const std::vector<std::string_view> rows = {R"({"s":"Ça Va"})", R"({"s":"  ΣΟΦΊΑ "})", R"({"s":"straße"})",
                                                R"({"s":"Ⅻ x"})"};
    EXPECT_EQ(matching(R"("s".lower() = 'ça va')", rows), "0");
    EXPECT_EQ(matching(R"("s".upper() = 'ÇA VA')", rows), "0");
    EXPECT_EQ(matching(R"("s".trim() = 'ΣΟΦΊΑ')", rows), "1");
    EXPECT_EQ(matching(R"(("s").trim() = 'ΣΟΦΊΑ')", rows), "1");
    EXPECT_EQ(matching(R"(("s").trim().length() = 5)", rows),
              "refused: at column 13: not in the viewer's filter "
              "syntax (\"column\" OPERATOR value, joined by AND or OR)");
    EXPECT_EQ(matching(R"("s".lower() = '  σοφία ')", rows), "1");
    EXPECT_EQ(matching(R"("s".upper() = 'STRASSE')", rows), "");  // one letter to one: ß stays
    EXPECT_EQ(matching(R"("s".upper() = 'STRAßE')", rows), "2");
    EXPECT_EQ(matching(R"("s".upper() = 'Ⅻ X')", rows), "3");                   // beyond the mapped scripts: unchanged
    EXPECT_EQ(verdict(R"("s".trim() = 'a b')", R"({"s":"\t a b \n"})"), "no");  // spaces only
    EXPECT_EQ(verdict(R"("s".trim() = '	 a b')", R"({"s":"\t a b  "})"), "yes");
    EXPECT_EQ(verdict(R"("s".lower() = 'a"b\c')", R"({"s":"A\"B\\C"})"), "yes");
}

TEST(WhereFunctions, ContainsStartsWithEndsWith) {
    const std::vector<std::string_view> rows = {R"({"s":"hello world"})", R"({"s":"world hello"})", R"({"s":""})",
                                                R"({"s":null})"};
    EXPECT_EQ(matching(R"("s".contains('lo w') = true)", rows), "0");
    EXPECT_EQ(matching(R"("s".contains('') = true)", rows), "0 1 2");
    EXPECT_EQ(matching(R"("s".starts_with('hello') = true)", rows), "0");
    EXPECT_EQ(matching(R"("s".prefix('world') = 'true')", rows), "1");
    EXPECT_EQ(matching(R"("s".ends_with('hello') = true)", rows), "1");
    EXPECT_EQ(matching(R"("s".suffix('hello') = false)", rows), "0 2");
    EXPECT_EQ(matching(R"("s".contains('o') IS NOT true)", rows), "2 3");
}

TEST(WhereFunctions, NeedStringsOnTheRow) {
    EXPECT_EQ(verdict(R"("n".lower() = 'x')", R"({"n":5})"),
              "error: column \"n\" is a number, but lower() needs a string");
    EXPECT_EQ(verdict(R"("n".length() = 1)", R"({"n":{"a":1}})"),
              "error: column \"n\" is an object, but length() needs a string or a list");
    EXPECT_EQ(verdict(R"("n".contains('a') = true)", R"({"n":["a"]})"),
              "error: column \"n\" is an array, but contains() needs a string");
    EXPECT_EQ(verdict(R"("n".length() = 1)", R"({"n":null})"), "no");
}

TEST(WhereColumns, NamesAreCaseInsensitiveAndQuotesDouble) {
    EXPECT_EQ(verdict(R"("LANG"='en')", R"({"lang":"en"})"), "yes");
    EXPECT_EQ(verdict(R"("lang"='en')", R"({"Lang":"en"})"), "yes");
    EXPECT_EQ(verdict(R"("ÜBER"=1)", R"({"über":1})"), "yes");
    EXPECT_EQ(verdict(R"("lang"='en')", R"({"l\u0061ng":"en"})"), "yes");        // an escaped key
    EXPECT_EQ(verdict(R"("say ""hi"""=1)", R"({"say \"hi\"":1})"), "yes");       // "" is a quote
    EXPECT_EQ(verdict(R"("lang"='en')", R"({"LANG":"de","lang":"en"})"), "no");  // the first that folds equal
    EXPECT_EQ(verdict(R"("a b"=1)", R"({"a b":1})"), "yes");
    EXPECT_EQ(verdict(R"("lang"='EN')", R"({"lang":"en"})"), "no");  // values keep their case
}

TEST(WhereColumns, StructFieldsAreReachedWithDots) {
    const std::vector<std::string_view> rows = {R"({"detoxify":{"toxicity":0.9,"meta":{"Lang":"en"}}})",
                                                R"({"detoxify":{"toxicity":0.1}})", R"({"detoxify":null})",
                                                R"({"other":1})", R"({"detoxify":{"toxicity":null}})"};
    EXPECT_EQ(matching(R"("detoxify"."toxicity">0.5)", rows), "0");
    EXPECT_EQ(matching(R"("Detoxify"."TOXICITY"<=0.5)", rows), "1");
    EXPECT_EQ(matching(R"("detoxify"."toxicity" IS NULL)", rows), "2 3 4");
    EXPECT_EQ(matching(R"("detoxify"."meta"."lang"='en')", rows), "0");
    EXPECT_EQ(matching(R"("detoxify"."meta"."lang".upper()='EN')", rows), "0");
    EXPECT_EQ(matching(R"("detoxify" IS NOT NULL)", rows), "0 1 4");
    EXPECT_EQ(verdict(R"("detoxify"."toxicity">0.5)", R"({"detoxify":"high"})"),
              "error: column \"detoxify\" is a string, not an object, so it has no field \"toxicity\"");
    EXPECT_EQ(verdict(R"("detoxify"=1)", rows[0]), "error: column \"detoxify\" is an object, which cannot be compared");
}

TEST(WhereNumbers, CompareIntegersExactlyAndTheRestAsDoubles) {
    const std::vector<std::string_view> rows = {R"({"x":1})",   R"({"x":-5})",   R"({"x":1.0})",
                                                R"({"x":1e2})", R"({"x":0.25})", R"({"x":9007199254740993})"};
    EXPECT_EQ(matching(R"("x"=1)", rows), "0 2");
    EXPECT_EQ(matching(R"("x"=1.0)", rows), "0 2");
    EXPECT_EQ(matching(R"("x"<1)", rows), "1 4");  // negative values, though a literal cannot be negative
    EXPECT_EQ(matching(R"("x"=100)", rows), "3");
    EXPECT_EQ(matching(R"("x">=0.25 AND "x"<=.25)", rows),
              "refused: at column 20: not in the viewer's filter "
              "syntax (\"column\" OPERATOR value, joined by AND or OR)");
    EXPECT_EQ(matching(R"("x">=0.25 AND "x"<=0.25)", rows), "4");
    EXPECT_EQ(matching(R"("x"=9007199254740993)", rows), "5");  // not equal to ...992 as doubles would be
    EXPECT_EQ(matching(R"("x"=9007199254740992)", rows), "");
    EXPECT_EQ(matching(R"("x">99999999999999999999)", rows), "");  // beyond 64 bits: a double
    EXPECT_EQ(matching(R"("x"<>1)", rows), "1 3 4 5");
}

TEST(WhereNumbers, AStringLiteralIsCastForANumberColumn) {
    const std::vector<std::string_view> rows = {R"({"x":5})", R"({"x":-3})", R"({"x":1000.5})"};
    EXPECT_EQ(matching(R"("x"='5')", rows), "0");
    EXPECT_EQ(matching(R"("x"=' 5 ')", rows), "0");
    EXPECT_EQ(matching(R"("x">'-4')", rows), "0 1 2");  // the way to a negative number
    EXPECT_EQ(matching(R"("x"='+5')", rows), "0");
    EXPECT_EQ(matching(R"("x"='1_000.5')", rows), "2");  // Python's float() takes underscores
    EXPECT_EQ(matching(R"("x"='1.0005e3')", rows), "2");
    EXPECT_EQ(matching(R"("x"<'inf')", rows), "0 1 2");
    EXPECT_EQ(verdict(R"("x"='five')", rows[0]),
              "error: column \"x\" is a number, compared with the string 'five', which is not a number");
    EXPECT_EQ(verdict(R"("x"='1__0')", rows[0]),
              "error: column \"x\" is a number, compared with the string '1__0', which is not a number");
}

TEST(WhereTypes, MismatchesThrowNamingTheColumn) {
    EXPECT_EQ(verdict(R"("score"=5)", R"({"score":"5"})"),
              "error: column \"score\" is a string, compared with the number 5");
    EXPECT_THROW(
        {
            auto filter = RowFilter::parse(R"("score" > 0.5)");
            ASSERT_TRUE(filter.ok());
            std::vector<json::Member> row;
            ASSERT_FALSE(json::scan_object(R"({"score":"high"})", row));
            (void)filter.value().matches(row);
        },
        Error);
    EXPECT_EQ(verdict(R"("flag"=1)", R"({"flag":true})"),
              "error: column \"flag\" is a boolean, compared with the number 1");
    EXPECT_EQ(verdict(R"("flag"='yes')", R"({"flag":true})"),
              "error: column \"flag\" is a boolean, compared with the string 'yes', which is not a boolean");
    EXPECT_EQ(verdict(R"("name"=true)", R"({"name":"x"})"),
              "error: column \"name\" is a string, compared with the boolean true");
    EXPECT_EQ(verdict(R"("n" LIKE 'x%')", R"({"n":5})"), "error: column \"n\" is a number, but LIKE needs a string");
    EXPECT_EQ(verdict(R"("n" SIMILAR TO 'x')", R"({"n":[1]})"),
              "error: column \"n\" is an array, but SIMILAR TO needs a string");
    EXPECT_EQ(verdict(R"("n" IS true)", R"({"n":"t"})"),
              "error: column \"n\" is a string, but IS TRUE needs a boolean");
    EXPECT_EQ(verdict(R"("tags"='a')", R"({"tags":["a"]})"),
              "error: column \"tags\" is an array, which cannot be compared");
    // A null value has no type to check; AND stops at a false operand before the mismatch.
    EXPECT_EQ(verdict(R"("score"=5)", R"({"score":null})"), "no");
    EXPECT_EQ(verdict(R"("a"=1 AND "score"=5)", R"({"a":2,"score":"5"})"), "no");
}

TEST(WhereTypes, BooleansCompareWithBooleansAndTheirSpellings) {
    const std::vector<std::string_view> rows = {R"({"f":true})", R"({"f":false})", R"({"f":null})"};
    EXPECT_EQ(matching(R"("f"=true)", rows), "0");
    EXPECT_EQ(matching(R"("f"<>true)", rows), "1");
    EXPECT_EQ(matching(R"("f"='t')", rows), "0");
    EXPECT_EQ(matching(R"("f"=' FALSE ')", rows), "1");
    EXPECT_EQ(matching(R"("f"='0')", rows), "1");
    EXPECT_EQ(matching(R"("f"<true)", rows), "1");  // false sorts before true
}

TEST(WhereTypes, StringsCompareByTheirBytes) {
    const std::vector<std::string_view> rows = {R"({"s":"apple"})", R"({"s":"Banana"})", R"({"s":"été"})",
                                                R"({"s":"zoo"})", R"({"s":"a\u0000b"})"};
    EXPECT_EQ(matching(R"("s"<'b')", rows), "0 1 4");  // upper case sorts first
    EXPECT_EQ(matching(R"("s">'z')", rows), "2 3");    // é (0xC3 0xA9) after z
    EXPECT_EQ(matching(R"("s">='zoo')", rows), "2 3");
    EXPECT_EQ(matching(R"("s"='été')", rows), "2");
    EXPECT_EQ(verdict(R"("s"='line 1
line 2')",
                      R"({"s":"line 1\nline 2"})"),
              "yes");  // an escaped value equals the literal
    EXPECT_EQ(matching(R"("s"='5')", rows), "");
}

TEST(WhereFilter, MovesAndMatchesManyRows) {
    auto parsed_filter = RowFilter::parse(R"("lang"='en' AND "role"='prompter')");
    ASSERT_TRUE(parsed_filter.ok());
    RowFilter filter = std::move(parsed_filter).value();
    RowFilter moved = std::move(filter);
    std::vector<json::Member> row;
    int kept = 0;
    for (int i = 0; i < 1000; ++i) {
        const std::string line = std::string("{\"lang\":\"") + (i % 2 ? "en" : "de") + "\",\"role\":\"" +
                                 (i % 3 ? "assistant" : "prompter") + "\",\"text\":\"t\\n" + std::to_string(i) + "\"}";
        ASSERT_FALSE(json::scan_object(line, row));
        kept += moved.matches(row) ? 1 : 0;
    }
    EXPECT_EQ(kept, 167);  // odd multiples of 3 below 1000
}

}  // namespace
}  // namespace seed::hfstream
