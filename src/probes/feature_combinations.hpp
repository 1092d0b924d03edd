#pragma once
// How the `features` probe chooses the feature combinations (evidence/features.hpp) it checks.
#include <string>
#include <vector>

#include "cargo/workspace.hpp"
#include "evidence/features.hpp"
#include "probes/cargo_command.hpp"

namespace gc {

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
