// doctests:PKG: `cargo test --doc` per library that has doc tests, with libtest JSON
// (stable with RUSTC_BOOTSTRAP=1), streamed to the libtest parser.
#include <algorithm>

#include "evidence/keys.hpp"
#include "probes/cargo_command.hpp"
#include "probes/probe.hpp"
#include "probes/test_runs.hpp"

namespace gc::probes {
namespace {

Task doctest_task(const PlanContext& ctx, const Package& pkg) {
    Task t;
    t.id = probe_id(keys::doctests.family, pkg.name);
    std::vector<std::string> args{"test", "--doc",          "--manifest-path", (ctx.ws.root / "Cargo.toml").string(),
                                  "-p",   package_spec(pkg)};
    const auto scope = scope_args(ctx.ws, ctx.needs.scope, Targets::none);
    args.insert(args.end(), scope.begin(), scope.end());
    args.insert(args.end(), {"--", "-Z", "unstable-options", "--format", "json", "--report-time"});
    t.command = cargo_command(ctx.ws, args, ctx.needs.timeout(keys::doctests.family));
    t.command.env = {{"RUSTC_BOOTSTRAP", "1"}};
    t.lock = ctx.ws.target_dir.string();
    auto sink = std::make_shared<ParserSink<LibtestParser>>();
    t.sink = sink;
    t.on_done = [ctx, sink, name = pkg.name, root = pkg.root().string(),
                 cmd = t.command](const process::Completed& res) {
        if (auto p = tool_problem(res, cmd); p && p->status == GateStatus::unavailable) {
            ctx.evidence.put(keys::doctests, name, Probed<TestRun>(*p));
        } else {
            ctx.evidence.put(
                keys::doctests, name,
                judge_libtest_run(res, cmd, TestBinary{name, root, name, "doctest", "", true}, sink->parser.finish()));
        }
        return std::vector<Task>{};
    };
    return t;
}

class DoctestsProbe final : public Probe {
public:
    [[nodiscard]] const ProbeInfo& info() const override {
        static const ProbeInfo info{"doctests", {keys::doctests.family}, tools::rustdoc};
        return info;
    }
    [[nodiscard]] std::vector<Task> plan(const PlanContext& ctx) const override {
        std::vector<Task> tasks;
        for (const auto* pkg : ctx.ws.selected_packages()) {
            const bool has_doctests = std::any_of(pkg->targets.begin(), pkg->targets.end(),
                                                  [](const CargoTarget& t) { return t.is_library() && t.doctest; });
            if (has_doctests) {
                ctx.evidence.put(keys::doctests, pkg->name, Probed<TestRun>{});
                tasks.push_back(doctest_task(ctx, *pkg));
            }
        }
        return tasks;
    }
};

}  // namespace

std::unique_ptr<Probe> make_doctests_probe() {
    return std::make_unique<DoctestsProbe>();
}

}  // namespace gc::probes
