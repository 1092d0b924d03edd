#include "evidence/features.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace gc {

std::string FeatureCombination::display() const {
    std::vector<std::string> parts;
    if (no_default_features) {
        parts.emplace_back("--no-default-features");
    }
    if (!features.empty()) {
        parts.push_back(fmt::format("--features {}", fmt::join(features, ",")));
    }
    if (all_features) {
        parts.emplace_back("--all-features");
    }
    return fmt::format("{}", fmt::join(parts, " "));
}

}  // namespace gc
