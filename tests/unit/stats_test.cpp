// seed-stats: exact distributions, buckets, field paths, --hist statistics and the two
// renderings (tools/seed-stats/stats.cpp).
#include "stats.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <random>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace seed::stats {
namespace {

// The reference: sort and interpolate, as numpy.percentile(values, 100*q) does by default.
double reference_percentile(std::vector<std::uint64_t> values, double q) {
    std::sort(values.begin(), values.end());
    const double position = static_cast<double>(values.size() - 1) * q;
    const auto below = static_cast<std::size_t>(position);
    const double fraction = position - static_cast<double>(below);
    if (below + 1 >= values.size()) return static_cast<double>(values[below]);
    return static_cast<double>(values[below]) +
           (static_cast<double>(values[below + 1]) - static_cast<double>(values[below])) * fraction;
}

json::StringInfo text_of(std::uint64_t chars, std::uint64_t newlines = 0) {
    json::StringInfo s;
    s.chars = chars;
    s.decoded_bytes = chars;
    s.newlines = newlines;
    return s;
}

TEST(Distribution, MedianLikePythonStatistics) {
    Distribution d;
    for (const std::uint64_t v : {4u, 1u, 3u, 2u}) d.add(v);
    EXPECT_DOUBLE_EQ(d.percentile(50), 2.5);  // statistics.median([1, 2, 3, 4])
    d.add(10);
    EXPECT_DOUBLE_EQ(d.percentile(50), 3.0);
    EXPECT_EQ(d.min(), 1u);
    EXPECT_EQ(d.max(), 10u);
    EXPECT_EQ(d.sum(), 20u);
    EXPECT_DOUBLE_EQ(d.mean(), 4.0);
}

TEST(Distribution, SingleValue) {
    Distribution d;
    d.add(7);
    EXPECT_DOUBLE_EQ(d.percentile(50), 7.0);
    EXPECT_DOUBLE_EQ(d.percentile(90), 7.0);
}

TEST(Distribution, MatchesSortingReferenceAcrossDenseAndSparseRanges) {
    std::mt19937_64 random(42);
    std::vector<std::uint64_t> values;
    Distribution d;
    for (int i = 0; i < 5000; ++i) {
        // Mostly small lengths, some beyond the dense range, a few huge.
        const std::uint64_t v = i % 50 == 0 ? random() % 10'000'000 : random() % 8000;
        values.push_back(v);
        d.add(v);
    }
    for (const std::uint64_t percent : {0u, 10u, 50u, 90u, 99u, 100u}) {
        EXPECT_DOUBLE_EQ(d.percentile(percent), reference_percentile(values, static_cast<double>(percent) / 100.0))
            << percent << "th percentile";
    }
    EXPECT_EQ(d.min(), *std::min_element(values.begin(), values.end()));
    EXPECT_EQ(d.max(), *std::max_element(values.begin(), values.end()));
}

TEST(Buckets, BoundariesAsInThePlan) {
    EXPECT_EQ(bucket_of(0), 0u);
    EXPECT_EQ(bucket_of(199), 0u);
    EXPECT_EQ(bucket_of(200), 1u);
    EXPECT_EQ(bucket_of(499), 1u);
    EXPECT_EQ(bucket_of(500), 2u);
    EXPECT_EQ(bucket_of(999), 2u);
    EXPECT_EQ(bucket_of(1000), 3u);
    EXPECT_EQ(bucket_of(1999), 3u);
    EXPECT_EQ(bucket_of(2000), 4u);  // the plan's ">2000" bucket holds 2000 itself
    EXPECT_EQ(bucket_of(1'000'000), 4u);
}

Report sample_report() {
    Report report;
    report.files = 1;
    for (const std::uint64_t chars : {150u, 250u, 250u, 2000u}) report.all.add(text_of(chars, 1));
    return report;
}

TEST(RenderText, ExactLayout) {
    EXPECT_EQ(render_text(sample_report()),
              "records   4\n"
              "bytes     2,650\n"
              "chars     2,650\n"
              "lines     8\n"
              "\n"
              "                   min         max        mean      median         p90\n"
              "chars              150       2,000       662.5       250.0     1,475.0\n"
              "lines                2           2         2.0         2.0         2.0\n"
              "\n"
              "length         records       %\n"
              "<200                 1   25.0%  ####################\n"
              "200-500              2   50.0%  ########################################\n"
              "500-1000             0    0.0%\n"
              "1000-2000            0    0.0%\n"
              ">2000                1   25.0%  ####################\n");
}

TEST(RenderText, EmptyCorpus) {
    Report report;
    const std::string text = render_text(report);
    EXPECT_NE(text.find("records   0\n"), std::string::npos);
    EXPECT_NE(text.find("chars                -           -           -           -           -\n"), std::string::npos);
    EXPECT_NE(text.find("<200                 0    0.0%\n"), std::string::npos);
}

TEST(RenderJson, ExactDocument) {
    EXPECT_EQ(render_json(sample_report()),
              "{\"files\":1,\"records\":4,\"bytes\":2650,"
              "\"chars\":{\"total\":2650,\"min\":150,\"max\":2000,\"mean\":662.5,\"median\":250,\"p90\":1475},"
              "\"lines\":{\"total\":8,\"min\":2,\"max\":2,\"mean\":2,\"median\":2,\"p90\":2},"
              "\"buckets\":[{\"range\":\"<200\",\"min\":0,\"max\":199,\"count\":1,\"percent\":25},"
              "{\"range\":\"200-500\",\"min\":200,\"max\":499,\"count\":2,\"percent\":50},"
              "{\"range\":\"500-1000\",\"min\":500,\"max\":999,\"count\":0,\"percent\":0},"
              "{\"range\":\"1000-2000\",\"min\":1000,\"max\":1999,\"count\":0,\"percent\":0},"
              "{\"range\":\">2000\",\"min\":2000,\"max\":null,\"count\":1,\"percent\":25}]}\n");
}

TEST(RenderJson, EmptyCorpusHasNullStatistics) {
    const std::string doc = render_json(Report{});
    EXPECT_NE(doc.find("\"chars\":{\"total\":0,\"min\":null,\"max\":null,\"mean\":null,\"median\":null,\"p90\":null}"),
              std::string::npos);
}

TEST(RenderJson, Groups) {
    Report report = sample_report();
    report.by = "source";
    Summary a;
    a.add(text_of(10));
    report.groups.push_back(Group{std::string("a\"b"), a});
    report.groups.push_back(Group{std::nullopt, a});
    const std::string doc = render_json(report);
    EXPECT_NE(doc.find(",\"by\":\"source\",\"groups\":[{\"key\":\"a\\\"b\",\"records\":1,"), std::string::npos);
    EXPECT_NE(doc.find("{\"key\":null,\"records\":1,"), std::string::npos);
}

TEST(RenderText, GroupTableThenBlocks) {
    Report report = sample_report();
    report.by = "source";
    Summary a;
    a.add(text_of(10));
    report.groups.push_back(Group{std::string("oasst1"), a});
    report.groups.push_back(Group{std::nullopt, a});
    const std::string text = render_text(report);
    EXPECT_EQ(text.substr(0, text.find("\n\n")),
              "by source       records       %        mean      median         p90\n"
              "oasst1                1   25.0%        10.0        10.0        10.0\n"
              "(missing)             1   25.0%        10.0        10.0        10.0\n"
              "(all)                 4  100.0%       662.5       250.0     1,475.0");
    EXPECT_NE(text.find("\n== source: oasst1 ==\nrecords   1\n"), std::string::npos);
    EXPECT_NE(text.find("\n== source: (missing) ==\n"), std::string::npos);
    EXPECT_NE(text.find("\n== all ==\nrecords   4\n"), std::string::npos);
}

TEST(StatsOptions, Parse) {
    const char* argv[] = {"seed-stats", "--by", "source", "--json", "a.jsonl"};
    auto args = cli::parse(command(), 5, argv);
    ASSERT_TRUE(args.ok());
    auto options = make_options(args.value());
    ASSERT_TRUE(options.ok());
    EXPECT_EQ(options.value().by, "source");
    EXPECT_TRUE(options.value().json);
    EXPECT_EQ(options.value().io.inputs, std::vector<std::string>{"a.jsonl"});

    const char* empty_by[] = {"seed-stats", "--by="};
    auto bad = make_options(cli::parse(command(), 2, empty_by).value());
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error(), "--by: empty field name");
}

// The message make_options gives for the command line `words` (after the program name), or "ok".
std::string options_error(std::initializer_list<const char*> words) {
    std::vector<const char*> argv{"seed-stats"};
    argv.insert(argv.end(), words.begin(), words.end());
    auto args = cli::parse(command(), static_cast<int>(argv.size()), argv.data());
    if (!args.ok()) return "cli: " + args.error();
    auto options = make_options(args.value());
    return options.ok() ? "ok" : options.error();
}

TEST(StatsOptions, DottedByAndRepeatedHist) {
    const char* argv[] = {"seed-stats",    "--by",       "quality.lang", "--hist",
                          "quality.words", "--hist=a.b", "--hist",       "quality.words"};
    auto options = make_options(cli::parse(command(), 8, argv).value());
    ASSERT_TRUE(options.ok()) << options.error();
    EXPECT_EQ(options.value().by, "quality.lang");
    ASSERT_TRUE(options.value().by_field.has_value());
    EXPECT_EQ(options.value().by_field->text(), "quality.lang");
    ASSERT_EQ(options.value().hist.size(), 2u);  // a field given twice is reported once
    EXPECT_EQ(options.value().hist[0].text(), "quality.words");
    EXPECT_EQ(options.value().hist[1].text(), "a.b");

    const char* by_file[] = {"seed-stats", "--by", "x.y", "--by", "file"};
    auto file = make_options(cli::parse(command(), 5, by_file).value());
    ASSERT_TRUE(file.ok());
    EXPECT_EQ(file.value().by, "file");
    EXPECT_FALSE(file.value().by_field.has_value());
}

TEST(StatsOptions, EmptyNamesAndComponentsAreUsageErrors) {
    EXPECT_EQ(options_error({"--hist="}), "--hist: empty field name");
    EXPECT_EQ(options_error({"--hist", "a..b"}), "--hist: empty component in field path 'a..b'");
    EXPECT_EQ(options_error({"--hist", ".a"}), "--hist: empty component in field path '.a'");
    EXPECT_EQ(options_error({"--by", "a."}), "--by: empty component in field path 'a.'");
    EXPECT_EQ(options_error({"--by", "."}), "--by: empty component in field path '.'");
    EXPECT_EQ(options_error({"--by", "a.b.c", "--hist", "x"}), "ok");
}

// ---- Field paths

// The compact JSON of what `path` finds in `line`, or "(missing)".
std::string found(std::string_view path, std::string_view line) {
    static const InputFile input{"t.jsonl", "t.jsonl", "t"};
    const Record record = testing::make_record(line, input);
    auto parsed = FieldPath::parse(path);
    if (!parsed.ok()) return "refused: " + parsed.error();
    std::vector<json::Member> scratch;
    const std::optional<json::Member> value = parsed.value().find(record, scratch);
    if (!value) return "(missing)";
    std::string out;
    json::write_value(out, *value);
    return out;
}

TEST(FieldPath, TopLevelAndNested) {
    EXPECT_EQ(found("source", R"({"text":"t","source":"x"})"), "\"x\"");
    EXPECT_EQ(found("quality.lang", R"({"quality":{"lang":"en","words":3}})"), "\"en\"");
    EXPECT_EQ(found("quality.words", R"({"quality":{"lang":"en","words":3}})"), "3");
    EXPECT_EQ(found("a.b.c", R"({"a":{"b":{"c":[1, 2]}}})"), "[1,2]");
    EXPECT_EQ(found("a.b", R"({"a" : { "x" : 1 , "b" : { "y" : null } } })"), "{\"y\":null}");
    EXPECT_EQ(found("quality", R"({"quality":{"lang":"en"}})"), "{\"lang\":\"en\"}");
}

TEST(FieldPath, MissingAnywhereAlongThePath) {
    EXPECT_EQ(found("source", R"({"text":"t"})"), "(missing)");
    EXPECT_EQ(found("quality.lang", R"({"text":"t"})"), "(missing)");
    EXPECT_EQ(found("quality.lang", R"({"quality":{}})"), "(missing)");
    EXPECT_EQ(found("quality.lang", R"({"quality":{"words":3}})"), "(missing)");
    EXPECT_EQ(found("a.b.c", R"({"a":{"b":{}}})"), "(missing)");
    // A step through something that is not an object.
    EXPECT_EQ(found("quality.lang", R"({"quality":7})"), "(missing)");
    EXPECT_EQ(found("quality.lang", R"({"quality":"lang"})"), "(missing)");
    EXPECT_EQ(found("quality.lang", R"({"quality":null})"), "(missing)");
    EXPECT_EQ(found("quality.0", R"({"quality":["en"]})"), "(missing)");
    // Keys are not split: no partial dotted key below the top.
    EXPECT_EQ(found("a.b.c", R"({"a":{"b.c":1}})"), "(missing)");
}

TEST(FieldPath, TopLevelKeyWithTheDotWins) {
    EXPECT_EQ(found("quality.lang", R"({"quality.lang":"dotted","quality":{"lang":"en"}})"), "\"dotted\"");
    EXPECT_EQ(found("quality.lang", R"({"quality":{"lang":"en"},"quality.lang":"dotted"})"), "\"dotted\"");
    EXPECT_EQ(found("quality.lang", R"({"quality.lang":null,"quality":{"lang":"en"}})"), "null");
}

TEST(FieldPath, RepeatedKeysLastWinsAndEscapedKeysMatch) {
    EXPECT_EQ(found("q.x", R"({"q":{"x":1,"x":2}})"), "2");
    EXPECT_EQ(found("q.x", R"({"q":{"x":1},"q":{"y":2}})"), "(missing)");
    EXPECT_EQ(found("q.lang", R"({"q":{"l\u0061ng":"en"}})"), "\"en\"");
    EXPECT_EQ(found(R"(caf\u00e9.x)", R"({"caf\u00e9":{"x":1}})"), "(missing)");  // names are not unescaped
    EXPECT_EQ(found("caf\xc3\xa9.x", R"({"caf\u00e9":{"x":1}})"), "1");
}

TEST(FieldPath, ParseRefusesEmptyNamesAndComponents) {
    EXPECT_EQ(found("", "{}"), "refused: empty field name");
    EXPECT_EQ(found("a..b", "{}"), "refused: empty component in field path 'a..b'");
    EXPECT_EQ(found(".", "{}"), "refused: empty component in field path '.'");
    EXPECT_EQ(found("a.", "{}"), "refused: empty component in field path 'a.'");
}

// ---- Numbers of a field

std::optional<double> number_in(std::string_view value_json) {
    json::Member member;
    EXPECT_FALSE(json::scan_value(value_json, member).has_value()) << value_json;
    return number_of(member);
}

TEST(NumberOf, OnlyJsonNumbersWithinTheDoubleRange) {
    EXPECT_EQ(number_in("12"), 12.0);
    EXPECT_EQ(number_in("4.52"), 4.52);
    EXPECT_EQ(number_in("1e-05"), 1e-05);
    EXPECT_EQ(number_in("-2.5E+3"), -2500.0);
    EXPECT_EQ(number_in("123456789012345678901234567890"), 1.2345678901234568e29);
    EXPECT_EQ(number_in("1e-400"), 0.0);  // too small to tell from 0
    EXPECT_EQ(number_in("1e400"), std::nullopt);
    EXPECT_EQ(number_in("-1e400"), std::nullopt);
    const std::optional<double> minus_zero = number_in("-0.0");
    ASSERT_TRUE(minus_zero.has_value());
    EXPECT_EQ(*minus_zero, 0.0);
    EXPECT_FALSE(std::signbit(*minus_zero));
    EXPECT_EQ(number_in("\"4.5\""), std::nullopt);
    EXPECT_EQ(number_in("null"), std::nullopt);
    EXPECT_EQ(number_in("true"), std::nullopt);
    EXPECT_EQ(number_in("[1]"), std::nullopt);
    EXPECT_EQ(number_in("{\"a\":1}"), std::nullopt);
}

TEST(FieldValues, CountsMissingAndNotANumberApart) {
    FieldValues values;
    json::Member number;
    json::Member text;
    ASSERT_FALSE(json::scan_value("3", number).has_value());
    ASSERT_FALSE(json::scan_value("\"3\"", text).has_value());
    values.add(&number);
    values.add(&number);
    values.add(nullptr);
    values.add(&text);
    EXPECT_EQ(values.count(), 2u);
    EXPECT_EQ(values.missing(), 1u);
    EXPECT_EQ(values.not_a_number(), 1u);
}

// ---- describe(): percentiles, mean and bins of doubles

FieldStats stats_of(const std::vector<double>& numbers) {
    FieldValues values;
    for (const double v : numbers) values.add_number(v);
    values.seal();
    return describe({&values});
}

// numpy.percentile(values, percent), its default method, spelled out.
double numpy_percentile(std::vector<double> values, double percent) {
    std::sort(values.begin(), values.end());
    const double position = static_cast<double>(values.size() - 1) * percent / 100.0;
    const auto below = static_cast<std::size_t>(position);
    const double t = position - static_cast<double>(below);
    if (below + 1 >= values.size()) return values[below];
    const double a = values[below];
    const double b = values[below + 1];
    return t >= 0.5 ? b - (b - a) * (1 - t) : a + (b - a) * t;
}

TEST(Describe, PercentilesOfDoublesMatchNumpyAcrossBlocksAndParts) {
    std::mt19937_64 random(11);
    std::normal_distribution<double> normal(4.5, 1.7);
    std::vector<double> numbers;
    for (int i = 0; i < 30'001; ++i) numbers.push_back(i % 97 == 0 ? -normal(random) * 1e3 : normal(random));
    const FieldStats whole = stats_of(numbers);

    // The same numbers split into three parts (as the groups of --by) give the same statistics.
    std::vector<FieldValues> parts(3);
    for (std::size_t i = 0; i < numbers.size(); ++i) parts[i % 7 == 0 ? 0 : i % 2 + 1].add_number(numbers[i]);
    for (FieldValues& p : parts) p.seal();
    const FieldStats merged = describe({&parts[0], &parts[1], &parts[2]});

    ASSERT_EQ(whole.count, numbers.size());
    EXPECT_EQ(whole.min, *std::min_element(numbers.begin(), numbers.end()));
    EXPECT_EQ(whole.max, *std::max_element(numbers.begin(), numbers.end()));
    double exact_sum = 0;
    for (const double v : numbers) exact_sum += v;
    EXPECT_NEAR(whole.mean, exact_sum / static_cast<double>(numbers.size()), 1e-9);
    for (std::size_t i = 0; i < hist_percents.size(); ++i) {
        const auto percent = static_cast<double>(hist_percents[i]);
        EXPECT_NEAR(whole.percentiles[i], numpy_percentile(numbers, percent), 1e-12) << "p" << hist_percents[i];
        EXPECT_EQ(merged.percentiles[i], whole.percentiles[i]) << "p" << hist_percents[i];
    }
    EXPECT_EQ(merged.mean, whole.mean);
    EXPECT_EQ(merged.min, whole.min);
    EXPECT_EQ(merged.max, whole.max);
    ASSERT_EQ(merged.bins.size(), whole.bins.size());
    for (std::size_t i = 0; i < whole.bins.size(); ++i) EXPECT_EQ(merged.bins[i].count, whole.bins[i].count);
}

TEST(Describe, ExactRanksAndInterpolation) {
    const FieldStats s = stats_of({0.25, 0.5, 0.75, 1.0, 0.0});  // sorted: 0 .25 .5 .75 1
    EXPECT_EQ(s.min, 0.0);
    EXPECT_EQ(s.max, 1.0);
    EXPECT_EQ(s.mean, 0.5);
    EXPECT_EQ(s.percentiles[0], 0.01);  // p1: 4 * 0.01 = 0.04 of the way from 0 to 0.25
    EXPECT_EQ(s.percentiles[3], 0.25);  // p25: rank 1 exactly
    EXPECT_EQ(s.percentiles[4], 0.5);   // p50: rank 2
    EXPECT_EQ(s.percentiles[5], 0.75);  // p75: rank 3
    EXPECT_EQ(s.percentiles[8], 0.99);  // p99
    const FieldStats two = stats_of({1, 2});
    EXPECT_EQ(two.percentiles[4], 1.5);
}

TEST(Describe, MeanIsACompensatedSum) {
    // A plain running sum loses the 1 entirely (1e16 + 1 == 1e16 in doubles).
    const FieldStats s = stats_of({1e16, 1, -1e16});
    EXPECT_DOUBLE_EQ(s.mean, 1.0 / 3.0);
    // A total beyond the double range still has a mean.
    const FieldStats huge = stats_of({1.5e308, 1.5e308});
    EXPECT_DOUBLE_EQ(huge.mean, 1.5e308);
}

TEST(Describe, NoNumbers) {
    FieldValues values;
    values.add(nullptr);
    values.seal();
    const FieldStats s = describe({&values});
    EXPECT_EQ(s.count, 0u);
    EXPECT_EQ(s.missing, 1u);
    EXPECT_TRUE(s.bins.empty());
}

TEST(Bins, OneValueIsOneBin) {
    const FieldStats s = stats_of({4.52});
    ASSERT_EQ(s.bins.size(), 1u);
    EXPECT_EQ(s.bins[0].low, 4.52);
    EXPECT_EQ(s.bins[0].high, 4.52);
    EXPECT_EQ(s.bins[0].count, 1u);
    for (const double p : s.percentiles) EXPECT_EQ(p, 4.52);
}

TEST(Bins, AllEqualValuesAreOneBin) {
    const FieldStats s = stats_of({-3, -3, -3, -3});
    ASSERT_EQ(s.bins.size(), 1u);
    EXPECT_EQ(s.bins[0].low, -3.0);
    EXPECT_EQ(s.bins[0].high, -3.0);
    EXPECT_EQ(s.bins[0].count, 4u);
}

TEST(Bins, NegativeValuesTenEqualBinsEdgesGoUp) {
    // -10 .. 1 in steps of 1: edges every 1.1, each value in [low, high), the max in the last.
    std::vector<double> numbers;
    for (int v = -10; v <= 1; ++v) numbers.push_back(v);
    const FieldStats s = stats_of(numbers);
    ASSERT_EQ(s.bins.size(), hist_bin_count);
    EXPECT_EQ(s.bins.front().low, -10.0);
    EXPECT_EQ(s.bins.back().high, 1.0);
    EXPECT_EQ(s.bins[1].low, -8.9);  // (-10 * 9 + 1 * 1) / 10, one rounding
    std::vector<std::uint64_t> counts;
    for (std::size_t i = 0; i < s.bins.size(); ++i) {
        counts.push_back(s.bins[i].count);
        if (i > 0) {
            EXPECT_EQ(s.bins[i].low, s.bins[i - 1].high);
        }
    }
    EXPECT_EQ(counts, (std::vector<std::uint64_t>{2, 1, 1, 1, 1, 1, 1, 1, 1, 2}));
}

TEST(Bins, ValueOnAnEdgeGoesUpAndMaxIsInTheLastBin) {
    const FieldStats s = stats_of({0, 1, 2, 10});  // edges 0, 1, 2, ..., 10
    ASSERT_EQ(s.bins.size(), hist_bin_count);
    EXPECT_EQ(s.bins[1].low, 1.0);
    std::vector<std::uint64_t> counts;
    for (const Bin& b : s.bins) counts.push_back(b.count);
    EXPECT_EQ(counts, (std::vector<std::uint64_t>{1, 1, 1, 0, 0, 0, 0, 0, 0, 1}));
}

TEST(Bins, EveryValueCountedOnceWhateverTheSpread) {
    std::mt19937_64 random(5);
    std::vector<double> numbers;
    for (int i = 0; i < 10'000; ++i)
        numbers.push_back(
            std::ldexp(static_cast<double>(random() % 1000) - 500.0, static_cast<int>(random() % 40) - 20));
    const FieldStats s = stats_of(numbers);
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < s.bins.size(); ++i) {
        total += s.bins[i].count;
        EXPECT_LE(s.bins[i].low, s.bins[i].high);
    }
    EXPECT_EQ(total, numbers.size());
    for (const double v : numbers) {
        // The bin that holds v by its printed edges.
        std::size_t i = 0;
        while (i + 1 < s.bins.size() && v >= s.bins[i + 1].low) ++i;
        EXPECT_GE(v, s.bins[i].low);
        if (i + 1 < s.bins.size()) {
            EXPECT_LT(v, s.bins[i].high);
        }
    }
}

TEST(ValueText, AtMostFourDecimalsOrFourSignificantDigits) {
    EXPECT_EQ(value_text(0), "0");
    EXPECT_EQ(value_text(12), "12");
    EXPECT_EQ(value_text(-7), "-7");
    EXPECT_EQ(value_text(4.52), "4.52");
    EXPECT_EQ(value_text(1234.56789), "1234.5679");
    EXPECT_EQ(value_text(1234567), "1234567");
    EXPECT_EQ(value_text(2.00001), "2");
    EXPECT_EQ(value_text(0.61234), "0.6123");
    EXPECT_EQ(value_text(-0.25), "-0.25");
    EXPECT_EQ(value_text(0.00012346), "0.0001235");
    EXPECT_EQ(value_text(1e-05), "1e-05");
    EXPECT_EQ(value_text(2e15), "2e+15");
}

// ---- Renderings with --hist

Report hist_report() {
    Report report = sample_report();
    report.hist_fields = {"quality.words", "quality.none"};
    report.all.hist.push_back(stats_of({12, 30, 212, -7}));
    report.all.hist.back().missing = 1;
    report.all.hist.back().not_a_number = 1;
    FieldStats none;
    none.missing = 4;
    report.all.hist.push_back(none);
    return report;
}

TEST(RenderText, HistBlocksAfterTheBuckets) {
    const std::string text = render_text(hist_report());
    const std::size_t start = text.find("\nhist ");
    ASSERT_NE(start, std::string::npos);
    EXPECT_EQ(text.substr(0, start), render_text(sample_report()));
    EXPECT_EQ(text.substr(start),
              "\n"
              "hist quality.words: 4 numbers, missing 1, not a number 1\n"
              "         min          p1          p5         p10         p25         p50\n"
              "          -7       -6.43       -4.15        -1.3        7.25          21\n"
              "         p75         p90         p95         p99         max        mean\n"
              "        75.5       157.4       184.7      206.54         212       61.75\n"
              "\n"
              "range                records       %\n"
              "[-7, 14.9)                 2   50.0%  ########################################\n"
              "[14.9, 36.8)               1   25.0%  ####################\n"
              "[36.8, 58.7)               0    0.0%\n"
              "[58.7, 80.6)               0    0.0%\n"
              "[80.6, 102.5)              0    0.0%\n"
              "[102.5, 124.4)             0    0.0%\n"
              "[124.4, 146.3)             0    0.0%\n"
              "[146.3, 168.2)             0    0.0%\n"
              "[168.2, 190.1)             0    0.0%\n"
              "[190.1, 212]               1   25.0%  ####################\n"
              "\n"
              "hist quality.none: 0 numbers, missing 4, not a number 0\n");
}

TEST(RenderJson, HistObjectPerField) {
    Report report = sample_report();
    report.hist_fields = {"q.x", "q.none"};
    report.all.hist.push_back(stats_of({2, 2, 4}));
    report.all.hist.back().missing = 1;
    FieldStats none;
    none.not_a_number = 4;
    report.all.hist.push_back(none);
    const std::string doc = render_json(report);
    const std::string plain = render_json(sample_report());
    EXPECT_EQ(doc.substr(0, plain.size() - 2), plain.substr(0, plain.size() - 2));  // all up to the closing "}\n"
    EXPECT_EQ(doc.substr(plain.size() - 2),
              ",\"hist\":{\"q.x\":{\"count\":3,\"missing\":1,\"not_a_number\":0,\"min\":2,\"max\":4,"
              "\"mean\":2.6666666666666665,\"p1\":2,\"p5\":2,\"p10\":2,\"p25\":2,\"p50\":2,\"p75\":3,"
              "\"p90\":3.6,\"p95\":3.8,\"p99\":3.96,\"bins\":[{\"low\":2,\"high\":2.2,\"count\":2},"
              "{\"low\":2.2,\"high\":2.4,\"count\":0},{\"low\":2.4,\"high\":2.6,\"count\":0},"
              "{\"low\":2.6,\"high\":2.8,\"count\":0},{\"low\":2.8,\"high\":3,\"count\":0},"
              "{\"low\":3,\"high\":3.2,\"count\":0},{\"low\":3.2,\"high\":3.4,\"count\":0},"
              "{\"low\":3.4,\"high\":3.6,\"count\":0},{\"low\":3.6,\"high\":3.8,\"count\":0},"
              "{\"low\":3.8,\"high\":4,\"count\":1}]},"
              "\"q.none\":{\"count\":0,\"missing\":0,\"not_a_number\":4,\"min\":null,\"max\":null,"
              "\"mean\":null,\"p1\":null,\"p5\":null,\"p10\":null,\"p25\":null,\"p50\":null,\"p75\":null,"
              "\"p90\":null,\"p95\":null,\"p99\":null,\"bins\":[]}}}\n");
}

TEST(RenderJson, GroupsCarryTheirOwnHist) {
    Report report = sample_report();
    report.by = "source";
    report.hist_fields = {"q"};
    report.all.hist.push_back(stats_of({1}));
    Summary a;
    a.add(text_of(10));
    a.hist.push_back(stats_of({1}));
    report.groups.push_back(Group{std::string("a"), a});
    const std::string doc = render_json(report);
    const std::string one = "\"hist\":{\"q\":{\"count\":1,\"missing\":0,\"not_a_number\":0,\"min\":1,\"max\":1,";
    const std::size_t first = doc.find(one);
    ASSERT_NE(first, std::string::npos);
    EXPECT_NE(doc.find(one, first + 1), std::string::npos);
    EXPECT_NE(doc.find("\"bins\":[{\"low\":1,\"high\":1,\"count\":1}]"), std::string::npos);
}

}  // namespace
}  // namespace seed::stats
