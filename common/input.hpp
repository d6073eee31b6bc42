// Reading input: byte sources for files and stdin with transparent gzip and zstd (detected by
// magic bytes, not by name), and a line reader for lines of any length.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace seed::io {

class ByteSource {
public:
    virtual ~ByteSource() = default;
    // Reads up to `capacity` bytes into `buffer`; returns 0 at the end of the input.
    // Throws seed::Error (naming the input) on a read error or corrupt compressed data.
    virtual std::size_t read(char* buffer, std::size_t capacity) = 0;
};

// "<stdin>" for "-", else the path itself: the name used in messages.
std::string display_name(const std::string& path);

// Opens `path` ("-": standard input) and wraps it in a decompressor when its first bytes are
// a gzip (1f 8b) or zstd (28 b5 2f fd) magic number. Throws seed::Error when it cannot be opened.
std::unique_ptr<ByteSource> open_input(const std::string& path);

enum class Compression { none, gzip, zstd };

// What the first bytes of a file say: a gzip (1f 8b) or zstd (28 b5 2f fd) magic number, or none.
Compression compression_of(std::string_view head);

// Wraps `raw` in the decompressor its first bytes call for (or none). `name` is for messages.
std::unique_ptr<ByteSource> decompressing(std::unique_ptr<ByteSource> raw, const std::string& name);

// A regular file mapped into memory, read in place (no copy through read()).
class MappedFile {
public:
    // nullptr when `path` is not a regular file or cannot be mapped (the caller then reads it).
    static std::unique_ptr<MappedFile> open(const std::string& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::string_view bytes() const { return {static_cast<const char*>(data_), size_}; }

    // Gives back the pages before `offset` (done with): a mapped file read from start to end
    // then holds about 8 MiB of resident memory instead of all of itself.
    void release_before(std::size_t offset);

private:
    struct Mapped {  // only open() maps
        void* data;
        std::size_t size;
    };

public:
    explicit MappedFile(Mapped m) : data_(m.data), size_(m.size) {}

private:
    void* data_;
    std::size_t size_;
    std::size_t released_ = 0;
};

// Reads `prefix` (bytes already taken from `rest` to sniff its format), then the rest of `rest`.
std::unique_ptr<ByteSource> replaying(std::string prefix, std::unique_ptr<ByteSource> rest);

// Splits a byte source into lines. A line may be of any length: the buffer grows to hold the
// longest line, so memory is O(longest line), not O(input).
class LineReader {
public:
    static constexpr std::size_t default_buffer = std::size_t{1} << 20;

    explicit LineReader(std::unique_ptr<ByteSource> source, std::size_t buffer_size = default_buffer);

    // The next line without its "\n" (and without a "\r" before it); a UTF-8 byte order mark
    // at the start of the input is dropped. A last line without "\n" counts. False at the end.
    // The view stays valid until the next call.
    bool next(std::string_view& line);

    // 1-based number of the line last returned (blank lines count).
    std::uint64_t line_number() const { return line_number_; }
    // Bytes taken from the source so far (decompressed bytes for compressed input).
    std::uint64_t bytes_read() const { return bytes_read_; }

private:
    bool fill();

    std::unique_ptr<ByteSource> source_;
    std::unique_ptr<char[]> buffer_;
    std::size_t capacity_;
    std::size_t begin_ = 0;  // start of the unread data
    std::size_t scan_ = 0;   // where the search for the next '\n' resumes
    std::size_t end_ = 0;    // end of the data in the buffer
    bool eof_ = false;
    std::uint64_t line_number_ = 0;
    std::uint64_t bytes_read_ = 0;
};

}  // namespace seed::io
