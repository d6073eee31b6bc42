// seed-filter: normalizes records to the seed format and keeps those that pass the length and
// content rules, counting every drop by the rule that made it. merge_corpus.py of the plan,
// minus its dedup (seed-dedup), as a stream.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli.hpp"
#include "records.hpp"
#include "tool.hpp"

namespace seed::filter {

struct FieldMatch {
    std::string name;
    std::string value;
};

struct FilterOptions {
    tool::IoOptions io;
    std::string domain;  // empty: keep the record's own
    std::uint64_t min_chars = 0;
    std::uint64_t max_chars = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t min_lines = 0;
    std::uint64_t max_lines = std::numeric_limits<std::uint64_t>::max();
    std::vector<std::string> require_any;
    std::optional<double> max_code_ratio;
    std::vector<FieldMatch> fields;
    bool keep_fields = false;
};

const cli::Command& command();
Result<FilterOptions> make_options(const cli::Args& args);

// The rules in the order they are tried; a record is dropped by the first that fails.
enum class Rule { empty, min, max, min_lines, max_lines, require_any, code_ratio, field };
inline constexpr std::size_t rule_count = 8;
std::string_view rule_name(Rule rule);

struct Verdict {
    enum class Kind { kept, dropped, bad } kind = Kind::kept;
    Rule rule = Rule::empty;  // when dropped
    std::string message;      // when bad: why the record cannot be used
};

class Filter {
public:
    explicit Filter(const FilterOptions& options) : options_(options) {}

    // Applies the rules to `record`; when it is kept, appends its output line (with "\n") to
    // `out`: the original bytes when normalizing leaves it unchanged, else the rebuilt record.
    Verdict apply(const Record& record, std::string& out);

private:
    bool matches(const json::Member& member, const FieldMatch& match);

    const FilterOptions& options_;
    std::string scratch_;
};

struct Counts {
    std::uint64_t read = 0;
    std::uint64_t kept = 0;
    std::array<std::uint64_t, rule_count> dropped{};
    std::uint64_t bad = 0;
};

// "read 12, kept 9, dropped 3 (min 2, max 1)" and ", skipped 1 bad" when there were any.
std::string summary_line(const Counts& counts);

// Runs the whole filter; returns the exit status.
int run(const FilterOptions& options);

}  // namespace seed::filter
