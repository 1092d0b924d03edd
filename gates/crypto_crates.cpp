#include "gates/crypto_crates.hpp"

#include <algorithm>

namespace gc::gates {
namespace {

std::string normalised(std::string_view name) {
    std::string out(name);
    std::replace(out.begin(), out.end(), '_', '-');
    return out;
}

}  // namespace

const std::vector<std::string_view>& cryptographic_crates() {
    // Grouped by kind, several to a line.
    // clang-format off
    static const std::vector<std::string_view> crates{
        // Libraries and TLS
        "ring", "rustls", "rustls-webpki", "webpki", "openssl", "openssl-sys", "boring", "boring-sys",
        "native-tls", "aws-lc-rs", "aws-lc-sys", "mbedtls", "sodiumoxide", "libsodium-sys", "orion", "botan",
        "nettle", "snow", "age", "sequoia-openpgp", "pgp", "jsonwebtoken", "rcgen",
        // RustCrypto traits
        "digest", "cipher", "aead", "signature", "crypto-common", "crypto-mac", "crypto-bigint", "universal-hash",
        "password-hash", "elliptic-curve", "block-cipher", "stream-cipher", "block-modes",
        // Hashes
        "md-5", "md5", "md4", "sha1", "sha-1", "sha1-smol", "sha2", "sha3", "keccak", "tiny-keccak", "blake2",
        "blake2b-simd", "blake2s-simd", "blake3", "ripemd", "whirlpool", "sm3", "streebog", "groestl",
        // MACs, key derivation, password hashing
        "hmac", "hkdf", "pbkdf2", "argon2", "rust-argon2", "bcrypt", "scrypt", "poly1305", "ghash", "polyval",
        "cmac",
        // Ciphers and modes
        "aes", "aes-gcm", "aes-gcm-siv", "aes-siv", "ccm", "eax", "chacha20", "chacha20poly1305", "salsa20",
        "xsalsa20poly1305", "crypto-box", "crypto-secretbox", "des", "blowfish", "twofish", "camellia", "rc4",
        "ctr", "cbc", "cfb-mode", "ofb", "xts-mode",
        // Public-key cryptography
        "rsa", "dsa", "ecdsa", "ed25519", "ed25519-dalek", "x25519-dalek", "curve25519-dalek", "p224", "p256",
        "p384", "p521", "k256", "secp256k1", "libsecp256k1", "bls12-381", "ed448-goldilocks",
        // Handling secrets: only cryptographic code needs these
        "subtle", "zeroize", "constant-time-eq", "secrecy",
    };
    // clang-format on
    return crates;
}

bool is_cryptographic(const DependencyPackage& package) {
    const auto name = normalised(package.name);
    const auto& listed = cryptographic_crates();
    if (std::any_of(listed.begin(), listed.end(), [&](std::string_view c) { return c == name; })) {
        return true;
    }
    return std::any_of(package.categories.begin(), package.categories.end(), [](const std::string& slug) {
        return slug == "cryptography" || slug.rfind("cryptography::", 0) == 0;
    });
}

std::vector<CryptoUse> crypto_uses(const DependencyGraph& graph, const std::vector<std::string>& roots) {
    const auto reached = shipped_packages(graph, roots);
    std::vector<CryptoUse> out;
    for (const auto& r : reached) {
        if (is_cryptographic(*r.package)) {
            out.push_back(CryptoUse{r.package, dependency_path(graph, reached, r.package->id)});
        }
    }
    return out;
}

}  // namespace gc::gates
