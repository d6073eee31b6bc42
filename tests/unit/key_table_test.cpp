// The ordered linear-probing table of seed-dedup (tools/seed-dedup/key_table.hpp), checked
// against std::set.
#include "key_table.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <set>
#include <vector>

namespace seed::dedup {
namespace {

struct KeySlot {
    Hash128 key;
};

struct IdSlot {
    std::uint64_t key;
    std::uint32_t id;
};

TEST(OrderedTable, InsertsEachKeyOnceAndFindsIt) {
    OrderedTable<KeySlot> table;
    EXPECT_TRUE(table.insert(KeySlot{{1, 2}}).second);
    EXPECT_FALSE(table.insert(KeySlot{{1, 2}}).second);
    EXPECT_TRUE(table.insert(KeySlot{{1, 3}}).second);
    EXPECT_EQ(table.size(), 2u);
    const KeySlot* found = table.find({1, 3});
    EXPECT_TRUE(found && found->key == (Hash128{1, 3}));
    EXPECT_EQ(table.find({1, 4}), nullptr);
    EXPECT_EQ(table.find({~0ULL, ~0ULL}), nullptr);
}

TEST(OrderedTable, KeepsTheFirstSlotOfAKey) {
    OrderedTable<IdSlot> table;
    table.insert(IdSlot{42, 1});
    const auto [slot, inserted] = table.insert(IdSlot{42, 2});
    EXPECT_FALSE(inserted);
    EXPECT_EQ(slot->id, 1u);
}

TEST(OrderedTable, AgreesWithStdSetOverManyRandomKeysAndIteratesInOrder) {
    std::mt19937_64 rng(1);
    OrderedTable<KeySlot> table;
    std::set<Hash128> reference;
    for (int i = 0; i < 200000; ++i) {
        // Every fourth key repeats an earlier one.
        Hash128 key{rng(), rng() | 1};
        if (i % 4 == 3 && !reference.empty()) {
            const auto earlier = reference.lower_bound(Hash128{rng(), 0});
            key = earlier == reference.end() ? *reference.begin() : *earlier;
        }
        if (key.hi == ~0ULL) continue;
        const bool expected = reference.insert(key).second;
        ASSERT_EQ(table.insert(KeySlot{key}).second, expected) << i;
    }
    EXPECT_EQ(table.size(), reference.size());
    std::vector<Hash128> listed;
    table.for_each([&](const KeySlot& slot) { listed.push_back(slot.key); });
    EXPECT_TRUE(std::equal(listed.begin(), listed.end(), reference.begin(), reference.end()));
    for (const Hash128& key : reference) ASSERT_NE(table.find(key), nullptr);
    for (int i = 0; i < 1000; ++i) EXPECT_EQ(table.find(Hash128{rng(), rng() | 1}), nullptr);
}

TEST(OrderedTable, HoldsKeysThatCrowdTheEndOfAPart) {
    // Keys whose home is the last slot of part 0xff: runs spill into the slack and past it.
    OrderedTable<IdSlot> table;
    for (std::uint32_t i = 0; i < 5000; ++i) {
        ASSERT_TRUE(table.insert(IdSlot{~std::uint64_t{0} - i, i}).second);
    }
    for (std::uint32_t i = 0; i < 5000; ++i) {
        const IdSlot* slot = table.find(~std::uint64_t{0} - i);
        ASSERT_TRUE(slot && slot->id == i) << i;
    }
    std::uint64_t previous = 0;
    table.for_each([&](const IdSlot& slot) {
        EXPECT_LT(previous, slot.key);
        previous = slot.key;
    });
}

TEST(OrderedTable, CostsAtMost24BytesPerKeyAtScale) {
    OrderedTable<KeySlot> table;
    std::mt19937_64 rng(2);
    const std::uint64_t keys = 2000000;
    for (std::uint64_t i = 0; i < keys; ++i) table.insert(KeySlot{{rng(), rng() | 1}});
    EXPECT_LE(table.bytes(), keys * 24);
}

TEST(OrderedTable, ReserveKeepsContentAndAvoidsGrowth) {
    OrderedTable<KeySlot> table;
    table.insert(KeySlot{{5, 5}});
    table.reserve(100000);
    const std::uint64_t reserved = table.bytes();
    std::mt19937_64 rng(3);
    for (int i = 0; i < 90000; ++i) table.insert(KeySlot{{rng(), rng() | 1}});
    EXPECT_EQ(table.bytes(), reserved);
    EXPECT_NE(table.find({5, 5}), nullptr);
}

}  // namespace
}  // namespace seed::dedup
