// Records: every non-blank line of the inputs, in order, validated as a JSON object, with the
// bad-input policy (--on-error) applied in one place.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.hpp"
#include "error.hpp"
#include "input.hpp"
#include "json.hpp"

namespace seed {

enum class OnError { fail, skip };

struct InputFile {
    std::string path;     // as given; "-" for standard input
    std::string display;  // for messages: the path, or "<stdin>"
    std::string stem;     // file name without folder, compression suffix and last extension; "" for stdin
};

// Python's Path(path).stem after dropping a ".gz" or ".zst" suffix: "data/code.jsonl.gz" -> "code".
std::string file_stem(std::string_view path);

struct Record {
    std::string_view line;              // the line as read (no "\n", "\r" or byte order mark)
    std::vector<json::Member> members;  // top-level members in input order
    const InputFile* input = nullptr;
    std::uint64_t line_number = 0;

    // The member named `key`; when a key repeats, the last one wins (as in Python's json).
    const json::Member* find(std::string_view key) const;
    Location location() const { return Location{input->display, line_number}; }
};

class RecordReader {
public:
    // `paths` empty means standard input. Every named file is checked for readability up
    // front, so a typo in the last name fails before any output is written.
    RecordReader(const std::vector<std::string>& paths, OnError on_error, const Diagnostics& diagnostics);

    // The next valid record. A line that is not a JSON object is rejected (see reject()).
    bool next(Record& record) { return advance(record, true); }
    // The next non-blank line as it is, not checked as JSON: `record.members` is left empty.
    // For tools that read lines of their own format that carry a record.
    bool next_line(Record& record) { return advance(record, false); }

    // Refuses a record that the tool finds unusable: with --on-error=fail, throws seed::Error
    // located at the record; with skip, counts it and reports it (the first few) on stderr.
    void reject(const Record& record, std::string_view message);

    std::uint64_t records_read() const { return read_; }  // non-blank lines, good or bad
    std::uint64_t rejected() const { return rejected_; }
    const std::vector<InputFile>& inputs() const { return inputs_; }

private:
    bool advance(Record& record, bool scan);
    void reject_at(const Location& where, std::string_view message);

    std::vector<InputFile> inputs_;
    OnError on_error_;
    const Diagnostics& diagnostics_;
    Progress progress_;
    std::size_t next_input_ = 0;
    std::unique_ptr<io::LineReader> lines_;
    std::uint64_t bytes_before_ = 0;  // bytes of finished inputs, for progress
    std::uint64_t read_ = 0;
    std::uint64_t rejected_ = 0;
};

}  // namespace seed
