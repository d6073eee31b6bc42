// seed-stats: collection and rendering.
#include "stats.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>

#include "diagnostics.hpp"
#include "output.hpp"
#include "records.hpp"
#include "text.hpp"

namespace seed::stats {

const cli::Command& command() {
    static const cli::Command cmd{
        "seed-stats",
        "[OPTIONS] [FILE...]",
        "Report record counts and length distributions of JSONL corpora.",
        tool::with_shared_options({
            {0, "by", "FIELD", "report per value of FIELD ('file': per input file)"},
            {0, "json", "", "write the report as one JSON object"},
        }),
        "Several files are one corpus unless --by file. Lengths are in characters (code\n"
        "points) of the 'text' field. See seed-stats(1).\n",
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
            if (arg.value.empty()) return Fail{"--by: empty field name"};
            options.by = arg.value;
        } else if (arg.is("json")) {
            options.json = true;
        }
    }
    return options;
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

void summary_text(std::string& out, const Summary& s) {
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
    constexpr std::uint64_t bar_width = 40;
    for (std::size_t i = 0; i < bucket_count; ++i) {
        const std::uint64_t n = s.in_bucket[i];
        out += left(std::string(buckets()[i].label), 10) + right(with_commas(n), 12) +
               right(fixed1(percent(n, s.records())) + "%", 8);
        if (n > 0) out += "  " + std::string(std::max<std::uint64_t>(1, (n * bar_width + largest / 2) / largest), '#');
        out += '\n';
    }
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

void summary_json(std::string& out, const Summary& s) {
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
}

}  // namespace

std::string render_text(const Report& report) {
    std::string out;
    if (report.by.empty()) {
        summary_text(out, report.all);
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
        summary_text(out, g.summary);
    }
    out += "\n== all ==\n";
    summary_text(out, report.all);
    return out;
}

std::string render_json(const Report& report) {
    std::string out = "{\"files\":" + std::to_string(report.files) + ",";
    summary_json(out, report.all);
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
            summary_json(out, g.summary);
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
    Report report;
    report.by = options.by;
    report.files = reader.inputs().size();
    std::map<std::string, Summary, std::less<>> keyed;
    Summary missing;
    std::string scratch;
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
        if (options.by.empty()) continue;
        if (by_file) {
            keyed[record.input->display].add(text->string);
        } else if (const json::Member* field = record.find(options.by)) {
            std::string_view key;
            if (field->type == json::Type::string) {
                key = json::string_value(*field, scratch);
            } else {
                scratch.clear();
                json::write_value(scratch, *field);
                key = scratch;
            }
            auto it = keyed.find(key);
            if (it == keyed.end()) it = keyed.emplace(std::string(key), Summary{}).first;
            it->second.add(text->string);
        } else {
            missing.add(text->string);
        }
    }
    for (auto& [key, summary] : keyed) report.groups.push_back(Group{key, std::move(summary)});
    if (missing.records() > 0) report.groups.push_back(Group{std::nullopt, std::move(missing)});
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
