// Messages out of Claude.ai and ChatGPT conversations (see shared/reference/export-formats.md).
#include "conversations.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <ctime>
#include <unordered_map>
#include <unordered_set>

#include "utf8.hpp"

namespace seed::claude {

namespace {

constexpr std::string_view root_sentinel = "00000000-0000-4000-8000-000000000000";

bool equals_ignoring_case(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

// How remove_spans treats a span.
struct SpanRule {
    std::string_view must_hold;                  // when given, a span without it stays (brackets, not a citation)
    bool with_space_before_punctuation = false;  // "food \uE200..\uE201." -> "food."
};

// Removes each whole span from `open` to the next `close` (inclusive); a span left open stays.
std::string remove_spans(std::string_view text, std::string_view open, std::string_view close, const SpanRule& rule,
                         bool& removed) {
    std::string out;
    std::size_t at = 0;
    for (;;) {
        const std::size_t start = text.find(open, at);
        if (start == std::string_view::npos) break;
        const std::size_t end = text.find(close, start + open.size());
        if (end == std::string_view::npos) break;
        const std::size_t after = end + close.size();
        out.append(text.substr(at, start - at));
        if (!rule.must_hold.empty() && text.substr(start, end - start).find(rule.must_hold) == std::string_view::npos) {
            out.append(text.substr(start, after - start));
        } else {
            removed = true;
            const char next = after < text.size() ? text[after] : '\n';
            if (next == ' ' && !out.empty() && out.back() == ' ') out.pop_back();  // "a <x>..</x> b" -> "a b"
            if (rule.with_space_before_punctuation &&
                std::string_view(".,;:!?)\n").find(next) != std::string_view::npos) {
                while (!out.empty() && (out.back() == ' ' || out.back() == '\t')) out.pop_back();
            }
        }
        at = after;
    }
    out.append(text.substr(at));
    return out;
}

// Runs of three or more newlines become two: what a removed block leaves behind.
std::string squeeze_blank_lines(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::size_t newlines = 0;
    for (const char c : text) {
        newlines = c == '\n' ? newlines + 1 : 0;
        if (newlines <= 2) out += c;
    }
    return out;
}

// The Claude content block types that carry no prose of the user's or the assistant's.
constexpr std::array<std::string_view, 7> claude_skipped_blocks{
    "thinking", "redacted_thinking", "tool_use", "tool_result", "token_budget", "image", "document"};

// ChatGPT content types that are not conversation text (tool calls and results, browsing,
// custom instructions, memory, reasoning).
constexpr std::array<std::string_view, 9> chatgpt_hidden_types{"code",
                                                               "execution_output",
                                                               "tether_quote",
                                                               "tether_browsing_display",
                                                               "user_editable_context",
                                                               "model_editable_context",
                                                               "thoughts",
                                                               "reasoning_recap",
                                                               "system_error"};

template <std::size_t N>
bool is_one_of(std::string_view word, const std::array<std::string_view, N>& words) {
    return std::find(words.begin(), words.end(), word) != words.end();
}

std::string normalize_role(std::string_view word) {
    if (equals_ignoring_case(word, "human") || equals_ignoring_case(word, "user")) return "user";
    if (equals_ignoring_case(word, "assistant")) return "assistant";
    return std::string(word);
}

// ---- Claude ---------------------------------------------------------------------------------

// A block's type, compared without decoding it (types are plain ASCII words).
std::string_view block_type(const Value& block, std::string& scratch) { return block["type"].text(scratch); }

// Counts the content block types this tool does not know: for every message, kept or not.
void count_unknown_blocks(const Value& message, UnknownCounts& unknown) {
    std::string scratch;
    message["content"].each([&](const Value& block) {
        const std::string_view type = block_type(block, scratch);
        if (type != "text" && type != "voice_note" && !is_one_of(type, claude_skipped_blocks)) {
            ++unknown[type.empty() ? std::string("(no type)") : std::string(type)];
        }
    });
}

std::string claude_text(const Value& message, const ExtractOptions& options) {
    std::string text;
    std::string scratch;
    std::string type_scratch;
    bool any_text_block = false;
    bool gap = false;  // a non-text block since the last text block
    message["content"].each([&](const Value& block) {
        const std::string_view type = block_type(block, type_scratch);
        if (type == "text" || type == "voice_note") {
            if (any_text_block && gap) text += "\n\n";
            text += block["text"].text(scratch);
            any_text_block = true;
            gap = false;
            return;
        }
        gap = true;
    });
    if (!any_text_block) text = strip_claude_markup(message["text"].text(scratch));
    if (options.attachments) {
        std::string name_scratch;
        message["attachments"].each([&](const Value& attachment) {
            if (!attachment["file_name"].text(name_scratch).empty() && !options.all_attachments) return;
            const std::string_view pasted = trim_space(attachment["extracted_content"].text(scratch));
            if (pasted.empty()) return;
            if (!trim_space(text).empty()) text += "\n\n";
            text += pasted;
        });
    }
    return std::string(trim_space(text));
}

Conversation claude_conversation(const Value& conversation, const ExtractOptions& options, UnknownCounts& unknown) {
    Conversation out;
    out.format = Format::claude;
    out.id = conversation["uuid"].str();
    out.name = conversation["name"].str();
    struct Entry {
        Value value;
        std::string id;
        std::string parent;
        std::string created_at;
        bool has_children = false;
    };
    std::vector<Entry> entries;
    bool linked = false;
    conversation["chat_messages"].each([&](const Value& m) {
        if (!m.is(json::Type::object)) return;
        Entry e{m, m["uuid"].str(), m["parent_message_uuid"].str(), m["created_at"].str()};
        if (m["parent_message_uuid"].valid()) linked = true;
        entries.push_back(std::move(e));
    });
    // The reader's branch: from the current (or newest) leaf up through the parents.
    std::vector<std::size_t> order;  // indices into entries, in output order
    std::vector<bool> on_branch(entries.size(), true);
    if (linked && !options.all_branches) {
        std::unordered_map<std::string_view, std::size_t> by_id;
        for (std::size_t i = 0; i < entries.size(); ++i) by_id[entries[i].id] = i;
        for (const Entry& e : entries) {
            if (auto it = by_id.find(e.parent); it != by_id.end()) entries[it->second].has_children = true;
        }
        std::size_t leaf = entries.size();
        if (auto it = by_id.find(conversation["current_leaf_message_uuid"].str()); it != by_id.end()) {
            leaf = it->second;
        } else {
            for (std::size_t i = 0; i < entries.size(); ++i) {
                if (!entries[i].has_children &&
                    (leaf == entries.size() || entries[i].created_at >= entries[leaf].created_at)) {
                    leaf = i;
                }
            }
        }
        std::fill(on_branch.begin(), on_branch.end(), false);
        for (std::size_t at = leaf, steps = 0; at < entries.size() && !on_branch[at] && steps <= entries.size();
             ++steps) {
            on_branch[at] = true;
            order.push_back(at);
            if (entries[at].parent == root_sentinel) break;
            const auto it = by_id.find(entries[at].parent);
            at = it == by_id.end() ? entries.size() : it->second;
        }
        std::reverse(order.begin(), order.end());
        for (std::size_t i = 0; i < entries.size(); ++i) {
            if (!on_branch[i]) order.push_back(i);  // counted, after the branch
        }
    } else {
        for (std::size_t i = 0; i < entries.size(); ++i) order.push_back(i);
    }
    for (const std::size_t i : order) {
        const Value& m = entries[i].value;
        Message message;
        message.id = entries[i].id;
        message.role = normalize_role(m["sender"].str());
        message.created_at = entries[i].created_at;
        if (!on_branch[i]) {
            message.drop = Drop::off_branch;
        } else {
            count_unknown_blocks(m, unknown);
            // Text only for the roles asked for: the others are dropped as role, unread.
            if (!options.only_role || message.role == *options.only_role) message.text = claude_text(m, options);
        }
        out.messages.push_back(std::move(message));
    }
    return out;
}

// ---- ChatGPT --------------------------------------------------------------------------------

std::string chatgpt_text(const Value& content, std::string_view type) {
    std::string text;
    std::string scratch;
    bool first = true;
    content["parts"].each([&](const Value& part) {
        if (!part.is(json::Type::string)) return;  // image pointers, audio, ...
        const std::string_view piece = part.text(scratch);
        if (type == "multimodal_text" && !first && !piece.empty()) text += "\n\n";
        text += piece;
        if (!piece.empty()) first = false;
    });
    return std::string(trim_space(strip_citations(text)));
}

// Why a ChatGPT message is not shown to the reader, or Drop::none.
Drop chatgpt_visibility(const Value& message, const std::string& role, std::string_view content_type,
                        UnknownCounts& unknown) {
    const Value metadata = message["metadata"];
    if (metadata["is_visually_hidden_from_conversation"].is_true()) return Drop::hidden;
    if (role == "system" && !metadata["is_user_system_message"].is_true()) return Drop::hidden;
    if (role == "tool") return Drop::hidden;
    const Value recipient = message["recipient"];
    if (recipient.is(json::Type::string) && recipient.str() != "all") return Drop::hidden;
    if (is_one_of(content_type, chatgpt_hidden_types)) return Drop::hidden;
    if (content_type != "text" && content_type != "multimodal_text") {
        ++unknown[content_type.empty() ? std::string("(no content_type)") : std::string(content_type)];
        return Drop::unsupported;
    }
    return Drop::none;
}

Conversation chatgpt_conversation(const Value& conversation, const ExtractOptions& options, UnknownCounts& unknown) {
    Conversation out;
    out.format = Format::chatgpt;
    out.id = conversation["id"].str();
    if (out.id.empty()) out.id = conversation["conversation_id"].str();
    out.name = conversation["title"].str();
    struct Node {
        std::string id;
        std::string parent;
        Value message;
        bool has_children = false;
    };
    std::vector<Node> nodes;
    conversation["mapping"].each([&](const Value& node) {
        if (!node.is(json::Type::object)) return;
        std::string id = node["id"].str();
        if (id.empty()) id = node.key();
        nodes.push_back(Node{std::move(id), node["parent"].str(), node["message"], false});
    });
    std::unordered_map<std::string_view, std::size_t> by_id;
    for (std::size_t i = 0; i < nodes.size(); ++i) by_id[nodes[i].id] = i;
    for (const Node& n : nodes) {
        if (auto it = by_id.find(n.parent); it != by_id.end()) nodes[it->second].has_children = true;
    }
    const auto create_time = [](const Value& message) {
        const Value t = message["create_time"];
        return t.is(json::Type::number) ? std::strtod(std::string(t.member().value).c_str(), nullptr) : -1.0;
    };
    std::size_t leaf = nodes.size();
    if (auto it = by_id.find(conversation["current_node"].str()); it != by_id.end()) {
        leaf = it->second;
    } else {
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            if (!nodes[i].has_children &&
                (leaf == nodes.size() || create_time(nodes[i].message) >= create_time(nodes[leaf].message))) {
                leaf = i;
            }
        }
    }
    std::vector<bool> on_branch(nodes.size(), options.all_branches);
    std::vector<std::size_t> order;
    if (options.all_branches) {
        for (std::size_t i = 0; i < nodes.size(); ++i) order.push_back(i);
    } else {
        std::vector<bool> seen(nodes.size(), false);
        for (std::size_t at = leaf; at < nodes.size() && !seen[at];) {
            seen[at] = true;
            on_branch[at] = true;
            order.push_back(at);
            const auto it = by_id.find(nodes[at].parent);
            at = it == by_id.end() ? nodes.size() : it->second;
        }
        std::reverse(order.begin(), order.end());
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            if (!on_branch[i]) order.push_back(i);
        }
    }
    std::string scratch;
    for (const std::size_t i : order) {
        const Value message = nodes[i].message;
        if (!message.is(json::Type::object)) continue;  // the root and other empty nodes
        Message m;
        m.id = message["id"].str();
        if (m.id.empty()) m.id = nodes[i].id;
        m.role = normalize_role(message["author"]["role"].str());
        const Value t = message["create_time"];
        if (t.is(json::Type::number)) m.created_at = iso_from_epoch(t.member().value);
        const Value content = message["content"];
        const std::string type = content["content_type"].str();
        if (!on_branch[i]) {
            m.drop = Drop::off_branch;
        } else {
            m.drop = chatgpt_visibility(message, m.role, type, unknown);
            if (m.drop == Drop::none && (!options.only_role || m.role == *options.only_role)) {
                m.text = chatgpt_text(content, type);
            }
        }
        out.messages.push_back(std::move(m));
    }
    return out;
}

}  // namespace

std::string_view drop_name(Drop drop) {
    static constexpr std::array<std::string_view, drop_kinds> names{
        "none", "off_branch", "hidden", "unsupported", "role", "empty", "short", "long", "code", "duplicate"};
    return names[static_cast<std::size_t>(drop)];
}

bool has_format(const Value& conversation, Format format) {
    return format == Format::claude ? conversation["chat_messages"].is(json::Type::array)
                                    : conversation["mapping"].is(json::Type::object);
}

bool detect_format(const Value& conversation, Format& format) {
    if (has_format(conversation, Format::claude)) {
        format = Format::claude;
        return true;
    }
    if (has_format(conversation, Format::chatgpt)) {
        format = Format::chatgpt;
        return true;
    }
    return false;
}

Conversation extract(const Value& conversation, Format format, const ExtractOptions& options, UnknownCounts& unknown) {
    return format == Format::claude ? claude_conversation(conversation, options, unknown)
                                    : chatgpt_conversation(conversation, options, unknown);
}

std::string strip_claude_markup(std::string_view text) {
    bool removed = false;
    std::string out(text);
    // The placeholders claude.ai writes into `text` for blocks it flattens (an apostrophe or U+2019).
    for (const std::string_view placeholder : {
             std::string_view("```\nThis block is not supported on your current device yet.\n```"),
             std::string_view("```\nViewing artifacts created via the Analysis Tool web feature preview isn't yet "
                              "supported on mobile.\n```"),
             std::string_view("```\nViewing artifacts created via the Analysis Tool web feature preview isn\u2019t yet "
                              "supported on mobile.\n```"),
         }) {
        for (std::size_t at = out.find(placeholder); at != std::string::npos; at = out.find(placeholder, at)) {
            out.erase(at, placeholder.size());
            removed = true;
        }
    }
    // 2024's inline markup: artifacts and reasoning, each removed with what it holds.
    out = remove_spans(out, "<antArtifact", "</antArtifact>", {}, removed);
    out = remove_spans(out, "<antThinking>", "</antThinking>", {}, removed);
    return removed ? squeeze_blank_lines(out) : out;
}

std::string strip_citations(std::string_view text) {
    bool removed = false;
    const std::string marked = remove_spans(text, "\uE200", "\uE201", {"", true}, removed);
    const std::string kept = remove_spans(marked, "\u3010", "\u3011", {"\u2020", true}, removed);  // 【3†source】
    // Stray markers U+E200..U+E206 (EE 88 80 .. EE 88 86).
    std::string clean;
    clean.reserve(kept.size());
    for (std::size_t i = 0; i < kept.size(); ++i) {
        if (i + 2 < kept.size() && static_cast<unsigned char>(kept[i]) == 0xEE &&
            static_cast<unsigned char>(kept[i + 1]) == 0x88 && static_cast<unsigned char>(kept[i + 2]) >= 0x80 &&
            static_cast<unsigned char>(kept[i + 2]) <= 0x86) {
            i += 2;
            continue;
        }
        clean += kept[i];
    }
    return clean;
}

std::string_view trim_space(std::string_view text) {
    std::size_t begin = 0;
    while (begin < text.size()) {
        std::size_t next = begin;
        if (!utf8::is_white_space(utf8::decode(text, next))) break;
        begin = next;
    }
    std::size_t end = text.size();
    while (end > begin) {
        std::size_t start = end - 1;
        while (start > begin && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
        std::size_t next = start;
        if (!utf8::is_white_space(utf8::decode(text, next))) break;
        end = start;
    }
    return text.substr(begin, end - begin);
}

std::string iso_from_epoch(std::string_view seconds) {
    const double value = std::strtod(std::string(seconds).c_str(), nullptr);
    if (!std::isfinite(value) || value < 0 || value > 253402300799.0) return "";  // beyond year 9999
    auto whole = static_cast<std::time_t>(std::floor(value));
    auto micros = static_cast<long>(std::llround((value - std::floor(value)) * 1e6));
    if (micros >= 1000000) {
        ++whole;
        micros -= 1000000;
    }
    std::tm tm{};
    gmtime_r(&whole, &tm);
    char text[96];
    std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%06ldZ", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, micros);
    return text;
}

}  // namespace seed::claude
