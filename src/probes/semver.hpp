#pragma once
// Semantic versions and cargo's version requirements, matched exactly as the `semver` crate
// (1.x) matches them: that crate is what cargo-audit uses on the RustSec database's
// `patched` / `unaffected` ranges, so anything looser here would hide or invent advisories.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace gc::semver {

// A pre-release ("alpha.1"): dot-separated identifiers. The empty pre-release (a release)
// ranks above every other, as in the semver crate.
struct Prerelease {
    std::vector<std::string> ids;
    [[nodiscard]] bool empty() const { return ids.empty(); }
};
int compare(const Prerelease& a, const Prerelease& b);

struct Version {
    std::uint64_t major = 0;
    std::uint64_t minor = 0;
    std::uint64_t patch = 0;
    Prerelease pre;  // build metadata is parsed and dropped: it never affects matching
};

// "1.2.3", "1.0.0-alpha.1+build.5". Leading zeros and missing parts are errors, as in cargo.
Result<Version> parse_version(std::string_view text);

struct Comparator {
    enum class Op { exact, greater, greater_eq, less, less_eq, tilde, caret, wildcard };
    Op op = Op::caret;
    std::uint64_t major = 0;
    std::optional<std::uint64_t> minor;
    std::optional<std::uint64_t> patch;
    Prerelease pre;
};

// A requirement: comparators that must all match (">= 0.6.14, < 1.0.0"). "*" has none.
struct VersionReq {
    std::vector<Comparator> comparators;
};

// Operators `=`, `>`, `>=`, `<`, `<=`, `~`, `^`, none (caret), and `*` / `x` wildcards.
Result<VersionReq> parse_req(std::string_view text);

// True when `version` satisfies every comparator; a pre-release version only when some
// comparator names the same major.minor.patch with a pre-release (the semver crate's rule).
bool matches(const VersionReq& req, const Version& version);

}  // namespace gc::semver
