// dependency-graph: `cargo metadata --all-features` with the dependencies resolved (the run's
// own metadata call is --no-deps and decides what to check; this one only informs gates).
// Every feature is on, so an optional dependency counts: its code ships with the crate.
#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "probes/cargo_command.hpp"
#include "probes/dependency_graph.hpp"
#include "probes/probe.hpp"

namespace gc::probes {
namespace {

Probed<DependencyGraph> judge_graph(const process::Completed& res, const process::Command& cmd) {
    if (auto p = tool_problem(res, cmd)) {
        return *p;
    }
    if (!res.succeeded()) {
        return error_problem(fmt::format("`{}` {}: {}", cmd.display(), res.describe(cmd), stderr_excerpt(res.err)));
    }
    auto graph = parse_dependency_graph(res.out);
    if (!graph) {
        return error_problem(fmt::format("`{}`: {}", cmd.display(), graph.error().message));
    }
    return std::move(*graph);
}

class DependencyGraphProbe final : public Probe {
public:
    [[nodiscard]] const ProbeInfo& info() const override {
        static const ProbeInfo info{"dependency-graph", {keys::dependency_graph.family}, tools::cargo};
        return info;
    }
    [[nodiscard]] std::vector<Task> plan(const PlanContext& ctx) const override {
        Task t;
        t.id = keys::dependency_graph.family;
        t.command = cargo_command(ctx.ws,
                                  {"metadata", "--format-version", "1", "--all-features", "--manifest-path",
                                   (ctx.ws.root / "Cargo.toml").string()},
                                  ctx.needs.timeout(keys::dependency_graph.family));
        t.on_done = [ctx, cmd = t.command](const process::Completed& res) {
            ctx.evidence.put(keys::dependency_graph, judge_graph(res, cmd));
            return std::vector<Task>{};
        };
        return {std::move(t)};
    }
};

}  // namespace

std::unique_ptr<Probe> make_dependency_graph_probe() {
    return std::make_unique<DependencyGraphProbe>();
}

}  // namespace gc::probes
