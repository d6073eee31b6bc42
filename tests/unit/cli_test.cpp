// Unit tests for common/cli and the shared-option helpers of common/tool: GNU-style parsing,
// exact usage-error messages, "did you mean", help text layout, both tools' option tables and
// the value parsers.
#include "cli.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <limits>
#include <new>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"
#include "filter.hpp"
#include "stats.hpp"
#include "tool.hpp"
#include "utf8.hpp"

namespace {

using seed::cli::Arg;
using seed::cli::Args;
using seed::cli::Command;
using seed::cli::Option;

// Parses `words` (without the program name) by `command`.
seed::Result<Args> parse(const Command& command, const std::vector<std::string>& words) {
    std::vector<const char*> argv{"prog"};
    for (const std::string& w : words) argv.push_back(w.c_str());
    return seed::cli::parse(command, static_cast<int>(argv.size()), argv.data());
}

Args parse_ok(const Command& command, const std::vector<std::string>& words) {
    auto result = parse(command, words);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error());
    return result.ok() ? std::move(result).value() : Args{};
}

std::string parse_error(const Command& command, const std::vector<std::string>& words) {
    const auto result = parse(command, words);
    return result.ok() ? "(accepted)" : result.error();
}

// "name=value" or "name" per option, for compact comparisons.
std::vector<std::string> flat(const Args& args) {
    std::vector<std::string> out;
    for (const Arg& arg : args.options) {
        out.push_back(std::string(arg.option->long_name) + (arg.option->metavar.empty() ? "" : "=" + arg.value));
    }
    return out;
}

using Strings = std::vector<std::string>;

const Command& filter() { return seed::filter::command(); }
const Command& stats() { return seed::stats::command(); }

const Option& option_named(const Command& command, std::string_view long_name) {
    for (const Option& option : command.options) {
        if (option.long_name == long_name) return option;
    }
    throw std::logic_error("no option " + std::string(long_name));
}

// ---- parse()

TEST(CliParse, NoArguments) {
    const Args args = parse_ok(filter(), {});
    EXPECT_TRUE(args.options.empty());
    EXPECT_TRUE(args.operands.empty());
}

TEST(CliParse, LongForms) {
    const Args args =
        parse_ok(filter(), {"--max=5", "--min", "3", "--output=a=b", "--keep-fields", "--domain", "code"});
    EXPECT_EQ(flat(args), (Strings{"max=5", "min=3", "output=a=b", "keep-fields", "domain=code"}));
    EXPECT_TRUE(args.operands.empty());
    EXPECT_TRUE(args.options[0].is("max"));
    EXPECT_FALSE(args.options[0].is("min"));
}

TEST(CliParse, LongValueMayBeEmptyOrLookLikeAnOption) {
    EXPECT_EQ(flat(parse_ok(filter(), {"--max="})), (Strings{"max="}));
    EXPECT_EQ(flat(parse_ok(filter(), {"--max", "-5"})), (Strings{"max=-5"}));
    EXPECT_EQ(flat(parse_ok(filter(), {"--output", "--quiet"})), (Strings{"output=--quiet"}));
    EXPECT_EQ(flat(parse_ok(filter(), {"--require-any", "def ,class "})), (Strings{"require-any=def ,class "}));
}

TEST(CliParse, ShortForms) {
    EXPECT_EQ(flat(parse_ok(filter(), {"-oFILE"})), (Strings{"output=FILE"}));
    EXPECT_EQ(flat(parse_ok(filter(), {"-o", "FILE"})), (Strings{"output=FILE"}));
    EXPECT_EQ(flat(parse_ok(filter(), {"-o", "-"})), (Strings{"output=-"}));
    EXPECT_EQ(flat(parse_ok(filter(), {"-o-q"})), (Strings{"output=-q"}));
}

TEST(CliParse, BundledShortFlags) {
    EXPECT_EQ(flat(parse_ok(filter(), {"-qh"})), (Strings{"quiet", "help"}));
    EXPECT_EQ(flat(parse_ok(filter(), {"-hq"})), (Strings{"help", "quiet"}));
    EXPECT_EQ(flat(parse_ok(filter(), {"-qoFILE"})), (Strings{"quiet", "output=FILE"}));
    EXPECT_EQ(flat(parse_ok(filter(), {"-qo", "FILE"})), (Strings{"quiet", "output=FILE"}));
    // The value option takes the rest of the word, flags included.
    EXPECT_EQ(flat(parse_ok(filter(), {"-oqh"})), (Strings{"output=qh"}));
}

TEST(CliParse, OperandsMixAndDashes) {
    const Args args =
        parse_ok(filter(), {"a.jsonl", "--max", "5", "-", "b.jsonl", "-q", "--", "--min", "-", "-q", "--"});
    EXPECT_EQ(flat(args), (Strings{"max=5", "quiet"}));
    EXPECT_EQ(args.operands, (Strings{"a.jsonl", "-", "b.jsonl", "--min", "-", "-q", "--"}));
    EXPECT_EQ(parse_ok(filter(), {""}).operands, (Strings{""}));
    EXPECT_EQ(parse_ok(filter(), {"--"}).operands, Strings{});
}

TEST(CliParse, Errors) {
    EXPECT_EQ(parse_error(filter(), {"--mx"}), "unrecognized option '--mx' (did you mean '--max'?)");
    EXPECT_EQ(parse_error(filter(), {"--mx=3"}), "unrecognized option '--mx' (did you mean '--max'?)");
    EXPECT_EQ(parse_error(filter(), {"--zzzzzz"}), "unrecognized option '--zzzzzz'");
    EXPECT_EQ(parse_error(filter(), {"-z"}), "unrecognized option '-z'");
    EXPECT_EQ(parse_error(filter(), {"-qz"}), "unrecognized option '-z'");
    EXPECT_EQ(parse_error(filter(), {"--max"}), "option '--max' needs a value (N)");
    EXPECT_EQ(parse_error(filter(), {"a", "--field"}), "option '--field' needs a value (NAME=VALUE)");
    EXPECT_EQ(parse_error(filter(), {"--output"}), "option '--output' needs a value (FILE)");
    EXPECT_EQ(parse_error(filter(), {"-o"}), "option '-o' needs a value (FILE)");
    EXPECT_EQ(parse_error(filter(), {"-qo"}), "option '-o' needs a value (FILE)");
    EXPECT_EQ(parse_error(filter(), {"--quiet=1"}), "option '--quiet' takes no value");
    EXPECT_EQ(parse_error(filter(), {"--keep-fields="}), "option '--keep-fields' takes no value");
    EXPECT_EQ(parse_error(stats(), {"--json=yes"}), "option '--json' takes no value");
    EXPECT_EQ(parse_error(stats(), {"--max", "5"}), "unrecognized option '--max'");  // seed-filter's, not seed-stats'
    EXPECT_EQ(parse_error(stats(), {"--jsn"}), "unrecognized option '--jsn' (did you mean '--json'?)");
    // The first error wins, even after valid options.
    EXPECT_EQ(parse_error(filter(), {"--max", "5", "--bogus", "--mx"}), "unrecognized option '--bogus'");
}

TEST(CliParse, DidYouMean) {
    EXPECT_EQ(seed::cli::nearest_option(filter(), "mx"), "max");
    EXPECT_EQ(seed::cli::nearest_option(filter(), "quite"), "quiet");
    EXPECT_EQ(seed::cli::nearest_option(filter(), "keepfields"), "keep-fields");
    EXPECT_EQ(seed::cli::nearest_option(filter(), "on-eror"), "on-error");
    EXPECT_EQ(seed::cli::nearest_option(filter(), "verison"), "version");
    EXPECT_EQ(seed::cli::nearest_option(filter(), "maxcoderatio"), "max-code-ratio");
    EXPECT_EQ(seed::cli::nearest_option(filter(), "max-line"), "max-lines");
    EXPECT_EQ(seed::cli::nearest_option(filter(), "mix"), "min");  // a tie goes to the earlier option
    EXPECT_EQ(seed::cli::nearest_option(filter(), "xyz"), "");
    EXPECT_EQ(seed::cli::nearest_option(filter(), "completely-different"), "");
    EXPECT_EQ(seed::cli::nearest_option(stats(), "by"), "by");
    EXPECT_EQ(parse_error(filter(), {"---max"}), "unrecognized option '---max' (did you mean '--max'?)");
}

// ---- help and version

TEST(CliHelp, ExactLayout) {
    const Command command{
        "tool",
        "[X]",
        "Does it.",
        {
            {'a', "alpha", "N", "first"},
            {0, "abcdefghijklmnop", "", "fits exactly"},  // "      --abcdefghijklmnop" is 24 columns
            {0, "abcdefghijklmnopq", "", "wraps"},        // 25 columns: the help goes below
            {'b', "beta", "", "flag"},
        },
        "Epilog.\n",
    };
    const std::string expected =
        "Usage: tool [X]\n"
        "Does it.\n"
        "\n"
        "Options:\n"
        "  -a, --alpha N           first\n"
        "      --abcdefghijklmnop  fits exactly\n"
        "      --abcdefghijklmnopq\n"
        "                          wraps\n"
        "  -b, --beta              flag\n"
        "\n"
        "Epilog.\n";
    EXPECT_EQ(seed::cli::help_text(command), expected);
}

void expect_lines_fit(const std::string& text) {
    std::size_t start = 0;
    std::size_t lines = 0;
    while (start < text.size()) {
        const std::size_t nl = text.find('\n', start);
        ASSERT_NE(nl, std::string::npos) << "help text must end with a newline";
        const std::string_view line(text.data() + start, nl - start);
        EXPECT_LE(seed::utf8::count_code_points(line), 79u) << line;
        EXPECT_FALSE(line.ends_with(' ')) << "trailing blank: '" << line << "'";
        start = nl + 1;
        ++lines;
    }
    EXPECT_GT(lines, 5u);
}

TEST(CliHelp, FilterFits79Columns) {
    const std::string help = seed::cli::help_text(filter());
    expect_lines_fit(help);
    EXPECT_TRUE(help.starts_with("Usage: seed-filter [OPTIONS] [FILE...]\n"));
    EXPECT_NE(help.find("\n  -o, --output FILE       write to FILE"), std::string::npos);
    for (const Option& option : filter().options) {
        EXPECT_NE(help.find("--" + std::string(option.long_name)), std::string::npos) << option.long_name;
    }
}

TEST(CliHelp, StatsFits79Columns) {
    const std::string help = seed::cli::help_text(stats());
    expect_lines_fit(help);
    EXPECT_TRUE(help.starts_with("Usage: seed-stats [OPTIONS] [FILE...]\n"));
    for (const Option& option : stats().options) {
        EXPECT_NE(help.find("--" + std::string(option.long_name)), std::string::npos) << option.long_name;
    }
}

TEST(CliHelp, Version) {
    EXPECT_EQ(seed::cli::version_text("seed-filter"), "seed-filter (seed-tools) 0.1.0\n");
    EXPECT_EQ(seed::cli::version_text("seed-stats"), "seed-stats (seed-tools) 0.1.0\n");
}

// ---- the option tables

void check_table(const Command& command, const std::set<std::string>& value_options) {
    std::set<std::string> longs;
    std::set<char> shorts;
    for (const Option& option : command.options) {
        const std::string name(option.long_name);
        EXPECT_TRUE(longs.insert(name).second) << "duplicate --" << name;
        if (option.short_name != 0) {
            EXPECT_TRUE(shorts.insert(option.short_name).second) << "duplicate -" << option.short_name;
        }
        EXPECT_FALSE(name.empty());
        EXPECT_EQ(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-"), std::string::npos) << name;
        EXPECT_FALSE(option.help.empty()) << name;
        // Every option that takes a value has a metavariable (and only those have one).
        EXPECT_EQ(!option.metavar.empty(), value_options.count(name) == 1) << name;
        if (!option.metavar.empty()) {
            EXPECT_EQ(option.metavar.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ="), std::string_view::npos) << name;
        }
    }
    for (const std::string& name : value_options) EXPECT_EQ(longs.count(name), 1u) << name;
    // The shared options, last and in this order.
    const std::vector<std::string> shared{"output", "on-error", "quiet", "help", "version"};
    ASSERT_GE(command.options.size(), shared.size());
    for (std::size_t i = 0; i < shared.size(); ++i) {
        EXPECT_EQ(command.options[command.options.size() - shared.size() + i].long_name, shared[i]);
    }
    EXPECT_EQ(option_named(command, "output").short_name, 'o');
    EXPECT_EQ(option_named(command, "quiet").short_name, 'q');
    EXPECT_EQ(option_named(command, "help").short_name, 'h');
}

TEST(CliTable, Filter) {
    std::set<std::string> value_options{"domain",
                                        "min",
                                        "max",
                                        "min-lines",
                                        "max-lines",
                                        "require-any",
                                        "max-code-ratio",
                                        "field",
                                        "output",
                                        "on-error",
                                        "fineweb-short-line-length",
                                        "c4-min-words-per-line",
                                        "c4-max-word-length",
                                        "stop-words",
                                        "disable",
                                        "report",
                                        "rejected"};
    for (std::size_t i = seed::filter::first_quality_rule; i < seed::filter::rule_count; ++i) {
        const auto& rule = seed::filter::rule_info(seed::filter::rule_at(i));
        if (!rule.option.empty()) value_options.insert(std::string(rule.option));
    }
    check_table(filter(), value_options);
    EXPECT_EQ(filter().name, "seed-filter");
}

TEST(CliTable, Stats) {
    check_table(stats(), {"by", "hist", "output", "on-error"});
    EXPECT_EQ(stats().name, "seed-stats");
}

TEST(CliTable, WithSharedOptions) {
    const auto options = seed::tool::with_shared_options({{'x', "own", "V", "mine"}});
    ASSERT_EQ(options.size(), 6u);
    EXPECT_EQ(options[0].long_name, "own");
    EXPECT_EQ(options[1].long_name, "output");
    EXPECT_EQ(options[1].metavar, "FILE");
    EXPECT_EQ(options[2].long_name, "on-error");
    EXPECT_EQ(options[2].metavar, "MODE");
    EXPECT_EQ(options[5].long_name, "version");
    EXPECT_EQ(options[5].short_name, 0);
}

// ---- value parsers

TEST(CliParseCount, Values) {
    EXPECT_EQ(seed::cli::parse_count("0").value(), 0u);
    EXPECT_EQ(seed::cli::parse_count("42").value(), 42u);
    EXPECT_EQ(seed::cli::parse_count("007").value(), 7u);
    EXPECT_EQ(seed::cli::parse_count("18446744073709551615").value(), std::numeric_limits<std::uint64_t>::max());
}

TEST(CliParseCount, Errors) {
    auto error = [](std::string_view text) {
        const auto r = seed::cli::parse_count(text);
        return r.ok() ? std::string("(accepted)") : r.error();
    };
    EXPECT_EQ(error(""), "not a non-negative integer: ''");
    EXPECT_EQ(error("1O0"), "not a non-negative integer: '1O0'");
    EXPECT_EQ(error("-1"), "not a non-negative integer: '-1'");
    EXPECT_EQ(error("-0"), "not a non-negative integer: '-0'");
    EXPECT_EQ(error("+1"), "not a non-negative integer: '+1'");
    EXPECT_EQ(error(" 1"), "not a non-negative integer: ' 1'");
    EXPECT_EQ(error("1 "), "not a non-negative integer: '1 '");
    EXPECT_EQ(error("0x10"), "not a non-negative integer: '0x10'");
    EXPECT_EQ(error("1.5"), "not a non-negative integer: '1.5'");
    EXPECT_EQ(error("1e3"), "not a non-negative integer: '1e3'");
    EXPECT_EQ(error("18446744073709551616"), "too large: '18446744073709551616'");
    EXPECT_EQ(error("99999999999999999999999"), "too large: '99999999999999999999999'");
    EXPECT_EQ(error("99999999999999999999999x"), "not a non-negative integer: '99999999999999999999999x'");
}

TEST(CliParseFraction, Values) {
    EXPECT_EQ(seed::cli::parse_fraction("0").value(), 0.0);
    EXPECT_EQ(seed::cli::parse_fraction("1").value(), 1.0);
    EXPECT_EQ(seed::cli::parse_fraction("0.3").value(), 0.3);
    EXPECT_EQ(seed::cli::parse_fraction(".5").value(), 0.5);
    EXPECT_EQ(seed::cli::parse_fraction("1.0").value(), 1.0);
    EXPECT_EQ(seed::cli::parse_fraction("1e-1").value(), 0.1);
    EXPECT_EQ(seed::cli::parse_fraction("0.25E0").value(), 0.25);
}

TEST(CliParseFraction, Errors) {
    auto error = [](std::string_view text) {
        const auto r = seed::cli::parse_fraction(text);
        return r.ok() ? std::string("(accepted)") : r.error();
    };
    EXPECT_EQ(error(""), "not a number: ''");
    EXPECT_EQ(error("x"), "not a number: 'x'");
    EXPECT_EQ(error("0.5x"), "not a number: '0.5x'");
    EXPECT_EQ(error(" 0.5"), "not a number: ' 0.5'");
    EXPECT_EQ(error("+0.5"), "not a number: '+0.5'");
    EXPECT_EQ(error("nan"), "not a number: 'nan'");
    EXPECT_EQ(error("inf"), "not a number: 'inf'");
    EXPECT_EQ(error("0,5"), "not a number: '0,5'");
    EXPECT_EQ(error("2"), "must be between 0 and 1: '2'");
    EXPECT_EQ(error("1.0000001"), "must be between 0 and 1: '1.0000001'");
    EXPECT_EQ(error("-0.1"), "must be between 0 and 1: '-0.1'");
    EXPECT_EQ(error("1e3"), "must be between 0 and 1: '1e3'");
}

TEST(CliParseList, Values) {
    EXPECT_EQ(seed::cli::parse_list("a").value(), (Strings{"a"}));
    EXPECT_EQ(seed::cli::parse_list("a,b").value(), (Strings{"a", "b"}));
    EXPECT_EQ(seed::cli::parse_list("def ,class ,async def ").value(), (Strings{"def ", "class ", "async def "}));
    EXPECT_EQ(seed::cli::parse_list(" ").value(), (Strings{" "}));
    EXPECT_EQ(seed::cli::parse_list("a, ,b").value(), (Strings{"a", " ", "b"}));
}

TEST(CliParseList, EmptyItems) {
    auto error = [](std::string_view text) {
        const auto r = seed::cli::parse_list(text);
        return r.ok() ? std::string("(accepted)") : r.error();
    };
    EXPECT_EQ(error("a,,b"), "empty item in list: 'a,,b'");
    EXPECT_EQ(error(""), "empty item in list: ''");
    EXPECT_EQ(error(",a"), "empty item in list: ',a'");
    EXPECT_EQ(error("a,"), "empty item in list: 'a,'");
    EXPECT_EQ(error(","), "empty item in list: ','");
}

// ---- tool.hpp: shared options and the front door

TEST(ToolSharedOptions, Apply) {
    seed::tool::IoOptions io;
    const Args args = parse_ok(filter(), {"-o", "out.jsonl", "--on-error=skip", "-q", "--max", "5"});
    ASSERT_EQ(args.options.size(), 4u);
    auto applied = [&](std::size_t i) {
        const auto r = seed::tool::apply_shared_option(args.options[i], io);
        EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error());
        return r.ok() && r.value();
    };
    EXPECT_TRUE(applied(0));
    EXPECT_EQ(io.output, "out.jsonl");
    EXPECT_TRUE(applied(1));
    EXPECT_EQ(io.on_error, seed::OnError::skip);
    EXPECT_TRUE(applied(2));
    EXPECT_TRUE(io.quiet);
    EXPECT_FALSE(applied(3));  // --max is the tool's own
    EXPECT_EQ(io.output, "out.jsonl");

    const Args fail = parse_ok(filter(), {"--on-error", "fail"});
    ASSERT_TRUE(seed::tool::apply_shared_option(fail.options[0], io).ok());
    EXPECT_EQ(io.on_error, seed::OnError::fail);
}

TEST(ToolSharedOptions, Defaults) {
    const seed::tool::IoOptions io;
    EXPECT_TRUE(io.inputs.empty());
    EXPECT_TRUE(io.output.empty());
    EXPECT_EQ(io.on_error, seed::OnError::fail);
    EXPECT_FALSE(io.quiet);
}

TEST(ToolSharedOptions, Errors) {
    seed::tool::IoOptions io;
    auto error = [&](const Strings& words) {
        const Args args = parse_ok(filter(), words);
        EXPECT_EQ(args.options.size(), 1u);
        if (args.options.empty()) return std::string();
        const auto r = seed::tool::apply_shared_option(args.options[0], io);
        return r.ok() ? std::string("(accepted)") : r.error();
    };
    EXPECT_EQ(error({"--on-error=x"}), "--on-error: expected 'fail' or 'skip', not 'x'");
    EXPECT_EQ(error({"--on-error", ""}), "--on-error: expected 'fail' or 'skip', not ''");
    EXPECT_EQ(error({"--on-error=Skip"}), "--on-error: expected 'fail' or 'skip', not 'Skip'");
    EXPECT_EQ(error({"--output="}), "--output: empty file name");
    EXPECT_EQ(error({"-o", ""}), "--output: empty file name");
    EXPECT_EQ(io.output, "");
}

std::vector<const char*> argv_of(const std::vector<const char*>& words) { return words; }

TEST(ToolCommandLine, HelpAndVersionGoToStdout) {
    const auto help_argv = argv_of({"seed-filter", "--max", "5", "--help"});
    testing::internal::CaptureStdout();
    const auto help = seed::tool::parse_command_line(filter(), static_cast<int>(help_argv.size()), help_argv.data());
    EXPECT_EQ(testing::internal::GetCapturedStdout(), seed::cli::help_text(filter()));
    EXPECT_FALSE(help.has_value());

    const auto version_argv = argv_of({"seed-stats", "--version"});
    testing::internal::CaptureStdout();
    const auto version =
        seed::tool::parse_command_line(stats(), static_cast<int>(version_argv.size()), version_argv.data());
    EXPECT_EQ(testing::internal::GetCapturedStdout(), "seed-stats (seed-tools) 0.1.0\n");
    EXPECT_FALSE(version.has_value());
}

TEST(ToolCommandLine, ArgsOrUsageError) {
    const auto ok_argv = argv_of({"seed-filter", "--max", "5", "in.jsonl"});
    const auto args = seed::tool::parse_command_line(filter(), static_cast<int>(ok_argv.size()), ok_argv.data());
    ASSERT_TRUE(args.has_value());
    EXPECT_EQ(flat(*args), (Strings{"max=5"}));
    EXPECT_EQ(args->operands, (Strings{"in.jsonl"}));

    const auto bad_argv = argv_of({"seed-filter", "--mx", "5", "--help"});
    try {
        (void)seed::tool::parse_command_line(filter(), static_cast<int>(bad_argv.size()), bad_argv.data());
        FAIL() << "no UsageError";
    } catch (const seed::UsageError& e) {
        EXPECT_STREQ(e.what(), "unrecognized option '--mx' (did you mean '--max'?)");
    }
}

TEST(ToolCommandLine, OrUsageError) {
    EXPECT_EQ(seed::tool::or_usage_error(seed::Result<int>(3)), 3);
    try {
        (void)seed::tool::or_usage_error(seed::Result<int>(seed::Fail{"--max: too large: '9'"}));
        FAIL() << "no UsageError";
    } catch (const seed::UsageError& e) {
        EXPECT_STREQ(e.what(), "--max: too large: '9'");
    }
}

TEST(ToolGuardedMain, ExitStatusAndMessages) {
    auto run = [](const std::function<int()>& body, std::string& err) {
        testing::internal::CaptureStderr();
        const int status = seed::tool::guarded_main("seed-filter", body);
        err = testing::internal::GetCapturedStderr();
        return status;
    };
    std::string err;
    EXPECT_EQ(run([] { return 0; }, err), 0);
    EXPECT_EQ(err, "");
    EXPECT_EQ(run([]() -> int { throw seed::UsageError("unrecognized option '-z'"); }, err), 2);
    EXPECT_EQ(err, "seed-filter: unrecognized option '-z'\nTry 'seed-filter --help' for more information.\n");
    EXPECT_EQ(run([]() -> int { throw seed::Error(seed::Location{"in.jsonl", 3}, "bad"); }, err), 1);
    EXPECT_EQ(err, "seed-filter: in.jsonl:3: bad\n");
    EXPECT_EQ(run([]() -> int { throw seed::BrokenPipe(); }, err), 0);
    EXPECT_EQ(err, "");
    EXPECT_EQ(run([]() -> int { throw std::bad_alloc(); }, err), 1);
    EXPECT_EQ(err, "seed-filter: out of memory\n");
    EXPECT_EQ(run([]() -> int { throw std::runtime_error("odd"); }, err), 1);
    EXPECT_EQ(err, "seed-filter: odd\n");
}

}  // namespace
