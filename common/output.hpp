// Output: buffered writing to stdout or to a file that appears only on success.
// `-o FILE` writes a temporary FILE.<6 random characters> in FILE's folder; commit() renames it over FILE, and
// an Output destroyed without commit() removes it, so a failed run never leaves a truncated
// file that looks complete. A FILE that exists and is not a regular file (/dev/stdout, a FIFO,
// /dev/full) is written directly.
#pragma once

#include <string>
#include <string_view>

#include "fd.hpp"

namespace seed::io {

class Output {
public:
    // `path` empty or "-": standard output. Throws seed::Error when FILE cannot be created.
    explicit Output(const std::string& path);
    ~Output();
    Output(const Output&) = delete;
    Output& operator=(const Output&) = delete;

    // Buffered; on a terminal each write that ends a line is flushed. Throws seed::BrokenPipe
    // when stdout's reader has gone, seed::Error on any other write error.
    void write(std::string_view data);
    // Hands what is buffered to the file or pipe now: for a producer about to wait on its own
    // input, so that the lines it has made reach the reader meanwhile.
    void flush();
    // Flushes, and for a file closes it and renames it into place (no fsync: see output.cpp).
    void commit();

    // The name used in messages: the path, or "<stdout>".
    const std::string& name() const { return name_; }

private:
    void write_all(std::string_view data);
    [[noreturn]] void fail(int errnum);

    std::string name_;
    std::string target_;  // final path when writing through a temporary file
    std::string temp_;    // the temporary file, until committed
    FileDescriptor owned_;
    int fd_ = 1;
    bool is_stdout_ = true;
    bool line_buffered_ = false;
    bool committed_ = false;
    std::string buffer_;
};

}  // namespace seed::io
