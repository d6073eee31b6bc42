// Buffered, atomic output.
#include "output.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <random>

#include "error.hpp"

namespace seed::io {

namespace {

constexpr std::size_t buffer_capacity = std::size_t{1} << 20;

// A name for the temporary file beside `target` that does not exist yet, opened exclusively.
FileDescriptor create_temporary(const std::string& target, std::string& temp) {
    static constexpr char letters[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    std::random_device entropy;
    std::mt19937 pick(entropy());
    std::uniform_int_distribution<std::size_t> letter(0, sizeof letters - 2);
    for (int attempt = 0; attempt < 100; ++attempt) {
        temp = target + '.';
        for (int i = 0; i < 6; ++i) temp += letters[letter(pick)];
        FileDescriptor fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666));
        if (fd.valid()) return fd;
        if (errno != EEXIST) throw Error(Location{target}, errno_text(errno));
    }
    throw Error(Location{target}, "cannot create a temporary file beside it");
}

}  // namespace

Output::Output(const std::string& path) {
    buffer_.reserve(buffer_capacity);
    if (path.empty() || path == "-") {
        name_ = "<stdout>";
        line_buffered_ = ::isatty(STDOUT_FILENO) == 1;
        widen_pipe(STDOUT_FILENO);
        return;
    }
    name_ = path;
    is_stdout_ = false;
    struct stat st {};
    // Devices, pipes and the names under /dev and /proc (/dev/stdout is a link to whatever file
    // standard output is: renaming over it would replace the link) are written in place.
    const bool special = path.starts_with("/dev/") || path.starts_with("/proc/");
    if (special || (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))) {
        if (S_ISDIR(st.st_mode)) throw Error(Location{path}, errno_text(EISDIR));
        owned_ = FileDescriptor(::open(path.c_str(), O_WRONLY | O_CLOEXEC));
        if (!owned_.valid()) throw Error(Location{path}, errno_text(errno));
    } else {
        // Through a symbolic link the file it names is replaced, and the link is kept.
        target_ = path;
        struct stat link {};
        if (::lstat(path.c_str(), &link) == 0 && S_ISLNK(link.st_mode)) {
            if (char* real = ::realpath(path.c_str(), nullptr)) {
                target_ = real;
                std::free(real);
            }
        }
        owned_ = create_temporary(target_, temp_);
    }
    fd_ = owned_.get();
}

Output::~Output() {
    if (!temp_.empty() && !committed_) {
        owned_.reset();
        ::unlink(temp_.c_str());
    }
}

void Output::fail(int errnum) {
    if (is_stdout_ && errnum == EPIPE) throw BrokenPipe();
    if (is_stdout_) throw Error("write error: " + errno_text(errnum));
    throw Error(Location{name_}, errno_text(errnum));
}

void Output::write_all(std::string_view data) {
    std::size_t done = 0;
    while (done < data.size()) {
        const ssize_t n = ::write(fd_, data.data() + done, data.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            fail(errno);
        }
        done += static_cast<std::size_t>(n);
    }
}

void Output::flush() {
    write_all(buffer_);
    buffer_.clear();
}

void Output::write(std::string_view data) {
    if (buffer_.size() + data.size() > buffer_capacity) {
        flush();
        if (data.size() > buffer_capacity) {
            write_all(data);  // large pieces skip the buffer
            return;
        }
    }
    buffer_.append(data);
    if (line_buffered_ && !data.empty() && data.back() == '\n') flush();
}

void Output::commit() {
    flush();
    if (is_stdout_) return;
    if (!temp_.empty()) {
        // No fsync: the promise is that a failed run leaves no truncated file, not durability
        // across power loss, and syncing a 1 GB output costs a third of a filter run.
        if (owned_.close() != 0) fail(errno);
        if (::rename(temp_.c_str(), target_.c_str()) != 0) fail(errno);
        committed_ = true;
    } else if (owned_.close() != 0) {
        fail(errno);
    }
}

}  // namespace seed::io
