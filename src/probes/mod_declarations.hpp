#pragma once
// Which files a Rust file pulls in as modules: its out-of-line `mod NAME;` declarations and
// where rustc looks for each. The rust-sources walk follows them from each test and bench
// target's root, so that a file is known by the targets that compile it, not by the directory
// it sits in (`autotests = false`, `benches/shared.rs` that other benches `mod`). Pure
// functions over source text and paths; the caller reads the files.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace gc::probes {

struct ModDeclaration {
    std::string name;                 // `mod NAME;`
    std::string path;                 // `#[path = "P"]` on it; empty without one
    std::vector<std::string> cfgs{};  // the predicates of its `#[cfg(..)]` attributes: `feature = "rayon"`
};

// The `mod NAME;` items at the top level of a file (not inside an inline `mod x { }`, a fn or
// an impl), comments and strings skipped, each with its `#[path]` attribute when it has one.
std::vector<ModDeclaration> mod_declarations(std::string_view source);

// Where rustc looks for a declared module of `file`, in its order: `#[path]` relative to the
// file's directory; else NAME.rs then NAME/mod.rs, in the file's directory when it owns it (a
// crate root or a mod.rs: `owns_dir`), else in the directory named after the file.
std::vector<std::filesystem::path> module_candidates(const std::filesystem::path& file, bool owns_dir,
                                                     const ModDeclaration& decl);

}  // namespace gc::probes
