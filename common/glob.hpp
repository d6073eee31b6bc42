// Glob matching on '/'-separated paths, shared by seed-gitextract (--include/--exclude) and
// seed-hfstream (--data-files).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace seed {

// Glob matching on '/'-separated paths: '*' and '?' match within one path component, '**'
// matches any number of whole components (a/**/b matches a/b and a/x/y/b), [abc] and [a-z]
// match one character of a set ([!...] of none). A pattern without '/' matches the file name in
// any folder, as in .gitignore.
bool glob_match(std::string_view pattern, std::string_view path);

// The same syntax matched against the whole path from the top, as the hub's data-file patterns
// are: "data/*" matches data/a.json but not data/sub/b.json ("data/**" does). A pattern
// without wildcards names a file, or a folder and everything in it.
bool glob_match_whole(std::string_view pattern, std::string_view path);

// The folder every path the pattern matches is in, as far as its leading components say without
// a wildcard: "data/python/*.json" -> "data/python", "data/x" -> "data", "*.json" -> "" (any folder).
std::string glob_literal_folder(std::string_view pattern);

// "a/b/c" -> {"a", "b", "c"}; "" -> {""}.
std::vector<std::string_view> path_components(std::string_view path);

}  // namespace seed
