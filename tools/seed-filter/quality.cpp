// The prose quality measures. Hot paths work on bytes with ASCII fast paths and decode UTF-8
// only where a character outside ASCII decides something.
#include "quality.hpp"

#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>
#include <span>

#include "hash.hpp"
#include "unicode/char_class.hpp"
#include "utf8.hpp"

namespace seed::filter {

namespace {

bool is_ascii_space(unsigned char c) { return c == ' ' || (c >= 0x09 && c <= 0x0D); }

// The code point that ends at byte `end` (exclusive) of valid UTF-8 `text`, and where it starts.
std::uint32_t last_code_point(std::string_view text, std::size_t end, std::size_t& start) {
    start = end - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    std::size_t i = start;
    return utf8::decode(text, i);
}

// Where `s` ends once trailing white space is left off.
std::size_t trimmed_end(std::string_view s) {
    std::size_t end = s.size();
    while (end > 0) {
        const auto c = static_cast<unsigned char>(s[end - 1]);
        if (c < 0x80) {
            if (!is_ascii_space(c)) break;
            --end;
            continue;
        }
        std::size_t start = 0;
        if (!utf8::is_white_space(last_code_point(s, end, start))) break;
        end = start;
    }
    return end;
}

// Where `s` starts once leading white space is left off.
std::size_t trimmed_start(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x80) {
            if (!is_ascii_space(c)) break;
            ++i;
            continue;
        }
        std::size_t next = i;
        if (!utf8::is_white_space(utf8::decode(s, next))) break;
        i = next;
    }
    return i;
}

std::string_view trim(std::string_view s) {
    const std::size_t end = trimmed_end(s);
    return s.substr(0, end).substr(std::min(trimmed_start(s.substr(0, end)), end));
}

bool ends_with_ellipsis(std::string_view s) { return s.ends_with("...") || s.ends_with("\u2026"); }

bool is_bullet(std::uint32_t cp) {
    return cp == '-' || cp == '*' || cp == 0x2022 || cp == 0x2023 || cp == 0x25E6 || cp == 0x2043 || cp == 0x2219 ||
           cp == 0x25AA || cp == 0x25CF;
}

bool is_closing_quote(std::uint32_t cp) {
    return cp == '"' || cp == '\'' || cp == 0x201D || cp == 0x2019 || cp == 0xBB || cp == 0x300D || cp == 0x300F;
}

double ratio(double part, double whole) { return whole == 0 ? 0.0 : part / whole; }

std::uint64_t count_substring(std::string_view text, std::string_view needle) {
    std::uint64_t n = 0;
    for (std::size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + needle.size()))
        ++n;
    return n;
}

using hash::mix;

constexpr std::uint64_t polynomial_base = 0x9E3779B97F4A7C15ULL;  // odd

}  // namespace

// A word's first 16 bytes as two integers (zero-padded) and a 64-bit hash of all of it: most words
// are short, and a call into the library for each one costs more than hashing it here. `end` is
// how far the text may be read: within it, whole 8-byte loads are masked instead of copied byte
// by byte.
void RepetitionMeter::word_key(const char* data, std::size_t bytes, const char* end, WordKey& key) {
    const auto load = [&](const char* from, std::size_t n) {  // n in 1..8
        std::uint64_t v = 0;
        if (end - from >= 8) {
            std::memcpy(&v, from, 8);
            if (n < 8) {  // keep the first n bytes
                if constexpr (std::endian::native == std::endian::little)
                    v &= (std::uint64_t{1} << (8 * n)) - 1;
                else
                    v &= ~((std::uint64_t{1} << (8 * (8 - n))) - 1);
            }
        } else {
            std::memcpy(&v, from, n);
        }
        return v;
    };
    key.low = load(data, std::min<std::size_t>(bytes, 8));
    if (bytes > 8) key.high = load(data + 8, std::min<std::size_t>(bytes, 16) - 8);
    key.hash = bytes > 16 ? XXH3_64bits(data, bytes) : mix(key.low * 0x9FB21C651E98DF25ULL ^ mix(key.high + bytes));
}

// ---- Lines

void split_lines(std::string_view text, std::vector<Line>& lines) {
    lines.clear();
    std::size_t start = 0;
    while (start < text.size()) {
        const void* nl = std::memchr(text.data() + start, '\n', text.size() - start);
        const std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) : text.size();
        std::size_t stop = end;
        if (nl && stop > start && text[stop - 1] == '\r') --stop;
        const std::string_view line = text.substr(start, stop - start);
        lines.push_back(Line{start, stop - start, trimmed_start(line) == line.size()});
        start = end + 1;
    }
}

// ---- Gopher quality

StopWords StopWords::english() { return of({"the", "be", "to", "of", "and", "that", "have", "with"}); }

StopWords StopWords::of(const std::vector<std::string>& words) {
    StopWords stop;
    for (const std::string& word : words) {
        std::u32string folded;
        std::size_t i = 0;
        while (i < word.size()) folded += static_cast<char32_t>(utf8::fold_case(utf8::decode(word, i)));
        stop.longest = std::max(stop.longest, folded.size());
        stop.words.push_back(std::move(folded));
    }
    // The fast path needs every stop word ASCII and at most 8 bytes; an ASCII word can only equal
    // an ASCII stop word (folding maps no other letter to ASCII except U+0130, which is not ASCII).
    const bool all_ascii_short = std::all_of(stop.words.begin(), stop.words.end(), [](const std::u32string& w) {
        return w.size() <= 8 && std::all_of(w.begin(), w.end(), [](char32_t c) { return c < 0x80; });
    });
    if (all_ascii_short) {
        stop.ascii = true;
        for (const std::u32string& w : stop.words) {
            std::uint64_t packed = 0;
            for (std::size_t k = 0; k < w.size(); ++k) packed |= std::uint64_t{w[k]} << (8 * k);
            stop.ascii_by_length[w.size()].push_back(packed);
        }
    }
    return stop;
}

bool StopWords::contains_ascii(std::string_view word) const {
    // An ASCII word of at most 8 bytes against the ASCII stop words of its length, as integers.
    std::uint64_t packed = 0;
    for (std::size_t k = 0; k < word.size(); ++k)
        packed |= std::uint64_t{static_cast<unsigned char>(word[k])} << (8 * k);
    // Lowercase the bytes 'A'..'Z' all at once (every byte is ASCII, below 0x80).
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    const std::uint64_t at_least_a = packed + ones * (0x80 - 'A');
    const std::uint64_t above_z = packed + ones * (0x80 - 'Z' - 1);
    packed |= (at_least_a & ~above_z & ones * 0x80) >> 2;
    const auto& candidates = ascii_by_length[word.size()];
    return std::find(candidates.begin(), candidates.end(), packed) != candidates.end();
}

bool StopWords::contains_folded(std::string_view word, std::uint32_t chars) const {
    std::u32string folded;
    folded.reserve(chars);
    std::size_t i = 0;
    while (i < word.size()) folded += static_cast<char32_t>(utf8::fold_case(utf8::decode(word, i)));
    return std::find(words.begin(), words.end(), folded) != words.end();
}

GopherQuality measure_gopher_quality(std::string_view text, const std::vector<Token>& tokens,
                                     const std::vector<Line>& lines, const StopWords& stop_words,
                                     std::uint64_t stop_words_cap) {
    GopherQuality q;
    std::uint64_t word_chars = 0;
    std::uint64_t with_letter = 0;
    for (const Token& t : tokens) {
        with_letter += t.has_letter;
        if (!t.word) continue;
        ++q.words;
        word_chars += t.chars;
        if (q.stop_words < stop_words_cap && stop_words.contains(t.in(text), t.chars)) ++q.stop_words;
    }
    const auto words = static_cast<double>(q.words);
    q.mean_word_length = ratio(static_cast<double>(word_chars), words);
    q.hash_ratio = ratio(static_cast<double>(std::count(text.begin(), text.end(), '#')), words);
    q.ellipsis_ratio =
        ratio(static_cast<double>(count_substring(text, "...") + count_substring(text, "\u2026")), words);
    q.alpha_tokens = ratio(static_cast<double>(with_letter), static_cast<double>(tokens.size()));

    std::uint64_t bullets = 0;
    std::uint64_t ellipses = 0;
    for (const Line& line : lines) {
        const std::string_view s = text.substr(line.offset, line.bytes);
        const std::size_t start = trimmed_start(s);
        if (start < s.size()) {
            std::size_t i = start;
            bullets += is_bullet(utf8::decode(s, i));
        }
        ellipses += ends_with_ellipsis(s.substr(0, trimmed_end(s)));
    }
    q.bullet_lines = ratio(static_cast<double>(bullets), static_cast<double>(lines.size()));
    q.ellipsis_lines = ratio(static_cast<double>(ellipses), static_cast<double>(lines.size()));
    return q;
}

// ---- Gopher repetition

void RepetitionMeter::reset(std::size_t items) {
    std::size_t capacity = 16;
    while (capacity < 2 * items) capacity *= 2;
    slots_.assign(capacity, Slot{});
    mask_ = capacity - 1;
}

template <class Same>
std::size_t RepetitionMeter::find(std::uint64_t hash, Same&& same) {
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
        Slot& slot = slots_[i];
        if (slot.count == 0) {
            slot.hash = hash;
            return i;
        }
        if (slot.hash == hash && same(slot.first)) return i;
    }
}

template <class Pieces>
RepetitionMeter::Duplicates RepetitionMeter::duplicates(std::string_view text, const Pieces& pieces) {
    Duplicates d;
    d.pieces = pieces.size();
    reset(pieces.size());
    for (std::uint32_t i = 0; i < pieces.size(); ++i) {
        const std::string_view piece = text.substr(pieces[i].offset, pieces[i].bytes);
        Slot& slot = slots_[find(XXH3_64bits(piece.data(), piece.size()), [&](std::uint32_t first) {
            return text.substr(pieces[first].offset, pieces[first].bytes) == piece;
        })];
        if (slot.count > 0) {
            ++d.duplicates;
            d.duplicate_chars += utf8::count_code_points(piece);
        } else {
            slot.first = i;
        }
        ++slot.count;
    }
    return d;
}

RepetitionMeter::Duplicates RepetitionMeter::duplicate_lines(std::string_view text, const std::vector<Line>& lines) {
    ranges_.clear();
    for (const Line& line : lines) {
        if (!line.blank) ranges_.push_back(Range{line.offset, line.bytes});
    }
    return duplicates(text, ranges_);
}

GopherRepetition RepetitionMeter::measure(std::string_view text, std::uint64_t chars, const std::vector<Token>& tokens,
                                          const std::vector<Line>& lines, const RepetitionParts& parts) {
    GopherRepetition r;
    const auto all_chars = static_cast<double>(chars);
    if (parts.paragraphs) {
        ranges_.clear();
        bool open = false;
        for (const Line& line : lines) {
            if (line.blank) {
                open = false;
            } else if (open) {
                ranges_.back().bytes = line.offset + line.bytes - ranges_.back().offset;
            } else {
                ranges_.push_back(Range{line.offset, line.bytes});
                open = true;
            }
        }
        const Duplicates d = duplicates(text, ranges_);
        r.dup_paragraphs = ratio(static_cast<double>(d.duplicates), static_cast<double>(d.pieces));
        r.dup_paragraph_chars = ratio(static_cast<double>(d.duplicate_chars), all_chars);
    }
    if (parts.lines) {
        const Duplicates d = duplicate_lines(text, lines);
        r.dup_lines = ratio(static_cast<double>(d.duplicates), static_cast<double>(d.pieces));
        r.dup_line_chars = ratio(static_cast<double>(d.duplicate_chars), all_chars);
    }

    const bool any_ngrams = std::find(parts.top_ngram.begin(), parts.top_ngram.end(), true) != parts.top_ngram.end() ||
                            std::find(parts.dup_ngrams.begin(), parts.dup_ngrams.end(), true) != parts.dup_ngrams.end();
    if (!any_ngrams) return r;

    // The words with their hashes and, for words of at most 16 bytes, the bytes themselves as two
    // integers, so that n-grams compare exactly without going back to the text; and prefix sums
    // from which any n-gram's hash and chars follow in O(1).
    ranges_.clear();
    words_.clear();
    for (const Token& t : tokens) {
        if (!t.word) continue;
        ranges_.push_back(Range{t.offset, t.bytes});
        // Filled in place: a returned key was written and read back through the stack (a stall).
        word_key(text.data() + t.offset, t.bytes, text.data() + text.size(), words_.emplace_back());
    }
    const std::size_t words = ranges_.size();
    prefix_.assign(words + 1, 0);
    char_prefix_.assign(words + 1, 0);
    {
        std::size_t w = 0;
        for (const Token& t : tokens) {
            if (!t.word) continue;
            prefix_[w + 1] = prefix_[w] * polynomial_base + words_[w].hash;
            char_prefix_[w + 1] = char_prefix_[w] + t.chars;
            ++w;
        }
    }
    if (powers_.empty()) {
        powers_.push_back(1);
        for (int n = 1; n <= 10; ++n) powers_.push_back(powers_.back() * polynomial_base);
    }
    const auto ngram_hash = [&](std::size_t i, std::size_t n) { return mix(prefix_[i + n] - prefix_[i] * powers_[n]); };
    const auto same_ngram = [&](std::size_t a, std::size_t b, std::size_t n) {
        for (std::size_t k = 0; k < n; ++k) {
            const WordKey& x = words_[a + k];
            const WordKey& y = words_[b + k];
            if (x.hash != y.hash || x.low != y.low || x.high != y.high || ranges_[a + k].bytes != ranges_[b + k].bytes)
                return false;
        }
        for (std::size_t k = 0; k < n; ++k) {  // words longer than 16 bytes: compare the rest
            if (ranges_[a + k].bytes > 16 && text.substr(ranges_[a + k].offset, ranges_[a + k].bytes) !=
                                                 text.substr(ranges_[b + k].offset, ranges_[b + k].bytes))
                return false;
        }
        return true;
    };
    const auto ngram_chars = [&](std::size_t i, std::size_t n) { return char_prefix_[i + n] - char_prefix_[i]; };

    // Counting passes for n = 2, 3, 4. An n-gram can occur twice only where its (n-1)-gram prefix
    // does, so each pass looks only at the positions the previous one found repeated; every other
    // n-gram occurs once. The last pass leaves the positions whose 4-gram repeats for the scans below.
    const bool any_dup = std::find(parts.dup_ngrams.begin(), parts.dup_ngrams.end(), true) != parts.dup_ngrams.end();
    positions_.clear();
    for (std::uint32_t i = 0; i + 2 <= words; ++i) positions_.push_back(i);
    for (std::size_t n = 2; n <= 4 && words >= n; ++n) {
        const bool wanted = parts.top_ngram[n - 2];
        const bool later_wanted =
            any_dup || (n < 4 && std::find(parts.top_ngram.begin() + static_cast<std::ptrdiff_t>(n - 1),
                                           parts.top_ngram.end(), true) != parts.top_ngram.end());
        if (!wanted && !later_wanted) break;
        reset(positions_.size());
        slot_of_.resize(positions_.size());
        std::uint32_t best_count = 0;
        std::uint32_t best_first = 0;
        for (std::size_t k = 0; k < positions_.size(); ++k) {
            const std::uint32_t i = positions_[k];
            const std::size_t at = find(ngram_hash(i, n), [&](std::uint32_t first) { return same_ngram(first, i, n); });
            Slot& slot = slots_[at];
            if (slot.count == 0) slot.first = i;
            ++slot.count;
            slot_of_[k] = static_cast<std::uint32_t>(at);
            if (slot.count > best_count || (slot.count == best_count && slot.first < best_first)) {
                best_count = slot.count;
                best_first = slot.first;
            }
        }
        if (best_count <= 1) {  // every n-gram occurs once: the first one is the top
            best_count = 1;
            best_first = 0;
        }
        if (wanted) {
            r.top_ngram[n - 2] = ratio(
                static_cast<double>(best_count) * static_cast<double>(ngram_chars(best_first, n) + n - 1), all_chars);
        }
        std::size_t kept = 0;
        for (std::size_t k = 0; k < positions_.size(); ++k) {
            if (slots_[slot_of_[k]].count >= 2 && positions_[k] + n + 1 <= words) positions_[kept++] = positions_[k];
        }
        positions_.resize(kept);
        if (n == 4) {
            repeated_.assign(words, 0);
            for (const std::uint32_t i : positions_) repeated_[i] = 1;
        }
    }

    // Duplicated n-grams, n = 5..10: only where the 4-gram repeats can an n-gram repeat. When no
    // 5-gram repeats, no longer one does.
    bool all_distinct = false;
    for (std::size_t k = 0; k < 6; ++k) {
        const std::size_t n = k + 5;
        if (!parts.dup_ngrams[k] || words < n || all_distinct) continue;
        reset(positions_.size());
        std::uint64_t repeated = 0;
        for (std::size_t i = 0; i + n <= words;) {
            if (!repeated_[i]) {
                ++i;
                continue;
            }
            Slot& slot = slots_[find(ngram_hash(i, n), [&](std::uint32_t first) { return same_ngram(first, i, n); })];
            if (slot.count > 0) {
                repeated += ngram_chars(i, n);
                i += n;
            } else {
                slot.first = static_cast<std::uint32_t>(i);
                slot.count = 1;
                ++i;
            }
        }
        r.dup_ngrams[k] = ratio(static_cast<double>(repeated), all_chars);
        all_distinct = n == 5 && repeated == 0;
    }
    return r;
}

// ---- FineWeb

bool is_terminal_punctuation(std::uint32_t cp) {
    switch (cp) {
        case '.':
        case '!':
        case '?':
        case 0x2026:  // …
        case 0x203C:  // ‼
        case 0x2047:  // ⁇
        case 0x2048:  // ⁈
        case 0x2049:  // ⁉
        case 0x3002:  // 。
        case 0xFF01:  // ！
        case 0xFF1F:  // ？
        case 0xFF61:  // ｡
        case 0xFF0E:  // ．
        case 0x061F:  // ؟
        case 0x06D4:  // ۔
        case 0x0964:  // ।
        case 0x0965:  // ॥
        case 0x1362:  // ።
            return true;
        default: return false;
    }
}

namespace {

// True when the last character of `s` before trailing white space is terminal punctuation.
bool ends_with_terminal(std::string_view s) {
    const std::size_t end = trimmed_end(s);
    if (end == 0) return false;
    std::size_t start = 0;
    return is_terminal_punctuation(last_code_point(s, end, start));
}

}  // namespace

FineWebQuality measure_fineweb(std::string_view text, std::uint64_t chars, const std::vector<Token>& tokens,
                               const std::vector<Line>& lines, std::uint64_t short_line_length,
                               RepetitionMeter& meter) {
    FineWebQuality f;
    std::uint64_t non_blank = 0;
    std::uint64_t punct = 0;
    std::uint64_t short_lines = 0;
    for (const Line& line : lines) {
        if (line.blank) continue;
        ++non_blank;
        const std::string_view s = text.substr(line.offset, line.bytes);
        punct += ends_with_terminal(s);
        // Chars are between a quarter of the bytes and all of them: count them only in between.
        short_lines += s.size() <= short_line_length ||
                       (s.size() / 4 <= short_line_length && utf8::count_code_points(s) <= short_line_length);
    }
    f.punct_lines = ratio(static_cast<double>(punct), static_cast<double>(non_blank));
    f.short_lines = ratio(static_cast<double>(short_lines), static_cast<double>(non_blank));

    std::uint64_t breaks = 0;
    std::uint64_t break_chars = 0;
    for (std::size_t at = text.find('\n'); at != std::string_view::npos; at = text.find('\n', at + 1)) {
        ++breaks;
        break_chars += at > 0 && text[at - 1] == '\r' ? 2u : 1u;
    }
    const RepetitionMeter::Duplicates d = meter.duplicate_lines(text, lines);
    f.dup_chars = ratio(static_cast<double>(d.duplicate_chars), static_cast<double>(chars - break_chars));
    const auto words = std::count_if(tokens.begin(), tokens.end(), [](const Token& t) { return t.word; });
    f.newlines = ratio(static_cast<double>(breaks), static_cast<double>(words));
    return f;
}

// ---- C4

std::string_view c4_line_rule_name(C4LineRule rule) {
    static constexpr std::array<std::string_view, c4_line_rule_count> names{"long-word", "no-terminal-punct",
                                                                            "few-words", "javascript", "policy"};
    return names[static_cast<std::size_t>(rule)];
}

std::uint64_t total_lines(const C4LineCounts& counts) {
    std::uint64_t n = 0;
    for (const std::uint64_t c : counts) n += c;
    return n;
}

namespace {

// Removes Wikipedia-style citations: "[" digits "]" (also "[]"), "[edit]", "[citation needed]".
bool remove_citations(std::string_view line, std::string& out) {
    if (line.find('[') == std::string_view::npos) return false;
    out.clear();
    bool removed = false;
    std::size_t i = 0;
    while (i < line.size()) {
        if (line[i] == '[') {
            std::size_t j = i + 1;
            while (j < line.size() && line[j] >= '0' && line[j] <= '9') ++j;
            std::size_t end = 0;
            if (j < line.size() && line[j] == ']')
                end = j + 1;
            else if (line.substr(i).starts_with("[edit]"))
                end = i + 6;
            else if (line.substr(i).starts_with("[citation needed]"))
                end = i + 17;
            if (end > 0) {
                removed = true;
                i = end;
                continue;
            }
        }
        out += line[i++];
    }
    return removed;
}

// Bytes that may begin terminal punctuation: . ! ? and every byte of a multibyte character.
constexpr std::array<bool, 256> may_end_sentence = [] {
    std::array<bool, 256> table{};
    table['.'] = table['!'] = table['?'] = true;
    for (std::size_t b = 0x80; b < 256; ++b) table[b] = true;
    return table;
}();

// Sentence ends in `line`: runs of terminal punctuation (closing quotes may follow) before white
// space or the end of the line.
std::uint64_t count_sentences(std::string_view line) {
    std::uint64_t sentences = 0;
    bool after_terminal = false;
    std::size_t i = 0;
    while (i < line.size()) {
        if (!after_terminal) {
            // Nothing counts until terminal punctuation: skip to the next byte that may start one.
            const auto* from = reinterpret_cast<const unsigned char*>(line.data()) + i;
            const auto* end = reinterpret_cast<const unsigned char*>(line.data()) + line.size();
            const auto* at = std::find_if(from, end, [](unsigned char b) { return may_end_sentence[b]; });
            i += static_cast<std::size_t>(at - from);
            if (i >= line.size()) break;
        }
        const auto byte = static_cast<unsigned char>(line[i]);
        std::uint32_t cp = byte;
        if (byte < 0x80)
            ++i;
        else
            cp = utf8::decode(line, i);
        if (is_terminal_punctuation(cp)) {
            after_terminal = true;
        } else if (utf8::is_white_space(cp)) {
            sentences += after_terminal;
            after_terminal = false;
        } else if (!(after_terminal && is_closing_quote(cp))) {
            after_terminal = false;
        }
    }
    return sentences + after_terminal;
}

// ASCII letters lowercased, without branches so that the loop is vectorized.
void lowercase(std::string_view s, std::string& out) {
    out.resize(s.size());
    std::transform(s.begin(), s.end(), out.begin(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return static_cast<char>(u + (static_cast<unsigned char>(u - 'A') < 26 ? 32 : 0));
    });
}

bool contains(std::string_view haystack, std::string_view needle) {
    return memmem(haystack.data(), haystack.size(), needle.data(), needle.size()) != nullptr;
}

constexpr std::array<std::string_view, 6> policy_phrases{"terms of use", "privacy policy", "cookie policy",
                                                         "uses cookies", "use of cookies", "use cookies"};

}  // namespace

C4Cleaner::C4Cleaner(const C4Options& options) : options_(options) {}

// One of the policy phrases in lowercased `line`. All but the first contain "policy" or "cookie",
// so most lines are cleared by three searches.
bool C4Cleaner::has_policy_phrase(std::string_view line) const {
    if (contains(line, "terms of use")) return true;
    if (!contains(line, "policy") && !contains(line, "cookie")) return false;
    return std::any_of(policy_phrases.begin() + 1, policy_phrases.end(),
                       [&](std::string_view p) { return contains(line, p); });
}

const C4Result& C4Cleaner::clean(std::string_view text, const std::vector<Line>& lines,
                                 const std::vector<Token>& tokens, C4Stops stops) {
    result_.lorem_ipsum = result_.curly_bracket = false;
    result_.lines_kept = result_.sentences = 0;
    result_.lines_removed = {};
    result_.text.clear();
    result_.lines.clear();
    result_.tokens.clear();
    text_ = text;
    sentences_cap_ = stops.sentences_cap;
    // Most texts have none of the phrases: one look at the whole text spares a look at each line.
    lowercase(text, lower_);
    const bool phrases_in_text = contains(lower_, "lorem ipsum") || contains(lower_, "javascript") ||
                                 contains(lower_, "terms of use") || contains(lower_, "policy") ||
                                 contains(lower_, "cookie");
    const auto remove = [&](C4LineRule rule) { ++result_.lines_removed[static_cast<std::size_t>(rule)]; };
    std::size_t next_token = 0;
    for (const Line& raw : lines) {
        // The line's tokens: white space separates tokens, so none crosses a line break.
        while (next_token < tokens.size() && tokens[next_token].offset < raw.offset) ++next_token;
        const std::size_t first_token = next_token;
        while (next_token < tokens.size() && tokens[next_token].offset < raw.offset + raw.bytes) ++next_token;
        if (raw.blank) continue;
        std::span<const Token> line_tokens(tokens.data() + first_token, next_token - first_token);
        std::string_view line = trim(text.substr(raw.offset, raw.bytes));
        if (options_.on(C4LineRule::long_word) &&
            std::any_of(line_tokens.begin(), line_tokens.end(),
                        [&](const Token& t) { return t.chars > options_.max_word_length; })) {
            remove(C4LineRule::long_word);
            continue;
        }
        const bool cited = remove_citations(line, line_);
        if (cited) {
            line = trim(line_);
            split_tokens(line, tokens_);
            line_tokens = tokens_;
        }
        bool terminal = false;
        if (!line.empty() && !ends_with_ellipsis(line)) {
            std::size_t start = 0;
            const std::uint32_t last = last_code_point(line, line.size(), start);
            terminal = is_terminal_punctuation(last) || is_closing_quote(last);
        }
        if (!terminal && options_.on(C4LineRule::no_terminal_punct)) {
            remove(C4LineRule::no_terminal_punct);
            continue;
        }
        const auto words = static_cast<std::uint64_t>(
            std::count_if(line_tokens.begin(), line_tokens.end(), [](const Token& t) { return t.word; }));
        if (words < options_.min_words_per_line && options_.on(C4LineRule::few_words)) {
            remove(C4LineRule::few_words);
            continue;
        }
        if (!phrases_in_text) {
            // None of the phrases is in the text, so none is in this line: only "{" is left to see.
            if (line.find('{') != std::string_view::npos) {
                result_.curly_bracket = true;
                if (stops.curly_bracket) return result_;
            }
            keep(line, line_tokens, cited);
            continue;
        }
        lowercase(line, lower_);
        if (contains(lower_, "lorem ipsum")) {
            result_.lorem_ipsum = true;
            if (stops.lorem_ipsum) return result_;
        }
        if (options_.on(C4LineRule::javascript) && contains(lower_, "javascript")) {
            remove(C4LineRule::javascript);
            continue;
        }
        if (line.find('{') != std::string_view::npos) {
            result_.curly_bracket = true;
            if (stops.curly_bracket) return result_;
        }
        if (options_.on(C4LineRule::policy) && has_policy_phrase(lower_)) {
            remove(C4LineRule::policy);
            continue;
        }
        keep(line, line_tokens, cited);
    }
    return result_;
}

void C4Cleaner::keep(std::string_view line, std::span<const Token> line_tokens, bool cited) {
    // Past the threshold the exact count no longer matters (with --annotate there is no cap).
    if (result_.sentences < sentences_cap_) result_.sentences += count_sentences(line);
    if (result_.lines_kept > 0) result_.text += '\n';
    // The new text's lines and tokens: this line's, moved to where the line now starts. Tokens
    // are offsets into the text, or into the line itself when citations were removed.
    const std::size_t moved_to = result_.text.size();
    const std::size_t was_at = cited ? 0 : static_cast<std::size_t>(line.data() - text_.data());
    result_.lines.push_back(Line{moved_to, line.size(), line.empty()});  // trimmed: blank only if empty
    for (Token t : line_tokens) {
        t.offset = static_cast<std::uint32_t>(t.offset - was_at + moved_to);
        result_.tokens.push_back(t);
    }
    result_.text.append(line);
    ++result_.lines_kept;
}

}  // namespace seed::filter
