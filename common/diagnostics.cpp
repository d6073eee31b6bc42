// stderr messages and progress.
#include "diagnostics.hpp"

#include <unistd.h>

#include <cstdio>

namespace seed {

namespace {

void put_stderr(const std::string& text) {
    // stderr is unbuffered: one fwrite keeps the message in one piece.
    std::fwrite(text.data(), 1, text.size(), stderr);
}

}  // namespace

Diagnostics::Diagnostics(std::string program, bool quiet) : program_(std::move(program)), quiet_(quiet) {}

void Diagnostics::warn(std::string_view message) const { put_stderr(program_ + ": " + std::string(message) + "\n"); }

void Diagnostics::summary(std::string_view text) const {
    if (!quiet_) put_stderr(program_ + ": " + std::string(text) + "\n");
}

Progress::Progress(const Diagnostics& diagnostics)
    : diagnostics_(diagnostics), enabled_(!diagnostics.quiet() && ::isatty(STDERR_FILENO) == 1) {}

Progress::~Progress() { finish(); }

bool Progress::due() {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_ < std::chrono::milliseconds(250)) return false;
    last_ = now;
    return true;
}

void Progress::draw(const std::string& text) {
    put_stderr("\r\033[K" + diagnostics_.program() + ": " + text);
    shown_ = true;
}

void Progress::redraw(std::uint64_t records, std::uint64_t bytes) {
    if (!due()) return;
    char size[32];
    std::snprintf(size, sizeof size, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    draw(with_commas(records) + " records, " + size);
}

void Progress::finish() {
    if (shown_) put_stderr("\r\033[K");
    shown_ = false;
}

std::string with_commas(std::uint64_t n) {
    std::string digits = std::to_string(n);
    std::string out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

}  // namespace seed
