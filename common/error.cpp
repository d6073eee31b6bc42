// Formatting of located error messages.
#include "error.hpp"

#include <cstring>

namespace seed {

std::string format_located(const Location& where, std::string_view message) {
    std::string out;
    if (!where.file.empty()) {
        out += where.file;
        if (where.line > 0) {
            out += ':';
            out += std::to_string(where.line);
        }
        out += ": ";
    }
    out += message;
    return out;
}

std::string errno_text(int errnum) {
    char buf[256];
    // GNU strerror_r returns the message pointer (which may or may not be buf).
    return std::string(strerror_r(errnum, buf, sizeof buf));
}

}  // namespace seed
