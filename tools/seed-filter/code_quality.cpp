// The Stack's code-quality measures: line lengths, the alphanumeric share, comments by
// language family, the XML header and generated-file markers.
#include "code_quality.hpp"

#include <algorithm>
#include <array>
#include <cstddef>

#include "unicode/char_class.hpp"
#include "utf8.hpp"

namespace seed::filter {

namespace {

constexpr std::size_t npos = std::string_view::npos;

constexpr char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

constexpr bool is_ascii_alnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

constexpr bool is_ascii_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// ---------------------------------------------------------------------------------------------
// Name tables

struct Language {
    std::string_view name;  // lower case
    CommentSyntax syntax;
};

// Names as seed-gitextract, The Stack ("lang") and GitHub Code ("language") write them, in lower
// case, sorted byte-wise for the binary search.
constexpr std::array languages{
    Language{"actionscript", CommentSyntax::c},
    Language{"ada", CommentSyntax::dash},
    Language{"agda", CommentSyntax::dash},
    Language{"apex", CommentSyntax::c},
    Language{"asm", CommentSyntax::semicolon},
    Language{"assembly", CommentSyntax::semicolon},
    Language{"awk", CommentSyntax::hash},
    Language{"bash", CommentSyntax::hash},
    Language{"c", CommentSyntax::c},
    Language{"c#", CommentSyntax::c},
    Language{"c++", CommentSyntax::c},
    Language{"clojure", CommentSyntax::semicolon},
    Language{"clojurescript", CommentSyntax::semicolon},
    Language{"cmake", CommentSyntax::hash},
    Language{"coffeescript", CommentSyntax::hash},
    Language{"common lisp", CommentSyntax::semicolon},
    Language{"cpp", CommentSyntax::c},
    Language{"crystal", CommentSyntax::hash},
    Language{"csharp", CommentSyntax::c},
    Language{"css", CommentSyntax::c},
    Language{"cuda", CommentSyntax::c},
    Language{"cython", CommentSyntax::python},
    Language{"d", CommentSyntax::c},
    Language{"dart", CommentSyntax::c},
    Language{"dockerfile", CommentSyntax::hash},
    Language{"elisp", CommentSyntax::semicolon},
    Language{"elixir", CommentSyntax::hash},
    Language{"elm", CommentSyntax::dash},
    Language{"emacs lisp", CommentSyntax::semicolon},
    Language{"erlang", CommentSyntax::percent},
    Language{"fish", CommentSyntax::hash},
    Language{"glsl", CommentSyntax::c},
    Language{"go", CommentSyntax::c},
    Language{"golang", CommentSyntax::c},
    Language{"graphql", CommentSyntax::hash},
    Language{"groovy", CommentSyntax::c},
    Language{"haskell", CommentSyntax::dash},
    Language{"hlsl", CommentSyntax::c},
    Language{"html", CommentSyntax::markup},
    Language{"idris", CommentSyntax::dash},
    Language{"java", CommentSyntax::c},
    Language{"javascript", CommentSyntax::c},
    Language{"js", CommentSyntax::c},
    Language{"jsx", CommentSyntax::c},
    Language{"julia", CommentSyntax::hash},
    Language{"kotlin", CommentSyntax::c},
    Language{"latex", CommentSyntax::percent},
    Language{"less", CommentSyntax::c},
    Language{"lisp", CommentSyntax::semicolon},
    Language{"lua", CommentSyntax::dash},
    Language{"make", CommentSyntax::hash},
    Language{"makefile", CommentSyntax::hash},
    Language{"markdown", CommentSyntax::markup},
    Language{"matlab", CommentSyntax::percent},
    Language{"md", CommentSyntax::markup},
    Language{"nasm", CommentSyntax::semicolon},
    Language{"nim", CommentSyntax::hash},
    Language{"nix", CommentSyntax::hash},
    Language{"objc", CommentSyntax::c},
    Language{"objective-c", CommentSyntax::c},
    Language{"objective-c++", CommentSyntax::c},
    Language{"octave", CommentSyntax::percent},
    Language{"perl", CommentSyntax::hash},
    Language{"php", CommentSyntax::c},
    Language{"plist", CommentSyntax::markup},
    Language{"plpgsql", CommentSyntax::dash},
    Language{"plsql", CommentSyntax::dash},
    Language{"postscript", CommentSyntax::percent},
    Language{"powershell", CommentSyntax::hash},
    Language{"prolog", CommentSyntax::percent},
    Language{"protobuf", CommentSyntax::c},
    Language{"protocol buffer", CommentSyntax::c},
    Language{"purescript", CommentSyntax::dash},
    Language{"py", CommentSyntax::python},
    Language{"python", CommentSyntax::python},
    Language{"python3", CommentSyntax::python},
    Language{"r", CommentSyntax::hash},
    Language{"racket", CommentSyntax::semicolon},
    Language{"raku", CommentSyntax::hash},
    Language{"rb", CommentSyntax::hash},
    Language{"ruby", CommentSyntax::hash},
    Language{"rust", CommentSyntax::c},
    Language{"sass", CommentSyntax::c},
    Language{"scala", CommentSyntax::c},
    Language{"scheme", CommentSyntax::semicolon},
    Language{"scss", CommentSyntax::c},
    Language{"sh", CommentSyntax::hash},
    Language{"shell", CommentSyntax::hash},
    Language{"solidity", CommentSyntax::c},
    Language{"sql", CommentSyntax::dash},
    Language{"starlark", CommentSyntax::python},
    Language{"svelte", CommentSyntax::markup},
    Language{"svg", CommentSyntax::markup},
    Language{"swift", CommentSyntax::c},
    Language{"systemverilog", CommentSyntax::c},
    Language{"tcl", CommentSyntax::hash},
    Language{"tex", CommentSyntax::percent},
    Language{"toml", CommentSyntax::hash},
    Language{"ts", CommentSyntax::c},
    Language{"tsql", CommentSyntax::dash},
    Language{"tsx", CommentSyntax::c},
    Language{"typescript", CommentSyntax::c},
    Language{"verilog", CommentSyntax::c},
    Language{"vhdl", CommentSyntax::dash},
    Language{"vue", CommentSyntax::markup},
    Language{"wsdl", CommentSyntax::markup},
    Language{"xaml", CommentSyntax::markup},
    Language{"xhtml", CommentSyntax::markup},
    Language{"xml", CommentSyntax::markup},
    Language{"xsd", CommentSyntax::markup},
    Language{"xsl", CommentSyntax::markup},
    Language{"xslt", CommentSyntax::markup},
    Language{"yaml", CommentSyntax::hash},
    Language{"yml", CommentSyntax::hash},
    Language{"zig", CommentSyntax::c},
    Language{"zsh", CommentSyntax::hash},
};

// The languages in which an XML header is expected, lower case, sorted.
constexpr std::array<std::string_view, 10> xml_like_languages{"html",  "plist", "svg", "wsdl", "xaml",
                                                              "xhtml", "xml",   "xsd", "xsl",  "xslt"};

struct PathName {
    std::string_view key;  // an extension without its dot, or a whole file name
    std::string_view language;
};

// Extensions, compared as written (as seed-gitextract does): "X.PY" has none. Sorted byte-wise.
constexpr std::array extensions{
    PathName{"C", "cpp"},
    PathName{"R", "r"},
    PathName{"S", "assembly"},
    PathName{"adb", "ada"},
    PathName{"ads", "ada"},
    PathName{"asm", "assembly"},
    PathName{"bash", "bash"},
    PathName{"c", "c"},
    PathName{"c++", "cpp"},
    PathName{"cc", "cpp"},
    PathName{"cjs", "javascript"},
    PathName{"clj", "clojure"},
    PathName{"cljc", "clojure"},
    PathName{"cljs", "clojurescript"},
    PathName{"cmake", "cmake"},
    PathName{"coffee", "coffeescript"},
    PathName{"cpp", "cpp"},
    PathName{"cs", "c#"},
    PathName{"css", "css"},
    PathName{"cts", "typescript"},
    PathName{"cu", "cuda"},
    PathName{"cxx", "cpp"},
    PathName{"dart", "dart"},
    PathName{"el", "emacs lisp"},
    PathName{"elm", "elm"},
    PathName{"erl", "erlang"},
    PathName{"ex", "elixir"},
    PathName{"exs", "elixir"},
    PathName{"go", "go"},
    PathName{"gradle", "groovy"},
    PathName{"groovy", "groovy"},
    PathName{"h", "c"},
    PathName{"h++", "cpp"},
    PathName{"hh", "cpp"},
    PathName{"hpp", "cpp"},
    PathName{"hrl", "erlang"},
    PathName{"hs", "haskell"},
    PathName{"htm", "html"},
    PathName{"html", "html"},
    PathName{"hxx", "cpp"},
    PathName{"ipp", "cpp"},
    PathName{"java", "java"},
    PathName{"jl", "julia"},
    PathName{"js", "javascript"},
    PathName{"jsx", "javascript"},
    PathName{"kt", "kotlin"},
    PathName{"kts", "kotlin"},
    PathName{"less", "less"},
    PathName{"lisp", "lisp"},
    PathName{"lsp", "lisp"},
    PathName{"lua", "lua"},
    PathName{"m", "objective-c"},
    PathName{"markdown", "markdown"},
    PathName{"md", "markdown"},
    PathName{"mjs", "javascript"},
    PathName{"mk", "makefile"},
    PathName{"mm", "objective-c++"},
    PathName{"mts", "typescript"},
    PathName{"nim", "nim"},
    PathName{"php", "php"},
    PathName{"pl", "perl"},
    PathName{"plist", "plist"},
    PathName{"pm", "perl"},
    PathName{"proto", "protobuf"},
    PathName{"ps1", "powershell"},
    PathName{"py", "python"},
    PathName{"pyi", "python"},
    PathName{"pyx", "cython"},
    PathName{"r", "r"},
    PathName{"rb", "ruby"},
    PathName{"rkt", "racket"},
    PathName{"rs", "rust"},
    PathName{"s", "assembly"},
    PathName{"sass", "sass"},
    PathName{"scala", "scala"},
    PathName{"scm", "scheme"},
    PathName{"scss", "scss"},
    PathName{"sh", "shell"},
    PathName{"sol", "solidity"},
    PathName{"sql", "sql"},
    PathName{"sv", "systemverilog"},
    PathName{"svelte", "svelte"},
    PathName{"svg", "svg"},
    PathName{"swift", "swift"},
    PathName{"tex", "tex"},
    PathName{"toml", "toml"},
    PathName{"ts", "typescript"},
    PathName{"tsx", "tsx"},
    PathName{"vhd", "vhdl"},
    PathName{"vhdl", "vhdl"},
    PathName{"vue", "vue"},
    PathName{"wsdl", "wsdl"},
    PathName{"xaml", "xaml"},
    PathName{"xhtml", "xhtml"},
    PathName{"xml", "xml"},
    PathName{"xsd", "xsd"},
    PathName{"xsl", "xsl"},
    PathName{"xslt", "xslt"},
    PathName{"yaml", "yaml"},
    PathName{"yml", "yaml"},
    PathName{"zig", "zig"},
    PathName{"zsh", "zsh"},
};

// Whole file names, compared as written. Sorted byte-wise.
constexpr std::array file_names{
    PathName{"CMakeLists.txt", "cmake"}, PathName{"Dockerfile", "dockerfile"}, PathName{"GNUmakefile", "makefile"},
    PathName{"Gemfile", "ruby"},         PathName{"Makefile", "makefile"},     PathName{"Rakefile", "ruby"},
    PathName{"makefile", "makefile"},
};

template <typename Table, typename Key>
constexpr bool sorted_by(const Table& table, Key key) {
    return std::ranges::adjacent_find(table, [&](const auto& a, const auto& b) { return !(key(a) < key(b)); }) ==
           table.end();
}

constexpr bool all_lower_case(std::string_view s) {
    return std::ranges::none_of(s, [](char c) { return c >= 'A' && c <= 'Z'; });
}

static_assert(sorted_by(languages, [](const Language& l) { return l.name; }));
static_assert(std::ranges::all_of(languages, [](const Language& l) { return all_lower_case(l.name); }));
static_assert(sorted_by(xml_like_languages, [](std::string_view s) { return s; }));
static_assert(sorted_by(extensions, [](const PathName& p) { return p.key; }));
static_assert(sorted_by(file_names, [](const PathName& p) { return p.key; }));

// Compares `s`, folded to ASCII lower case, with the lower-case `lower`.
int compare_folded(std::string_view s, std::string_view lower) {
    const std::size_t n = std::min(s.size(), lower.size());
    for (std::size_t i = 0; i < n; ++i) {
        const auto a = static_cast<unsigned char>(ascii_lower(s[i]));
        const auto b = static_cast<unsigned char>(lower[i]);
        if (a != b) return a < b ? -1 : 1;
    }
    return s.size() == lower.size() ? 0 : s.size() < lower.size() ? -1 : 1;
}

// The entry of a sorted lower-case table equal to `s` folded to lower case, or nullptr.
template <typename Table, typename Key>
const typename Table::value_type* find_folded(const Table& table, std::string_view s, Key key) {
    const auto it = std::partition_point(table.begin(), table.end(),
                                         [&](const auto& entry) { return compare_folded(s, key(entry)) > 0; });
    return it != table.end() && compare_folded(s, key(*it)) == 0 ? &*it : nullptr;
}

// The entry of a sorted table equal to `s` as written, or nullptr.
const PathName* find_exact(const auto& table, std::string_view s) {
    const auto it = std::ranges::lower_bound(table, s, {}, &PathName::key);
    return it != table.end() && it->key == s ? &*it : nullptr;
}

// ---------------------------------------------------------------------------------------------
// Comment scanners. They read bytes: every marker and quote is ASCII, and in UTF-8 no byte of a
// multibyte character is ASCII, so a comment found in the bytes is one in the code points.

enum class Span { line, text };  // how far a string literal may run

class CommentScanner {
public:
    explicit CommentScanner(std::string_view text)
        : text_(text), s_(reinterpret_cast<const unsigned char*>(text.data())), n_(text.size()) {}

    std::uint64_t scan(CommentSyntax syntax) {
        switch (syntax) {
            case CommentSyntax::c: scan_c(); break;
            case CommentSyntax::python: scan_python(); break;
            case CommentSyntax::hash: scan_hash(); break;
            case CommentSyntax::dash: scan_dash(); break;
            case CommentSyntax::percent: scan_percent(); break;
            case CommentSyntax::semicolon: scan_semicolon(); break;
            case CommentSyntax::markup: scan_markup(); break;
        }
        return chars_;
    }

private:
    using ByteSet = std::array<bool, 256>;

    static constexpr ByteSet byte_set(std::string_view bytes) {
        ByteSet set{};
        for (const char c : bytes) set[static_cast<unsigned char>(c)] = true;
        return set;
    }

    // The offset of the next byte at or after i that is in `set`, or n_.
    std::size_t next_of(const ByteSet& set, std::size_t i) const {
        while (i < n_ && !set[s_[i]]) ++i;
        return i;
    }

    char at(std::size_t i) const { return i < n_ ? static_cast<char>(s_[i]) : '\0'; }

    void add(std::size_t begin, std::size_t end) {
        chars_ += utf8::count_code_points(text_.substr(begin, end - begin));
    }

    // Adds the line comment starting at i (up to its line break, which is not part of it) and
    // returns where scanning goes on.
    std::size_t line_comment(std::size_t i) {
        std::size_t end = text_.find('\n', i);
        if (end == npos) {
            end = n_;
        } else if (s_[end - 1] == '\r') {
            --end;
        }
        add(i, end);
        return end;
    }

    // Adds the block comment starting at i whose body starts at `body` and ends with `close`
    // (or, unterminated, at the end of the text) and returns its end.
    std::size_t block_comment(std::size_t i, std::size_t body, std::string_view close) {
        const std::size_t at = text_.find(close, body);
        const std::size_t end = at == npos ? n_ : at + close.size();
        add(i, end);
        return end;
    }

    // Whether the byte at i is escaped: an odd number of backslashes right before it.
    bool escaped(std::size_t i) const {
        std::size_t k = i;
        while (k > 0 && s_[k - 1] == '\\') --k;
        return (i - k) % 2 == 1;
    }

    // The end of the string literal whose opening quote is at i (backslash escapes apply). A
    // Span::line string that meets the end of its line (or of the text) before its closing
    // quote is no string: npos. A Span::text string left open runs to the end of the text.
    std::size_t string_end(std::size_t i, Span span) const {
        const unsigned char quote = s_[i];
        for (std::size_t j = i + 1; j < n_; ++j) {
            const unsigned char c = s_[j];
            if (c == quote) return j + 1;
            if (c == '\\') {
                if (at(j + 1) == '\r' && at(j + 2) == '\n') ++j;  // a continued line
                ++j;
            } else if (c == '\n' && span == Span::line) {
                return npos;
            }
        }
        return span == Span::line ? npos : n_;
    }

    // Where scanning goes on after the quote at i: past the string, or past the quote when it
    // opens none.
    std::size_t skip_string(std::size_t i, Span span) const {
        const std::size_t end = string_end(i, span);
        return end == npos ? i + 1 : end;
    }

    // C family: "//" and "/* */"; "..." and '...' end on their line (a quote not closed on its
    // line opens nothing: Rust lifetimes, apostrophes); `...` (template literals, Go raw
    // strings) may span lines.
    void scan_c() {
        static constexpr ByteSet special = byte_set("/\"'`");
        for (std::size_t i = next_of(special, 0); i < n_; i = next_of(special, i)) {
            const char c = static_cast<char>(s_[i]);
            if (c == '/') {
                const char next = at(i + 1);
                if (next == '/') {
                    i = line_comment(i);
                } else if (next == '*') {
                    i = block_comment(i, i + 2, "*/");
                } else {
                    ++i;
                }
            } else {
                i = skip_string(i, c == '`' ? Span::text : Span::line);
            }
        }
    }

    // Python: "#" to the end of the line; '...' and "..." end on their line; triple-quoted
    // strings may span lines and are comments (docstrings) when their opening quotes, with
    // their string prefix (r, b, u, f), are the first thing on their line after blanks.
    void scan_python() {
        static constexpr ByteSet special = byte_set("#\"'");
        for (std::size_t i = next_of(special, 0); i < n_; i = next_of(special, i)) {
            const char c = static_cast<char>(s_[i]);
            if (c == '#') {
                i = line_comment(i);
            } else if (at(i + 1) == c && at(i + 2) == c) {
                const std::size_t end = triple_quoted_end(i);
                std::size_t start = i;
                while (start > 0 && i - start < 2 && is_string_prefix(static_cast<char>(s_[start - 1]))) --start;
                if (starts_line(start)) add(start, end);
                i = end;
            } else {
                i = skip_string(i, Span::line);
            }
        }
    }

    static bool is_string_prefix(char c) {
        c = ascii_lower(c);
        return c == 'r' || c == 'b' || c == 'u' || c == 'f';
    }

    // Whether only blanks are between the start of the line and i.
    bool starts_line(std::size_t i) const {
        while (i > 0 && (s_[i - 1] == ' ' || s_[i - 1] == '\t')) --i;
        return i == 0 || s_[i - 1] == '\n';
    }

    // The end of the triple-quoted string opening at i, or n_ when it is left open.
    std::size_t triple_quoted_end(std::size_t i) const {
        const unsigned char quote = s_[i];
        for (std::size_t j = i + 3; j < n_; ++j) {
            if (s_[j] == '\\') {
                ++j;
            } else if (s_[j] == quote && j + 2 < n_ && s_[j + 1] == quote && s_[j + 2] == quote) {
                return j + 3;
            }
        }
        return n_;
    }

    // Hash family: "#" to the end of the line, but only at the start of the text or after white
    // space or ';', so that shell's $# and ${#var} and Perl's $#array are not comments.
    // "..." and '...' may span lines (shell, Ruby, Perl); a ' right after an ASCII letter or
    // digit is an apostrophe (don't, in YAML values and shell text) and opens no string.
    void scan_hash() {
        static constexpr ByteSet special = byte_set("#\"'");
        for (std::size_t i = next_of(special, 0); i < n_; i = next_of(special, i)) {
            const char c = static_cast<char>(s_[i]);
            const char before = i > 0 ? static_cast<char>(s_[i - 1]) : ' ';
            if (c == '#') {
                i = is_ascii_space(before) || before == ';' ? line_comment(i) : i + 1;
            } else if (c == '\'' && is_ascii_alnum(before)) {
                ++i;
            } else {
                i = skip_string(i, Span::text);
            }
        }
    }

    // Dash family: "--" to the end of the line; Lua's "--[[ ]]" (and "--[=[ ]=]", ...) and
    // Haskell's nested "{- -}" blocks; "..." and '...' end on their line. "{-" opens a block only
    // when followed by white space, '-', '|', '#' or the end of the text, so that Lua's {-1, 2}
    // is no comment.
    void scan_dash() {
        static constexpr ByteSet special = byte_set("-{\"'");
        for (std::size_t i = next_of(special, 0); i < n_; i = next_of(special, i)) {
            const char c = static_cast<char>(s_[i]);
            if (c == '-') {
                i = at(i + 1) == '-' ? dash_comment(i) : i + 1;
            } else if (c == '{') {
                const char next = at(i + 2);
                const bool opens = at(i + 1) == '-' &&
                                   (i + 2 == n_ || is_ascii_space(next) || next == '-' || next == '|' || next == '#');
                i = opens ? nested_block(i) : i + 1;
            } else {
                i = skip_string(i, Span::line);
            }
        }
    }

    // The comment at i, which starts with "--": a Lua long bracket or a line comment.
    std::size_t dash_comment(std::size_t i) {
        if (at(i + 2) == '[') {
            std::size_t j = i + 3;
            while (at(j) == '=') ++j;
            if (at(j) == '[') {
                const std::size_t level = j - (i + 3);
                for (std::size_t k = text_.find(']', j + 1); k != npos; k = text_.find(']', k + 1)) {
                    std::size_t e = k + 1;
                    while (e < n_ && s_[e] == '=' && e - (k + 1) < level) ++e;
                    if (e - (k + 1) == level && at(e) == ']') {
                        add(i, e + 1);
                        return e + 1;
                    }
                }
                add(i, n_);
                return n_;
            }
        }
        return line_comment(i);
    }

    // The Haskell block comment opening with "{-" at i; blocks nest.
    std::size_t nested_block(std::size_t i) {
        std::size_t depth = 1;
        std::size_t j = i + 2;
        while (j < n_) {
            if (s_[j] == '{' && at(j + 1) == '-') {
                ++depth;
                j += 2;
            } else if (s_[j] == '-' && at(j + 1) == '}') {
                j += 2;
                if (--depth == 0) break;
            } else {
                ++j;
            }
        }
        add(i, j);
        return j;
    }

    // Percent family: "%" to the end of the line unless escaped by a backslash (TeX's \%).
    // "..." and '...' end on their line; a quote escaped by a backslash opens none (TeX's \" and
    // \'), nor does a ' after a letter, digit, '_', ')', ']', '}', '.' or ' (MATLAB's transpose,
    // apostrophes in TeX).
    void scan_percent() {
        static constexpr ByteSet special = byte_set("%\"'");
        for (std::size_t i = next_of(special, 0); i < n_; i = next_of(special, i)) {
            const char c = static_cast<char>(s_[i]);
            const char before = i > 0 ? static_cast<char>(s_[i - 1]) : ' ';
            if (escaped(i)) {
                ++i;
            } else if (c == '%') {
                i = line_comment(i);
            } else if (c == '\'' && (is_ascii_alnum(before) || before == '_' || before == ')' || before == ']' ||
                                     before == '}' || before == '.' || before == '\'')) {
                ++i;
            } else {
                i = skip_string(i, Span::line);
            }
        }
    }

    // Semicolon family: ";" to the end of the line; "..." may span lines (Lisp docstrings). A ';'
    // or '"' escaped by a backslash is a character (Lisp's #\; and #\", Clojure's \;), and so is
    // one character between single quotes (assembly's ';').
    void scan_semicolon() {
        static constexpr ByteSet special = byte_set(";\"'");
        for (std::size_t i = next_of(special, 0); i < n_; i = next_of(special, i)) {
            const char c = static_cast<char>(s_[i]);
            if (c == '\'') {
                i += at(i + 2) == '\'' && at(i + 1) != '\n' ? std::size_t{3} : std::size_t{1};
            } else if (escaped(i)) {
                ++i;
            } else if (c == ';') {
                i = line_comment(i);
            } else {
                i = skip_string(i, Span::text);
            }
        }
    }

    // Markup: "<!--" to "-->".
    void scan_markup() {
        for (std::size_t i = text_.find("<!--"); i != npos; i = text_.find("<!--", i))
            i = block_comment(i, i + 4, "-->");
    }

    std::string_view text_;
    const unsigned char* s_;
    std::size_t n_;
    std::uint64_t chars_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Markers

constexpr std::string_view xml_marker = "<?xml version=";
constexpr std::uint64_t xml_header_window = 100;  // code points in which the marker must start
constexpr std::size_t generated_lines = 5;

// Whether `text` at i starts with the lower-case `marker`, compared ASCII case-insensitively.
bool starts_with_folded(std::string_view text, std::size_t i, std::string_view marker) {
    if (text.size() - i < marker.size()) return false;
    for (std::size_t k = 0; k < marker.size(); ++k) {
        if (ascii_lower(text[i + k]) != marker[k]) return false;
    }
    return true;
}

bool has_xml_header(std::string_view text) {
    // The byte offset of code point 100 (or the end): the marker must start before it.
    std::size_t limit = 0;
    std::uint64_t seen = 0;
    for (; limit < text.size(); ++limit) {
        if ((static_cast<unsigned char>(text[limit]) & 0xC0) != 0x80 && seen++ == xml_header_window) break;
    }
    const std::size_t at = text.substr(0, limit + xml_marker.size() - 1).find(xml_marker);
    return at != npos && at < limit;
}

bool has_generated_marker(std::string_view text) {
    // The first five lines, up to the break of the fifth.
    std::size_t end = 0;
    for (std::size_t line = 0; line < generated_lines && end != npos; ++line) {
        end = text.find('\n', line == 0 ? 0 : end + 1);
    }
    const std::string_view head = text.substr(0, end);
    for (std::size_t i = 0; i < head.size(); ++i) {
        switch (ascii_lower(head[i])) {
            case 'a':
                if (starts_with_folded(head, i, "auto-generated") || starts_with_folded(head, i, "autogenerated") ||
                    starts_with_folded(head, i, "automatically generated"))
                    return true;
                break;
            case 'g':
                if (starts_with_folded(head, i, "generated automatically")) return true;
                break;
            case 'd':
                if (starts_with_folded(head, i, "do not edit")) return true;
                break;
            case 'c':
                if (starts_with_folded(head, i, "code generated by")) return true;
                break;
            default: break;
        }
    }
    return false;
}

constexpr std::array<bool, 128> ascii_alnum = [] {
    std::array<bool, 128> table{};
    for (int c = 0; c < 128; ++c) table[static_cast<std::size_t>(c)] = is_ascii_alnum(static_cast<char>(c));
    return table;
}();

}  // namespace

std::optional<CommentSyntax> comment_syntax_of_language(std::string_view language) {
    const Language* entry = find_folded(languages, language, [](const Language& l) { return l.name; });
    if (entry == nullptr) return std::nullopt;
    return entry->syntax;
}

std::string_view language_of_path(std::string_view path) {
    const std::size_t slash = path.find_last_of('/');
    const std::string_view name = slash == npos ? path : path.substr(slash + 1);
    if (const PathName* entry = find_exact(file_names, name)) return entry->language;
    const std::size_t dot = name.find_last_of('.');
    if (dot == npos || dot == 0) return {};  // no extension; ".bashrc" is a name, not an extension
    const PathName* entry = find_exact(extensions, name.substr(dot + 1));
    return entry == nullptr ? std::string_view{} : entry->language;
}

bool is_xml_like(std::string_view language) {
    return find_folded(xml_like_languages, language, [](std::string_view s) { return s; }) != nullptr;
}

std::uint64_t comment_chars(std::string_view text, CommentSyntax syntax) { return CommentScanner(text).scan(syntax); }

CodeMeasures measure_code(std::string_view text, std::optional<CommentSyntax> syntax) {
    CodeMeasures m;
    const auto* s = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::uint64_t chars = 0;       // code points of the text
    std::uint64_t line_chars = 0;  // code points of all lines, line breaks not counted
    std::uint64_t lines = 0;
    std::uint64_t alnum = 0;
    std::uint64_t current = 0;  // code points of the current line so far, a '\r' included
    std::size_t i = 0;
    while (i < n) {
        const unsigned char b = s[i];
        if (b < 0x80) {
            ++i;
            if (b == '\n') {
                const std::uint64_t length = current - (i >= 2 && s[i - 2] == '\r');
                m.max_line_length = std::max(m.max_line_length, length);
                line_chars += length;
                chars += current + 1;
                ++lines;
                current = 0;
            } else {
                ++current;
                alnum += ascii_alnum[b];
            }
        } else {
            const std::uint32_t cp = utf8::decode(text, i);
            ++current;
            alnum += unicode::is_alnum(unicode::char_class(cp));
        }
    }
    if (current > 0) {  // a last line without a line break
        m.max_line_length = std::max(m.max_line_length, current);
        line_chars += current;
        chars += current;
        ++lines;
    }
    if (lines > 0) m.mean_line_length = static_cast<double>(line_chars) / static_cast<double>(lines);
    if (chars > 0) m.alnum = static_cast<double>(alnum) / static_cast<double>(chars);
    if (syntax) {
        const std::uint64_t in_comments = comment_chars(text, *syntax);
        m.comments = chars > 0 ? static_cast<double>(in_comments) / static_cast<double>(chars) : 0.0;
    }
    m.xml_header = has_xml_header(text);
    m.autogenerated = has_generated_marker(text);
    return m;
}

}  // namespace seed::filter
