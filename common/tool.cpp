// Shared options and the top-level catch.
#include "tool.hpp"

#include <csignal>
#include <cstdio>

#include "error.hpp"
#include "output.hpp"

namespace seed::tool {

std::vector<cli::Option> with_shared_options(std::vector<cli::Option> own, Reads reads) {
    own.push_back({'o', "output", "FILE", "write to FILE, which appears only if the run succeeds"});
    if (reads == Reads::records) {
        own.push_back({0, "on-error", "MODE", "on bad input: fail (default), or skip and count"});
    }
    own.push_back({'q', "quiet", "", "no summary line or progress on stderr"});
    own.push_back({'h', "help", "", "show this help and exit"});
    own.push_back({0, "version", "", "show the version and exit"});
    return own;
}

Result<bool> apply_shared_option(const cli::Arg& arg, IoOptions& io) {
    if (arg.is("output")) {
        if (arg.value.empty()) return Fail{"--output: empty file name"};
        io.output = arg.value;
    } else if (arg.is("on-error")) {
        if (arg.value == "fail")
            io.on_error = OnError::fail;
        else if (arg.value == "skip")
            io.on_error = OnError::skip;
        else
            return Fail{"--on-error: expected 'fail' or 'skip', not '" + arg.value + "'"};
    } else if (arg.is("quiet")) {
        io.quiet = true;
    } else {
        return false;
    }
    return true;
}

std::optional<cli::Args> parse_command_line(const cli::Command& command, int argc, const char* const* argv) {
    auto args = or_usage_error(cli::parse(command, argc, argv));
    for (const cli::Arg& arg : args.options) {
        if (arg.is("help") || arg.is("version")) {
            io::Output out("");
            out.write(arg.is("help") ? cli::help_text(command) : cli::version_text(command.name));
            out.commit();
            return std::nullopt;
        }
    }
    return args;
}

int guarded_main(std::string_view program, const std::function<int()>& body) {
    std::signal(SIGPIPE, SIG_IGN);
    std::signal(SIGXFSZ, SIG_IGN);
    const std::string name(program);
    try {
        return body();
    } catch (const BrokenPipe&) {
        return 0;
    } catch (const UsageError& e) {
        std::fprintf(stderr, "%s: %s\nTry '%s --help' for more information.\n", name.c_str(), e.what(), name.c_str());
        return 2;
    } catch (const Error& e) {
        std::fprintf(stderr, "%s: %s\n", name.c_str(), e.what());
        return 1;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "%s: out of memory\n", name.c_str());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "%s: %s\n", name.c_str(), e.what());
        return 1;
    }
}

}  // namespace seed::tool
