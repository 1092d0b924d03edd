// build: the crate compiles (all targets, all features where that builds). The compiler's
// borrow and lifetime checks are what prove "Ownership and lifetime annotations correct".
#include <fmt/format.h>

#include "gates/common.hpp"
#include "gates/gates.hpp"

namespace gc::gates {
namespace {

class BuildGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{"build",
                                   "Development",
                                   {"Ownership and lifetime annotations correct"},
                                   "cargo check --all-targets (--all-features where it builds); rustc warnings in the "
                                   "crate's code are findings",
                                   {ProbeKind::check},
                                   {"deny_warnings (bool, false): rustc warnings fail the gate instead of warning",
                                    "all_features (bool, true): also check with --all-features"}};
        return info;
    }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        return {{"deny_warnings", SettingSpec::Type::boolean, false, "rustc warnings fail the gate"},
                {"all_features", SettingSpec::Type::boolean, true, "check with --all-features where it builds"}};
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        const auto* ev = in.evidence.check.get();
        if (ev == nullptr) {
            return from_problem(std::move(r), in.evidence.check.problem() != nullptr
                                                  ? *in.evidence.check.problem()
                                                  : ToolProblem{GateStatus::error, "cargo check did not run", ""});
        }
        long errors = 0;
        long warnings = 0;
        r.findings = compiler_findings(ev->diagnostics, errors, warnings);
        for (const auto& note : ev->notes) {
            r.findings.push_back(Finding{"build::features", "warning", note, "Cargo.toml", std::nullopt, std::nullopt});
        }
        r.metrics = {{"errors", errors}, {"warnings", warnings}};
        if (errors > 0 || !ev->success) {
            r.status = GateStatus::fail;
            r.summary = fmt::format("does not compile: {}, {}", plural(errors, "error"), plural(warnings, "warning"));
        } else if (warnings > 0) {
            r.status = in.settings.flag("deny_warnings") ? GateStatus::fail : GateStatus::warn;
            r.summary = fmt::format("compiles ({}) with {}", ev->args, plural(warnings, "warning"));
        } else {
            r.status = ev->notes.empty() ? GateStatus::pass : GateStatus::warn;
            r.summary = fmt::format("compiles ({}) without warnings", ev->args);
        }
        return r;
    }
};

}  // namespace

std::unique_ptr<Gate> make_build_gate() {
    return std::make_unique<BuildGate>();
}

}  // namespace gc::gates
