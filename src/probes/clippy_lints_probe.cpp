// clippy-lints: clippy's own table of lints, their default levels and groups
// (`clippy-driver --edition E -W help`, run in the crate's directory so its toolchain file applies).
// Planned only when gates asked for different lints in the one clippy run: it is how each
// diagnostic is attributed to the gates whose lints produced it.
#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "probes/cargo_command.hpp"
#include "probes/probe.hpp"

namespace gc::probes {
namespace {

Probed<LintCatalog> judge_table(const process::Completed& res, const process::Command& cmd) {
    if (auto p = tool_problem(res, cmd)) {
        if (p->status == GateStatus::unavailable) {
            p->fix = "rustup component add clippy";
        }
        return *p;
    }
    if (!res.succeeded()) {
        return error_problem(fmt::format("`{}` {}: {}", cmd.display(), res.describe(cmd), stderr_excerpt(res.err)));
    }
    auto catalog = parse_lint_help(res.out);
    if (!catalog) {
        return error_problem(fmt::format("`{}`: {}", cmd.display(), catalog.error().message));
    }
    return std::move(*catalog);
}

class ClippyLintsProbe final : public Probe {
public:
    [[nodiscard]] const ProbeInfo& info() const override {
        static const ProbeInfo info{"clippy-lints", {keys::clippy_lints.family}, tools::clippy};
        return info;
    }
    [[nodiscard]] std::vector<Task> plan(const PlanContext& ctx) const override {
        Task t;
        t.id = keys::clippy_lints.family;
        // Lint defaults differ by edition (2024 warns on unsafe_op_in_unsafe_fn): ask for the crate's.
        t.command.argv = {"clippy-driver", "-W", "help"};
        const auto selected = ctx.ws.selected_packages();
        if (!selected.empty() && !selected.front()->edition.empty()) {
            t.command.argv.insert(t.command.argv.begin() + 1, {"--edition", selected.front()->edition});
        }
        t.command.cwd = ctx.ws.root;
        t.command.timeout = std::chrono::seconds(60);
        t.on_done = [ctx, cmd = t.command](const process::Completed& res) {
            ctx.evidence.put(keys::clippy_lints, judge_table(res, cmd));
            return std::vector<Task>{};
        };
        return {std::move(t)};
    }
};

}  // namespace

std::unique_ptr<Probe> make_clippy_lints_probe() {
    return std::make_unique<ClippyLintsProbe>();
}

}  // namespace gc::probes
