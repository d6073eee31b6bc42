// The line formats that carry work between separate seed-dedup runs (see seed-dedup(1),
// BEYOND ONE MACHINE):
//
//   --shard-key     KEY<TAB>POSITION<TAB>RECORD   KEY: the exact key, 32 lowercase hex digits;
//                                                 POSITION: the record's number in the stream,
//                                                 12 decimal digits, so `sort` orders them
//   --signatures    TAG<TAB>SIGNATURE<TAB>RECORD  TAG: the near-mode parameters the signature was
//                                                 made with; SIGNATURE: base64 of the exact key,
//                                                 the band keys and the sketch
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "key_table.hpp"
#include "minhash.hpp"
#include "result.hpp"

namespace seed::dedup {

inline constexpr std::size_t position_digits = 12;

struct KeyedLine {
    Hash128 key;
    std::uint64_t position = 0;
    std::string_view record;
};

void append_keyed(std::string& out, const Hash128& key, std::uint64_t position, std::string_view record);
Result<KeyedLine> parse_keyed(std::string_view line);

// "minhash1:perms=256:bands=32:ngram=5:words": what two signatures must share to be compared.
std::string signature_tag(unsigned perms, Banding banding, unsigned ngram, Shingle shingle);

// A decoded signature: empty band_keys and sketch when the text had no tokens.
struct SignatureLine {
    Hash128 key;
    std::vector<std::uint64_t> band_keys;
    std::vector<std::uint8_t> sketch;
    std::string_view record;
};

// `signer` is null when the text had no tokens.
void append_signature(std::string& out, std::string_view tag, const Hash128& key, const Signer* signer,
                      std::string_view record);
// Parses a --signatures line made with `tag` into `into` (reusing its buffers).
Result<void> parse_signature(std::string_view line, std::string_view tag, unsigned perms, unsigned bands,
                             SignatureLine& into);

}  // namespace seed::dedup
