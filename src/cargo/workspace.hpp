#pragma once
// The crate or workspace being checked, as `cargo metadata --no-deps` describes it.
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace gc {

struct CargoTarget {
    std::string name;
    std::vector<std::string> kinds;  // "lib", "rlib", "bin", "test", "bench", "example", "proc-macro", ...
    std::string src_path;
    bool doctest = false;
    bool harness = true;                           // `harness = false` in the manifest: not a libtest binary
    bool test = true;                              // `test = false`: --tests and --all-targets skip it
    std::vector<std::string> required_features{};  // `required-features`: built only with these
    [[nodiscard]] bool is_library() const;
    // The kind cargo's target flags name it by: lib, bin, test, bench, example (or, for a
    // build script, "custom-build").
    [[nodiscard]] std::string kind() const;
};

struct Package {
    std::string id;  // cargo's package id, as in compiler messages
    std::string name;
    std::string version;
    std::string edition;  // "2021": lint defaults differ by edition
    std::filesystem::path manifest_path;
    std::vector<CargoTarget> targets;
    bool has_features = false;
    // The features table as cargo metadata prints it (an optional dependency's implicit
    // feature included, as `name = ["dep:name"]`), and the optional dependencies' names.
    std::map<std::string, std::vector<std::string>> features;
    std::set<std::string> optional_dependencies;
    // Every dependency's package name (normal, dev and build): which bench harness a
    // `harness = false` bench uses (criterion, bencher).
    std::set<std::string> dependency_names{};
    // The manifest's [lints] as the rustc flags cargo passes for them: "-W", "clippy::x", ...
    std::vector<std::string> lint_flags{};
    // What cargo puts in a test binary's environment for this package: CARGO_PKG_*,
    // CARGO_MANIFEST_DIR, CARGO_MANIFEST_PATH.
    std::vector<std::pair<std::string, std::string>> cargo_env;

    [[nodiscard]] std::filesystem::path root() const { return manifest_path.parent_path(); }
    [[nodiscard]] bool has_library() const;
};

struct Workspace {
    std::filesystem::path root;
    std::filesystem::path target_dir;
    std::vector<Package> members;       // every workspace member, in cargo's order
    std::vector<std::size_t> selected;  // indexes into members of the packages to check

    [[nodiscard]] const Package* find_by_id(std::string_view id) const;
    [[nodiscard]] const Package* find_by_name(std::string_view name) const;
    [[nodiscard]] bool is_selected_id(std::string_view id) const;
    [[nodiscard]] std::vector<const Package*> selected_packages() const;
    // A path as rustc printed it, relative to the workspace root where it lies inside it.
    [[nodiscard]] std::string relative(const std::string& file) const;
};

// Parses `cargo metadata --format-version 1 --no-deps` output. Selects nothing.
Result<Workspace> parse_cargo_metadata(std::string_view json);

// What cargo metadata does not say, read from each member's Cargo.toml: which targets have
// `harness = false`, and the [lints] table (or the workspace's, when inherited). A manifest
// that does not parse is left to cargo to report.
void read_manifests(Workspace& ws);

}  // namespace gc
