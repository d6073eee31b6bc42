// Tokens, signatures and banding of seed-dedup --near (tools/seed-dedup/minhash.cpp).
#include "minhash.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <vector>

namespace seed::dedup {
namespace {

std::vector<std::uint64_t> tokens(std::string_view text) {
    std::vector<std::uint64_t> out;
    token_hashes(text, out);
    return out;
}

TEST(Banding, MidpointSolvesTheSCurveAtOneHalf) {
    for (const Banding b : {Banding{32, 8}, Banding{14, 8}, Banding{1, 1}, Banding{20, 5}}) {
        const double s = s_curve_midpoint(b);
        EXPECT_NEAR(1 - std::pow(1 - std::pow(s, b.rows), b.bands), 0.5, 1e-9);
    }
}

TEST(Banding, ChoosesTheBandingWhoseMidpointIsNearestTheThreshold) {
    EXPECT_EQ(choose_banding(256, 0.7).bands, 32u);  // midpoint 0.62; 16 x 16 has 0.82
    EXPECT_EQ(choose_banding(256, 0.7).rows, 8u);
    EXPECT_EQ(choose_banding(112, 0.7).bands, 14u);  // datatrove's 14 x 8
    EXPECT_EQ(choose_banding(256, 0.9).rows, 32u);   // midpoint 0.93; 16 x 16 has 0.82
    EXPECT_EQ(choose_banding(1, 0.5).bands, 1u);
    const Banding prime = choose_banding(7, 0.7);  // only 1 x 7 and 7 x 1
    EXPECT_EQ(prime.bands * prime.rows, 7u);
}

TEST(Tokens, SplitCodeIntoIdentifiersAndPunctuation) {
    EXPECT_EQ(tokens("foo_bar(x, y2)").size(), 6u);  // foo_bar ( x , y2 )
    EXPECT_EQ(tokens("a->b").size(), 4u);            // a - > b
    EXPECT_EQ(tokens("  \t\n ").size(), 0u);
    EXPECT_EQ(tokens("").size(), 0u);
}

TEST(Tokens, AreCaseFoldedAndUnicodeAware) {
    EXPECT_EQ(tokens("Hello WORLD"), tokens("hello world"));
    EXPECT_EQ(tokens("ÉCOLE Straße"), tokens("école straße"));
    EXPECT_EQ(tokens("ΣΟΦΙΑ"), tokens("σοφια"));
    EXPECT_EQ(tokens("Москва"), tokens("москва"));
    EXPECT_EQ(tokens("naïve café").size(), 2u);
    EXPECT_EQ(tokens("日本語です").size(), 5u);       // one token per ideograph or kana
    EXPECT_EQ(tokens("a\u00a0b\u3000c").size(), 3u);  // no-break and ideographic spaces separate
    EXPECT_EQ(tokens("x—y…z").size(), 5u);            // dash and ellipsis are tokens of their own
    EXPECT_NE(tokens("cat"), tokens("cot"));
}

TEST(FoldedCodePoints, FoldsSpaceRunsAndCase) {
    std::vector<std::uint64_t> cps;
    folded_code_points("  Ab \t\n C ", cps);
    EXPECT_EQ(cps, (std::vector<std::uint64_t>{'a', 'b', ' ', 'c'}));
}

std::string random_words(std::mt19937& rng, int count) {
    std::string text;
    for (int i = 0; i < count; ++i) {
        if (i) text += ' ';
        text += "w" + std::to_string(rng() % 100000);
    }
    return text;
}

double jaccard_5(const std::string& a, const std::string& b) {
    auto shingles = [](const std::string& text) {
        std::vector<std::string> words;
        std::size_t start = 0;
        while (start < text.size()) {
            const std::size_t end = std::min(text.find(' ', start), text.size());
            words.push_back(text.substr(start, end - start));
            start = end + 1;
        }
        std::set<std::string> out;
        for (std::size_t i = 0; i + 5 <= words.size(); ++i) {
            out.insert(words[i] + ' ' + words[i + 1] + ' ' + words[i + 2] + ' ' + words[i + 3] + ' ' + words[i + 4]);
        }
        return out;
    };
    const auto sa = shingles(a);
    const auto sb = shingles(b);
    std::size_t common = 0;
    for (const auto& s : sa) common += sb.count(s);
    return static_cast<double>(common) / static_cast<double>(sa.size() + sb.size() - common);
}

TEST(Signer, IsDeterministicAndSeesNoDifferenceInCaseOrSpacing) {
    Signer a(SignerParams{});
    Signer b(SignerParams{});
    ASSERT_TRUE(a.sign("The quick brown fox jumps over the lazy dog, again and again."));
    ASSERT_TRUE(b.sign("the  quick brown FOX jumps over the lazy dog ,again and again ."));
    EXPECT_EQ(a.band_keys(), b.band_keys());
    EXPECT_EQ(a.sketch(), b.sketch());
    EXPECT_EQ(a.band_keys().size(), 32u);
    EXPECT_EQ(a.sketch().size(), 256u);
    for (const std::uint64_t key : a.band_keys()) EXPECT_NE(key, 0u);
    // The same text, signed again after another one, gives the same signature: no state leaks.
    const auto keys = a.band_keys();
    ASSERT_TRUE(a.sign("something else entirely"));
    ASSERT_TRUE(a.sign("The quick brown fox jumps over the lazy dog, again and again."));
    EXPECT_EQ(a.band_keys(), keys);
}

TEST(Signer, RefusesTextsWithoutTokens) {
    Signer signer(SignerParams{});
    EXPECT_FALSE(signer.sign(""));
    EXPECT_FALSE(signer.sign(" \n\t "));
    EXPECT_TRUE(signer.sign("x"));  // shorter than a shingle: one shingle of what there is
}

TEST(Signer, EstimatesJaccardSimilarity) {
    std::mt19937 rng(5);
    Signer a(SignerParams{});
    Signer b(SignerParams{});
    double total_error = 0;
    int pairs = 0;
    for (const int edits : {0, 2, 5, 10, 20, 40}) {
        for (int trial = 0; trial < 20; ++trial) {
            const std::string original = random_words(rng, 200);
            std::string copy = original;
            for (int e = 0; e < edits; ++e) {
                const std::size_t at = copy.find(' ', rng() % copy.size());
                if (at != std::string::npos) copy.insert(at, " z" + std::to_string(rng() % 1000));
            }
            ASSERT_TRUE(a.sign(original));
            ASSERT_TRUE(b.sign(copy));
            const double estimate = estimate_similarity(a.sketch().data(), b.sketch().data(), 256);
            const double truth = jaccard_5(original, copy);
            EXPECT_NEAR(estimate, truth, 0.12) << edits << " edits";
            total_error += estimate - truth;
            ++pairs;
        }
    }
    EXPECT_NEAR(total_error / pairs, 0.0, 0.02);  // unbiased on average
}

TEST(Signer, UnrelatedTextsAreNotSimilarAndShareNoBand) {
    std::mt19937 rng(6);
    Signer a(SignerParams{});
    Signer b(SignerParams{});
    int shared_bands = 0;
    for (int trial = 0; trial < 200; ++trial) {
        ASSERT_TRUE(a.sign(random_words(rng, 100)));
        ASSERT_TRUE(b.sign(random_words(rng, 100)));
        EXPECT_LT(estimate_similarity(a.sketch().data(), b.sketch().data(), 256), 0.1);
        for (std::size_t band = 0; band < 32; ++band) shared_bands += a.band_keys()[band] == b.band_keys()[band];
    }
    EXPECT_EQ(shared_bands, 0);
}

TEST(Signer, ShortTextsAreDensifiedConsistently) {
    Signer a(SignerParams{});
    Signer b(SignerParams{});
    ASSERT_TRUE(a.sign("one two three four five six"));  // two shingles for 256 bins
    ASSERT_TRUE(b.sign("one two three four five six"));
    EXPECT_EQ(a.sketch(), b.sketch());
    ASSERT_TRUE(b.sign("one two three four five seven"));
    const double s = estimate_similarity(a.sketch().data(), b.sketch().data(), 256);
    EXPECT_GT(s, 0.15);  // true Jaccard 1/3
    EXPECT_LT(s, 0.55);
}

TEST(Signer, CharacterShinglesCompareCharacters) {
    Signer a(SignerParams{256, {32, 8}, 5, Shingle::chars});
    Signer b(SignerParams{256, {32, 8}, 5, Shingle::chars});
    ASSERT_TRUE(a.sign("internationalization of software"));
    ASSERT_TRUE(b.sign("Internationalisation  of software"));
    EXPECT_GT(estimate_similarity(a.sketch().data(), b.sketch().data(), 256), 0.5);
}

TEST(EstimateSimilarity, CorrectsForChanceAgreementOfLowBytes) {
    std::vector<std::uint8_t> x(256, 7);
    EXPECT_DOUBLE_EQ(estimate_similarity(x.data(), x.data(), 256), 1.0);
    std::vector<std::uint8_t> y(256);
    for (std::size_t i = 0; i < 256; ++i) y[i] = static_cast<std::uint8_t>(i);
    EXPECT_DOUBLE_EQ(estimate_similarity(x.data(), y.data(), 256), 0.0);  // 1 of 256 agree: chance
    std::vector<std::uint8_t> z(256, 8);
    EXPECT_DOUBLE_EQ(estimate_similarity(x.data(), z.data(), 256), 0.0);  // clamped at 0
}

}  // namespace
}  // namespace seed::dedup

namespace seed::dedup {
namespace {

// A digest of a signature, to pin signatures to fixed values.
std::uint64_t digest(const Signer& signer) {
    std::uint64_t h = 0;
    for (const std::uint64_t key : signer.band_keys()) h = h * 0x100000001b3ULL ^ key;
    for (const std::uint8_t byte : signer.sketch()) h = h * 0x100000001b3ULL ^ byte;
    return h;
}

TEST(Signer, GivesTheSameSignaturesOnEveryMachine) {
    // Recorded once; a change here changes which records every earlier run dropped. The short
    // texts exercise densification by the first-visit table, the long one by walking.
    Signer signer(SignerParams{});
    std::string long_text;
    for (int i = 0; i < 300; ++i) long_text += "token" + std::to_string(i * 7919 % 1000) + " ";
    const std::vector<std::pair<std::string, std::uint64_t>> expected{
        {"one", 12496970028254324860u},
        {"one two three four five six", 15651267747338160510u},
        {"def f(x):\n    return x + 1\n", 16108149167386987139u},
        {long_text, 10582865044057490131u},
    };
    for (const auto& [text, value] : expected) {
        ASSERT_TRUE(signer.sign(text));
        EXPECT_EQ(digest(signer), value) << text.substr(0, 30);
    }
}

}  // namespace
}  // namespace seed::dedup
