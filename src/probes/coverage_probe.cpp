// The coverage probe: after the `coverage` flavour's test binaries and instrumented doc
// tests ran (each writing its LLVM profile into the flavour's profile dir; the doc tests'
// binaries persisted by rustdoc), merge the profiles with llvm-profdata and
// read line and region coverage of the crate's own files with llvm-cov export: a JSON
// summary (the counts `llvm-cov report` prints) and lcov (which lines were never run).
#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "probes/coverage_report.hpp"
#include "probes/flavour.hpp"
#include "probes/probe.hpp"

namespace gc::probes {
namespace {

// Empty: llvm-profdata and llvm-cov from PATH or rustup's llvm-tools.
const ProbeSetting<std::string> kLlvmBin{"coverage", "llvm_bin", ""};

namespace fs = std::filesystem;

constexpr const char* kInstallLlvm = "apt-get install llvm-19";

// What the chain of tasks learns as it goes; shared by their callbacks.
struct State {
    LlvmTools tools;
    long profiles = 0;
    CoverageEvidence ev;
};

long count_profiles(const fs::path& dir) {
    long n = 0;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        n += it->path().extension() == ".profraw" ? 1 : 0;
    }
    return n;
}

class CoverageProbe final : public Probe {
public:
    [[nodiscard]] const ProbeInfo& info() const override {
        static const ProbeInfo info{"coverage", {keys::coverage.family}, tools::llvm, {ProbeSettingUse::of(kLlvmBin)}};
        return info;
    }
    [[nodiscard]] std::vector<Task> plan(const PlanContext& ctx) const override {
        const auto path = ctx.env.find("PATH");
        auto tools = find_llvm_tools(ctx.needs.setting(kLlvmBin), path == ctx.env.end() ? "" : path->second);
        if (!tools) {
            ctx.evidence.put(keys::coverage, ToolProblem{GateStatus::unavailable, tools.error().message, kInstallLlvm});
            return {};
        }
        auto state = std::make_shared<State>();
        state->tools = *tools;
        return {merge_task(ctx, state)};
    }

private:
    static fs::path profdata_path(const Workspace& ws) {
        return coverage_flavour().target_dir(ws) / "coverage.profdata";
    }

    // Waits for the flavour's whole chain: its build, every test binary, every --list, the doc tests.
    static Task merge_task(const PlanContext& ctx, const std::shared_ptr<State>& state) {
        const Flavour flavour = coverage_flavour();
        Task t;
        t.id = probe_id(keys::coverage.family, "merge");
        t.after = {flavour.family("rustc-host"),
                   flavour.family("test-build"),
                   probe_id(flavour.family("unit-test"), "*"),
                   probe_id(flavour.family("integration-test"), "*"),
                   probe_id(flavour.family("test-list"), "*"),
                   probe_id(flavour.doctest_key().family, "*")};
        const auto profiles = flavour.profile_path(ctx.ws);
        const auto out = profdata_path(ctx.ws);
        t.command.argv = {state->tools.profdata, "merge", "-sparse", profiles.string(), "-o", out.string()};
        t.command.cwd = ctx.ws.root;
        t.command.timeout = ctx.needs.timeout(keys::coverage.family);
        t.before_start = [state, profiles, out](process::Command&) {
            std::error_code ec;
            fs::remove(out, ec);  // a profile merged earlier must not stand in for this run's
            state->profiles = count_profiles(profiles);
        };
        t.on_done = [ctx, state, cmd = t.command](const process::Completed& res) {
            auto next = judge_merge(ctx, *state, res, cmd);
            if (const auto* problem = next.problem()) {
                ctx.evidence.put(keys::coverage, *problem);
                return std::vector<Task>{};
            }
            return std::vector<Task>{export_task(ctx, state, false)};
        };
        return t;
    }

    static Probed<bool> judge_merge(const PlanContext& ctx, State& state, const process::Completed& res,
                                    const process::Command& cmd) {
        const auto& build = ctx.evidence.get(coverage_flavour().build_key());
        if (build.get() == nullptr) {
            return error_problem("the coverage test build did not run, so there is no coverage to read");
        }
        if (auto p = tool_problem(res, cmd)) {
            return *p;
        }
        if (state.profiles == 0) {
            return error_problem(fmt::format("the coverage test run wrote no profiles to {}", cmd.argv[3]));
        }
        if (res.exit_code != 0 && llvm_too_old(res.err)) {
            return ToolProblem{GateStatus::unavailable,
                               fmt::format("the llvm-profdata in {} cannot read rustc's coverage profiles: {}",
                                           state.tools.where, stderr_excerpt(res.err)),
                               kInstallLlvm};
        }
        if (res.exit_code != 0 || !fs::is_regular_file(cmd.argv.back())) {
            return error_problem(fmt::format("`{}` failed: {}", cmd.display(), stderr_excerpt(res.err)));
        }
        for (const auto& b : build.get()->binaries) {
            state.ev.objects.push_back(b.executable);
        }
        if (state.ev.objects.empty()) {
            return error_problem("no test binary was built, so there is no coverage to read");
        }
        return add_doctest_objects(ctx, state);
    }

    // The binaries rustdoc persisted for each package whose instrumented doc tests ran. A run
    // with tests that left no doc test dir at all means rustdoc did not persist them: counting
    // nothing then would understate coverage silently.
    static Probed<bool> add_doctest_objects(const PlanContext& ctx, State& state) {
        const auto target_dir = coverage_flavour().target_dir(ctx.ws);
        for (const auto& [pkg, probed] : ctx.evidence.all(coverage_flavour().doctest_key())) {
            const auto* run = probed->get();
            if (run == nullptr) {
                continue;  // the gate reports the run's problem
            }
            const auto dir = persisted_doctests_dir(target_dir, pkg);
            auto found = list_persisted_doctests(dir);
            if (found.dirs == 0 && run->passed + run->failed > 0) {
                return error_problem(fmt::format("{} doc tests of {} ran, but rustdoc persisted none under {}",
                                                 run->passed + run->failed, pkg, dir.string()));
            }
            state.ev.doctest_objects += static_cast<long>(found.binaries.size());
            state.ev.objects.insert(state.ev.objects.end(), found.binaries.begin(), found.binaries.end());
        }
        return true;
    }

    static Task export_task(const PlanContext& ctx, const std::shared_ptr<State>& state, bool lcov) {
        const auto target_dir = coverage_flavour().target_dir(ctx.ws);
        const auto home = ctx.env.find("CARGO_HOME");
        state->ev.ignore_regex = coverage_ignore_regex(target_dir, home == ctx.env.end() ? "" : home->second);
        state->ev.profdata = profdata_path(ctx.ws).string();
        Task t;
        t.id = probe_id(keys::coverage.family, lcov ? "lcov" : "export");
        t.command.argv = {state->tools.cov,      "export",           lcov ? "-format=lcov" : "-summary-only",
                          "-instr-profile",      state->ev.profdata, "--ignore-filename-regex",
                          state->ev.ignore_regex};
        for (const auto& o : state->ev.objects) {
            t.command.argv.insert(t.command.argv.end(), {"-object", o});
        }
        t.command.cwd = ctx.ws.root;
        t.command.timeout = ctx.needs.timeout(keys::coverage.family);
        t.on_done = [ctx, state, lcov, cmd = t.command](const process::Completed& res) {
            auto judged = judge_export(ctx, *state, res, cmd, lcov);
            if (const auto* problem = judged.problem()) {
                ctx.evidence.put(keys::coverage, *problem);
                return std::vector<Task>{};
            }
            if (!lcov) {
                return std::vector<Task>{export_task(ctx, state, true)};
            }
            state->ev.profiles = state->profiles;
            state->ev.llvm_bin = state->tools.where;
            ctx.evidence.put(keys::coverage, std::move(state->ev));
            return std::vector<Task>{};
        };
        return t;
    }

    static Probed<bool> judge_export(const PlanContext& ctx, State& state, const process::Completed& res,
                                     const process::Command& cmd, bool lcov) {
        if (auto p = tool_problem(res, cmd)) {
            return *p;
        }
        if (res.exit_code != 0) {
            return ToolProblem{llvm_too_old(res.err) ? GateStatus::unavailable : GateStatus::error,
                               fmt::format("`{}` failed: {}", cmd.display(), stderr_excerpt(res.err)),
                               llvm_too_old(res.err) ? kInstallLlvm : ""};
        }
        if (lcov) {
            auto added = add_lcov_lines(state.ev, res.out, ctx.ws.root);
            return added ? Probed<bool>(true) : error_problem(added.error().message);
        }
        auto parsed = parse_coverage_summary(res.out, ctx.ws.root, coverage_flavour().target_dir(ctx.ws));
        if (!parsed) {
            return error_problem(parsed.error().message);
        }
        if (parsed->files.empty() || parsed->lines.count == 0) {
            return error_problem(
                fmt::format("llvm-cov export found no lines of the crate's own files under {}", ctx.ws.root.string()));
        }
        parsed->objects = std::move(state.ev.objects);
        parsed->doctest_objects = state.ev.doctest_objects;
        parsed->ignore_regex = state.ev.ignore_regex;
        parsed->profdata = state.ev.profdata;
        state.ev = std::move(*parsed);
        return true;
    }
};

}  // namespace

std::unique_ptr<Probe> make_coverage_probe() {
    return std::make_unique<CoverageProbe>();
}

}  // namespace gc::probes
