#pragma once
// A new crate made inside another cargo workspace that does not list it: cargo refuses to
// build it ("believes it's in a workspace when it's not") until the workspace lists or
// excludes it. `gatecheck new` does not edit someone else's manifest; it says what to add.
#include <filesystem>
#include <optional>
#include <string>

namespace gc::scaffold {

// The warning for `crate_dir`, or nullopt when no workspace encloses it or one lists it in
// `members` or `exclude` (glob patterns, as cargo reads them).
std::optional<std::string> unlisted_in_workspace(const std::filesystem::path& crate_dir);

}  // namespace gc::scaffold
