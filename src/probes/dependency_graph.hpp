#pragma once
// `cargo metadata --format-version 1 --all-features` read into the dependency graph
// (evidence/dependency_graph.hpp).
#include <string_view>

#include "core/result.hpp"
#include "evidence/dependency_graph.hpp"

namespace gc {

Result<DependencyGraph> parse_dependency_graph(std::string_view json);

}  // namespace gc
