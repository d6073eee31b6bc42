// Near-duplicate detection: shingles, MinHash signatures and LSH banding.
//
// Signatures are made by one-permutation hashing with optimal densification (Li, Owen and Zhang
// 2012; Shrivastava 2017): each shingle is hashed once and lands in one of `perms` bins, a bin
// keeps its smallest hash, and an empty bin borrows the value of the first non-empty bin in a
// fixed pseudo-random sequence of its own. Two texts then agree on a bin with probability equal
// to their Jaccard similarity, as with `perms` independent permutations, for one hash per shingle
// instead of `perms`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace seed::dedup {

enum class Shingle { words, chars };

struct Banding {
    unsigned bands = 0;
    unsigned rows = 0;
};

// The similarity s at which two texts become candidates with probability 1/2: the solution of
// 1 - (1 - s^rows)^bands = 1/2.
double s_curve_midpoint(Banding banding);

// Of the bandings with bands * rows == perms, the one whose midpoint is nearest `threshold`
// (on a tie, the one with more bands, which finds more pairs).
Banding choose_banding(unsigned perms, double threshold);

// Appends to `hashes` the hash of each token of `text`: a run of letters, digits, '_' and marks; or one
// punctuation or symbol character; or one CJK ideograph or kana (scripts written without
// spaces). White space separates tokens; letters are case-folded (utf8::fold_case).
// `text` must be valid UTF-8.
void token_hashes(std::string_view text, std::vector<std::uint64_t>& hashes);

// Appends to `code_points` the case-folded code points of `text` with each run of white space
// as one space and none at either end: what character shingles are taken from.
void folded_code_points(std::string_view text, std::vector<std::uint64_t>& code_points);

// Estimated Jaccard similarity from two sketches of `perms` bytes: the share of equal bytes,
// corrected for the 1/256 chance that two different minimums share their low byte.
double estimate_similarity(const std::uint8_t* a, const std::uint8_t* b, unsigned perms);

struct SignerParams {
    unsigned perms = 256;
    Banding banding{32, 8};
    unsigned ngram = 5;
    Shingle shingle = Shingle::words;
};

// Computes signatures; reuses its buffers from one text to the next.
class Signer {
public:
    explicit Signer(const SignerParams& params);

    // Signs `text` (valid UTF-8). False when it has no tokens (nothing to compare), and then
    // band_keys() and sketch() are not meaningful.
    bool sign(std::string_view text);

    // One non-zero key per band: a hash of the band's minimums and of the band's number.
    const std::vector<std::uint64_t>& band_keys() const { return band_keys_; }
    // The low byte of each minimum: what verification compares (b-bit minwise hashing, b = 8).
    const std::vector<std::uint8_t>& sketch() const { return sketch_; }

private:
    // Densification tables are kept up to this many bins (2 MiB at 1024).
    static constexpr std::size_t max_table_bins = 1024;
    static constexpr std::uint16_t no_visit = 0xFFFF;

    void add_shingle(std::uint64_t hash);
    // The bin that `bin`'s densification sequence visits at `attempt` (1, 2, ...).
    static std::size_t sequence_bin(std::size_t bin, std::uint64_t attempt, std::size_t bins);
    // The first filled bin of `bin`'s sequence.
    std::size_t walk_to_filled(std::size_t bin) const;

    SignerParams params_;
    std::vector<std::uint64_t> tokens_;  // token hashes, or code points for chars shingles
    std::vector<std::uint64_t> mins_;
    std::vector<std::uint64_t> filled_;  // mins_ before densification
    std::vector<std::uint32_t> filled_bins_;
    // first_visit_[i * perms + j]: the first attempt at which bin i's sequence visits bin j
    // (no_visit: not within 65,534 attempts), so that texts with few shingles are densified
    // without walking long sequences.
    std::vector<std::uint16_t> first_visit_;
    std::vector<std::uint64_t> band_keys_;
    std::vector<std::uint8_t> sketch_;
};

}  // namespace seed::dedup
