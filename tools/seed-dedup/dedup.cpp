// seed-dedup's options, keys, dedup state and stages.
#include "dedup.hpp"

#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <optional>

#include "index_file.hpp"
#include "output.hpp"
#include "stages.hpp"
#include "text.hpp"
#include "utf8.hpp"

namespace seed::dedup {

namespace {

constexpr unsigned max_perms = 8192;
constexpr unsigned max_ngram = 256;
// Sketches are stored in chunks of this many records, so storing them never copies them all.
constexpr std::size_t sketches_per_chunk = 4096;

Hash128 hash128(std::string_view bytes, std::uint64_t seed) {
    const XXH128_hash_t h = XXH3_128bits_withSeed(bytes.data(), bytes.size(), seed);
    Hash128 key{h.high64, h.low64};
    if (is_empty(key)) key.lo = 1;  // zero marks an empty slot
    return key;
}

Result<unsigned> parse_bounded(const cli::Arg& arg, unsigned low, unsigned high) {
    const std::string name = "--" + std::string(arg.option->long_name) + ": ";
    auto n = cli::parse_count(arg.value);
    if (!n) return Fail{name + n.error()};
    if (n.value() < low || n.value() > high) {
        return Fail{name + "expected a number from " + std::to_string(low) + " to " + std::to_string(high) + ", not '" +
                    arg.value + "'"};
    }
    return static_cast<unsigned>(n.value());
}

std::string format_similarity(double s) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", s);
    return buffer;
}

}  // namespace

const cli::Command& command() {
    static const cli::Command cmd{
        "seed-dedup",
        "[OPTIONS] [FILE...]",
        "Keep the first record of each text and drop its duplicates, exact or near.",
        tool::with_shared_options({
            {'k', "key", "FIELD", "hash FIELD instead of 'text'"},
            {0, "normalize", "", "fold white space and case before hashing"},
            {0, "index", "FILE", "load keys from FILE first, save all keys to it after"},
            {0, "near", "", "also drop near-duplicates (MinHash with LSH)"},
            {0, "threshold", "T", "near: drop at estimated Jaccard >= T (default 0.7)"},
            {0, "ngram", "N", "near: tokens per shingle (default 5)"},
            {0, "perms", "N", "near: MinHash values per signature (default 256)"},
            {0, "bands", "B", "near: LSH bands (default: chosen from --threshold)"},
            {0, "rows", "R", "near: values per band (bands x rows = perms)"},
            {0, "shingle", "KIND", "near: shingles of words (default) or chars"},
            {0, "no-verify", "", "near: drop LSH candidates without checking them"},
            {0, "report", "FILE", "write one JSON line per dropped record to FILE"},
            {0, "shard-key", "", "stage: write KEY, POSITION, record; drop nothing"},
            {0, "from-shard-key", "", "stage: dedup --shard-key lines by KEY"},
            {0, "signatures", "", "stage: write near signatures; drop nothing"},
            {0, "from-signatures", "", "stage: dedup --signatures lines"},
            {'v', "verbose", "", "print the near settings and the memory used"},
        }),
        "Exact keys are 128-bit hashes of the decoded text. The summary counts exact\n"
        "and near drops. See seed-dedup(1) for the method, memory and sharding.\n",
    };
    return cmd;
}

Result<DedupOptions> make_options(const cli::Args& args) {
    DedupOptions options;
    options.io.inputs = args.operands;
    std::optional<unsigned> perms;
    std::optional<unsigned> bands;
    std::optional<unsigned> rows;
    std::vector<std::string> near_only;  // near options given, for the message when --near is not
    std::vector<std::string> stages;
    bool key_given = false;
    for (const cli::Arg& arg : args.options) {
        auto shared = tool::apply_shared_option(arg, options.io);
        if (!shared) return Fail{shared.error()};
        if (shared.value()) continue;
        const std::string flag = "--" + std::string(arg.option->long_name);
        auto number = [&](std::optional<unsigned>& into, unsigned low, unsigned high) -> Result<void> {
            auto n = parse_bounded(arg, low, high);
            if (!n) return Fail{n.error()};
            into = n.value();
            return {};
        };
        Result<void> done;
        if (arg.is("key")) {
            if (arg.value.empty()) return Fail{"--key: empty field name"};
            options.key_field = arg.value;
            key_given = true;
        } else if (arg.is("normalize")) {
            options.normalize = true;
        } else if (arg.is("index")) {
            if (arg.value.empty() || arg.value == "-") return Fail{"--index: needs a file name"};
            options.index = arg.value;
        } else if (arg.is("report")) {
            if (arg.value.empty()) return Fail{"--report: empty file name"};
            options.report = arg.value;
        } else if (arg.is("near")) {
            options.near = true;
        } else if (arg.is("verbose")) {
            options.verbose = true;
        } else if (arg.is("shard-key") || arg.is("from-shard-key") || arg.is("signatures") ||
                   arg.is("from-signatures")) {
            if (std::find(stages.begin(), stages.end(), flag) == stages.end()) stages.push_back(flag);
            options.stage = arg.is("shard-key")        ? Stage::shard_key
                            : arg.is("from-shard-key") ? Stage::from_shard_key
                            : arg.is("signatures")     ? Stage::signatures
                                                       : Stage::from_signatures;
        } else {
            near_only.push_back(flag);
            if (arg.is("threshold")) {
                auto t = cli::parse_fraction(arg.value);
                if (!t || t.value() <= 0 || t.value() >= 1) {
                    return Fail{"--threshold: expected a number between 0 and 1 (exclusive), not '" + arg.value + "'"};
                }
                options.threshold = t.value();
            } else if (arg.is("ngram")) {
                std::optional<unsigned> n;
                done = number(n, 1, max_ngram);
                if (n) options.ngram = *n;
            } else if (arg.is("perms")) {
                done = number(perms, 1, max_perms);
            } else if (arg.is("bands")) {
                done = number(bands, 1, max_perms);
            } else if (arg.is("rows")) {
                done = number(rows, 1, max_perms);
            } else if (arg.is("shingle")) {
                if (arg.value != "words" && arg.value != "chars") {
                    return Fail{"--shingle: expected 'words' or 'chars', not '" + arg.value + "'"};
                }
                options.shingle = arg.value == "words" ? Shingle::words : Shingle::chars;
            } else if (arg.is("no-verify")) {
                options.verify = false;
            }
        }
        if (!done) return Fail{done.error()};
    }

    if (stages.size() > 1) return Fail{stages[0] + " and " + stages[1] + " are different stages; give one"};
    const Stage stage = options.stage;
    if (stage == Stage::signatures || stage == Stage::from_signatures) options.near = true;
    if (!options.near && !near_only.empty()) return Fail{near_only[0] + " needs --near"};
    if (options.near && (stage == Stage::shard_key || stage == Stage::from_shard_key)) {
        return Fail{stages[0] + " is for exact mode; near mode splits its work with --signatures"};
    }
    if (!options.index.empty() && (options.near || stage != Stage::whole)) {
        return Fail{"--index works in exact mode without stages"};
    }
    if (!options.report.empty() && stage != Stage::whole && stage != Stage::from_signatures) {
        return Fail{"--report needs a run that drops records, not " + stages[0]};
    }
    if ((stage == Stage::from_shard_key || stage == Stage::from_signatures) && (key_given || options.normalize)) {
        return Fail{std::string(key_given ? "--key" : "--normalize") + " applies where keys are made (" +
                    (stage == Stage::from_shard_key ? "--shard-key" : "--signatures") + "), not to " + stages[0]};
    }

    // The banding: bands x rows must be perms; what is not given is derived.
    if (options.near) {
        if (bands && rows) {
            const unsigned product = *bands * *rows;
            if (perms && *perms != product) {
                return Fail{"--bands " + std::to_string(*bands) + " x --rows " + std::to_string(*rows) + " is " +
                            std::to_string(product) + ", not --perms " + std::to_string(*perms)};
            }
            if (product > max_perms) return Fail{"--bands x --rows is more than " + std::to_string(max_perms)};
            options.perms = product;
            options.banding = Banding{*bands, *rows};
        } else {
            if (perms) options.perms = *perms;
            if (bands || rows) {
                const unsigned given = bands ? *bands : *rows;
                if (options.perms % given != 0) {
                    return Fail{std::string(bands ? "--bands " : "--rows ") + std::to_string(given) +
                                " does not divide --perms " + std::to_string(options.perms)};
                }
                options.banding = bands ? Banding{given, options.perms / given} : Banding{options.perms / given, given};
            } else {
                options.banding = choose_banding(options.perms, options.threshold);
            }
        }
    }
    return options;
}

Result<RecordKey> KeyMaker::make(const Record& record, bool with_text) {
    const json::Member* member = record.find(field_);
    if (!member) return Fail{"no '" + field_ + "' field to deduplicate on"};
    RecordKey key;
    if (member->type == json::Type::string) {
        key.is_string = true;
        // A string already in canonical form is hashed as it stands: decoding it first would
        // cost a fifth of exact mode's time for the same key.
        const bool decode = with_text || normalize_ || !member->string.canonical;
        if (decode) key.text = json::string_value(*member, decoded_);
        key.key = decode ? of_text(key.text) : hash128(member->string_body(), 0);
    } else {
        decoded_.clear();
        json::write_value(decoded_, *member);
        key.key = hash128(decoded_, 1);  // another seed: the number 5 and the string "5" differ
    }
    return key;
}

Hash128 KeyMaker::of_text(std::string_view text) {
    spelled_.clear();
    if (normalize_) {
        text::fold_space_and_case(text, [&](std::uint32_t cp) { utf8::append(spelled_, cp); });
        return hash128(spelled_, 0);
    }
    json::write_string(spelled_, text);
    return hash128(std::string_view(spelled_).substr(1, spelled_.size() - 2), 0);  // without the quotes
}

Deduplicator::Deduplicator(const Params& params) : params_(params) {}

std::uint32_t Deduplicator::next_id() {
    if (kept_ >= no_id) throw Error("more than 4,294,967,294 kept records: split the input (see seed-dedup(1))");
    return static_cast<std::uint32_t>(kept_++);
}

Decision Deduplicator::decide(const Hash128& key) {
    if (!params_.track_ids) {
        if (keys_.insert(KeySlot{key}).second) {
            ++kept_;
            return Decision{};
        }
        return Decision{Decision::Kind::exact, no_id, 1.0};
    }
    if (const KeyIdSlot* found = keys_with_ids_.find(key)) return Decision{Decision::Kind::exact, found->id, 1.0};
    keys_with_ids_.insert(KeyIdSlot{key, next_id()});
    return Decision{};
}

Decision Deduplicator::decide(const Hash128& key, const std::uint64_t* band_keys, const std::uint8_t* sketch) {
    if (const KeyIdSlot* found = keys_with_ids_.find(key)) return Decision{Decision::Kind::exact, found->id, 1.0};
    if (band_keys) {
        // The candidates: the kept records that share a band, each once, in band order.
        candidates_.clear();
        for (unsigned band = 0; band < params_.bands; ++band) {
            if (const BandSlot* slot = bands_.find(band_keys[band])) {
                const std::uint32_t id = slot->id;
                if (std::find(candidates_.begin(), candidates_.end(), id) == candidates_.end())
                    candidates_.push_back(id);
            }
        }
        // The most similar candidate (the earliest on a tie) decides.
        Decision best{Decision::Kind::near, no_id, -1.0};
        for (const std::uint32_t id : candidates_) {
            const double similarity = estimate_similarity(sketch, sketch_of(id), params_.perms);
            if (similarity > best.similarity || (similarity == best.similarity && id < best.of)) {
                best.of = id;
                best.similarity = similarity;
            }
        }
        if (best.of != no_id && (!params_.verify || best.similarity >= params_.threshold)) return best;
    }
    const std::uint32_t id = next_id();
    keys_with_ids_.insert(KeyIdSlot{key, id});
    if (band_keys) keep_near(band_keys, sketch, id);
    return Decision{};
}

void Deduplicator::keep_near(const std::uint64_t* band_keys, const std::uint8_t* sketch, std::uint32_t id) {
    for (unsigned band = 0; band < params_.bands; ++band) bands_.insert(BandSlot{band_keys[band], id});
    const std::size_t chunk = id / sketches_per_chunk;
    // Kept texts without tokens have no sketch; their slots stay unused but keep ids aligned.
    while (sketch_chunks_.size() <= chunk) {
        sketch_chunks_.emplace_back();
        sketch_chunks_.back().reserve(sketches_per_chunk * params_.perms);
    }
    std::vector<std::uint8_t>& bytes = sketch_chunks_[chunk];
    bytes.resize((id % sketches_per_chunk) * params_.perms);
    bytes.insert(bytes.end(), sketch, sketch + params_.perms);
}

const std::uint8_t* Deduplicator::sketch_of(std::uint32_t id) const {
    return sketch_chunks_[id / sketches_per_chunk].data() + (id % sketches_per_chunk) * params_.perms;
}

void Deduplicator::add_indexed(const Hash128& key) {
    if (params_.track_ids)
        keys_with_ids_.insert(KeyIdSlot{key, no_id});
    else
        keys_.insert(KeySlot{key});
}

void Deduplicator::reserve(std::uint64_t keys) {
    if (params_.track_ids)
        keys_with_ids_.reserve(keys);
    else
        keys_.reserve(keys);
}

std::uint64_t Deduplicator::unique_keys() const { return params_.track_ids ? keys_with_ids_.size() : keys_.size(); }

std::uint64_t Deduplicator::bytes() const {
    std::uint64_t total = keys_.bytes() + keys_with_ids_.bytes() + bands_.bytes();
    for (const auto& chunk : sketch_chunks_) total += chunk.capacity();
    return total;
}

std::string summary_line(const Counts& counts, bool near, Stage stage) {
    std::string line = "read " + std::to_string(counts.read);
    if (stage == Stage::shard_key || stage == Stage::signatures) {
        line += ", wrote " + std::to_string(counts.kept);
    } else {
        line += ", kept " + std::to_string(counts.kept) + ", dropped " + std::to_string(counts.exact + counts.near) +
                " (exact " + std::to_string(counts.exact);
        if (near) line += ", near " + std::to_string(counts.near);
        line += ")";
    }
    if (counts.bad > 0) line += ", skipped " + std::to_string(counts.bad) + " bad";
    return line;
}

namespace {

// --report: one line per dropped record naming the kept record it duplicates. Remembers where
// each kept record came from (its file, line and source/path/id) for that.
class Report {
public:
    explicit Report(const std::string& path) : out_(path) {}

    void kept(const Record& record) {
        starts_.push_back(places_.size());
        append_place(places_, record);
    }

    void dropped(const Record& record, const Decision& decision) {
        line_.clear();
        line_ += "{\"dropped\":";
        append_place(line_, record);
        line_ += ",\"kept\":";
        if (decision.of == no_id) {
            line_ += "null";
        } else {
            const std::size_t begin = starts_[decision.of];
            const std::size_t end = decision.of + 1 < starts_.size() ? starts_[decision.of + 1] : places_.size();
            line_.append(places_, begin, end - begin);
        }
        const bool indexed = decision.kind == Decision::Kind::exact && decision.of == no_id;
        line_ += ",\"match\":\"";
        line_ += indexed ? "index" : decision.kind == Decision::Kind::exact ? "exact" : "near";
        line_ += "\",\"similarity\":";
        line_ += decision.kind == Decision::Kind::exact ? "1" : format_similarity(decision.similarity);
        line_ += "}\n";
        out_.write(line_);
    }

    void commit() { out_.commit(); }

private:
    static void append_place(std::string& out, const Record& record) {
        out += "{\"file\":";
        json::write_string(out, record.input->display);
        out += ",\"line\":" + std::to_string(record.line_number);
        for (const std::string_view name : {"source", "path", "id"}) {
            if (const json::Member* m = record.find(name)) {
                out += ",\"";
                out += name;
                out += "\":";
                json::write_value(out, *m);
            }
        }
        out += '}';
    }

    io::Output out_;
    std::string places_;               // the places of the kept records, one after another
    std::vector<std::size_t> starts_;  // where each kept record's place starts in places_
    std::string line_;
};

// One run: the reader, the output and the dedup state for the chosen stage.
class Run {
public:
    explicit Run(const DedupOptions& options)
        : options_(options),
          diagnostics_("seed-dedup", options.io.quiet),
          keys_(options.key_field, options.normalize),
          dedup_(Deduplicator::Params{!options.report.empty() || options.near, options.near, options.perms,
                                      options.banding.bands, options.threshold, options.verify}) {
        if (options.near) {
            signer_.emplace(SignerParams{options.perms, options.banding, options.ngram, options.shingle});
            tag_ = signature_tag(options.perms, options.banding, options.ngram, options.shingle);
        }
    }

    int run() {
        if (options_.verbose && options_.near) diagnostics_.warn(settings());  // before any work
        if (!options_.index.empty()) load_index();
        RecordReader reader(options_.io.inputs, options_.io.on_error, diagnostics_);
        io::Output output(options_.io.output);
        std::optional<Report> report;
        if (!options_.report.empty()) report.emplace(options_.report);
        Report* const reporting = report ? &*report : nullptr;
        switch (options_.stage) {
            case Stage::whole: whole(reader, output, reporting); break;
            case Stage::shard_key:
            case Stage::signatures: make_stage_lines(reader, output); break;
            case Stage::from_shard_key: from_shard_key(reader, output); break;
            case Stage::from_signatures: from_signatures(reader, output, reporting); break;
        }
        // The output first, then the report and the index: an index that was saved while the
        // output was lost would make the next run drop records that no output holds.
        output.commit();
        if (report) report->commit();
        if (!options_.index.empty()) save_index();
        counts_.read = reader.records_read();
        counts_.bad = reader.rejected();
        if (options_.verbose) diagnostics_.warn(memory());
        diagnostics_.summary(summary_line(counts_, options_.near, options_.stage));
        return 0;
    }

private:
    std::string settings() const {
        const Banding b = options_.banding;
        char midpoint[32];
        std::snprintf(midpoint, sizeof midpoint, "%.2f", s_curve_midpoint(b));
        return "near: " + std::to_string(options_.perms) + " MinHash values as " + std::to_string(b.bands) +
               " bands x " + std::to_string(b.rows) + " rows (candidates at similarity " + midpoint +
               " half the time), threshold " + format_similarity(options_.threshold) + ", " +
               std::to_string(options_.ngram) + (options_.shingle == Shingle::words ? "-token" : "-character") +
               " shingles" + (options_.verify ? "" : ", unverified");
    }

    std::string memory() const {
        const std::uint64_t keys = dedup_.unique_keys();
        const std::uint64_t bytes = dedup_.bytes();
        std::string line = "memory: " + with_commas(bytes) + " bytes for " + with_commas(keys) +
                           (keys == 1 ? " unique key" : " unique keys");
        if (options_.near) line += " and " + with_commas(dedup_.kept()) + " kept signatures";
        if (keys > 0) line += " (" + with_commas(bytes / keys) + " bytes each)";
        return line;
    }

    void load_index() {
        const bool found = seed::dedup::load_index(
            options_.index, IndexKind{options_.key_field, options_.normalize},
            [&](std::uint64_t count) { dedup_.reserve(count); }, [&](const Hash128& key) { dedup_.add_indexed(key); });
        if (options_.verbose) {
            diagnostics_.warn(found ? "index: loaded " + with_commas(dedup_.unique_keys()) + " keys from " +
                                          options_.index
                                    : "index: " + options_.index + " does not exist yet; it will be created");
        }
    }

    void save_index() {
        IndexWriter writer(options_.index, IndexKind{options_.key_field, options_.normalize}, dedup_.unique_keys());
        dedup_.for_each_key([&](const Hash128& key) { writer.add(key); });
        writer.commit();
        if (options_.verbose) {
            diagnostics_.warn("index: saved " + with_commas(dedup_.unique_keys()) + " keys to " + options_.index);
        }
    }

    // Counts the decision about `record`; writes `line` when it is kept, and the report line.
    void settle(const Decision& decision, const Record& record, std::string_view line, io::Output& output,
                Report* report) {
        switch (decision.kind) {
            case Decision::Kind::kept:
                ++counts_.kept;
                output.write(line);
                output.write("\n");
                if (report) report->kept(record);
                return;
            case Decision::Kind::exact: ++counts_.exact; break;
            case Decision::Kind::near: ++counts_.near; break;
        }
        if (report) report->dropped(record, decision);
    }

    // The key, or nullopt after rejecting the record; signs the text for near mode.
    std::optional<RecordKey> key_of(RecordReader& reader, const Record& record, bool& signed_text) {
        auto key = keys_.make(record, options_.near);
        if (!key) {
            reader.reject(record, key.error());
            return std::nullopt;
        }
        signed_text = false;
        if (options_.near) {
            if (!key.value().is_string) {
                const json::Member* m = record.find(options_.key_field);
                reader.reject(record, json::not_a_string(options_.key_field, m->type) + " (near mode compares text)");
                return std::nullopt;
            }
            signed_text = signer_->sign(key.value().text);
        }
        return key.value();
    }

    Decision decide(const Hash128& key, bool signed_text) {
        if (!options_.near) return dedup_.decide(key);
        if (!signed_text) return dedup_.decide(key, nullptr, nullptr);
        return dedup_.decide(key, signer_->band_keys().data(), signer_->sketch().data());
    }

    void whole(RecordReader& reader, io::Output& output, Report* report) {
        Record record;
        bool signed_text = false;
        while (reader.next(record)) {
            const auto key = key_of(reader, record, signed_text);
            if (key) settle(decide(key->key, signed_text), record, record.line, output, report);
        }
    }

    void make_stage_lines(RecordReader& reader, io::Output& output) {
        Record record;
        bool signed_text = false;
        while (reader.next(record)) {
            const auto key = key_of(reader, record, signed_text);
            if (!key) continue;
            line_.clear();
            if (options_.stage == Stage::shard_key) {
                append_keyed(line_, key->key, reader.records_read(), record.line);
            } else {
                append_signature(line_, tag_, key->key, signed_text ? &*signer_ : nullptr, record.line);
            }
            output.write(line_);
            ++counts_.kept;
        }
    }

    // Checks the record a stage line carries, as if it had been read on its own.
    bool check_carried(RecordReader& reader, Record& record, std::string_view carried) {
        if (auto error = json::scan_object(carried, record.members)) {
            reader.reject(record, "the record after the second tab: " + error->message);
            return false;
        }
        return true;
    }

    void from_shard_key(RecordReader& reader, io::Output& output) {
        Record record;
        std::uint64_t last_position = 0;
        while (reader.next_line(record)) {
            auto keyed = parse_keyed(record.line);
            if (!keyed) {
                reader.reject(record, keyed.error());
                continue;
            }
            if (!check_carried(reader, record, keyed.value().record)) continue;
            const std::uint64_t position = keyed.value().position;
            if (position <= last_position) {
                throw Error(record.location(),
                            "position " + std::to_string(position) + " does not follow " +
                                std::to_string(last_position) +
                                ": a worker must read its lines in position order (sort them with sort -k2,2)");
            }
            last_position = position;
            settle(dedup_.decide(keyed.value().key), record, record.line, output, nullptr);
        }
    }

    void from_signatures(RecordReader& reader, io::Output& output, Report* report) {
        Record record;
        SignatureLine signature;
        while (reader.next_line(record)) {
            if (auto parsed = parse_signature(record.line, tag_, options_.perms, options_.banding.bands, signature);
                !parsed) {
                reader.reject(record, parsed.error());
                continue;
            }
            if (!check_carried(reader, record, signature.record)) continue;
            const bool has_sketch = !signature.sketch.empty();
            const Decision decision = dedup_.decide(signature.key, has_sketch ? signature.band_keys.data() : nullptr,
                                                    has_sketch ? signature.sketch.data() : nullptr);
            settle(decision, record, signature.record, output, report);
        }
    }

    const DedupOptions& options_;
    Diagnostics diagnostics_;
    KeyMaker keys_;
    Deduplicator dedup_;
    std::optional<Signer> signer_;
    std::string tag_;
    Counts counts_;
    std::string line_;
};

}  // namespace

int run(const DedupOptions& options) { return Run(options).run(); }

}  // namespace seed::dedup
