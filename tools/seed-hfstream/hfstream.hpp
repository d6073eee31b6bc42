// seed-hfstream: rows of a Hugging Face dataset as seed records, read page by page through the
// dataset viewer's /rows and /filter API (several pages in flight, written in row order), or out
// of the hub's files as they download.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "json.hpp"

#include "cli.hpp"
#include "result.hpp"
#include "tool.hpp"

namespace seed::hfstream {

// A dataset as the plan uses it: which rows, and how their text is made. Data, not code: every
// profile is also a command line (--config, --split, --where, --text-field, --columns).
struct Profile {
    std::string name;     // short name: "oasst1"
    std::string dataset;  // hub id: "OpenAssistant/oasst1"
    std::string config;
    std::string split;
    std::string where;                     // viewer /filter syntax; empty: every row
    std::vector<std::string> text_fields;  // joined by a blank line, empty ones left out
    std::vector<std::string> columns;      // the other columns written; empty: all
    std::vector<std::string> data_files;   // globs of hub files: read them, not the viewer's rows
};

const std::vector<Profile>& profiles();
const Profile* profile_named(const std::string& name);

struct StreamOptions {
    Profile source;  // from a profile or the command line
    std::uint64_t limit = std::numeric_limits<std::uint64_t>::max();
    std::uint64_t offset = 0;
    unsigned jobs = 4;
    int tries = 6;                   // per request, the first included
    unsigned backoff_ms = 500;       // the first retry's delay; doubles up to 8 s
    bool files = false;              // the hub's files even without data_files
    std::string revision = "main";   // of the hub's files
    std::vector<std::string> local;  // --local: files on disk to read instead of the hub
    bool rows = false;               // --rows: the rows as they are, not records
    tool::IoOptions io;              // -o and -q (no inputs or --on-error: it reads no record files)
};

const cli::Command& command();
Result<StreamOptions> make_options(const cli::Args& args);

// Where to send requests and with which token, from the environment the Hugging Face way.
struct Endpoints {
    std::string viewer;  // $SEED_HF_VIEWER, else https://datasets-server.huggingface.co
    std::string hub;     // $HF_ENDPOINT, else https://huggingface.co
    std::string token;   // $HF_TOKEN, else $HUGGING_FACE_HUB_TOKEN, else the file $HF_HOME/token
};
Endpoints endpoints_from_environment();

// Where a row is: its config and split, the hub file it was read from (empty for the viewer's
// rows), and its index (in the split for the viewer, in the file for files).
struct RowPlace {
    const std::string& config;
    const std::string& split;
    const std::string& file;
    std::uint64_t row_idx = 0;
};

// The record for one row: text, source, dataset, config, split, [file,] row_idx, then the columns.
// Returns false (writing nothing) when the row has no text.
bool append_record(std::string& out, const Profile& source, const RowPlace& place,
                   const std::vector<json::Member>& row);

int run(const StreamOptions& options);

}  // namespace seed::hfstream
