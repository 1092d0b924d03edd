#pragma once
// Which crates count as cryptographic, for the crypto-review attestation: one list, here
// (docs/CONFIG.md shows the same list; a unit test keeps the two in step).
#include <string>
#include <string_view>
#include <vector>

#include "evidence/dependency_graph.hpp"

namespace gc::gates {

// crates.io names. Randomness (rand, getrandom), non-cryptographic hashes (ahash, siphasher,
// crc32fast) and encodings (base64, hex) are deliberately absent: see docs/CONFIG.md.
const std::vector<std::string_view>& cryptographic_crates();

// Listed (`-` and `_` alike, as crates.io treats them), or in the crates.io category
// `cryptography` or one of its subcategories.
bool is_cryptographic(const DependencyPackage& package);

struct CryptoUse {
    const DependencyPackage* package;
    std::string path;  // "gcfx-app -> hmac -> sha2"
};

// The cryptographic packages among `roots` (the checked packages) and their normal and
// build dependencies, in breadth-first order.
std::vector<CryptoUse> crypto_uses(const DependencyGraph& graph, const std::vector<std::string>& roots);

}  // namespace gc::gates
