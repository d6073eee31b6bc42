// seed-filter's options, rules and output.
#include "filter.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "output.hpp"
#include "text.hpp"

namespace seed::filter {

namespace {

// Fields of the seed format, written first and in this order.
constexpr std::array<std::string_view, 5> seed_fields{"text", "domain", "source", "language", "category"};
// Where the text is taken from, in order of preference (as merge_corpus.py does).
constexpr std::array<std::string_view, 3> text_fields{"text", "content", "code"};

// A measured value or threshold as JSON: integers without a decimal point, others in the
// shortest form that reads back the same.
std::string format_number(double value, ValueKind kind = ValueKind::number) {
    if (kind == ValueKind::count) return std::to_string(static_cast<std::uint64_t>(value));
    std::array<char, 32> buffer{};
    const auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
    return ec == std::errc{} ? std::string(buffer.data(), end) : std::string("0");
}

bool is_seed_field(const json::Member& member) {
    for (const std::string_view name : seed_fields) {
        if (json::key_equals(member, name)) return true;
    }
    return false;
}

// One field of the output record: a member of the input, or a value made here.
struct Entry {
    std::string_view key;
    const json::Member* member = nullptr;  // the input member written as the value
    std::string_view made;                 // otherwise this string is written
    bool renamed = false;                  // written under a key other than the member's own

    static Entry of(std::string_view key, const json::Member* member, bool renamed = false) {
        return Entry{key, member, {}, renamed};
    }
    static Entry made_of(std::string_view key, std::string_view value) { return Entry{key, nullptr, value, false}; }
};

void write_entry(std::string& out, const Entry& entry) {
    if (entry.member && !entry.renamed && entry.member->key_escaped) {
        std::string key;
        json::unescape(entry.member->key, key);
        json::write_string(out, key);
    } else {
        out += '"';
        out += entry.key;  // our own field names, or a key that needs no escaping
        out += '"';
    }
    out += ':';
    if (entry.member)
        json::write_value(out, *entry.member);
    else
        json::write_string(out, entry.made);
}

// Turns on the set or the rule `arg` names, with the threshold it gives.
Result<void> apply_quality_option(const cli::Arg& arg, FilterOptions& options) {
    for (std::size_t i = first_quality_rule; i < rule_count; ++i) {
        const RuleInfo& rule = rule_info(rule_at(i));
        if (arg.is(set_option(rule.set))) {
            options.quality_on.set(i);
        } else if (!rule.option.empty() && arg.is(rule.option)) {
            if (rule.kind == ValueKind::count) {
                std::uint64_t n = 0;
                auto counted = cli::read_count(arg, n);
                if (!counted) return counted;
                options.thresholds[i] = static_cast<double>(n);
            } else {
                const Result<double> value = rule.kind == ValueKind::fraction ? cli::parse_fraction(arg.value)
                                                                              : cli::parse_non_negative(arg.value);
                if (!value) return Fail{"--" + std::string(rule.option) + ": " + value.error()};
                options.thresholds[i] = value.value();
            }
            options.quality_on.set(i);
        }
    }
    return {};
}

Result<FieldMatch> parse_field_match(std::string_view text) {
    const std::size_t eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        return Fail{"--field: expected NAME=VALUE, not '" + std::string(text) + "'"};
    }
    return FieldMatch{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

}  // namespace

namespace {

std::vector<cli::Option> own_options() {
    std::vector<cli::Option> options{
        {0, "domain", "KIND", "set the domain field: code or nl"},
        {0, "min", "N", "drop texts shorter than N characters (code points)"},
        {0, "max", "N", "drop texts longer than N characters"},
        {0, "min-lines", "N", "drop texts of fewer than N lines"},
        {0, "max-lines", "N", "drop texts of more than N lines"},
        {0, "require-any", "WORDS", "keep texts containing any of WORDS (comma-separated)"},
        {0, "max-code-ratio", "R", "drop texts with more than R (0..1) in code fences"},
        {0, "field", "NAME=VALUE", "keep records whose NAME equals VALUE (repeatable)"},
        {0, "keep-fields", "", "pass every other field through as well"},
        {0, "gopher-repetition", "", "turn on Gopher's repetition rules"},
        {0, "gopher-quality", "", "turn on Gopher's quality rules"},
        {0, "c4-lines", "", "turn on C4's line cleaning (prose only)"},
        {0, "fineweb", "", "turn on FineWeb's line rules"},
        {0, "code-quality", "", "turn on The Stack's code rules"},
    };
    for (std::size_t i = first_quality_rule; i < rule_count; ++i) {
        const RuleInfo& rule = rule_info(rule_at(i));
        if (rule.option.empty()) continue;
        const std::string_view metavar = rule.kind == ValueKind::count    ? "N"
                                         : rule.kind == ValueKind::number ? "X"
                                                                          : "R";
        options.push_back({0, rule.option, metavar, rule.help});
    }
    options.insert(options.end(), {
                                      {0, "fineweb-short-line-length", "N", "lines of at most N chars are short (30)"},
                                      {0, "c4-min-words-per-line", "N", "C4: min words per line (3)"},
                                      {0, "c4-max-word-length", "N", "C4: max word length in chars (1000)"},
                                      {0, "stop-words", "WORDS", "the stop words, comma-separated (default: English)"},
                                      {0, "disable", "RULES", "turn off these quality rules (comma-separated names)"},
                                      {0, "annotate", "", "add the quality measures instead of dropping"},
                                      {0, "report", "FILE", "write the counts by rule to FILE as JSON"},
                                      {0, "rejected", "FILE", "write the dropped records to FILE, with the rule"},
                                  });
    return options;
}

// The C4 line rules as --disable names them: "c4-" and the rule's name.
std::optional<C4LineRule> c4_line_rule_named(std::string_view name) {
    if (!name.starts_with("c4-")) return std::nullopt;
    for (std::size_t i = 0; i < c4_line_rule_count; ++i) {
        if (c4_line_rule_name(static_cast<C4LineRule>(i)) == name.substr(3)) return static_cast<C4LineRule>(i);
    }
    return std::nullopt;
}

}  // namespace

const cli::Command& command() {
    static const cli::Command cmd{
        "seed-filter",
        "[OPTIONS] [FILE...]",
        "Normalize JSONL records to the seed format and keep those that pass every rule.",
        tool::with_shared_options(own_options()),
        "The text is taken from 'text', else 'content', else 'code'. Rules are tried\n"
        "in order; the summary counts drops by rule. See seed-filter(1).\n",
    };
    return cmd;
}

bool FilterOptions::any_on(RuleSet set) const {
    // The rules of each set as a mask, made once: asked several times for every record.
    static const std::array<std::bitset<rule_count>, rule_set_count> rules_of_set = [] {
        std::array<std::bitset<rule_count>, rule_set_count> masks{};
        for (std::size_t i = 0; i < rule_count; ++i) masks[static_cast<std::size_t>(rule_info(rule_at(i)).set)].set(i);
        return masks;
    }();
    return (quality_on & rules_of_set[static_cast<std::size_t>(set)]).any();
}

Result<FilterOptions> make_options(const cli::Args& args) {
    FilterOptions options;
    options.io.inputs = args.operands;
    for (std::size_t i = 0; i < rule_count; ++i) options.thresholds[i] = rule_info(rule_at(i)).default_threshold;
    bool min_given = false;
    bool max_given = false;
    std::vector<std::string> disabled;
    for (const cli::Arg& arg : args.options) {
        auto shared = tool::apply_shared_option(arg, options.io);
        if (!shared) return Fail{shared.error()};
        if (shared.value()) continue;
        const std::string name = "--" + std::string(arg.option->long_name) + ": ";
        const auto count = [&](std::uint64_t& into) { return cli::read_count(arg, into); };
        Result<void> done;
        if (arg.is("domain")) {
            if (arg.value != "code" && arg.value != "nl")
                return Fail{name + "expected 'code' or 'nl', not '" + arg.value + "'"};
            options.domain = arg.value;
        } else if (arg.is("min")) {
            done = count(options.min_chars);
            min_given = true;
        } else if (arg.is("max")) {
            done = count(options.max_chars);
            max_given = true;
        } else if (arg.is("min-lines")) {
            done = count(options.min_lines);
        } else if (arg.is("max-lines")) {
            done = count(options.max_lines);
        } else if (arg.is("require-any")) {
            auto words = cli::parse_list(arg.value);
            if (!words) return Fail{name + words.error()};
            options.require_any = std::move(words).value();
        } else if (arg.is("max-code-ratio")) {
            auto ratio = cli::parse_fraction(arg.value);
            if (!ratio) return Fail{name + ratio.error()};
            options.max_code_ratio = ratio.value();
        } else if (arg.is("field")) {
            auto match = parse_field_match(arg.value);
            if (!match) return Fail{match.error()};
            options.fields.push_back(std::move(match).value());
        } else if (arg.is("keep-fields")) {
            options.keep_fields = true;
        } else if (arg.is("fineweb-short-line-length")) {
            done = count(options.short_line_length);
        } else if (arg.is("c4-min-words-per-line")) {
            done = count(options.c4.min_words_per_line);
        } else if (arg.is("c4-max-word-length")) {
            done = count(options.c4.max_word_length);
        } else if (arg.is("stop-words")) {
            auto words = cli::parse_list(arg.value);
            if (!words) return Fail{name + words.error()};
            options.stop_words = StopWords::of(words.value());
        } else if (arg.is("disable")) {
            auto names = cli::parse_list(arg.value);
            if (!names) return Fail{name + names.error()};
            disabled.insert(disabled.end(), names.value().begin(), names.value().end());
        } else if (arg.is("annotate")) {
            options.annotate = true;
        } else if (arg.is("report") || arg.is("rejected")) {
            if (arg.value.empty() || arg.value == "-")
                return Fail{name + "expected a file name (standard output carries the kept records)"};
            (arg.is("report") ? options.report : options.rejected) = arg.value;
        } else {
            done = apply_quality_option(arg, options);
        }
        if (!done) return Fail{done.error()};
    }
    for (const std::string& rule_name : disabled) {
        if (const auto rule = rule_named(rule_name); rule && static_cast<std::size_t>(*rule) >= first_quality_rule) {
            options.quality_on.reset(static_cast<std::size_t>(*rule));
        } else if (const auto line_rule = c4_line_rule_named(rule_name)) {
            options.c4.line_rule_on[static_cast<std::size_t>(*line_rule)] = false;
        } else {
            return Fail{"--disable: no quality rule is named '" + rule_name + "'"};
        }
    }
    if (options.domain == "code" && options.any_on(RuleSet::c4)) {
        return Fail{"--c4-lines removes lines of prose and cannot be used with --domain code"};
    }
    if (options.annotate && !options.rejected.empty()) {
        return Fail{"--annotate keeps every record the quality rules would drop: --rejected cannot be used with it"};
    }
    for (const auto& [low, high] : {std::pair{Rule::gopher_min_words, Rule::gopher_max_words},
                                    std::pair{Rule::gopher_min_mean_word_length, Rule::gopher_max_mean_word_length},
                                    std::pair{Rule::code_min_comments, Rule::code_max_comments}}) {
        if (options.on(low) && options.on(high) && options.threshold(low) > options.threshold(high)) {
            return Fail{"--" + std::string(rule_info(low).option) + " " +
                        format_number(options.threshold(low), rule_info(low).kind) + " is greater than --" +
                        std::string(rule_info(high).option) + " " +
                        format_number(options.threshold(high), rule_info(high).kind)};
        }
    }
    if (min_given && max_given && options.min_chars > options.max_chars) {
        return Fail{"--min " + std::to_string(options.min_chars) + " is greater than --max " +
                    std::to_string(options.max_chars)};
    }
    if (options.min_lines > options.max_lines) {
        return Fail{"--min-lines " + std::to_string(options.min_lines) + " is greater than --max-lines " +
                    std::to_string(options.max_lines)};
    }
    return options;
}

bool Filter::matches(const json::Member& member, const FieldMatch& match) {
    if (member.type == json::Type::string) return json::string_value(member, scratch_) == match.value;
    // Other values compare by their compact JSON text: --field n=5, --field ok=true.
    scratch_.clear();
    json::write_value(scratch_, member);
    return scratch_ == match.value;
}

Filter::Filter(const FilterOptions& options) : options_(options), c4_(options.c4) {}

void Filter::prepare_prose() {
    if (prose_ready_) return;
    split_tokens(text_, tokens_);
    split_lines(text_, lines_);
    prose_ready_ = true;
}

namespace {

// A measure that does not apply to the record (comments in a language not known): no rule fails on it.
constexpr double not_measured = std::numeric_limits<double>::quiet_NaN();

}  // namespace

template <class ValueOf>
std::optional<Verdict> Filter::check(Rule first, Rule last, ValueOf&& value_of) {
    for (auto i = static_cast<std::size_t>(first); i <= static_cast<std::size_t>(last); ++i) {
        if (!options_.quality_on.test(i)) continue;
        const RuleInfo& rule = rule_info(rule_at(i));
        const double value = value_of(rule_at(i));
        if (options_.annotate) {
            // A measure shared by a min and a max rule is written once.
            if (i > 0 && rule_info(rule_at(i - 1)).measure == rule.measure && options_.quality_on.test(i - 1)) continue;
            if (!quality_.empty()) quality_ += ',';
            quality_ += '"';
            quality_ += rule.measure;
            quality_ += "\":";
            if (std::isnan(value))
                quality_ += "null";
            else if (rule.kind == ValueKind::flag)
                quality_ += value != 0 ? "true" : "false";
            else
                quality_ += format_number(value, rule.kind);
        } else if (!std::isnan(value) && fails(rule, value, options_.threshold(rule_at(i)))) {
            return Verdict{Verdict::Kind::dropped, rule_at(i), value, {}};
        }
    }
    return std::nullopt;
}

namespace {

// The language of a code record: its "language" or "lang" field, else its path's extension.
std::string_view record_language(const Record& record, std::string& scratch) {
    for (const std::string_view name : {std::string_view("language"), std::string_view("lang")}) {
        const json::Member* m = record.find(name);
        if (m && m->type == json::Type::string) return json::string_value(*m, scratch);
    }
    for (const std::string_view name : {std::string_view("path"), std::string_view("max_stars_repo_path")}) {
        const json::Member* m = record.find(name);
        if (m && m->type == json::Type::string) return language_of_path(json::string_value(*m, scratch));
    }
    return {};
}

}  // namespace

std::optional<Verdict> Filter::apply_quality(const Record& record) {
    using enum Rule;
    prose_ready_ = false;
    text_replaced_ = false;

    if (options_.any_on(RuleSet::gopher_repetition)) {
        prepare_prose();
        RepetitionParts parts;
        parts.paragraphs = options_.on(gopher_dup_paragraphs) || options_.on(gopher_dup_paragraph_chars);
        parts.lines = options_.on(gopher_dup_lines) || options_.on(gopher_dup_line_chars);
        for (std::size_t k = 0; k < 3; ++k)
            parts.top_ngram[k] = options_.on(rule_at(static_cast<std::size_t>(gopher_top_2_gram) + k));
        for (std::size_t k = 0; k < 6; ++k)
            parts.dup_ngrams[k] = options_.on(rule_at(static_cast<std::size_t>(gopher_dup_5_grams) + k));
        const GopherRepetition r = repetition_.measure(text_, text_chars_, tokens_, lines_, parts);
        auto verdict = check(gopher_dup_paragraphs, gopher_dup_10_grams, [&](Rule rule) {
            switch (rule) {
                case gopher_dup_paragraphs: return r.dup_paragraphs;
                case gopher_dup_paragraph_chars: return r.dup_paragraph_chars;
                case gopher_dup_lines: return r.dup_lines;
                case gopher_dup_line_chars: return r.dup_line_chars;
                case gopher_top_2_gram:
                case gopher_top_3_gram:
                case gopher_top_4_gram:
                    return r.top_ngram[static_cast<std::size_t>(rule) - static_cast<std::size_t>(gopher_top_2_gram)];
                default:
                    return r.dup_ngrams[static_cast<std::size_t>(rule) - static_cast<std::size_t>(gopher_dup_5_grams)];
            }
        });
        if (verdict) return verdict;
    }

    if (options_.any_on(RuleSet::gopher_quality)) {
        prepare_prose();
        // Past the threshold the exact number of stop words no longer matters.
        const std::uint64_t cap = options_.annotate || !options_.on(gopher_stop_words)
                                      ? (options_.annotate ? std::numeric_limits<std::uint64_t>::max() : 0)
                                      : static_cast<std::uint64_t>(options_.threshold(gopher_stop_words));
        const GopherQuality q = measure_gopher_quality(text_, tokens_, lines_, options_.stop_words, cap);
        auto verdict = check(gopher_min_words, gopher_stop_words, [&](Rule rule) {
            switch (rule) {
                case gopher_min_words:
                case gopher_max_words: return static_cast<double>(q.words);
                case gopher_min_mean_word_length:
                case gopher_max_mean_word_length: return q.mean_word_length;
                case gopher_hash_ratio: return q.hash_ratio;
                case gopher_ellipsis_ratio: return q.ellipsis_ratio;
                case gopher_bullet_lines: return q.bullet_lines;
                case gopher_ellipsis_lines: return q.ellipsis_lines;
                case gopher_alpha_tokens: return q.alpha_tokens;
                default: return static_cast<double>(q.stop_words);
            }
        });
        if (verdict) return verdict;
    }

    if (options_.any_on(RuleSet::c4)) {
        C4Stops stops;
        if (!options_.annotate) {
            stops.lorem_ipsum = options_.on(c4_lorem_ipsum);
            stops.curly_bracket = options_.on(c4_curly_bracket);
            if (options_.on(c4_min_sentences))
                stops.sentences_cap = static_cast<std::uint64_t>(options_.threshold(c4_min_sentences));
            else if (options_.on(c4_empty))
                stops.sentences_cap = 0;
        }
        prepare_prose();
        const C4Result& c = c4_.clean(text_, lines_, tokens_, stops);
        auto verdict = check(c4_lorem_ipsum, c4_empty, [&](Rule rule) {
            switch (rule) {
                case c4_lorem_ipsum: return c.lorem_ipsum ? 1.0 : 0.0;
                case c4_curly_bracket: return c.curly_bracket ? 1.0 : 0.0;
                case c4_min_sentences: return static_cast<double>(c.sentences);
                default: return static_cast<double>(c.lines_kept);
            }
        });
        if (verdict) return verdict;
        if (options_.annotate) {
            if (!quality_.empty()) quality_ += ',';
            quality_ += "\"c4_lines_removed\":" + std::to_string(c.removed());
        } else {
            for (std::size_t k = 0; k < c4_line_rule_count; ++k) c4_removed_[k] += c.lines_removed[k];
            if (c.text != text_) {
                // The cleaner's text, with its lines and tokens, becomes the text the later rules see.
                C4Result& cleaned = c4_.result();
                std::swap(text_, cleaned.text);
                std::swap(lines_, cleaned.lines);
                std::swap(tokens_, cleaned.tokens);
                text_replaced_ = true;
                text_chars_ = utf8::count_code_points(text_);
            }
        }
    }

    if (options_.any_on(RuleSet::fineweb)) {
        prepare_prose();
        const FineWebQuality f =
            measure_fineweb(text_, text_chars_, tokens_, lines_, options_.short_line_length, repetition_);
        auto verdict = check(fineweb_punct_lines, fineweb_newlines, [&](Rule rule) {
            switch (rule) {
                case fineweb_punct_lines: return f.punct_lines;
                case fineweb_short_lines: return f.short_lines;
                case fineweb_dup_chars: return f.dup_chars;
                default: return f.newlines;
            }
        });
        if (verdict) return verdict;
    }

    if (options_.any_on(RuleSet::code)) {
        const std::string_view language = record_language(record, scratch_);
        const CodeMeasures m = measure_code(text_, comment_syntax_of_language(language));
        const bool xml_expected = is_xml_like(language);
        auto verdict = check(code_max_line_length, code_autogenerated, [&](Rule rule) {
            switch (rule) {
                case code_max_line_length: return static_cast<double>(m.max_line_length);
                case code_mean_line_length: return m.mean_line_length;
                case code_alnum: return m.alnum;
                case code_min_comments:
                case code_max_comments: return m.comments.value_or(not_measured);
                case code_xml_header: return m.xml_header && !xml_expected ? 1.0 : 0.0;
                default: return m.autogenerated ? 1.0 : 0.0;
            }
        });
        if (verdict) return verdict;
    }
    return std::nullopt;
}

Verdict Filter::apply(const Record& record, std::string& out) {
    const auto dropped = [](Rule rule, std::optional<double> value = std::nullopt) {
        return Verdict{Verdict::Kind::dropped, rule, value, {}};
    };

    // The text: the first of text/content/code that is a non-empty string; null counts as absent.
    const json::Member* text = nullptr;
    bool saw_empty = false;
    for (const std::string_view name : text_fields) {
        const json::Member* m = record.find(name);
        if (!m || m->type == json::Type::null) continue;
        if (m->type != json::Type::string) {
            return Verdict{Verdict::Kind::bad, Rule::empty, {}, json::not_a_string(name, m->type)};
        }
        if (m->string.chars == 0) {
            saw_empty = true;
            continue;
        }
        text = m;
        break;
    }
    if (!text) {
        if (saw_empty) return dropped(Rule::empty);
        return Verdict{
            Verdict::Kind::bad, Rule::empty, {}, "no text: the record has no 'text', 'content' or 'code' field"};
    }

    const json::StringInfo& info = text->string;
    const auto chars = static_cast<double>(info.chars);
    if (info.chars < options_.min_chars) return dropped(Rule::min, chars);
    if (info.chars > options_.max_chars) return dropped(Rule::max, chars);
    const std::uint64_t lines = text::count_lines(info);
    if (lines < options_.min_lines) return dropped(Rule::min_lines, static_cast<double>(lines));
    if (lines > options_.max_lines) return dropped(Rule::max_lines, static_cast<double>(lines));
    const bool quality = options_.quality_on.any();
    if (!options_.require_any.empty() || options_.max_code_ratio || quality) {
        const std::string_view decoded = json::string_value(*text, scratch_);
        if (!options_.require_any.empty()) {
            bool found = false;
            for (const std::string& word : options_.require_any) {
                if (decoded.find(word) != std::string_view::npos) {
                    found = true;
                    break;
                }
            }
            if (!found) return dropped(Rule::require_any);
        }
        if (options_.max_code_ratio) {
            const double ratio = text::fenced_code_ratio(decoded);
            if (ratio > *options_.max_code_ratio) return dropped(Rule::code_ratio, ratio);
        }
        if (quality) {
            if (decoded.size() >= std::numeric_limits<std::uint32_t>::max()) {
                return Verdict{Verdict::Kind::bad, Rule::empty, {}, "the quality rules measure texts under 4 GiB"};
            }
            text_.assign(decoded);
            text_chars_ = info.chars;
        }
    }
    for (const FieldMatch& match : options_.fields) {
        const json::Member* m = record.find(match.name);
        if (!m || !matches(*m, match)) return dropped(Rule::field);
    }
    text_replaced_ = false;
    quality_.clear();
    if (quality) {
        if (auto verdict = apply_quality(record)) return *std::move(verdict);
    }

    // The output record: the seed fields first, then (with --keep-fields) the rest in input order.
    std::array<Entry, seed_fields.size()> seed_entries;
    std::size_t seeds = 0;
    seed_entries[seeds++] =
        text_replaced_ ? Entry::made_of("text", text_) : Entry::of("text", text, !json::key_equals(*text, "text"));
    const json::Member* domain = record.find("domain");
    if (!options_.domain.empty()) {
        const bool same =
            domain && domain->type == json::Type::string && json::string_value(*domain, scratch_) == options_.domain;
        seed_entries[seeds++] = same ? Entry::of("domain", domain) : Entry::made_of("domain", options_.domain);
    } else if (domain) {
        seed_entries[seeds++] = Entry::of("domain", domain);
    }
    if (const json::Member* source = record.find("source")) {
        seed_entries[seeds++] = Entry::of("source", source);
    } else if (!record.input->stem.empty()) {
        seed_entries[seeds++] = Entry::made_of("source", record.input->stem);
    }
    for (const std::string_view name : {std::string_view("language"), std::string_view("category")}) {
        if (const json::Member* m = record.find(name)) seed_entries[seeds++] = Entry::of(name, m);
    }

    // With --annotate the measures go last, in place of any "quality" field the record had.
    const bool annotating = options_.annotate && quality;
    const auto passes_through = [&](const json::Member& m) {
        return &m != text && !is_seed_field(m) && !(annotating && json::key_equals(m, "quality"));
    };
    const auto end_record = [&] {
        if (annotating) {
            out += ",\"quality\":{";
            out += quality_;
            out += '}';
        }
        out += "}\n";
    };

    // Unchanged when the output would list exactly the input's members, in order, as they are.
    std::size_t others = 0;
    if (options_.keep_fields) {
        for (const json::Member& m : record.members) others += passes_through(m);
    }
    bool unchanged = seeds + others == record.members.size();
    for (std::size_t i = 0; unchanged && i < seeds; ++i) {
        unchanged = seed_entries[i].member == &record.members[i] && !seed_entries[i].renamed;
    }
    if (unchanged) {
        if (!annotating) {
            out.append(record.line);
            out += '\n';
            return Verdict{};
        }
        out.append(record.line.substr(0, record.line.rfind('}')));
        end_record();
        return Verdict{};
    }

    out += '{';
    for (std::size_t i = 0; i < seeds; ++i) {
        if (i > 0) out += ',';
        write_entry(out, seed_entries[i]);
    }
    if (options_.keep_fields) {
        for (const json::Member& m : record.members) {
            if (!passes_through(m)) continue;
            out += ',';
            write_entry(out, Entry::of(m.key, &m));
        }
    }
    end_record();
    return Verdict{};
}

namespace {

bool c4_rewrites(const FilterOptions& options) { return options.any_on(RuleSet::c4) && !options.annotate; }

// The rule's threshold as JSON ("null" for rules that have none).
std::string threshold_json(const FilterOptions& options, Rule rule) {
    switch (rule) {
        case Rule::min: return std::to_string(options.min_chars);
        case Rule::max: return std::to_string(options.max_chars);
        case Rule::min_lines: return std::to_string(options.min_lines);
        case Rule::max_lines: return std::to_string(options.max_lines);
        case Rule::code_ratio: return format_number(options.max_code_ratio.value_or(1));
        default: break;
    }
    const RuleInfo& info = rule_info(rule);
    if (info.kind == ValueKind::none || info.kind == ValueKind::flag) return "null";
    return format_number(options.threshold(rule), info.kind);
}

// The input record with "rejected_by" added at its end.
void write_rejected(std::string& out, const Record& record, const Verdict& verdict, const FilterOptions& options) {
    const RuleInfo& info = rule_info(verdict.rule);
    out.append(record.line.substr(0, record.line.rfind('}')));
    out += ",\"rejected_by\":{\"rule\":\"";
    out += info.name;
    out += "\",\"value\":";
    if (!verdict.value)
        out += "null";
    else if (info.kind == ValueKind::flag)
        out += *verdict.value != 0 ? "true" : "false";
    else
        out += format_number(*verdict.value, info.kind);
    out += ",\"threshold\":";
    out += threshold_json(options, verdict.rule);
    out += "}}\n";
}

}  // namespace

std::string summary_line(const Counts& counts, const FilterOptions& options, const C4LineCounts& c4_removed) {
    std::uint64_t dropped = 0;
    std::string rules;
    for (std::size_t i = 0; i < rule_count; ++i) {
        if (counts.dropped[i] == 0) continue;
        dropped += counts.dropped[i];
        if (!rules.empty()) rules += ", ";
        rules += std::string(rule_name(rule_at(i))) + " " + std::to_string(counts.dropped[i]);
    }
    std::string line = "read " + std::to_string(counts.read) + ", kept " + std::to_string(counts.kept) + ", dropped " +
                       std::to_string(dropped);
    if (!rules.empty()) line += " (" + rules + ")";
    if (counts.bad > 0) line += ", skipped " + std::to_string(counts.bad) + " bad";
    if (c4_rewrites(options)) {
        line += "; c4 removed " + std::to_string(total_lines(c4_removed)) + " lines";
        std::string reasons;
        for (std::size_t k = 0; k < c4_line_rule_count; ++k) {
            if (c4_removed[k] == 0) continue;
            if (!reasons.empty()) reasons += ", ";
            reasons += std::string(c4_line_rule_name(static_cast<C4LineRule>(k))) + " " + std::to_string(c4_removed[k]);
        }
        if (!reasons.empty()) line += " (" + reasons + ")";
    }
    return line;
}

std::string report_json(const Counts& counts, const FilterOptions& options, const C4LineCounts& c4_removed) {
    std::uint64_t dropped = 0;
    for (const std::uint64_t n : counts.dropped) dropped += n;
    std::string out = "{\"read\":" + std::to_string(counts.read) + ",\"kept\":" + std::to_string(counts.kept) +
                      ",\"dropped\":" + std::to_string(dropped) + ",\"bad\":" + std::to_string(counts.bad);
    for (std::size_t i = 0; i < rule_count; ++i) {
        if (i >= first_quality_rule && !options.quality_on.test(i)) continue;
        std::string key(rule_name(rule_at(i)));
        std::replace(key.begin(), key.end(), '-', '_');
        out += ",\"dropped_" + key + "\":" + std::to_string(counts.dropped[i]);
    }
    if (c4_rewrites(options)) {
        out += ",\"c4_lines_removed\":" + std::to_string(total_lines(c4_removed));
        for (std::size_t k = 0; k < c4_line_rule_count; ++k) {
            std::string key(c4_line_rule_name(static_cast<C4LineRule>(k)));
            std::replace(key.begin(), key.end(), '-', '_');
            out += ",\"c4_lines_removed_" + key + "\":" + std::to_string(c4_removed[k]);
        }
    }
    out += "}\n";
    return out;
}

int run(const FilterOptions& options) {
    const Diagnostics diagnostics("seed-filter", options.io.quiet);
    RecordReader reader(options.io.inputs, options.io.on_error, diagnostics);
    io::Output output(options.io.output);
    // Every output file is opened (as a temporary file) before any record is read, so that a
    // report that cannot be written fails the run before the other files are put in place.
    std::optional<io::Output> rejected;
    if (!options.rejected.empty()) rejected.emplace(options.rejected);
    std::optional<io::Output> report;
    if (!options.report.empty()) report.emplace(options.report);
    Filter filter(options);
    Counts counts;
    Record record;
    std::string line;
    while (reader.next(record)) {
        line.clear();
        const Verdict verdict = filter.apply(record, line);
        switch (verdict.kind) {
            case Verdict::Kind::kept:
                ++counts.kept;
                output.write(line);
                break;
            case Verdict::Kind::dropped:
                ++counts.dropped[static_cast<std::size_t>(verdict.rule)];
                if (rejected) {
                    write_rejected(line, record, verdict, options);
                    rejected->write(line);
                }
                break;
            case Verdict::Kind::bad: reader.reject(record, verdict.message); break;
        }
    }
    counts.read = reader.records_read();
    counts.bad = reader.rejected();
    if (report) report->write(report_json(counts, options, filter.c4_lines_removed()));
    output.commit();
    if (rejected) rejected->commit();
    if (report) report->commit();
    diagnostics.summary(summary_line(counts, options, filter.c4_lines_removed()));
    return 0;
}

}  // namespace seed::filter
