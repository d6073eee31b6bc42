// The messages of one conversation of a Claude.ai or ChatGPT export, in the order a reader saw
// them, with their text made plain: Claude's content blocks (or its flattened text without the
// placeholder fences and legacy tags) and pasted attachments; ChatGPT's active branch, visible
// messages and text parts without citation markers.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tree.hpp"

namespace seed::claude {

enum class Format { claude, chatgpt };

// Why a message is not kept; the order is the summary's.
enum class Drop : std::uint8_t {
    none,
    off_branch,   // not on the branch the reader last saw
    hidden,       // ChatGPT: system, tool, custom instructions, tool calls, reasoning
    unsupported,  // ChatGPT: a content type this tool does not know
    role,         // not the --role asked for
    empty,        // no text left
    short_text,
    long_text,
    code,       // too much of it inside ``` fences
    duplicate,  // the same conversation and message id kept before
};
inline constexpr std::size_t drop_kinds = 10;
std::string_view drop_name(Drop drop);

struct Message {
    std::string text;
    std::string id;
    std::string role;        // "user", "assistant", or the export's own word for another
    std::string created_at;  // ISO 8601; empty: unknown (written as null)
    Drop drop = Drop::none;
};

struct Conversation {
    Format format = Format::claude;
    std::string id;
    std::string name;
    std::vector<Message> messages;
};

struct ExtractOptions {
    bool attachments = true;       // pasted text (attachments without a name)
    bool all_attachments = false;  // named files' extracted text too
    bool all_branches = false;
    std::optional<std::string> only_role;  // "user" or "assistant": the others' text is not read
};

// Content block or content types met that this tool does not know, by name: counted, not fatal.
using UnknownCounts = std::map<std::string, std::uint64_t>;

// The format a conversation's members say (chat_messages: Claude; mapping: ChatGPT), if any.
bool detect_format(const Value& conversation, Format& format);
// Whether it has the members of `format` (for --format).
bool has_format(const Value& conversation, Format format);

Conversation extract(const Value& conversation, Format format, const ExtractOptions& options, UnknownCounts& unknown);

// Text clean-up, exposed for the tests.
std::string strip_claude_markup(std::string_view text);  // placeholder fences, <antArtifact>, <antThinking>
std::string strip_citations(std::string_view text);      // U+E200..U+E201 spans, 【..†..】, stray U+E200-U+E206
std::string_view trim_space(std::string_view text);      // Unicode White_Space at both ends
std::string iso_from_epoch(std::string_view seconds);    // "1750537483.102" -> "2025-06-21T20:24:43.102000Z"

}  // namespace seed::claude
