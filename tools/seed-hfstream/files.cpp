// Tree listings, the choice of data files, and rows out of JSON Lines and JSON array files.
#include "files.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "error.hpp"
#include "glob.hpp"
#include "http.hpp"
#include "json.hpp"

namespace seed::hfstream {

namespace {

// As url_encode, but '/' too: a revision is one path segment.
std::string encode_segment(const std::string& value) {
    std::string out;
    for (const char c : url_encode(value)) {
        if (c == '/') {
            out += "%2F";
        } else {
            out += c;
        }
    }
    return out;
}

bool ends_with_any(std::string_view path, std::initializer_list<std::string_view> suffixes) {
    return std::any_of(suffixes.begin(), suffixes.end(), [&](std::string_view s) { return path.ends_with(s); });
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

constexpr std::size_t read_chunk = std::size_t{64} << 10;

}  // namespace

std::string tree_url(const std::string& hub, const std::string& dataset, const std::string& revision,
                     const std::string& folder) {
    return hub + "/api/datasets/" + url_encode(dataset) + "/tree/" + encode_segment(revision) +
           (folder.empty() ? "" : "/" + url_encode(folder)) + "?recursive=true&expand=false";
}

std::string resolve_url(const std::string& hub, const std::string& dataset, const std::string& revision,
                        const std::string& path) {
    return hub + "/datasets/" + url_encode(dataset) + "/resolve/" + encode_segment(revision) + "/" + url_encode(path);
}

Result<std::vector<HubFile>> parse_tree_page(std::string_view body) {
    std::vector<json::Member> entries;
    if (auto error = json::scan_array(body, entries)) return Fail{"the tree listing is not a JSON list (truncated?)"};
    std::vector<HubFile> files;
    std::vector<json::Member> entry;
    std::vector<json::Member> lfs;
    std::string scratch;
    const auto find = [](const std::vector<json::Member>& members, std::string_view key) -> const json::Member* {
        for (const json::Member& m : members) {
            if (json::key_equals(m, key)) return &m;
        }
        return nullptr;
    };
    const auto number = [](const json::Member* m) -> std::uint64_t {
        if (!m || m->type != json::Type::number || m->value.empty() || m->value.size() > 19 ||
            m->value.find_first_not_of("0123456789") != std::string_view::npos) {
            return 0;
        }
        return std::stoull(std::string(m->value));
    };
    for (const json::Member& e : entries) {
        if (e.type != json::Type::object || json::scan_object(e.value, entry)) {
            return Fail{"the tree listing holds something that is not an entry"};
        }
        const json::Member* type = find(entry, "type");
        const json::Member* path = find(entry, "path");
        if (!type || !path || type->type != json::Type::string || path->type != json::Type::string) {
            return Fail{"a tree entry without 'type' and 'path'"};
        }
        if (json::string_value(*type, scratch) != "file") continue;
        HubFile file{std::string(json::string_value(*path, scratch)), number(find(entry, "size"))};
        if (const json::Member* l = find(entry, "lfs");
            l && l->type == json::Type::object && !json::scan_object(l->value, lfs)) {
            if (const std::uint64_t size = number(find(lfs, "size")); size > 0) file.size = size;
        }
        files.push_back(std::move(file));
    }
    return files;
}

FileFormat format_of(std::string_view path) {
    const std::string name = lower(path);
    std::string_view base = name;
    if (base.ends_with(".gz")) {
        base.remove_suffix(3);
    } else if (base.ends_with(".zst")) {
        base.remove_suffix(4);
    }
    if (ends_with_any(base, {".jsonl", ".ndjson", ".json"})) return FileFormat::json;
    if (name.ends_with(".parquet")) return FileFormat::parquet;
    return FileFormat::other;
}

std::string split_named_by(std::string_view path) {
    // The words of the path (runs of letters), as the datasets library's split patterns see them.
    static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> keywords{{
        {"train", "train"},
        {"training", "train"},
        {"test", "test"},
        {"testing", "test"},
        {"eval", "test"},
        {"evaluation", "test"},
        {"validation", "validation"},
        {"valid", "validation"},
        {"dev", "validation"},
    }};
    const std::string name = lower(path);
    std::size_t i = 0;
    while (i < name.size()) {
        if (!std::isalpha(static_cast<unsigned char>(name[i]))) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end < name.size() && std::isalpha(static_cast<unsigned char>(name[end]))) ++end;
        const std::string_view word(name.data() + i, end - i);
        for (const auto& [keyword, split] : keywords) {
            if (word == keyword) return std::string(split);
        }
        i = end;
    }
    return "";
}

Result<std::vector<HubFile>> choose_files(const std::vector<HubFile>& listing, const std::vector<std::string>& globs,
                                          const std::string& split) {
    std::vector<HubFile> chosen;
    if (!globs.empty()) {
        for (const HubFile& f : listing) {
            if (std::any_of(globs.begin(), globs.end(),
                            [&](const std::string& g) { return glob_match_whole(g, f.path); })) {
                chosen.push_back(f);
            }
        }
    } else {
        std::vector<HubFile> data;
        for (const HubFile& f : listing) {
            if (format_of(f.path) != FileFormat::other) data.push_back(f);
        }
        const bool named =
            std::any_of(data.begin(), data.end(), [](const HubFile& f) { return !split_named_by(f.path).empty(); });
        for (const HubFile& f : data) {
            if (named ? split_named_by(f.path) == split : split == "train") chosen.push_back(f);
        }
    }
    std::sort(chosen.begin(), chosen.end(), [](const HubFile& a, const HubFile& b) { return a.path < b.path; });
    chosen.erase(
        std::unique(chosen.begin(), chosen.end(), [](const HubFile& a, const HubFile& b) { return a.path == b.path; }),
        chosen.end());
    if (!chosen.empty()) return chosen;
    std::string found;
    for (std::size_t i = 0; i < listing.size() && i < 8; ++i) found += (i ? ", " : "") + listing[i].path;
    if (listing.size() > 8) found += ", ... (" + std::to_string(listing.size()) + " files)";
    if (listing.empty()) found = "no files";
    if (!globs.empty()) return Fail{"--data-files matches none of the files listed (" + found + ")"};
    return Fail{"no JSON or parquet data files for split '" + split + "' (" + found + "); choose with --data-files"};
}

RowReader::RowReader(std::unique_ptr<io::ByteSource> source, std::string name)
    : name_(std::move(name)), source_(std::move(source)) {}

bool RowReader::fill() {
    const std::size_t had = buffer_.size();
    buffer_.resize(had + read_chunk);
    const std::size_t n = source_->read(buffer_.data() + had, read_chunk);
    buffer_.resize(had + n);
    return n > 0;
}

bool RowReader::next(std::string_view& row) {
    if (!started_) {
        // Undo gzip or zstd, then look at the first byte that is not white space: '[' is an array.
        started_ = true;
        source_ = io::decompressing(std::move(source_), name_);
        while (buffer_.size() < 3 && fill()) {
        }
        bool array = false;
        for (;;) {
            const std::size_t from = buffer_.starts_with("\xEF\xBB\xBF") ? 3 : 0;
            const std::size_t first = buffer_.find_first_not_of(" \t\r\n", from);
            if (first != std::string::npos) {
                array = buffer_[first] == '[';
                break;
            }
            if (!fill()) break;
        }
        auto rest = io::replaying(std::move(buffer_), std::move(source_));
        buffer_.clear();
        if (array) {
            array_ = std::make_unique<io::JsonArrayReader>(std::move(rest), name_);
        } else {
            lines_ = std::make_unique<io::LineReader>(std::move(rest));
        }
    }
    if (array_) {
        if (!array_->next(row)) return false;
        line_ = array_->line();
        return true;
    }
    std::string_view line;
    while (lines_->next(line)) {
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;  // blank
        line_ = lines_->line_number();
        row = line;
        return true;
    }
    return false;
}

}  // namespace seed::hfstream
