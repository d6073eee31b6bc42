// Unit tests for common/output: -o FILE appears only after commit(), through a temporary file
// beside it; nothing is left behind on failure; non-regular files are written directly.
#include "output.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "error.hpp"
#include "fd.hpp"
#include "test_support.hpp"

namespace {

using seed::testing::contents;
using seed::testing::error_of;
using seed::testing::TempDir;

using seed::io::Output;

void write_file(const std::string& path, const std::string& bytes) { std::ofstream(path, std::ios::binary) << bytes; }

using Names = std::vector<std::string>;

TEST(OutputFile, AppearsOnlyAfterCommit) {
    const TempDir dir;
    const std::string target = dir.file("out.jsonl");
    {
        Output out(target);
        EXPECT_EQ(out.name(), target);
        out.write("{\"a\":1}\n");
        out.write("");
        out.write("{\"b\":\"\xC3\xA9\"}\n");
        EXPECT_FALSE(std::filesystem::exists(target));
        // Meanwhile there is exactly one temporary file beside it: out.jsonl.XXXXXX.
        const Names names = dir.entries();
        ASSERT_EQ(names.size(), 1u);
        EXPECT_TRUE(names[0].starts_with("out.jsonl.")) << names[0];
        EXPECT_EQ(names[0].size(), std::string("out.jsonl.").size() + 6) << names[0];
        out.commit();
        EXPECT_EQ(contents(target), "{\"a\":1}\n{\"b\":\"\xC3\xA9\"}\n");
    }
    EXPECT_EQ(dir.entries(), (Names{"out.jsonl"}));
    EXPECT_EQ(contents(target), "{\"a\":1}\n{\"b\":\"\xC3\xA9\"}\n");
}

TEST(OutputFile, EmptyOutputStillCreatesTheFile) {
    const TempDir dir;
    const std::string target = dir.file("empty.jsonl");
    {
        Output out(target);
        out.commit();
    }
    EXPECT_EQ(dir.entries(), (Names{"empty.jsonl"}));
    EXPECT_EQ(std::filesystem::file_size(target), 0u);
}

TEST(OutputFile, LargeWritesExactBytes) {
    const TempDir dir;
    const std::string target = dir.file("big.jsonl");
    std::string expected;
    {
        Output out(target);
        // Many small pieces (through the 1 MiB buffer) and pieces larger than the buffer.
        for (int i = 0; i < 100000; ++i) {
            const std::string piece = "{\"n\":" + std::to_string(i) + "}\n";
            out.write(piece);
            expected += piece;
        }
        const std::string huge(3 * (1 << 20) + 17, 'z');
        out.write(huge);
        expected += huge;
        out.write("tail\n");
        expected += "tail\n";
        out.commit();
    }
    EXPECT_EQ(std::filesystem::file_size(target), expected.size());
    EXPECT_TRUE(contents(target) == expected);
}

TEST(OutputFile, NothingLeftWithoutCommit) {
    const TempDir dir;
    const std::string target = dir.file("out.jsonl");
    {
        Output out(target);
        out.write(std::string(3 << 20, 'x'));  // some of it already flushed to the temporary file
        EXPECT_EQ(dir.entries().size(), 1u);
    }
    EXPECT_EQ(dir.entries(), Names{});
}

TEST(OutputFile, ExistingFileUntouchedOnFailure) {
    const TempDir dir;
    const std::string target = dir.file("out.jsonl");
    write_file(target, "old contents\n");
    {
        Output out(target);
        out.write(std::string(2 << 20, 'n'));
        // Destroyed without commit, as when an exception unwinds the run.
    }
    EXPECT_EQ(contents(target), "old contents\n");
    EXPECT_EQ(dir.entries(), (Names{"out.jsonl"}));
}

TEST(OutputFile, ExistingFileReplacedOnCommit) {
    const TempDir dir;
    const std::string target = dir.file("out.jsonl");
    write_file(target, "old contents that are longer than the new ones\n");
    {
        Output out(target);
        out.write("new\n");
        out.commit();
    }
    EXPECT_EQ(contents(target), "new\n");
    EXPECT_EQ(dir.entries(), (Names{"out.jsonl"}));
}

TEST(OutputFile, SymbolicLinkKeptAndItsFileReplaced) {
    const TempDir dir;
    const std::string file = dir.file("real.jsonl");
    const std::string link = dir.file("link.jsonl");
    write_file(file, "old\n");
    ASSERT_EQ(::symlink("real.jsonl", link.c_str()), 0);
    {
        Output out(link);
        out.write("new\n");
        out.commit();
    }
    struct stat st {};
    ASSERT_EQ(::lstat(link.c_str(), &st), 0);
    EXPECT_TRUE(S_ISLNK(st.st_mode));
    EXPECT_EQ(contents(file), "new\n");
    EXPECT_EQ(dir.entries(), (Names{"link.jsonl", "real.jsonl"}));
}

TEST(OutputFile, MissingFolder) {
    const TempDir dir;
    const std::string target = dir.file("no-such-dir/out.jsonl");
    EXPECT_EQ(error_of([&] { Output out(target); }), target + ": No such file or directory");
    EXPECT_EQ(dir.entries(), Names{});
}

TEST(OutputFile, DirectoryIsRefused) {
    const TempDir dir;
    EXPECT_EQ(error_of([&] { Output out(dir.path()); }), dir.path() + ": Is a directory");
    EXPECT_EQ(dir.entries(), Names{});
}

TEST(OutputSpecial, DevNullWrittenDirectly) {
    struct stat before {};
    ASSERT_EQ(::stat("/dev/null", &before), 0);
    ASSERT_TRUE(S_ISCHR(before.st_mode));
    {
        Output out("/dev/null");
        EXPECT_EQ(out.name(), "/dev/null");
        out.write("{\"a\":1}\n");
        out.write(std::string(2 << 20, 'x'));
        out.commit();
    }
    // Still the device: not replaced by a regular file, no temporary file beside it.
    struct stat after {};
    ASSERT_EQ(::stat("/dev/null", &after), 0);
    EXPECT_TRUE(S_ISCHR(after.st_mode));
    EXPECT_EQ(after.st_rdev, before.st_rdev);
}

TEST(OutputSpecial, DevFullFailsOnCommit) {
    Output out("/dev/full");
    out.write("{\"a\":1}\n");  // buffered: nothing written yet
    EXPECT_EQ(error_of([&] { out.commit(); }), "/dev/full: No space left on device");
}

TEST(OutputSpecial, DevFullFailsOnALargeWrite) {
    Output out("/dev/full");
    EXPECT_EQ(error_of([&] { out.write(std::string(2 << 20, 'x')); }), "/dev/full: No space left on device");
}

TEST(OutputSpecial, FifoWrittenDirectly) {
    const TempDir dir;
    const std::string fifo = dir.file("pipe");
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    // Open the reading end first (non-blocking) so that opening for writing does not wait.
    seed::FileDescriptor reader(::open(fifo.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    ASSERT_TRUE(reader.valid());
    {
        Output out(fifo);
        out.write("through the pipe\n");
        out.commit();
    }
    char buffer[64];
    const ssize_t n = ::read(reader.get(), buffer, sizeof buffer);
    ASSERT_GT(n, 0);
    EXPECT_EQ(std::string(buffer, static_cast<std::size_t>(n)), "through the pipe\n");
    EXPECT_EQ(dir.entries(), (Names{"pipe"}));
}

TEST(OutputStdout, WritesToFileDescriptor1) {
    testing::internal::CaptureStdout();
    {
        Output out("-");
        EXPECT_EQ(out.name(), "<stdout>");
        out.write("a\n");
        out.write("b");
        out.commit();
    }
    EXPECT_EQ(testing::internal::GetCapturedStdout(), "a\nb");
    Output empty_name("");
    EXPECT_EQ(empty_name.name(), "<stdout>");
}

}  // namespace
