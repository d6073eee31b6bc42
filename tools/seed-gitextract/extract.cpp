// seed-gitextract's options, the walk over each repository, and the records.
#include "extract.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>

#include "diagnostics.hpp"
#include "error.hpp"
#include "json.hpp"
#include "output.hpp"
#include "repository.hpp"
#include "text.hpp"
#include "utf8.hpp"

namespace seed::gitextract {

namespace {

bool looks_like_url(std::string_view s) {
    return s.find("://") != std::string_view::npos ||
           (s.find('@') != std::string_view::npos && s.find(':') != std::string_view::npos);
}

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
        {
            {0, "rev", "REV", "read the tree of REV (default HEAD)"},
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
            {'o', "output", "FILE", "write to FILE, which appears only if the run succeeds"},
            {'q', "quiet", "", "no summary line on stderr"},
            {'h', "help", "", "show this help and exit"},
            {0, "version", "", "show the version and exit"},
        },
        "Languages: python, javascript, typescript, tsx, go, rust, java, c, cpp, ruby.\n"
        "Files come from the commit's tree, never from a work tree. See seed-gitextract(1).\n",
    };
    return cmd;
}

Result<ExtractOptions> make_options(const cli::Args& args) {
    ExtractOptions options;
    options.repositories = args.operands;
    if (options.repositories.empty()) return Fail{"no repository given"};
    for (const std::string& repo : options.repositories) {
        if (looks_like_url(repo))
            return Fail{"'" + repo + "': cloning URLs is not supported yet; clone it and give the path"};
    }
    for (const cli::Arg& arg : args.options) {
        const std::string name = "--" + std::string(arg.option->long_name) + ": ";
        auto count = [&](std::uint64_t& into) -> Result<void> {
            auto n = cli::parse_count(arg.value);
            if (!n) return Fail{name + n.error()};
            into = n.value();
            return {};
        };
        Result<void> done;
        if (arg.is("rev")) {
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
        } else if (arg.is("output")) {
            if (arg.value.empty()) return Fail{"--output: empty file name"};
            options.output = arg.value;
        } else if (arg.is("quiet")) {
            options.quiet = true;
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

std::string repository_name(std::string_view path) {
    std::string full(path);
    std::error_code ignored;
    const std::string name_of_full = std::filesystem::weakly_canonical(full, ignored).filename().string();
    while (path.size() > 1 && path.ends_with('/')) path.remove_suffix(1);
    std::string name(path.substr(path.rfind('/') + 1));
    if (name == "." || name == ".." || name.empty()) name = name_of_full;  // "." names the folder it is
    if (name.size() > 4 && name.ends_with(".git")) name.resize(name.size() - 4);
    return name.empty() ? "repository" : name;
}

std::string summary_line(const Counts& counts, Mode mode) {
    std::string line = std::to_string(counts.repositories) +
                       (counts.repositories == 1 ? " repository, " : " repositories, ") + std::to_string(counts.files) +
                       " files";
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
            (mode == Mode::files ? " files" : " definitions");
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

class Run {
public:
    explicit Run(const ExtractOptions& options) : options_(options), diagnostics_("seed-gitextract", options.quiet) {}

    int run() {
        const GitLibrary git;
        // Every repository is opened before anything is written, so a typo in the last one fails
        // before any output.
        std::vector<std::unique_ptr<Repository>> repositories;
        for (const std::string& path : options_.repositories) {
            repositories.push_back(std::make_unique<Repository>(path, options_.rev));
        }
        io::Output output(options_.output);
        for (std::size_t i = 0; i < repositories.size(); ++i) {
            extract(*repositories[i], options_.repositories[i], output);
        }
        output.commit();
        diagnostics_.summary(summary_line(counts_, options_.mode));
        return 0;
    }

private:
    bool language_wanted(const Language* language) const {
        return options_.languages.empty() ||
               std::find(options_.languages.begin(), options_.languages.end(), language) != options_.languages.end();
    }

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

    // Within the bounds? (Lengths in code points, as everywhere in seed-tools.)
    std::optional<Drop> out_of_bounds(std::string_view text) const {
        const std::uint64_t chars = utf8::count_code_points(text);
        if (chars < options_.min_chars) return Drop::min;
        if (chars > options_.max_chars) return Drop::max;
        const std::uint64_t lines = text::count_lines(text);
        if (lines < options_.min_lines) return Drop::min_lines;
        if (lines > options_.max_lines) return Drop::max_lines;
        return std::nullopt;
    }

    void write(const Piece& piece, const RepositoryInfo& info, io::Output& output) {
        record_.clear();
        append_record(record_, piece, info, options_.dedent);
        output.write(record_);
        ++counts_.kept;
    }

    void extract(const Repository& repo, const std::string& path, io::Output& output) {
        ++counts_.repositories;
        RepositoryInfo info{repository_name(path), path, repo.commit_id(), {}};
        const std::vector<TreeEntry> entries = repo.entries();
        BlobPtr blob;
        for (const TreeEntry& entry : entries) {
            if (entry.path.find('/') == std::string::npos && is_license_file(entry.path) &&
                entry.mode != GIT_FILEMODE_COMMIT && entry.mode != GIT_FILEMODE_LINK) {
                const std::string_view found = identify_license(repo.read_blob(entry.id, blob));
                if (!found.empty()) {
                    info.license = found;
                    break;
                }
            }
        }
        for (const TreeEntry& entry : entries) {
            Skip skip = Skip::none;
            const Language* language = language_for(entry.path);
            if (entry.mode == GIT_FILEMODE_COMMIT)
                skip = Skip::submodule;
            else if (entry.mode == GIT_FILEMODE_LINK)
                skip = Skip::symlink;
            else if (!language)
                skip = Skip::not_source;
            else if (!language_wanted(language))
                skip = Skip::other_language;
            else
                skip = skip_by_path(entry.path, options_.include, options_.exclude, options_.default_excludes);
            std::string_view content;
            if (skip == Skip::none) {
                content = repo.read_blob(entry.id, blob);
                skip = skip_by_content(content, options_.default_excludes);
            }
            if (skip != Skip::none) {
                ++counts_.skipped[static_cast<std::size_t>(skip)];
                continue;
            }
            ++counts_.files;
            if (options_.mode == Mode::files) {
                ++counts_.found;
                std::string_view text = content;
                if (text.ends_with('\n')) text.remove_suffix(1);
                if (auto drop = out_of_bounds(text)) {
                    ++counts_.dropped[static_cast<std::size_t>(*drop)];
                    continue;
                }
                const auto lines = static_cast<std::uint32_t>(text::count_lines(text));
                write(Piece{text, language->name, entry.path, entry.path, "file", 1, lines}, info, output);
                continue;
            }
            const std::vector<Definition> definitions = finder_for(*language).find(content);
            choose(
                definitions, options_.granularity,
                [&](const Definition& def) {
                    ++counts_.found;
                    const auto drop = out_of_bounds(content.substr(def.begin, def.end - def.begin));
                    if (!drop) return Fit::fits;
                    last_drop_ = *drop;
                    return *drop == Drop::min || *drop == Drop::min_lines ? Fit::too_small : Fit::too_large;
                },
                [&](const Definition& def) {
                    write(Piece{content.substr(def.begin, def.end - def.begin), language->name, entry.path, def.name,
                                def.kind, def.start_line, def.end_line},
                          info, output);
                },
                [&](const Definition& def, Fit why) {
                    if (why == Fit::parse_error) {
                        ++counts_.found;
                        last_drop_ = Drop::parse_error;
                    }
                    (void)def;
                    ++counts_.dropped[static_cast<std::size_t>(last_drop_)];
                });
        }
    }

    const ExtractOptions& options_;
    Diagnostics diagnostics_;
    std::map<std::string_view, std::unique_ptr<DefinitionFinder>> finders_;
    Counts counts_;
    std::string record_;
    Drop last_drop_ = Drop::min;
};

}  // namespace

int run(const ExtractOptions& options) { return Run(options).run(); }

}  // namespace seed::gitextract
