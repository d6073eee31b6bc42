// JSON for records: a validating single-pass scanner for one JSONL line, string unescaping and
// canonical compact writing. The scanner is the hot path of every tool: it validates the whole
// line (syntax and UTF-8) and measures strings as it goes, but builds no tree; values stay
// spans of the input so that unchanged data is written back byte for byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace seed::json {

enum class Type : std::uint8_t { null, boolean, number, string, array, object };

// "null", "a boolean", "a number", "a string", "an array", "an object": for messages.
std::string_view describe(Type type);

// "field 'NAME' is a number, not a string": the message for a field that must be a string.
std::string not_a_string(std::string_view field, Type type);

// What the scanner measured of a string while validating it; all counts are of the decoded text.
struct StringInfo {
    std::uint64_t chars = 0;          // code points: what Python's len() returns
    std::uint64_t decoded_bytes = 0;  // UTF-8 bytes
    std::uint64_t newlines = 0;       // '\n' characters
    bool ends_with_newline = false;
    bool escaped = false;   // the raw form has at least one backslash escape
    bool canonical = true;  // the raw form is exactly what write_string() produces
};

// One member of the top-level object. Views point into the scanned line.
struct Member {
    std::string_view key;    // raw key between its quotes (still escaped when key_escaped)
    std::string_view value;  // raw value, e.g. "\"a\\nb\"" with its quotes, or "[1, 2]"
    Type type = Type::null;
    bool key_escaped = false;
    bool compact = true;  // no insignificant whitespace and only canonical strings inside
    StringInfo string;    // measurements when type == Type::string

    // The raw text between a string value's quotes.
    std::string_view string_body() const { return value.substr(1, value.size() - 2); }
};

struct ScanError {
    std::size_t offset = 0;  // byte offset into the line
    std::string message;     // complete, e.g. "invalid JSON at column 7: expected ':' after key"
};

// Maximum nesting of arrays and objects inside a record.
inline constexpr int max_depth = 512;

// Validates `line` as exactly one JSON object (surrounding whitespace allowed) and stores its
// top-level members, in order, in `members` (cleared first; reuse it to avoid allocations).
std::optional<ScanError> scan_object(std::string_view line, std::vector<Member>& members);

// Validates `text` as exactly one JSON array and stores its elements, in order, in `elements`
// (cleared first), each as a Member with an empty key.
std::optional<ScanError> scan_array(std::string_view text, std::vector<Member>& elements);

// Validates `text` as exactly one JSON value of any type; on success `out` describes it
// (its key is empty).
std::optional<ScanError> scan_value(std::string_view text, Member& out);

// One value of a JSON text scanned whole by scan_tree: the values in pre-order, each with its key
// (inside an object) and the index just past its last descendant, so that a value's children are
// nodes[i + 1], then nodes[nodes[i + 1].end], ... up to nodes[i].end.
struct Node {
    Member member;
    std::uint32_t end = 0;
};

// What a \u escape of a lone surrogate (not representable in UTF-8) is: an error, or U+FFFD, as
// exports written by JavaScript (JSON.stringify of a cut string) may hold them.
enum class LoneSurrogates : std::uint8_t { reject, replace };

// Validates one JSON value at the start of `text` (after white space) and records every value in
// it; `consumed` is the offset just past it (what follows is the caller's). Memory: one Node per
// value.
std::optional<ScanError> scan_tree(std::string_view text, std::vector<Node>& nodes, std::size_t& consumed,
                                   LoneSurrogates lone = LoneSurrogates::reject);

// Appends the decoded form of a string body that scan_* accepted.
void unescape(std::string_view body, std::string& out);

// The decoded text of a string member: its raw body when it has no escapes (no copy), else
// decoded into `scratch`.
std::string_view string_value(const Member& member, std::string& scratch);

// True when the member's key, decoded, equals `name`.
bool key_equals(const Member& member, std::string_view name);

// Appends `utf8` as a JSON string: quoted; '"', '\\' and control characters escaped
// (\b \f \n \r \t, else \u00xx); everything else, non-ASCII included, written as is.
void write_string(std::string& out, std::string_view utf8);

// Appends the canonical compact form of a value that scan_* accepted: whitespace between
// tokens removed, strings rewritten by write_string, numbers and literals kept as written.
void write_compact(std::string& out, std::string_view raw_value);

// Appends a member's value: its raw bytes when already compact, else write_compact().
inline void write_value(std::string& out, const Member& member) {
    if (member.compact)
        out.append(member.value);
    else
        write_compact(out, member.value);
}

}  // namespace seed::json
