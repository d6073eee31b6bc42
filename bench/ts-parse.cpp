// The floor for seed-gitextract's speed: tree-sitter parsing alone. Reads every file of a
// commit's tree that seed-gitextract would parse (same language table and default filters)
// into memory first, then parses each once on one thread, timing only the parsing.
//
//   ts-parse REPOSITORY [--lang NAME]    prints: files BYTES bytes SECONDS s
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "filters.hpp"
#include "languages.hpp"
#include "repository.hpp"

int main(int argc, char** argv) {
    using namespace seed::gitextract;
    if (argc < 2) {
        std::fprintf(stderr, "usage: ts-parse REPOSITORY [--lang NAME]\n");
        return 2;
    }
    const Language* only = argc >= 4 && std::string(argv[2]) == "--lang" ? language_named(argv[3]) : nullptr;
    const GitLibrary git;
    const Repository repo(argv[1], "HEAD");
    struct File {
        const Language* language;
        std::string content;
    };
    std::vector<File> files;
    std::size_t bytes = 0;
    BlobPtr blob;
    const std::vector<std::string> none;
    for (const TreeEntry& entry : repo.entries()) {
        const Language* language = language_for(entry.path);
        if (!language || (only && language != only) || entry.mode == GIT_FILEMODE_COMMIT ||
            entry.mode == GIT_FILEMODE_LINK || skip_by_path(entry.path, none, none, true) != Skip::none) {
            continue;
        }
        const std::string_view content = repo.read_blob(entry.id, blob);
        if (skip_by_content(content, true) != Skip::none) continue;
        files.push_back(File{language, std::string(content)});
        bytes += content.size();
    }
    TSParser* parser = ts_parser_new();
    const auto start = std::chrono::steady_clock::now();
    for (const File& file : files) {
        ts_parser_set_language(parser, file.language->grammar());
        TSTree* tree = ts_parser_parse_string(parser, nullptr, file.content.data(),
                                              static_cast<std::uint32_t>(file.content.size()));
        ts_tree_delete(tree);
    }
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    ts_parser_delete(parser);
    std::printf("%zu files %zu bytes %.3f s\n", files.size(), bytes, took.count());
    return 0;
}
