// The in-memory sets of seed-dedup: hash keys in an ordered linear-probing table.
//
// Why this layout: the exact set must cost at most 24 bytes per unique 16-byte key, so the table
// runs full (up to 92% of its slots) and grows in small steps (x1.25). Plain linear probing is
// slow that full, so each run of occupied slots is kept sorted by key (Amble and Knuth's ordered
// hash table): a lookup stops at the first larger key, and the slot a key hashes to grows with
// the key, so the whole table is in key order. That makes growing a sequential copy and lets the
// index file be written sorted without sorting. The table is split into 256 parts by the key's
// top byte, and each part grows on its own, so growing copies 1/256 of the set at a time.
#pragma once

#include <sys/mman.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace seed::dedup {

// A 128-bit hash. Zero marks an empty slot, so make_hash never returns it.
struct Hash128 {
    std::uint64_t hi = 0;
    std::uint64_t lo = 0;
    friend auto operator<=>(const Hash128&, const Hash128&) = default;
};

inline std::uint64_t top_bits(const Hash128& key) { return key.hi; }
inline std::uint64_t top_bits(std::uint64_t key) { return key; }
inline bool is_empty(const Hash128& key) { return key.hi == 0 && key.lo == 0; }
inline bool is_empty(std::uint64_t key) { return key == 0; }

// Zeroed memory straight from mmap, returned to the system when freed: the parts grow by
// x1.25 steps, and a general-purpose heap would keep the freed blocks as fragments.
template <class T>
class PageArray {
    static_assert(std::is_trivially_copyable_v<T>);

public:
    PageArray() = default;
    explicit PageArray(std::size_t size) : size_(size) {
        if (size_ == 0) return;
        void* p = ::mmap(nullptr, bytes(), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) throw std::bad_alloc();
        data_ = static_cast<T*>(p);
    }
    ~PageArray() {
        if (data_) ::munmap(data_, bytes());
    }
    PageArray(PageArray&& other) noexcept
        : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
    PageArray& operator=(PageArray&& other) noexcept {
        std::swap(data_, other.data_);
        std::swap(size_, other.size_);
        return *this;
    }

    T* data() const { return data_; }
    std::size_t size() const { return size_; }
    std::size_t bytes() const { return size_ * sizeof(T); }

private:
    T* data_ = nullptr;
    std::size_t size_ = 0;
};

// A set of slots keyed by `Slot::key` (a Hash128 or a uint64_t; zero is reserved for empty
// slots), each key once.
template <class Slot>
class OrderedTable {
public:
    using Key = decltype(Slot::key);

    // Finds slot.key, or inserts `slot`. Returns the slot in the table (valid until the next
    // insert) and whether it was inserted.
    std::pair<const Slot*, bool> insert(const Slot& slot) {
        const Key key = slot.key;  // a copy: Slot may be packed
        Part& part = part_of(key);
        if (part.count + 1 > capacity(part.homes)) grow(part, part.count + 1);
        for (;;) {
            Slot* s = part.slots.data();
            const std::size_t end = part.slots.size();
            std::size_t i = home(key, part.homes);
            while (i < end && !is_empty(s[i].key) && s[i].key < key) ++i;
            if (i < end && s[i].key == key) return {&s[i], false};
            std::size_t j = i;
            while (j < end && !is_empty(s[j].key)) ++j;
            if (j == end) {  // the run reaches the end of the part: make room
                grow(part, part.count + 1);
                continue;
            }
            std::memmove(static_cast<void*>(s + i + 1), s + i, (j - i) * sizeof(Slot));
            s[i] = slot;
            ++part.count;
            ++size_;
            return {&s[i], true};
        }
    }

    const Slot* find(const Key key) const {
        const Part& part = part_of(key);
        const Slot* s = part.slots.data();
        const std::size_t end = part.slots.size();
        std::size_t i = home(key, part.homes);
        while (i < end && !is_empty(s[i].key) && s[i].key < key) ++i;
        return i < end && s[i].key == key ? &s[i] : nullptr;
    }

    // Sizes every part for `count` keys in all, so that loading them does not grow step by step.
    void reserve(std::uint64_t count) {
        const auto need = static_cast<std::size_t>(count / part_count + count / part_count / 16 + 16);
        for (Part& part : parts_) {
            if (need > capacity(part.homes)) grow(part, need);
        }
    }

    std::uint64_t size() const { return size_; }

    // Bytes of slot memory held (the table's whole cost, but for a few KiB of bookkeeping).
    std::uint64_t bytes() const {
        std::uint64_t total = 0;
        for (const Part& part : parts_) total += part.slots.bytes();
        return total;
    }

    // Calls f(slot) for every slot in ascending key order.
    template <class F>
    void for_each(F&& f) const {
        for (const Part& part : parts_) {
            const Slot* s = part.slots.data();
            for (std::size_t i = 0; i < part.slots.size(); ++i) {
                if (!is_empty(s[i].key)) f(s[i]);
            }
        }
    }

private:
    static constexpr unsigned part_shift = 56;
    static constexpr std::size_t part_count = 256;
    static constexpr std::size_t max_load_percent = 92;
    static constexpr std::size_t min_homes = 64;

    struct Part {
        PageArray<Slot> slots;  // homes + slack: runs may spill past the last home
        std::size_t homes = 0;  // slots a key can hash to
        std::size_t count = 0;
    };

    static std::size_t slack(std::size_t homes) { return homes / 32 + 16; }
    static std::size_t capacity(std::size_t homes) { return homes * max_load_percent / 100; }

    // The home slot: the key's bits below the part byte scaled to [0, homes). Monotone in the
    // key, which is what keeps the table in key order.
    static std::size_t home(const Key key, std::size_t homes) {
        const std::uint64_t bits = (top_bits(key) << 8) >> 32;  // 32 bits below the part byte
        return static_cast<std::size_t>((bits * homes) >> 32);  // homes < 2^32 in any part
    }

    Part& part_of(const Key key) { return parts_[top_bits(key) >> part_shift]; }
    const Part& part_of(const Key key) const { return parts_[top_bits(key) >> part_shift]; }

    // Rebuilds `part` with room for `need` keys at the load limit: the keys are already in
    // order, so each goes to max(its home, the slot after the previous key).
    void grow(Part& part, std::size_t need) {
        std::size_t homes = part.homes < min_homes ? min_homes : part.homes + part.homes / 4;
        while (need > capacity(homes)) homes += homes / 4;
        for (;;) {
            PageArray<Slot> slots(homes + slack(homes));
            Slot* to = slots.data();
            const Slot* from = part.slots.data();
            std::size_t next = 0;
            bool fits = true;
            for (std::size_t i = 0; i < part.slots.size() && fits; ++i) {
                if (is_empty(from[i].key)) continue;
                std::size_t at = home(from[i].key, homes);
                if (at < next) at = next;
                if (at >= slots.size()) {
                    fits = false;
                    break;
                }
                to[at] = from[i];
                next = at + 1;
            }
            if (fits) {
                part.slots = std::move(slots);
                part.homes = homes;
                return;
            }
            homes += homes / 4;
        }
    }

    std::array<Part, part_count> parts_{};
    std::uint64_t size_ = 0;
};

}  // namespace seed::dedup
