// seed-stats: length statistics of a corpus (the plan's Phase 4): counts, totals, exact
// min/max/mean/median/p90 of characters and lines, the plan's length buckets, per group with
// --by, as text or JSON.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli.hpp"
#include "json.hpp"
#include "tool.hpp"

namespace seed::stats {

struct StatsOptions {
    tool::IoOptions io;
    std::string by;  // empty: one corpus; "file": per input file; else a field name
    bool json = false;
};

const cli::Command& command();
Result<StatsOptions> make_options(const cli::Args& args);

// An exact distribution of non-negative integers in memory proportional to the number of
// distinct values (at most sqrt(2 * sum) of them), not to the number of values: a counter per
// value below 4096 (at most 32 KiB, grown to the largest such value seen) and a tree node
// (about 48 bytes) per distinct larger value.
class Distribution {
public:
    void add(std::uint64_t value);

    std::uint64_t count() const { return count_; }
    std::uint64_t sum() const { return sum_; }
    std::uint64_t min() const { return min_; }
    std::uint64_t max() const { return max_; }
    double mean() const;
    // The `percent`-th percentile by linear interpolation between the closest ranks (numpy's
    // default); 50 gives the median as Python's statistics.median computes it. The rank is
    // computed in integers, so 1475 comes out as 1475, not 1475.0000000000002.
    // Requires count() > 0 and percent <= 100.
    double percentile(std::uint64_t percent) const;

private:
    std::uint64_t nth(std::uint64_t rank) const;  // 0-based rank in sorted order

    static constexpr std::uint64_t dense_limit = 4096;
    std::vector<std::uint64_t> dense_;               // counts of values below dense_limit
    std::map<std::uint64_t, std::uint64_t> sparse_;  // counts of larger values
    std::uint64_t count_ = 0;
    std::uint64_t sum_ = 0;
    std::uint64_t min_ = 0;
    std::uint64_t max_ = 0;
};

// The plan's buckets: [0,200), [200,500), [500,1000), [1000,2000), [2000,inf).
struct Bucket {
    std::string_view label;
    std::uint64_t low;
    std::optional<std::uint64_t> high;  // inclusive; none for the last
};
inline constexpr std::size_t bucket_count = 5;
const std::array<Bucket, bucket_count>& buckets();
std::size_t bucket_of(std::uint64_t chars);

struct Summary {
    std::uint64_t bytes = 0;  // UTF-8 bytes of the texts
    Distribution chars;
    Distribution lines;
    std::array<std::uint64_t, bucket_count> in_bucket{};

    std::uint64_t records() const { return chars.count(); }
    void add(const json::StringInfo& text);
};

struct Group {
    std::optional<std::string> key;  // none: records without the field
    Summary summary;
};

struct Report {
    std::string by;  // empty when not grouped
    std::size_t files = 0;
    Summary all;
    std::vector<Group> groups;  // sorted by key; records without the field last
};

std::string render_text(const Report& report);
std::string render_json(const Report& report);

int run(const StatsOptions& options);

}  // namespace seed::stats
