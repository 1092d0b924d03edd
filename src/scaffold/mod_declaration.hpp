#pragma once
// Declaring a new module in a crate root (lib.rs / main.rs) the way rustfmt would have it,
// and changing nothing else in the file.
#include <optional>
#include <string>
#include <string_view>

namespace gc::scaffold {

// Whether the root already declares `mod NAME` (any visibility, inline or not).
bool declares_module(std::string_view root, std::string_view name);

// `root` with `DECL` (e.g. "pub mod NAME;") inserted: into the first group of top-level
// `mod` declarations at NAME's place in name order (rustfmt's reorder_modules sorts each
// group), before the attributes of the declaration it precedes; without such a group,
// after the crate's leading `//!` docs and `#![...]` attributes, set off by blank lines.
std::string insert_module(std::string_view root, std::string_view name, std::string_view decl);

}  // namespace gc::scaffold
