#pragma once
// The resolved dependency graph, as `cargo metadata --format-version 1 --all-features`
// prints it (its `packages` and `resolve.nodes`): which packages the checked ones pull in.
#include <map>
#include <string>
#include <vector>

namespace gc {

struct DependencyPackage {
    std::string id;  // cargo's package id
    std::string name;
    std::string version;
    std::vector<std::string> categories;  // crates.io category slugs: "cryptography", ...
};

struct DependencyEdge {
    std::string to;         // package id
    bool dev_only = false;  // only a dev-dependency: test code, never shipped
};

struct DependencyGraph {
    std::map<std::string, DependencyPackage> packages;        // by id
    std::map<std::string, std::vector<DependencyEdge>> deps;  // by id, from resolve.nodes
};

// One package the checked ones depend on, with the package that first pulled it in.
struct ReachedPackage {
    const DependencyPackage* package = nullptr;
    std::string parent;  // id; empty for a checked package itself
};

// The checked packages (`roots`) and everything they reach through normal and build
// dependencies, breadth first (the nearest path to each). Dev-dependencies are not followed.
std::vector<ReachedPackage> shipped_packages(const DependencyGraph& graph, const std::vector<std::string>& roots);

// "gcfx-app -> hmac -> sha2": the path through which `id` was reached.
std::string dependency_path(const DependencyGraph& graph, const std::vector<ReachedPackage>& reached,
                            const std::string& id);

}  // namespace gc
