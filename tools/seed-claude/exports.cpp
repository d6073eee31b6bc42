// Finding and opening conversation files: folders, zips (libarchive), plain files, stdin.
#include "exports.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <vector>

#include "error.hpp"

namespace seed::claude {

namespace {

constexpr std::size_t zip_block = std::size_t{1} << 16;

struct ArchiveFree {
    void operator()(archive* a) const { archive_read_free(a); }
};
using ArchivePtr = std::unique_ptr<archive, ArchiveFree>;

bool is_zip_magic(std::string_view head) {
    return head.size() >= 4 && head[0] == 'P' && head[1] == 'K' &&
           ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6) || (head[2] == 7 && head[3] == 8));
}

std::string archive_message(archive* a) {
    const char* text = archive_error_string(a);
    return text ? text : "not a zip archive that can be read";
}

[[noreturn]] void corrupt(const std::string& name, archive* a) {
    throw Error(Location{name}, "corrupt zip (" + archive_message(a) + ")");
}

// libarchive reading from a ByteSource (standard input, after its first bytes were sniffed).
struct SourceReader {
    io::ByteSource* source;
    std::vector<char> block = std::vector<char>(zip_block);
};

la_ssize_t read_source(archive* a, void* user, const void** buffer) {
    auto& reader = *static_cast<SourceReader*>(user);
    try {
        *buffer = reader.block.data();
        return static_cast<la_ssize_t>(reader.source->read(reader.block.data(), reader.block.size()));
    } catch (const std::exception& e) {
        archive_set_error(a, EIO, "%s", e.what());
        return -1;
    }
}

ArchivePtr new_zip_reader() {
    ArchivePtr a(archive_read_new());
    archive_read_support_format_zip(a.get());
    return a;
}

// The current member of an open archive, as a ByteSource.
class MemberSource final : public io::ByteSource {
public:
    MemberSource(archive* a, std::string name) : archive_(a), name_(std::move(name)) {}

    std::size_t read(char* buffer, std::size_t capacity) override {
        const la_ssize_t n = archive_read_data(archive_, buffer, capacity);
        if (n < 0) corrupt(name_, archive_);
        return static_cast<std::size_t>(n);
    }

private:
    archive* archive_;
    std::string name_;
};

// Reads the conversations members of an archive, as `open` opens it (once per member when
// `reopen`, so that members come in name order; else once, in the archive's order).
void read_zip(const std::string& name, const std::function<ArchivePtr()>& open, bool reopen,
              const std::function<void(ExportFile&)>& read) {
    std::vector<std::string> members;
    std::vector<std::string> all;
    {
        ArchivePtr a = open();
        archive_entry* entry = nullptr;
        for (;;) {
            const int rc = archive_read_next_header(a.get(), &entry);
            if (rc == ARCHIVE_EOF) break;
            if (rc < ARCHIVE_WARN) corrupt(name, a.get());
            const char* path = archive_entry_pathname(entry);
            const std::string member = path ? path : "";
            all.push_back(member);
            if (archive_entry_filetype(entry) == AE_IFREG && is_conversations_file(member)) {
                if (!reopen) {
                    ExportFile file{name + ":" + member, std::make_unique<MemberSource>(a.get(), name + ":" + member),
                                    nullptr};
                    read(file);
                    members.push_back(member);
                    continue;
                }
                members.push_back(member);
            }
            if (archive_read_data_skip(a.get()) < ARCHIVE_WARN) corrupt(name, a.get());
        }
    }
    if (members.empty()) {
        std::string listed;
        for (std::size_t i = 0; i < all.size() && i < 6; ++i) listed += (i ? ", " : "") + all[i];
        if (all.size() > 6) listed += ", ...";
        throw Error(Location{name}, "no conversations.json or conversations-NNN.json in the zip (" +
                                        (all.empty() ? std::string("it is empty") : "it holds " + listed) + ")");
    }
    if (!reopen) return;
    std::sort(members.begin(), members.end());
    for (const std::string& member : members) {
        ArchivePtr a = open();
        archive_entry* entry = nullptr;
        for (;;) {
            const int rc = archive_read_next_header(a.get(), &entry);
            if (rc == ARCHIVE_EOF) throw Error(Location{name}, "the zip changed while it was read");
            if (rc < ARCHIVE_WARN) corrupt(name, a.get());
            const char* path = archive_entry_pathname(entry);
            if (path && member == path) break;
            if (archive_read_data_skip(a.get()) < ARCHIVE_WARN) corrupt(name, a.get());
        }
        ExportFile file{name + ":" + member, std::make_unique<MemberSource>(a.get(), name + ":" + member), nullptr};
        read(file);
    }
}

// Up to four bytes from the start of `source`, to tell a zip.
std::string sniff(io::ByteSource& source) {
    std::string head(4, '\0');
    std::size_t have = 0;
    while (have < head.size()) {
        const std::size_t n = source.read(head.data() + have, head.size() - have);
        if (n == 0) break;
        have += n;
    }
    head.resize(have);
    return head;
}

// The first bytes of a file as stored (before any decompression).
std::string file_head(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    char head[4] = {};
    file.read(head, sizeof head);
    return std::string(head, static_cast<std::size_t>(file.gcount()));
}

// A plain JSON file mapped in place (the fast way), else as a stream (gzip, zstd, a pipe).
ExportFile open_json(const std::string& path, const std::string& name) {
    if (auto mapped = io::MappedFile::open(path);
        mapped && io::compression_of(mapped->bytes()) == io::Compression::none && !is_zip_magic(mapped->bytes())) {
        return ExportFile{name, nullptr, std::move(mapped)};
    }
    return ExportFile{name, io::open_input(path), nullptr};
}

}  // namespace

bool is_conversations_file(std::string_view path) {
    const std::string_view base = path.substr(path.rfind('/') + 1);
    if (base == "conversations.json") return true;
    constexpr std::string_view prefix = "conversations-";
    constexpr std::string_view suffix = ".json";
    if (!base.starts_with(prefix) || !base.ends_with(suffix)) return false;
    const std::string_view digits = base.substr(prefix.size(), base.size() - prefix.size() - suffix.size());
    return !digits.empty() && std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
}

void each_export_file(const std::string& input, const std::function<void(ExportFile&)>& read) {
    namespace fs = std::filesystem;
    const std::string name = io::display_name(input);
    std::error_code ec;
    if (input != "-" && fs::is_directory(input, ec)) {
        std::vector<std::string> files;
        for (auto it = fs::recursive_directory_iterator(input, ec); !ec && it != fs::recursive_directory_iterator();
             it.increment(ec)) {
            if (it->is_regular_file(ec) && is_conversations_file(it->path().generic_string())) {
                files.push_back(it->path().generic_string());
            }
        }
        if (ec) throw Error(Location{name}, ec.message());
        if (files.empty()) throw Error(Location{name}, "no conversations.json or conversations-NNN.json in the folder");
        std::sort(files.begin(), files.end());
        for (const std::string& path : files) {
            ExportFile file = open_json(path, path);
            read(file);
        }
        return;
    }
    // A zip in a regular file is read from its central directory, members in name order (a pipe
    // must not be read ahead: what is read of it is gone).
    if (input != "-" && fs::is_regular_file(input, ec) && is_zip_magic(file_head(input))) {
        read_zip(
            name,
            [&] {
                ArchivePtr a = new_zip_reader();
                if (archive_read_open_filename(a.get(), input.c_str(), zip_block) != ARCHIVE_OK) corrupt(name, a.get());
                return a;
            },
            true, read);
        return;
    }
    if (input != "-" && fs::is_regular_file(input, ec)) {
        if (ExportFile file = open_json(input, name); file.mapped) {
            read(file);
            return;
        }
    }
    std::unique_ptr<io::ByteSource> source = io::open_input(input);  // gzip and zstd undone
    const std::string head = sniff(*source);
    if (!is_zip_magic(head)) {
        ExportFile file{name, io::replaying(head, std::move(source)), nullptr};
        read(file);
        return;
    }
    // A zip on standard input, or compressed: read as a stream, members in the zip's order.
    auto replayed = io::replaying(head, std::move(source));
    SourceReader reader{replayed.get()};
    read_zip(
        name,
        [&] {
            ArchivePtr a = new_zip_reader();
            if (archive_read_open(a.get(), &reader, nullptr, read_source, nullptr) != ARCHIVE_OK)
                corrupt(name, a.get());
            return a;
        },
        false, read);
}

}  // namespace seed::claude
