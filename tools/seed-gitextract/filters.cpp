// File filters, license identification and dedent.
#include "filters.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "utf8.hpp"

namespace seed::gitextract {

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

std::vector<std::string_view> split(std::string_view path) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    while (start <= path.size()) {
        const std::size_t slash = std::min(path.find('/', start), path.size());
        parts.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return parts;
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

bool contains_folded(std::string_view haystack, std::string_view needle) {
    const auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(), [](char a, char b) {
        return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
    });
    return it != haystack.end();
}

constexpr std::array<std::string_view, 7> vendored_folders{
    "vendor", "vendors", "third_party", "third-party", "thirdparty", "node_modules", "bower_components"};

}  // namespace

bool glob_match(std::string_view pattern, std::string_view path) {
    if (pattern.find('/') == std::string_view::npos) {
        return match_component(pattern, path.substr(path.rfind('/') + 1));
    }
    if (pattern.starts_with('/')) pattern.remove_prefix(1);
    return match_parts(split(pattern), 0, split(path), 0);
}

std::string_view skip_name(Skip skip) {
    static constexpr std::array<std::string_view, skip_kinds> names{
        "",           "excluded", "vendored", "minified",  "submodule",  "symlink", "other-language",
        "not-source", "binary",   "lfs",      "generated", "long-lines", "not-utf8"};
    return names[static_cast<std::size_t>(skip)];
}

Skip skip_by_path(std::string_view path, const std::vector<std::string>& include,
                  const std::vector<std::string>& exclude, bool default_excludes) {
    if (!include.empty() &&
        std::none_of(include.begin(), include.end(), [&](const std::string& g) { return glob_match(g, path); })) {
        return Skip::excluded;
    }
    if (std::any_of(exclude.begin(), exclude.end(), [&](const std::string& g) { return glob_match(g, path); })) {
        return Skip::excluded;
    }
    if (!default_excludes) return Skip::none;
    for (const std::string_view part :
         split(path.substr(0, path.rfind('/') == std::string_view::npos ? 0 : path.rfind('/')))) {
        if (std::find(vendored_folders.begin(), vendored_folders.end(), part) != vendored_folders.end()) {
            return Skip::vendored;
        }
    }
    const std::string_view name = path.substr(path.rfind('/') + 1);
    if (name.find(".min.") != std::string_view::npos || name.find("-min.") != std::string_view::npos) {
        return Skip::minified;
    }
    return Skip::none;
}

Skip skip_by_content(std::string_view content, bool default_excludes) {
    if (content.substr(0, 8000).find('\0') != std::string_view::npos) return Skip::binary;
    if (content.starts_with("version https://git-lfs.github.com/spec/")) return Skip::lfs_pointer;
    if (!utf8::is_valid(content)) return Skip::not_utf8;
    if (!default_excludes) return Skip::none;
    const std::string_view head = content.substr(0, 1024);
    if (head.find("@generated") != std::string_view::npos || contains_folded(head, "generated by") ||
        contains_folded(head, "autogenerated") || contains_folded(head, "auto-generated") ||
        contains_folded(head, "do not edit")) {
        return Skip::generated;
    }
    std::size_t start = 0;
    while (start < content.size()) {
        const std::size_t newline = std::min(content.find('\n', start), content.size());
        if (newline - start > max_line_bytes) return Skip::long_lines;
        start = newline + 1;
    }
    return Skip::none;
}

std::string_view identify_license(std::string_view text) {
    const std::string_view head = text.substr(0, 4096);
    if (contains_folded(head, "Apache License") && contains_folded(head, "Version 2.0")) return "Apache-2.0";
    if (contains_folded(head, "Mozilla Public License Version 2.0")) return "MPL-2.0";
    if (contains_folded(head, "GNU AFFERO GENERAL PUBLIC LICENSE") && contains_folded(head, "Version 3"))
        return "AGPL-3.0";
    if (contains_folded(head, "GNU LESSER GENERAL PUBLIC LICENSE")) {
        if (contains_folded(head, "Version 3")) return "LGPL-3.0";
        if (contains_folded(head, "Version 2.1")) return "LGPL-2.1";
        return "";
    }
    if (contains_folded(head, "GNU GENERAL PUBLIC LICENSE")) {
        if (contains_folded(head, "Version 3")) return "GPL-3.0";
        if (contains_folded(head, "Version 2")) return "GPL-2.0";
        return "";
    }
    if (contains_folded(head, "This is free and unencumbered software released into the public domain")) {
        return "Unlicense";
    }
    if (contains_folded(head, "Permission is hereby granted, free of charge")) return "MIT";
    if (contains_folded(head, "Permission to use, copy, modify, and/or distribute this software for any purpose")) {
        return "ISC";
    }
    if (contains_folded(head, "Redistribution and use in source and binary forms")) {
        return contains_folded(head, "Neither the name") || contains_folded(head, "names of its contributors")
                   ? "BSD-3-Clause"
                   : "BSD-2-Clause";
    }
    return "";
}

bool is_license_file(std::string_view name) {
    for (const std::string_view stem : {"license", "licence", "copying"}) {
        if (name.size() >= stem.size() && contains_folded(name.substr(0, stem.size()), stem)) return true;
    }
    return false;
}

std::string dedent(std::string_view text) {
    std::size_t common = std::string_view::npos;
    std::string_view prefix;
    std::size_t start = 0;
    while (start < text.size()) {
        const std::size_t newline = std::min(text.find('\n', start), text.size());
        const std::string_view line = text.substr(start, newline - start);
        const std::size_t indent = line.find_first_not_of(" \t");
        if (indent != std::string_view::npos) {  // blank lines do not count
            if (common == std::string_view::npos) {
                prefix = line.substr(0, indent);
                common = indent;
            } else {
                std::size_t k = 0;
                while (k < common && k < indent && line[k] == prefix[k]) ++k;
                common = k;
            }
        }
        start = newline + 1;
    }
    if (common == std::string_view::npos || common == 0) return std::string(text);
    std::string out;
    out.reserve(text.size());
    start = 0;
    while (start <= text.size()) {
        const std::size_t newline = std::min(text.find('\n', start), text.size());
        std::string_view line = text.substr(start, newline - start);
        line.remove_prefix(
            std::min(common, line.find_first_not_of(" \t") == std::string_view::npos ? line.size() : common));
        out += line;
        if (newline < text.size()) out += '\n';
        start = newline + 1;
        if (newline == text.size()) break;
    }
    return out;
}

}  // namespace seed::gitextract
