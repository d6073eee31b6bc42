// The conversation files of an export as the user has it: the emailed zip (by its content, not
// its name), the folder it unpacks to, a bare conversations.json (maybe .gz or .zst), or
// standard input. Zips are read in place, member by member, never unpacked to disk.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "input.hpp"

namespace seed::claude {

struct ExportFile {
    std::string name;  // for messages: "export.zip:data-.../conversations.json", "conversations.json"
    std::unique_ptr<io::ByteSource> source;  // the bytes as a stream, or
    std::unique_ptr<io::MappedFile> mapped;  // a plain file in memory, read in place
};

// Whether a file name is a conversations file: conversations.json, or a ChatGPT shard
// conversations-000.json (any number of digits).
bool is_conversations_file(std::string_view path);

// Calls read(file) for each conversations file in `input` ("-": standard input), in path order
// (a zip on standard input: in the zip's order). A bare file is read whatever its name. Throws
// seed::Error for a zip or folder without one, a corrupt zip, or an input that cannot be opened.
void each_export_file(const std::string& input, const std::function<void(ExportFile&)>& read);

}  // namespace seed::claude
