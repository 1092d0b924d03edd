#pragma once
// GitHub code scanning's limits on one SARIF upload (docs.github.com, "SARIF support for
// code scanning", upload limits).
#include <cstddef>
#include <string_view>

namespace gc {

inline constexpr std::size_t kSarifMaxResults = 25000;                     // results a run
inline constexpr std::size_t kSarifMaxGzipBytes = 10UL * 1000UL * 1000UL;  // 10 MB, gzipped

// The size of data once gzipped at zlib's default level, as the upload compresses it.
std::size_t gzip_size(std::string_view data);

}  // namespace gc
