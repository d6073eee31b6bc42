// Messages on stderr: "seed-x: ..." warnings, the end-of-run summary line, and a progress
// line that is shown only when stderr is a terminal.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace seed {

class Diagnostics {
public:
    Diagnostics(std::string program, bool quiet);

    const std::string& program() const { return program_; }
    bool quiet() const { return quiet_; }

    // "program: message", always shown.
    void warn(std::string_view message) const;
    // "program: text", unless quiet.
    void summary(std::string_view text) const;

private:
    std::string program_;
    bool quiet_;
};

// "seed-x: 1,234,567 records, 512.0 MiB" redrawn in place at most four times a second, only
// when stderr is a terminal and not quiet; erased when done.
class Progress {
public:
    explicit Progress(const Diagnostics& diagnostics);
    ~Progress();
    Progress(const Progress&) = delete;
    Progress& operator=(const Progress&) = delete;

    void update(std::uint64_t records, std::uint64_t bytes) {
        if (enabled_ && (++calls_ & 4095) == 0) redraw(records, bytes);
    }
    // A line of the caller's own making ("1,200 rows, 340 rows/s, 12 pages"): `make_text` is
    // called only when the line is drawn, at most four times a second.
    template <class MakeText>
    void update_with(MakeText make_text) {
        if (enabled_ && due()) draw(make_text());
    }
    void finish();

private:
    void redraw(std::uint64_t records, std::uint64_t bytes);
    bool due();
    void draw(const std::string& text);

    const Diagnostics& diagnostics_;
    bool enabled_;
    bool shown_ = false;
    std::uint64_t calls_ = 0;
    std::chrono::steady_clock::time_point last_{};  // the first update draws
};

// 1234567 -> "1,234,567".
std::string with_commas(std::uint64_t n);

}  // namespace seed
