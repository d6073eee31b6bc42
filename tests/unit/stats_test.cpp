// seed-stats: exact distributions, buckets and the two renderings (tools/seed-stats/stats.cpp).
#include "stats.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <vector>

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

}  // namespace
}  // namespace seed::stats
