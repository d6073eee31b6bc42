// What every record tool shares at its edge: the common options (-o, --on-error, -q, --help,
// --version), the command-line front door, and the one top-level catch that maps outcomes to
// exit status 0 (success, or stdout closed by its reader), 1 (data or runtime error) and 2
// (usage error).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "cli.hpp"
#include "records.hpp"

namespace seed::tool {

struct IoOptions {
    std::vector<std::string> inputs;  // empty: standard input
    std::string output;               // empty: standard output
    OnError on_error = OnError::fail;
    bool quiet = false;
};

// The tool's own options followed by the shared ones. A tool that reads no records (its inputs
// are not JSONL) has no --on-error.
enum class Reads { records, other };
std::vector<cli::Option> with_shared_options(std::vector<cli::Option> own, Reads reads = Reads::records);

// Applies `arg` when it is a shared option; false when it is the tool's own.
Result<bool> apply_shared_option(const cli::Arg& arg, IoOptions& io);

// Parses argv by `command`. Prints --help or --version to stdout and returns nullopt for them;
// throws UsageError on a bad command line.
std::optional<cli::Args> parse_command_line(const cli::Command& command, int argc, const char* const* argv);

// The value of a Result made from a command line, or a UsageError with its message.
template <class T>
T or_usage_error(Result<T> result) {
    if (!result) throw UsageError(result.error());
    return std::move(result).value();
}

// Runs `body` for `program` with SIGPIPE and SIGXFSZ ignored (so a closed pipe or a file size
// limit become write errors, not silent deaths) and returns the exit status.
int guarded_main(std::string_view program, const std::function<int()>& body);

}  // namespace seed::tool
