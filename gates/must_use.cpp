// must-use: results that callers should not drop, from clippy's must-use lints in the shared run.
#include "evidence/keys.hpp"
#include "gates/gate.hpp"
#include "gates/lint_gate.hpp"

namespace gc::gates {

std::unique_ptr<Gate> make_must_use_gate() {
    return make_lint_gate({
        .info = {"must-use",
                 "Best practices",
                 {"Use `#[must_use]` for important returns"},
                 "the shared cargo clippy run with clippy::must_use_candidate, return_self_not_must_use, "
                 "double_must_use, let_underscore_must_use: distinct warnings of those lints only",
                 {keys::clippy.family}},
        .counted = {{"clippy::must_use_candidate"},
                    {"clippy::return_self_not_must_use"},
                    {"clippy::double_must_use"},
                    {"clippy::let_underscore_must_use"}},
        .clean = "no result that should be #[must_use] is unmarked or dropped",
    });
}

}  // namespace gc::gates
