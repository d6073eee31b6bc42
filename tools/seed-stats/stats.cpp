// seed-stats: collection and rendering.
#include "stats.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

#include "diagnostics.hpp"
#include "output.hpp"
#include "records.hpp"
#include "text.hpp"

namespace seed::stats {

const cli::Command& command() {
    static const cli::Command cmd{
        "seed-stats",
        "[OPTIONS] [FILE...]",
        "Report record counts, length and field distributions of JSONL corpora.",
        tool::with_shared_options({
            {0, "by", "FIELD", "report per value of FIELD ('file': per input file)"},
            {0, "hist", "FIELD", "report the distribution of numeric FIELD (repeatable)"},
            {0, "json", "", "write the report as one JSON object"},
        }),
        "Several files are one corpus unless --by file. Lengths are in characters (code\n"
        "points) of the 'text' field. FIELD may be a dotted path into nested objects\n"
        "(quality.lang); a top-level key equal to FIELD wins. See seed-stats(1).\n",
    };
    return cmd;
}

Result<StatsOptions> make_options(const cli::Args& args) {
    StatsOptions options;
    options.io.inputs = args.operands;
    for (const cli::Arg& arg : args.options) {
        auto shared = tool::apply_shared_option(arg, options.io);
        if (!shared) return Fail{shared.error()};
        if (shared.value()) continue;
        if (arg.is("by")) {
            options.by_field.reset();
            options.by = arg.value;
            if (arg.value == "file") continue;
            auto path = FieldPath::parse(arg.value);
            if (!path) return Fail{"--by: " + path.error()};
            options.by_field = std::move(path).value();
        } else if (arg.is("hist")) {
            auto path = FieldPath::parse(arg.value);
            if (!path) return Fail{"--hist: " + path.error()};
            // A field given twice is reported once: the JSON report keys fields by name.
            const bool seen = std::any_of(options.hist.begin(), options.hist.end(),
                                          [&](const FieldPath& p) { return p.text() == arg.value; });
            if (!seen) options.hist.push_back(std::move(path).value());
        } else if (arg.is("json")) {
            options.json = true;
        }
    }
    return options;
}

// ---- Field paths

Result<FieldPath> FieldPath::parse(std::string_view text) {
    if (text.empty()) return Fail{"empty field name"};
    FieldPath path;
    path.text_ = text;
    std::size_t start = 0;
    while (true) {
        const std::size_t dot = text.find('.', start);
        const std::string_view component = text.substr(start, dot == std::string_view::npos ? dot : dot - start);
        if (component.empty()) return Fail{"empty component in field path '" + std::string(text) + "'"};
        path.components_.emplace_back(component);
        if (dot == std::string_view::npos) return path;
        start = dot + 1;
    }
}

std::optional<json::Member> FieldPath::find(const Record& record, std::vector<json::Member>& scratch) const {
    if (const json::Member* whole = record.find(text_)) return *whole;
    if (components_.size() == 1) return std::nullopt;
    const json::Member* top = record.find(components_.front());
    if (!top) return std::nullopt;
    json::Member current = *top;  // a copy: its views point into the line, not into `scratch`
    for (auto name = components_.begin() + 1; name != components_.end(); ++name) {
        // The line was validated as a whole, so scanning a nested object again cannot fail.
        if (current.type != json::Type::object || json::scan_object(current.value, scratch)) return std::nullopt;
        const auto found = std::find_if(scratch.rbegin(), scratch.rend(),
                                        [&](const json::Member& m) { return json::key_equals(m, *name); });
        if (found == scratch.rend()) return std::nullopt;
        current = *found;
    }
    return current;
}

// ---- Distribution

void Distribution::add(std::uint64_t value) {
    if (count_ == 0 || value < min_) min_ = value;
    if (count_ == 0 || value > max_) max_ = value;
    ++count_;
    sum_ += value;
    if (value < dense_limit) {
        if (value >= dense_.size())
            dense_.resize(std::min<std::uint64_t>(dense_limit, std::max<std::uint64_t>(value + 1, dense_.size() * 2)));
        ++dense_[value];
    } else {
        ++sparse_[value];
    }
}

double Distribution::mean() const {
    return count_ == 0 ? 0.0 : static_cast<double>(sum_) / static_cast<double>(count_);
}

std::uint64_t Distribution::nth(std::uint64_t rank) const {
    std::uint64_t seen = 0;
    for (std::uint64_t v = 0; v < dense_.size(); ++v) {
        seen += dense_[v];
        if (rank < seen) return v;
    }
    for (const auto& [v, n] : sparse_) {
        seen += n;
        if (rank < seen) return v;
    }
    return max_;
}

double Distribution::percentile(std::uint64_t percent) const {
    const std::uint64_t position = (count_ - 1) * percent;  // in hundredths of a rank
    const std::uint64_t below = position / 100;
    const auto low = static_cast<double>(nth(below));
    if (position % 100 == 0) return low;
    const auto high = static_cast<double>(nth(below + 1));
    return low + (high - low) * static_cast<double>(position % 100) / 100.0;
}

// ---- Numeric fields (--hist)

std::optional<double> number_of(const json::Member& value) {
    if (value.type != json::Type::number) return std::nullopt;
    const std::string_view text = value.value;
    double number = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
    if (error == std::errc::result_out_of_range) {
        // Beyond a double either way; strtod tells overflow (infinite) from underflow (zero).
        number = std::strtod(std::string(text).c_str(), nullptr);
    } else if (error != std::errc{}) {
        return std::nullopt;
    }
    if (!std::isfinite(number)) return std::nullopt;
    return number + 0.0;  // -0 becomes 0, so that it neither prints as "-0" nor sorts apart
}

void FieldValues::add(const json::Member* value) {
    if (!value) {
        ++missing_;
    } else if (const std::optional<double> number = number_of(*value)) {
        add_number(*number);
    } else {
        ++not_a_number_;
    }
}

void FieldValues::add_number(double value) {
    if (blocks_.empty() || blocks_.back().size() == block_size) blocks_.emplace_back();
    std::vector<double>& block = blocks_.back();
    block.push_back(value);  // grows by doubling to exactly block_size
    if (block.size() == block_size) std::sort(block.begin(), block.end());
    ++count_;
}

void FieldValues::seal() {
    if (!blocks_.empty() && blocks_.back().size() < block_size) std::sort(blocks_.back().begin(), blocks_.back().end());
}

namespace {

// Neumaier's compensated sum: the rounding error of each addition is kept and added at the end,
// so the total is as exact as Python's math.fsum in all but contrived cases.
class CompensatedSum {
public:
    void add(double value) {
        const double total = sum_ + value;
        compensation_ += std::abs(sum_) >= std::abs(value) ? (sum_ - total) + value : (value - total) + sum_;
        sum_ = total;
    }
    double total() const { return sum_ + compensation_; }

private:
    double sum_ = 0;
    double compensation_ = 0;
};

// numpy's linear interpolation between closest ranks: from the nearer end, so that the result
// stays between `low` and `high`; `hundredths` is the fraction of the way from low to high.
double interpolate(double low, double high, std::uint64_t hundredths) {
    const double difference = high - low;
    const double t = static_cast<double>(hundredths) / 100.0;
    const double rest = static_cast<double>(100 - hundredths) / 100.0;
    if (!std::isfinite(difference)) return low * rest + high * t;  // near the ends of the double range
    return hundredths >= 50 ? high - difference * rest : low + difference * t;
}

// The bins from min to max with zero counts: hist_bin_count of equal width, or one when all
// values are equal. Edges are computed once here and used both to count and to print, so a value
// is counted in the bin that the printed edges say.
std::vector<Bin> empty_bins(double min, double max) {
    if (min == max) return {Bin{min, max, 0}};
    const auto n = static_cast<double>(hist_bin_count);
    std::vector<Bin> bins(hist_bin_count);
    double low = min;
    for (std::size_t i = 0; i < hist_bin_count; ++i) {
        double high = max;
        if (i + 1 < hist_bin_count) {
            const auto k = static_cast<double>(i + 1);
            // A weighted mean of the ends, divided last: exact for whole numbers up to 2^53 / 10
            // but for one rounding (so 14.9, not 14.899999999999999).
            high = (min * (n - k) + max * k) / n;
            if (!std::isfinite(high)) high = min * ((n - k) / n) + max * (k / n);  // near the double's limits
            high = std::clamp(high, low, max);  // never out of order, even when rounding is coarse
        }
        bins[i] = Bin{low, high, 0};
        low = high;
    }
    return bins;
}

}  // namespace

FieldStats describe(const std::vector<const FieldValues*>& parts) {
    FieldStats stats;
    // Every sorted block of every part is a run; a k-way merge reads them in ascending order.
    struct Run {
        const double* next;
        const double* end;
    };
    std::vector<Run> runs;
    for (const FieldValues* part : parts) {
        stats.count += part->count();
        stats.missing += part->missing();
        stats.not_a_number += part->not_a_number();
        for (const std::vector<double>& block : part->blocks()) {
            if (!block.empty()) runs.push_back(Run{block.data(), block.data() + block.size()});
        }
    }
    if (runs.empty()) return stats;
    stats.min = std::numeric_limits<double>::infinity();
    stats.max = -stats.min;
    for (const Run& run : runs) {
        stats.min = std::min(stats.min, run.next[0]);
        stats.max = std::max(stats.max, run.end[-1]);
    }

    // The ranks (0-based, in sorted order) the percentiles interpolate between. Positions are in
    // hundredths of a rank, computed in integers so that exact ranks come out exact.
    const std::uint64_t last = stats.count - 1;
    std::vector<std::uint64_t> ranks;
    for (const std::uint64_t percent : hist_percents) {
        const std::uint64_t position = last * percent;
        ranks.push_back(position / 100);
        if (position % 100 != 0) ranks.push_back(position / 100 + 1);
    }
    std::sort(ranks.begin(), ranks.end());
    ranks.erase(std::unique(ranks.begin(), ranks.end()), ranks.end());
    std::vector<double> at_rank(ranks.size());

    stats.bins = empty_bins(stats.min, stats.max);
    const auto later = [](const Run& a, const Run& b) { return *a.next > *b.next; };  // a min-heap
    std::make_heap(runs.begin(), runs.end(), later);
    CompensatedSum sum;
    std::uint64_t rank = 0;
    std::size_t wanted = 0;
    std::size_t bin = 0;
    while (!runs.empty()) {
        std::pop_heap(runs.begin(), runs.end(), later);
        const double value = *runs.back().next++;
        if (runs.back().next == runs.back().end)
            runs.pop_back();
        else
            std::push_heap(runs.begin(), runs.end(), later);
        sum.add(value);
        while (wanted < ranks.size() && ranks[wanted] == rank) at_rank[wanted++] = value;
        while (bin + 1 < stats.bins.size() && value >= stats.bins[bin + 1].low) ++bin;
        ++stats.bins[bin].count;
        ++rank;
    }

    const double total = sum.total();
    if (std::isfinite(total)) {
        stats.mean = total / static_cast<double>(stats.count);
    } else {
        // The total is beyond a double: add the values scaled by 2^-64 (exact) and scale back.
        CompensatedSum scaled;
        for (const FieldValues* part : parts) {
            for (const std::vector<double>& block : part->blocks()) {
                for (const double value : block) scaled.add(std::ldexp(value, -64));
            }
        }
        stats.mean = std::ldexp(scaled.total() / static_cast<double>(stats.count), 64);
    }

    const auto value_at = [&](std::uint64_t r) {
        return at_rank[static_cast<std::size_t>(std::lower_bound(ranks.begin(), ranks.end(), r) - ranks.begin())];
    };
    for (std::size_t i = 0; i < hist_percents.size(); ++i) {
        const std::uint64_t position = last * hist_percents[i];
        const double low = value_at(position / 100);
        stats.percentiles[i] =
            position % 100 == 0 ? low : interpolate(low, value_at(position / 100 + 1), position % 100);
    }
    return stats;
}

std::string value_text(double value) {
    if (value == 0) return "0";
    char buf[64];
    const double magnitude = std::abs(value);
    if (magnitude < 1 || magnitude >= 1e15) {
        std::snprintf(buf, sizeof buf, "%.4g", value);
        return buf;
    }
    std::snprintf(buf, sizeof buf, "%.4f", value);
    std::string text = buf;
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
    return text;
}

// ---- Buckets and summaries

const std::array<Bucket, bucket_count>& buckets() {
    static const std::array<Bucket, bucket_count> table{{
        {"<200", 0, 199},
        {"200-500", 200, 499},
        {"500-1000", 500, 999},
        {"1000-2000", 1000, 1999},
        {">2000", 2000, std::nullopt},
    }};
    return table;
}

std::size_t bucket_of(std::uint64_t chars) {
    const auto& table = buckets();
    for (std::size_t i = 0; i + 1 < bucket_count; ++i) {
        if (chars <= *table[i].high) return i;
    }
    return bucket_count - 1;
}

void Summary::add(const json::StringInfo& text) {
    bytes += text.decoded_bytes;
    chars.add(text.chars);
    lines.add(text::count_lines(text));
    ++in_bucket[bucket_of(text.chars)];
}

// ---- Rendering

namespace {

// One decimal, thousands separated: 1234.56 -> "1,234.6".
std::string fixed1(double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f", value);
    const std::string_view s = buf;
    const std::size_t dot = s.find('.');
    std::uint64_t whole = 0;
    std::from_chars(s.data(), s.data() + dot, whole);
    return with_commas(whole) + std::string(s.substr(dot));
}

std::string number(double value) {
    char buf[64];
    const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
    return ec == std::errc{} ? std::string(buf, end) : "null";
}

double percent(std::uint64_t part, std::uint64_t whole) {
    return whole == 0 ? 0.0 : 100.0 * static_cast<double>(part) / static_cast<double>(whole);
}

std::string right(const std::string& s, std::size_t width) {
    return s.size() >= width ? s : std::string(width - s.size(), ' ') + s;
}

std::string left(const std::string& s, std::size_t width) {
    return s.size() >= width ? s : s + std::string(width - s.size(), ' ');
}

// A bar of '#' for `n` of `largest`: the largest has 40, rounded to the nearest whole character,
// and any n > 0 has at least one.
std::string bar(std::uint64_t n, std::uint64_t largest) {
    constexpr std::uint64_t bar_width = 40;
    if (n == 0) return "";
    return "  " + std::string(std::max<std::uint64_t>(1, (n * bar_width + largest / 2) / largest), '#');
}

void distribution_row(std::string& out, std::string_view label, const Distribution& d) {
    out += left(std::string(label), 10);
    if (d.count() == 0) {
        for (int i = 0; i < 5; ++i) out += right("-", 12);
    } else {
        out += right(with_commas(d.min()), 12);
        out += right(with_commas(d.max()), 12);
        out += right(fixed1(d.mean()), 12);
        out += right(fixed1(d.percentile(50)), 12);
        out += right(fixed1(d.percentile(90)), 12);
    }
    out += '\n';
}

// The block of one --hist field: counts, a table of the distribution, the histogram.
void field_text(std::string& out, const std::string& field, const FieldStats& f) {
    out += "\nhist " + field + ": " + with_commas(f.count) + (f.count == 1 ? " number" : " numbers") + ", missing " +
           with_commas(f.missing) + ", not a number " + with_commas(f.not_a_number) + "\n";
    if (f.count == 0) return;
    constexpr std::size_t cell = 12;
    const auto& p = f.percentiles;  // p1 p5 p10 p25 p50 p75 p90 p95 p99
    out += right("min", cell) + right("p1", cell) + right("p5", cell) + right("p10", cell) + right("p25", cell) +
           right("p50", cell) + "\n";
    out += right(value_text(f.min), cell) + right(value_text(p[0]), cell) + right(value_text(p[1]), cell) +
           right(value_text(p[2]), cell) + right(value_text(p[3]), cell) + right(value_text(p[4]), cell) + "\n";
    out += right("p75", cell) + right("p90", cell) + right("p95", cell) + right("p99", cell) + right("max", cell) +
           right("mean", cell) + "\n";
    out += right(value_text(p[5]), cell) + right(value_text(p[6]), cell) + right(value_text(p[7]), cell) +
           right(value_text(p[8]), cell) + right(value_text(f.max), cell) + right(value_text(f.mean), cell) + "\n";

    std::vector<std::string> labels;
    std::size_t width = 10;
    std::uint64_t largest = 0;
    for (std::size_t i = 0; i < f.bins.size(); ++i) {
        const Bin& b = f.bins[i];
        const bool last = i + 1 == f.bins.size();
        labels.push_back("[" + value_text(b.low) + ", " + value_text(b.high) + (last ? "]" : ")"));
        width = std::max(width, labels.back().size() + 2);
        largest = std::max(largest, b.count);
    }
    out += "\n" + left("range", width) + right("records", cell) + right("%", 8) + "\n";
    for (std::size_t i = 0; i < f.bins.size(); ++i) {
        const std::uint64_t n = f.bins[i].count;
        out += left(labels[i], width) + right(with_commas(n), cell) + right(fixed1(percent(n, f.count)) + "%", 8) +
               bar(n, largest) + "\n";
    }
}

void summary_text(std::string& out, const Summary& s, const std::vector<std::string>& hist_fields) {
    out += left("records", 10) + with_commas(s.records()) + "\n";
    out += left("bytes", 10) + with_commas(s.bytes) + "\n";
    out += left("chars", 10) + with_commas(s.chars.sum()) + "\n";
    out += left("lines", 10) + with_commas(s.lines.sum()) + "\n\n";
    out += left("", 10) + right("min", 12) + right("max", 12) + right("mean", 12) + right("median", 12) +
           right("p90", 12) + "\n";
    distribution_row(out, "chars", s.chars);
    distribution_row(out, "lines", s.lines);
    out += "\n" + left("length", 10) + right("records", 12) + right("%", 8) + "\n";
    const std::uint64_t largest = *std::max_element(s.in_bucket.begin(), s.in_bucket.end());
    for (std::size_t i = 0; i < bucket_count; ++i) {
        const std::uint64_t n = s.in_bucket[i];
        out += left(std::string(buckets()[i].label), 10) + right(with_commas(n), 12) +
               right(fixed1(percent(n, s.records())) + "%", 8) + bar(n, largest) + '\n';
    }
    for (std::size_t i = 0; i < hist_fields.size() && i < s.hist.size(); ++i)
        field_text(out, hist_fields[i], s.hist[i]);
}

std::string group_label(const Group& group) { return group.key ? *group.key : "(missing)"; }

void distribution_json(std::string& out, const Distribution& d) {
    out += "{\"total\":" + std::to_string(d.sum());
    if (d.count() == 0) {
        out += ",\"min\":null,\"max\":null,\"mean\":null,\"median\":null,\"p90\":null}";
        return;
    }
    out += ",\"min\":" + std::to_string(d.min()) + ",\"max\":" + std::to_string(d.max()) +
           ",\"mean\":" + number(d.mean()) + ",\"median\":" + number(d.percentile(50)) +
           ",\"p90\":" + number(d.percentile(90)) + "}";
}

void field_json(std::string& out, const FieldStats& f) {
    out += "{\"count\":" + std::to_string(f.count) + ",\"missing\":" + std::to_string(f.missing) +
           ",\"not_a_number\":" + std::to_string(f.not_a_number);
    auto member = [&](const std::string& name, double value) {
        out += ",\"" + name + "\":" + (f.count == 0 ? "null" : number(value));
    };
    member("min", f.min);
    member("max", f.max);
    member("mean", f.mean);
    for (std::size_t i = 0; i < hist_percents.size(); ++i)
        member("p" + std::to_string(hist_percents[i]), f.percentiles[i]);
    out += ",\"bins\":[";
    for (std::size_t i = 0; i < f.bins.size(); ++i) {
        const Bin& b = f.bins[i];
        if (i > 0) out += ',';
        out +=
            "{\"low\":" + number(b.low) + ",\"high\":" + number(b.high) + ",\"count\":" + std::to_string(b.count) + "}";
    }
    out += "]}";
}

void summary_json(std::string& out, const Summary& s, const std::vector<std::string>& hist_fields) {
    out += "\"records\":" + std::to_string(s.records()) + ",\"bytes\":" + std::to_string(s.bytes) + ",\"chars\":";
    distribution_json(out, s.chars);
    out += ",\"lines\":";
    distribution_json(out, s.lines);
    out += ",\"buckets\":[";
    for (std::size_t i = 0; i < bucket_count; ++i) {
        const Bucket& b = buckets()[i];
        if (i > 0) out += ',';
        out += "{\"range\":";
        json::write_string(out, b.label);
        out += ",\"min\":" + std::to_string(b.low) + ",\"max\":" + (b.high ? std::to_string(*b.high) : "null") +
               ",\"count\":" + std::to_string(s.in_bucket[i]) +
               ",\"percent\":" + number(percent(s.in_bucket[i], s.records())) + "}";
    }
    out += ']';
    if (hist_fields.empty()) return;
    out += ",\"hist\":{";
    for (std::size_t i = 0; i < hist_fields.size() && i < s.hist.size(); ++i) {
        if (i > 0) out += ',';
        json::write_string(out, hist_fields[i]);
        out += ':';
        field_json(out, s.hist[i]);
    }
    out += '}';
}

}  // namespace

std::string render_text(const Report& report) {
    std::string out;
    if (report.by.empty()) {
        summary_text(out, report.all, report.hist_fields);
        return out;
    }
    std::size_t width = std::max<std::size_t>(report.by.size() + 3, 10);
    for (const Group& g : report.groups) width = std::max(width, group_label(g).size() + 2);
    out += left("by " + report.by, width) + right("records", 12) + right("%", 8) + right("mean", 12) +
           right("median", 12) + right("p90", 12) + "\n";
    auto row = [&](const std::string& label, const Summary& s) {
        out += left(label, width) + right(with_commas(s.records()), 12) +
               right(fixed1(percent(s.records(), report.all.records())) + "%", 8);
        if (s.records() == 0) {
            out += right("-", 12) + right("-", 12) + right("-", 12);
        } else {
            out += right(fixed1(s.chars.mean()), 12) + right(fixed1(s.chars.percentile(50)), 12) +
                   right(fixed1(s.chars.percentile(90)), 12);
        }
        out += '\n';
    };
    for (const Group& g : report.groups) row(group_label(g), g.summary);
    row("(all)", report.all);
    for (const Group& g : report.groups) {
        out += "\n== " + report.by + ": " + group_label(g) + " ==\n";
        summary_text(out, g.summary, report.hist_fields);
    }
    out += "\n== all ==\n";
    summary_text(out, report.all, report.hist_fields);
    return out;
}

std::string render_json(const Report& report) {
    std::string out = "{\"files\":" + std::to_string(report.files) + ",";
    summary_json(out, report.all, report.hist_fields);
    if (!report.by.empty()) {
        out += ",\"by\":";
        json::write_string(out, report.by);
        out += ",\"groups\":[";
        for (std::size_t i = 0; i < report.groups.size(); ++i) {
            const Group& g = report.groups[i];
            if (i > 0) out += ',';
            out += "{\"key\":";
            if (g.key)
                json::write_string(out, *g.key);
            else
                out += "null";
            out += ',';
            summary_json(out, g.summary, report.hist_fields);
            out += '}';
        }
        out += ']';
    }
    out += "}\n";
    return out;
}

// ---- The run

int run(const StatsOptions& options) {
    const Diagnostics diagnostics("seed-stats", options.io.quiet);
    RecordReader reader(options.io.inputs, options.io.on_error, diagnostics);
    io::Output output(options.io.output);
    const bool by_file = options.by == "file";
    const std::size_t hist_count = options.hist.size();
    Report report;
    report.by = options.by;
    report.files = reader.inputs().size();
    for (const FieldPath& field : options.hist) report.hist_fields.push_back(field.text());

    // What is gathered per group: the length statistics, and the numbers of the --hist fields.
    struct Gathered {
        Summary summary;
        std::vector<FieldValues> hist;
    };
    const auto fresh = [&] { return Gathered{Summary{}, std::vector<FieldValues>(hist_count)}; };
    std::map<std::string, Gathered, std::less<>> keyed;
    Gathered missing = fresh();
    std::vector<FieldValues> all_hist(hist_count);  // when not grouped; else the groups hold them
    std::string scratch;
    std::vector<json::Member> nested;  // members of nested objects looked into
    Record record;
    while (reader.next(record)) {
        const json::Member* text = record.find("text");
        if (!text) {
            reader.reject(record, "no 'text' field");
            continue;
        }
        if (text->type != json::Type::string) {
            reader.reject(record, json::not_a_string("text", text->type));
            continue;
        }
        report.all.add(text->string);
        std::vector<FieldValues>* hist = &all_hist;
        if (!options.by.empty()) {
            Gathered* group = &missing;
            std::optional<json::Member> field;
            std::string_view key;
            if (by_file) {
                key = record.input->display;
            } else if ((field = options.by_field->find(record, nested))) {
                if (field->type == json::Type::string) {
                    key = json::string_value(*field, scratch);
                } else {
                    scratch.clear();
                    json::write_value(scratch, *field);
                    key = scratch;
                }
            }
            if (by_file || field) {
                auto it = keyed.find(key);
                if (it == keyed.end()) it = keyed.emplace(std::string(key), fresh()).first;
                group = &it->second;
            }
            group->summary.add(text->string);
            hist = &group->hist;
        }
        for (std::size_t i = 0; i < hist_count; ++i) {
            const std::optional<json::Member> value = options.hist[i].find(record, nested);
            (*hist)[i].add(value ? &*value : nullptr);
        }
    }

    // Each group's numbers give its own statistics, then, merged, the whole corpus's.
    std::vector<std::vector<const FieldValues*>> every_group(hist_count);
    const auto finish = [&](Gathered& gathered) {
        for (std::size_t i = 0; i < hist_count; ++i) {
            gathered.hist[i].seal();
            gathered.summary.hist.push_back(describe({&gathered.hist[i]}));
            every_group[i].push_back(&gathered.hist[i]);
        }
    };
    for (auto& [key, gathered] : keyed) {
        finish(gathered);
        report.groups.push_back(Group{key, std::move(gathered.summary)});
    }
    if (missing.summary.records() > 0) {
        finish(missing);
        report.groups.push_back(Group{std::nullopt, std::move(missing.summary)});
    }
    for (std::size_t i = 0; i < hist_count; ++i) {
        if (options.by.empty()) {
            all_hist[i].seal();
            report.all.hist.push_back(describe({&all_hist[i]}));
        } else {
            report.all.hist.push_back(describe(every_group[i]));
        }
    }
    output.write(options.json ? render_json(report) : render_text(report));
    output.commit();
    const std::uint64_t read = reader.records_read();
    std::string line = "read " + std::to_string(read) + (read == 1 ? " record" : " records") + " from " +
                       std::to_string(report.files) + (report.files == 1 ? " input" : " inputs");
    if (reader.rejected() > 0) line += ", skipped " + std::to_string(reader.rejected()) + " bad";
    diagnostics.summary(line);
    return 0;
}

}  // namespace seed::stats
