// errors: panicking shortcuts and undocumented errors/panics in production code, from clippy's
// lints in the shared run. Test code is exempt: test, bench and example targets by their kind,
// and the library's #[cfg(test)] code and #[test] functions through clippy's own
// allow-*-in-tests configuration, added to the crate's clippy.toml for the shared run.
#include <string>
#include <vector>

#include "gates/common.hpp"
#include "gates/error_types.hpp"
#include "gates/gates.hpp"
#include "probes/keys.hpp"

namespace gc::gates {
namespace {

// Tests, benches and examples are not production code, nor is a build script (it runs on the
// developer's machine at compile time, where a panic is how it fails the build).
bool production_target(const std::string& kind) {
    return kind != "test" && kind != "bench" && kind != "example" && kind != "custom-build";
}

class ErrorsGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{
            "errors",
            "Development",
            {"Proper error handling using Result types", "Prefer `?` over `unwrap()` in production"},
            "the shared cargo clippy run with clippy::unwrap_used, expect_used, panic, todo, unimplemented, "
            "missing_errors_doc, missing_panics_doc (allow-unwrap/expect/panic-in-tests added to the crate's "
            "clippy.toml): distinct warnings in production code, not in tests, benches, examples or #[cfg(test)]; "
            "rustdoc's JSON (RUSTC_BOOTSTRAP=1): error types of public Results implement Error and Display",
            {keys::clippy.family, keys::rustdoc_json.family},
            {"max_findings (integer, 0): more distinct findings than this fail the gate"}};
        return info;
    }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        return {{"max_findings", SettingSpec::Type::integer, std::int64_t{0}, "distinct findings allowed"}};
    }
    [[nodiscard]] std::vector<LintRequest> lints() const override {
        return {{"clippy::unwrap_used"},
                {"clippy::expect_used"},
                {"clippy::panic"},
                {"clippy::todo"},
                {"clippy::unimplemented"},
                {"clippy::missing_errors_doc"},
                {"clippy::missing_panics_doc"}};
    }
    [[nodiscard]] std::vector<std::pair<std::string, std::string>> clippy_config() const override {
        return {{"allow-unwrap-in-tests", "true"}, {"allow-expect-in-tests", "true"}, {"allow-panic-in-tests", "true"}};
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        const auto view = own_lints(in.evidence, lints());
        const auto* ev = view.get();
        if (ev == nullptr) {
            return from_problem(std::move(r), problem_of(view, "cargo clippy did not run"));
        }
        CompileEvidence production = *ev;
        production.diagnostics.clear();
        for (const auto& d : ev->diagnostics) {
            if (d.level.rfind("error", 0) == 0 || production_target(d.target_kind)) {
                production.diagnostics.push_back(d);
            }
        }
        auto types = check_error_types(in.evidence, in.workspace);
        if (types.problem) {
            return from_problem(std::move(r), *types.problem);
        }
        r = evaluate_lints(std::move(r), production, lints(), in.settings.integer("max_findings"),
                           "no unwrap, expect, panic, todo or unimplemented in production code; errors and "
                           "panics documented; error types implement Error and Display",
                           std::move(types.findings));
        r.metrics.emplace_back("error_types", static_cast<double>(types.checked));
        return r;
    }
};

}  // namespace

std::unique_ptr<Gate> make_errors_gate() {
    return std::make_unique<ErrorsGate>();
}

}  // namespace gc::gates
