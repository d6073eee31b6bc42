// The record loop shared by all tools.
#include "records.hpp"

#include <unistd.h>

#include <cerrno>

#include "text.hpp"

namespace seed {

namespace {

constexpr std::uint64_t shown_rejections = 10;

}  // namespace

std::string file_stem(std::string_view path) {
    std::string_view name = path.substr(path.rfind('/') + 1);  // npos + 1 == 0
    for (const std::string_view suffix : {".gz", ".zst"}) {
        if (name.size() > suffix.size() && name.ends_with(suffix)) name.remove_suffix(suffix.size());
    }
    const std::size_t dot = name.rfind('.');
    if (dot == std::string_view::npos || dot == 0 || dot + 1 == name.size()) return std::string(name);
    return std::string(name.substr(0, dot));
}

const json::Member* Record::find(std::string_view key) const {
    for (auto it = members.rbegin(); it != members.rend(); ++it) {
        if (json::key_equals(*it, key)) return &*it;
    }
    return nullptr;
}

RecordReader::RecordReader(const std::vector<std::string>& paths, OnError on_error, const Diagnostics& diagnostics)
    : on_error_(on_error), diagnostics_(diagnostics), progress_(diagnostics) {
    const std::vector<std::string> stdin_only{"-"};
    for (const std::string& path : paths.empty() ? stdin_only : paths) {
        if (path != "-" && ::access(path.c_str(), R_OK) != 0) throw Error(Location{path}, errno_text(errno));
        inputs_.push_back(InputFile{path, io::display_name(path), path == "-" ? "" : file_stem(path)});
    }
}

bool RecordReader::advance(Record& record, bool scan) {
    for (;;) {
        if (!lines_) {
            if (next_input_ == inputs_.size()) {
                progress_.finish();
                return false;
            }
            lines_ = std::make_unique<io::LineReader>(io::open_input(inputs_[next_input_].path));
            ++next_input_;
        }
        std::string_view line;
        if (!lines_->next(line)) {
            bytes_before_ += lines_->bytes_read();
            lines_.reset();
            continue;
        }
        if (text::is_blank(line)) continue;
        ++read_;
        progress_.update(read_, bytes_before_ + lines_->bytes_read());
        record.input = &inputs_[next_input_ - 1];
        record.line_number = lines_->line_number();
        record.line = line;
        if (!scan) {
            record.members.clear();
            return true;
        }
        if (auto error = json::scan_object(line, record.members)) {
            reject_at(record.location(), error->message);
            continue;
        }
        return true;
    }
}

void RecordReader::reject(const Record& record, std::string_view message) { reject_at(record.location(), message); }

void RecordReader::reject_at(const Location& where, std::string_view message) {
    if (on_error_ == OnError::fail) throw Error(where, message);
    ++rejected_;
    if (rejected_ <= shown_rejections) {
        diagnostics_.warn(format_located(where, message) + " (skipped)");
    } else if (rejected_ == shown_rejections + 1) {
        diagnostics_.warn("more bad lines skipped; the summary counts them all");
    }
}

}  // namespace seed
