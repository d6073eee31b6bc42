// Parquet's page compression codecs, undone: snappy, gzip (several members), zstd, brotli, lz4
// (raw blocks, and the Hadoop framing older writers used under the LZ4 codec).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace seed::parquet {

// The numbers are parquet.thrift's CompressionCodec.
enum class Codec : int { uncompressed = 0, snappy = 1, gzip = 2, lzo = 3, brotli = 4, lz4 = 5, zstd = 6, lz4_raw = 7 };

// "SNAPPY", "GZIP", ... as parquet.thrift spells them; "codec 9" for a number it does not name.
std::string codec_name(Codec codec);

// Decompresses `in` into `out`, which ends up exactly `uncompressed_size` bytes long. Throws
// seed::Error with what is wrong and no place (the caller adds file, column and page) when the
// data is corrupt, decompresses to another size, or the codec is not supported (LZO, numbers
// parquet.thrift does not name). Never reads or writes out of bounds, whatever `in` holds.
void decompress(Codec codec, std::string_view in, std::size_t uncompressed_size, std::string& out);

}  // namespace seed::parquet
