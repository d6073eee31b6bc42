// Shingles, signatures and banding for seed-dedup --near.
#include "minhash.hpp"

#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "hash.hpp"
#include "text.hpp"
#include "utf8.hpp"

namespace seed::dedup {

namespace {

constexpr std::uint64_t empty_bin = std::numeric_limits<std::uint64_t>::max();

using hash::mix;

// An order-sensitive hash of a few 64-bit values, computed on the values rather than on their
// bytes in memory, so that it is the same on machines of either byte order.
std::uint64_t combine(const std::uint64_t* values, std::size_t count, std::uint64_t seed) {
    std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ seed;
    for (std::size_t i = 0; i < count; ++i) {
        h = (h << 27 | h >> 37) ^ values[i];
        h *= 0xbf58476d1ce4e5b9ULL;
    }
    return mix(h ^ count);
}

// Maps a 32-bit hash to [0, n) without division (Lemire's multiply-shift).
std::size_t scale(std::uint64_t hash32, std::size_t n) { return static_cast<std::size_t>((hash32 * n) >> 32); }

enum class CharClass { space, word, alone };

CharClass classify(std::uint32_t cp) {
    if (cp < 0x80) {
        if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D)) return CharClass::space;
        const bool word = (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_';
        return word ? CharClass::word : CharClass::alone;
    }
    if (utf8::is_white_space(cp)) return CharClass::space;
    if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA ? CharClass::word : CharClass::alone;
    if (cp == 0xD7 || cp == 0xF7) return CharClass::alone;
    // Punctuation and symbol blocks: General Punctuation to Miscellaneous Symbols and Arrows,
    // Supplemental Punctuation, CJK Symbols and Punctuation, fullwidth ASCII punctuation,
    // and the emoji and pictograph blocks.
    if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x2E00 && cp <= 0x2E7F) || (cp >= 0x3000 && cp <= 0x303F) ||
        (cp >= 0xFF01 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) || (cp >= 0xFF3B && cp <= 0xFF40) ||
        (cp >= 0xFF5B && cp <= 0xFF65) || (cp >= 0x1F000 && cp <= 0x1FAFF)) {
        return CharClass::alone;
    }
    // Scripts written without spaces between words: each character is a token.
    if ((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
        (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3FFFF)) {
        return CharClass::alone;
    }
    return CharClass::word;
}

std::uint64_t hash_bytes(const std::string& bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

}  // namespace

double s_curve_midpoint(Banding banding) {
    return std::pow(1.0 - std::pow(0.5, 1.0 / banding.bands), 1.0 / banding.rows);
}

Banding choose_banding(unsigned perms, double threshold) {
    Banding best;
    double best_distance = std::numeric_limits<double>::infinity();
    for (unsigned bands = perms; bands >= 1; --bands) {  // most bands first: they win ties
        if (perms % bands != 0) continue;
        const Banding candidate{bands, perms / bands};
        const double distance = std::abs(s_curve_midpoint(candidate) - threshold);
        if (distance < best_distance) {
            best = candidate;
            best_distance = distance;
        }
    }
    return best;
}

void token_hashes(std::string_view text, std::vector<std::uint64_t>& hashes) {
    std::string token;
    const auto flush = [&] {
        if (!token.empty()) hashes.push_back(hash_bytes(token));
        token.clear();
    };
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {  // the common case, without decoding
            ++i;
            switch (classify(byte)) {
                case CharClass::space: flush(); break;
                case CharClass::word: token += static_cast<char>(byte >= 'A' && byte <= 'Z' ? byte + 32 : byte); break;
                case CharClass::alone:
                    flush();
                    token += static_cast<char>(byte);
                    flush();
                    break;
            }
            continue;
        }
        const std::uint32_t cp = utf8::decode(text, i);
        switch (classify(cp)) {
            case CharClass::space: flush(); break;
            case CharClass::word: utf8::append(token, utf8::fold_case(cp)); break;
            case CharClass::alone:
                flush();
                utf8::append(token, utf8::fold_case(cp));
                flush();
                break;
        }
    }
    flush();
}

void folded_code_points(std::string_view text, std::vector<std::uint64_t>& code_points) {
    text::fold_space_and_case(text, [&](std::uint32_t cp) { code_points.push_back(cp); });
}

double estimate_similarity(const std::uint8_t* a, const std::uint8_t* b, unsigned perms) {
    unsigned equal = 0;
    for (unsigned i = 0; i < perms; ++i) equal += a[i] == b[i];
    constexpr double chance = 1.0 / 256;
    const double estimate = (static_cast<double>(equal) / perms - chance) / (1.0 - chance);
    return std::clamp(estimate, 0.0, 1.0);
}

Signer::Signer(const SignerParams& params)
    : params_(params), mins_(params.perms), band_keys_(params.banding.bands), sketch_(params.perms) {
    const std::size_t bins = params.perms;
    if (bins > max_table_bins) return;
    first_visit_.assign(bins * bins, no_visit);
    for (std::size_t i = 0; i < bins; ++i) {
        std::size_t unseen = bins;
        for (std::uint32_t attempt = 1; attempt < no_visit && unseen > 0; ++attempt) {
            std::uint16_t& visit = first_visit_[i * bins + sequence_bin(i, attempt, bins)];
            if (visit == no_visit) {
                visit = static_cast<std::uint16_t>(attempt);
                --unseen;
            }
        }
    }
}

std::size_t Signer::sequence_bin(std::size_t bin, std::uint64_t attempt, std::size_t bins) {
    return scale(mix(bin << 32 | attempt) >> 32, bins);
}

std::size_t Signer::walk_to_filled(std::size_t bin) const {
    for (std::uint64_t attempt = 1;; ++attempt) {
        const std::size_t from = sequence_bin(bin, attempt, filled_.size());
        if (filled_[from] != empty_bin) return from;
    }
}

void Signer::add_shingle(std::uint64_t hash) {
    std::uint64_t& bin = mins_[scale(hash >> 32, params_.perms)];
    if (hash < bin) bin = hash;
}

bool Signer::sign(std::string_view text) {
    tokens_.clear();
    if (params_.shingle == Shingle::words)
        token_hashes(text, tokens_);
    else
        folded_code_points(text, tokens_);
    if (tokens_.empty()) return false;

    std::fill(mins_.begin(), mins_.end(), empty_bin);
    const std::size_t n = params_.ngram;
    if (tokens_.size() <= n) {
        add_shingle(combine(tokens_.data(), tokens_.size(), 0));
    } else {
        for (std::size_t i = 0; i + n <= tokens_.size(); ++i) add_shingle(combine(&tokens_[i], n, 0));
    }

    // Optimal densification: empty bin i takes the value of the first non-empty bin in its own
    // fixed sequence of bins, the same for every text.
    filled_bins_.clear();
    for (std::size_t i = 0; i < mins_.size(); ++i) {
        if (mins_[i] != empty_bin) filled_bins_.push_back(static_cast<std::uint32_t>(i));
    }
    if (filled_bins_.size() < mins_.size()) {
        filled_ = mins_;
        const std::size_t bins = mins_.size();
        // With few filled bins, walking a sequence takes about bins / filled steps per empty
        // bin; the table of first visits finds the same bin in `filled` steps instead.
        const bool by_table = !first_visit_.empty() && filled_bins_.size() * filled_bins_.size() < bins;
        for (std::size_t i = 0; i < bins; ++i) {
            if (filled_[i] != empty_bin) continue;
            std::uint32_t first = no_visit;
            std::size_t from = 0;
            if (by_table) {
                for (const std::uint32_t j : filled_bins_) {
                    if (first_visit_[i * bins + j] < first) {
                        first = first_visit_[i * bins + j];
                        from = j;
                    }
                }
            }
            if (first == no_visit) from = walk_to_filled(i);
            mins_[i] = filled_[from];
        }
    }

    const unsigned rows = params_.banding.rows;
    for (unsigned band = 0; band < params_.banding.bands; ++band) {
        const std::uint64_t key = combine(&mins_[band * rows], rows, band + 2);
        band_keys_[band] = key == 0 ? 1 : key;
    }
    for (std::size_t i = 0; i < mins_.size(); ++i) sketch_[i] = static_cast<std::uint8_t>(mins_[i]);
    return true;
}

}  // namespace seed::dedup
