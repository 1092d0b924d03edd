// errors: panicking shortcuts and undocumented errors/panics in production code, from clippy's
// lints in the shared run, and the crate's error types from rustdoc's JSON. Test code is
// exempt: test, bench and example targets by their kind, and the library's #[cfg(test)] code
// and #[test] functions through clippy's own allow-*-in-tests configuration, added to the
// crate's clippy.toml for the shared run.
#include <string>
#include <vector>

#include "evidence/keys.hpp"
#include "gates/error_types.hpp"
#include "gates/gate.hpp"
#include "gates/lint_gate.hpp"

namespace gc::gates {
namespace {

// Tests, benches and examples are not production code, nor is a build script (it runs on the
// developer's machine at compile time, where a panic is how it fails the build).
bool production_target(const std::string& kind) {
    return kind != "test" && kind != "bench" && kind != "example" && kind != "custom-build";
}

// The diagnostics of production code (errors always: a crate that does not compile; warnings
// only outside test, bench and example targets), and each error type of a public Result that
// lacks Error or Display.
LintReading production_code(const GateInput& in, const CompileEvidence& own) {
    LintReading reading{own, {}, {}, "", std::nullopt};
    reading.counted.diagnostics.clear();
    for (const auto& d : own.diagnostics) {
        if (d.level.rfind("error", 0) == 0 || production_target(d.target_kind)) {
            reading.counted.diagnostics.push_back(d);
        }
    }
    auto types = check_error_types(in.evidence, in.workspace);
    reading.problem = std::move(types.problem);
    reading.extra = std::move(types.findings);
    reading.metrics = {{"error_types", static_cast<double>(types.checked)}};
    reading.clean =
        "no unwrap, expect, panic, todo or unimplemented in production code; errors and panics documented; "
        "error types implement Error and Display";
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
                 "clippy.toml): distinct warnings in production code, not in tests, benches, examples or "
                 "#[cfg(test)]; rustdoc's JSON (RUSTC_BOOTSTRAP=1): error types of public Results implement Error "
                 "and Display",
                 {keys::clippy.family, keys::rustdoc_json.family}},
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
        .read = production_code,
    });
}

}  // namespace gc::gates
