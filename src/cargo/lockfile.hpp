#pragma once
// Cargo.lock's packages, as cargo-audit reads them: name, version, source and where each
// [[package]] entry sits (for findings that point at the lockfile).
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace gc {

struct LockedPackage {
    std::string name;
    std::string version;
    std::string source;  // empty for workspace members and path dependencies
    int line = 0;        // of its [[package]] header
};

// The crates.io index, as Cargo.lock names it (both protocols): the only source the RustSec
// database's `crates/` advisories are about.
bool is_crates_io(std::string_view source);

// `file` names the lockfile in error messages ("Cargo.lock:12:1: ...").
Result<std::vector<LockedPackage>> parse_cargo_lock(std::string_view text, const std::string& file);

}  // namespace gc
