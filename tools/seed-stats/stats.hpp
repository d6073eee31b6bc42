// seed-stats: length statistics of a corpus (the plan's Phase 4): counts, totals, exact
// min/max/mean/median/p90 of characters and lines, the plan's length buckets, per group with
// --by, as text or JSON; and with --hist, the exact distribution of numeric fields (such as
// the quality values seed-filter --annotate adds) with a histogram.
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
#include "records.hpp"
#include "tool.hpp"

namespace seed::stats {

// A field named on the command line: a top-level key, or a dotted path into nested objects
// ("quality.lang": member "lang" of the object in member "quality").
class FieldPath {
public:
    // Refuses "" ("empty field name") and empty components such as "a..b", ".a" or "a."
    // ("empty component in field path 'a..b'"); the caller adds the option's name.
    static Result<FieldPath> parse(std::string_view text);

    const std::string& text() const { return text_; }

    // The value at this path in `record`, or nullopt when it is missing anywhere along the path
    // (including a step through a value that is not an object). A top-level member whose key is
    // the whole text, dots included, wins over the path. When a key repeats in an object, the
    // last one counts, as in Python's json. `scratch` holds the members of the nested objects
    // looked into (reuse it across records); the result points into the record's line.
    std::optional<json::Member> find(const Record& record, std::vector<json::Member>& scratch) const;

private:
    std::string text_;
    std::vector<std::string> components_;  // text_ split at its dots
};

struct StatsOptions {
    tool::IoOptions io;
    std::string by;                     // empty: one corpus; "file": per input file; else a field path
    std::optional<FieldPath> by_field;  // the path when grouping by a field
    std::vector<FieldPath> hist;        // --hist fields in the order first given, each once
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

// ---- --hist: numeric fields

// The percentiles reported for a --hist field, and its number of histogram bins.
inline constexpr std::array<std::uint64_t, 9> hist_percents{1, 5, 10, 25, 50, 75, 90, 95, 99};
inline constexpr std::size_t hist_bin_count = 10;

// The number a field holds, as a double: nullopt for any other JSON type, and for a number too
// large for a double (beyond about 1.8e308); one too small to tell from zero is 0. -0 is 0.
std::optional<double> number_of(const json::Member& value);

// One histogram bin: the values in [low, high), and in the last bin [low, high].
struct Bin {
    double low = 0;
    double high = 0;
    std::uint64_t count = 0;
};

// The finished distribution of one --hist field over a set of records.
struct FieldStats {
    std::uint64_t count = 0;         // records where the field is a number
    std::uint64_t missing = 0;       // records without the field
    std::uint64_t not_a_number = 0;  // records where it is a string, null, boolean, array or object
    // The rest is meaningful when count > 0.
    double min = 0;
    double max = 0;
    double mean = 0;
    std::array<double, hist_percents.size()> percentiles{};  // in the order of hist_percents
    // hist_bin_count bins of equal width from min to max; one bin [min, max] when all values
    // are equal; none when count is 0.
    std::vector<Bin> bins;
};

// The numbers one --hist field holds in a set of records, kept for exact percentiles: 8 bytes per
// number, in blocks of 8,192 numbers (64 KiB) that are sorted as they fill up, so memory is the
// numbers themselves plus at most one partly filled block.
class FieldValues {
public:
    // Counts the field's value in one record: nullptr when the record has no such field.
    void add(const json::Member* value);
    void add_number(double value);
    // Sorts the last, partly filled block; call once all values are in, before describe().
    void seal();

    std::uint64_t count() const { return count_; }
    std::uint64_t missing() const { return missing_; }
    std::uint64_t not_a_number() const { return not_a_number_; }
    const std::vector<std::vector<double>>& blocks() const { return blocks_; }

private:
    static constexpr std::size_t block_size = 8192;
    std::vector<std::vector<double>> blocks_;  // each sorted once full (or sealed)
    std::uint64_t count_ = 0;
    std::uint64_t missing_ = 0;
    std::uint64_t not_a_number_ = 0;
};

// The statistics of the numbers of all `parts` together (one set of records, or all groups of a
// corpus), read once in ascending order by merging their sorted blocks, so the groups' numbers
// also give the whole corpus's without a second copy. Percentiles interpolate linearly between
// the closest ranks (numpy's default), the mean is a compensated (Neumaier) sum divided by the
// count. Each part must be sealed.
FieldStats describe(const std::vector<const FieldValues*>& parts);

// A --hist value in the text report: whole numbers without decimals, others with at most four
// (1234.5678, 4.52); below 1, four significant digits (0.6123, 0.0001235, 1.235e-05); no
// thousands separators, so a value can be pasted as a threshold.
std::string value_text(double value);

// ---- Reports

struct Summary {
    std::uint64_t bytes = 0;  // UTF-8 bytes of the texts
    Distribution chars;
    Distribution lines;
    std::array<std::uint64_t, bucket_count> in_bucket{};
    std::vector<FieldStats> hist;  // one per Report::hist_fields, filled at the end

    std::uint64_t records() const { return chars.count(); }
    void add(const json::StringInfo& text);
};

struct Group {
    std::optional<std::string> key;  // none: records without the field
    Summary summary;
};

struct Report {
    std::string by;                        // empty when not grouped
    std::vector<std::string> hist_fields;  // the --hist fields, in option order
    std::size_t files = 0;
    Summary all;
    std::vector<Group> groups;  // sorted by key; records without the field last
};

std::string render_text(const Report& report);
std::string render_json(const Report& report);

int run(const StatsOptions& options);

}  // namespace seed::stats
