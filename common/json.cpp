// The record scanner, unescaping and canonical writing.
#include "json.hpp"

#include <cstring>

#include "utf8.hpp"

#if defined(__x86_64__)
#include <emmintrin.h>
#endif

namespace seed::json {

std::string_view describe(Type type) {
    switch (type) {
        case Type::null: return "null";
        case Type::boolean: return "a boolean";
        case Type::number: return "a number";
        case Type::string: return "a string";
        case Type::array: return "an array";
        case Type::object: return "an object";
    }
    return "a value";
}

std::string not_a_string(std::string_view field, Type type) {
    return "field '" + std::string(field) + "' is " + std::string(describe(type)) + ", not a string";
}

namespace {

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Parses 4 hex digits at p (caller checked that 4 bytes are available); -1 when not hex.
long parse_hex4(const char* p) {
    long v = 0;
    for (int i = 0; i < 4; ++i) {
        const int d = hex_value(p[i]);
        if (d < 0) return -1;
        v = v * 16 + d;
    }
    return v;
}

// The escape write_string() uses for a control character, as the letter after '\\', or 0
// for the \u00xx form.
char short_escape(unsigned char c) {
    switch (c) {
        case '\b': return 'b';
        case '\f': return 'f';
        case '\n': return 'n';
        case '\r': return 'r';
        case '\t': return 't';
        default: return 0;
    }
}

// A byte for a message: 'x' when printable ASCII, else byte 0xHH.
std::string show_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u < 0x7F) return std::string("'") + c + "'";
    static constexpr char digits[] = "0123456789abcdef";
    return std::string("byte 0x") + digits[u >> 4] + digits[u & 15];
}

// Bytes that a string may hold as they are: not '"', '\\', a control character or non-ASCII.
inline bool is_plain(unsigned char c) { return c != '"' && c != '\\' && c >= 0x20 && c < 0x80; }

std::size_t plain_run_scalar(const char* p, const char* end) {
    const char* start = p;
    while (p < end && is_plain(static_cast<unsigned char>(*p))) ++p;
    return static_cast<std::size_t>(p - start);
}

#if defined(__x86_64__)
// 16 bytes at a time; the signed compare with 0x20 catches controls and bytes >= 0x80 at once.
inline std::size_t plain_run_sse2(const char* p, const char* end) {
    const char* start = p;
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i space = _mm_set1_epi8(0x20);
    while (end - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        const __m128i special = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                             _mm_cmplt_epi8(v, space));
        const auto mask = static_cast<unsigned>(_mm_movemask_epi8(special));
        if (mask != 0) return static_cast<std::size_t>(p - start) + static_cast<unsigned>(__builtin_ctz(mask));
        p += 16;
    }
    return static_cast<std::size_t>(p - start) + plain_run_scalar(p, end);
}

inline std::size_t plain_run(const char* p, const char* end) { return plain_run_sse2(p, end); }
#else
std::size_t plain_run(const char* p, const char* end) { return plain_run_scalar(p, end); }
#endif

class Scanner {
public:
    explicit Scanner(std::string_view text) : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()) {}
    Scanner(std::string_view text, std::vector<Node>* tape, LoneSurrogates lone)
        : begin_(text.data()), p_(text.data()), end_(text.data() + text.size()), tape_(tape), lone_(lone) {}

    // One value from the start (after white space), every node of it on the tape; stops after it.
    bool tree(std::size_t& consumed) {
        skip_ws();
        const std::size_t root = tape_->size();
        tape_->emplace_back();
        const char* value_start = p_;
        StringInfo info;
        Type type{};
        if (!value(type, &info, 0)) return false;
        close_node(root, value_start, type, info);
        consumed = static_cast<std::size_t>(p_ - begin_);
        return true;
    }

    std::optional<ScanError> take_error() { return std::move(error_); }

    bool top_object(std::vector<Member>& members) {
        skip_ws();
        if (p_ == end_) return fail(p_, "empty record");
        if (*p_ != '{') {
            Type type{};
            if (!value(type, nullptr, 0)) return false;
            error_ = ScanError{0, "expected a JSON object, found " + std::string(describe(type))};
            return false;
        }
        return object(1, &members) && finish();
    }

    bool top_array(std::vector<Member>& elements) {
        skip_ws();
        if (p_ == end_ || *p_ != '[') {
            Type type{};
            if (p_ != end_ && !value(type, nullptr, 0)) return false;
            error_ = ScanError{0, "expected a JSON array"};
            return false;
        }
        return array(1, &elements) && finish();
    }

    bool any_value(Member& out) {
        skip_ws();
        dirty_ = false;
        const char* value_start = p_;
        if (!value(out.type, &out.string, 0)) return false;
        out.value = std::string_view(value_start, static_cast<std::size_t>(p_ - value_start));
        out.compact = !dirty_;
        return finish();
    }

private:
    bool finish() {
        skip_ws();
        if (p_ != end_) return fail(p_, "unexpected " + show_byte(*p_) + " after the value");
        return true;
    }

    // Fills in a tape node once its value is scanned (the node was pushed before its children).
    void close_node(std::size_t index, const char* value_start, Type type, const StringInfo& info) {
        Node& node = (*tape_)[index];
        node.member.value = std::string_view(value_start, static_cast<std::size_t>(p_ - value_start));
        node.member.type = type;
        node.member.string = info;
        node.end = static_cast<std::uint32_t>(tape_->size());
    }

    bool fail(const char* at, const std::string& what) {
        const auto offset = static_cast<std::size_t>(at - begin_);
        error_ = ScanError{offset, "invalid JSON at column " + std::to_string(offset + 1) + ": " + what};
        return false;
    }

    bool fail_utf8(const char* at) {
        const auto offset = static_cast<std::size_t>(at - begin_);
        error_ =
            ScanError{offset, "invalid UTF-8 at column " + std::to_string(offset + 1) + " (" + show_byte(*at) + ")"};
        return false;
    }

    // Skips whitespace; inside a member's value, any skipped byte makes the value non-compact.
    void skip_ws() {
        const char* start = p_;
        while (p_ < end_ && is_ws(*p_)) ++p_;
        if (p_ != start) dirty_ = true;
    }

    bool value(Type& type, StringInfo* info, int depth) {
        if (p_ == end_) return fail(p_, "unexpected end of line, expected a value");
        switch (*p_) {
            case '{': type = Type::object; return object(depth + 1);
            case '[': type = Type::array; return array(depth + 1);
            case '"': {
                type = Type::string;
                StringInfo scratch;
                StringInfo& s = info ? *info : scratch;
                if (!string(s)) return false;
                if (!s.canonical) dirty_ = true;
                return true;
            }
            case 't': type = Type::boolean; return literal("true");
            case 'f': type = Type::boolean; return literal("false");
            case 'n': type = Type::null; return literal("null");
            default:
                if (*p_ == '-' || is_digit(*p_)) {
                    type = Type::number;
                    return number();
                }
                return fail(p_, "unexpected " + show_byte(*p_) + ", expected a value");
        }
    }

    // An object at nesting `depth`; when `members` is given (the record itself), each member
    // is stored with its value's span and compactness.
    bool object(int depth, std::vector<Member>* members = nullptr) {
        if (depth > max_depth) return fail(p_, "nested deeper than " + std::to_string(max_depth) + " levels");
        ++p_;
        skip_ws();
        if (p_ < end_ && *p_ == '}') {
            ++p_;
            return true;
        }
        for (;;) {
            if (p_ == end_ || *p_ != '"') return fail(p_, "expected a string key");
            const char* key_start = p_;
            StringInfo key_info;
            if (!string(key_info)) return false;
            const std::string_view key(key_start + 1, static_cast<std::size_t>(p_ - key_start) - 2);
            if (!key_info.canonical) dirty_ = true;
            skip_ws();
            if (p_ == end_ || *p_ != ':') return fail(p_, "expected ':' after key");
            ++p_;
            skip_ws();
            if (tape_) {
                const std::size_t index = tape_->size();
                tape_->emplace_back();
                (*tape_)[index].member.key = key;
                (*tape_)[index].member.key_escaped = key_info.escaped;
                const char* value_start = p_;
                StringInfo info;
                Type type{};
                if (!value(type, &info, depth)) return false;
                close_node(index, value_start, type, info);
            } else if (members) {
                Member& m = members->emplace_back();
                m.key = key;
                dirty_ = false;
                const char* value_start = p_;
                if (!value(m.type, &m.string, depth)) return false;
                m.value = std::string_view(value_start, static_cast<std::size_t>(p_ - value_start));
                m.key_escaped = key_info.escaped;
                m.compact = !dirty_;
            } else {
                Type type{};
                if (!value(type, nullptr, depth)) return false;
            }
            skip_ws();
            if (p_ < end_ && *p_ == ',') {
                ++p_;
                skip_ws();
                continue;
            }
            if (p_ < end_ && *p_ == '}') {
                ++p_;
                return true;
            }
            return fail(p_, "expected ',' or '}' after value");
        }
    }

    // An array at nesting `depth`; when `elements` is given (a top-level array), each element is
    // stored with its span and compactness, as an object's members are.
    bool array(int depth, std::vector<Member>* elements = nullptr) {
        if (depth > max_depth) return fail(p_, "nested deeper than " + std::to_string(max_depth) + " levels");
        ++p_;
        skip_ws();
        if (p_ < end_ && *p_ == ']') {
            ++p_;
            return true;
        }
        for (;;) {
            if (tape_) {
                const std::size_t index = tape_->size();
                tape_->emplace_back();
                const char* value_start = p_;
                StringInfo info;
                Type type{};
                if (!value(type, &info, depth)) return false;
                close_node(index, value_start, type, info);
            } else if (elements) {
                Member& m = elements->emplace_back();
                dirty_ = false;
                const char* value_start = p_;
                if (!value(m.type, &m.string, depth)) return false;
                m.value = std::string_view(value_start, static_cast<std::size_t>(p_ - value_start));
                m.compact = !dirty_;
            } else {
                Type type{};
                if (!value(type, nullptr, depth)) return false;
            }
            skip_ws();
            if (p_ < end_ && *p_ == ',') {
                ++p_;
                skip_ws();
                continue;
            }
            if (p_ < end_ && *p_ == ']') {
                ++p_;
                return true;
            }
            return fail(p_, "expected ',' or ']' after value");
        }
    }

    bool literal(std::string_view word) {
        if (static_cast<std::size_t>(end_ - p_) < word.size() || std::memcmp(p_, word.data(), word.size()) != 0)
            return fail(p_, "invalid literal (expected " + std::string(word) + ")");
        p_ += word.size();
        return true;
    }

    bool number() {
        const char* start = p_;
        if (*p_ == '-') ++p_;
        if (p_ == end_ || !is_digit(*p_)) return fail(start, "invalid number");
        if (*p_ == '0') {
            ++p_;
        } else {
            while (p_ < end_ && is_digit(*p_)) ++p_;
        }
        if (p_ < end_ && *p_ == '.') {
            ++p_;
            if (p_ == end_ || !is_digit(*p_)) return fail(start, "invalid number (digit expected after '.')");
            while (p_ < end_ && is_digit(*p_)) ++p_;
        }
        if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
            ++p_;
            if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
            if (p_ == end_ || !is_digit(*p_)) return fail(start, "invalid number (digit expected in exponent)");
            while (p_ < end_ && is_digit(*p_)) ++p_;
        }
        return true;
    }

    // p_ is at the opening quote; on success p_ is just past the closing quote.
    bool string(StringInfo& s) {
        const char* const open = p_;
        const char* p = p_ + 1;
        std::uint64_t chars = 0;
        std::uint64_t overhead = 0;  // raw bytes minus decoded bytes, from escapes
        for (;;) {
            const std::size_t plain = plain_run(p, end_);
            if (plain != 0) {
                p += plain;
                chars += plain;
                s.ends_with_newline = false;
            }
            if (p == end_) return fail(open, "unterminated string");
            const auto c = static_cast<unsigned char>(*p);
            if (c == '"') break;
            if (c == '\\') {
                if (!escape(p, s, overhead)) return false;
                ++chars;
                continue;
            }
            if (c < 0x20) {
                return fail(p, "control character " + show_byte(*p) + " in string (must be escaped)");
            }
            const std::size_t len =
                utf8::sequence_length(reinterpret_cast<const unsigned char*>(p), static_cast<std::size_t>(end_ - p));
            if (len == 0) return fail_utf8(p);
            p += len;
            ++chars;
            s.ends_with_newline = false;
        }
        s.chars = chars;
        s.decoded_bytes = static_cast<std::uint64_t>(p - open - 1) - overhead;
        p_ = p + 1;
        return true;
    }

    // p is at a backslash; advances p past the escape (a surrogate pair counts as one).
    bool escape(const char*& p, StringInfo& s, std::uint64_t& overhead) {
        const char* const at = p;
        s.escaped = true;
        if (end_ - p < 2) return fail(at, "unterminated string");
        const char e = p[1];
        switch (e) {
            case '"':
            case '\\':
            case 'b':
            case 'f':
            case 'r':
            case 't':
                s.ends_with_newline = false;
                p += 2;
                overhead += 1;
                return true;
            case 'n':
                ++s.newlines;
                s.ends_with_newline = true;
                p += 2;
                overhead += 1;
                return true;
            case '/':
                s.canonical = false;  // write_string() leaves '/' unescaped
                s.ends_with_newline = false;
                p += 2;
                overhead += 1;
                return true;
            case 'u': break;
            default: return fail(at, "invalid escape '\\" + std::string(1, e) + "'");
        }
        if (end_ - p < 6) return fail(at, "truncated \\u escape");
        long cp = parse_hex4(p + 2);
        if (cp < 0) return fail(at, "invalid \\u escape (4 hex digits expected)");
        std::size_t raw_len = 6;
        if (cp >= 0xDC00 && cp <= 0xDFFF) {
            if (lone_ == LoneSurrogates::reject) {
                return fail(at, "lone surrogate in \\u escape (not representable in UTF-8)");
            }
            cp = 0xFFFD;  // unescape() writes the replacement character
        }
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            long low = -1;
            if (end_ - p >= 12 && p[6] == '\\' && p[7] == 'u') low = parse_hex4(p + 8);
            if ((low < 0xDC00 || low > 0xDFFF) && lone_ == LoneSurrogates::reject) {
                return fail(at, "lone surrogate in \\u escape (not representable in UTF-8)");
            }
            if (low < 0xDC00 || low > 0xDFFF) {
                cp = 0xFFFD;
            } else {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                raw_len = 12;
            }
        }
        const auto ucp = static_cast<std::uint32_t>(cp);
        // Canonical only for the controls write_string() spells as \u00xx, in lowercase.
        const bool lower_hex = !(p[4] >= 'A' && p[4] <= 'F') && !(p[5] >= 'A' && p[5] <= 'F');
        if (!(ucp < 0x20 && short_escape(static_cast<unsigned char>(ucp)) == 0 && lower_hex)) {
            s.canonical = false;
        }
        if (ucp == '\n') ++s.newlines;
        s.ends_with_newline = ucp == '\n';
        overhead += raw_len - utf8::encoded_length(ucp);
        p += raw_len;
        return true;
    }

    const char* begin_;
    const char* p_;
    const char* end_;
    std::optional<ScanError> error_;
    bool dirty_ = false;
    std::vector<Node>* tape_ = nullptr;
    LoneSurrogates lone_ = LoneSurrogates::reject;
};

}  // namespace

std::optional<ScanError> scan_object(std::string_view line, std::vector<Member>& members) {
    members.clear();
    Scanner scanner(line);
    if (scanner.top_object(members)) return std::nullopt;
    return scanner.take_error();
}

std::optional<ScanError> scan_array(std::string_view text, std::vector<Member>& elements) {
    elements.clear();
    Scanner scanner(text);
    if (scanner.top_array(elements)) return std::nullopt;
    return scanner.take_error();
}

std::optional<ScanError> scan_value(std::string_view text, Member& out) {
    out = Member{};
    Scanner scanner(text);
    if (scanner.any_value(out)) return std::nullopt;
    return scanner.take_error();
}

std::optional<ScanError> scan_tree(std::string_view text, std::vector<Node>& nodes, std::size_t& consumed,
                                   LoneSurrogates lone) {
    nodes.clear();
    consumed = 0;
    Scanner scanner(text, &nodes, lone);
    if (scanner.tree(consumed)) return std::nullopt;
    return scanner.take_error();
}

void unescape(std::string_view body, std::string& out) {
    std::size_t i = 0;
    const std::size_t n = body.size();
    while (i < n) {
        const auto* bs = static_cast<const char*>(std::memchr(body.data() + i, '\\', n - i));
        const std::size_t stop = bs ? static_cast<std::size_t>(bs - body.data()) : n;
        out.append(body.data() + i, stop - i);
        if (!bs) break;
        i = stop;
        const char e = body[i + 1];
        switch (e) {
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': {
                auto cp = static_cast<std::uint32_t>(parse_hex4(body.data() + i + 2));
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    // A pair; a high surrogate alone (scanned with LoneSurrogates::replace) is U+FFFD.
                    const long low =
                        i + 12 <= n && body[i + 6] == '\\' && body[i + 7] == 'u' ? parse_hex4(body.data() + i + 8) : -1;
                    if (low >= 0xDC00 && low <= 0xDFFF) {
                        cp = 0x10000 + ((cp - 0xD800) << 10) + (static_cast<std::uint32_t>(low) - 0xDC00);
                        i += 6;
                    } else {
                        cp = 0xFFFD;
                    }
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    cp = 0xFFFD;
                }
                utf8::append(out, cp);
                i += 6;
                continue;
            }
            default: out += e; break;  // '"', '\\', '/'
        }
        i += 2;
    }
}

std::string_view string_value(const Member& member, std::string& scratch) {
    const std::string_view body = member.string_body();
    if (!member.string.escaped) return body;
    scratch.clear();
    unescape(body, scratch);
    return scratch;
}

bool key_equals(const Member& member, std::string_view name) {
    if (!member.key_escaped) return member.key == name;
    std::string decoded;
    unescape(member.key, decoded);
    return decoded == name;
}

namespace {

// The length of the run at the start of `text` that write_string copies as it is: no '"', no
// '\\', no control character (bytes >= 0x80 included).
std::size_t unescaped_run(std::string_view text) {
    std::size_t i = 0;
#if defined(__x86_64__)
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i last_control = _mm_set1_epi8(0x1F);
    while (text.size() - i >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
        const __m128i control = _mm_cmpeq_epi8(_mm_max_epu8(v, last_control), last_control);  // v <= 0x1F
        const __m128i special =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)), control);
        const auto mask = static_cast<unsigned>(_mm_movemask_epi8(special));
        if (mask != 0) return i + static_cast<unsigned>(__builtin_ctz(mask));
        i += 16;
    }
#endif
    while (i < text.size()) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c == '"' || c == '\\') break;
        ++i;
    }
    return i;
}

}  // namespace

void write_string(std::string& out, std::string_view utf8) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    std::size_t run = 0;  // start of the pending run of bytes that need no escape
    for (std::size_t i = 0; i < utf8.size(); ++i) {
        i += unescaped_run(utf8.substr(i));
        if (i == utf8.size()) break;
        const auto c = static_cast<unsigned char>(utf8[i]);
        out.append(utf8.data() + run, i - run);
        run = i + 1;
        out += '\\';
        if (c == '"' || c == '\\') {
            out += static_cast<char>(c);
        } else if (const char letter = short_escape(c)) {
            out += letter;
        } else {
            out += "u00";
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    out.append(utf8.data() + run, utf8.size() - run);
    out += '"';
}

void write_compact(std::string& out, std::string_view raw) {
    std::string decoded;
    std::size_t i = 0;
    while (i < raw.size()) {
        const char c = raw[i];
        if (is_ws(c)) {
            ++i;
            continue;
        }
        if (c != '"') {
            out += c;
            ++i;
            continue;
        }
        // Find the closing quote, stepping over escapes.
        std::size_t j = i + 1;
        while (raw[j] != '"') j += raw[j] == '\\' ? 2u : 1u;
        Member piece;
        piece.value = raw.substr(i, j + 1 - i);
        if (!scan_value(piece.value, piece) && piece.string.canonical) {
            out.append(piece.value);
        } else {
            decoded.clear();
            unescape(piece.string_body(), decoded);
            write_string(out, decoded);
        }
        i = j + 1;
    }
}

}  // namespace seed::json
