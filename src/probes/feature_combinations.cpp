#include <fmt/format.h>
#include <fmt/ranges.h>

#include "probes/cargo_command.hpp"
#include "probes/feature_combinations.hpp"

namespace gc {

bool implicit_dependency_feature(const Package& pkg, const std::string& feature) {
    const auto it = pkg.features.find(feature);
    return it != pkg.features.end() && pkg.optional_dependencies.count(feature) != 0 &&
           it->second == std::vector<std::string>{"dep:" + feature};
}

std::vector<FeatureCombination> feature_combinations(const Package& pkg, bool optional_deps) {
    if (pkg.features.empty()) {
        return {};
    }
    const auto spec = package_spec(pkg);
    std::vector<FeatureCombination> out;
    out.push_back(FeatureCombination{pkg.name, spec, {}, true, false});
    out.push_back(FeatureCombination{pkg.name, spec, {}, false, true});
    for (const auto& entry : pkg.features) {
        if (optional_deps || !implicit_dependency_feature(pkg, entry.first)) {
            out.push_back(FeatureCombination{pkg.name, spec, {entry.first}, true, false});
        }
    }
    return out;
}

TargetScope feature_scope(const FeatureCombination& combination, const TargetScope& configured) {
    // The configured target exclusions still hold; the features are the combination's own.
    TargetScope scope = configured;
    scope.features = combination.features;
    scope.no_default_features = combination.no_default_features;
    scope.all_features = combination.all_features;
    return scope;
}

}  // namespace gc
