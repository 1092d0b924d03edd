#pragma once
// The `features` probe's evidence: `cargo check` once per feature combination of each selected
// package (cargo-hack's --each-feature: none, each feature alone, all), in its own target dir.
#include <string>
#include <vector>

#include "cargo/workspace.hpp"
#include "probes/cargo_command.hpp"
#include "probes/evidence.hpp"

namespace gc {

// One way to build one package, as cargo's feature flags say it.
struct FeatureCombination {
    std::string package;       // package name
    std::string package_spec;  // what `-p` takes (cargo_command.hpp, package_spec)
    std::vector<std::string> features{};
    bool no_default_features = false;
    bool all_features = false;

    // The flags in the order people write them: "--no-default-features --features std".
    [[nodiscard]] std::string display() const;
};

struct FeatureCheck {
    FeatureCombination combination;
    Probed<CompileEvidence> result{};  // not run: the run was interrupted before it started
    long rebuilt = 0;                  // compiler artifacts cargo did not find fresh
};

struct FeaturesEvidence {
    std::vector<FeatureCheck> checks{};
    std::vector<FeatureCombination> not_checked{};  // past max_combinations, per package
    std::vector<std::string> featureless{};         // selected packages without any feature
    long max_combinations = 0;
};

// The combinations of one package, in the order they are checked: --no-default-features,
// --all-features, then each feature alone on top of --no-default-features (`default` included,
// an optional dependency's implicit feature only when `optional_deps`). None for a package
// without features. Flags only: the caller adds targets and packages.
std::vector<FeatureCombination> feature_combinations(const Package& pkg, bool optional_deps);
// The same as cargo's flags (through feature_args, the one place they are written).
TargetScope feature_scope(const FeatureCombination& combination, const TargetScope& configured);

// Whether cargo's `name = ["dep:name"]` entry is the implicit feature of an optional dependency.
bool implicit_dependency_feature(const Package& pkg, const std::string& feature);

}  // namespace gc
