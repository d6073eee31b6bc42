// seed-gitextract: functions, classes and other definitions (or whole files) from git
// repositories as seed records, read from the object database of a commit.
#pragma once

#include <array>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "cli.hpp"
#include "definitions.hpp"
#include "filters.hpp"
#include "result.hpp"
#include "tool.hpp"

namespace seed::gitextract {

enum class Mode { definitions, files };

// One parsing thread per core (at least one).
unsigned default_jobs();
// $XDG_CACHE_HOME/seed-tools/repos, else ~/.cache/seed-tools/repos.
std::string default_cache();

struct ExtractOptions {
    std::vector<std::string> repositories;  // paths and URLs, as given
    std::string cache = default_cache();    // where URLs are cloned
    std::string rev = "HEAD";
    std::vector<std::string> include;
    std::vector<std::string> exclude;
    bool default_excludes = true;
    std::vector<const Language*> languages;  // empty: all
    Granularity granularity = Granularity::fit;
    Mode mode = Mode::definitions;
    // The plan's bounds (Task 1): 5-60 lines, 150-2000 characters.
    std::uint64_t min_chars = 150;
    std::uint64_t max_chars = 2000;
    std::uint64_t min_lines = 5;
    std::uint64_t max_lines = 60;
    bool dedent = false;
    unsigned jobs = default_jobs();  // parsing threads
    tool::IoOptions io;              // -o and -q (no inputs or --on-error: it reads no record files)
};

const cli::Command& command();
Result<ExtractOptions> make_options(const cli::Args& args);

// Why a definition (or a file, with --mode files) was not written.
enum class Drop { min, max, min_lines, max_lines, parse_error };
inline constexpr std::size_t drop_kinds = 5;

struct Counts {
    std::uint64_t repositories = 0;
    std::uint64_t files = 0;  // files parsed (or, with --mode files, considered)
    std::array<std::uint64_t, skip_kinds> skipped{};
    std::uint64_t found = 0;  // definitions found
    std::uint64_t kept = 0;
    std::array<std::uint64_t, drop_kinds> dropped{};
};

// "2 repositories, 57 files (skipped 12: vendored 3, binary 2), kept 210 of 340 definitions
// (dropped min 50, parse-error 2)"; for --mode files, "kept N of M files".
std::string summary_line(const Counts& counts, Mode mode);

// The repository's name for the "source" field: the last component of `path`, without a
// trailing "/" or ".git".
std::string repository_name(std::string_view path);

int run(const ExtractOptions& options);

}  // namespace seed::gitextract
