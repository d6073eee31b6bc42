// Splitting a streamed JSON array into its elements.
#include "json_array_reader.hpp"

#include <algorithm>
#include <cstring>

#include "error.hpp"

namespace seed::io {

namespace {

constexpr std::size_t read_chunk = std::size_t{1} << 20;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string shown(char c) {
    if (c >= 0x20 && c < 0x7f) return std::string("'") + c + "'";
    static constexpr char hex[] = "0123456789abcdef";
    const auto u = static_cast<unsigned char>(c);
    return std::string("byte 0x") + hex[u >> 4] + hex[u & 15];
}

}  // namespace

JsonArrayReader::JsonArrayReader(std::unique_ptr<ByteSource> source, std::string name)
    : source_(std::move(source)), name_(std::move(name)) {}

void JsonArrayReader::fail(const std::string& what) const {
    throw Error(Location{name_, current_line_}, what + " (byte " + std::to_string(consumed_ + at_) + ")");
}

// Reads more; bytes before at_ go (at_ is never past the start of an unfinished element).
bool JsonArrayReader::fill() {
    if (eof_) return false;
    buffer_.erase(0, at_);
    consumed_ += at_;
    at_ = 0;
    const std::size_t had = buffer_.size();
    const std::size_t chunk = std::max(read_chunk, had);  // doubling: an element is scanned O(1) times
    buffer_.resize(had + chunk);
    const std::size_t n = source_->read(buffer_.data() + had, chunk);
    buffer_.resize(had + n);
    if (n == 0) eof_ = true;
    return n > 0;
}

// Skips white space; false at the end of the input.
bool JsonArrayReader::skip_space() {
    for (;;) {
        while (at_ < buffer_.size() && is_space(buffer_[at_])) {
            current_line_ += buffer_[at_] == '\n';
            ++at_;
        }
        if (at_ < buffer_.size()) return true;
        if (!fill()) return false;
    }
}

bool JsonArrayReader::next(std::string_view& element) {
    if (done_) return false;
    if (!started_) {
        started_ = true;
        while (buffer_.size() < 3 && fill()) {
        }
        if (buffer_.starts_with("\xEF\xBB\xBF")) at_ = 3;
        if (!skip_space()) fail("empty input, expected a JSON array");
        if (buffer_[at_] != '[') fail("expected a JSON array, found " + shown(buffer_[at_]));
        ++at_;
    }
    if (!skip_space()) fail("the JSON array is not closed (truncated?)");
    if (after_element_) {
        if (buffer_[at_] == ',') {
            ++at_;
            if (!skip_space()) fail("the JSON array is not closed (truncated?)");
            if (buffer_[at_] == ']') fail("a ',' before the ']' that closes the JSON array");
        } else if (buffer_[at_] != ']') {
            fail("expected ',' or ']' after an element of the JSON array, found " + shown(buffer_[at_]));
        }
    }
    if (buffer_[at_] == ']') {
        ++at_;
        done_ = true;
        if (skip_space()) fail("text after the JSON array");
        return false;
    }
    // at_ stays at the element's start while it is scanned, so refills keep all of it.
    line_ = current_line_;
    offset_ = consumed_ + at_;
    std::size_t pos = at_;
    int depth = 0;
    bool complete = false;
    while (!complete) {
        const std::size_t size = buffer_.size();
        while (pos < size && !complete) {
            const char c = buffer_[pos];
            if (c == '"') {
                // The closing quote: the next '"' not escaped by an odd run of backslashes.
                std::size_t q = pos + 1;
                bool closed = false;
                while (q < size) {
                    const void* found = std::memchr(buffer_.data() + q, '"', size - q);
                    if (!found) break;
                    q = static_cast<std::size_t>(static_cast<const char*>(found) - buffer_.data());
                    std::size_t backslashes = 0;
                    while (buffer_[q - 1 - backslashes] == '\\') ++backslashes;
                    if (backslashes % 2 == 0) {
                        closed = true;
                        break;
                    }
                    ++q;
                }
                if (!closed) break;  // read more; the string is scanned again from its quote
                pos = q + 1;
                complete = depth == 0;  // a string element
            } else if (c == '{' || c == '[') {
                ++depth;
                ++pos;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    complete = true;  // the array's ']' after a scalar element
                } else {
                    ++pos;
                    complete = --depth == 0;
                }
            } else if (depth == 0 && (c == ',' || is_space(c))) {
                complete = true;  // after a scalar element
            } else {
                ++pos;
            }
        }
        if (complete) break;
        const std::size_t start = at_;
        if (!fill()) fail("the JSON array is not closed (truncated?)");
        pos -= start;  // fill() moved the element to the front
    }
    if (pos == at_) fail("expected a value in the JSON array, found " + shown(buffer_[at_]));
    element = std::string_view(buffer_).substr(at_, pos - at_);
    current_line_ += static_cast<std::uint64_t>(std::count(element.begin(), element.end(), '\n'));
    at_ = pos;
    after_element_ = true;
    return true;
}

}  // namespace seed::io
