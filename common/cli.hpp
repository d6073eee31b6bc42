// Command lines: one option table per tool feeds the parser, --help and "did you mean".
// Parsing does no I/O; value parsers return a message that the caller prefixes with the
// option's name ("--max: not a number: '1O0'").
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "result.hpp"

namespace seed::cli {

struct Option {
    char short_name = 0;         // 0: long form only
    std::string_view long_name;  // without the dashes
    std::string_view metavar;    // empty: a flag that takes no value
    std::string_view help;       // one line
};

struct Command {
    std::string_view name;      // "seed-filter"
    std::string_view synopsis;  // "[OPTIONS] [FILE...]"
    std::string_view purpose;   // one sentence for the top of --help
    std::vector<Option> options;
    std::string_view epilog;  // printed after the option list
};

// One option as given, in command-line order.
struct Arg {
    const Option* option = nullptr;
    std::string value;  // empty for flags
    bool is(std::string_view long_name) const { return option->long_name == long_name; }
};

struct Args {
    std::vector<Arg> options;
    std::vector<std::string> operands;
};

// GNU-style parsing: --name VALUE, --name=VALUE, -x VALUE, -xVALUE, bundled flags (-qv),
// "--" ends the options, "-" is an operand. Options and operands may be mixed.
Result<Args> parse(const Command& command, int argc, const char* const* argv);

std::string help_text(const Command& command);
std::string version_text(std::string_view name);

// "Did you mean" for an unknown long option: the nearest long name, or empty when none is near.
std::string_view nearest_option(const Command& command, std::string_view unknown);

// Reads a counting option's value into `into`; a bad value's message names the option
// ("--max: not a non-negative integer: '1O0'").
Result<void> read_count(const Arg& arg, std::uint64_t& into);

// Value parsers.
Result<std::uint64_t> parse_count(std::string_view text);  // a non-negative integer
Result<double> parse_fraction(std::string_view text);      // a number in [0, 1]
Result<double> parse_non_negative(std::string_view text);  // a finite number >= 0
// A comma-separated list; items kept as written (spaces too), empty items refused.
Result<std::vector<std::string>> parse_list(std::string_view text);

}  // namespace seed::cli
