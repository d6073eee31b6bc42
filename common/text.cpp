// Line counting and the fenced-code measure.
#include "text.hpp"

#include <algorithm>

#include "utf8.hpp"

namespace seed::text {

namespace {

// Backticks opening or closing a fence on this line (0 when it is not a fence line), with the
// rest of the line after them.
std::size_t fence_run(std::string_view line, std::string_view& rest) {
    std::size_t i = 0;
    while (i < line.size() && i < 3 && line[i] == ' ') ++i;
    std::size_t run = 0;
    while (i + run < line.size() && line[i + run] == '`') ++run;
    if (run < 3) return 0;
    rest = line.substr(i + run);
    return run;
}

}  // namespace

bool is_blank(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r'; });
}

std::uint64_t count_lines(std::string_view text) {
    const auto newlines = static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n'));
    return newlines + (!text.empty() && text.back() != '\n' ? 1 : 0);
}

double fenced_code_ratio(std::string_view text) {
    std::uint64_t total = 0;
    std::uint64_t fenced = 0;
    std::size_t open_run = 0;  // backticks of the open fence, 0 when outside a block
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t nl = text.find('\n', start);
        const std::size_t stop = nl == std::string_view::npos ? text.size() : nl + 1;
        const std::string_view line = text.substr(start, stop - start);
        const std::string_view content = line.substr(0, line.size() - (nl == std::string_view::npos ? 0 : 1));
        const std::uint64_t chars = utf8::count_code_points(line);
        total += chars;
        std::string_view rest;
        const std::size_t run = fence_run(content, rest);
        if (open_run == 0) {
            if (run > 0 && rest.find('`') == std::string_view::npos) {
                open_run = run;
                fenced += chars;
            }
        } else {
            fenced += chars;
            if (run >= open_run && is_blank(rest)) open_run = 0;
        }
        start = stop;
    }
    return total == 0 ? 0.0 : static_cast<double>(fenced) / static_cast<double>(total);
}

}  // namespace seed::text
