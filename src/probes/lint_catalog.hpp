#pragma once
// The lint catalog (evidence/lints.hpp) read from `clippy-driver --edition <edition> -W help`.
#include <string_view>

#include "core/result.hpp"
#include "evidence/lints.hpp"

namespace gc {

// The output of `clippy-driver -W help`. An Error when it does not look like that table
// (garbage, a truncated run, or rustc's own table with no clippy lints in it), never an
// empty catalog.
Result<LintCatalog> parse_lint_help(std::string_view output);

}  // namespace gc
