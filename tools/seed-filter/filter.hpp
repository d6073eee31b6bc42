// seed-filter: normalizes records to the seed format and keeps those that pass the length and
// content rules, counting every drop by the rule that made it. merge_corpus.py of the plan,
// minus its dedup (seed-dedup), as a stream.
#pragma once

#include <array>
#include <bitset>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli.hpp"
#include "code_quality.hpp"
#include "quality.hpp"
#include "records.hpp"
#include "rules.hpp"
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

    // The quality rules: which are on, and their thresholds (the table's defaults unless given).
    std::bitset<rule_count> quality_on;
    std::array<double, rule_count> thresholds{};
    StopWords stop_words = StopWords::english();
    std::uint64_t short_line_length = 30;  // fineweb-short-lines
    C4Options c4;
    bool annotate = false;  // measure and annotate instead of dropping by the quality rules
    std::string report;     // --report FILE
    std::string rejected;   // --rejected FILE

    bool on(Rule rule) const { return quality_on.test(static_cast<std::size_t>(rule)); }
    double threshold(Rule rule) const { return thresholds[static_cast<std::size_t>(rule)]; }
    bool any_on(RuleSet set) const;
};

const cli::Command& command();
Result<FilterOptions> make_options(const cli::Args& args);

struct Verdict {
    enum class Kind { kept, dropped, bad } kind = Kind::kept;
    Rule rule = Rule::empty;      // when dropped
    std::optional<double> value;  // when dropped: the rule's measured value, if it has one
    std::string message;          // when bad: why the record cannot be used
};

class Filter {
public:
    explicit Filter(const FilterOptions& options);

    // Applies the rules to `record`; when it is kept, appends its output line (with "\n") to
    // `out`: the original bytes when normalizing leaves it unchanged, else the rebuilt record.
    Verdict apply(const Record& record, std::string& out);

    // Lines removed by --c4-lines from the records it rewrote, by line rule.
    const C4LineCounts& c4_lines_removed() const { return c4_removed_; }

private:
    bool matches(const json::Member& member, const FieldMatch& match);
    // The first quality rule the text in text_ fails. With --annotate none fails and the
    // measures go to quality_. --c4-lines may replace text_ (then text_replaced_ is set).
    std::optional<Verdict> apply_quality(const Record& record);
    // Checks the rules first..last that are on, each against value_of(rule).
    template <class ValueOf>
    std::optional<Verdict> check(Rule first, Rule last, ValueOf&& value_of);
    void prepare_prose();

    const FilterOptions& options_;
    std::string scratch_;
    std::string text_;  // the decoded text, or the text --c4-lines made
    bool text_replaced_ = false;
    std::uint64_t text_chars_ = 0;
    std::vector<Token> tokens_;
    std::vector<Line> lines_;
    bool prose_ready_ = false;  // tokens_ and lines_ are those of text_
    RepetitionMeter repetition_;
    C4Cleaner c4_;
    C4LineCounts c4_removed_{};
    std::string quality_;  // the members of the "quality" object with --annotate
};

struct Counts {
    std::uint64_t read = 0;
    std::uint64_t kept = 0;
    std::array<std::uint64_t, rule_count> dropped{};
    std::uint64_t bad = 0;
};

// "read 12, kept 9, dropped 3 (min 2, max 1)" and ", skipped 1 bad" when there were any, then
// with --c4-lines "; c4 removed 4 lines (few-words 3, policy 1)".
std::string summary_line(const Counts& counts, const FilterOptions& options, const C4LineCounts& c4_removed);

// The --report object: counts by rule for the base rules and every quality rule that is on.
std::string report_json(const Counts& counts, const FilterOptions& options, const C4LineCounts& c4_removed);

// Runs the whole filter; returns the exit status.
int run(const FilterOptions& options);

}  // namespace seed::filter
