// Helpers shared by the unit tests: records made from literal lines, a temporary folder, and
// the message of a seed::Error.
#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "error.hpp"
#include "input.hpp"
#include "records.hpp"

namespace seed::testing {

// Bytes from memory, handed out in pieces of 1, 2, ..., max_piece bytes in turn (never more
// than asked for), so that every boundary between reads is exercised.
class PieceSource final : public io::ByteSource {
public:
    explicit PieceSource(std::string data, std::size_t max_piece = 1)
        : data_(std::move(data)), max_piece_(std::max<std::size_t>(max_piece, 1)) {}

    std::size_t read(char* buffer, std::size_t capacity) override {
        const std::size_t piece = next_piece_;
        next_piece_ = next_piece_ % max_piece_ + 1;
        const std::size_t n = std::min({piece, capacity, data_.size() - taken_});
        std::memcpy(buffer, data_.data() + taken_, n);
        taken_ += n;
        return n;
    }

private:
    std::string data_;
    std::size_t max_piece_;
    std::size_t next_piece_ = 1;
    std::size_t taken_ = 0;
};

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

// A fresh folder under the system's temporary folder, removed with everything in it.
class TempDir {
public:
    TempDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "seed-unit-test.XXXXXX").string();
        if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
        path_ = pattern;
    }
    ~TempDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;

    const std::string& path() const { return path_; }
    // The path of `name` in the folder.
    std::string file(const std::string& name) const { return path_ + "/" + name; }
    // Writes `bytes` to `name` in the folder and returns its path.
    std::string write(const std::string& name, const std::string& bytes) const {
        const std::string path = file(name);
        std::ofstream(path, std::ios::binary) << bytes;
        return path;
    }
    // The names in the folder, sorted.
    std::vector<std::string> entries() const {
        std::vector<std::string> names;
        for (const auto& entry : std::filesystem::directory_iterator(path_)) names.push_back(entry.path().filename());
        std::sort(names.begin(), names.end());
        return names;
    }

private:
    std::string path_;
};

// The whole content of a file.
inline std::string contents(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// The message of the seed::Error that `action` throws, or "(no error)".
inline std::string error_of(const std::function<void()>& action) {
    try {
        action();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace seed::testing
