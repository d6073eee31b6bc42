// The elements of a JSON array too big to hold, one at a time: a .json dataset file of records,
// a chat export of conversations. The split is structural (strings, brackets, commas), about as
// fast as memchr on text-heavy data; the elements themselves are left to the JSON scanner.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "input.hpp"

namespace seed::io {

class JsonArrayReader {
public:
    // `source` holds one JSON array, maybe after white space and a UTF-8 byte order mark, and
    // nothing after it but white space. `name` is for messages, and `of` says what the array holds
    // ("conversations": "expected a JSON array of conversations").
    JsonArrayReader(std::unique_ptr<ByteSource> source, std::string name, std::string of = "");
    // The same over the whole input in memory (a mapped file), read in place: `whole` must
    // outlive the reader.
    JsonArrayReader(std::string_view whole, std::string name, std::string of = "");

    // The next element's text (valid until the next call); false after the last. Throws
    // seed::Error "NAME:LINE: ... (byte N)" when the array is not one: not opened by '[', not
    // closed (a truncated file), elements not separated by single commas, text after it.
    bool next(std::string_view& element);

    // With the whole input in memory, for a caller that parses each element itself (one pass
    // instead of a split and a parse): peek() gives everything from the next element's start to
    // the end of the input (false after the last), and take(length) consumes the element the
    // caller parsed there. After peek(), next() splits that element the usual way instead (to
    // tell a truncated array from bad JSON when the caller's parse fails).
    bool peek(std::string_view& rest);
    void take(std::size_t length);

    // Where the element last returned starts: its 1-based line and its byte offset.
    std::uint64_t line() const { return line_; }
    std::uint64_t offset() const { return offset_; }
    // Bytes taken from the source so far.
    std::uint64_t bytes_read() const { return consumed_ + bytes_.size(); }

private:
    bool frame();
    bool split(std::string_view& element);
    bool fill();
    bool skip_space();
    [[noreturn]] void fail(const std::string& what) const;

    std::unique_ptr<ByteSource> source_;
    std::string name_;
    std::string array_;       // "a JSON array", "a JSON array of conversations"
    std::string buffer_;      // read from source_; unread bytes start at at_
    std::string_view bytes_;  // buffer_, or the whole input given in memory
    std::size_t at_ = 0;
    std::uint64_t consumed_ = 0;  // bytes dropped from the front of buffer_
    std::vector<char> block_;     // what one read fills
    bool started_ = false;
    bool after_element_ = false;
    bool framed_ = false;  // peek() found the next element's start
    bool done_ = false;
    bool eof_ = false;
    std::uint64_t current_line_ = 1;
    std::uint64_t line_ = 0;
    std::uint64_t offset_ = 0;
};

}  // namespace seed::io
