// dependency-graph: `cargo metadata --all-features` with the dependencies resolved (the run's
// own metadata call is --no-deps and decides what to check; this one only informs gates).
// Every feature is on, so an optional dependency counts: its code ships with the crate.
#include "evidence/keys.hpp"
#include "probes/cargo_command.hpp"
#include "probes/dependency_graph.hpp"
#include "probes/evidence_task.hpp"
#include "probes/probe.hpp"

namespace gc::probes {
namespace {

class DependencyGraphProbe final : public Probe {
public:
    [[nodiscard]] const ProbeInfo& info() const override {
        static const ProbeInfo info{"dependency-graph", {keys::dependency_graph.family}, tools::cargo};
        return info;
    }
    [[nodiscard]] std::vector<Task> plan(const PlanContext& ctx) const override {
        auto cmd = cargo_command(ctx.ws,
                                 {"metadata", "--format-version", "1", "--all-features", "--manifest-path",
                                  (ctx.ws.root / "Cargo.toml").string()},
                                 ctx.needs.timeout(keys::dependency_graph.family));
        return {evidence_task(ctx, keys::dependency_graph, "", std::move(cmd), [](const auto& res, const auto& c) {
            return parsed_stdout<DependencyGraph>(res, c, parse_dependency_graph);
        })};
    }
};

}  // namespace

std::unique_ptr<Probe> make_dependency_graph_probe() {
    return std::make_unique<DependencyGraphProbe>();
}

}  // namespace gc::probes
