// clippy: `cargo clippy` with pedantic lints, distinct findings of the crate's own packages.
#include <string>

#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "evidence/lint_view.hpp"
#include "gates/common.hpp"
#include "gates/diagnostic_findings.hpp"
#include "gates/gate.hpp"

namespace gc::gates {
namespace {

// `cargo clippy --fix` applies the machine-applicable suggestions among the warnings, for
// the packages this run checked. --allow-dirty: a work tree with changes is the usual case.
std::string fix_command(const Workspace& ws) {
    std::string cmd = "cargo clippy --fix --allow-dirty --all-targets";
    if (ws.selected.size() < ws.members.size()) {
        for (const auto* p : ws.selected_packages()) {
            cmd += " -p " + p->name;
        }
    }
    return cmd + " -- -W clippy::pedantic";
}

class ClippyGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{
            "clippy",
            "Development",
            {"Code passes `cargo clippy` with pedantic lints"},
            "cargo clippy --all-targets -- -W clippy::pedantic: distinct warnings of the crate's own packages",
            {keys::clippy.family}};
        return info;
    }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        return {{"max_warnings", SettingSpec::Type::integer, std::int64_t{0},
                 "more distinct warnings than this fail the gate"}};
    }
    [[nodiscard]] std::vector<LintRequest> lints() const override { return {{"clippy::pedantic"}}; }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        // Only what -W clippy::pedantic alone reports: other gates' lints share the run.
        const auto view = lint_view(in.evidence, lints());
        const auto* ev = view.get();
        if (ev == nullptr) {
            return from_problem(std::move(r), problem_of(view, "cargo clippy did not run"));
        }
        long errors = 0;
        long warnings = 0;
        r.findings = compiler_findings(ev->diagnostics, errors, warnings, &r.omitted);
        const auto max = in.settings.integer("max_warnings");
        r.metrics = {{"warnings", warnings}, {"errors", errors}, {"max_warnings", static_cast<double>(max)}};
        if (errors > 0 || !ev->success) {
            r.status = GateStatus::fail;
            r.summary = fmt::format("does not compile: {}, {}", plural(errors, "error"), plural(warnings, "warning"));
            add_scope_hint(r, ev->diagnostics);
        } else if (warnings > max) {
            r.status = GateStatus::fail;
            r.summary = fmt::format("{} (at most {} allowed)", plural(warnings, "warning"), max);
        } else if (warnings > 0) {
            r.status = GateStatus::warn;
            r.summary = fmt::format("{} (at most {} allowed)", plural(warnings, "warning"), max);
        } else {
            r.summary = "no warnings with clippy::pedantic";
        }
        if (warnings > 0 && errors == 0 && ev->success) {
            r.fix = fix_command(in.workspace);  // clippy only fixes what compiles
        }
        return r;
    }
};

}  // namespace

std::unique_ptr<Gate> make_clippy_gate() {
    return std::make_unique<ClippyGate>();
}

}  // namespace gc::gates
