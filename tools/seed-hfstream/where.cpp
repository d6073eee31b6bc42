// --where on the client: the dataset viewer's filter syntax, accepted and refused as the viewer does
// (its validation regex first, then the part of DuckDB's SQL that regex lets through), parsed once into
// a compact tree and evaluated on each row with SQL's three-valued logic. The model is the fake viewer's
// (tests/fakehub/fakehub.py, from "/filter: the validator" to compile_where). The fake types the tree
// from the dataset's features; the client has no schema, so those checks are made on the values as they
// come (Evaluator), except where the types are known from the expression alone (WhereParser).
#include "where.hpp"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "error.hpp"
#include "utf8.hpp"

namespace seed::hfstream {
namespace {

constexpr std::uint32_t no_index = std::numeric_limits<std::uint32_t>::max();
constexpr std::uint32_t no_char = std::numeric_limits<std::uint32_t>::max();  // before the start, after the end
constexpr std::size_t npos = std::string_view::npos;

// Parentheses (in the condition or in a regular expression) nested deeper than this are refused, as
// parsing recurses; the fake's parser fails at about 160 (Python's recursion limit). AND and OR take
// any number of operands in one node, so long chains of them do not nest.
constexpr int max_nesting = 256;

// A syntax error found while parsing: where (a byte offset into the parsed text) and what. Caught at the
// edge of RowFilter::parse and compile_regex and turned into a Fail.
struct SyntaxError {
    std::size_t offset;
    std::string message;
};

// ------------------------------------------------------------------------------------------------
// Text

bool is_ascii_digit(std::uint32_t c) { return c >= '0' && c <= '9'; }
bool is_ascii_alpha(std::uint32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_word_char(std::uint32_t c) { return is_ascii_digit(c) || is_ascii_alpha(c) || c == '_'; }
char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char ascii_upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }
bool is_ascii_byte(char c) { return static_cast<unsigned char>(c) < 0x80; }
bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

std::string ascii_lowered(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = ascii_lower(c);
    return out;
}

// 1-based column of a byte offset, in code points, for messages.
std::size_t column_at(std::string_view text, std::size_t offset) {
    std::size_t column = 1;
    for (std::size_t i = 0; i < offset && i < text.size(); ++i) column += is_continuation(text[i]) ? 0u : 1u;
    return column;
}

// Case mapping, one code point to one, for lower(), upper(), ILIKE, (?i) and column names: ASCII,
// Latin-1, Latin Extended-A, Greek and Cyrillic (what utf8::fold_case covers). Other scripts keep their
// case here, where Python (the fake) and DuckDB map all of Unicode; Python also maps some letters to two
// (upper('ß') is 'SS' there), DuckDB and this code leave them.
std::uint32_t to_lower(std::uint32_t c) { return c == 0x3C2 ? c : utf8::fold_case(c); }  // final sigma is lower

std::uint32_t to_upper(std::uint32_t c) {
    if (c < 0x80) return c >= 'a' && c <= 'z' ? c - 32 : c;
    if (c < 0x100) {
        if (c == 0xB5) return 0x39C;  // micro sign
        if (c == 0xFF) return 0x178;
        return c >= 0xE0 && c != 0xF7 ? c - 32 : c;  // not the division sign
    }
    if (c <= 0x17F) {                // Latin Extended-A: a capital precedes its small letter
        if (c == 0x131) return 'I';  // dotless i
        if (c == 0x17F) return 'S';  // long s
        return utf8::fold_case(c - 1) == c ? c - 1 : c;
    }
    if (c >= 0x3AC && c <= 0x3CE) {  // Greek, the inverse of fold_case
        if (c == 0x3AC) return 0x386;
        if (c <= 0x3AF) return c - 37;
        if (c == 0x3B0) return c;
        if (c == 0x3C2) return 0x3A3;
        if (c <= 0x3CB) return c - 32;
        if (c == 0x3CC) return 0x38C;
        return c - 63;
    }
    if (c >= 0x430 && c <= 0x44F) return c - 32;  // Cyrillic
    if (c >= 0x450 && c <= 0x45F) return c - 80;
    return c;
}

void append_mapped(std::string& out, std::string_view text, std::uint32_t (*map)(std::uint32_t)) {
    for (std::size_t i = 0; i < text.size();) utf8::append(out, map(utf8::decode(text, i)));
}

std::string folded(std::string_view text) {
    std::string out;
    append_mapped(out, text, utf8::fold_case);
    return out;
}

// Whether `key` folds to `folded_name` (already folded): column names are case-insensitive.
bool equal_folded(std::string_view key, std::string_view folded_name) {
    std::size_t i = 0;
    std::size_t j = 0;
    while (i < key.size() && j < folded_name.size()) {
        if (is_ascii_byte(key[i]) && is_ascii_byte(folded_name[j])) {
            if (ascii_lower(key[i++]) != folded_name[j++]) return false;
        } else if (utf8::fold_case(utf8::decode(key, i)) != utf8::decode(folded_name, j)) {
            return false;
        }
    }
    return i == key.size() && j == folded_name.size();
}

// `text` between `quote`s, a quote inside doubled: "a""b", 'O''Hara'.
std::string quoted(std::string_view text, char quote) {
    std::string out(1, quote);
    for (const char c : text) {
        if (c == quote) out += quote;
        out += c;
    }
    out += quote;
    return out;
}

// Python's str.isspace() (what the fake's strip() removes): White_Space plus the separators 0x1C-0x1F.
bool is_python_space(std::uint32_t c) { return utf8::is_white_space(c) || (c >= 0x1C && c <= 0x1F); }

std::string_view strip_python_space(std::string_view text) {
    std::size_t begin = 0;
    while (begin < text.size()) {
        std::size_t next = begin;
        if (!is_python_space(utf8::decode(text, next))) break;
        begin = next;
    }
    std::size_t end = text.size();
    while (end > begin) {
        std::size_t start = end - 1;
        while (start > begin && is_continuation(text[start])) --start;
        std::size_t probe = start;
        if (!is_python_space(utf8::decode(text, probe))) break;
        end = start;
    }
    return text.substr(begin, end - begin);
}

// ------------------------------------------------------------------------------------------------
// Numbers: exact integers where both sides are integers that fit 64 bits, doubles otherwise (DuckDB
// compares an integer column with a decimal literal as doubles too).

struct Number {
    bool exact = false;  // an integer, held in `integer`
    std::int64_t integer = 0;
    double real = 0;

    double as_double() const { return exact ? static_cast<double>(integer) : real; }
};

// A value from_chars found out of range: infinite or zero, by the decimal magnitude of `spelling`
// (digits, an optional '.', an optional exponent; a leading '-').
double out_of_range(std::string_view spelling) {
    const bool negative = !spelling.empty() && spelling[0] == '-';
    const std::size_t e = spelling.find_first_of("eE");
    const std::string_view mantissa = spelling.substr(0, e);
    // the decimal exponent of the first significant digit, plus one: the integer digits after leading
    // zeros, or minus the zeros after the point
    long long magnitude = 0;
    const std::size_t point = mantissa.find('.');
    const std::string_view integral = mantissa.substr(0, point);
    const std::size_t first = integral.find_first_not_of("-+0");
    if (first != npos) {
        magnitude = static_cast<long long>(integral.size() - first);
    } else if (point != npos) {
        const std::string_view fraction = mantissa.substr(point + 1);
        const std::size_t nonzero = fraction.find_first_not_of('0');
        magnitude = nonzero == npos ? 0 : -static_cast<long long>(nonzero);
    }
    if (e != npos) {
        std::string_view exponent = spelling.substr(e + 1);
        const bool exponent_negative = !exponent.empty() && exponent[0] == '-';
        if (!exponent.empty() && (exponent[0] == '-' || exponent[0] == '+')) exponent.remove_prefix(1);
        long long value = 0;
        for (const char c : exponent) value = std::min(value * 10 + (c - '0'), 1000000LL);
        magnitude += exponent_negative ? -value : value;
    }
    const double size = magnitude > 0 ? std::numeric_limits<double>::infinity() : 0.0;
    return negative ? -size : size;
}

// A decimal spelling checked elsewhere: '-'? digits ('.' digits?)? exponent?, as JSON numbers and the
// literals of the condition are written.
Number parse_decimal(std::string_view spelling) {
    Number number;
    const char* begin = spelling.data();
    const char* end = spelling.data() + spelling.size();
    if (spelling.find_first_of(".eE") == npos) {
        const auto [stop, error] = std::from_chars(begin, end, number.integer);
        if (error == std::errc{} && stop == end) {
            number.exact = true;
            return number;
        }
    }
    const auto [stop, error] = std::from_chars(begin, end, number.real);
    if (error == std::errc::result_out_of_range) number.real = out_of_range(spelling);
    return number;
}

// What the fake's cast of a string literal to a number column accepts: int() when the text is
// white space, a sign and digits, else float(): white space, a sign, digits with single underscores
// between them, a fraction and an exponent, or inf, infinity and nan in any case. ASCII digits only
// (Python also takes other scripts' digits; DuckDB does not).
std::optional<Number> number_from_text(std::string_view text) {
    std::string_view rest = strip_python_space(text);
    bool negative = false;
    if (!rest.empty() && (rest[0] == '+' || rest[0] == '-')) {
        negative = rest[0] == '-';
        rest.remove_prefix(1);
    }
    if (rest.empty()) return std::nullopt;
    if (std::all_of(rest.begin(), rest.end(), [](char c) { return is_ascii_digit(static_cast<unsigned char>(c)); })) {
        return parse_decimal((negative ? "-" : "") + std::string(rest));
    }
    const std::string word = ascii_lowered(rest);
    if (word == "inf" || word == "infinity" || word == "nan") {
        Number number;
        number.real =
            word == "nan" ? std::numeric_limits<double>::quiet_NaN() : std::numeric_limits<double>::infinity();
        if (negative) number.real = -number.real;
        return number;
    }
    std::string clean = negative ? "-" : "";
    std::size_t i = 0;
    // digits with single underscores between them; false when there are none here
    auto digits = [&]() {
        if (i >= rest.size() || !is_ascii_digit(static_cast<unsigned char>(rest[i]))) return false;
        for (;;) {
            clean += rest[i++];
            if (i < rest.size() && is_ascii_digit(static_cast<unsigned char>(rest[i]))) continue;
            if (i + 1 < rest.size() && rest[i] == '_' && is_ascii_digit(static_cast<unsigned char>(rest[i + 1]))) {
                ++i;
                continue;
            }
            return true;
        }
    };
    const bool whole = digits();
    bool fraction = false;
    if (i < rest.size() && rest[i] == '.') {
        clean += rest[i++];
        fraction = digits();
    }
    if (!whole && !fraction) return std::nullopt;
    if (i < rest.size() && (rest[i] == 'e' || rest[i] == 'E')) {
        clean += rest[i++];
        if (i < rest.size() && (rest[i] == '+' || rest[i] == '-')) clean += rest[i++];
        if (!digits()) return std::nullopt;
    }
    if (i != rest.size()) return std::nullopt;
    Number number = parse_decimal(clean);
    if (number.exact) {  // float() of digits with underscores: a float, though it compares the same
        number.exact = false;
        number.real = static_cast<double>(number.integer);
    }
    return number;
}

// The fake's _BOOL_STRINGS: what a string literal compared with a boolean column may spell.
std::optional<bool> boolean_from_text(std::string_view text) {
    const std::string word = ascii_lowered(strip_python_space(text));
    if (word == "true" || word == "t" || word == "1") return true;
    if (word == "false" || word == "f" || word == "0") return false;
    return std::nullopt;
}

enum class Comparison : std::uint8_t { equal, not_equal, less, less_equal, greater, greater_equal };

template <class T>
bool holds(Comparison comparison, const T& a, const T& b) {
    switch (comparison) {
        case Comparison::equal: return a == b;
        case Comparison::not_equal: return a != b;
        case Comparison::less: return a < b;
        case Comparison::less_equal: return a <= b;
        case Comparison::greater: return a > b;
        case Comparison::greater_equal: return a >= b;
    }
    return false;
}

bool holds(Comparison comparison, const Number& a, const Number& b) {
    if (a.exact && b.exact) return holds(comparison, a.integer, b.integer);
    return holds(comparison, a.as_double(), b.as_double());
}

// ------------------------------------------------------------------------------------------------
// Regular expressions, for SIMILAR TO, ~ and GLOB and for the viewer's own validation regex. DuckDB
// uses RE2, so this follows RE2's syntax where it and the fake's Python re differ: literals, `.`
// (which matches a newline too: the fake matches with re.DOTALL), [classes] [^negated] [[:alpha:]],
// \d \s \w and their negations (ASCII, as in RE2), groups ( ) (?: ) (?P<name> ), flags (?i) (?s) (?m)
// (?U), | * + ? {n} {n,} {n,m} and their lazy forms, ^ $ \A \z \b \B. No backreferences, lookaround or
// \p{..} classes (RE2 has none of the first two). Matching runs the automaton on all paths at once
// (Thompson), on code points: time is linear in the text and nothing recurses per character, so a
// row of megabytes is safe (std::regex recurses per character and overflows the stack on those).

enum class Assertion : std::uint8_t { begin_text, end_text, begin_line, end_line, word_boundary, not_word_boundary };

bool assertion_holds(Assertion assertion, std::uint32_t before, std::uint32_t after) {
    switch (assertion) {
        case Assertion::begin_text: return before == no_char;
        case Assertion::end_text: return after == no_char;
        case Assertion::begin_line: return before == no_char || before == '\n';
        case Assertion::end_line: return after == no_char || after == '\n';
        case Assertion::word_boundary: return is_word_char(before) != is_word_char(after);
        case Assertion::not_word_boundary: return is_word_char(before) == is_word_char(after);
    }
    return false;
}

using Range = std::pair<std::uint32_t, std::uint32_t>;  // inclusive

struct CharSet {
    std::vector<Range> ranges;
    bool negated = false;
    bool ignore_case = false;

    bool in_ranges(std::uint32_t c) const {
        return std::any_of(ranges.begin(), ranges.end(), [c](const Range& r) { return c >= r.first && c <= r.second; });
    }
    bool contains(std::uint32_t c) const {
        const bool in = in_ranges(c) || (ignore_case && (in_ranges(to_lower(c)) || in_ranges(to_upper(c))));
        return in != negated;
    }
};

std::vector<Range> complement(std::vector<Range> ranges) {
    std::sort(ranges.begin(), ranges.end());
    std::vector<Range> out;
    std::uint32_t next = 0;
    for (const auto& [low, high] : ranges) {
        if (low > next) out.emplace_back(next, low - 1);
        next = std::max(next, high + 1);
    }
    if (next <= 0x10FFFF) out.emplace_back(next, 0x10FFFF);
    return out;
}

// \d \s \w by their lower-case letter, ASCII as in RE2.
std::vector<Range> perl_class(std::uint32_t letter) {
    switch (letter) {
        case 'd': return {{'0', '9'}};
        case 's': return {{'\t', '\n'}, {'\f', '\r'}, {' ', ' '}};
        default: return {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
    }
}

std::optional<std::vector<Range>> posix_class(std::string_view name) {
    if (name == "alnum") return std::vector<Range>{{'0', '9'}, {'A', 'Z'}, {'a', 'z'}};
    if (name == "alpha") return std::vector<Range>{{'A', 'Z'}, {'a', 'z'}};
    if (name == "ascii") return std::vector<Range>{{0, 0x7F}};
    if (name == "blank") return std::vector<Range>{{'\t', '\t'}, {' ', ' '}};
    if (name == "cntrl") return std::vector<Range>{{0, 0x1F}, {0x7F, 0x7F}};
    if (name == "digit") return std::vector<Range>{{'0', '9'}};
    if (name == "graph") return std::vector<Range>{{0x21, 0x7E}};
    if (name == "lower") return std::vector<Range>{{'a', 'z'}};
    if (name == "print") return std::vector<Range>{{0x20, 0x7E}};
    if (name == "punct") return std::vector<Range>{{0x21, 0x2F}, {0x3A, 0x40}, {0x5B, 0x60}, {0x7B, 0x7E}};
    if (name == "space") return std::vector<Range>{{'\t', '\r'}, {' ', ' '}};
    if (name == "upper") return std::vector<Range>{{'A', 'Z'}};
    if (name == "word") return perl_class('w');
    if (name == "xdigit") return std::vector<Range>{{'0', '9'}, {'A', 'F'}, {'a', 'f'}};
    return std::nullopt;
}

enum class Op : std::uint8_t { set, split, jump, assertion, accept };

struct Instruction {
    Op op = Op::accept;
    std::uint32_t x = 0;  // set: the set; split, jump: a target; assertion: the Assertion
    std::uint32_t y = 0;  // split: the other target
};

class Regex {
public:
    Regex(std::vector<Instruction> program, std::vector<CharSet> sets)
        : program_(std::move(program)), sets_(std::move(sets)) {}

    bool full_match(std::string_view text) const { return mismatch(text) == npos; }

    // The byte offset of the first character of `text` that no match can take (text.size() when the
    // text ends too early), or npos when the whole text matches.
    std::size_t mismatch(std::string_view text) const;

private:
    // Adds `start` and what it reaches without taking a character to `list`.
    void add(std::vector<std::uint32_t>& list, std::uint32_t start, std::uint32_t before, std::uint32_t after,
             std::size_t step, std::vector<std::size_t>& added, std::vector<std::uint32_t>& stack) const;

    std::vector<Instruction> program_;
    std::vector<CharSet> sets_;
};

void Regex::add(std::vector<std::uint32_t>& list, std::uint32_t start, std::uint32_t before, std::uint32_t after,
                std::size_t step, std::vector<std::size_t>& added, std::vector<std::uint32_t>& stack) const {
    stack.push_back(start);
    while (!stack.empty()) {
        const std::uint32_t pc = stack.back();
        stack.pop_back();
        if (added[pc] == step) continue;
        added[pc] = step;
        const Instruction& instruction = program_[pc];
        switch (instruction.op) {
            case Op::split:
                stack.push_back(instruction.y);
                stack.push_back(instruction.x);
                break;
            case Op::jump: stack.push_back(instruction.x); break;
            case Op::assertion:
                if (assertion_holds(static_cast<Assertion>(instruction.x), before, after)) stack.push_back(pc + 1);
                break;
            case Op::set:
            case Op::accept: list.push_back(pc); break;
        }
    }
}

std::size_t Regex::mismatch(std::string_view text) const {
    std::vector<std::uint32_t> current;
    std::vector<std::uint32_t> next;
    std::vector<std::uint32_t> stack;
    std::vector<std::size_t> added(program_.size(), npos);  // the step that last added each instruction
    current.reserve(program_.size());
    next.reserve(program_.size());
    stack.reserve(program_.size());
    std::size_t step = 0;
    std::size_t at = 0;     // the character being matched
    std::size_t after = 0;  // and the offset after it
    std::uint32_t c = no_char;
    if (!text.empty()) c = utf8::decode(text, after);
    add(current, 0, no_char, c, step, added, stack);
    for (;;) {
        if (at == text.size()) {
            const bool accepted = std::any_of(current.begin(), current.end(),
                                              [this](std::uint32_t pc) { return program_[pc].op == Op::accept; });
            return accepted ? npos : text.size();
        }
        std::size_t after_following = after;
        const std::uint32_t following = after < text.size() ? utf8::decode(text, after_following) : no_char;
        ++step;
        next.clear();
        for (const std::uint32_t pc : current) {
            const Instruction& instruction = program_[pc];
            if (instruction.op == Op::set && sets_[instruction.x].contains(c))
                add(next, pc + 1, c, following, step, added, stack);
        }
        if (next.empty()) return at;
        current.swap(next);
        at = after;
        after = after_following;
        c = following;
    }
}

// Whether [:alpha:] in a class is a POSIX class (RE2) or the characters themselves (GLOB, as the fake
// hands a GLOB class to Python's re, which has none).
enum class PosixClasses : std::uint8_t { off, on };

struct RegexNode {
    enum class Kind : std::uint8_t { empty, set, assertion, concat, alternate, repeat };
    Kind kind = Kind::empty;
    std::uint32_t set = 0;
    Assertion assertion = Assertion::begin_text;
    int min = 0;
    int max = 0;  // repeat: below zero is unbounded
    std::vector<std::uint32_t> children;
};

class RegexCompiler {
public:
    RegexCompiler(std::string_view pattern, PosixClasses posix) : posix_(posix) {
        for (std::size_t i = 0; i < pattern.size();) {
            offsets_.push_back(i);
            text_.push_back(utf8::decode(pattern, i));
        }
        offsets_.push_back(pattern.size());
    }

    Regex compile() {
        const std::uint32_t root = alternation(0);
        if (!at_end()) fail("unmatched ')'");
        std::vector<Instruction> program;
        emit(root, program);
        push(program, {Op::accept});
        return Regex(std::move(program), std::move(sets_));
    }

private:
    struct Flags {
        bool ignore_case = false;
        bool dot_newline = true;
        bool multi_line = false;
    };

    static constexpr std::size_t max_program = 100000;
    static constexpr int max_repeat = 1000;  // RE2's limit

    bool at_end() const { return pos_ >= text_.size(); }
    bool peek(std::uint32_t c, std::size_t ahead = 0) const {
        return pos_ + ahead < text_.size() && text_[pos_ + ahead] == c;
    }
    [[noreturn]] void fail(std::string message) const {
        throw SyntaxError{offsets_[std::min(pos_, text_.size())], std::move(message)};
    }

    std::uint32_t add(RegexNode node) {
        nodes_.push_back(std::move(node));
        return static_cast<std::uint32_t>(nodes_.size() - 1);
    }
    std::uint32_t add_set(CharSet set) {
        sets_.push_back(std::move(set));
        RegexNode node;
        node.kind = RegexNode::Kind::set;
        node.set = static_cast<std::uint32_t>(sets_.size() - 1);
        return add(std::move(node));
    }
    std::uint32_t add_assertion(Assertion assertion) {
        RegexNode node;
        node.kind = RegexNode::Kind::assertion;
        node.assertion = assertion;
        return add(std::move(node));
    }
    std::uint32_t literal(std::uint32_t c) {
        CharSet set;
        set.ranges = {{c, c}};
        set.ignore_case = flags_.ignore_case;
        return add_set(std::move(set));
    }

    std::uint32_t alternation(int depth) {
        if (depth > max_nesting) fail("parentheses nested too deeply");
        std::vector<std::uint32_t> branches{concatenation(depth)};
        while (peek('|')) {
            ++pos_;
            branches.push_back(concatenation(depth));
        }
        if (branches.size() == 1) return branches[0];
        RegexNode node;
        node.kind = RegexNode::Kind::alternate;
        node.children = std::move(branches);
        return add(std::move(node));
    }

    std::uint32_t concatenation(int depth) {
        RegexNode node;
        node.kind = RegexNode::Kind::concat;
        while (!at_end() && !peek('|') && !peek(')')) {
            const std::uint32_t item = atom(depth);
            if (item != no_index) node.children.push_back(repetitions(item));
        }
        if (node.children.size() == 1) return node.children[0];
        return add(std::move(node));
    }

    std::uint32_t repetitions(std::uint32_t item) {
        bool repeated = false;
        for (;;) {
            const std::size_t start = pos_;
            int min = 0;
            int max = 0;
            if (peek('*')) {
                max = -1;
                ++pos_;
            } else if (peek('+')) {
                min = 1;
                max = -1;
                ++pos_;
            } else if (peek('?')) {
                max = 1;
                ++pos_;
            } else if (!counted(min, max)) {
                return item;
            }
            if (repeated) {
                pos_ = start;
                fail("bad repetition operator");
            }
            if (peek('?')) ++pos_;  // lazy: the same matches, tried in another order
            RegexNode node;
            node.kind = RegexNode::Kind::repeat;
            node.min = min;
            node.max = max;
            node.children = {item};
            item = add(std::move(node));
            repeated = true;
        }
    }

    // {n}, {n,} or {n,m} at pos_: taken when well formed, else left to be literal text (as RE2 does).
    bool counted(int& min, int& max) {
        if (!peek('{')) return false;
        std::size_t i = pos_ + 1;
        auto number = [&](int& out) {
            const std::size_t first = i;
            long long value = 0;
            for (; i < text_.size() && is_ascii_digit(text_[i]); ++i)
                value = std::min(value * 10 + static_cast<long long>(text_[i] - '0'), 100000LL);
            out = static_cast<int>(value);
            return i > first;
        };
        if (!number(min)) return false;
        max = min;
        if (i < text_.size() && text_[i] == ',') {
            ++i;
            if (!number(max)) max = -1;
        }
        if (i >= text_.size() || text_[i] != '}') return false;
        if (min > max_repeat || max > max_repeat || (max >= 0 && max < min)) fail("bad repetition operator");
        pos_ = i + 1;
        return true;
    }

    // One item; no_index for a flag group such as (?i), which matches nothing.
    std::uint32_t atom(int depth) {
        const std::uint32_t c = text_[pos_];
        switch (c) {
            case '(': return group(depth);
            case '[': ++pos_; return add_set(char_class());
            case '.': {
                ++pos_;
                CharSet any;
                any.negated = true;
                if (!flags_.dot_newline) any.ranges = {{'\n', '\n'}};
                return add_set(std::move(any));
            }
            case '^': ++pos_; return add_assertion(flags_.multi_line ? Assertion::begin_line : Assertion::begin_text);
            case '$': ++pos_; return add_assertion(flags_.multi_line ? Assertion::end_line : Assertion::end_text);
            case '\\': return escape();
            case '*':
            case '+':
            case '?': fail("missing argument to repetition operator");
            default: ++pos_; return literal(c);
        }
    }

    std::uint32_t group(int depth) {
        const Flags saved = flags_;
        ++pos_;  // '('
        if (peek('?')) {
            ++pos_;
            if (peek('=') || peek('!') || (peek('<') && (peek('=', 1) || peek('!', 1))))
                fail("lookahead and lookbehind are not supported (DuckDB's RE2 has neither)");
            if (peek('P') || peek('<')) {  // a named group: the name does not matter here
                if (peek('P')) ++pos_;
                if (!peek('<')) fail("bad named group");
                ++pos_;
                const std::size_t first = pos_;
                while (!at_end() && is_word_char(text_[pos_])) ++pos_;
                if (pos_ == first || !peek('>')) fail("bad named group");
                ++pos_;
            } else if (peek(':')) {
                ++pos_;
            } else if (flag_group()) {
                return no_index;  // the flags hold to the end of the enclosing group
            }
        }
        const std::uint32_t inner = alternation(depth + 1);
        if (!peek(')')) fail("missing ')'");
        ++pos_;
        flags_ = saved;
        return inner;
    }

    // The flags of (?flags) or (?flags: at pos_; true for the first (the group ends here).
    bool flag_group() {
        bool negate = false;
        bool any = false;
        for (; !at_end() && !peek(')') && !peek(':'); ++pos_) {
            const std::uint32_t flag = text_[pos_];
            if (flag == '-' && !negate) {
                negate = true;
                continue;
            }
            if (flag == 'i') {
                flags_.ignore_case = !negate;
            } else if (flag == 's') {
                flags_.dot_newline = !negate;
            } else if (flag == 'm') {
                flags_.multi_line = !negate;
            } else if (flag != 'U') {  // U (ungreedy) changes no match
                fail("bad flag in (?...)");
            }
            any = true;
        }
        if (at_end()) fail("missing ')'");
        if (!any) fail("bad flag group");
        return text_[pos_++] == ')';
    }

    std::uint32_t escape() {
        ++pos_;  // '\'
        if (at_end()) fail("trailing backslash");
        const std::uint32_t c = text_[pos_];
        switch (c) {
            case 'd':
            case 'D':
            case 's':
            case 'S':
            case 'w':
            case 'W': {
                ++pos_;
                CharSet set;
                set.ranges = perl_class(c | 0x20);  // by its lower-case letter
                set.negated = c < 'a';
                return add_set(std::move(set));
            }
            case 'b': ++pos_; return add_assertion(Assertion::word_boundary);
            case 'B': ++pos_; return add_assertion(Assertion::not_word_boundary);
            case 'A': ++pos_; return add_assertion(Assertion::begin_text);
            case 'z': ++pos_; return add_assertion(Assertion::end_text);
            default: return literal(escaped_char());
        }
    }

    // The character an escape stands for; pos_ is after the backslash.
    std::uint32_t escaped_char() {
        const std::uint32_t c = text_[pos_];
        switch (c) {
            case 'n': ++pos_; return '\n';
            case 't': ++pos_; return '\t';
            case 'r': ++pos_; return '\r';
            case 'f': ++pos_; return '\f';
            case 'v': ++pos_; return '\v';
            case 'a': ++pos_; return 0x07;
            case 'x': ++pos_; return hex_escape();
            case 'p':
            case 'P': fail("Unicode classes (\\p) are not supported");
            default: break;
        }
        if (c >= '1' && c <= '9') fail("backreferences are not supported (DuckDB's RE2 has none)");
        if (is_word_char(c)) fail("unknown escape");
        ++pos_;
        return c;  // punctuation and non-ASCII characters stand for themselves
    }

    // \xHH or \x{H...}; pos_ is after the x.
    std::uint32_t hex_escape() {
        auto hex = [](std::uint32_t c) -> int {
            if (is_ascii_digit(c)) return static_cast<int>(c - '0');
            if (c >= 'a' && c <= 'f') return static_cast<int>(c - 'a' + 10);
            if (c >= 'A' && c <= 'F') return static_cast<int>(c - 'A' + 10);
            return -1;
        };
        std::uint32_t value = 0;
        if (peek('{')) {
            ++pos_;
            const std::size_t first = pos_;
            for (; !at_end() && hex(text_[pos_]) >= 0; ++pos_) {
                value = value * 16 + static_cast<std::uint32_t>(hex(text_[pos_]));
                if (value > 0x10FFFF) fail("bad escape \\x{...}");
            }
            if (pos_ == first || !peek('}')) fail("bad escape \\x{...}");
            ++pos_;
        } else {
            for (int k = 0; k < 2; ++k, ++pos_) {
                if (at_end() || hex(text_[pos_]) < 0) fail("bad escape \\x");
                value = value * 16 + static_cast<std::uint32_t>(hex(text_[pos_]));
            }
        }
        if (value >= 0xD800 && value <= 0xDFFF) fail("bad escape: a surrogate");
        return value;
    }

    // [...]; pos_ is after the '['.
    CharSet char_class() {
        CharSet set;
        set.ignore_case = flags_.ignore_case;
        if (peek('^')) {
            set.negated = true;
            ++pos_;
        }
        for (bool first = true;; first = false) {
            if (at_end()) fail("missing ']'");
            const std::uint32_t c = text_[pos_];
            if (c == ']' && !first) {
                ++pos_;
                return set;
            }
            if (c == '[' && peek(':', 1) && posix_ == PosixClasses::on && posix_item(set.ranges)) continue;
            std::uint32_t low = c;
            if (c == '\\') {
                ++pos_;
                if (at_end()) fail("trailing backslash");
                const std::uint32_t e = text_[pos_];
                if (e == 'd' || e == 'D' || e == 's' || e == 'S' || e == 'w' || e == 'W') {
                    ++pos_;
                    std::vector<Range> ranges = perl_class(e | 0x20);
                    if (e < 'a') ranges = complement(std::move(ranges));
                    set.ranges.insert(set.ranges.end(), ranges.begin(), ranges.end());
                    continue;
                }
                low = escaped_char();
            } else {
                ++pos_;
            }
            std::uint32_t high = low;
            if (peek('-') && pos_ + 1 < text_.size() && text_[pos_ + 1] != ']') {
                ++pos_;
                if (peek('\\')) {
                    ++pos_;
                    if (at_end()) fail("trailing backslash");
                    high = escaped_char();
                } else {
                    high = text_[pos_++];
                }
                if (high < low) fail("bad character class range");
            }
            set.ranges.emplace_back(low, high);
        }
    }

    // [:name:] or [:^name:] at pos_, added to `ranges`; false (nothing taken) when there is no ":]".
    bool posix_item(std::vector<Range>& ranges) {
        std::size_t end = pos_ + 2;
        while (end + 1 < text_.size() && !(text_[end] == ':' && text_[end + 1] == ']')) ++end;
        if (end + 1 >= text_.size()) return false;
        std::size_t i = pos_ + 2;
        const bool negated = i < end && text_[i] == '^';
        if (negated) ++i;
        std::string name;
        for (; i < end; ++i) name += static_cast<char>(text_[i] < 0x80 ? text_[i] : '?');
        auto found = posix_class(name);
        if (!found) fail("bad POSIX class [:" + name + ":]");
        if (negated) found = complement(std::move(*found));
        ranges.insert(ranges.end(), found->begin(), found->end());
        pos_ = end + 2;
        return true;
    }

    static std::uint32_t here(const std::vector<Instruction>& program) {
        return static_cast<std::uint32_t>(program.size());
    }
    std::size_t push(std::vector<Instruction>& program, Instruction instruction) const {
        if (program.size() >= max_program) throw SyntaxError{0, "regular expression too large"};
        program.push_back(instruction);
        return program.size() - 1;
    }

    void emit(std::uint32_t index, std::vector<Instruction>& program) const {
        const RegexNode& node = nodes_[index];
        switch (node.kind) {
            case RegexNode::Kind::empty: break;
            case RegexNode::Kind::set: push(program, {Op::set, node.set, 0}); break;
            case RegexNode::Kind::assertion:
                push(program, {Op::assertion, static_cast<std::uint32_t>(node.assertion), 0});
                break;
            case RegexNode::Kind::concat:
                for (const std::uint32_t child : node.children) emit(child, program);
                break;
            case RegexNode::Kind::alternate: {
                std::vector<std::size_t> exits;
                for (std::size_t k = 0; k + 1 < node.children.size(); ++k) {
                    const std::size_t split = push(program, {Op::split, 0, 0});
                    program[split].x = here(program);
                    emit(node.children[k], program);
                    exits.push_back(push(program, {Op::jump, 0, 0}));
                    program[split].y = here(program);
                }
                emit(node.children.back(), program);
                for (const std::size_t exit : exits) program[exit].x = here(program);
                break;
            }
            case RegexNode::Kind::repeat: {
                const std::uint32_t child = node.children[0];
                for (int k = 1; k < node.min; ++k) emit(child, program);  // all required copies but one
                if (node.max < 0 && node.min == 0) {                      // loop: split body, out; body; jump loop
                    const std::size_t loop = push(program, {Op::split, 0, 0});
                    program[loop].x = here(program);
                    emit(child, program);
                    push(program, {Op::jump, static_cast<std::uint32_t>(loop), 0});
                    program[loop].y = here(program);
                } else if (node.max < 0) {  // body; split body, out
                    const std::uint32_t body = here(program);
                    emit(child, program);
                    push(program, {Op::split, body, here(program) + 1});
                } else {  // the last required copy, then the optional ones, each inside the one before
                    if (node.min >= 1) emit(child, program);
                    std::vector<std::size_t> skips;
                    for (int k = node.min; k < node.max; ++k) {
                        const std::size_t split = push(program, {Op::split, 0, 0});
                        program[split].x = here(program);
                        skips.push_back(split);
                        emit(child, program);
                    }
                    for (const std::size_t skip : skips) program[skip].y = here(program);
                }
                break;
            }
        }
    }

    std::vector<std::uint32_t> text_;   // the pattern's code points
    std::vector<std::size_t> offsets_;  // and their byte offsets, for messages
    std::size_t pos_ = 0;
    Flags flags_;
    PosixClasses posix_;
    std::vector<RegexNode> nodes_;
    std::vector<CharSet> sets_;
};

Result<Regex> compile_regex(std::string_view pattern, PosixClasses posix) {
    try {
        return RegexCompiler(pattern, posix).compile();
    } catch (const SyntaxError& error) {
        return Fail{error.message};
    }
}

// The fake's _glob_regex: * ? [set] [!set], the rest literal; the set's text goes into a class as is.
std::string glob_to_regex(std::string_view glob) {
    std::string out;
    for (std::size_t i = 0; i < glob.size(); ++i) {
        const char c = glob[i];
        if (c == '*') {
            out += ".*";
        } else if (c == '?') {
            out += '.';
        } else if (c == '[' && glob.find(']', i + 1) != npos) {
            const std::size_t close = glob.find(']', i + 1);
            std::string_view body = glob.substr(i + 1, close - i - 1);
            out += '[';
            if (!body.empty() && body[0] == '!') {
                out += '^';
                body.remove_prefix(1);
            }
            for (const char b : body) out += b == '\\' ? std::string_view("\\\\") : std::string_view(&b, 1);
            out += ']';
            i = close;
        } else {
            if (std::string_view("\\^$.|?*+()[]{}").find(c) != npos) out += '\\';
            out += c;
        }
    }
    return out;
}

// ------------------------------------------------------------------------------------------------
// LIKE: '%' any run of characters, '_' one character (a code point); no escape character, as in the
// fake. The pattern is cut at each '%' into segments, matched left to right: the first at the start,
// the last at the end, each one between at its leftmost place (which leaves the most room for the
// rest). ILIKE is LIKE on both sides lower-cased, as the fake does it.

class LikePattern {
public:
    explicit LikePattern(std::string_view pattern) {
        for (std::size_t start = 0;;) {
            const std::size_t percent = pattern.find('%', start);
            segments_.emplace_back(pattern.substr(start, percent == npos ? npos : percent - start));
            lengths_.push_back(utf8::count_code_points(segments_.back()));
            if (percent == npos) break;
            start = percent + 1;
        }
    }

    bool matches(std::string_view text) const {
        std::size_t end = 0;
        if (segments_.size() == 1) return segment_at(text, 0, segments_[0], end) && end == text.size();
        std::size_t pos = 0;
        if (!segment_at(text, 0, segments_.front(), pos)) return false;
        for (std::size_t k = 1; k + 1 < segments_.size(); ++k) {
            if (!segments_[k].empty() && !find(text, pos, segments_[k], pos)) return false;
        }
        std::size_t start = text.size();  // the last segment ends the text: it starts its length before
        for (std::uint64_t n = 0; n < lengths_.back(); ++n) {
            if (start <= pos) return false;
            do --start;
            while (is_continuation(text[start]));
        }
        return start >= pos && segment_at(text, start, segments_.back(), end) && end == text.size();
    }

private:
    bool segment_at(std::string_view text, std::size_t at, std::string_view segment, std::size_t& end) const {
        std::size_t i = at;
        for (std::size_t j = 0; j < segment.size();) {
            if (i >= text.size()) return false;
            if (segment[j] == '_') {
                utf8::decode(text, i);
                ++j;
            } else if (text[i++] != segment[j++]) {  // byte for byte: equal lead bytes start sequences of one length
                return false;
            }
        }
        end = i;
        return true;
    }

    bool find(std::string_view text, std::size_t from, std::string_view segment, std::size_t& end) const {
        if (segment.find('_') == npos) {
            const std::size_t at = text.find(segment, from);
            if (at == npos) return false;
            end = at + segment.size();
            return true;
        }
        for (std::size_t at = from; at < text.size();) {
            if (segment_at(text, at, segment, end)) return true;
            utf8::decode(text, at);
        }
        return false;
    }

    std::vector<std::string> segments_;   // the text between '%'s (one segment when there is none)
    std::vector<std::uint64_t> lengths_;  // each segment's length in code points
};

std::string lowered(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    append_mapped(out, text, to_lower);
    return out;
}

// ------------------------------------------------------------------------------------------------
// The viewer's check (SQL_INVALID_SYMBOLS and SQL_MATCH_WHERE of its filter route, as in the fake),
// made before anything is parsed, with a hint at what is wrong where it fails.

std::string viewer_where_pattern() {
    const std::string number = R"re([0-9][0-9\.]*)re";
    const std::string varchar = R"re('([^']|'')*')re";
    const std::string key = R"re("([^"]|"")+")re";
    const std::string col = key + R"re((\.)re" + key + ")*";
    const std::string args = "(" + number + "|" + varchar + "|,| )*";
    const std::string func = R"re([a-z_]+\()re" + args + R"re(\))re";
    const std::string tcol = R"re(\(?)re" + col + R"re(\)?(\.)re" + func + ")?";
    const std::string op =
        R"re((=|<|>|!|~|\*| |(like)|(ilike)|(glob)|(similar to)|(is)|(not)|(LIKE)|(ILIKE)|(GLOB)|(SIMILAR TO)|(IS)|(NOT))+)re";
    const std::string val = "(" + number + "|" + varchar + "|(true|false|null|NULL))";
    const std::string expr = R"re(\(?)re" + tcol + " ?" + op + " ?" + val + R"re(\)?)re";
    return expr + "( (and|or|AND|OR) " + expr + ")*";  // the viewer anchors it with ^ and $
}

// What to say where the viewer's regex stops matching: the common mistakes by name, else the shape.
std::string syntax_hint(std::string_view text, std::size_t at) {
    if (at >= text.size()) return "the condition ends too early (expected \"column\" OPERATOR value)";
    const char c = text[at];
    if (c == '-' || c == '+') return "no sign is allowed here: the viewer takes no negative numbers";
    if (c == ' ' && at > 0 && text[at - 1] == ' ') return "only one space is allowed around AND and OR";
    if (is_word_char(static_cast<unsigned char>(c))) {
        std::size_t start = at;
        while (start > 0 && is_word_char(static_cast<unsigned char>(text[start - 1]))) --start;
        std::size_t end = at;
        while (end < text.size() && is_word_char(static_cast<unsigned char>(text[end]))) ++end;
        const std::string word(text.substr(start, end - start));
        const std::string lower = ascii_lowered(word);
        std::string upper = word;
        for (char& u : upper) u = ascii_upper(u);
        if (lower == "and" || lower == "or") return "write " + upper + " or " + lower + ", not " + word;
        if (lower == "true" || lower == "false") return "write " + lower + " in lower case, not " + word;
        if (lower == "null") return "write null or NULL, not " + word;
        if (lower == "in" || lower == "between")
            return "the viewer's syntax has no " + upper + "; join comparisons with OR";
        if (lower == "not") return "NOT cannot start a condition here; write <>, NOT LIKE or IS NOT";
        if (is_ascii_digit(static_cast<unsigned char>(word[0])))
            return "numbers are digits with at most a '.', not " + word;
        std::size_t before = start;
        while (before > 0 && text[before - 1] == ' ') --before;
        std::size_t previous = before;
        while (previous > 0 && is_word_char(static_cast<unsigned char>(text[previous - 1]))) --previous;
        const std::string previous_word = ascii_lowered(text.substr(previous, before - previous));
        if (before == 0 || text[before - 1] == '(' || previous_word == "and" || previous_word == "or")
            return "column names go in double quotes: \"" + word + "\", not " + word;
    }
    return "not in the viewer's filter syntax (\"column\" OPERATOR value, joined by AND or OR)";
}

// The message for an expression the viewer refuses before parsing it, if it does.
std::optional<std::string> viewer_refusal(std::string_view text) {
    std::size_t first = npos;
    std::string_view symbol;
    for (const std::string_view s : {";", "--", "/*", "*/"}) {
        const std::size_t at = text.find(s);
        if (at < first) {
            first = at;
            symbol = s;
        }
    }
    if (first != npos) {
        return "at column " + std::to_string(column_at(text, first)) + ": '" + std::string(symbol) +
               "' is not allowed anywhere in the condition, not even inside a string";
    }
    static const Regex where_syntax = compile_regex(viewer_where_pattern(), PosixClasses::on).value();
    const std::size_t at = where_syntax.mismatch(text);
    if (at == npos) return std::nullopt;
    // the viewer's `$` also matches before a final newline
    if (!text.empty() && text.back() == '\n' && where_syntax.full_match(text.substr(0, text.size() - 1)))
        return std::nullopt;
    return "at column " + std::to_string(column_at(text, at)) + ": " + syntax_hint(text, at);
}

// ------------------------------------------------------------------------------------------------
// The tree: nodes in one vector, children by index.

enum class Kind : std::uint8_t {
    column,       // a top-level column: names[index]
    field,        // a field of `left` (a struct): names[index]
    literal,      // literals[index]
    function,     // `function` of `left` and, for two-argument ones, `right`
    logical_and,  // operands[index .. index+count)
    logical_or,
    logical_not,  // of `left`
    is_null,      // `left` IS NULL
    is_boolean,   // `left` IS TRUE (truth) or IS FALSE
    compare,      // `left` comparison `right`
    match,        // `left` pattern `right`: likes[index] or regexes[index]; no_index for a NULL pattern
};

// What a node's value is, as far as the expression alone tells: a column's type is not known until a
// row is read (dynamic).
enum class Static : std::uint8_t { dynamic, null, boolean, number, string };

enum class Func : std::uint8_t { length, byte_length, lower, upper, trim, contains, starts_with, ends_with };
enum class Pattern : std::uint8_t { like, ilike, glob, similar };

struct Node {
    Kind kind = Kind::literal;
    Static type = Static::dynamic;
    Comparison comparison = Comparison::equal;
    Func function = Func::length;
    Pattern pattern = Pattern::like;
    bool truth = false;
    std::uint32_t left = no_index;
    std::uint32_t right = no_index;
    std::uint32_t index = no_index;
    std::uint32_t count = 0;
    std::size_t offset = 0;  // where it starts in the condition, for messages
};

struct Literal {
    Static type = Static::null;
    bool boolean = false;
    Number number;
    std::string text;                 // a string's decoded text
    std::string spelling;             // as written, for messages: 5, 'abc', true, null
    std::optional<Number> as_number;  // a string that spells a number (DuckDB casts it for a number column)
    std::optional<bool> as_boolean;   // a string that spells a boolean
};

struct Name {
    std::string folded;   // to find the column or field
    std::string display;  // the whole path as written, for messages: "detoxify"."toxicity"
    std::string field;    // the last part as written: "toxicity"
};

struct FunctionInfo {
    std::string_view name;
    Func function;
    int arity;  // with the value it is called on
};

// The fake's _Checker.FUNCS.
constexpr FunctionInfo functions[] = {
    {"length", Func::length, 1},      {"len", Func::length, 1},
    {"strlen", Func::byte_length, 1}, {"lower", Func::lower, 1},
    {"upper", Func::upper, 1},        {"trim", Func::trim, 1},
    {"contains", Func::contains, 2},  {"starts_with", Func::starts_with, 2},
    {"prefix", Func::starts_with, 2}, {"ends_with", Func::ends_with, 2},
    {"suffix", Func::ends_with, 2},
};

std::string_view function_name(Func function) {
    for (const FunctionInfo& info : functions) {
        if (info.function == function) return info.name;
    }
    return "?";
}

std::string_view pattern_name(Pattern pattern) {
    switch (pattern) {
        case Pattern::like: return "LIKE";
        case Pattern::ilike: return "ILIKE";
        case Pattern::glob: return "GLOB";
        case Pattern::similar: return "SIMILAR TO";
    }
    return "?";
}

struct Program {
    std::vector<Node> nodes;
    std::vector<std::uint32_t> operands;  // AND's and OR's operands, each node's in one run
    std::vector<Literal> literals;
    std::vector<Name> names;
    std::vector<LikePattern> likes;
    std::vector<Regex> regexes;
    std::uint32_t root = no_index;
};

std::string literal_phrase(const Literal& literal) {
    switch (literal.type) {
        case Static::number: return "the number " + literal.spelling;
        case Static::string: return "the string " + literal.spelling;
        case Static::boolean: return "the boolean " + literal.spelling;
        default: return "null";
    }
}

// ------------------------------------------------------------------------------------------------
// The fake's tokenizer and parser (_tokenize, _Parser) with the static half of its checker.

struct Token {
    enum class Kind : std::uint8_t { identifier, string, number, word, symbol, end };
    Kind kind = Kind::end;
    std::string text;  // identifier, string: decoded; word: lower case; number, symbol: as written
    std::size_t offset = 0;
    std::size_t length = 0;  // in the condition
};

// Longest first, as the fake tries them.
constexpr std::string_view token_symbols[] = {"!~~*", "!~~", "~~~", "~~*", "!~", "~~", "<>", "!=", "<=", ">=", "==",
                                              "=",    "<",   ">",   "~",   "(",  ")",  ".",  ",",  "*",  "!"};

std::vector<Token> tokenize(std::string_view text) {
    std::vector<Token> tokens;
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (c == ' ' || (c >= '\t' && c <= '\r')) {
            ++i;
            continue;
        }
        Token token;
        token.offset = i;
        if (c == '"' || c == '\'') {
            std::size_t j = i + 1;
            for (;;) {
                if (j >= text.size()) throw SyntaxError{i, "unterminated quote"};
                if (text[j] == c) {
                    if (j + 1 < text.size() && text[j + 1] == c) {
                        token.text += c;
                        j += 2;
                        continue;
                    }
                    break;
                }
                token.text += text[j++];
            }
            token.kind = c == '"' ? Token::Kind::identifier : Token::Kind::string;
            i = j + 1;
        } else if (is_ascii_digit(static_cast<unsigned char>(c))) {
            std::size_t j = i;
            while (j < text.size() && (is_ascii_digit(static_cast<unsigned char>(text[j])) || text[j] == '.')) ++j;
            token.kind = Token::Kind::number;
            token.text = text.substr(i, j - i);
            if (std::count(token.text.begin(), token.text.end(), '.') > 1)
                throw SyntaxError{i, "bad number " + token.text};
            i = j;
        } else if (is_ascii_alpha(static_cast<unsigned char>(c)) || c == '_') {
            std::size_t j = i;
            while (j < text.size() && is_word_char(static_cast<unsigned char>(text[j]))) ++j;
            token.kind = Token::Kind::word;
            token.text = ascii_lowered(text.substr(i, j - i));
            i = j;
        } else {
            const auto* symbol = std::find_if(std::begin(token_symbols), std::end(token_symbols),
                                              [&](std::string_view s) { return text.substr(i).starts_with(s); });
            if (symbol == std::end(token_symbols)) throw SyntaxError{i, "unexpected character"};
            token.kind = Token::Kind::symbol;
            token.text = *symbol;
            i += symbol->size();
        }
        token.length = i - token.offset;
        tokens.push_back(std::move(token));
    }
    Token end;
    end.offset = text.size();
    tokens.push_back(std::move(end));
    return tokens;
}

class WhereParser {
public:
    WhereParser(std::string_view text, Program& program) : text_(text), tokens_(tokenize(text)), program_(program) {}

    std::uint32_t parse() {
        const std::uint32_t root = disjunction();
        if (peek().kind != Token::Kind::end) fail(peek(), "expected AND, OR or the end, not " + shown(peek()));
        need_condition(root, "the condition");
        return root;
    }

private:
    const Token& peek(std::size_t ahead = 0) const { return tokens_[std::min(next_ + ahead, tokens_.size() - 1)]; }
    const Token& take() { return tokens_[std::min(next_++, tokens_.size() - 1)]; }
    bool word(std::string_view w, std::size_t ahead = 0) const {
        return peek(ahead).kind == Token::Kind::word && peek(ahead).text == w;
    }
    bool symbol(std::string_view s) const { return peek().kind == Token::Kind::symbol && peek().text == s; }
    std::string shown(const Token& token) const {
        return token.kind == Token::Kind::end ? "the end" : std::string(text_.substr(token.offset, token.length));
    }
    [[noreturn]] static void fail(std::size_t offset, std::string message) {
        throw SyntaxError{offset, std::move(message)};
    }
    [[noreturn]] static void fail(const Token& token, std::string message) { fail(token.offset, std::move(message)); }
    void expect(std::string_view s) {
        if (!symbol(s)) fail(peek(), "expected '" + std::string(s) + "', not " + shown(peek()));
        take();
    }

    const Node& node(std::uint32_t index) const { return program_.nodes[index]; }
    std::uint32_t add(Node n) {
        program_.nodes.push_back(n);
        return static_cast<std::uint32_t>(program_.nodes.size() - 1);
    }

    // What a node is, for messages: "the number 5", "a string".
    std::string what(std::uint32_t index) const {
        const Node& n = node(index);
        if (n.kind == Kind::literal) return literal_phrase(program_.literals[n.index]);
        switch (n.type) {
            case Static::boolean: return "a boolean";
            case Static::number: return "a number";
            case Static::string: return "a string";
            case Static::null: return "null";
            case Static::dynamic: return "a column";
        }
        return "a value";
    }

    // AND, OR, NOT and the condition itself take booleans (a column's is checked on each row).
    void need_condition(std::uint32_t index, std::string_view user) const {
        const Static type = node(index).type;
        if (type != Static::dynamic && type != Static::boolean && type != Static::null)
            fail(node(index).offset, std::string(user) + " needs a boolean, not " + what(index));
    }

    std::uint32_t logical(Kind kind, const std::vector<std::uint32_t>& operands) {
        for (const std::uint32_t operand : operands) need_condition(operand, kind == Kind::logical_and ? "AND" : "OR");
        Node n;
        n.kind = kind;
        n.type = Static::boolean;
        n.index = static_cast<std::uint32_t>(program_.operands.size());
        n.count = static_cast<std::uint32_t>(operands.size());
        n.offset = node(operands[0]).offset;
        program_.operands.insert(program_.operands.end(), operands.begin(), operands.end());
        return add(n);
    }

    std::uint32_t disjunction() {
        std::vector<std::uint32_t> operands{conjunction()};
        while (word("or")) {
            take();
            operands.push_back(conjunction());
        }
        return operands.size() == 1 ? operands[0] : logical(Kind::logical_or, operands);
    }

    std::uint32_t conjunction() {
        std::vector<std::uint32_t> operands{negation()};
        while (word("and")) {
            take();
            operands.push_back(negation());
        }
        return operands.size() == 1 ? operands[0] : logical(Kind::logical_and, operands);
    }

    std::uint32_t negation() {
        if (!word("not")) return comparison();
        const std::size_t offset = take().offset;
        nest(offset);
        const std::uint32_t operand = negation();
        --depth_;
        return negated(operand, offset);
    }

    std::uint32_t negated(std::uint32_t operand, std::size_t offset) {
        need_condition(operand, "NOT");
        Node n;
        n.kind = Kind::logical_not;
        n.type = Static::boolean;
        n.left = operand;
        n.offset = offset;
        return add(n);
    }

    void nest(std::size_t offset) {
        if (++depth_ > max_nesting) fail(offset, "parentheses nested too deeply");
    }

    std::uint32_t comparison() {
        const std::uint32_t left = postfix();
        const Token& t = peek();
        if (t.kind == Token::Kind::symbol) {
            static constexpr std::pair<std::string_view, Comparison> comparisons[] = {
                {"=", Comparison::equal},      {"==", Comparison::equal},         {"<>", Comparison::not_equal},
                {"!=", Comparison::not_equal}, {"<", Comparison::less},           {"<=", Comparison::less_equal},
                {">", Comparison::greater},    {">=", Comparison::greater_equal},
            };
            for (const auto& [spelling, comparison] : comparisons) {
                if (t.text == spelling) {
                    take();
                    return compare(comparison, left, postfix());
                }
            }
            static constexpr std::pair<std::string_view, Pattern> matches[] = {
                {"~~", Pattern::like},  {"!~~", Pattern::like},  {"~~*", Pattern::ilike},  {"!~~*", Pattern::ilike},
                {"~~~", Pattern::glob}, {"~", Pattern::similar}, {"!~", Pattern::similar},
            };
            for (const auto& [spelling, pattern] : matches) {
                if (t.text == spelling) {
                    const bool negate = t.text[0] == '!';
                    const std::size_t offset = take().offset;
                    const std::uint32_t m = match(pattern, left, postfix());
                    return negate ? negated(m, offset) : m;
                }
            }
        }
        if (word("is")) {
            const std::size_t offset = take().offset;
            bool negate = false;
            if (word("not")) {
                take();
                negate = true;
            }
            const Token& v = take();
            Node n;
            n.type = Static::boolean;
            n.left = left;
            n.offset = node(left).offset;
            if (v.kind == Token::Kind::word && v.text == "null") {
                n.kind = Kind::is_null;
            } else if (v.kind == Token::Kind::word && (v.text == "true" || v.text == "false")) {
                need_condition(left, v.text == "true" ? "IS TRUE" : "IS FALSE");
                n.kind = Kind::is_boolean;
                n.truth = v.text == "true";
            } else {
                fail(v, "IS must be followed by NULL, TRUE or FALSE, not " + shown(v));
            }
            const std::uint32_t is = add(n);
            return negate ? negated(is, offset) : is;
        }
        bool negate = false;
        if (word("not") && (word("like", 1) || word("ilike", 1) || word("glob", 1) || word("similar", 1))) {
            take();
            negate = true;
        }
        static constexpr std::pair<std::string_view, Pattern> keywords[] = {
            {"like", Pattern::like}, {"ilike", Pattern::ilike}, {"glob", Pattern::glob}, {"similar", Pattern::similar}};
        for (const auto& [keyword, pattern] : keywords) {
            if (!word(keyword)) continue;
            const std::size_t offset = take().offset;
            if (pattern == Pattern::similar) {
                if (!word("to")) fail(peek(), "SIMILAR must be followed by TO");
                take();
            }
            const std::uint32_t m = match(pattern, left, postfix());
            return negate ? negated(m, offset) : m;
        }
        return left;
    }

    std::uint32_t postfix() {
        std::uint32_t e = primary();
        while (symbol(".")) {
            take();
            const Token& t = take();
            if (t.kind == Token::Kind::identifier) {
                e = field(e, t);
            } else if (t.kind == Token::Kind::word) {
                expect("(");
                std::vector<std::uint32_t> arguments{e};
                if (!symbol(")")) {
                    arguments.push_back(disjunction());
                    while (symbol(",")) {
                        take();
                        arguments.push_back(disjunction());
                    }
                }
                expect(")");
                e = call(t, arguments);
            } else {
                fail(t, "expected a field name in double quotes or a function after '.', not " + shown(t));
            }
        }
        return e;
    }

    std::uint32_t primary() {
        const Token& t = take();
        switch (t.kind) {
            case Token::Kind::identifier: {
                program_.names.push_back(Name{folded(t.text), quoted(t.text, '"'), quoted(t.text, '"')});
                Node n;
                n.kind = Kind::column;
                n.index = static_cast<std::uint32_t>(program_.names.size() - 1);
                n.offset = t.offset;
                return add(n);
            }
            case Token::Kind::string:
            case Token::Kind::number: return literal(t);
            case Token::Kind::word:
                if (t.text == "true" || t.text == "false" || t.text == "null") return literal(t);
                break;
            case Token::Kind::symbol:
                if (t.text == "(") {
                    nest(t.offset);
                    const std::uint32_t inner = disjunction();
                    --depth_;
                    expect(")");
                    return inner;
                }
                break;
            case Token::Kind::end: break;
        }
        fail(t, "expected a value, not " + shown(t));
    }

    std::uint32_t literal(const Token& t) {
        Literal l;
        l.spelling = text_.substr(t.offset, t.length);
        if (t.kind == Token::Kind::number) {
            l.type = Static::number;
            l.number = parse_decimal(t.text);
        } else if (t.kind == Token::Kind::string) {
            l.type = Static::string;
            l.text = t.text;
            l.as_number = number_from_text(l.text);
            l.as_boolean = boolean_from_text(l.text);
        } else if (t.text == "null") {
            l.type = Static::null;
        } else {
            l.type = Static::boolean;
            l.boolean = t.text == "true";
            l.spelling = t.text;
        }
        return add_literal(std::move(l), t.offset);
    }

    std::uint32_t add_literal(Literal l, std::size_t offset) {
        Node n;
        n.kind = Kind::literal;
        n.type = l.type;
        n.index = static_cast<std::uint32_t>(program_.literals.size());
        n.offset = offset;
        program_.literals.push_back(std::move(l));
        return add(n);
    }

    std::uint32_t field(std::uint32_t inner, const Token& name) {
        const Node& of = node(inner);
        if (of.kind != Kind::column && of.kind != Kind::field)
            fail(name, "field " + quoted(name.text, '"') + " of " + what(inner) + ", which is not a struct");
        const std::string part = quoted(name.text, '"');
        program_.names.push_back(Name{folded(name.text), program_.names[of.index].display + "." + part, part});
        Node n;
        n.kind = Kind::field;
        n.left = inner;
        n.index = static_cast<std::uint32_t>(program_.names.size() - 1);
        n.offset = of.offset;
        return add(n);
    }

    std::uint32_t call(const Token& name, const std::vector<std::uint32_t>& arguments) {
        const auto* info = std::find_if(std::begin(functions), std::end(functions),
                                        [&](const FunctionInfo& f) { return f.name == name.text; });
        if (info == std::end(functions)) fail(name, "unknown function " + name.text + "()");
        if (static_cast<int>(arguments.size()) != info->arity) {
            fail(name, name.text + "() takes " + (info->arity == 1 ? "no argument" : "one argument") + ", not " +
                           std::to_string(arguments.size() - 1));
        }
        for (const std::uint32_t argument : arguments) {
            const Static type = node(argument).type;
            const bool list_ok = info->function == Func::length;
            if (type == Static::boolean || type == Static::number) {
                fail(node(argument).offset,
                     name.text + "() needs a string" + (list_ok ? " or a list" : "") + ", not " + what(argument));
            }
        }
        Node n;
        n.kind = Kind::function;
        n.function = info->function;
        n.left = arguments[0];
        if (arguments.size() > 1) n.right = arguments[1];
        n.offset = node(arguments[0]).offset;
        switch (info->function) {
            case Func::length:
            case Func::byte_length: n.type = Static::number; break;
            case Func::lower:
            case Func::upper:
            case Func::trim: n.type = Static::string; break;
            default: n.type = Static::boolean; break;
        }
        return add(n);
    }

    // The fake's _cast_literal, where the other side's type is known here: a string literal spelling a
    // number or a boolean becomes one; anything else is a mismatch.
    void cast(std::uint32_t literal_node, Static to, std::uint32_t other) {
        const Literal& l = program_.literals[node(literal_node).index];
        Literal cast = l;
        if (l.type == Static::string && to == Static::number) {
            if (!l.as_number) {
                fail(node(literal_node).offset,
                     "the string " + l.spelling + " is not a number, so it cannot be compared with " + what(other));
            }
            cast.number = *l.as_number;
        } else if (l.type == Static::string && to == Static::boolean && l.as_boolean) {
            cast.boolean = *l.as_boolean;
        } else {
            fail(node(literal_node).offset, what(other) + " cannot be compared with " + literal_phrase(l));
        }
        cast.type = to;
        const std::size_t offset = node(literal_node).offset;
        const std::uint32_t replacement = add_literal(std::move(cast), offset);
        program_.nodes[literal_node] = program_.nodes[replacement];
    }

    std::uint32_t compare(Comparison comparison, std::uint32_t left, std::uint32_t right) {
        const Static a = node(left).type;
        const Static b = node(right).type;
        if (a != Static::dynamic && b != Static::dynamic && a != b && a != Static::null && b != Static::null) {
            if (node(right).kind == Kind::literal) {
                cast(right, a, left);
            } else if (node(left).kind == Kind::literal) {
                cast(left, b, right);
            } else {
                fail(node(left).offset, what(left) + " cannot be compared with " + what(right));
            }
        }
        Node n;
        n.kind = Kind::compare;
        n.type = Static::boolean;
        n.comparison = comparison;
        n.left = left;
        n.right = right;
        n.offset = node(left).offset;
        return add(n);
    }

    std::uint32_t match(Pattern pattern, std::uint32_t left, std::uint32_t right) {
        const std::string name(pattern_name(pattern));
        const Static a = node(left).type;
        if (a != Static::dynamic && a != Static::string && a != Static::null)
            fail(node(left).offset, name + " needs a string, not " + what(left));
        // The viewer's regex lets only a literal through after the operator.
        if (node(right).kind != Kind::literal ||
            (node(right).type != Static::string && node(right).type != Static::null))
            fail(node(right).offset, name + " needs a string pattern, not " + what(right));
        Node n;
        n.kind = Kind::match;
        n.type = Static::boolean;
        n.pattern = pattern;
        n.left = left;
        n.right = right;
        n.offset = node(left).offset;
        const Literal& l = program_.literals[node(right).index];
        if (l.type == Static::string) {
            if (pattern == Pattern::like || pattern == Pattern::ilike) {
                n.index = static_cast<std::uint32_t>(program_.likes.size());
                program_.likes.emplace_back(pattern == Pattern::like ? l.text : lowered(l.text));
            } else {
                auto regex = compile_regex(pattern == Pattern::glob ? glob_to_regex(l.text) : l.text,
                                           pattern == Pattern::glob ? PosixClasses::off : PosixClasses::on);
                if (!regex) {
                    fail(node(right).offset,
                         std::string(pattern == Pattern::glob ? "bad GLOB pattern " : "bad regular expression ") +
                             l.spelling + ": " + regex.error());
                }
                n.index = static_cast<std::uint32_t>(program_.regexes.size());
                program_.regexes.push_back(std::move(regex).value());
            }
        }
        return add(n);
    }

    std::string_view text_;
    std::vector<Token> tokens_;
    Program& program_;
    std::size_t next_ = 0;
    int depth_ = 0;
};

// ------------------------------------------------------------------------------------------------
// Evaluation, one row at a time. A missing column or field and JSON null are SQL NULL (the fake, which
// knows the schema, refuses an unknown column; here rows may simply lack it); a comparison with NULL is
// unknown, and a row matches only when the condition is true. The type checks the fake
// makes from the schema are made here on the values (a null value has no type to check): a string
// column compared with a number, say, throws, naming the column. AND and OR stop at the first operand
// that decides them, so a check in an operand they skip is not made on that row.

enum class Truth : std::uint8_t { no, yes, unknown };

Truth truth_of(bool b) { return b ? Truth::yes : Truth::no; }

struct Value {
    enum class Storage : std::uint8_t { none, member, view, owned };
    json::Type type = json::Type::null;
    Storage storage = Storage::none;  // where a string's text is
    bool boolean = false;
    Number number;          // a number not read from the row
    json::Member member;    // a value read from the row, not yet decoded
    std::string_view view;  // text held elsewhere: a literal, part of the row
    std::string owned;      // text made here: decoded escapes, lower(), upper()
    std::size_t from = 0;   // the part of `owned` that is the text (trim() narrows it)
    std::size_t to = 0;
    const Literal* literal = nullptr;  // the literal it is, for casts and messages
    const Name* column = nullptr;      // the column it was read from, for messages
};

const json::Member* find_member(const std::vector<json::Member>& members, std::string_view folded_name) {
    std::string key;  // only for keys with escapes
    for (const json::Member& member : members) {
        if (!member.key_escaped) {
            if (equal_folded(member.key, folded_name)) return &member;
            continue;
        }
        key.clear();
        json::unescape(member.key, key);
        if (equal_folded(key, folded_name)) return &member;
    }
    return nullptr;
}

class Evaluator {
public:
    Evaluator(const Program& program, const std::vector<json::Member>& row) : program_(program), row_(row) {}

    Truth truth(std::uint32_t index) {
        const Node& node = program_.nodes[index];
        switch (node.kind) {
            case Kind::logical_and: {
                Truth result = Truth::yes;
                for (std::uint32_t k = 0; k < node.count; ++k) {
                    const Truth t = truth(program_.operands[node.index + k]);
                    if (t == Truth::no) return Truth::no;
                    if (t == Truth::unknown) result = Truth::unknown;
                }
                return result;
            }
            case Kind::logical_or: {
                Truth result = Truth::no;
                for (std::uint32_t k = 0; k < node.count; ++k) {
                    const Truth t = truth(program_.operands[node.index + k]);
                    if (t == Truth::yes) return Truth::yes;
                    if (t == Truth::unknown) result = Truth::unknown;
                }
                return result;
            }
            case Kind::logical_not: {
                const Truth t = truth(node.left);
                return t == Truth::unknown ? t : truth_of(t == Truth::no);
            }
            case Kind::is_null: return truth_of(value(node.left).type == json::Type::null);
            case Kind::is_boolean: {
                const Value v = value(node.left);
                if (v.type == json::Type::null) return Truth::no;
                if (v.type != json::Type::boolean)
                    type_error(v, node.truth ? "IS TRUE needs a boolean" : "IS FALSE needs a boolean");
                return truth_of(v.boolean == node.truth);
            }
            case Kind::compare: return compare(node);
            case Kind::match: return match(node);
            default: {
                const Value v = value(index);
                if (v.type == json::Type::null) return Truth::unknown;
                if (v.type != json::Type::boolean) type_error(v, "a condition needs a boolean");
                return truth_of(v.boolean);
            }
        }
    }

private:
    Value value(std::uint32_t index) {
        const Node& node = program_.nodes[index];
        switch (node.kind) {
            case Kind::column: return read(row_, node);
            case Kind::field: {
                const Value of = value(node.left);
                if (of.type == json::Type::null) return with_column(Value{}, node);
                if (of.type != json::Type::object) {
                    throw Error(subject(of) + " is " + std::string(json::describe(of.type)) +
                                ", not an object, so it has no field " + program_.names[node.index].field);
                }
                std::vector<json::Member> members;
                json::scan_object(of.member.value, members);
                return read(members, node);
            }
            case Kind::literal: {
                const Literal& l = program_.literals[node.index];
                Value v;
                v.literal = &l;
                switch (l.type) {
                    case Static::boolean:
                        v.type = json::Type::boolean;
                        v.boolean = l.boolean;
                        break;
                    case Static::number:
                        v.type = json::Type::number;
                        v.number = l.number;
                        break;
                    case Static::string:
                        v.type = json::Type::string;
                        v.storage = Value::Storage::view;
                        v.view = l.text;
                        break;
                    default: break;
                }
                return v;
            }
            case Kind::function: return function(node);
            default: {
                const Truth t = truth(index);
                Value v;
                if (t != Truth::unknown) {
                    v.type = json::Type::boolean;
                    v.boolean = t == Truth::yes;
                }
                return v;
            }
        }
    }

    Value with_column(Value v, const Node& node) const {
        v.column = &program_.names[node.index];
        return v;
    }

    Value read(const std::vector<json::Member>& members, const Node& node) const {
        Value v;
        v.column = &program_.names[node.index];
        const json::Member* member = find_member(members, v.column->folded);
        if (!member || member->type == json::Type::null) return v;
        v.type = member->type;
        if (member->type == json::Type::boolean) {
            v.boolean = member->value == "true";
        } else {
            v.member = *member;
            v.storage = Value::Storage::member;
        }
        return v;
    }

    // A string value's text, decoded from the row when it has escapes.
    static std::string_view text(Value& v) {
        if (v.storage == Value::Storage::member) {
            if (!v.member.string.escaped) {
                v.view = v.member.string_body();
                v.storage = Value::Storage::view;
            } else {
                v.owned.clear();
                v.owned.reserve(v.member.string.decoded_bytes);
                json::unescape(v.member.string_body(), v.owned);
                v.from = 0;
                v.to = v.owned.size();
                v.storage = Value::Storage::owned;
            }
        }
        if (v.storage == Value::Storage::owned) return std::string_view(v.owned).substr(v.from, v.to - v.from);
        return v.view;
    }

    static Number number(const Value& v) {
        return v.storage == Value::Storage::member ? parse_decimal(v.member.value) : v.number;
    }

    static std::string subject(const Value& v) {
        if (v.column) return "column " + v.column->display;
        if (v.literal) return literal_phrase(*v.literal);
        return "a value";
    }

    [[noreturn]] static void type_error(const Value& v, const std::string& needs) {
        throw Error(subject(v) + " is " + std::string(json::describe(v.type)) + ", but " + needs);
    }

    Value function(const Node& node) {
        Value receiver = value(node.left);
        Value argument;
        if (node.right != no_index) argument = value(node.right);
        const std::string name(function_name(node.function));
        const bool takes_list = node.function == Func::length;
        if (receiver.type != json::Type::null && receiver.type != json::Type::string &&
            !(takes_list && receiver.type == json::Type::array))
            type_error(receiver, name + "() needs a string" + (takes_list ? " or a list" : ""));
        if (argument.type != json::Type::null && argument.type != json::Type::string)
            type_error(argument, name + "() needs a string");
        Value result;
        if (receiver.type == json::Type::null || (node.right != no_index && argument.type == json::Type::null))
            return result;
        switch (node.function) {
            case Func::length: {
                result.type = json::Type::number;
                result.number.exact = true;
                if (receiver.type == json::Type::array) {
                    std::vector<json::Member> elements;
                    json::scan_array(receiver.member.value, elements);
                    result.number.integer = static_cast<std::int64_t>(elements.size());
                } else if (receiver.storage == Value::Storage::member) {
                    result.number.integer = static_cast<std::int64_t>(receiver.member.string.chars);
                } else {
                    result.number.integer = static_cast<std::int64_t>(utf8::count_code_points(text(receiver)));
                }
                return result;
            }
            case Func::byte_length:
                result.type = json::Type::number;
                result.number.exact = true;
                result.number.integer = static_cast<std::int64_t>(text(receiver).size());
                return result;
            case Func::lower:
            case Func::upper:
                result.type = json::Type::string;
                result.storage = Value::Storage::owned;
                append_mapped(result.owned, text(receiver), node.function == Func::lower ? to_lower : to_upper);
                result.to = result.owned.size();
                return result;
            case Func::trim: {  // spaces only, as DuckDB's trim() and the fake's strip(" ")
                const std::string_view s = text(receiver);
                const std::size_t first = s.find_first_not_of(' ');
                const std::size_t begin = first == npos ? s.size() : first;
                const std::size_t end = first == npos ? s.size() : s.find_last_not_of(' ') + 1;
                if (receiver.storage == Value::Storage::owned) {
                    const std::size_t base = receiver.from;
                    result.owned = std::move(receiver.owned);
                    result.from = base + begin;
                    result.to = base + end;
                    result.storage = Value::Storage::owned;
                } else {
                    result.view = s.substr(begin, end - begin);
                    result.storage = Value::Storage::view;
                }
                result.type = json::Type::string;
                return result;
            }
            case Func::contains:
            case Func::starts_with:
            case Func::ends_with: {
                const std::string_view s = text(receiver);
                const std::string_view part = text(argument);
                result.type = json::Type::boolean;
                result.boolean = node.function == Func::contains      ? s.find(part) != npos
                                 : node.function == Func::starts_with ? s.starts_with(part)
                                                                      : s.ends_with(part);
                return result;
            }
        }
        return result;
    }

    // The literal `l` made the type of `other` (the fake's _cast_literal), or the error it raises.
    static Value cast(const Value& l, const Value& other) {
        const Literal& literal = *l.literal;
        Value v = l;
        if (literal.type == Static::string && other.type == json::Type::number) {
            if (!literal.as_number) {
                throw Error(subject(other) + " is a number, compared with the string " + literal.spelling +
                            ", which is not a number");
            }
            v.type = json::Type::number;
            v.number = *literal.as_number;
            return v;
        }
        if (literal.type == Static::string && other.type == json::Type::boolean) {
            if (!literal.as_boolean) {
                throw Error(subject(other) + " is a boolean, compared with the string " + literal.spelling +
                            ", which is not a boolean");
            }
            v.type = json::Type::boolean;
            v.boolean = *literal.as_boolean;
            return v;
        }
        throw Error(subject(other) + " is " + std::string(json::describe(other.type)) + ", compared with " +
                    literal_phrase(literal));
    }

    Truth compare(const Node& node) {
        Value a = value(node.left);
        Value b = value(node.right);
        for (const Value* v : {&a, &b}) {
            if (v->type == json::Type::object || v->type == json::Type::array)
                throw Error(subject(*v) + " is " + std::string(json::describe(v->type)) + ", which cannot be compared");
        }
        if (a.type == json::Type::null || b.type == json::Type::null) return Truth::unknown;
        if (a.type != b.type) {
            if (b.literal) {
                b = cast(b, a);
            } else if (a.literal) {
                a = cast(a, b);
            } else {
                throw Error(subject(a) + " is " + std::string(json::describe(a.type)) + ", compared with " +
                            subject(b) + ", which is " + std::string(json::describe(b.type)));
            }
        }
        switch (a.type) {
            case json::Type::number: return truth_of(holds(node.comparison, number(a), number(b)));
            case json::Type::string: {
                const std::string_view x = text(a);
                const std::string_view y = text(b);
                return truth_of(holds(node.comparison, x.compare(y), 0));  // bytes: code point order
            }
            default: return truth_of(holds(node.comparison, static_cast<int>(a.boolean), static_cast<int>(b.boolean)));
        }
    }

    Truth match(const Node& node) {
        Value a = value(node.left);
        if (a.type != json::Type::null && a.type != json::Type::string)
            type_error(a, std::string(pattern_name(node.pattern)) + " needs a string");
        if (a.type == json::Type::null || node.index == no_index) return Truth::unknown;
        const std::string_view s = text(a);
        if (node.pattern == Pattern::like) return truth_of(program_.likes[node.index].matches(s));
        if (node.pattern == Pattern::ilike) return truth_of(program_.likes[node.index].matches(lowered(s)));
        return truth_of(program_.regexes[node.index].full_match(s));
    }

    const Program& program_;
    const std::vector<json::Member>& row_;
};

}  // namespace

struct RowFilter::Tree {
    Program program;
};

RowFilter::RowFilter(std::unique_ptr<Tree> tree) : tree_(std::move(tree)) {}
RowFilter::RowFilter(RowFilter&&) noexcept = default;
RowFilter& RowFilter::operator=(RowFilter&&) noexcept = default;
RowFilter::~RowFilter() = default;

bool RowFilter::reads_column(std::string_view name) const {
    const std::string wanted = folded(name);
    for (const Name& n : tree_->program.names) {
        if (n.folded == wanted) return true;  // fields of structs too: reading one more column is harmless
    }
    return false;
}

Result<RowFilter> RowFilter::parse(std::string_view expression) {
    if (const auto bad = utf8::find_invalid(expression))
        return Fail{"at column " + std::to_string(column_at(expression, *bad)) + ": not valid UTF-8"};
    if (auto refusal = viewer_refusal(expression)) return Fail{std::move(*refusal)};
    auto tree = std::make_unique<Tree>();
    try {
        WhereParser parser(expression, tree->program);
        tree->program.root = parser.parse();
    } catch (const SyntaxError& error) {
        return Fail{"at column " + std::to_string(column_at(expression, error.offset)) + ": " + error.message};
    }
    return RowFilter(std::move(tree));
}

bool RowFilter::matches(const std::vector<json::Member>& row) const {
    Evaluator evaluator(tree_->program, row);
    return evaluator.truth(tree_->program.root) == Truth::yes;
}

}  // namespace seed::hfstream
