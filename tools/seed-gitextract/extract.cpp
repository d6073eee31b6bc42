// seed-gitextract's options, the walk over each repository, and the records.
#include "extract.hpp"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <thread>

#include "diagnostics.hpp"
#include "error.hpp"
#include "json.hpp"
#include "output.hpp"
#include "repository.hpp"
#include "text.hpp"
#include "tool.hpp"
#include "utf8.hpp"

namespace seed::gitextract {

namespace {

std::string_view drop_name(Drop drop) {
    static constexpr std::array<std::string_view, drop_kinds> names{"min", "max", "min-lines", "max-lines",
                                                                    "parse-error"};
    return names[static_cast<std::size_t>(drop)];
}

// The record of one definition or file.
struct Piece {
    std::string_view text;
    std::string_view language;
    std::string_view path;
    std::string_view name;
    std::string_view kind;
    std::uint32_t start_line;
    std::uint32_t end_line;
};

struct RepositoryInfo {
    std::string source;
    std::string repo;
    std::string commit;
    std::string license;
};

void append_record(std::string& out, const Piece& piece, const RepositoryInfo& info, bool dedent_text) {
    out += "{\"text\":";
    if (dedent_text)
        json::write_string(out, dedent(piece.text));
    else
        json::write_string(out, piece.text);
    out += ",\"domain\":\"code\",\"language\":";
    json::write_string(out, piece.language);
    out += ",\"source\":";
    json::write_string(out, info.source);
    out += ",\"repo\":";
    json::write_string(out, info.repo);
    out += ",\"commit\":\"" + info.commit + "\",\"path\":";
    json::write_string(out, piece.path);
    out += ",\"name\":";
    json::write_string(out, piece.name);
    out += ",\"kind\":";
    json::write_string(out, piece.kind);
    out += ",\"start_line\":" + std::to_string(piece.start_line) + ",\"end_line\":" + std::to_string(piece.end_line);
    if (!info.license.empty()) {
        out += ",\"license\":";
        json::write_string(out, info.license);
    }
    out += "}\n";
}

}  // namespace

const cli::Command& command() {
    static const cli::Command cmd{
        "seed-gitextract",
        "[OPTIONS] REPOSITORY...",
        "Extract functions, classes and other definitions from git repositories as JSONL records.",
        tool::with_shared_options(
            {
                {0, "rev", "REV", "read the tree of REV (default HEAD)"},
                {0, "cache", "DIR", "keep clones of URLs in DIR (default: see seed-gitextract(1))"},
                {0, "include", "GLOB", "read only paths matching GLOB (repeatable; ** ok)"},
                {0, "exclude", "GLOB", "skip paths matching GLOB (repeatable)"},
                {0, "no-default-excludes", "", "also read vendored, minified and generated files"},
                {0, "lang", "LANGS", "only these languages (comma-separated)"},
                {0, "granularity", "HOW", "fit (default): outermost that fit; all: every one"},
                {0, "mode", "MODE", "definitions (default) or files"},
                {0, "min", "N", "drop texts shorter than N characters (default 150)"},
                {0, "max", "N", "drop texts longer than N characters (default 2000)"},
                {0, "min-lines", "N", "drop texts of fewer than N lines (default 5)"},
                {0, "max-lines", "N", "drop texts of more than N lines (default 60)"},
                {0, "dedent", "", "remove the indentation the lines share"},
                {'j', "jobs", "N", "parse on N threads (default: one per core)"},
            },
            tool::Reads::other),
        "Languages: python, javascript, typescript, tsx, go, rust, java, c, cpp, ruby.\n"
        "Files come from the commit's tree, never from a work tree. See seed-gitextract(1).\n",
    };
    return cmd;
}

Result<ExtractOptions> make_options(const cli::Args& args) {
    ExtractOptions options;
    options.repositories = args.operands;
    if (options.repositories.empty()) return Fail{"no repository given"};
    for (const cli::Arg& arg : args.options) {
        const std::string name = "--" + std::string(arg.option->long_name) + ": ";
        const auto count = [&](std::uint64_t& into) { return cli::read_count(arg, into); };
        Result<void> done;
        if (arg.is("cache")) {
            if (arg.value.empty()) return Fail{"--cache: empty folder name"};
            options.cache = arg.value;
        } else if (arg.is("rev")) {
            if (arg.value.empty()) return Fail{"--rev: empty revision"};
            options.rev = arg.value;
        } else if (arg.is("include") || arg.is("exclude")) {
            if (arg.value.empty()) return Fail{name + "empty pattern"};
            (arg.is("include") ? options.include : options.exclude).push_back(arg.value);
        } else if (arg.is("no-default-excludes")) {
            options.default_excludes = false;
        } else if (arg.is("lang")) {
            auto names = cli::parse_list(arg.value);
            if (!names) return Fail{name + names.error()};
            options.languages.clear();
            for (const std::string& lang : names.value()) {
                const Language* language = language_named(lang);
                if (!language) return Fail{name + "unknown language '" + lang + "'"};
                options.languages.push_back(language);
            }
        } else if (arg.is("granularity")) {
            if (arg.value != "fit" && arg.value != "all")
                return Fail{name + "expected 'fit' or 'all', not '" + arg.value + "'"};
            options.granularity = arg.value == "fit" ? Granularity::fit : Granularity::all;
        } else if (arg.is("mode")) {
            if (arg.value != "definitions" && arg.value != "files") {
                return Fail{name + "expected 'definitions' or 'files', not '" + arg.value + "'"};
            }
            options.mode = arg.value == "files" ? Mode::files : Mode::definitions;
        } else if (arg.is("min")) {
            done = count(options.min_chars);
        } else if (arg.is("max")) {
            done = count(options.max_chars);
        } else if (arg.is("min-lines")) {
            done = count(options.min_lines);
        } else if (arg.is("max-lines")) {
            done = count(options.max_lines);
        } else if (arg.is("dedent")) {
            options.dedent = true;
        } else if (arg.is("jobs")) {
            std::uint64_t jobs = 0;
            done = count(jobs);
            if (done && (jobs < 1 || jobs > 1024)) return Fail{name + "expected 1 to 1024 threads, not " + arg.value};
            options.jobs = static_cast<unsigned>(jobs);
        } else if (auto shared = tool::apply_shared_option(arg, options.io); !shared) {
            return Fail{shared.error()};
        }
        if (!done) return Fail{done.error()};
    }
    if (options.min_chars > options.max_chars) {
        return Fail{"--min " + std::to_string(options.min_chars) + " is greater than --max " +
                    std::to_string(options.max_chars)};
    }
    if (options.min_lines > options.max_lines) {
        return Fail{"--min-lines " + std::to_string(options.min_lines) + " is greater than --max-lines " +
                    std::to_string(options.max_lines)};
    }
    return options;
}

unsigned default_jobs() { return std::max(1u, std::thread::hardware_concurrency()); }

std::string default_cache() {
    const char* xdg = std::getenv("XDG_CACHE_HOME");
    const char* home = std::getenv("HOME");
    const std::string base = xdg && *xdg ? xdg : std::string(home && *home ? home : ".") + "/.cache";
    return base + "/seed-tools/repos";
}

std::string repository_name(std::string_view path) {
    std::string full(path);
    std::error_code ignored;
    const std::string name_of_full = std::filesystem::weakly_canonical(full, ignored).filename().string();
    while (path.size() > 1 && path.ends_with('/')) path.remove_suffix(1);
    std::string name(path.substr(path.rfind('/') + 1));
    if (name == "." || name == ".." || name.empty()) name = name_of_full;         // "." names the folder it is
    if (name == ".git") name = repository_name(path.substr(0, path.size() - 4));  // x/.git is x
    if (name.size() > 4 && name.ends_with(".git")) name.resize(name.size() - 4);
    return name.empty() ? "repository" : name;
}

std::string summary_line(const Counts& counts, Mode mode) {
    std::string line = std::to_string(counts.repositories) +
                       (counts.repositories == 1 ? " repository, " : " repositories, ") + std::to_string(counts.files) +
                       (counts.files == 1 ? " file" : " files");
    std::uint64_t skipped = 0;
    std::string kinds;
    for (std::size_t i = 1; i < skip_kinds; ++i) {
        if (counts.skipped[i] == 0) continue;
        skipped += counts.skipped[i];
        if (!kinds.empty()) kinds += ", ";
        kinds += std::string(skip_name(static_cast<Skip>(i))) + " " + std::to_string(counts.skipped[i]);
    }
    if (skipped > 0) line += " (skipped " + std::to_string(skipped) + ": " + kinds + ")";
    line += ", kept " + std::to_string(counts.kept) + " of " + std::to_string(counts.found) +
            (mode == Mode::files ? (counts.found == 1 ? " file" : " files")
                                 : (counts.found == 1 ? " definition" : " definitions"));
    std::string drops;
    for (std::size_t i = 0; i < drop_kinds; ++i) {
        if (counts.dropped[i] == 0) continue;
        if (!drops.empty()) drops += ", ";
        drops += std::string(drop_name(static_cast<Drop>(i))) + " " + std::to_string(counts.dropped[i]);
    }
    if (!drops.empty()) line += " (dropped " + drops + ")";
    return line;
}

namespace {

// One file to parse: read on the main thread, parsed on a worker, written in order.
struct FileJob {
    const TreeEntry* entry = nullptr;
    const Language* language = nullptr;
    BlobPtr blob;
    std::string_view content;
    std::string records;  // its output lines
};

// A worker's own tools: tree-sitter parsers are not shared between threads. Its counts are
// added up when the run ends.
class Worker {
public:
    explicit Worker(const ExtractOptions& options) : options_(options) {}

    void process(FileJob& job, const RepositoryInfo& info) {
        std::string_view content = job.content;
        if (content.starts_with("\xEF\xBB\xBF")) content.remove_prefix(3);  // a byte order mark is not text
        const std::string_view path = job.entry->path;
        const std::string_view language = job.language->name;
        if (options_.mode == Mode::files) {
            ++counts.found;
            std::string_view text = content;
            if (text.ends_with('\n')) text.remove_suffix(1);
            if (const auto drop = out_of_bounds(text)) {
                ++counts.dropped[static_cast<std::size_t>(*drop)];
                return;
            }
            const auto lines = static_cast<std::uint32_t>(text::count_lines(text));
            add(job, Piece{text, language, path, path, "file", 1, lines}, info);
            return;
        }
        Drop drop = Drop::min;
        choose(
            finder_for(*job.language).find(content), options_.granularity,
            [&](const Definition& def) {
                ++counts.found;
                const auto why = out_of_bounds(content.substr(def.begin, def.end - def.begin));
                if (!why) return Fit::fits;
                drop = *why;
                return drop == Drop::min || drop == Drop::min_lines ? Fit::too_small : Fit::too_large;
            },
            [&](const Definition& def) {
                add(job,
                    Piece{content.substr(def.begin, def.end - def.begin), language, path, def.name, def.kind,
                          def.start_line, def.end_line},
                    info);
            },
            [&](const Definition&, Fit why) {
                if (why == Fit::parse_error) {
                    ++counts.found;
                    drop = Drop::parse_error;
                }
                ++counts.dropped[static_cast<std::size_t>(drop)];
            });
    }

    Counts counts;

private:
    DefinitionFinder& finder_for(const Language& language) {
        auto& finder = finders_[language.name];
        if (!finder) {
            finder = std::make_unique<DefinitionFinder>(language);
            if (!finder->ready()) {
                throw Error("the " + std::string(language.name) +
                            " grammar does not load into this libtree-sitter (grammar ABI too new?)");
            }
        }
        return *finder;
    }

    // Within the bounds? (Lengths in code points, as everywhere in seed-tools; of the text as
    // written, so after --dedent.)
    std::optional<Drop> out_of_bounds(std::string_view text) const {
        if (options_.dedent) {
            const std::string dedented = dedent(text);
            return measure(dedented);
        }
        return measure(text);
    }

    std::optional<Drop> measure(std::string_view text) const {
        const std::uint64_t chars = utf8::count_code_points(text);
        if (chars < options_.min_chars) return Drop::min;
        if (chars > options_.max_chars) return Drop::max;
        const std::uint64_t lines = text::count_lines(text);
        if (lines < options_.min_lines) return Drop::min_lines;
        if (lines > options_.max_lines) return Drop::max_lines;
        return std::nullopt;
    }

    void add(FileJob& job, const Piece& piece, const RepositoryInfo& info) {
        append_record(job.records, piece, info, options_.dedent);
        ++counts.kept;
    }

    const ExtractOptions& options_;
    std::map<std::string_view, std::unique_ptr<DefinitionFinder>> finders_;
};

// Files are read in batches (on the main thread: libgit2 objects are not shared between
// threads), parsed by the workers, and written in path order, so the output does not depend
// on the number of threads or their timing. A batch bounds the memory held.
constexpr std::size_t batch_files = 256;
constexpr std::size_t batch_bytes = std::size_t{16} << 20;

class Run {
public:
    explicit Run(const ExtractOptions& options) : options_(options), diagnostics_("seed-gitextract", options.io.quiet) {
        for (unsigned i = 0; i < options.jobs; ++i) workers_.emplace_back(options);
    }

    int run() {
        const GitLibrary git;
        // Every repository is opened before anything is written, so a typo in the last one fails
        // before any output.
        std::vector<std::unique_ptr<Repository>> repositories;
        for (const std::string& name : options_.repositories) {
            const std::string local = is_url(name) ? clone_or_fetch(name, options_.cache) : name;
            repositories.push_back(std::make_unique<Repository>(local, options_.rev));
        }
        // Every grammar wanted must load (a grammar of another ABI fails here, before any output).
        for (const Language& language : languages()) {
            if (language_wanted(&language) && !DefinitionFinder(language).ready()) {
                throw Error("the " + std::string(language.name) +
                            " grammar does not load into this libtree-sitter (grammar ABI too new?)");
            }
        }
        io::Output output(options_.io.output);
        for (std::size_t i = 0; i < repositories.size(); ++i) {
            extract(*repositories[i], options_.repositories[i], output);
        }
        output.commit();
        for (const Worker& worker : workers_) {
            counts_.found += worker.counts.found;
            counts_.kept += worker.counts.kept;
            for (std::size_t k = 0; k < drop_kinds; ++k) counts_.dropped[k] += worker.counts.dropped[k];
        }
        diagnostics_.summary(summary_line(counts_, options_.mode));
        return 0;
    }

private:
    bool language_wanted(const Language* language) const {
        return options_.languages.empty() ||
               std::find(options_.languages.begin(), options_.languages.end(), language) != options_.languages.end();
    }

    Skip skip_by_entry(const TreeEntry& entry, const Language* language) const {
        if (entry.mode == GIT_FILEMODE_COMMIT) return Skip::submodule;
        if (entry.mode == GIT_FILEMODE_LINK) return Skip::symlink;
        if (!language) return Skip::not_source;
        if (!language_wanted(language)) return Skip::other_language;
        return skip_by_path(entry.path, options_.include, options_.exclude, options_.default_excludes);
    }

    static std::string find_license(const Repository& repo, const std::vector<TreeEntry>& entries) {
        BlobPtr blob;
        for (const TreeEntry& entry : entries) {
            if (entry.path.find('/') == std::string::npos && is_license_file(entry.path) &&
                entry.mode != GIT_FILEMODE_COMMIT && entry.mode != GIT_FILEMODE_LINK) {
                const std::string_view found = identify_license(repo.read_blob(entry.id, blob));
                if (!found.empty()) return std::string(found);
            }
        }
        return {};
    }

    void extract(const Repository& repo, const std::string& path, io::Output& output) {
        ++counts_.repositories;
        const std::vector<TreeEntry> entries = repo.entries();
        const RepositoryInfo info{repository_name(path), path, repo.commit_id(), find_license(repo, entries)};
        // While the workers parse one batch, this thread reads the next.
        std::vector<FileJob> reading;
        std::vector<FileJob> parsing;
        std::unique_ptr<ParseRound> round;
        std::size_t bytes = 0;
        const auto hand_over = [&] {
            if (round) finish(std::move(round), parsing, output);
            parsing.swap(reading);
            reading.clear();
            bytes = 0;
            round = start(parsing, info);
        };
        for (const TreeEntry& entry : entries) {
            FileJob job;
            job.entry = &entry;
            job.language = language_for(entry.path);
            Skip skip = utf8::is_valid(entry.path) ? skip_by_entry(entry, job.language) : Skip::not_utf8;
            if (skip == Skip::none) {
                job.content = repo.read_blob(entry.id, job.blob);
                skip = skip_by_content(job.content, options_.default_excludes);
            }
            if (skip != Skip::none) {
                ++counts_.skipped[static_cast<std::size_t>(skip)];
                continue;
            }
            ++counts_.files;
            bytes += job.content.size();
            reading.push_back(std::move(job));
            if (reading.size() == batch_files || bytes >= batch_bytes) hand_over();
        }
        hand_over();
        finish(std::move(round), parsing, output);
    }

    // The workers' pass over one batch, running until finish().
    struct ParseRound {
        std::atomic<std::size_t> next{0};
        std::vector<std::exception_ptr> failures;
        std::vector<std::jthread> threads;
    };

    std::unique_ptr<ParseRound> start(std::vector<FileJob>& batch, const RepositoryInfo& info) {
        auto round = std::make_unique<ParseRound>();
        const std::size_t threads = std::min(workers_.size(), batch.size());
        if (threads <= 1) {  // one thread: parse here, with nothing to overlap
            for (FileJob& job : batch) workers_[0].process(job, info);
            return round;
        }
        round->failures.resize(threads);
        for (std::size_t t = 0; t < threads; ++t) {
            round->threads.emplace_back([this, &batch, &info, r = round.get(), t] {
                try {
                    for (std::size_t i; (i = r->next.fetch_add(1)) < batch.size();) workers_[t].process(batch[i], info);
                } catch (...) {
                    r->failures[t] = std::current_exception();
                }
            });
        }
        return round;
    }

    // Waits for the round, then writes its batch in path order.
    static void finish(std::unique_ptr<ParseRound> round, std::vector<FileJob>& batch, io::Output& output) {
        round->threads.clear();  // joins
        for (const std::exception_ptr& failure : round->failures) {
            if (failure) std::rethrow_exception(failure);
        }
        for (const FileJob& job : batch) output.write(job.records);
    }

    const ExtractOptions& options_;
    Diagnostics diagnostics_;
    std::vector<Worker> workers_;
    Counts counts_;
};

}  // namespace

int run(const ExtractOptions& options) { return Run(options).run(); }

}  // namespace seed::gitextract
