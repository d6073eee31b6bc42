// Errors that cross the tool edge: located input errors, usage errors and a closed stdout.
// Each tool's main catches them once (cli::guarded_main) and maps them to exit status 0/1/2.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace seed {

// Where a record came from: the display name ("<stdin>" for standard input) and 1-based line.
struct Location {
    std::string file;
    std::uint64_t line = 0;  // 0: the file as a whole
};

// "FILE:LINE: message", "FILE: message" or "message".
std::string format_located(const Location& where, std::string_view message);

// A data or runtime error: exit status 1, printed as "seed-x: <what()>".
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
    Error(const Location& where, std::string_view message) : std::runtime_error(format_located(where, message)) {}
};

// A bad invocation: exit status 2, printed with a hint to run --help.
class UsageError : public std::runtime_error {
public:
    explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

// Standard output's reader went away (EPIPE): stop quietly with exit status 0.
class BrokenPipe : public std::exception {
public:
    const char* what() const noexcept override { return "broken pipe"; }
};

// strerror(errnum) as a std::string, thread-safe.
std::string errno_text(int errnum);

}  // namespace seed
