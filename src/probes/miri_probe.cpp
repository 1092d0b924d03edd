// miri: `cargo miri test` in its own target dir (<target-dir>/gatecheck/miri), when a toolchain
// has the miri component. The lookup is honest: `cargo miri --version` with the default
// toolchain, then `cargo +nightly miri --version`; when neither answers, the evidence is
// `unavailable` with the rustup command that installs it, and nothing else runs.
#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "probes/cargo_command.hpp"
#include "probes/miri_report.hpp"
#include "probes/probe.hpp"

namespace gc::probes {
namespace {

inline constexpr const char* kInstallMiri = "rustup +nightly component add miri";

process::Command version_command(const PlanContext& ctx, const std::string& toolchain) {
    process::Command cmd;
    cmd.argv = {"cargo"};
    if (!toolchain.empty()) {
        cmd.argv.push_back("+" + toolchain);
    }
    cmd.argv.insert(cmd.argv.end(), {"miri", "--version"});
    cmd.cwd = ctx.ws.root;  // a rust-toolchain file there chooses the default toolchain
    cmd.unset_env = {"RUST_BACKTRACE"};
    cmd.timeout = std::chrono::seconds(60);
    return cmd;
}

// Miri stops a binary at its first error and exits 1 for UB and for an unsupported
// operation alike: the text decides, and an exit code the text does not explain is an error.
Probed<MiriEvidence> judge_miri(const process::Completed& res, const process::Command& cmd, MiriEvidence ev) {
    if (auto p = tool_problem(res, cmd)) {
        return *p;
    }
    if (miri_missing(res.err)) {
        return ToolProblem{GateStatus::unavailable, "miri is not installed: " + stderr_excerpt(res.err), kInstallMiri};
    }
    ev.run = parse_miri_output(res.out, res.err);
    ev.success = res.exit_code == 0;
    const auto& run = ev.run;
    if (!run.reports.empty()) {
        return ev;
    }
    if (ev.success && run.summaries > 0 && run.failed == 0) {
        return ev;
    }
    if (!ev.success && (run.failed > 0 || !run.failed_tests.empty())) {
        return ev;
    }
    return error_problem(fmt::format(
        "`{}` {} but printed {}: {}", cmd.display(), res.describe(cmd),
        run.summaries == 0 ? "no `test result:` line and no miri report" : "no failing test and no miri report",
        stderr_excerpt(res.err)));
}

class MiriProbe final : public Probe {
public:
    [[nodiscard]] const ProbeInfo& info() const override {
        static const ProbeInfo info{"miri", {keys::miri.family, "miri-version"}, tools::miri};
        return info;
    }
    [[nodiscard]] std::vector<Task> plan(const PlanContext& ctx) const override { return {version_task(ctx, "")}; }

private:
    [[nodiscard]] static Task version_task(const PlanContext& ctx, const std::string& toolchain) {
        Task t;
        t.id = probe_id("miri-version", toolchain);
        t.command = version_command(ctx, toolchain);
        t.on_done = [ctx, toolchain, cmd = t.command](const process::Completed& res) -> std::vector<Task> {
            if (res.succeeded() && res.out.find("miri") != std::string::npos) {
                return {test_task(ctx, toolchain, res.out.substr(0, res.out.find('\n')))};
            }
            if (auto p = tool_problem(res, cmd); p && p->status != GateStatus::unavailable) {
                ctx.evidence.put(keys::miri, *p);
                return {};
            }
            if (toolchain.empty()) {
                return {version_task(ctx, "nightly")};
            }
            const bool no_nightly = res.err.find("toolchain 'nightly") != std::string::npos &&
                                    res.err.find("is not installed") != std::string::npos && !miri_missing(res.err);
            ctx.evidence.put(
                keys::miri,
                ToolProblem{GateStatus::unavailable,
                            fmt::format("miri is not installed for the default toolchain nor for nightly "
                                        "(`{}`: {})",
                                        cmd.display(), stderr_excerpt(res.err)),
                            no_nightly ? "rustup toolchain install nightly --component miri" : kInstallMiri});
            return {};
        };
        return t;
    }

    [[nodiscard]] static Task test_task(const PlanContext& ctx, const std::string& toolchain,
                                        const std::string& version) {
        Task t;
        t.id = keys::miri.family;
        const auto dir = ctx.ws.target_dir / "gatecheck" / "miri";
        std::vector<std::string> args;
        if (!toolchain.empty()) {
            args.push_back("+" + toolchain);
        }
        args.insert(args.end(), {"miri", "test", "--no-fail-fast", "--target-dir", dir.string()});
        for (auto& a : package_args(ctx.ws)) {
            args.push_back(std::move(a));
        }
        for (auto& a : scope_args(ctx.ws, ctx.needs.scope, Targets::tests)) {
            args.push_back(std::move(a));
        }
        t.command = cargo_command(ctx.ws, std::move(args), ctx.needs.timeout(keys::miri.family));
        t.lock = dir.string();
        t.on_done = [ctx, cmd = t.command,
                     ev = MiriEvidence{toolchain, version, {}, false}](const process::Completed& res) {
            ctx.evidence.put(keys::miri, judge_miri(res, cmd, ev));
            return std::vector<Task>{};
        };
        return t;
    }
};

}  // namespace

std::unique_ptr<Probe> make_miri_probe() {
    return std::make_unique<MiriProbe>();
}

}  // namespace gc::probes
