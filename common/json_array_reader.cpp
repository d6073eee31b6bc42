// Splitting a streamed JSON array into its elements.
#include "json_array_reader.hpp"

#include <algorithm>
#include <cstring>

#if defined(__x86_64__)
#include <emmintrin.h>
#endif

#include "error.hpp"

namespace seed::io {

namespace {

constexpr std::size_t read_chunk = std::size_t{1} << 20;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// Bytes before the next '"', '{', '}', '[' or ']' in [p, end): inside an element, nothing else
// moves the split.
std::size_t plain_structure(const char* p, const char* end) {
    const char* start = p;
#if defined(__x86_64__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i open_brace = _mm_set1_epi8('{');
    const __m128i close_brace = _mm_set1_epi8('}');
    const __m128i open_bracket = _mm_set1_epi8('[');
    const __m128i close_bracket = _mm_set1_epi8(']');
    while (end - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i hit =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
                                      _mm_or_si128(_mm_cmpeq_epi8(v, open_brace), _mm_cmpeq_epi8(v, close_brace))),
                         _mm_or_si128(_mm_cmpeq_epi8(v, open_bracket), _mm_cmpeq_epi8(v, close_bracket)));
        const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
        if (mask != 0) return static_cast<std::size_t>(p - start) + static_cast<unsigned>(__builtin_ctz(mask));
        p += 16;
    }
#endif
    while (p < end && *p != '"' && *p != '{' && *p != '}' && *p != '[' && *p != ']') ++p;
    return static_cast<std::size_t>(p - start);
}

std::uint64_t count_newlines(std::string_view text) {
    std::uint64_t n = 0;
    std::size_t i = 0;
#if defined(__x86_64__)
    // Byte counters (a match is -1, subtracted), summed into n every 255 blocks by psadbw.
    const __m128i newline = _mm_set1_epi8('\n');
    while (text.size() - i >= 16) {
        __m128i counts = _mm_setzero_si128();
        for (int block = 0; block < 255 && text.size() - i >= 16; ++block, i += 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
            counts = _mm_sub_epi8(counts, _mm_cmpeq_epi8(v, newline));
        }
        const __m128i sums = _mm_sad_epu8(counts, _mm_setzero_si128());
        n += static_cast<std::uint64_t>(_mm_cvtsi128_si64(sums)) +
             static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
    }
#endif
    for (; i < text.size(); ++i) n += text[i] == '\n';
    return n;
}

std::string shown(char c) {
    if (c >= 0x20 && c < 0x7f) return std::string("'") + c + "'";
    static constexpr char hex[] = "0123456789abcdef";
    const auto u = static_cast<unsigned char>(c);
    return std::string("byte 0x") + hex[u >> 4] + hex[u & 15];
}

}  // namespace

JsonArrayReader::JsonArrayReader(std::string_view whole, std::string name, std::string of)
    : name_(std::move(name)),
      array_(of.empty() ? "a JSON array" : "a JSON array of " + of),
      bytes_(whole),
      eof_(true) {}

JsonArrayReader::JsonArrayReader(std::unique_ptr<ByteSource> source, std::string name, std::string of)
    : source_(std::move(source)),
      name_(std::move(name)),
      array_(of.empty() ? "a JSON array" : "a JSON array of " + of) {}

void JsonArrayReader::fail(const std::string& what) const {
    throw Error(Location{name_, current_line_}, what + " (byte " + std::to_string(consumed_ + at_) + ")");
}

// Reads more; bytes before at_ go (at_ is never past the start of an unfinished element).
bool JsonArrayReader::fill() {
    if (eof_) return false;
    buffer_.erase(0, at_);
    bytes_ = buffer_;
    consumed_ += at_;
    at_ = 0;
    // Read into a block and append: growing buffer_ by resize would zero what is not yet read.
    if (block_.empty()) block_.resize(read_chunk);
    const std::size_t n = source_->read(block_.data(), block_.size());
    buffer_.append(block_.data(), n);
    bytes_ = buffer_;
    if (n == 0) eof_ = true;
    return n > 0;
}

// Skips white space; false at the end of the input.
bool JsonArrayReader::skip_space() {
    for (;;) {
        while (at_ < bytes_.size() && is_space(bytes_[at_])) {
            current_line_ += bytes_[at_] == '\n';
            ++at_;
        }
        if (at_ < bytes_.size()) return true;
        if (!fill()) return false;
    }
}

bool JsonArrayReader::peek(std::string_view& rest) {
    if (!eof_ || source_) throw Error(Location{name_}, "JsonArrayReader::peek needs the whole input in memory");
    if (!frame()) return false;
    framed_ = true;
    rest = bytes_.substr(at_);
    return true;
}

void JsonArrayReader::take(std::size_t length) {
    const std::string_view element = bytes_.substr(at_, length);
    current_line_ += count_newlines(element);
    at_ += element.size();
    after_element_ = true;
    framed_ = false;
}

bool JsonArrayReader::next(std::string_view& element) {
    if (!framed_ && !frame()) return false;
    framed_ = false;
    return split(element);
}

// The separators before the next element: true with at_, line_ and offset_ at its start, false
// after the closing ']'.
bool JsonArrayReader::frame() {
    if (done_) return false;
    if (!started_) {
        started_ = true;
        while (bytes_.size() < 3 && fill()) {
        }
        if (bytes_.starts_with("\xEF\xBB\xBF")) at_ = 3;
        if (!skip_space()) fail("empty input, expected " + array_);
        if (bytes_[at_] != '[') fail("expected " + array_ + ", found " + shown(bytes_[at_]));
        ++at_;
    }
    if (!skip_space()) fail("the JSON array is not closed (truncated?)");
    if (after_element_) {
        if (bytes_[at_] == ',') {
            ++at_;
            if (!skip_space()) fail("the JSON array is not closed (truncated?)");
            if (bytes_[at_] == ']') fail("a ',' before the ']' that closes the JSON array");
        } else if (bytes_[at_] != ']') {
            fail("expected ',' or ']' after an element of the JSON array, found " + shown(bytes_[at_]));
        }
    }
    if (bytes_[at_] == ']') {
        ++at_;
        done_ = true;
        if (skip_space()) fail("text after the JSON array");
        return false;
    }
    line_ = current_line_;
    offset_ = consumed_ + at_;
    return true;
}

// The element at at_, found by its structure; at_ stays at its start while it is scanned, so
// refills keep all of it.
bool JsonArrayReader::split(std::string_view& element) {
    std::size_t pos = at_;
    std::size_t string_searched = 0;  // in a string at pos: searched up to here
    int depth = 0;
    bool complete = false;
    while (!complete) {
        const std::size_t size = bytes_.size();
        while (pos < size && !complete) {
            const char c = bytes_[pos];
            if (c == '"') {
                // The closing quote: the next '"' not escaped by an odd run of backslashes. A string
                // cut by the end of the buffer is searched on from where the search stopped.
                std::size_t q = string_searched > pos ? string_searched : pos + 1;
                bool closed = false;
                while (q < size) {
                    const void* found = std::memchr(bytes_.data() + q, '"', size - q);
                    if (!found) break;
                    q = static_cast<std::size_t>(static_cast<const char*>(found) - bytes_.data());
                    std::size_t backslashes = 0;
                    while (bytes_[q - 1 - backslashes] == '\\') ++backslashes;
                    if (backslashes % 2 == 0) {
                        closed = true;
                        break;
                    }
                    ++q;
                }
                if (!closed) {
                    string_searched = size;
                    break;  // read more
                }
                string_searched = 0;
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
            } else if (depth == 0) {
                if (c == ',' || is_space(c)) {
                    complete = true;  // after a scalar element
                } else {
                    ++pos;
                }
            } else {
                pos += plain_structure(bytes_.data() + pos, bytes_.data() + size);
            }
        }
        if (complete) break;
        const std::size_t start = at_;
        if (!fill()) fail("the JSON array is not closed (truncated?)");
        pos -= start;  // fill() moved the element to the front
        if (string_searched > 0) string_searched -= start;
    }
    if (pos == at_) fail("expected a value in the JSON array, found " + shown(bytes_[at_]));
    element = bytes_.substr(at_, pos - at_);
    current_line_ += count_newlines(element);
    at_ = pos;
    after_element_ = true;
    return true;
}

}  // namespace seed::io
