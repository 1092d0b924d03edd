// build: the crate compiles (all targets, all features where that builds). The compiler's
// borrow and lifetime checks are what prove "Ownership and lifetime annotations correct".
#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "gates/common.hpp"
#include "gates/diagnostic_findings.hpp"
#include "gates/gate.hpp"

namespace gc::gates {
namespace {

class BuildGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{
            "build",
            "Development",
            {"Ownership and lifetime annotations correct"},
            "cargo check --all-targets (--all-features where the crate has features); rustc warnings in "
            "the crate's code are findings",
            {keys::check.family}};
        return info;
    }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        return {{"deny_warnings", SettingSpec::Type::boolean, false, "rustc warnings fail the gate instead of warning"},
                {"all_features", SettingSpec::Type::boolean, true,
                 "check with --all-features; a build that breaks with it fails the gate"}};
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        const auto& probed = in.evidence.get(keys::check);
        const auto* check = probed.get();
        if (check == nullptr) {
            return from_problem(std::move(r), problem_of(probed, "cargo check did not run"));
        }
        const bool all_features_ran = check->all_features.ran();
        const auto& main = all_features_ran ? check->all_features : check->default_features;
        const auto* ev = main.get();
        if (ev == nullptr) {
            return from_problem(std::move(r), problem_of(main, "cargo check did not run"));
        }
        long errors = 0;
        long warnings = 0;
        r.findings = compiler_findings(ev->diagnostics, errors, warnings, &r.omitted);
        r.metrics = {{"errors", errors}, {"warnings", warnings}};
        if (!ev->build_script_failures.empty()) {
            r.status = GateStatus::fail;
            for (const auto& failure : ev->build_script_failures) {
                r.findings.insert(r.findings.begin(), Finding{"build-script", FindingLevel::error, failure, "",
                                                              std::nullopt, std::nullopt});
            }
            r.summary = ev->build_script_failures.front();
            return r;
        }
        if (errors > 0 || !ev->success) {
            r.status = GateStatus::fail;
            r.summary = fmt::format("does not compile ({}): {}, {}", ev->args, plural(errors, "error"),
                                    plural(warnings, "warning"));
            if (all_features_ran) {
                r.summary += default_features_note(*check);
                // Only a break that --all-features alone causes is the feature combination's.
                const auto* fallback = check->default_features.get();
                if (fallback != nullptr && fallback->success) {
                    r.fix =
                        "fix the feature combination, or set [gates.build] all_features = false to check only the "
                        "configured features";
                }
            }
            add_scope_hint(r, ev->diagnostics);
        } else if (warnings > 0) {
            r.status = in.settings.flag("deny_warnings") ? GateStatus::fail : GateStatus::warn;
            r.summary = fmt::format("compiles ({}) with {}", ev->args, plural(warnings, "warning"));
        } else {
            r.summary = fmt::format("compiles ({}) without warnings", ev->args);
        }
        return r;
    }

private:
    // When --all-features breaks, whether the default features alone build.
    static std::string default_features_note(const CheckEvidence& check) {
        const auto* fallback = check.default_features.get();
        if (fallback == nullptr) {
            return "";
        }
        const bool configured = fallback->args.find("features") != std::string::npos;
        const std::string which = configured ? "the configured features" : "the default features";
        return fallback->success ? "; " + which + " compile" : "; " + which + " do not compile either";
    }
};

}  // namespace

std::unique_ptr<Gate> make_build_gate() {
    return std::make_unique<BuildGate>();
}

}  // namespace gc::gates
