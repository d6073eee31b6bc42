// Rows out of parquet files: the footer, a projection onto top-level columns, and the rows of a
// row group assembled from its column chunks (Dremel's definition and repetition levels) into
// JSON objects, one page per column in memory at a time. Where the bytes come from (a mapped
// file, HTTP range requests) is the caller's business: it fetches the ranges asked for.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "encoding.hpp"
#include "metadata.hpp"

namespace seed::parquet {

// A file's last bytes: the metadata, its 4-byte length and "PAR1".
constexpr std::size_t footer_guess = 64 * 1024;  // read this much first: most footers fit

// How many of the file's last bytes hold the footer, given at least its last 8 (`tail` is the
// file's last tail.size() bytes, `file_size` the whole). Throws seed::Error when they are not a
// parquet file's ending (no "PAR1", an encrypted footer "PARE", a length beyond the file).
std::uint64_t footer_size(std::string_view tail, std::uint64_t file_size);

struct ByteRange {
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
};

struct Limits {
    std::uint64_t max_page_bytes = std::uint64_t{1} << 30;   // a page larger than this is refused
    std::uint64_t max_page_values = std::uint64_t{1} << 24;  // and one of more values
};

struct Leaf;
struct Node;

// Whether to read a top-level column, by name.
using ColumnChoice = std::function<bool(const std::string&)>;

// One parquet file's metadata and the columns to read of it.
class File {
public:
    // `tail` holds at least footer_size() last bytes of the file. `name` is for messages.
    // `read_column` says which top-level columns to read; empty: all.
    // Throws seed::Error "NAME: ..." for a corrupt footer, an encrypted file, a column in another
    // file, or a projected column of a type or shape this reader does not read.
    File(std::string name, std::string_view tail, std::uint64_t file_size, const ColumnChoice& read_column,
         Limits limits = {});
    ~File();
    File(File&&) noexcept;
    File& operator=(File&&) noexcept;

    const std::string& name() const { return name_; }
    const FileMetaData& metadata() const { return meta_; }
    std::size_t row_groups() const { return meta_.row_groups.size(); }
    std::uint64_t rows_in(std::size_t row_group) const;

    // The top-level columns read, in the file's order.
    std::vector<std::string> columns() const;

    // The byte ranges to fetch for a row group: one per column chunk read, in column order.
    std::vector<ByteRange> ranges(std::size_t row_group) const;

    friend class RowGroupRows;
    void check_meaning(const Leaf& leaf, const SchemaElement& element) const;

private:
    std::string name_;
    FileMetaData meta_;
    Limits limits_;
    std::vector<Node> nodes_;       // the schema tree; nodes_[0] is the root
    std::vector<Leaf> leaves_;      // every column of the file
    std::vector<int> fields_;       // top-level nodes read
    std::vector<int> read_leaves_;  // leaves under them, in order
};

// The rows of one row group, one JSON object at a time.
class RowGroupRows {
public:
    // `chunks`: the bytes of File::ranges(row_group), in that order; they must outlive this.
    RowGroupRows(const File& file, std::size_t row_group, std::vector<std::string_view> chunks);
    ~RowGroupRows();
    RowGroupRows(RowGroupRows&&) noexcept;
    RowGroupRows& operator=(RowGroupRows&&) noexcept;

    // Appends the next row as a JSON object ({"col":value,...} in column order, no newline) to
    // `out`; false at the end of the row group. Throws seed::Error "FILE: column C, row group G:
    // ..." when the data is corrupt or uses a feature this reader does not read; `out` then
    // holds what it held before the call.
    bool next(std::string& out);

    // Skips the next `n` rows (fewer at the end); returns how many were skipped.
    std::uint64_t skip(std::uint64_t n);

private:
    struct State;
    std::unique_ptr<State> state_;
};

// Every row of a file whose bytes are all at hand (a mapped file), row group after row group.
class WholeFileRows {
public:
    // Throws seed::Error "NAME: ..." as File does.
    WholeFileRows(std::string name, std::string_view bytes, const ColumnChoice& read_column, Limits limits = {});

    const File& file() const { return file_; }

    // The next row, as RowGroupRows::next; false after the last.
    bool next(std::string& out);

    // Skips `n` rows, whole row groups without decoding them; returns how many were skipped.
    std::uint64_t skip(std::uint64_t n);

    // The offset in the file below which no more bytes will be read (for giving pages back).
    std::uint64_t done_before() const;

private:
    void open_row_group();  // rows_ for row_group_

    std::string_view bytes_;
    File file_;
    std::size_t row_group_ = 0;
    std::unique_ptr<RowGroupRows> rows_;
};

}  // namespace seed::parquet
