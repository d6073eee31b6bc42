// The --index file: a saved set of exact keys, so new data can be deduplicated against a corpus
// built earlier.
//
// Format, version 1:
//   {"format":"seed-dedup-index","version":1,"key":"text","normalize":false,"count":N}\n
//   N keys of 16 bytes (high then low 64 bits, big-endian), strictly ascending
//   an 8-byte big-endian checksum of the key bytes (see index_file.cpp)
// The header names the options the keys were made with; loading under other options is an
// error, as is any file that does not check out, so a bad index never becomes an empty set.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "key_table.hpp"
#include "output.hpp"

namespace seed::dedup {

struct IndexKind {
    std::string key;  // the field hashed
    bool normalize = false;
};

// Reads the index at `path`, calling add() for each key in ascending order. Returns false,
// calling nothing, when there is no file at `path` yet (the first run creates it). Throws
// UsageError, naming the file, when it is not a seed-dedup index, is damaged, or was made with
// options other than `kind`.
bool load_index(const std::string& path, const IndexKind& kind, const std::function<void(std::uint64_t count)>& reserve,
                const std::function<void(const Hash128&)>& add);

// Writes an index of exactly `count` keys, given in ascending order, to a temporary file that
// commit() renames to `path`.
class IndexWriter {
public:
    IndexWriter(const std::string& path, const IndexKind& kind, std::uint64_t count);
    void add(const Hash128& key);
    void commit();

private:
    void flush_block();

    io::Output out_;
    std::uint64_t expected_;
    std::uint64_t written_ = 0;
    std::uint64_t checksum_ = 0;
    std::string block_;
};

}  // namespace seed::dedup
