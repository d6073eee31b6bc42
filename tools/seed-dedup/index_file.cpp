// Reading and writing the --index file.
#include "index_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <xxhash.h>

#include <cerrno>
#include <vector>

#include "big_endian.hpp"
#include "error.hpp"
#include "fd.hpp"
#include "json.hpp"

namespace seed::dedup {

namespace {

constexpr std::string_view format_name = "seed-dedup-index";
constexpr int format_version = 1;
constexpr std::size_t key_bytes = 16;
// The checksum chains XXH3 over blocks of this many keys: c = XXH3_64(block, c), from c = 0.
constexpr std::size_t block_keys = 4096;
constexpr std::size_t max_header = 4096;

std::string header_line(const IndexKind& kind, std::uint64_t count) {
    std::string line =
        "{\"format\":\"" + std::string(format_name) + "\",\"version\":" + std::to_string(format_version) + ",\"key\":";
    json::write_string(line, kind.key);
    line += ",\"normalize\":";
    line += kind.normalize ? "true" : "false";
    line += ",\"count\":" + std::to_string(count) + "}\n";
    return line;
}

std::string describe_kind(const IndexKind& kind) {
    return "--key " + kind.key + (kind.normalize ? " with --normalize" : " without --normalize");
}

// Reads exactly n bytes, or fewer only at the end of the file.
std::size_t read_fully(int fd, unsigned char* buffer, std::size_t n, const std::string& path) {
    std::size_t got = 0;
    while (got < n) {
        const ssize_t r = ::read(fd, buffer + got, n - got);
        if (r < 0) {
            if (errno == EINTR) continue;
            throw Error(Location{path}, errno_text(errno));
        }
        if (r == 0) break;
        got += static_cast<std::size_t>(r);
    }
    return got;
}

}  // namespace

bool load_index(const std::string& path, const IndexKind& kind, const std::function<void(std::uint64_t count)>& reserve,
                const std::function<void(const Hash128&)>& add) {
    const auto bad = [&](const std::string& why) { return UsageError("--index " + path + ": " + why); };
    FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (!fd.valid()) {
        if (errno == ENOENT) return false;
        throw bad(errno_text(errno));
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) throw bad(errno_text(errno));
    if (!S_ISREG(st.st_mode)) throw bad("not a regular file");

    // The header: one JSON line at the start.
    std::vector<unsigned char> head(max_header);
    const std::size_t head_bytes = read_fully(fd.get(), head.data(), head.size(), path);
    const std::string_view head_text(reinterpret_cast<const char*>(head.data()), head_bytes);
    const std::size_t newline = head_text.find('\n');
    const std::string expected_start = "{\"format\":\"" + std::string(format_name) + "\"";
    if (newline == std::string_view::npos || !head_text.starts_with(expected_start)) {
        throw bad("not a seed-dedup index (it does not start with " + expected_start + ")");
    }
    std::vector<json::Member> members;
    if (auto error = json::scan_object(head_text.substr(0, newline), members)) {
        throw bad("damaged header: " + error->message);
    }
    std::string scratch;
    std::string key_field;
    std::string version;
    std::string count_text;
    bool has_key = false;
    std::string normalize;
    for (const json::Member& m : members) {
        if (json::key_equals(m, "version")) version = m.value;
        if (json::key_equals(m, "count")) count_text = m.value;
        if (json::key_equals(m, "normalize")) normalize = m.value;
        if (json::key_equals(m, "key") && m.type == json::Type::string) {
            key_field = json::string_value(m, scratch);
            has_key = true;
        }
    }
    if (version != std::to_string(format_version)) {
        throw bad("index version " + (version.empty() ? std::string("(none)") : version) +
                  " is not supported (this seed-dedup reads version " + std::to_string(format_version) + ")");
    }
    std::uint64_t count = 0;
    if (count_text.empty() || count_text.find_first_not_of("0123456789") != std::string::npos ||
        count_text.size() > 19 || !has_key || (normalize != "true" && normalize != "false")) {
        throw bad("damaged header");
    }
    count = std::stoull(count_text);
    const IndexKind found{key_field, normalize == "true"};
    if (found.key != kind.key || found.normalize != kind.normalize) {
        throw bad("made with " + describe_kind(found) + ", but this run uses " + describe_kind(kind));
    }
    const std::uint64_t header_bytes = newline + 1;
    const std::uint64_t expected_size = header_bytes + count * key_bytes + 8;
    if (count > (static_cast<std::uint64_t>(st.st_size)) / key_bytes ||
        static_cast<std::uint64_t>(st.st_size) != expected_size) {
        throw bad("damaged: " + std::to_string(st.st_size) + " bytes where the header calls for " +
                  std::to_string(expected_size) + " (truncated, or not written by seed-dedup)");
    }

    reserve(count);
    if (::lseek(fd.get(), static_cast<off_t>(header_bytes), SEEK_SET) < 0) throw bad(errno_text(errno));
    std::vector<unsigned char> block(block_keys * key_bytes);
    std::uint64_t checksum = 0;
    Hash128 previous;
    for (std::uint64_t done = 0; done < count;) {
        const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(block_keys, count - done));
        if (read_fully(fd.get(), block.data(), n * key_bytes, path) != n * key_bytes) throw bad("damaged: truncated");
        checksum = XXH3_64bits_withSeed(block.data(), n * key_bytes, checksum);
        for (std::size_t i = 0; i < n; ++i) {
            const Hash128 key{get_be64(&block[i * key_bytes]), get_be64(&block[i * key_bytes + 8])};
            if (!(previous < key)) throw bad("damaged: keys out of order at key " + std::to_string(done + i + 1));
            add(key);
            previous = key;
        }
        done += n;
    }
    unsigned char tail[8];
    if (read_fully(fd.get(), tail, 8, path) != 8 || get_be64(tail) != checksum) {
        throw bad("damaged: checksum mismatch");
    }
    return true;
}

IndexWriter::IndexWriter(const std::string& path, const IndexKind& kind, std::uint64_t count)
    : out_(path), expected_(count) {
    out_.write(header_line(kind, count));
}

void IndexWriter::add(const Hash128& key) {
    put_be64(block_, key.hi);
    put_be64(block_, key.lo);
    ++written_;
    if (block_.size() == block_keys * key_bytes) flush_block();
}

void IndexWriter::flush_block() {
    checksum_ = XXH3_64bits_withSeed(block_.data(), block_.size(), checksum_);
    out_.write(block_);
    block_.clear();
}

void IndexWriter::commit() {
    if (!block_.empty()) flush_block();
    if (written_ != expected_) throw Error("internal error: index count changed while saving");
    std::string tail;
    put_be64(tail, checksum_);
    out_.write(tail);
    out_.commit();
}

}  // namespace seed::dedup
