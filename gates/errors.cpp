// errors: panicking shortcuts and undocumented errors/panics in production code, from clippy's
// lints in the shared run. Test code is exempt: test, bench and example targets by their kind,
// and the library's #[cfg(test)] code and #[test] functions through clippy's own
// allow-*-in-tests configuration, added to the crate's clippy.toml for the shared run.
#include <string>
#include <vector>

#include "gates/gates.hpp"
#include "gates/lint_gate.hpp"
#include "probes/keys.hpp"

namespace gc::gates {
namespace {

// Tests, benches and examples are not production code, nor is a build script (it runs on the
// developer's machine at compile time, where a panic is how it fails the build).
bool production_target(const std::string& kind) {
    return kind != "test" && kind != "bench" && kind != "example" && kind != "custom-build";
}

// Keeps the diagnostics of production code: errors always (a crate that does not compile),
// warnings only outside test, bench and example targets.
LintReading production_only(const GateInput& /*in*/, const CompileEvidence& own) {
    LintReading reading{own, {}, {}, "", std::nullopt};
    reading.counted.diagnostics.clear();
    for (const auto& d : own.diagnostics) {
        if (d.level.rfind("error", 0) == 0 || production_target(d.target_kind)) {
            reading.counted.diagnostics.push_back(d);
        }
    }
    reading.clean = "no unwrap, expect, panic, todo or unimplemented in production code; errors and panics documented";
    return reading;
}

}  // namespace

std::unique_ptr<Gate> make_errors_gate() {
    return make_lint_gate({
        .info = {"errors",
                 "Development",
                 {"Proper error handling using Result types", "Prefer `?` over `unwrap()` in production"},
                 "the shared cargo clippy run with clippy::unwrap_used, expect_used, panic, todo, unimplemented, "
                 "missing_errors_doc, missing_panics_doc (allow-unwrap/expect/panic-in-tests added to the crate's "
                 "clippy.toml): distinct warnings in production code, not in tests, benches, examples or #[cfg(test)]",
                 {keys::clippy.family},
                 {}},
        .counted = {{"clippy::unwrap_used"},
                    {"clippy::expect_used"},
                    {"clippy::panic"},
                    {"clippy::todo"},
                    {"clippy::unimplemented"},
                    {"clippy::missing_errors_doc"},
                    {"clippy::missing_panics_doc"}},
        .clippy_config = {{"allow-unwrap-in-tests", "true"},
                          {"allow-expect-in-tests", "true"},
                          {"allow-panic-in-tests", "true"}},
        .read = production_only,
    });
}

}  // namespace gc::gates
