// seed-hfstream's profiles, options, the viewer protocol and the records.
#include "hfstream.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <sstream>

#include "diagnostics.hpp"
#include "error.hpp"
#include "http.hpp"
#include "json.hpp"
#include "output.hpp"
#include "tool.hpp"

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
    // The plan's Task 4 extractors: oasst1's English prompter messages, dolly's context and
    // instruction (the plan's id, databricks/dolly-15k, does not exist).
    static const std::vector<Profile> table{
        {"oasst1",
         "OpenAssistant/oasst1",
         "default",
         "train",
         "\"lang\"='en' AND \"role\"='prompter'",
         {"text"},
         {"message_id"}},
        {"dolly-15k",
         "databricks/databricks-dolly-15k",
         "default",
         "train",
         "",
         {"context", "instruction"},
         {"category"}},
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
        "[OPTIONS] DATASET",
        "Stream the rows of a Hugging Face dataset as JSONL records, in row order.",
        tool::with_shared_options(
            {
                {0, "config", "NAME", "the dataset's config (default: from the viewer)"},
                {0, "split", "NAME", "the split (default: train, else the first)"},
                {0, "limit", "N", "write at most N rows"},
                {0, "offset", "K", "start at row K (resume a stopped run)"},
                {0, "where", "EXPR", "only rows matching EXPR (the viewer's filter syntax)"},
                {0, "text-field", "COLUMNS", "text from COLUMNS, joined by a blank line"},
                {0, "columns", "COLUMNS", "write only these other columns"},
                {'j', "jobs", "N", "requests in flight (default 4)"},
                {0, "tries", "N", "tries per request before failing (default 6)"},
                {0, "backoff", "MS", "first retry after MS milliseconds (default 500)"},
            },
            tool::Reads::other),
        "DATASET is a hub id (OpenAssistant/oasst1) or a profile: oasst1, dolly-15k.\n"
        "See seed-hfstream(1) for the environment (HF_TOKEN, SEED_HF_VIEWER).\n",
    };
    return cmd;
}

Result<StreamOptions> make_options(const cli::Args& args) {
    StreamOptions options;
    if (args.operands.size() != 1) {
        return Fail{args.operands.empty() ? "no dataset given"
                                          : "one dataset at a time, not " + std::to_string(args.operands.size())};
    }
    const std::string& name = args.operands[0];
    if (const Profile* profile = profile_named(name)) {
        options.source = *profile;
    } else if (!name.empty() && name.find_first_of(" \t\n?&#") == std::string::npos) {
        options.source = Profile{name, name, "", "", "", {"text"}, {}};
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
            options.source.where = arg.value;
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

bool append_record(std::string& out, const Profile& source, const std::string& config, const std::string& split,
                   std::uint64_t row_idx, const std::vector<json::Member>& row) {
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
    json::write_string(out, config);
    out += ",\"split\":";
    json::write_string(out, split);
    out += ",\"row_idx\":" + std::to_string(row_idx);
    const auto is_text_field = [&](const std::string& name) {
        return std::find(source.text_fields.begin(), source.text_fields.end(), name) != source.text_fields.end();
    };
    // Names the record sets itself; a column of the same name is left out.
    const auto is_reserved = [](const std::string& name) {
        return name == "text" || name == "source" || name == "dataset" || name == "config" || name == "split" ||
               name == "row_idx";
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

class Run {
public:
    explicit Run(const StreamOptions& options)
        : options_(options),
          source_(options.source),
          diagnostics_("seed-hfstream", options.io.quiet),
          endpoints_(endpoints_from_environment()),
          http_(endpoints_.token, {endpoints_.viewer + "/", endpoints_.hub + "/"},
                RetryPolicy{options.tries, std::chrono::milliseconds(options.backoff_ms),
                            std::max(std::chrono::milliseconds(options.backoff_ms), std::chrono::milliseconds(8000))}) {
    }

    int run() {
        choose_split();
        const bool filtered = !source_.where.empty();
        if (filtered) check_filter();
        io::Output output(options_.io.output);
        const std::string base = endpoints_.viewer + (filtered ? "/filter" : "/rows") +
                                 query(source_.dataset, source_.config, source_.split) +
                                 (filtered ? "&where=" + url_encode(source_.where) : "");
        std::uint64_t offset = options_.offset;
        std::uint64_t total = std::numeric_limits<std::uint64_t>::max();
        std::uint64_t wanted = options_.limit;
        std::string records;
        while (wanted > 0 && offset < total) {
            // The first page alone, since it tells the total; then every other page, `jobs` in
            // flight, each written as soon as it and those before it are in.
            std::vector<std::string> urls;
            std::vector<std::uint64_t> offsets;
            const std::size_t most = pages_ == 0 ? 1 : std::numeric_limits<std::size_t>::max();
            for (std::uint64_t at = offset; urls.size() < most && at < total && at - offset < wanted; at += page_rows) {
                const std::uint64_t length = std::min<std::uint64_t>(page_rows, wanted - (at - offset));
                urls.push_back(base + "&offset=" + std::to_string(at) + "&length=" + std::to_string(length));
                offsets.push_back(at);
            }
            std::size_t delivered = 0;
            const auto write_page = [&](std::size_t p, HttpResponse& page) {
                // The body was checked (object_with), so these scans succeed.
                std::vector<json::Member> body;
                (void)json::scan_object(page.body, body);
                if (const auto n = whole_number(member_named(body, "num_rows_total"))) total = *n;
                const json::Member* rows_member = member_named(body, "rows");
                std::vector<json::Member> rows;
                if (!rows_member || rows_member->type != json::Type::array ||
                    json::scan_array(rows_member->value, rows)) {
                    throw Error(urls[p] + ": 'rows' is not a list");
                }
                records.clear();
                std::vector<json::Member> item;
                std::vector<json::Member> row;
                for (const json::Member& element : rows) {
                    if (wanted == 0) break;
                    const json::Member* row_member = nullptr;
                    std::uint64_t row_idx = 0;
                    if (element.type == json::Type::object && !json::scan_object(element.value, item)) {
                        row_idx = whole_number(member_named(item, "row_idx")).value_or(0);
                        row_member = member_named(item, "row");
                    }
                    if (row_member && row_member->type == json::Type::object &&
                        !json::scan_object(row_member->value, row) &&
                        append_record(records, source_, source_.config, source_.split, row_idx, row)) {
                        ++written_;
                    } else {
                        ++no_text_;
                    }
                    --wanted;
                }
                output.write(records);
                ++pages_;
                offset = offsets[p] + std::min<std::uint64_t>(page_rows, rows.empty() ? page_rows : rows.size());
                if (rows.empty()) total = std::min(total, offsets[p]);  // past the end
                delivered = p + 1;
            };
            std::optional<HttpFailure> failure;
            http_.get_in_order(urls, options_.jobs, object_with("rows"), write_page, failure);
            if (failure) {
                // The rows before the failure reach standard output whole; an -o file is not made.
                if (to_stdout()) output.commit();
                fail(*failure, offsets[delivered]);
            }
        }
        output.commit();
        diagnostics_.summary(summary());
        return 0;
    }

private:
    // The config and split: given, else the viewer's list (train if it has one).
    void choose_split() {
        if (!source_.config.empty() && !source_.split.empty()) return;
        const std::string url = endpoints_.viewer + "/splits" + query(source_.dataset, source_.config, "");
        std::string body = get_body(url, "splits");
        std::vector<json::Member> members;
        (void)json::scan_object(body, members);
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
    }

    void check_filter() {
        const std::string url = endpoints_.viewer + "/is-valid" + query(source_.dataset, "", "");
        const std::string body = get_body(url, "viewer");
        std::vector<json::Member> members;
        (void)json::scan_object(body, members);
        const json::Member* filter = member_named(members, "filter");
        if (!filter || filter->value != "true") {
            throw Error(source_.dataset + ": the viewer cannot filter this dataset, so --where cannot be used with it");
        }
    }

    std::string get_body(const std::string& url, const char* key) {
        std::optional<HttpFailure> failure;
        auto responses = http_.get_all({url}, 1, object_with(key), failure);
        if (failure) fail(*failure, std::nullopt);
        return std::move(responses[0].body);
    }

    // `resume_at`: the row to resume at, when rows were being read.
    [[noreturn]] void fail(const HttpFailure& f, std::optional<std::uint64_t> resume_at) {
        std::string why = f.message;
        if (f.error_code == "ExternalUnauthenticatedError" || f.error_code == "ExternalAuthenticatedError") {
            why =
                "the dataset does not exist, or is private or gated: check the id, and for a gated dataset accept "
                "its terms on the hub and set HF_TOKEN (" +
                f.error_code + (endpoints_.token.empty() ? ", no token was sent" : ", a token was sent") + ")";
            if (source_.dataset == "databricks/dolly-15k") why += "; the dolly id is databricks/databricks-dolly-15k";
        }
        std::string message = source_.dataset + ": " + why + " [" + f.url + "]";
        if (resume_at && to_stdout()) {
            message += "; " + std::to_string(written_) + " rows were written; resume with --offset " +
                       std::to_string(*resume_at);
        } else if (resume_at) {
            message += "; " + options_.io.output + " was not written (it appears only when the run succeeds)";
        }
        throw Error(message);
    }

    bool to_stdout() const { return options_.io.output.empty() || options_.io.output == "-"; }

    std::string summary() const {
        std::string line = source_.dataset + " " + source_.config + "/" + source_.split + ": wrote " +
                           std::to_string(written_) + (written_ == 1 ? " row from " : " rows from ") +
                           std::to_string(pages_) + (pages_ == 1 ? " page" : " pages");
        if (no_text_ > 0) line += ", skipped " + std::to_string(no_text_) + " without text";
        if (http_.retries() > 0) {
            line += ", " + std::to_string(http_.retries()) + (http_.retries() == 1 ? " retry" : " retries");
        }
        return line;
    }

    const StreamOptions& options_;
    Profile source_;
    Diagnostics diagnostics_;
    Endpoints endpoints_;
    HttpClient http_;
    std::uint64_t written_ = 0;
    std::uint64_t no_text_ = 0;
    std::uint64_t pages_ = 0;
};

}  // namespace

int run(const StreamOptions& options) { return Run(options).run(); }

}  // namespace seed::hfstream
