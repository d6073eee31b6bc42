// Byte sources (file, gzip, zstd) and the line reader.
#include "input.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "error.hpp"
#include "fd.hpp"

namespace seed::io {

namespace {

constexpr std::size_t compressed_chunk = std::size_t{1} << 17;

class FileSource final : public ByteSource {
public:
    FileSource(FileDescriptor fd, std::string name) : fd_(std::move(fd)), name_(std::move(name)) {}

    std::size_t read(char* buffer, std::size_t capacity) override {
        for (;;) {
            const ssize_t n = ::read(fd_.get(), buffer, capacity);
            if (n >= 0) return static_cast<std::size_t>(n);
            if (errno != EINTR) throw Error(Location{name_}, errno_text(errno));
        }
    }

private:
    FileDescriptor fd_;
    std::string name_;
};

// Replays bytes already read (to sniff the format) before reading on from the source.
class PrefixedSource final : public ByteSource {
public:
    PrefixedSource(std::string prefix, std::unique_ptr<ByteSource> rest)
        : prefix_(std::move(prefix)), rest_(std::move(rest)) {}

    std::size_t read(char* buffer, std::size_t capacity) override {
        if (taken_ < prefix_.size()) {
            const std::size_t n = std::min(capacity, prefix_.size() - taken_);
            std::memcpy(buffer, prefix_.data() + taken_, n);
            taken_ += n;
            return n;
        }
        return rest_->read(buffer, capacity);
    }

private:
    std::string prefix_;
    std::size_t taken_ = 0;
    std::unique_ptr<ByteSource> rest_;
};

// Gzip, including files of several concatenated members (as `cat a.gz b.gz` makes).
class GzipSource final : public ByteSource {
public:
    GzipSource(std::unique_ptr<ByteSource> raw, std::string name)
        : raw_(std::move(raw)), name_(std::move(name)), input_(std::make_unique<char[]>(compressed_chunk)) {
        if (inflateInit2(&stream_, 15 + 16) != Z_OK) throw Error(Location{name_}, "cannot initialise zlib");
    }
    ~GzipSource() override { inflateEnd(&stream_); }
    GzipSource(const GzipSource&) = delete;
    GzipSource& operator=(const GzipSource&) = delete;

    std::size_t read(char* buffer, std::size_t capacity) override {
        const auto cap = static_cast<uInt>(std::min<std::size_t>(capacity, 1u << 30));
        stream_.next_out = reinterpret_cast<Bytef*>(buffer);
        stream_.avail_out = cap;
        while (stream_.avail_out == cap) {
            if (stream_.avail_in == 0 && !raw_eof_) {
                const std::size_t n = raw_->read(input_.get(), compressed_chunk);
                raw_eof_ = n == 0;
                stream_.next_in = reinterpret_cast<Bytef*>(input_.get());
                stream_.avail_in = static_cast<uInt>(n);
            }
            if (stream_.avail_in == 0 && raw_eof_) {
                if (in_member_) throw Error(Location{name_}, "truncated gzip data (unexpected end of file)");
                break;
            }
            if (!in_member_) {
                if (stream_.next_in[0] != 0x1f) {
                    throw Error(Location{name_}, "unexpected data after the end of the gzip stream");
                }
                inflateReset(&stream_);
                in_member_ = true;
            }
            const int rc = inflate(&stream_, Z_NO_FLUSH);
            if (rc == Z_STREAM_END) {
                in_member_ = false;
            } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
                throw Error(Location{name_},
                            std::string("corrupt gzip data (") + (stream_.msg ? stream_.msg : "zlib error") + ")");
            }
        }
        return cap - stream_.avail_out;
    }

private:
    std::unique_ptr<ByteSource> raw_;
    std::string name_;
    std::unique_ptr<char[]> input_;
    z_stream stream_{};
    bool raw_eof_ = false;
    bool in_member_ = false;
};

struct ZstdContextFree {
    void operator()(ZSTD_DCtx* ctx) const { ZSTD_freeDCtx(ctx); }
};

// Zstandard, including several concatenated frames.
class ZstdSource final : public ByteSource {
public:
    ZstdSource(std::unique_ptr<ByteSource> raw, std::string name)
        : raw_(std::move(raw)),
          name_(std::move(name)),
          input_(std::make_unique<char[]>(compressed_chunk)),
          context_(ZSTD_createDCtx()) {
        if (!context_) throw Error(Location{name_}, "cannot initialise zstd");
    }

    std::size_t read(char* buffer, std::size_t capacity) override {
        ZSTD_outBuffer out{buffer, capacity, 0};
        for (;;) {
            if (in_.pos == in_.size && !raw_eof_) {
                const std::size_t n = raw_->read(input_.get(), compressed_chunk);
                raw_eof_ = n == 0;
                in_ = ZSTD_inBuffer{input_.get(), n, 0};
            }
            const std::size_t consumed_before = in_.pos;
            const std::size_t rc = ZSTD_decompressStream(context_.get(), &out, &in_);
            if (ZSTD_isError(rc)) {
                throw Error(Location{name_}, std::string("corrupt zstd data (") + ZSTD_getErrorName(rc) + ")");
            }
            // rc == 0 exactly when a frame is complete; a call that made no progress (no input
            // left) says nothing about that, since it then hints at the next frame's header.
            if (in_.pos != consumed_before || out.pos > 0) frame_open_ = rc != 0;
            if (out.pos > 0) return out.pos;
            if (raw_eof_ && in_.pos == in_.size) {
                if (frame_open_) throw Error(Location{name_}, "truncated zstd data (unexpected end of file)");
                return 0;
            }
        }
    }

private:
    std::unique_ptr<ByteSource> raw_;
    std::string name_;
    std::unique_ptr<char[]> input_;
    std::unique_ptr<ZSTD_DCtx, ZstdContextFree> context_;
    ZSTD_inBuffer in_{nullptr, 0, 0};
    bool raw_eof_ = false;
    bool frame_open_ = false;
};

}  // namespace

std::unique_ptr<MappedFile> MappedFile::open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return nullptr;
    FileDescriptor owned(fd);
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size == 0) return nullptr;
    const auto size = static_cast<std::size_t>(st.st_size);
    void* data = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (data == MAP_FAILED) return nullptr;
    ::madvise(data, size, MADV_SEQUENTIAL);
    return std::make_unique<MappedFile>(Mapped{data, size});
}

MappedFile::~MappedFile() { ::munmap(data_, size_); }

void MappedFile::release_before(std::size_t offset) {
    constexpr std::size_t step = std::size_t{8} << 20;
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const std::size_t end = std::min(offset, size_) / page * page;
    if (end < released_ + step) return;
    ::madvise(static_cast<char*>(data_) + released_, end - released_, MADV_DONTNEED);
    released_ = end;
}

std::unique_ptr<ByteSource> replaying(std::string prefix, std::unique_ptr<ByteSource> rest) {
    return std::make_unique<PrefixedSource>(std::move(prefix), std::move(rest));
}

std::string display_name(const std::string& path) { return path == "-" ? "<stdin>" : path; }

Compression compression_of(std::string_view head) {
    const auto* m = reinterpret_cast<const unsigned char*>(head.data());
    if (head.size() >= 2 && m[0] == 0x1f && m[1] == 0x8b) return Compression::gzip;
    if (head.size() >= 4 && m[0] == 0x28 && m[1] == 0xb5 && m[2] == 0x2f && m[3] == 0xfd) return Compression::zstd;
    return Compression::none;
}

std::unique_ptr<ByteSource> decompressing(std::unique_ptr<ByteSource> raw, const std::string& name) {
    // Sniff up to 4 bytes; a pipe may deliver them in several reads.
    char magic[4];
    std::size_t have = 0;
    while (have < sizeof magic) {
        const std::size_t n = raw->read(magic + have, sizeof magic - have);
        if (n == 0) break;
        have += n;
    }
    const Compression compression = compression_of(std::string_view(magic, have));
    auto source = std::make_unique<PrefixedSource>(std::string(magic, have), std::move(raw));
    if (compression == Compression::gzip) return std::make_unique<GzipSource>(std::move(source), name);
    if (compression == Compression::zstd) return std::make_unique<ZstdSource>(std::move(source), name);
    return source;
}

std::unique_ptr<ByteSource> open_input(const std::string& path) {
    const std::string name = display_name(path);
    FileDescriptor fd;
    if (path == "-") {
        widen_pipe(STDIN_FILENO);
        fd = FileDescriptor(::dup(STDIN_FILENO));
        if (!fd.valid()) throw Error(Location{name}, errno_text(errno));
    } else {
        fd = FileDescriptor(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
        if (!fd.valid()) throw Error(Location{name}, errno_text(errno));
        struct stat st {};
        if (::fstat(fd.get(), &st) == 0 && S_ISDIR(st.st_mode)) throw Error(Location{name}, errno_text(EISDIR));
#ifdef POSIX_FADV_SEQUENTIAL
        ::posix_fadvise(fd.get(), 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    }
    return decompressing(std::make_unique<FileSource>(std::move(fd), name), name);
}

LineReader::LineReader(std::unique_ptr<ByteSource> source, std::size_t buffer_size)
    : source_(std::move(source)),
      buffer_(std::make_unique_for_overwrite<char[]>(std::max<std::size_t>(buffer_size, 16))),
      capacity_(std::max<std::size_t>(buffer_size, 16)) {}

bool LineReader::fill() {
    if (begin_ > 0) {
        std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
        end_ -= begin_;
        scan_ -= begin_;
        begin_ = 0;
    }
    if (end_ == capacity_) {
        // A line longer than the buffer: grow it to hold the line.
        auto bigger = std::make_unique_for_overwrite<char[]>(capacity_ * 2);
        std::memcpy(bigger.get(), buffer_.get(), end_);
        buffer_ = std::move(bigger);
        capacity_ *= 2;
    }
    // Read in pieces that stay in the CPU cache until the scanner has looked at them.
    constexpr std::size_t read_piece = std::size_t{128} << 10;
    const std::size_t n = source_->read(buffer_.get() + end_, std::min(capacity_ - end_, read_piece));
    end_ += n;
    bytes_read_ += n;
    return n > 0;
}

bool LineReader::next(std::string_view& line) {
    for (;;) {
        if (scan_ < end_) {
            const auto* nl = static_cast<const char*>(std::memchr(buffer_.get() + scan_, '\n', end_ - scan_));
            if (nl) {
                const auto stop = static_cast<std::size_t>(nl - buffer_.get());
                line = std::string_view(buffer_.get() + begin_, stop - begin_);
                begin_ = scan_ = stop + 1;
                break;
            }
            scan_ = end_;
        }
        if (eof_) {
            if (begin_ == end_) return false;
            line = std::string_view(buffer_.get() + begin_, end_ - begin_);
            begin_ = scan_ = end_;
            break;
        }
        eof_ = !fill();
    }
    ++line_number_;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line_number_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.remove_prefix(3);
    return true;
}

}  // namespace seed::io
