#pragma once
// The crate or workspace being checked, as `cargo metadata --no-deps` describes it.
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace gc {

struct CargoTarget {
    std::string name;
    std::vector<std::string> kinds;  // "lib", "rlib", "bin", "test", "bench", "example", "proc-macro", ...
    std::string src_path;
    bool doctest = false;
    [[nodiscard]] bool is_library() const;
};

struct Package {
    std::string id;  // cargo's package id, as in compiler messages
    std::string name;
    std::string version;
    std::filesystem::path manifest_path;
    std::vector<CargoTarget> targets;
    bool has_features = false;

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

}  // namespace gc
