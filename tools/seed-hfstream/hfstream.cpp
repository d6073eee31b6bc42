// seed-hfstream's profiles, options, the viewer protocol and the records.
#include "hfstream.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <fstream>
#include <optional>
#include <sstream>

#include "diagnostics.hpp"
#include "error.hpp"
#include "files.hpp"
#include "glob.hpp"
#include "http.hpp"
#include "json.hpp"
#include "output.hpp"
#include "parquet/reader.hpp"
#include "tool.hpp"
#include "where.hpp"

namespace seed::hfstream {

namespace {

constexpr std::uint64_t page_rows = 100;  // the viewer's MAX_NUM_ROWS_PER_PAGE

std::string env(const char* name) {
    const char* value = std::getenv(name);
    return value ? value : "";
}

std::string strip_slash(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

std::string query(const std::string& dataset, const std::string& config, const std::string& split) {
    std::string q = "?dataset=" + url_encode(dataset);
    if (!config.empty()) q += "&config=" + url_encode(config);
    if (!split.empty()) q += "&split=" + url_encode(split);
    return q;
}

// A body that parses as a JSON object holding `key`.
BodyCheck object_with(const char* key) {
    return [key](const HttpResponse& response) -> std::optional<std::string> {
        std::vector<json::Member> members;
        if (json::scan_object(response.body, members)) return "the body is not JSON (truncated?)";
        for (const json::Member& m : members) {
            if (json::key_equals(m, key)) return std::nullopt;
        }
        return std::string("the body has no '") + key + "'";
    };
}

// A number as the viewer writes it (digits only), or nullopt.
std::optional<std::uint64_t> whole_number(const json::Member* m) {
    if (!m || m->type != json::Type::number || m->value.empty() || m->value.size() > 19 ||
        m->value.find_first_not_of("0123456789") != std::string_view::npos) {
        return std::nullopt;
    }
    return std::stoull(std::string(m->value));
}

}  // namespace

const std::vector<Profile>& profiles() {
    // The plan's extractors. Task 4: oasst1's English prompter messages, dolly's context and
    // instruction (the plan's id, databricks/dolly-15k, does not exist). Task 2: Python files that
    // define a function or a class (the plan's "def "/"class " test; its length bounds and
    // hash dedup are seed-filter's and seed-dedup's work), from the hub's files.
    static const std::string defines_python = "\"content\" LIKE '%def %' OR \"content\" LIKE '%class %'";
    static const std::vector<Profile> table{
        {"oasst1",
         "OpenAssistant/oasst1",
         "default",
         "train",
         "\"lang\"='en' AND \"role\"='prompter'",
         {"text"},
         {"message_id"},
         {}},
        {"dolly-15k",
         "databricks/databricks-dolly-15k",
         "default",
         "train",
         "",
         {"context", "instruction"},
         {"category"},
         {}},
        {"the-stack-smol",
         "bigcode/the-stack-smol",
         "default",
         "train",
         defines_python,
         {"content"},
         {"lang", "repository_name", "path", "licenses"},
         {"data/python/*"}},
        {"the-stack",
         "bigcode/the-stack",
         "default",
         "train",
         defines_python,
         {"content"},
         {"lang", "max_stars_repo_name", "max_stars_repo_path", "max_stars_repo_licenses"},
         {"data/python/*.parquet"}},
        {"github-code",
         "codeparrot/github-code",
         "default",
         "train",
         "\"language\"='Python' AND (\"code\" LIKE '%def %' OR \"code\" LIKE '%class %')",
         {"code"},
         {"language", "repo_name", "path", "license"},
         {"data/*.parquet"}},
    };
    return table;
}

const Profile* profile_named(const std::string& name) {
    for (const Profile& p : profiles()) {
        if (p.name == name) return &p;
    }
    return nullptr;
}

const cli::Command& command() {
    static const cli::Command cmd{
        "seed-hfstream",
        "[OPTIONS] DATASET\n       seed-hfstream --local [OPTIONS] DATASET FILE...",
        "Stream the rows of a Hugging Face dataset as JSONL records, in row order.",
        tool::with_shared_options(
            {
                {0, "config", "NAME", "the dataset's config (default: from the viewer)"},
                {0, "split", "NAME", "the split (default: train, else the first)"},
                {0, "limit", "N", "write at most N rows"},
                {0, "offset", "K", "start at row K (resume a stopped run)"},
                {0, "where", "EXPR", "only rows matching EXPR (the viewer's filter syntax)"},
                {0, "files", "", "read the hub's data files, not the viewer's rows"},
                {0, "data-files", "GLOBS", "read the hub files GLOBS match (data/python/*)"},
                {0, "revision", "REV", "read the hub files at this branch, tag or commit (default main)"},
                {0, "local", "", "read FILEs on disk (parquet, JSON Lines, JSON), not the hub"},
                {0, "rows", "", "write the rows as they are (JSON objects), not records"},
                {0, "text-field", "COLUMNS", "text from COLUMNS, joined by a blank line"},
                {0, "columns", "COLUMNS", "write only these other columns"},
                {'j', "jobs", "N", "requests in flight (default 4)"},
                {0, "tries", "N", "tries per request before failing (default 6)"},
                {0, "backoff", "MS", "first retry after MS milliseconds (default 500)"},
            },
            tool::Reads::other),
        "DATASET is a hub id (OpenAssistant/oasst1) or a profile: oasst1, dolly-15k,\n"
        "the-stack-smol, the-stack, github-code.\n"
        "See seed-hfstream(1) for the environment (HF_TOKEN, HF_ENDPOINT, SEED_HF_VIEWER).\n",
    };
    return cmd;
}

Result<StreamOptions> make_options(const cli::Args& args) {
    StreamOptions options;
    const bool local =
        std::any_of(args.options.begin(), args.options.end(), [](const cli::Arg& a) { return a.is("local"); });
    if (args.operands.empty()) return Fail{"no dataset given"};
    if (local && args.operands.size() < 2)
        return Fail{"--local: no files given (seed-hfstream --local DATASET FILE...)"};
    if (!local && args.operands.size() != 1) {
        return Fail{"one dataset at a time, not " + std::to_string(args.operands.size()) +
                    " (files on disk are read with --local DATASET FILE...)"};
    }
    if (local) options.local.assign(args.operands.begin() + 1, args.operands.end());
    const std::string& name = args.operands[0];
    if (const Profile* profile = profile_named(name)) {
        options.source = *profile;
    } else if (!name.empty() && name.find_first_of(" \t\n?&#") == std::string::npos) {
        options.source = Profile{name, name, "", "", "", {"text"}, {}, {}};
    } else {
        return Fail{"'" + name + "' is neither a dataset id (owner/name) nor a profile"};
    }
    for (const cli::Arg& arg : args.options) {
        const std::string flag = "--" + std::string(arg.option->long_name) + ": ";
        const auto count = [&](std::uint64_t& into) { return cli::read_count(arg, into); };
        Result<void> done;
        if (arg.is("config")) {
            options.source.config = arg.value;
        } else if (arg.is("split")) {
            options.source.split = arg.value;
        } else if (arg.is("limit")) {
            done = count(options.limit);
        } else if (arg.is("offset")) {
            done = count(options.offset);
        } else if (arg.is("where")) {
            // Checked here, before any request; the client evaluates it where the viewer cannot.
            if (auto filter = RowFilter::parse(arg.value); !arg.value.empty() && !filter) {
                return Fail{flag + filter.error()};
            }
            options.source.where = arg.value;
        } else if (arg.is("files")) {
            options.files = true;
        } else if (arg.is("local")) {
            // the operands, read above
        } else if (arg.is("rows")) {
            options.rows = true;
        } else if (arg.is("data-files")) {
            // '' takes a profile's files away: its rows then come from the viewer.
            auto list = arg.value.empty() ? Result<std::vector<std::string>>(std::vector<std::string>{})
                                          : cli::parse_list(arg.value);
            if (!list) return Fail{flag + list.error()};
            for (const std::string& glob : list.value()) {
                for (const std::string_view part : path_components(glob)) {
                    if (part == "..") return Fail{flag + "'..' in a path of the repository: " + glob};
                }
            }
            options.source.data_files = list.value();
        } else if (arg.is("revision")) {
            if (arg.value.empty()) return Fail{flag + "an empty revision"};
            options.revision = arg.value;
            options.files = true;  // a revision is of the hub's files
        } else if (arg.is("text-field") || arg.is("columns")) {
            auto list = cli::parse_list(arg.value);
            if (!list) return Fail{flag + list.error()};
            (arg.is("columns") ? options.source.columns : options.source.text_fields) = list.value();
        } else if (arg.is("tries")) {
            std::uint64_t tries = 0;
            done = count(tries);
            if (done && (tries < 1 || tries > 100)) return Fail{flag + "expected 1 to 100 tries, not " + arg.value};
            options.tries = static_cast<int>(tries);
        } else if (arg.is("backoff")) {
            std::uint64_t ms = 0;
            done = count(ms);
            if (done && ms > 60000) return Fail{flag + "at most 60000 milliseconds, not " + arg.value};
            options.backoff_ms = static_cast<unsigned>(ms);
        } else if (arg.is("jobs")) {
            std::uint64_t jobs = 0;
            done = count(jobs);
            if (done && (jobs < 1 || jobs > 64)) return Fail{flag + "expected 1 to 64 requests, not " + arg.value};
            options.jobs = static_cast<unsigned>(jobs);
        } else if (auto shared = tool::apply_shared_option(arg, options.io); !shared) {
            return Fail{shared.error()};
        }
        if (!done) return Fail{done.error()};
    }
    return options;
}

Endpoints endpoints_from_environment() {
    Endpoints e;
    e.viewer =
        strip_slash(env("SEED_HF_VIEWER").empty() ? "https://datasets-server.huggingface.co" : env("SEED_HF_VIEWER"));
    e.hub = strip_slash(env("HF_ENDPOINT").empty() ? "https://huggingface.co" : env("HF_ENDPOINT"));
    e.token = env("HF_TOKEN");
    if (e.token.empty()) e.token = env("HUGGING_FACE_HUB_TOKEN");
    if (e.token.empty()) {
        const std::string home = env("HF_HOME").empty() ? env("HOME") + "/.cache/huggingface" : env("HF_HOME");
        std::ifstream file(home + "/token");
        std::getline(file, e.token);
        e.token.erase(e.token.find_last_not_of(" \t\r\n") + 1);
    }
    return e;
}

namespace {

// The member named `key` (the last one, as in Python's json), or null.
const json::Member* member_named(const std::vector<json::Member>& members, std::string_view key) {
    for (auto it = members.rbegin(); it != members.rend(); ++it) {
        if (json::key_equals(*it, key)) return &*it;
    }
    return nullptr;
}

// A member's decoded key.
std::string key_of(const json::Member& m) {
    if (!m.key_escaped) return std::string(m.key);
    std::string key;
    json::unescape(m.key, key);
    return key;
}

}  // namespace

bool append_record(std::string& out, const Profile& source, const RowPlace& place,
                   const std::vector<json::Member>& row) {
    std::string text;
    std::string scratch;
    for (const std::string& field : source.text_fields) {
        const json::Member* m = member_named(row, field);
        if (!m || m->type != json::Type::string || m->string.chars == 0) continue;
        if (!text.empty()) text += "\n\n";
        text += json::string_value(*m, scratch);
    }
    if (text.empty()) return false;
    out += "{\"text\":";
    json::write_string(out, text);
    out += ",\"source\":";
    json::write_string(out, source.dataset);
    out += ",\"dataset\":";
    json::write_string(out, source.dataset);
    out += ",\"config\":";
    json::write_string(out, place.config);
    out += ",\"split\":";
    json::write_string(out, place.split);
    if (!place.file.empty()) {
        out += ",\"file\":";
        json::write_string(out, place.file);
    }
    out += ",\"row_idx\":" + std::to_string(place.row_idx);
    const auto is_text_field = [&](const std::string& name) {
        return std::find(source.text_fields.begin(), source.text_fields.end(), name) != source.text_fields.end();
    };
    // Names the record sets itself; a column of the same name is left out.
    const auto is_reserved = [&](const std::string& name) {
        return name == "text" || name == "source" || name == "dataset" || name == "config" || name == "split" ||
               (name == "file" && !place.file.empty()) || name == "row_idx";
    };
    // Values are written as the viewer sent them (numbers digit for digit), made compact.
    const auto write_column = [&](const std::string& name, const json::Member& value) {
        out += ',';
        json::write_string(out, name);
        out += ':';
        json::write_value(out, value);
    };
    if (source.columns.empty()) {
        for (const json::Member& m : row) {
            const std::string name = key_of(m);
            if (is_text_field(name) || is_reserved(name) || member_named(row, name) != &m) continue;
            write_column(name, m);
        }
    } else {
        for (const std::string& name : source.columns) {
            const json::Member* m = member_named(row, name);
            if (m && !is_reserved(name)) write_column(name, *m);
        }
    }
    out += "}\n";
    return true;
}

namespace {

constexpr std::size_t flush_bytes = std::size_t{1} << 20;  // records written out in pieces this big

// Column chunks of a row group at most this far apart are fetched by one range request: a request
// costs more than reading this many bytes more.
constexpr std::uint64_t merge_gap = 256 * 1024;

const BodyCheck accept_any = [](const HttpResponse&) -> std::optional<std::string> { return std::nullopt; };

std::string mebibytes(std::uint64_t bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.1f MiB", static_cast<double>(bytes) / (1024.0 * 1024.0));
    return text;
}

std::string plural(std::uint64_t n, const char* one, const char* many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

class Run {
public:
    explicit Run(const StreamOptions& options)
        : options_(options),
          source_(options.source),
          diagnostics_("seed-hfstream", options.io.quiet),
          progress_(diagnostics_),
          endpoints_(endpoints_from_environment()),
          http_(endpoints_.token, {endpoints_.viewer + "/", endpoints_.hub + "/"},
                RetryPolicy{options.tries, std::chrono::milliseconds(options.backoff_ms),
                            std::max(std::chrono::milliseconds(options.backoff_ms), std::chrono::milliseconds(8000))}),
          wanted_(options.limit),
          started_(std::chrono::steady_clock::now()) {
        if (!source_.where.empty()) {
            auto filter = RowFilter::parse(source_.where);
            if (!filter) throw UsageError("--where: " + filter.error());
            filter_ = std::make_unique<RowFilter>(std::move(filter.value()));
        }
    }

    int run() {
        io::Output output(options_.io.output);
        files_mode_ = options_.files || !source_.data_files.empty() || !options_.local.empty();
        if (!options_.local.empty()) {
            read_local(output);
            progress_.finish();
            output.commit();
            diagnostics_.summary(summary());
            return 0;
        }
        // The viewer first, unless told otherwise; its files when it will not serve the dataset
        // (a 501: a loading script, too many configs, ...). /is-valid only when --where needs it.
        if (!files_mode_) {
            bool served = choose_split();
            bool server_filter = false;
            if (served && !source_.where.empty()) {
                const Validity valid = is_valid();
                served = valid.viewer;
                server_filter = valid.filter;
            }
            files_mode_ = !served || !read_viewer(output, server_filter);
            if (files_mode_) note_ = "read from its files: the viewer does not serve it";
        }
        if (files_mode_) read_files(output);
        progress_.finish();
        output.commit();
        diagnostics_.summary(summary());
        return 0;
    }

private:
    struct Validity {
        bool viewer = false;
        bool filter = false;
    };

    // /is-valid: whether the viewer serves the dataset, and can filter it.
    Validity is_valid() {
        const std::string body = get_body(endpoints_.viewer + "/is-valid" + query(source_.dataset, "", ""), "viewer");
        std::vector<json::Member> members;
        (void)json::scan_object(body, members);
        const auto flag = [&](const char* key) {
            const json::Member* m = member_named(members, key);
            return m && m->value == "true";
        };
        return {flag("viewer"), flag("filter")};
    }

    // The viewer's rows, page by page: /filter when the viewer filters, else /rows (filtered here
    // when there is a --where). False when the viewer will not serve them (a 501 for the first).
    bool read_viewer(io::Output& output, bool server_filter) {
        const bool filter_here = filter_ && !server_filter;
        filter_here_ = filter_here;
        if (filter_here) note_ = "--where applied here: the viewer cannot filter this dataset";
        const std::string base = endpoints_.viewer + (server_filter ? "/filter" : "/rows") +
                                 query(source_.dataset, source_.config, source_.split) +
                                 (server_filter ? "&where=" + url_encode(source_.where) : "");
        // Rows of the split (or of /filter's matches) are counted by position; matches found here
        // are skipped by count.
        std::uint64_t position = filter_here ? 0 : options_.offset;
        skip_ = filter_here ? options_.offset : 0;
        std::uint64_t total = std::numeric_limits<std::uint64_t>::max();
        std::string records;
        std::vector<json::Member> body;
        std::vector<json::Member> rows;
        std::vector<json::Member> item;
        std::vector<json::Member> row;
        while (wanted_ > 0 && position < total) {
            // The first page alone, since it tells the total; then every other page, `jobs` in
            // flight, each written as soon as it and those before it are in.
            std::vector<std::string> urls;
            std::vector<std::uint64_t> offsets;
            const std::size_t most = pages_ == 0 ? 1 : std::numeric_limits<std::size_t>::max();
            for (std::uint64_t at = position;
                 urls.size() < most && at < total && (filter_here || at - position < wanted_); at += page_rows) {
                const std::uint64_t length =
                    filter_here ? page_rows : std::min<std::uint64_t>(page_rows, wanted_ - (at - position));
                urls.push_back(base + "&offset=" + std::to_string(at) + "&length=" + std::to_string(length));
                offsets.push_back(at);
            }
            const auto write_page = [&](std::size_t p, HttpResponse& page) {
                // The body was checked (object_with), so these scans succeed.
                (void)json::scan_object(page.body, body);
                if (const auto n = whole_number(member_named(body, "num_rows_total"))) total = *n;
                if (const json::Member* partial = member_named(body, "partial"); partial && partial->value == "true") {
                    partial_ = true;
                }
                const json::Member* rows_member = member_named(body, "rows");
                if (!rows_member || rows_member->type != json::Type::array ||
                    json::scan_array(rows_member->value, rows)) {
                    throw Error(urls[p] + ": 'rows' is not a list");
                }
                records.clear();
                for (const json::Member& element : rows) {
                    if (wanted_ == 0) break;
                    const json::Member* row_member = nullptr;
                    std::string_view raw = "{}";
                    std::uint64_t row_idx = 0;
                    if (element.type == json::Type::object && !json::scan_object(element.value, item)) {
                        row_idx = whole_number(member_named(item, "row_idx")).value_or(0);
                        row_member = member_named(item, "row");
                    }
                    if (!row_member || row_member->type != json::Type::object ||
                        json::scan_object(row_member->value, row)) {
                        row.clear();  // a row that is not an object has no text
                    } else {
                        raw = row_member->value;
                    }
                    try {
                        take_row(records, row, RowPlace{source_.config, source_.split, no_file_, row_idx}, raw);
                    } catch (const Error& error) {
                        output.write(records);  // the rows before it, whole
                        throw Error("row " + std::to_string(row_idx) + ": " + error.what());
                    }
                }
                output.write(records);
                ++pages_;
                position = offsets[p] + std::min<std::uint64_t>(page_rows, rows.empty() ? page_rows : rows.size());
                if (rows.empty()) total = std::min(total, offsets[p]);  // past the end
                show_progress();
                return wanted_ > 0;
            };
            std::optional<HttpFailure> failure;
            try {
                http_.get_in_order(urls, options_.jobs, object_with("rows"), write_page, failure);
            } catch (const Error& error) {
                fail_rows(output, error.what());
            }
            if (failure && failure->status == 501 && pages_ == 0) return false;
            if (failure) fail_rows(output, *failure);
        }
        return true;
    }

    // One row: counted, filtered, skipped by --offset, or made a record.
    // `raw` is the row's JSON text; `compact` when it is already in compact form (parquet's rows).
    void take_row(std::string& records, const std::vector<json::Member>& row, const RowPlace& place,
                  std::string_view raw, bool compact = false) {
        if (filter_here_ && !filter_->matches(row)) {
            ++unmatched_;
            return;
        }
        if (!first_row_checked_ && !options_.rows) check_text_fields(row);
        if (skip_ > 0) {
            --skip_;
            return;
        }
        if (options_.rows) {
            if (compact) {
                records += raw;
            } else {
                json::write_compact(records, raw);
            }
            records += '\n';
            ++written_;
        } else if (append_record(records, source_, place, row)) {
            ++written_;
        } else {
            ++no_text_;
        }
        ++consumed_;
        --wanted_;
    }

    // A first row without any of the text columns means the wrong ones were named: every row
    // would be skipped. Say which columns there are instead.
    void check_text_fields(const std::vector<json::Member>& row) {
        first_row_checked_ = true;
        for (const std::string& field : source_.text_fields) {
            if (member_named(row, field)) return;
        }
        std::string columns;
        for (const json::Member& m : row) columns += (columns.empty() ? "" : ", ") + key_of(m);
        std::string names;
        for (const std::string& field : source_.text_fields) names += (names.empty() ? "'" : ", '") + field + "'";
        throw UsageError(source_.dataset + ": the rows have no column " + names + " for the text (they have " +
                         (columns.empty() ? "none" : columns) + "); choose with --text-field");
    }

    // Which top-level columns of a parquet file to read: all when every column is written; else
    // the text columns, the other columns written and those --where reads.
    parquet::ColumnChoice column_choice() const {
        if (source_.columns.empty()) return {};
        return [this](const std::string& name) {
            const auto named = [&](const std::vector<std::string>& list) {
                return std::find(list.begin(), list.end(), name) != list.end();
            };
            return named(source_.text_fields) || named(source_.columns) || (filter_ && filter_->reads_column(name));
        };
    }

    // Rows out of parquet, from `next` (a row's JSON object text), as take_row takes them;
    // `skip_rows` skips rows unread for --offset when no --where needs to see them.
    template <typename Next, typename Skip>
    void take_parquet_rows(io::Output& output, std::string& records, const std::string& path, Next&& next,
                           Skip&& skip_rows, std::uint64_t& row_idx) {
        if (skip_ > 0 && !filter_here_) {
            const std::uint64_t skipped = skip_rows(skip_);
            skip_ -= skipped;
            row_idx += skipped;
        }
        std::string text;
        std::vector<json::Member> row;
        while (wanted_ > 0) {
            text.clear();
            if (!next(text)) break;
            // Rows written as they are, unfiltered, need not be looked into.
            if (!options_.rows || filter_here_) {
                if (auto error = json::scan_object(text, row)) {
                    throw Error(path + ": row " + std::to_string(row_idx) + ": " + error->message);  // a bug
                }
            }
            try {
                take_row(records, row, RowPlace{source_.config, source_.split, path, row_idx}, text, true);
            } catch (const Error& error) {
                throw Error(path + ": row " + std::to_string(row_idx) + ": " + error.what());
            }
            ++row_idx;
            if (records.size() >= flush_bytes) {
                output.write(records);
                records.clear();
                show_progress();
            }
        }
    }

    // Rows out of a JSON Lines or JSON array file (on disk or downloading), as take_row takes them.
    void take_json_rows(io::Output& output, std::string& records, RowReader& reader, const std::string& name) {
        std::string_view text;
        std::vector<json::Member> row;
        std::uint64_t row_idx = 0;
        while (wanted_ > 0 && reader.next(text)) {
            if (auto error = json::scan_object(text, row)) {
                throw Error(Location{name, reader.line()}, "a row that is not a JSON object (" + error->message + ")");
            }
            try {
                take_row(records, row, RowPlace{source_.config, source_.split, name, row_idx++}, text);
            } catch (const Error& error) {
                throw Error(Location{name, reader.line()}, error.what());
            }
            if (records.size() >= flush_bytes) {
                output.write(records);
                records.clear();
                show_progress();
            }
        }
    }

    // --local: files on disk, each parquet (by its first bytes) or JSON Lines / JSON (maybe
    // compressed), in the order given.
    void read_local(io::Output& output) {
        if (source_.config.empty()) source_.config = "default";
        if (source_.split.empty()) source_.split = "train";
        skip_ = options_.offset;
        filter_here_ = filter_ != nullptr;
        std::string records;
        for (const std::string& path : options_.local) {
            if (wanted_ == 0) break;
            try {
                std::unique_ptr<io::MappedFile> mapped = path == "-" ? nullptr : io::MappedFile::open(path);
                // A compressed file is read through its decompressor (and a parquet one then whole).
                if (mapped && io::compression_of(mapped->bytes()) != io::Compression::none) mapped.reset();
                std::string whole;  // a file that cannot be mapped, when it is parquet
                std::string_view bytes;
                std::unique_ptr<io::ByteSource> stream;
                if (mapped) {
                    bytes = mapped->bytes();
                } else {
                    stream = io::open_input(path);
                    char buffer[4];
                    std::size_t got = 0;
                    while (got < 4) {
                        const std::size_t n = stream->read(buffer + got, 4 - got);
                        if (n == 0) break;
                        got += n;
                    }
                    whole.assign(buffer, got);
                    if (whole == "PAR1") {
                        char chunk[1 << 16];
                        while (const std::size_t n = stream->read(chunk, sizeof chunk)) whole.append(chunk, n);
                        bytes = whole;
                    } else {
                        stream = io::replaying(whole, std::move(stream));
                    }
                }
                const std::string name = io::display_name(path);
                if (bytes.starts_with("PAR1")) {
                    std::uint64_t row_idx = 0;
                    parquet::WholeFileRows rows(name, bytes, column_choice());
                    take_parquet_rows(
                        output, records, name,
                        [&](std::string& text) {
                            const bool more = rows.next(text);
                            if (mapped) mapped->release_before(static_cast<std::size_t>(rows.done_before()));
                            return more;
                        },
                        [&](std::uint64_t n) { return rows.skip(n); }, row_idx);
                } else {
                    if (!stream) stream = io::open_input(path);  // mapped, not parquet: read as a stream
                    RowReader reader(std::move(stream), name);
                    take_json_rows(output, records, reader, name);
                }
                output.write(records);
                records.clear();
            } catch (const Error& error) {
                output.write(records);
                if (to_stdout()) output.commit();
                progress_.finish();
                throw Error(std::string(error.what()) +
                            (to_stdout() ? "; " + plural(written_, "row was", "rows were") + " written"
                                         : "; " + options_.io.output +
                                               " was not written (it appears only when the run succeeds)"));
            }
            ++files_read_;
            show_progress();
        }
    }

    // A parquet file of the hub by range requests: its footer (the last 64 KiB, and more if the
    // metadata is longer), then the chunks of the columns read, row group by row group, `jobs` in
    // flight; row groups past --limit (when no --where needs to see rows) are not fetched, nor
    // those wholly before --offset.
    void read_remote_parquet(io::Output& output, std::string& records, const HubFile& hub_file,
                             const std::string& url) {
        const std::uint64_t size = hub_file.size;
        if (size < 12)
            throw Error(hub_file.path + ": not a parquet file: the listing says it has " + std::to_string(size) +
                        " bytes");
        const auto fetch = [&](std::uint64_t first, std::uint64_t length) {
            std::optional<HttpFailure> failure;
            std::string body;
            http_.get_in_order(
                std::vector<HttpRequest>{{url, first, length}}, 1, accept_any,
                [&](std::size_t, HttpResponse& r) {
                    body = std::move(r.body);
                    return true;
                },
                failure);
            if (failure) throw HttpFailed(*failure);  // read_files says where to resume
            parquet_fetched_ += body.size();
            return body;
        };
        std::uint64_t tail_size = std::min<std::uint64_t>(size, parquet::footer_guess);
        std::string tail = fetch(size - tail_size, tail_size);
        std::uint64_t footer = 0;
        try {
            footer = parquet::footer_size(tail, size);
        } catch (const Error& error) {
            throw Error(hub_file.path + ": " + error.what());
        }
        if (footer > tail.size()) {
            tail = fetch(size - footer, footer - tail_size) + tail;
        }
        const parquet::File file(hub_file.path, tail, size, column_choice());
        parquet_size_ += size;
        // Chunks inside the bytes fetched for the footer (all of a small file) are not fetched again.
        const std::uint64_t tail_start = size - tail.size();
        constexpr std::size_t in_tail = std::numeric_limits<std::size_t>::max();

        // The row groups to fetch: without --where, --offset and --limit count rows exactly.
        std::size_t first_group = 0;
        std::uint64_t row_idx = 0;
        if (!filter_here_) {
            while (first_group < file.row_groups() && file.rows_in(first_group) <= skip_) {
                skip_ -= file.rows_in(first_group);
                row_idx += file.rows_in(first_group);
                ++first_group;
            }
        }
        std::size_t end_group = file.row_groups();
        if (!filter_here_) {
            std::uint64_t rows = 0;
            for (std::size_t g = first_group; g < file.row_groups(); ++g) {
                rows += file.rows_in(g);
                if (rows >= skip_ && rows - skip_ >= wanted_) {
                    end_group = g + 1;
                    break;
                }
            }
        }
        // Ranges of a row group a little apart are fetched as one.
        struct Piece {
            std::size_t request;
            std::uint64_t offset;  // in the request's body
            std::uint64_t length;
            std::uint64_t from_tail = 0;  // its last bytes, which are the first of the tail
        };
        std::vector<HttpRequest> requests;
        std::vector<std::size_t> group_of_request;
        std::vector<std::vector<Piece>> pieces;  // per row group from first_group, per range
        for (std::size_t g = first_group; g < end_group; ++g) {
            const std::vector<parquet::ByteRange> ranges = file.ranges(g);
            std::vector<std::size_t> order(ranges.size());
            for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
            std::sort(order.begin(), order.end(),
                      [&](std::size_t a, std::size_t b) { return ranges[a].offset < ranges[b].offset; });
            std::vector<Piece> group(ranges.size());
            const std::size_t group_start = requests.size();
            for (const std::size_t i : order) {
                const parquet::ByteRange& r = ranges[i];
                if (r.offset >= tail_start) {
                    group[i] = Piece{in_tail, r.offset - tail_start, r.length};
                    continue;
                }
                // A chunk that runs into the tail is fetched up to it and joined to it.
                const std::uint64_t from_tail = r.offset + r.length > tail_start ? r.offset + r.length - tail_start : 0;
                const std::uint64_t fetch_end = r.offset + r.length - from_tail;
                if (requests.size() > group_start) {
                    HttpRequest& last = requests.back();
                    const std::uint64_t end = last.first + last.length;
                    if (r.offset >= last.first && r.offset <= end + merge_gap) {
                        last.length = std::max(end, fetch_end) - last.first;
                        group[i] = Piece{requests.size() - 1, r.offset - last.first, r.length, from_tail};
                        continue;
                    }
                }
                requests.push_back(HttpRequest{url, r.offset, fetch_end - r.offset});
                group_of_request.push_back(g);
                group[i] = Piece{requests.size() - 1, 0, r.length, from_tail};
            }
            // A chunk of no bytes still gets a request (of one byte) to keep the bookkeeping simple.
            for (std::size_t r = group_start; r < requests.size(); ++r) {
                requests[r].length = std::max<std::uint64_t>(requests[r].length, 1);
            }
            pieces.push_back(std::move(group));
            if (requests.size() == group_start) {  // all of it in the tail: an empty request stands for it
                requests.push_back(HttpRequest{});
                group_of_request.push_back(g);
            }
        }
        std::vector<std::string> bodies(requests.size());
        std::optional<HttpFailure> failure;
        const auto deliver = [&](std::size_t i, HttpResponse& response) {
            parquet_fetched_ += response.body.size();
            bodies[i] = std::move(response.body);
            const std::size_t g = group_of_request[i];
            if (i + 1 < requests.size() && group_of_request[i + 1] == g) return true;  // more of the row group to come
            std::vector<std::string_view> chunks;
            std::deque<std::string> joined;  // chunks made of a fetched part and the tail's first bytes
            for (const Piece& p : pieces[g - first_group]) {
                if (p.from_tail > 0) {
                    joined.push_back(bodies[p.request].substr(static_cast<std::size_t>(p.offset),
                                                              static_cast<std::size_t>(p.length - p.from_tail)) +
                                     tail.substr(0, static_cast<std::size_t>(p.from_tail)));
                    chunks.push_back(joined.back());
                    continue;
                }
                const std::string_view body =
                    p.request == in_tail ? std::string_view(tail) : std::string_view(bodies[p.request]);
                chunks.push_back(body.substr(static_cast<std::size_t>(p.offset), static_cast<std::size_t>(p.length)));
            }
            parquet::RowGroupRows rows(file, g, std::move(chunks));
            take_parquet_rows(
                output, records, hub_file.path, [&](std::string& text) { return rows.next(text); },
                [&](std::uint64_t n) { return rows.skip(n); }, row_idx);
            output.write(records);
            records.clear();
            show_progress();
            for (std::size_t k = i + 1; k-- > 0 && group_of_request[k] == g;) std::string().swap(bodies[k]);
            return wanted_ > 0;
        };
        http_.get_in_order(requests, options_.jobs, accept_any, deliver, failure);
        if (failure) throw HttpFailed(*failure);  // read_files says where to resume
    }

    // The hub's files: list them, choose, and read each in path order as it downloads.
    void read_files(io::Output& output) {
        if (source_.config.empty()) source_.config = "default";
        if (source_.split.empty()) source_.split = "train";
        skip_ = options_.offset;
        filter_here_ = filter_ != nullptr;
        const std::vector<HubFile> files = choose();
        std::string records;
        for (const HubFile& file : files) {
            if (wanted_ == 0) break;
            const std::string url = resolve_url(endpoints_.hub, source_.dataset, options_.revision, file.path);
            if (format_of(file.path) == FileFormat::parquet) {
                try {
                    read_remote_parquet(output, records, file, url);
                } catch (const HttpFailed& failed) {
                    output.write(records);
                    fail_rows(output, failed.failure);
                } catch (const Error& error) {
                    output.write(records);
                    fail_rows(output, error.what());
                }
                ++files_read_;
                show_progress();
                continue;
            }
            try {
                // Rows made reach the output before each wait for more of the file.
                const auto hand_on = [&] {
                    output.write(records);
                    records.clear();
                    output.flush();
                };
                RowReader reader(http_.open(url, hand_on), file.path);
                take_json_rows(output, records, reader, file.path);
                output.write(records);
                records.clear();
            } catch (const HttpFailed& failed) {
                output.write(records);
                fail_rows(output, failed.failure);
            } catch (const Error& error) {
                output.write(records);
                fail_rows(output, error.what());
            }
            ++files_read_;
            show_progress();
        }
    }

    // The files to read: the listing of each folder the globs start in, then the choice.
    std::vector<HubFile> choose() {
        std::vector<std::string> folders;
        for (const std::string& glob : source_.data_files) folders.push_back(glob_literal_folder(glob));
        if (folders.empty() || std::find(folders.begin(), folders.end(), "") != folders.end()) folders = {""};
        std::sort(folders.begin(), folders.end());
        folders.erase(std::unique(folders.begin(), folders.end()), folders.end());
        std::vector<HubFile> listing;
        for (const std::string& folder : folders) {
            // A folder inside one already listed is in its listing (recursive).
            if (std::any_of(folders.begin(), folders.end(),
                            [&](const std::string& f) { return f != folder && folder.starts_with(f + "/"); })) {
                continue;
            }
            list_folder(folder, listing);
        }
        auto chosen = choose_files(listing, source_.data_files, source_.split);
        const std::string where = source_.dataset + "@" + options_.revision;
        if (!chosen) throw Error(where + ": " + chosen.error());
        std::vector<std::string> unreadable;
        for (const HubFile& f : chosen.value()) {
            if (format_of(f.path) == FileFormat::other) unreadable.push_back(f.path);
        }
        const auto names = [](const std::vector<std::string>& paths) {
            std::string text;
            for (std::size_t i = 0; i < paths.size() && i < 5; ++i) text += (i ? ", " : "") + paths[i];
            if (paths.size() > 5) text += ", ... (" + std::to_string(paths.size()) + " files)";
            return text;
        };
        if (unreadable.size() == chosen.value().size()) {
            throw Error(where + ": not parquet, JSON Lines or JSON files (" + names(unreadable) +
                        "): seed-hfstream reads .parquet, .jsonl, .ndjson and .json files, the JSON ones also as .gz "
                        "or .zst");
        }
        // Files the globs take in by the way (a README beside the data) are left, and said so.
        std::vector<HubFile> readable;
        for (HubFile& f : chosen.value()) {
            if (format_of(f.path) != FileFormat::other) readable.push_back(std::move(f));
        }
        if (!unreadable.empty()) {
            not_read_ = plural(unreadable.size(), "file", "files") + " not data left out: " + names(unreadable);
        }
        return readable;
    }

    // Every page of the tree listing of `folder` (Link: rel="next"), one after another.
    void list_folder(const std::string& folder, std::vector<HubFile>& into) {
        std::string url = tree_url(endpoints_.hub, source_.dataset, options_.revision, folder);
        const BodyCheck is_listing = [](const HttpResponse& r) -> std::optional<std::string> {
            auto page = parse_tree_page(r.body);
            if (!page) return page.error();
            return std::nullopt;
        };
        while (!url.empty()) {
            std::optional<HttpFailure> failure;
            auto responses = http_.get_all({url}, 1, is_listing, failure);
            if (failure && failure->error_code == "EntryNotFound" && !folder.empty()) {
                throw Error(source_.dataset + "@" + options_.revision + ": --data-files: no folder '" + folder +
                            "' in the repository [" + failure->url + "]");
            }
            if (failure) fail(*failure, std::nullopt);
            auto page = parse_tree_page(responses[0].body);
            for (HubFile& f : page.value()) into.push_back(std::move(f));
            url = responses[0].next_link;
        }
    }

    // The config and split: given, else the viewer's list (train if it has one). False when the
    // viewer will not serve the dataset (501: a loading script, too many configs, ...).
    bool choose_split() {
        if (!source_.config.empty() && !source_.split.empty()) return true;
        const std::string url = endpoints_.viewer + "/splits" + query(source_.dataset, source_.config, "");
        std::optional<HttpFailure> failure;
        auto responses = http_.get_all({url}, 1, object_with("splits"), failure);
        if (failure && failure->status == 501) return false;
        if (failure) fail(*failure, std::nullopt);
        std::vector<json::Member> members;
        (void)json::scan_object(responses[0].body, members);
        const json::Member* splits = member_named(members, "splits");
        std::vector<json::Member> list;
        if (!splits || splits->type != json::Type::array || json::scan_array(splits->value, list)) {
            throw Error(source_.dataset + ": the viewer's /splits answer has no list of splits");
        }
        std::string config;
        std::string split;
        std::string scratch;
        std::vector<json::Member> entry;
        for (const json::Member& s : list) {
            if (s.type != json::Type::object || json::scan_object(s.value, entry)) continue;
            const json::Member* cm = member_named(entry, "config");
            const json::Member* sm = member_named(entry, "split");
            if (!cm || !sm || cm->type != json::Type::string || sm->type != json::Type::string) continue;
            const std::string c(json::string_value(*cm, scratch));
            const std::string sp(json::string_value(*sm, scratch));
            if (!source_.config.empty() && c != source_.config) continue;
            if (!source_.split.empty() && sp == source_.split) {  // the split asked for
                config = c;
                split = sp;
                break;
            }
            if (config.empty()) {  // the first config, and its train split if it has one
                config = c;
                split = sp;
            } else if (c == config && sp == "train" && source_.split.empty()) {
                split = sp;
            }
        }
        if (config.empty())
            throw Error(source_.dataset + ": the viewer lists no split" +
                        (source_.config.empty() ? "" : " for config '" + source_.config + "'"));
        if (source_.config.empty()) source_.config = config;
        if (source_.split.empty()) source_.split = split;
        return true;
    }

    std::string get_body(const std::string& url, const char* key) {
        std::optional<HttpFailure> failure;
        auto responses = http_.get_all({url}, 1, object_with(key), failure);
        if (failure) fail(*failure, std::nullopt);
        return std::move(responses[0].body);
    }

    // A failure while rows were being written: the rows before it reach standard output whole
    // (an -o file is not made), and the message says where to resume.
    [[noreturn]] void fail_rows(io::Output& output, const HttpFailure& failure) {
        if (to_stdout()) output.commit();
        fail(failure, options_.offset + consumed_);
    }
    // A row that cannot be read (bad JSON, a --where that cannot be evaluated on it): no resume
    // hint, since a run resumed at it meets it again.
    [[noreturn]] void fail_rows(io::Output& output, const std::string& message) {
        if (to_stdout()) output.commit();
        progress_.finish();
        throw Error(source_.dataset + ": " + message +
                    (to_stdout()
                         ? "; " + plural(written_, "row was", "rows were") + " written"
                         : "; " + options_.io.output + " was not written (it appears only when the run succeeds)"));
    }

    std::string resume_hint(std::uint64_t resume_at) const {
        progress_.finish();
        if (to_stdout()) {
            return "; " + plural(written_, "row was", "rows were") + " written; resume with --offset " +
                   std::to_string(resume_at);
        }
        return "; " + options_.io.output + " was not written (it appears only when the run succeeds)";
    }

    // `resume_at`: the row to resume at, when rows were being read.
    [[noreturn]] void fail(const HttpFailure& f, std::optional<std::uint64_t> resume_at) {
        std::string why = f.message;
        if (f.error_code == "ExternalUnauthenticatedError" || f.error_code == "ExternalAuthenticatedError" ||
            f.error_code == "GatedRepo" || f.error_code == "RepoNotFound") {
            why = f.error_code == "GatedRepo"
                      ? "the dataset is gated: accept its terms on the hub with your account, and set HF_TOKEN to a "
                        "token of that account"
                      : "the dataset does not exist, or is private or gated: check the id, and for a gated dataset "
                        "accept its terms on the hub and set HF_TOKEN";
            why +=
                " (" + f.error_code + (endpoints_.token.empty() ? ", no token was sent" : ", a token was sent") + ")";
            if (source_.dataset == "databricks/dolly-15k") why += "; the dolly id is databricks/databricks-dolly-15k";
        }
        throw Error(source_.dataset + ": " + why + " [" + f.url + "]" + (resume_at ? resume_hint(*resume_at) : ""));
    }

    bool to_stdout() const { return options_.io.output.empty() || options_.io.output == "-"; }

    void show_progress() {
        progress_.update_with([&] {
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
            std::string line =
                with_commas(written_) + " rows, " +
                with_commas(static_cast<std::uint64_t>(static_cast<double>(written_) / std::max(seconds, 0.001))) +
                " rows/s, ";
            line += files_mode_ ? plural(files_read_, "file", "files") + ", " +
                                      mebibytes(http_.streamed_bytes() + parquet_fetched_)
                                : plural(pages_, "page", "pages");
            if (http_.retries() > 0) line += ", " + plural(http_.retries(), "retry", "retries");
            return line;
        });
    }

    std::string summary() const {
        std::string line = source_.dataset + " " + source_.config + "/" + source_.split + ": wrote " +
                           plural(written_, "row", "rows") + " from " +
                           (files_mode_ ? plural(files_read_, "file", "files") : plural(pages_, "page", "pages"));
        if (unmatched_ > 0) line += ", " + std::to_string(unmatched_) + " not matching --where";
        if (no_text_ > 0) line += ", skipped " + std::to_string(no_text_) + " without text";
        if (http_.retries() > 0) line += ", " + plural(http_.retries(), "retry", "retries");
        if (!not_read_.empty()) line += ", " + not_read_;
        if (parquet_size_ > 0) {
            line += ", fetched " + mebibytes(parquet_fetched_) + " of " + mebibytes(parquet_size_) + " of parquet";
        }
        if (!note_.empty()) line += " (" + note_ + ")";
        if (partial_) {
            line +=
                "; the viewer serves only the first part of this split (partial): all of it is in the dataset's files";
        }
        return line;
    }

    const StreamOptions& options_;
    Profile source_;
    Diagnostics diagnostics_;
    mutable Progress progress_;
    Endpoints endpoints_;
    HttpClient http_;
    std::unique_ptr<RowFilter> filter_;
    const std::string no_file_;
    std::string note_;      // how the rows were read, when it is not the plain way
    std::string not_read_;  // chosen files that were not JSON
    bool first_row_checked_ = false;
    bool files_mode_ = false;
    bool filter_here_ = false;  // --where evaluated on the rows as they come
    bool partial_ = false;
    std::uint64_t wanted_;
    std::uint64_t skip_ = 0;      // matches still to skip for --offset
    std::uint64_t consumed_ = 0;  // rows past --offset: written or without text
    std::uint64_t written_ = 0;
    std::uint64_t no_text_ = 0;
    std::uint64_t unmatched_ = 0;
    std::uint64_t pages_ = 0;
    std::uint64_t files_read_ = 0;
    std::uint64_t parquet_fetched_ = 0;  // bytes of parquet files fetched by range requests
    std::uint64_t parquet_size_ = 0;     // and the size of those files
    std::chrono::steady_clock::time_point started_;
};

}  // namespace

int run(const StreamOptions& options) { return Run(options).run(); }

}  // namespace seed::hfstream
