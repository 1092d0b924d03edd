#pragma once
// The generated crate's dependency versions: resolved at generation time by `cargo add`
// against the registry the user's cargo is configured with (crates.io, a mirror, or an
// offline directory source), in a scratch crate, or with `--pinned` the versions
// templates.toml pins. The templates write the dependency lines themselves
// ({{version_tokio}}), so features and optional flags stay in the template.
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "process/process.hpp"

namespace gc::scaffold {

using Versions = std::map<std::string, std::string>;  // crate name -> version requirement

// The `cargo add` command line that resolves `crates`.
std::vector<std::string> cargo_add_argv(const std::vector<std::string>& crates);

// Runs `cargo add` for `crates` in a scratch crate created (and removed) inside `near`, and
// reads the versions it wrote. A cargo add that fails is an input error with cargo's
// message and the `--pinned` alternative.
Result<Versions> resolve_versions(const std::vector<std::string>& crates, const std::filesystem::path& near,
                                  process::Runner& runner);

// The version requirement of each dependency in a Cargo.toml's [dependencies] text.
Versions versions_in_manifest(const std::string& cargo_toml);

}  // namespace gc::scaffold
