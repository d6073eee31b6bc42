// seed-claude's options, the stream of conversations, the filters, the records and the summary.
#include "claude.hpp"

#include <xxhash.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <filesystem>
#include <unordered_set>

#include "diagnostics.hpp"
#include "error.hpp"
#include "exports.hpp"
#include "json.hpp"
#include "json_array_reader.hpp"
#include "output.hpp"
#include "text.hpp"
#include "utf8.hpp"

namespace seed::claude {

const cli::Command& command() {
    static const cli::Command cmd{
        "seed-claude",
        "[OPTIONS] [EXPORT...]",
        "Convert Claude.ai and ChatGPT data exports to JSONL records, one per message kept.",
        tool::with_shared_options(
            {
                {0, "format", "FORMAT", "claude, chatgpt or auto (default: from each conversation)"},
                {0, "role", "ROLE", "user (default), assistant or all"},
                {0, "min", "N", "drop texts of fewer than N characters (default 100)"},
                {0, "max", "N", "drop texts of more than N characters (default 2000; 0: no limit)"},
                {0, "max-code-ratio", "R", "drop texts with more than R (0..1) in code fences (default 0.3)"},
                {0, "no-attachments", "", "leave out pasted text (Claude attachments)"},
                {0, "all-attachments", "", "add named files' extracted text too, not only pastes"},
                {0, "all-branches", "", "every message, not only the branch last shown"},
            },
            tool::Reads::other),
        "EXPORT is the export's zip (by content, whatever its name), the folder it unpacks to, or a\n"
        "conversations.json (also .gz or .zst); none or '-': standard input.\n",
    };
    return cmd;
}

Result<ConvertOptions> make_options(const cli::Args& args) {
    ConvertOptions options;
    options.io.inputs = args.operands;
    bool min_given = false;
    bool max_given = false;
    for (const cli::Arg& arg : args.options) {
        const std::string flag = "--" + std::string(arg.option->long_name) + ": ";
        Result<void> done;
        if (arg.is("format")) {
            if (arg.value == "claude") {
                options.format = Format::claude;
            } else if (arg.value == "chatgpt") {
                options.format = Format::chatgpt;
            } else if (arg.value == "auto") {
                options.format.reset();
            } else {
                return Fail{flag + "expected 'claude', 'chatgpt' or 'auto', not '" + arg.value + "'"};
            }
        } else if (arg.is("role")) {
            if (arg.value == "user") {
                options.roles = Roles::user;
            } else if (arg.value == "assistant") {
                options.roles = Roles::assistant;
            } else if (arg.value == "all") {
                options.roles = Roles::all;
            } else {
                return Fail{flag + "expected 'user', 'assistant' or 'all', not '" + arg.value + "'"};
            }
        } else if (arg.is("min")) {
            done = cli::read_count(arg, options.min_chars);
            min_given = true;
        } else if (arg.is("max")) {
            done = cli::read_count(arg, options.max_chars);
            max_given = true;
        } else if (arg.is("max-code-ratio")) {
            auto ratio = cli::parse_fraction(arg.value);
            if (!ratio) return Fail{flag + ratio.error()};
            options.max_code_ratio = ratio.value();
        } else if (arg.is("no-attachments")) {
            options.extract.attachments = false;
        } else if (arg.is("all-attachments")) {
            options.extract.all_attachments = true;
        } else if (arg.is("all-branches")) {
            options.extract.all_branches = true;
        } else if (auto shared = tool::apply_shared_option(arg, options.io); !shared) {
            return Fail{shared.error()};
        }
        if (!done) return Fail{done.error()};
    }
    if (options.roles != Roles::all) options.extract.only_role = options.roles == Roles::user ? "user" : "assistant";
    if (!options.extract.attachments && options.extract.all_attachments) {
        return Fail{"--no-attachments and --all-attachments contradict each other"};
    }
    if ((min_given || max_given) && options.max_chars != 0 && options.min_chars > options.max_chars) {
        return Fail{"--min " + std::to_string(options.min_chars) + " is greater than --max " +
                    std::to_string(options.max_chars)};
    }
    return options;
}

namespace {

struct KeyHash {
    // noexcept: libstdc++ then keeps no copy of the hash in each node (about 40 bytes a key).
    std::size_t operator()(const XXH128_hash_t& h) const noexcept { return static_cast<std::size_t>(h.low64); }
};
struct KeyEqual {
    bool operator()(const XXH128_hash_t& a, const XXH128_hash_t& b) const { return XXH128_isEqual(a, b) != 0; }
};

// A scanner's message placed at byte `at` of the file: "invalid JSON at column 7: expected ..."
// -> "invalid JSON at byte AT: expected ...", and the same for "invalid UTF-8 at column 7 (...)".
std::string placed(std::string_view message, std::uint64_t at) {
    const std::size_t column = message.find(" at column ");
    if (column == std::string_view::npos) return std::string(message);
    std::size_t digits = column + 11;
    while (digits < message.size() && message[digits] >= '0' && message[digits] <= '9') ++digits;
    return std::string(message.substr(0, column)) + " at byte " + std::to_string(at) +
           std::string(message.substr(digits));
}

class Run {
public:
    explicit Run(const ConvertOptions& options)
        : options_(options), diagnostics_("seed-claude", options.io.quiet), progress_(diagnostics_) {}

    int run() {
        io::Output output(options_.io.output);
        output_ = &output;
        const std::vector<std::string> inputs =
            options_.io.inputs.empty() ? std::vector<std::string>{"-"} : options_.io.inputs;
        // Inputs that are not there stop the run before anything is written.
        for (const std::string& input : inputs) {
            std::error_code ec;
            if (input != "-" && !std::filesystem::exists(input, ec)) {
                throw Error(Location{input}, errno_text(ENOENT));
            }
        }
        for (const std::string& input : inputs) {
            try {
                each_export_file(input, [&](ExportFile& file) { read_file(file); });
            } catch (const Error& error) {
                // The records of the conversations before the damage are out, whole.
                if (output.name() == "<stdout>") output.commit();
                throw Error(std::string(error.what()) + records_written());
            }
        }
        progress_.finish();
        output.commit();
        diagnostics_.summary(summary());
        return 0;
    }

private:
    // The conversations of one file: a top-level array, read one element at a time, or an object
    // holding "conversations" (read whole).
    void read_file(ExportFile& file) {
        if (file.mapped) {
            const std::string_view bytes = file.mapped->bytes();
            const std::size_t first = bytes.find_first_not_of(" \t\r\n", bytes.starts_with("\xEF\xBB\xBF") ? 3 : 0);
            if (first != std::string_view::npos && bytes[first] == '{') {
                read_whole(file.name, std::string(bytes));
                return;
            }
            io::JsonArrayReader conversations(bytes, file.name, "conversations");
            read_mapped_array(file.name, conversations, *file.mapped);
            return;
        }
        std::unique_ptr<io::ByteSource> source = std::move(file.source);
        // The first byte that is not white space (after a byte order mark) tells the shape.
        std::string head;
        char first = 0;
        bool eof = false;
        const auto read_more = [&] {
            char chunk[4096];
            const std::size_t n = source->read(chunk, sizeof chunk);
            head.append(chunk, n);
            eof = n == 0;
        };
        while (!eof && head.size() < 3) read_more();
        for (;;) {
            const std::size_t at = head.find_first_not_of(" \t\r\n", head.starts_with("\xEF\xBB\xBF") ? 3 : 0);
            if (at != std::string::npos) {
                first = head[at];
                break;
            }
            if (eof) break;
            read_more();
        }
        if (first == '{') {
            auto rest = io::replaying(std::move(head), std::move(source));
            std::string text;
            char chunk[1 << 16];
            for (std::size_t n; (n = rest->read(chunk, sizeof chunk)) > 0;) text.append(chunk, n);
            read_whole(file.name, std::move(text));
            return;
        }
        io::JsonArrayReader conversations(io::replaying(std::move(head), std::move(source)), file.name,
                                          "conversations");
        read_array(file.name, conversations);
    }

    void read_array(const std::string& name, io::JsonArrayReader& conversations) {
        std::string_view element;
        while (conversations.next(element)) {
            take_element(name, element, conversations.line(), conversations.offset());
        }
    }

    // A file in memory: each conversation parsed where it lies, in one pass (no split first);
    // the pages behind are given back as the reader passes them.
    void read_mapped_array(const std::string& name, io::JsonArrayReader& conversations, io::MappedFile& mapped) {
        std::string_view rest;
        while (conversations.peek(rest)) {
            mapped.release_before(static_cast<std::size_t>(conversations.offset()));
            std::size_t consumed = 0;
            if (json::scan_tree(rest, nodes_, consumed, json::LoneSurrogates::replace)) {
                // The split way tells a cut array from bad JSON, and places the error.
                std::string_view element;
                if (conversations.next(element)) {
                    take_element(name, element, conversations.line(), conversations.offset());
                }
                continue;
            }
            conversations.take(consumed);
            take_tree();
        }
    }

    // An export written as {"conversations": [...]}: held in memory whole.
    void read_whole(const std::string& name, const std::string& text) {
        std::size_t consumed = 0;
        if (auto error = json::scan_tree(text, nodes_, consumed, json::LoneSurrogates::replace)) {
            const std::string_view before = std::string_view(text).substr(0, std::min(error->offset, text.size()));
            throw Error(Location{name, 1 + static_cast<std::uint64_t>(std::count(before.begin(), before.end(), '\n'))},
                        placed(error->message, error->offset));
        }
        const Value list = Value(nodes_, 0)["conversations"];
        if (!list.is(json::Type::array)) {
            throw Error(Location{name, 1},
                        "expected a JSON array of conversations, or an object with one as its "
                        "\"conversations\" member (byte 0)");
        }
        std::vector<json::Node> all = std::move(nodes_);
        Value(all, list.index()).each([&](const Value& conversation) { take_conversation(conversation); });
    }

    void take_element(const std::string& name, std::string_view element, std::uint64_t line, std::uint64_t offset) {
        std::size_t consumed = 0;
        auto error = json::scan_tree(element, nodes_, consumed, json::LoneSurrogates::replace);
        if (!error && consumed != element.size()) {
            error = json::ScanError{consumed, "unexpected text after the value"};
        }
        if (error) {
            const std::string_view before = element.substr(0, std::min(error->offset, element.size()));
            const auto error_line = line + static_cast<std::uint64_t>(std::count(before.begin(), before.end(), '\n'));
            throw Error(Location{name, error_line}, placed(error->message, offset + error->offset));
        }
        take_tree();
    }

    // The conversation scan_tree put in nodes_.
    void take_tree() {
        take_conversation(Value(nodes_, 0));
        progress_.update_with(
            [&] { return with_commas(conversations_) + " conversations, " + with_commas(kept_) + " messages kept"; });
    }

    void take_conversation(const Value& value) {
        ++conversations_;
        // A forced format must still find its members: a conversation without them is counted.
        Format format = options_.format.value_or(Format::claude);
        const bool known = value.is(json::Type::object) &&
                           (options_.format ? has_format(value, *options_.format) : detect_format(value, format));
        if (!known) {
            ++unrecognized_;
            return;
        }
        ++(format == Format::claude ? claude_conversations_ : chatgpt_conversations_);
        const Conversation conversation = extract(value, format, options_.extract, unknown_);
        records_.clear();
        for (const Message& message : conversation.messages) {
            ++messages_;
            const Drop drop = judge(conversation, message);
            if (drop != Drop::none) {
                ++dropped_[static_cast<std::size_t>(drop)];
                continue;
            }
            append_record(conversation, message);
            ++kept_;
        }
        output_->write(records_);
    }

    Drop judge(const Conversation& conversation, const Message& message) {
        if (message.drop != Drop::none) return message.drop;
        if ((options_.roles == Roles::user && message.role != "user") ||
            (options_.roles == Roles::assistant && message.role != "assistant") ||
            (message.role != "user" && message.role != "assistant")) {
            return Drop::role;
        }
        if (message.text.empty()) return Drop::empty;
        const std::uint64_t chars = utf8::count_code_points(message.text);
        if (chars < options_.min_chars) return Drop::short_text;
        if (options_.max_chars != 0 && chars > options_.max_chars) return Drop::long_text;
        if (text::fenced_code_ratio(message.text) > options_.max_code_ratio) return Drop::code;
        if (!conversation.id.empty() && !message.id.empty()) {
            std::string key = conversation.id;
            key += '\0';
            key += message.id;
            if (!seen_.insert(XXH3_128bits(key.data(), key.size())).second) return Drop::duplicate;
        }
        return Drop::none;
    }

    void append_record(const Conversation& conversation, const Message& message) {
        std::string& out = records_;
        out += "{\"text\":";
        json::write_string(out, message.text);
        out +=
            conversation.format == Format::claude ? ",\"source\":\"claude_export\"" : ",\"source\":\"chatgpt_export\"";
        out += ",\"conversation_id\":";
        json::write_string(out, conversation.id);
        out += ",\"message_id\":";
        json::write_string(out, message.id);
        out += ",\"role\":";
        json::write_string(out, message.role);
        out += ",\"created_at\":";
        if (message.created_at.empty()) {
            out += "null";
        } else {
            json::write_string(out, message.created_at);
        }
        out += ",\"conversation_name\":";
        json::write_string(out, conversation.name);
        out += ",\"domain\":\"nl\"}\n";
    }

    // What became of the output, for an error's message: nothing to say when nothing was read.
    std::string records_written() const {
        if (output_->name() != "<stdout>") {
            return "; " + options_.io.output + " was not written (it appears only when the run succeeds)";
        }
        if (conversations_ == 0) return "";
        return "; " + with_commas(kept_) + (kept_ == 1 ? " record was" : " records were") + " written";
    }

    std::string summary() const {
        std::string line = "read " + with_commas(conversations_) + " conversations (claude " +
                           with_commas(claude_conversations_) + ", chatgpt " + with_commas(chatgpt_conversations_) +
                           ")";
        if (unrecognized_ > 0) line += ", skipped " + with_commas(unrecognized_) + " unrecognized conversations";
        std::uint64_t dropped = 0;
        std::string reasons;
        for (std::size_t d = 1; d < drop_kinds; ++d) {
            if (dropped_[d] == 0) continue;
            dropped += dropped_[d];
            reasons += (reasons.empty() ? "" : ", ") + std::string(drop_name(static_cast<Drop>(d))) + " " +
                       with_commas(dropped_[d]);
        }
        line += ", " + with_commas(messages_) + " messages; kept " + with_commas(kept_) + ", dropped " +
                with_commas(dropped);
        if (!reasons.empty()) line += " (" + reasons + ")";
        if (!unknown_.empty()) {
            line += "; unknown content:";
            bool first = true;
            for (const auto& [type, n] : unknown_) {
                line += (first ? " " : ", ") + type + " " + with_commas(n);
                first = false;
            }
        }
        return line;
    }

    const ConvertOptions& options_;
    Diagnostics diagnostics_;
    Progress progress_;
    io::Output* output_ = nullptr;
    std::vector<json::Node> nodes_;  // the conversation being read
    std::string records_;
    std::unordered_set<XXH128_hash_t, KeyHash, KeyEqual> seen_;  // conversation and message ids kept
    UnknownCounts unknown_;
    std::uint64_t conversations_ = 0;
    std::uint64_t claude_conversations_ = 0;
    std::uint64_t chatgpt_conversations_ = 0;
    std::uint64_t unrecognized_ = 0;
    std::uint64_t messages_ = 0;
    std::uint64_t kept_ = 0;
    std::array<std::uint64_t, drop_kinds> dropped_{};
};

}  // namespace

int run(const ConvertOptions& options) { return Run(options).run(); }

}  // namespace seed::claude
