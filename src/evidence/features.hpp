#pragma once
// The `features` probe's evidence: `cargo check` per feature combination of each selected
// package (cargo-hack's --each-feature: none, each feature alone, all), in its own target dir:
// the library and binaries (cargo-hack's default targets, the verdict), then, when they
// compile, every target (tests, benches and examples: warnings naming the target).
#include <string>
#include <vector>

#include "evidence/compile.hpp"

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
    // `--lib --bins`; not run: the run was interrupted before it started.
    Probed<CompileEvidence> result{};
    // `--all-targets`, planned only once `result` compiled (a library that fails breaks every
    // target built on it: one root cause, reported once).
    Probed<CompileEvidence> targets{};
    bool targets_planned = false;
    long rebuilt = 0;  // compiler artifacts cargo did not find fresh, over both runs
};

struct FeaturesEvidence {
    std::vector<FeatureCheck> checks{};
    std::vector<FeatureCombination> not_checked{};  // past max_combinations, per package
    std::vector<std::string> featureless{};         // selected packages without any feature
    long max_combinations = 0;
};

}  // namespace gc
