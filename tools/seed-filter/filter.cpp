// seed-filter's options, rules and output.
#include "filter.hpp"

#include "output.hpp"
#include "text.hpp"

namespace seed::filter {

namespace {

// Fields of the seed format, written first and in this order.
constexpr std::array<std::string_view, 5> seed_fields{"text", "domain", "source", "language", "category"};
// Where the text is taken from, in order of preference (as merge_corpus.py does).
constexpr std::array<std::string_view, 3> text_fields{"text", "content", "code"};

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

Result<FieldMatch> parse_field_match(std::string_view text) {
    const std::size_t eq = text.find('=');
    if (eq == std::string_view::npos || eq == 0) {
        return Fail{"--field: expected NAME=VALUE, not '" + std::string(text) + "'"};
    }
    return FieldMatch{std::string(text.substr(0, eq)), std::string(text.substr(eq + 1))};
}

}  // namespace

const cli::Command& command() {
    static const cli::Command cmd{
        "seed-filter",
        "[OPTIONS] [FILE...]",
        "Normalize JSONL records to the seed format and keep those that pass every rule.",
        tool::with_shared_options({
            {0, "domain", "KIND", "set the domain field: code or nl"},
            {0, "min", "N", "drop texts shorter than N characters (code points)"},
            {0, "max", "N", "drop texts longer than N characters"},
            {0, "min-lines", "N", "drop texts of fewer than N lines"},
            {0, "max-lines", "N", "drop texts of more than N lines"},
            {0, "require-any", "WORDS", "keep texts containing any of WORDS (comma-separated)"},
            {0, "max-code-ratio", "R", "drop texts with more than R (0..1) in code fences"},
            {0, "field", "NAME=VALUE", "keep records whose NAME equals VALUE (repeatable)"},
            {0, "keep-fields", "", "pass every other field through as well"},
        }),
        "The text is taken from 'text', else 'content', else 'code'. Rules are tried\n"
        "in the order above; the summary counts drops by rule. See seed-filter(1).\n",
    };
    return cmd;
}

Result<FilterOptions> make_options(const cli::Args& args) {
    FilterOptions options;
    options.io.inputs = args.operands;
    bool min_given = false;
    bool max_given = false;
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
        }
        if (!done) return Fail{done.error()};
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

std::string_view rule_name(Rule rule) {
    static constexpr std::array<std::string_view, rule_count> names{
        "empty", "min", "max", "min-lines", "max-lines", "require-any", "code-ratio", "field"};
    return names[static_cast<std::size_t>(rule)];
}

bool Filter::matches(const json::Member& member, const FieldMatch& match) {
    if (member.type == json::Type::string) return json::string_value(member, scratch_) == match.value;
    // Other values compare by their compact JSON text: --field n=5, --field ok=true.
    scratch_.clear();
    json::write_value(scratch_, member);
    return scratch_ == match.value;
}

Verdict Filter::apply(const Record& record, std::string& out) {
    auto dropped = [](Rule rule) { return Verdict{Verdict::Kind::dropped, rule, {}}; };

    // The text: the first of text/content/code that is a non-empty string; null counts as absent.
    const json::Member* text = nullptr;
    bool saw_empty = false;
    for (const std::string_view name : text_fields) {
        const json::Member* m = record.find(name);
        if (!m || m->type == json::Type::null) continue;
        if (m->type != json::Type::string) {
            return Verdict{Verdict::Kind::bad, Rule::empty, json::not_a_string(name, m->type)};
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
        return Verdict{Verdict::Kind::bad, Rule::empty, "no text: the record has no 'text', 'content' or 'code' field"};
    }

    const json::StringInfo& info = text->string;
    if (info.chars < options_.min_chars) return dropped(Rule::min);
    if (info.chars > options_.max_chars) return dropped(Rule::max);
    const std::uint64_t lines = text::count_lines(info);
    if (lines < options_.min_lines) return dropped(Rule::min_lines);
    if (lines > options_.max_lines) return dropped(Rule::max_lines);
    if (!options_.require_any.empty() || options_.max_code_ratio) {
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
        if (options_.max_code_ratio && text::fenced_code_ratio(decoded) > *options_.max_code_ratio) {
            return dropped(Rule::code_ratio);
        }
    }
    for (const FieldMatch& match : options_.fields) {
        const json::Member* m = record.find(match.name);
        if (!m || !matches(*m, match)) return dropped(Rule::field);
    }

    // The output record: the seed fields first, then (with --keep-fields) the rest in input order.
    std::array<Entry, seed_fields.size()> seed_entries;
    std::size_t seeds = 0;
    seed_entries[seeds++] = Entry::of("text", text, !json::key_equals(*text, "text"));
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

    // Unchanged when the output would list exactly the input's members, in order, as they are.
    std::size_t others = 0;
    if (options_.keep_fields) {
        for (const json::Member& m : record.members) {
            if (&m != text && !is_seed_field(m)) ++others;
        }
    }
    bool unchanged = seeds + others == record.members.size();
    for (std::size_t i = 0; unchanged && i < seeds; ++i) {
        unchanged = seed_entries[i].member == &record.members[i] && !seed_entries[i].renamed;
    }
    if (unchanged) {
        out.append(record.line);
        out += '\n';
        return Verdict{};
    }

    out += '{';
    for (std::size_t i = 0; i < seeds; ++i) {
        if (i > 0) out += ',';
        write_entry(out, seed_entries[i]);
    }
    if (options_.keep_fields) {
        for (const json::Member& m : record.members) {
            if (&m == text || is_seed_field(m)) continue;
            out += ',';
            write_entry(out, Entry::of(m.key, &m));
        }
    }
    out += "}\n";
    return Verdict{};
}

std::string summary_line(const Counts& counts) {
    std::uint64_t dropped = 0;
    std::string rules;
    for (std::size_t i = 0; i < rule_count; ++i) {
        if (counts.dropped[i] == 0) continue;
        dropped += counts.dropped[i];
        if (!rules.empty()) rules += ", ";
        rules += std::string(rule_name(static_cast<Rule>(i))) + " " + std::to_string(counts.dropped[i]);
    }
    std::string line = "read " + std::to_string(counts.read) + ", kept " + std::to_string(counts.kept) + ", dropped " +
                       std::to_string(dropped);
    if (!rules.empty()) line += " (" + rules + ")";
    if (counts.bad > 0) line += ", skipped " + std::to_string(counts.bad) + " bad";
    return line;
}

int run(const FilterOptions& options) {
    const Diagnostics diagnostics("seed-filter", options.io.quiet);
    RecordReader reader(options.io.inputs, options.io.on_error, diagnostics);
    io::Output output(options.io.output);
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
            case Verdict::Kind::dropped: ++counts.dropped[static_cast<std::size_t>(verdict.rule)]; break;
            case Verdict::Kind::bad: reader.reject(record, verdict.message); break;
        }
    }
    output.commit();
    counts.read = reader.records_read();
    counts.bad = reader.rejected();
    diagnostics.summary(summary_line(counts));
    return 0;
}

}  // namespace seed::filter
