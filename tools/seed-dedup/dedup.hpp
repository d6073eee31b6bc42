// seed-dedup: keeps the first record of each text and drops the rest, exactly (by a 128-bit
// hash of the text) and with --near also approximately (MinHash with LSH banding); the dedup
// half of the plan's merge_corpus.py as a stream, plus the stages that split the work across
// processes or machines.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "cli.hpp"
#include "key_table.hpp"
#include "minhash.hpp"
#include "records.hpp"
#include "tool.hpp"

namespace seed::dedup {

enum class Stage {
    whole,            // read records, write the kept ones
    shard_key,        // --shard-key: write KEY<TAB>POSITION<TAB>RECORD for every record
    from_shard_key,   // --from-shard-key: dedup such lines by KEY, write the kept lines as read
    signatures,       // --signatures: write TAG<TAB>SIGNATURE<TAB>RECORD for every record
    from_signatures,  // --from-signatures: dedup such lines, write the kept records
};

struct DedupOptions {
    tool::IoOptions io;
    std::string key_field = "text";
    bool normalize = false;
    std::string index;   // --index FILE; empty: none
    std::string report;  // --report FILE; empty: none
    bool near = false;
    double threshold = 0.7;
    unsigned ngram = 5;
    unsigned perms = 256;
    Banding banding;  // chosen from the threshold unless --bands/--rows
    Shingle shingle = Shingle::words;
    bool verify = true;
    Stage stage = Stage::whole;
    bool verbose = false;
};

const cli::Command& command();
Result<DedupOptions> make_options(const cli::Args& args);

// The key of a record: a 128-bit hash (XXH3) of the key field's text in its canonical JSON
// spelling (json::write_string), so that every spelling of the same text has the same key; with
// --normalize, of the decoded text with white-space runs as one space, none at either end, and
// case folded; for a key field that is not a string, of its compact JSON. Never zero.
struct RecordKey {
    Hash128 key;
    std::string_view text;  // the decoded text, when asked for and the field is a string
    bool is_string = false;
};

class KeyMaker {
public:
    KeyMaker(std::string field, bool normalize) : field_(std::move(field)), normalize_(normalize) {}
    // The record's key, or why it has none (the field is missing); `with_text`: also decode
    // the text (for --near).
    Result<RecordKey> make(const Record& record, bool with_text = false);
    // The key of a decoded text, as make() computes it for a string field.
    Hash128 of_text(std::string_view text);

private:
    std::string field_;
    bool normalize_;
    std::string decoded_;
    std::string spelled_;  // the text as hashed
};

inline constexpr std::uint32_t no_id = 0xFFFFFFFF;

struct Decision {
    enum class Kind { kept, exact, near } kind = Kind::kept;
    std::uint32_t of = no_id;  // the kept record duplicated (by kept number); no_id: not tracked, or --index
    double similarity = 1.0;   // estimated, for near
};

// The dedup state: the exact keys seen and, for --near, the band keys and sketches of the kept
// records. Decisions depend only on the order of the records, never on memory layout.
class Deduplicator {
public:
    struct Params {
        bool track_ids = false;  // remember which kept record each key belongs to (--report, --near)
        bool near = false;
        unsigned perms = 256;
        unsigned bands = 32;
        double threshold = 0.7;
        bool verify = true;
    };
    explicit Deduplicator(const Params& params);

    // Exact mode: kept when `key` is new.
    Decision decide(const Hash128& key);
    // Near mode: `band_keys` (bands of them) and `sketch` (perms bytes) are null for a text
    // without tokens, which is then only compared exactly.
    Decision decide(const Hash128& key, const std::uint64_t* band_keys, const std::uint8_t* sketch);

    // Adds a key from --index: drops the records with that key, naming no kept record.
    void add_indexed(const Hash128& key);
    void reserve(std::uint64_t keys);

    std::uint64_t unique_keys() const;
    std::uint64_t kept() const { return kept_; }
    // Bytes of memory held by the sets.
    std::uint64_t bytes() const;

    // Calls f(key) for every exact key in ascending order.
    template <class F>
    void for_each_key(F&& f) const {
        if (params_.track_ids)
            keys_with_ids_.for_each([&](const KeyIdSlot& slot) { f(slot.key); });
        else
            keys_.for_each([&](const KeySlot& slot) { f(slot.key); });
    }

private:
    struct KeySlot {
        Hash128 key;
    };
    struct KeyIdSlot {
        Hash128 key;
        std::uint32_t id;
    };
    struct __attribute__((packed)) BandSlot {
        std::uint64_t key;
        std::uint32_t id;
    };

    std::uint32_t next_id();
    void keep_near(const std::uint64_t* band_keys, const std::uint8_t* sketch, std::uint32_t id);
    const std::uint8_t* sketch_of(std::uint32_t id) const;

    Params params_;
    OrderedTable<KeySlot> keys_;
    OrderedTable<KeyIdSlot> keys_with_ids_;
    OrderedTable<BandSlot> bands_;
    std::vector<std::vector<std::uint8_t>> sketch_chunks_;  // sketches of kept records, by id
    std::vector<std::uint32_t> candidates_;
    std::uint64_t kept_ = 0;
};

struct Counts {
    std::uint64_t read = 0;
    std::uint64_t kept = 0;  // records kept, or lines written by --shard-key and --signatures
    std::uint64_t exact = 0;
    std::uint64_t near = 0;
    std::uint64_t bad = 0;
};

// "read 12, kept 9, dropped 3 (exact 2, near 1)"; the near count only in near mode; for the
// stages that drop nothing, "read 12, wrote 12"; then ", skipped 1 bad" when there were any.
std::string summary_line(const Counts& counts, bool near, Stage stage);

// Runs seed-dedup; returns the exit status.
int run(const DedupOptions& options);

}  // namespace seed::dedup
