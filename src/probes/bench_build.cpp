// The bench-build probe: `cargo bench --no-run --message-format=json` once, in its own
// target dir, then (when bench-run is wanted) each executable's run as a follow-up.
#include "probes/bench_build.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "evidence/keys.hpp"
#include "probes/bench_run.hpp"
#include "probes/probe.hpp"

namespace gc::probes {

std::filesystem::path bench_dir(const Workspace& ws) {
    return ws.target_dir / "gatecheck" / "bench";
}

// Next to bench_dir, not with the parsers in bench_run.cpp: those build alone for the fuzz
// targets (tests/fuzz/), without the bench build's plan.
std::filesystem::path baseline_path(const Workspace& ws, const std::string& name, const BenchExecutable& bench) {
    return bench_dir(ws) / "baselines" / name / bench.package / (bench.target + ".json");
}

std::string bench_harness(const Package& pkg, const CargoTarget& target) {
    if (target.harness) {
        return "libtest";
    }
    // A package may use both: the bench's own main macro decides, then the dependencies.
    std::ifstream in(target.src_path);
    std::ostringstream text;
    text << in.rdbuf();
    const auto source = text.str();
    const bool criterion = pkg.dependency_names.count("criterion") != 0;
    const bool bencher = pkg.dependency_names.count("bencher") != 0;
    if (criterion && source.find("criterion_main!") != std::string::npos) {
        return "criterion";
    }
    if (bencher && source.find("benchmark_main!") != std::string::npos) {
        return "bencher";
    }
    return criterion ? "criterion" : bencher ? "bencher" : "custom";
}

namespace {

struct InScope {
    const Package* pkg;
    const CargoTarget* target;
};

std::vector<InScope> bench_targets(const Workspace& ws, const TargetScope& scope) {
    std::vector<InScope> out;
    for (const auto* pkg : ws.selected_packages()) {
        for (const auto& t : pkg->targets) {
            // A bench that needs nightly is built here all the same (RUSTC_BOOTSTRAP=1).
            if (t.kind() == "bench" && !scope.configured_excludes(t)) {
                out.push_back({pkg, &t});
            }
        }
    }
    return out;
}

// The scope's features plus every bench's required features ("pkg/feature" in a workspace
// of several selected packages, where a bare name would be ambiguous).
std::vector<std::string> features(const Workspace& ws, const TargetScope& scope, const std::vector<InScope>& benches) {
    std::vector<std::string> out = scope.features;
    if (scope.all_features) {
        return out;
    }
    const bool qualified = ws.selected.size() > 1;
    for (const auto& b : benches) {
        for (const auto& f : b.target->required_features) {
            auto name = qualified ? b.pkg->name + "/" + f : f;
            if (std::find(out.begin(), out.end(), name) == out.end()) {
                out.push_back(std::move(name));
            }
        }
    }
    return out;
}

}  // namespace

std::vector<std::string> bench_build_args(const Workspace& ws, const TargetScope& scope) {
    std::vector<std::string> args{"bench", "--no-run", "--message-format=json"};
    const auto benches = bench_targets(ws, scope);
    std::vector<std::string> names;
    for (const auto& b : benches) {
        if (std::find(names.begin(), names.end(), b.target->name) == names.end()) {
            names.push_back(b.target->name);
            args.insert(args.end(), {"--bench", b.target->name});
        }
    }
    TargetScope feature_scope = scope;
    feature_scope.features = features(ws, scope, benches);
    const auto flags = feature_args(feature_scope);
    args.insert(args.end(), flags.begin(), flags.end());
    const auto pkgs = package_args(ws);
    args.insert(args.end(), pkgs.begin(), pkgs.end());
    return args;
}

namespace {

std::vector<BenchExecutable> executables(const Workspace& ws, const CargoMessages& messages) {
    std::vector<BenchExecutable> out;
    for (const auto& a : messages.artifacts) {
        const auto* pkg = ws.find_by_id(a.package_id);
        const bool bench = std::find(a.kinds.begin(), a.kinds.end(), "bench") != a.kinds.end();
        if (!bench || a.executable.empty() || pkg == nullptr || !ws.is_selected_id(a.package_id)) {
            continue;
        }
        for (const auto& t : pkg->targets) {
            if (t.name == a.target_name && t.kind() == "bench") {
                out.push_back({pkg->name, pkg->root().string(), t.name, a.executable, bench_harness(*pkg, t),
                               t.required_features});
            }
        }
    }
    return out;
}

class BenchBuildProbe final : public Probe {
public:
    [[nodiscard]] const ProbeInfo& info() const override {
        static const ProbeInfo info{
            "bench-build", {keys::bench_build.family, keys::bench_run.family}, tools::cargo, bench_run_settings()};
        return info;
    }
    [[nodiscard]] std::vector<Task> plan(const PlanContext& ctx) const override {
        BenchBuildEvidence none;
        bool libtest = false;
        for (const auto& b : bench_targets(ctx.ws, ctx.needs.scope)) {
            none.bench_targets.push_back(b.pkg->name + "/" + b.target->name);
            // Only a bench that needs nightly (probes/nightly_targets.hpp: `#![feature(test)]`, a
            // `#[bench]`) is built with RUSTC_BOOTSTRAP: a harnessed helper module cargo
            // auto-discovers as a bench builds as it is.
            libtest = libtest || ctx.needs.scope.needs_nightly(*b.target);
        }
        if (none.bench_targets.empty()) {  // nothing to build: cargo would build the lib's harness only
            none.success = true;
            ctx.evidence.put(keys::bench_build, std::move(none));
            return {};
        }
        return {build_task(ctx, std::move(none.bench_targets), libtest)};
    }

private:
    static Task build_task(const PlanContext& ctx, std::vector<std::string> targets, bool libtest) {
        Task t;
        t.id = keys::bench_build.family;
        auto args = bench_build_args(ctx.ws, ctx.needs.scope);
        t.command = cargo_command(ctx.ws, args, ctx.needs.timeout(keys::bench_build.family));
        t.command.env = {{"CARGO_PROFILE_BENCH_DEBUG", "line-tables-only"},
                         {"CARGO_TARGET_DIR", bench_dir(ctx.ws).string()}};
        if (libtest) {
            // libtest's #[bench] needs `#![feature(test)]` (and a `harness = false` bench may use
            // another feature): stable allows it with RUSTC_BOOTSTRAP, in this build's own target
            // dir only (it is not part of cargo's fingerprint).
            t.command.env.emplace_back("RUSTC_BOOTSTRAP", "1");
        }
        t.lock = bench_dir(ctx.ws).string();
        auto sink = std::make_shared<ParserSink<CargoMessageParser>>(ctx.ws);
        t.sink = sink;
        // Each bench is named with `--bench NAME` and its required features turned on.
        std::vector<ExpectedTarget> expected;
        for (const auto& b : bench_targets(ctx.ws, ctx.needs.scope)) {
            expected.push_back({b.pkg->id, "bench", b.target->name});
        }
        t.on_done = [ctx, sink, targets = std::move(targets), args, cmd = t.command, libtest,
                     expected = std::move(expected)](const process::Completed& res) {
            auto& messages = sink->parser.result();
            auto judged = judge_compile(res, cmd, messages, expected);
            if (const auto* p = judged.problem()) {
                ctx.evidence.put(keys::bench_build, *p);
                return std::vector<Task>{};
            }
            BenchBuildEvidence ev;
            ev.success = judged.get()->success;
            ev.diagnostics = std::move(judged.get()->diagnostics);
            ev.build_script_failures = judged.get()->build_script_failures;
            ev.bench_targets = targets;
            ev.bootstrapped = libtest;
            ev.args = fmt::format("{}", fmt::join(args.begin() + 3, args.end(), " "));
            ev.executables = executables(ctx.ws, messages);
            // The runs of what was built: timings, then the profilers' runs (each plans only
            // what the selected gates want).
            auto runs =
                ctx.needs.wants(keys::bench_run.family) ? bench_run_tasks(ctx, ev.executables) : std::vector<Task>{};
            if (ev.success) {
                auto profiling = bench_profiling_tasks(ctx, ev.executables);
                std::move(profiling.begin(), profiling.end(), std::back_inserter(runs));
            }
            ctx.evidence.put(keys::bench_build, std::move(ev));
            return runs;
        };
        return t;
    }
};

}  // namespace

std::unique_ptr<Probe> make_bench_build_probe() {
    return std::make_unique<BenchBuildProbe>();
}

}  // namespace gc::probes
