// seed-dedup's options, keys, decisions, stage lines and index file (tools/seed-dedup/).
#include "dedup.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "index_file.hpp"
#include "stages.hpp"
#include "test_support.hpp"

namespace seed::dedup {
namespace {

using seed::testing::contents;
using seed::testing::make_record;
using seed::testing::TempDir;

const InputFile input{"a.jsonl", "a.jsonl", "a"};

Result<DedupOptions> options_from(const std::vector<const char*>& options) {
    std::vector<const char*> argv{"seed-dedup"};
    for (const char* option : options) argv.push_back(option);
    auto args = cli::parse(command(), static_cast<int>(argv.size()), argv.data());
    if (!args) return Fail{args.error()};
    return make_options(args.value());
}

std::string error_from(const std::vector<const char*>& options) {
    auto result = options_from(options);
    return result ? "(no error)" : result.error();
}

TEST(DedupOptions, DeriveTheBandingFromTheThreshold) {
    auto options = options_from({"--near"});
    ASSERT_TRUE(options.ok());
    EXPECT_EQ(options.value().banding.bands, 32u);
    EXPECT_EQ(options.value().banding.rows, 8u);
    options = options_from({"--near", "--bands", "14", "--rows", "8"});
    ASSERT_TRUE(options.ok());
    EXPECT_EQ(options.value().perms, 112u);  // perms follow bands x rows when not given
    options = options_from({"--near", "--rows", "4"});
    ASSERT_TRUE(options.ok());
    EXPECT_EQ(options.value().banding.bands, 64u);
    options = options_from({"--signatures"});  // the near stages imply --near
    ASSERT_TRUE(options.ok());
    EXPECT_TRUE(options.value().near);
}

TEST(DedupOptions, RefuseImpossibleParameters) {
    EXPECT_EQ(error_from({"--near", "--bands", "30", "--rows", "8", "--perms", "256"}),
              "--bands 30 x --rows 8 is 240, not --perms 256");
    EXPECT_EQ(error_from({"--near", "--bands", "30"}), "--bands 30 does not divide --perms 256");
    EXPECT_EQ(error_from({"--near", "--threshold", "1"}),
              "--threshold: expected a number between 0 and 1 (exclusive), not '1'");
    EXPECT_EQ(error_from({"--near", "--threshold", "0"}),
              "--threshold: expected a number between 0 and 1 (exclusive), not '0'");
    EXPECT_EQ(error_from({"--near", "--ngram", "0"}), "--ngram: expected a number from 1 to 256, not '0'");
    EXPECT_EQ(error_from({"--threshold", "0.5"}), "--threshold needs --near");
    EXPECT_EQ(error_from({"--shard-key", "--signatures"}),
              "--shard-key and --signatures are different stages; give one");
    EXPECT_EQ(error_from({"--near", "--shard-key"}),
              "--shard-key is for exact mode; near mode splits its work with --signatures");
    EXPECT_EQ(error_from({"--near", "--index", "i"}), "--index works in exact mode without stages");
    EXPECT_EQ(error_from({"--index", "-"}), "--index: needs a file name");
    EXPECT_EQ(error_from({"--report", "r", "--shard-key"}), "--report needs a run that drops records, not --shard-key");
    EXPECT_EQ(error_from({"--from-shard-key", "--key", "id"}),
              "--key applies where keys are made (--shard-key), not to --from-shard-key");
    EXPECT_EQ(error_from({"--near", "--shingle", "lines"}), "--shingle: expected 'words' or 'chars', not 'lines'");
}

Hash128 key_of(std::string_view line, const std::string& field = "text", bool normalize = false) {
    KeyMaker maker(field, normalize);
    const Record record = make_record(line, input);
    auto key = maker.make(record);
    EXPECT_TRUE(key.ok());
    return key.ok() ? key.value().key : Hash128{};
}

TEST(KeyMaker, HashesTheDecodedText) {
    EXPECT_EQ(key_of(R"({"text":"caf\u00e9"})"), key_of(R"({"text":"café"})"));
    EXPECT_EQ(key_of(R"({"text":"a","x":1})"), key_of(R"({ "y" : 2, "text" : "a" })"));
    EXPECT_EQ(key_of(R"({"text":"\u0041\/b\u000a"})"), key_of(R"({"text":"A/b\n"})"));  // canonical or not
    EXPECT_EQ(key_of(R"({"text":"\ud83d\ude00"})"), key_of(R"({"text":"😀"})"));
    EXPECT_NE(key_of(R"({"text":"a"})"), key_of(R"({"text":"A"})"));
    EXPECT_NE(key_of(R"({"text":"a b"})"), key_of(R"({"text":"a  b"})"));
}

TEST(KeyMaker, NormalizesSpaceAndCaseWhenAsked) {
    const Hash128 plain = key_of(R"({"text":"hello world"})", "text", true);
    EXPECT_EQ(key_of(R"({"text":"  Hello \t\n WORLD "})", "text", true), plain);
    EXPECT_EQ(key_of(R"({"text":"hello\u00a0world"})", "text", true), plain);
    EXPECT_NE(key_of(R"({"text":"helloworld"})", "text", true), plain);
    EXPECT_EQ(key_of(R"({"text":"ÀÉÎ"})", "text", true), key_of(R"({"text":"àéî"})", "text", true));
}

TEST(KeyMaker, HashesOtherValuesByTheirCompactJson) {
    EXPECT_EQ(key_of(R"({"id":[1, 2]})", "id"), key_of(R"({"id":[1,2]})", "id"));
    EXPECT_NE(key_of(R"({"id":5})", "id"), key_of(R"({"id":"5"})", "id"));
    KeyMaker maker("id", false);
    const Record record = make_record(R"({"text":"a"})", input);
    auto key = maker.make(record);
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.error(), "no 'id' field to deduplicate on");
}

TEST(Deduplicator, KeepsTheFirstOfEachKey) {
    Deduplicator dedup(Deduplicator::Params{});
    EXPECT_EQ(dedup.decide(Hash128{1, 1}).kind, Decision::Kind::kept);
    EXPECT_EQ(dedup.decide(Hash128{2, 2}).kind, Decision::Kind::kept);
    const Decision again = dedup.decide(Hash128{1, 1});
    EXPECT_EQ(again.kind, Decision::Kind::exact);
    EXPECT_EQ(again.of, no_id);  // ids are not tracked without --report
    EXPECT_EQ(dedup.kept(), 2u);
    EXPECT_EQ(dedup.unique_keys(), 2u);
}

TEST(Deduplicator, NamesTheKeptRecordWhenTrackingAndNoneForIndexedKeys) {
    Deduplicator::Params params;
    params.track_ids = true;
    Deduplicator dedup(params);
    dedup.add_indexed(Hash128{9, 9});
    EXPECT_EQ(dedup.decide(Hash128{1, 1}).kind, Decision::Kind::kept);
    EXPECT_EQ(dedup.decide(Hash128{2, 2}).kind, Decision::Kind::kept);
    EXPECT_EQ(dedup.decide(Hash128{2, 2}).of, 1u);
    const Decision indexed = dedup.decide(Hash128{9, 9});
    EXPECT_EQ(indexed.kind, Decision::Kind::exact);
    EXPECT_EQ(indexed.of, no_id);
    std::vector<Hash128> keys;
    dedup.for_each_key([&](const Hash128& key) { keys.push_back(key); });
    EXPECT_EQ(keys, (std::vector<Hash128>{{1, 1}, {2, 2}, {9, 9}}));
}

TEST(Deduplicator, DropsVerifiedNearDuplicatesOfKeptRecords) {
    Deduplicator::Params params;
    params.track_ids = true;
    params.near = true;
    Deduplicator dedup(params);
    Signer signer(SignerParams{});
    KeyMaker keys("text", false);
    auto decide = [&](const std::string& text) {
        const bool has_tokens = signer.sign(text);
        return dedup.decide(keys.of_text(text), has_tokens ? signer.band_keys().data() : nullptr,
                            has_tokens ? signer.sketch().data() : nullptr);
    };
    std::string base;
    for (int i = 0; i < 60; ++i) base += "word" + std::to_string(i) + " ";
    std::string edited = base;
    edited.replace(edited.find("word30 "), 7, "other ");
    EXPECT_EQ(decide(base).kind, Decision::Kind::kept);
    EXPECT_EQ(decide("an unrelated text about something else entirely").kind, Decision::Kind::kept);
    const Decision near = decide(edited);
    EXPECT_EQ(near.kind, Decision::Kind::near);
    EXPECT_EQ(near.of, 0u);
    EXPECT_GT(near.similarity, 0.7);
    EXPECT_LT(near.similarity, 1.0);
    EXPECT_EQ(decide(base).kind, Decision::Kind::exact);
    EXPECT_EQ(decide("").kind, Decision::Kind::kept);  // no tokens: compared exactly only
    EXPECT_EQ(decide("").kind, Decision::Kind::exact);
    EXPECT_EQ(dedup.kept(), 3u);
}

TEST(Deduplicator, WithoutVerificationAnySharedBandDrops) {
    Deduplicator::Params params;
    params.track_ids = true;
    params.near = true;
    params.verify = false;
    params.threshold = 0.99;
    Deduplicator dedup(params);
    Signer signer(SignerParams{});
    std::string base;
    for (int i = 0; i < 60; ++i) base += "t" + std::to_string(i) + " ";
    ASSERT_TRUE(signer.sign(base));
    EXPECT_EQ(dedup.decide(Hash128{1, 1}, signer.band_keys().data(), signer.sketch().data()).kind,
              Decision::Kind::kept);
    ASSERT_TRUE(signer.sign(base + "extra"));
    EXPECT_EQ(dedup.decide(Hash128{2, 2}, signer.band_keys().data(), signer.sketch().data()).kind,
              Decision::Kind::near);
}

TEST(Summary, CountsDropsByKind) {
    Counts counts{10, 7, 2, 1, 0};
    EXPECT_EQ(summary_line(counts, true, Stage::whole), "read 10, kept 7, dropped 3 (exact 2, near 1)");
    counts.near = 0;
    counts.bad = 1;
    EXPECT_EQ(summary_line(counts, false, Stage::whole), "read 10, kept 7, dropped 2 (exact 2), skipped 1 bad");
    EXPECT_EQ(summary_line(Counts{4, 4, 0, 0, 0}, false, Stage::shard_key), "read 4, wrote 4");
}

TEST(StageLines, KeyedLinesRoundTrip) {
    std::string line;
    append_keyed(line, Hash128{0x0123456789abcdefULL, 0xfedcba9876543210ULL}, 42, R"({"text":"a"})");
    EXPECT_EQ(line, "0123456789abcdeffedcba9876543210\t000000000042\t{\"text\":\"a\"}\n");
    line.pop_back();
    auto parsed = parse_keyed(line);
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(parsed.value().key, (Hash128{0x0123456789abcdefULL, 0xfedcba9876543210ULL}));
    EXPECT_EQ(parsed.value().position, 42u);
    EXPECT_EQ(parsed.value().record, R"({"text":"a"})");
    for (const std::string_view bad :
         {std::string_view(R"({"text":"a"})"), std::string_view("0123456789abcdeffedcba987654321g\t000000000042\t{}"),
          std::string_view("0123456789abcdeffedcba9876543210\t42\t{}"),
          std::string_view("00000000000000000000000000000000\t000000000042\t{}")}) {
        EXPECT_FALSE(parse_keyed(bad).ok()) << bad;
    }
}

TEST(StageLines, SignatureLinesRoundTrip) {
    Signer signer(SignerParams{});
    ASSERT_TRUE(signer.sign("a text with a few words in it"));
    const std::string tag = signature_tag(256, Banding{32, 8}, 5, Shingle::words);
    EXPECT_EQ(tag, "minhash1:perms=256:bands=32:ngram=5:words");
    std::string line;
    append_signature(line, tag, Hash128{7, 8}, &signer, R"({"text":"x"})");
    line.pop_back();
    SignatureLine parsed;
    ASSERT_TRUE(parse_signature(line, tag, 256, 32, parsed).ok());
    EXPECT_EQ(parsed.key, (Hash128{7, 8}));
    EXPECT_EQ(parsed.band_keys, signer.band_keys());
    EXPECT_EQ(parsed.sketch, signer.sketch());
    EXPECT_EQ(parsed.record, R"({"text":"x"})");

    line.clear();
    append_signature(line, tag, Hash128{7, 8}, nullptr, "{}");  // a text without tokens
    line.pop_back();
    ASSERT_TRUE(parse_signature(line, tag, 256, 32, parsed).ok());
    EXPECT_TRUE(parsed.band_keys.empty());
    EXPECT_TRUE(parsed.sketch.empty());

    const std::string other = signature_tag(256, Banding{32, 8}, 3, Shingle::words);
    auto mismatch = parse_signature(line, other, 256, 32, parsed);
    ASSERT_FALSE(mismatch.ok());
    EXPECT_EQ(mismatch.error(),
              "signature made with minhash1:perms=256:bands=32:ngram=5:words, but this run uses "
              "minhash1:perms=256:bands=32:ngram=3:words (give both runs the same near-mode options)");
    EXPECT_EQ(parse_signature(tag + "\tAAA=\t{}", tag, 256, 32, parsed).error(), "damaged signature");
    EXPECT_EQ(parse_signature(tag + "\t!!!!\t{}", tag, 256, 32, parsed).error(), "damaged signature");
    EXPECT_FALSE(parse_signature("no tabs here", tag, 256, 32, parsed).ok());
}

std::vector<Hash128> load(const std::string& path, const IndexKind& kind, bool* found = nullptr) {
    std::vector<Hash128> keys;
    const bool exists = load_index(
        path, kind, [](std::uint64_t) {}, [&](const Hash128& key) { keys.push_back(key); });
    if (found) *found = exists;
    return keys;
}

std::string load_error(const std::string& path, const IndexKind& kind) {
    try {
        load(path, kind);
    } catch (const UsageError& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(IndexFile, RoundTripsSortedKeys) {
    TempDir dir;
    const std::string path = dir.file("idx");
    const IndexKind kind{"text", false};
    bool found = true;
    EXPECT_TRUE(load(path, kind, &found).empty());
    EXPECT_FALSE(found);  // no file yet: the first run

    std::vector<Hash128> keys;
    for (std::uint64_t i = 1; i <= 10000; ++i) keys.push_back(Hash128{i * 0x9e3779b97f4a7c15ULL >> 1, i});
    std::sort(keys.begin(), keys.end());
    IndexWriter writer(path, kind, keys.size());
    for (const Hash128& key : keys) writer.add(key);
    writer.commit();
    EXPECT_EQ(load(path, kind, &found), keys);
    EXPECT_TRUE(found);
    EXPECT_TRUE(contents(path).starts_with(
        R"({"format":"seed-dedup-index","version":1,"key":"text","normalize":false,"count":10000})"
        "\n"));
    EXPECT_EQ(std::filesystem::file_size(path), 87u + 10000 * 16 + 8);
}

TEST(IndexFile, RefusesFilesThatDoNotCheckOut) {
    TempDir dir;
    const IndexKind kind{"text", false};
    const std::string path = dir.file("idx");
    {
        IndexWriter writer(path, kind, 2);
        writer.add(Hash128{1, 1});
        writer.add(Hash128{2, 2});
        writer.commit();
    }
    const std::string good = contents(path);
    EXPECT_EQ(load_error(path, IndexKind{"text", true}),
              "--index " + path +
                  ": made with --key text without --normalize, but this run uses --key text with "
                  "--normalize");
    EXPECT_EQ(load_error(path, IndexKind{"id", false}),
              "--index " + path +
                  ": made with --key text without --normalize, but this run uses --key id without "
                  "--normalize");

    dir.write("idx", good.substr(0, good.size() - 3));
    EXPECT_EQ(load_error(path, kind), "--index " + path + ": damaged: " + std::to_string(good.size() - 3) +
                                          " bytes where the header calls for " + std::to_string(good.size()) +
                                          " (truncated, or not written by seed-dedup)");
    std::string flipped = good;
    flipped[good.size() - 20] ^= 1;
    dir.write("idx", flipped);
    EXPECT_EQ(load_error(path, kind), "--index " + path + ": damaged: checksum mismatch");
    std::string swapped = good;
    const std::size_t keys_at = good.find('\n') + 1;
    std::swap_ranges(swapped.begin() + static_cast<std::ptrdiff_t>(keys_at),
                     swapped.begin() + static_cast<std::ptrdiff_t>(keys_at + 16),
                     swapped.begin() + static_cast<std::ptrdiff_t>(keys_at + 16));
    dir.write("idx", swapped);
    EXPECT_EQ(load_error(path, kind), "--index " + path + ": damaged: keys out of order at key 2");
    dir.write("idx", "hello\n");
    EXPECT_EQ(load_error(path, kind),
              "--index " + path + ": not a seed-dedup index (it does not start with {\"format\":\"seed-dedup-index\")");
    std::string future = good;
    future.replace(future.find("\"version\":1"), 11, "\"version\":2");
    dir.write("idx", future);
    EXPECT_EQ(load_error(path, kind),
              "--index " + path + ": index version 2 is not supported (this seed-dedup reads version 1)");
    EXPECT_EQ(load_error(dir.path(), kind), "--index " + dir.path() + ": not a regular file");
}

}  // namespace
}  // namespace seed::dedup
