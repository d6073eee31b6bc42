// Option parsing and help text.
#include "cli.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "version.hpp"

namespace seed::cli {

namespace {

const Option* find_long(const Command& command, std::string_view name) {
    for (const Option& option : command.options) {
        if (option.long_name == name) return &option;
    }
    return nullptr;
}

const Option* find_short(const Command& command, char name) {
    for (const Option& option : command.options) {
        if (option.short_name != 0 && option.short_name == name) return &option;
    }
    return nullptr;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string quoted(std::string_view text) { return "'" + std::string(text) + "'"; }

}  // namespace

std::string_view nearest_option(const Command& command, std::string_view unknown) {
    std::string_view best;
    std::size_t best_distance = std::max<std::size_t>(2, unknown.size() / 3) + 1;
    for (const Option& option : command.options) {
        const std::size_t d = edit_distance(unknown, option.long_name);
        if (d < best_distance) {
            best_distance = d;
            best = option.long_name;
        }
    }
    return best;
}

Result<Args> parse(const Command& command, int argc, const char* const* argv) {
    Args args;
    bool options_done = false;
    for (int i = 1; i < argc; ++i) {
        const std::string_view word = argv[i];
        if (options_done || word == "-" || !word.starts_with('-')) {
            args.operands.emplace_back(word);
            continue;
        }
        if (word == "--") {
            options_done = true;
            continue;
        }
        if (word.starts_with("--")) {
            const std::string_view body = word.substr(2);
            const std::size_t eq = body.find('=');
            const std::string_view name = body.substr(0, eq);
            const Option* option = find_long(command, name);
            if (!option) {
                std::string message = "unrecognized option " + quoted(std::string("--") + std::string(name));
                if (const auto near = nearest_option(command, name); !near.empty()) {
                    message += " (did you mean " + quoted(std::string("--") + std::string(near)) + "?)";
                }
                return Fail{message};
            }
            Arg arg{option, {}};
            if (option->metavar.empty()) {
                if (eq != std::string_view::npos) return Fail{"option '--" + std::string(name) + "' takes no value"};
            } else if (eq != std::string_view::npos) {
                arg.value = body.substr(eq + 1);
            } else if (i + 1 < argc) {
                arg.value = argv[++i];
            } else {
                return Fail{"option '--" + std::string(name) + "' needs a value (" + std::string(option->metavar) +
                            ")"};
            }
            args.options.push_back(std::move(arg));
            continue;
        }
        // One or more short options: -q, -qv, -o FILE, -oFILE.
        for (std::size_t k = 1; k < word.size(); ++k) {
            const Option* option = find_short(command, word[k]);
            if (!option) return Fail{"unrecognized option " + quoted(std::string("-") + word[k])};
            Arg arg{option, {}};
            if (!option->metavar.empty()) {
                if (k + 1 < word.size()) {
                    arg.value = word.substr(k + 1);
                } else if (i + 1 < argc) {
                    arg.value = argv[++i];
                } else {
                    return Fail{"option '-" + std::string(1, word[k]) + "' needs a value (" +
                                std::string(option->metavar) + ")"};
                }
                args.options.push_back(std::move(arg));
                break;
            }
            args.options.push_back(std::move(arg));
        }
    }
    return args;
}

std::string help_text(const Command& command) {
    std::string out = "Usage: " + std::string(command.name) + " " + std::string(command.synopsis) + "\n";
    out += std::string(command.purpose) + "\n\nOptions:\n";
    constexpr std::size_t column = 26;
    for (const Option& option : command.options) {
        std::string left = "  ";
        left += option.short_name ? std::string("-") + option.short_name + ", " : std::string("    ");
        left += "--" + std::string(option.long_name);
        if (!option.metavar.empty()) left += " " + std::string(option.metavar);
        if (left.size() + 2 > column) {
            out += left + "\n" + std::string(column, ' ');
        } else {
            out += left + std::string(column - left.size(), ' ');
        }
        out += std::string(option.help) + "\n";
    }
    if (!command.epilog.empty()) out += "\n" + std::string(command.epilog);
    return out;
}

std::string version_text(std::string_view name) {
    return std::string(name) + " (seed-tools) " + std::string(seed::seed_version) + "\n";
}

Result<std::uint64_t> parse_count(std::string_view text) {
    std::uint64_t value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec == std::errc::invalid_argument || ptr != end) {
        return Fail{"not a non-negative integer: " + quoted(text)};
    }
    if (ec == std::errc::result_out_of_range) return Fail{"too large: " + quoted(text)};
    return value;
}

Result<double> parse_non_negative(std::string_view text) {
    double value = 0;
    const char* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc{} || ptr != end || !std::isfinite(value)) {
        return Fail{"not a number: " + quoted(text)};
    }
    if (value < 0) return Fail{"must not be negative: " + quoted(text)};
    return value;
}

Result<double> parse_fraction(std::string_view text) {
    auto value = parse_non_negative(text);
    if (value && value.value() > 1) return Fail{"must be between 0 and 1: " + quoted(text)};
    if (!value && value.error().starts_with("must not")) return Fail{"must be between 0 and 1: " + quoted(text)};
    return value;
}

Result<std::vector<std::string>> parse_list(std::string_view text) {
    std::vector<std::string> items;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = text.find(',', start);
        const std::string_view item = text.substr(start, comma - start);
        if (item.empty()) return Fail{"empty item in list: " + quoted(text)};
        items.emplace_back(item);
        if (comma == std::string_view::npos) break;
        start = comma + 1;
    }
    return items;
}

Result<void> read_count(const Arg& arg, std::uint64_t& into) {
    auto n = parse_count(arg.value);
    if (!n) return Fail{"--" + std::string(arg.option->long_name) + ": " + n.error()};
    into = n.value();
    return {};
}

}  // namespace seed::cli
