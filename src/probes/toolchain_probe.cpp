// rustc-version, cargo-version: the toolchain the report names. Always run; a missing
// version is shown as empty, never guessed.
#include "probes/cargo_command.hpp"
#include "probes/probe.hpp"

namespace gc::probes {
namespace {

class ToolchainProbe final : public Probe {
public:
    [[nodiscard]] const ProbeInfo& info() const override {
        static const ProbeInfo info{"toolchain", {"rustc-version", "cargo-version"}, tools::cargo};
        return info;
    }
    [[nodiscard]] std::vector<Task> plan(const PlanContext& ctx) const override {
        std::vector<Task> tasks;
        for (const std::string tool : {"rustc", "cargo"}) {
            Task t;
            t.id = tool + "-version";
            t.command.argv = {tool, "--version"};
            t.command.cwd = ctx.ws.root;
            t.command.timeout = std::chrono::seconds(60);
            t.on_done = [ctx, tool](const process::Completed& res) {
                auto& field = tool == "rustc" ? ctx.evidence.toolchain.rustc : ctx.evidence.toolchain.cargo;
                field = res.succeeded() ? parse_version_line(res.out, tool) : "";
                return std::vector<Task>{};
            };
            tasks.push_back(std::move(t));
        }
        return tasks;
    }
};

}  // namespace

std::unique_ptr<Probe> make_toolchain_probe() {
    return std::make_unique<ToolchainProbe>();
}

}  // namespace gc::probes
