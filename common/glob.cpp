// Glob matching on '/'-separated paths, as in .gitignore.
#include "glob.hpp"

#include <algorithm>
#include <vector>

namespace seed {

namespace {

// Matches one component pattern (no '/') against one name.
bool match_component(std::string_view p, std::string_view s) {
    std::size_t pi = 0;
    std::size_t si = 0;
    std::size_t star = std::string_view::npos;
    std::size_t star_s = 0;
    while (si < s.size()) {
        if (pi < p.size() && p[pi] == '*') {
            star = pi++;
            star_s = si;
            continue;
        }
        if (pi < p.size() && p[pi] == '[') {
            const std::size_t close = p.find(']', pi + 2);
            if (close != std::string_view::npos) {
                std::string_view set = p.substr(pi + 1, close - pi - 1);
                const bool negate = !set.empty() && (set[0] == '!' || set[0] == '^');
                if (negate) set.remove_prefix(1);
                bool in = false;
                for (std::size_t k = 0; k < set.size(); ++k) {
                    if (k + 2 < set.size() && set[k + 1] == '-') {
                        in = in || (s[si] >= set[k] && s[si] <= set[k + 2]);
                        k += 2;
                    } else {
                        in = in || s[si] == set[k];
                    }
                }
                if (in != negate) {
                    pi = close + 1;
                    ++si;
                    continue;
                }
            }
        } else if (pi < p.size() && (p[pi] == '?' || p[pi] == s[si])) {
            ++pi;
            ++si;
            continue;
        }
        if (star == std::string_view::npos) return false;
        pi = star + 1;
        si = ++star_s;
    }
    while (pi < p.size() && p[pi] == '*') ++pi;
    return pi == p.size();
}

bool match_parts(const std::vector<std::string_view>& p, std::size_t pi, const std::vector<std::string_view>& s,
                 std::size_t si) {
    if (pi == p.size()) return si == s.size();
    if (p[pi] == "**") {
        for (std::size_t k = si; k <= s.size(); ++k) {
            if (match_parts(p, pi + 1, s, k)) return true;
        }
        return false;
    }
    return si < s.size() && match_component(p[pi], s[si]) && match_parts(p, pi + 1, s, si + 1);
}

}  // namespace

std::vector<std::string_view> path_components(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t slash = std::min(path.find('/', start), path.size());
        parts.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return parts;
}

bool glob_match(std::string_view pattern, std::string_view path) {
    const bool folder_only = pattern.size() > 1 && pattern.ends_with('/');
    if (folder_only) pattern.remove_suffix(1);
    if (pattern.find('/') == std::string_view::npos) {
        // Any component: the file's name, or (as in .gitignore) a folder it is in.
        const std::vector<std::string_view> parts = path_components(path);
        for (std::size_t i = 0; i + (folder_only ? 1 : 0) < parts.size(); ++i) {
            if (match_component(pattern, parts[i])) return true;
        }
        return false;
    }
    if (pattern.starts_with('/')) pattern.remove_prefix(1);
    const std::vector<std::string_view> p = path_components(pattern);
    const std::vector<std::string_view> s = path_components(path);
    if (match_parts(p, 0, s, 0)) return !folder_only;
    // A pattern that names a folder matches everything in it.
    for (std::size_t n = 1; n < s.size(); ++n) {
        if (match_parts(p, 0, std::vector<std::string_view>(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(n)),
                        0)) {
            return true;
        }
    }
    return false;
}

bool glob_match_whole(std::string_view pattern, std::string_view path) {
    if (pattern.starts_with('/')) pattern.remove_prefix(1);
    if (pattern.ends_with('/')) pattern.remove_suffix(1);
    if (pattern.find_first_of("*?[") == std::string_view::npos) {  // a file, or a folder and all in it
        return path == pattern ||
               (path.starts_with(pattern) && path.size() > pattern.size() && path[pattern.size()] == '/');
    }
    return match_parts(path_components(pattern), 0, path_components(path), 0);
}

std::string glob_literal_folder(std::string_view pattern) {
    if (pattern.starts_with('/')) pattern.remove_prefix(1);
    if (pattern.find('/') == std::string_view::npos) return "";  // matches in any folder
    std::string folder;
    std::size_t start = 0;
    for (std::size_t slash = pattern.find('/'); slash != std::string_view::npos; slash = pattern.find('/', start)) {
        const std::string_view part = pattern.substr(start, slash - start);
        if (part.find_first_of("*?[") != std::string_view::npos) break;
        if (!folder.empty()) folder += '/';
        folder += part;
        start = slash + 1;
    }
    return folder;
}

}  // namespace seed
