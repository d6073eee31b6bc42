// Which files seed-gitextract reads: path globs, and the kinds of files it skips by default
// (vendored, minified, generated, binary, Git LFS pointers, very long lines, not UTF-8).
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace seed::gitextract {

// Glob matching on '/'-separated paths: '*' and '?' match within one path component, '**'
// matches any number of whole components (a/**/b matches a/b and a/x/y/b), [abc] and [a-z]
// match one character of a set ([!...] of none). A pattern without '/' matches the file name in
// any folder, as in .gitignore.
bool glob_match(std::string_view pattern, std::string_view path);

enum class Skip {
    none,
    excluded,        // by --exclude, or not matched by --include
    vendored,        // under vendor/, third_party/, node_modules/, ...
    minified,        // *.min.js and the like
    submodule,       // a commit in the tree
    symlink,         // a symbolic link
    other_language,  // a known language that --lang leaves out
    not_source,      // no known language
    binary,          // a NUL byte near the start
    lfs_pointer,     // a Git LFS pointer, not the file
    generated,       // a "generated" marker in the first lines
    long_lines,      // a line longer than max_line_bytes
    not_utf8,        // not valid UTF-8
};
inline constexpr std::size_t skip_kinds = 13;
std::string_view skip_name(Skip skip);

inline constexpr std::size_t max_line_bytes = 1000;

// What the path alone says about a file (before reading it): excluded, vendored or minified.
Skip skip_by_path(std::string_view path, const std::vector<std::string>& include,
                  const std::vector<std::string>& exclude, bool default_excludes);

// What the content says: binary, LFS pointer, generated, long lines or not UTF-8.
Skip skip_by_content(std::string_view content, bool default_excludes);

// The SPDX id of a license text (MIT, Apache-2.0, BSD-3-Clause, ...), or "" when unknown.
std::string_view identify_license(std::string_view text);

// True for a root file name that holds a license: LICENSE, LICENCE, COPYING (any case, any suffix).
bool is_license_file(std::string_view name);

// `text` without the leading white space its non-blank lines share.
std::string dedent(std::string_view text);

}  // namespace seed::gitextract
