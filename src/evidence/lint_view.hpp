#pragma once
// Lint attribution over the one shared clippy run (evidence/lints.hpp has the catalog and the
// requests): which of its diagnostics a gate's own lint requests, with the defaults and what
// the crate raises itself, would report. docs/ARCHITECTURE.md, "Lints".
#include <vector>

#include "evidence/compile.hpp"
#include "evidence/lints.hpp"
#include "evidence/store.hpp"

namespace gc {

// The part of the shared clippy run that `mine` (with the lints enabled by default) would
// report on its own: other gates' lints in the same run do not count for this gate.
Probed<CompileEvidence> lint_view(const Evidence& evidence, const std::vector<LintRequest>& mine);
// A lint gate's own part of the shared run: the diagnostics of lint_view whose lint is one of
// `mine` (groups expanded through clippy's table), plus every error (a crate that does not
// compile). Lints on by default (dead_code, clippy::style) belong to no lint gate but clippy.
Probed<CompileEvidence> own_lints(const Evidence& evidence, const std::vector<LintRequest>& mine);

}  // namespace gc
