// Helpers shared by the unit tests: records made from literal lines.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "records.hpp"

namespace seed::testing {

// A record scanned from `line` as if read from `input`; the test fails if the line is invalid.
// `line` must outlive the record.
inline Record make_record(std::string_view line, const InputFile& input) {
    Record record;
    record.line = line;
    record.input = &input;
    record.line_number = 1;
    const auto error = json::scan_object(line, record.members);
    EXPECT_FALSE(error.has_value()) << (error ? error->message : "") << " in " << line;
    return record;
}

}  // namespace seed::testing
