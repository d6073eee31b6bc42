// The hub's files, seed-hfstream's second transport: list a repository's tree (every page of it),
// choose the data files, and read rows out of JSON Lines and JSON array files as their bytes
// arrive (gzip and zstd undone on the way, by magic number).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "input.hpp"
#include "json_array_reader.hpp"
#include "result.hpp"

namespace seed::hfstream {

struct HubFile {
    std::string path;
    std::uint64_t size = 0;  // bytes (of the LFS object, for LFS files)
};

// {hub}/api/datasets/{id}/tree/{revision}[/{folder}]?recursive=true&expand=false. The revision is
// encoded whole (refs/convert/parquet -> refs%2Fconvert%2Fparquet), the folder keeps its '/'.
std::string tree_url(const std::string& hub, const std::string& dataset, const std::string& revision,
                     const std::string& folder);

// {hub}/datasets/{id}/resolve/{revision}/{path}, encoded as tree_url encodes ('+' as %2B).
std::string resolve_url(const std::string& hub, const std::string& dataset, const std::string& revision,
                        const std::string& path);

// The files of one page of a tree listing; folders are left out.
Result<std::vector<HubFile>> parse_tree_page(std::string_view body);

enum class FileFormat { json, parquet, other };

// By name: .jsonl, .ndjson and .json (each maybe .gz or .zst) are JSON; .parquet is parquet.
FileFormat format_of(std::string_view path);

// The split a file's path names the way the datasets library reads it ("train", "test",
// "validation"), or "" when it names none: data/train-00000-of-00003.parquet -> "train".
std::string split_named_by(std::string_view path);

// The files to read, in path order, each once. With globs: the files any of them matches. Without:
// the data files (JSON or parquet) of `split`, when the paths name splits; all of them when no path
// names a split. Fail says what was found when nothing is chosen.
Result<std::vector<HubFile>> choose_files(const std::vector<HubFile>& listing, const std::vector<std::string>& globs,
                                          const std::string& split);

// Rows, as JSON text, out of a JSON Lines file or a file holding one JSON array: the first byte
// that is not white space (after a UTF-8 byte order mark) tells which. Blank lines are skipped.
// Memory is the largest row, not the file.
class RowReader {
public:
    // `source` gives the file's bytes as stored; `name` is for messages ("data/x.json").
    RowReader(std::unique_ptr<io::ByteSource> source, std::string name);

    // The next row's text (valid until the next call); false at the end. Throws seed::Error
    // "NAME:LINE: ..." when the file's framing is broken (a JSON array left open, say). The row
    // itself is not validated here.
    bool next(std::string_view& row);

    // The 1-based line the row last returned starts on.
    std::uint64_t line() const { return line_; }

private:
    bool fill();

    std::string name_;
    std::unique_ptr<io::ByteSource> source_;
    std::string buffer_;                          // the first bytes, read to tell the format
    std::unique_ptr<io::LineReader> lines_;       // JSON Lines
    std::unique_ptr<io::JsonArrayReader> array_;  // one JSON array
    bool started_ = false;
    std::uint64_t line_ = 0;
};

}  // namespace seed::hfstream
