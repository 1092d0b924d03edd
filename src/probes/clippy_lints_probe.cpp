// clippy-lints: clippy's own table of lints, their default levels and groups
// (`clippy-driver --edition E -W help`, run in the crate's directory so its toolchain file applies).
// Planned only when gates asked for different lints in the one clippy run: it is how each
// diagnostic is attributed to the gates whose lints produced it.
#include "evidence/keys.hpp"
#include "probes/cargo_command.hpp"
#include "probes/evidence_task.hpp"
#include "probes/lint_catalog.hpp"
#include "probes/probe.hpp"

namespace gc::probes {
namespace {

Probed<LintCatalog> judge_table(const process::Completed& res, const process::Command& cmd) {
    auto table = parsed_stdout<LintCatalog>(res, cmd, parse_lint_help);
    if (const auto* p = table.problem(); p != nullptr && p->status == GateStatus::unavailable) {
        return ToolProblem{p->status, p->reason, "rustup component add clippy"};
    }
    return table;
}

class ClippyLintsProbe final : public Probe {
public:
    [[nodiscard]] const ProbeInfo& info() const override {
        static const ProbeInfo info{"clippy-lints", {keys::clippy_lints.family}, tools::clippy};
        return info;
    }
    [[nodiscard]] std::vector<Task> plan(const PlanContext& ctx) const override {
        process::Command cmd;
        // Lint defaults differ by edition (2024 warns on unsafe_op_in_unsafe_fn): ask for the crate's.
        cmd.argv = {"clippy-driver", "-W", "help"};
        const auto selected = ctx.ws.selected_packages();
        if (!selected.empty() && !selected.front()->edition.empty()) {
            cmd.argv.insert(cmd.argv.begin() + 1, {"--edition", selected.front()->edition});
        }
        cmd.cwd = ctx.ws.root;
        cmd.timeout = std::chrono::seconds(60);
        return {evidence_task(ctx, keys::clippy_lints, "", std::move(cmd), judge_table)};
    }
};

}  // namespace

std::unique_ptr<Probe> make_clippy_lints_probe() {
    return std::make_unique<ClippyLintsProbe>();
}

}  // namespace gc::probes
