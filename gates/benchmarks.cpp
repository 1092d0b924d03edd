// benchmarks: every bench target builds (`cargo bench --no-run`, in gatecheck's bench dir)
// and runs in release with short measurement settings; each benchmark's estimate with its
// interval in the metrics. A crate without a bench target fails: "no benchmarks".
#include <algorithm>

#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "gates/bench_runs.hpp"
#include "gates/bench_view.hpp"
#include "gates/common.hpp"
#include "gates/gate.hpp"
#include "gates/perf_units.hpp"

namespace gc::gates {
namespace {

void add_metrics(GateResult& r, const BenchView& view) {
    long count = 0;
    for (const auto* run : view.runs) {
        for (const auto& e : run->estimates) {
            ++count;
            r.metrics.emplace_back(e.id + ":ns", e.estimate.point);
            r.metrics.emplace_back(e.id + ":ns_lower", e.estimate.lower);
            r.metrics.emplace_back(e.id + ":ns_upper", e.estimate.upper);
        }
    }
    r.metrics.insert(r.metrics.begin(), {{"benchmarks", static_cast<double>(count)},
                                         {"bench_targets", static_cast<double>(view.build->bench_targets.size())},
                                         {"bench_runs", static_cast<double>(view.runs.size())}});
}

// The bench target whose root file another bench or test target of its package declares with
// `mod` (`benches/shared.rs` that `mod shared;` pulls in): cargo builds it as a bench target of
// its own, but it is a helper module, not a benchmark. Null when the sources are unknown.
const TargetSources* helper_of(const RustSources* sources, const BenchExecutable& bench) {
    if (sources == nullptr) {
        return nullptr;
    }
    for (const auto& pkg : sources->packages) {
        if (pkg.name != bench.package) {
            continue;
        }
        if (const auto* own = pkg.target("bench", bench.target)) {
            return pkg.declared_by(own->root);
        }
    }
    return nullptr;
}

// Crate failures: a bench that panicked, one that reported nothing, one never built. A bench
// target that reported nothing and is a module of another target is a note.
void crate_findings(GateResult& r, const BenchView& view, const RustSources* sources) {
    for (const auto* run : view.runs) {
        const auto where = run->bench.package + "/" + run->bench.target;
        if (!run->panicked.empty()) {
            r.findings.push_back(perf_finding("bench-panicked", FindingLevel::error,
                                              fmt::format("bench {} panicked: {}", where, run->panicked),
                                              fmt::format("cargo bench --bench {}", run->bench.target)));
        } else if (const auto* user = run->estimates.empty() ? helper_of(sources, run->bench) : nullptr) {
            r.findings.push_back(perf_finding(
                "bench-helper-module", FindingLevel::note,
                fmt::format("bench {} has no benchmark: its file is a module of {} `{}` (`mod`), which cargo also "
                            "builds as a bench target of its own",
                            where, user->kind, user->name),
                "move it to benches/NAME/mod.rs (not auto-discovered), or set `autobenches = false`"));
        } else if (run->estimates.empty()) {
            const bool known =
                run->bench.harness == "criterion" || run->bench.harness == "bencher" || run->bench.harness == "libtest";
            r.findings.push_back(
                perf_finding("bench-empty", known ? FindingLevel::error : FindingLevel::warning,
                             fmt::format("bench {} ({}) ran but reported no benchmark gatecheck can read", where,
                                         run->bench.harness)));
        }
    }
    for (const auto& target : view.build->bench_targets) {
        const bool built = std::any_of(view.build->executables.begin(), view.build->executables.end(),
                                       [&](const auto& b) { return b.package + "/" + b.target == target; });
        if (!built && view.build->success) {
            r.findings.push_back(perf_finding(
                "bench-not-built", FindingLevel::error,
                fmt::format("bench {} was not built by `cargo bench --no-run {}`", target, view.build->args)));
        }
    }
}

std::string summary(const BenchView& view) {
    long count = 0;
    std::string statistic;
    for (const auto* run : view.runs) {
        count += static_cast<long>(run->estimates.size());
        for (const auto& e : run->estimates) {
            if (statistic.find(e.statistic) == std::string::npos) {
                statistic += (statistic.empty() ? "" : ", ") + e.statistic;
            }
        }
    }
    return fmt::format("{} in {}{}", plural(count, "benchmark"),
                       plural(static_cast<long>(view.runs.size()), "bench target"),
                       statistic.empty() ? "" : " (" + statistic + " with its interval per benchmark)");
}

class BenchmarksGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{
            "benchmarks",
            "Testing",
            {"Benchmark tests for performance-critical code"},
            "`cargo bench --no-run` (bench targets, their required features) in <target-dir>/gatecheck/bench, then "
            "each bench executable alone: criterion with --warm-up-time/--measurement-time/--sample-size "
            "(new/estimates.json), bencher and libtest `ns/iter (+/- n)` lines",
            {keys::bench_build.family, keys::bench_run.family, keys::rust_sources.family},
            false,
            // Not every crate has performance-critical code: required only when configured so.
            true};
        return info;
    }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        return {{"warm_up_time", SettingSpec::Type::integer, std::int64_t{1},
                 "criterion's warm-up per benchmark, whole seconds"},
                {"measurement_time", SettingSpec::Type::integer, std::int64_t{1},
                 "criterion's measurement per benchmark, whole seconds"},
                {"sample_size", SettingSpec::Type::integer, std::int64_t{10},
                 "criterion's samples per benchmark, at least 10"}};
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        auto read = read_benches(in.evidence);
        if (read.problem) {
            return from_problem(std::move(r), *read.problem);
        }
        const auto& view = read.view;
        if (view.build->bench_targets.empty()) {
            r.status = GateStatus::fail;
            r.summary = "no benchmarks: no bench target in scope";
            r.fix =
                "add a criterion bench: benches/NAME.rs with `criterion_group!`/`criterion_main!`, "
                "[[bench]] name = \"NAME\" harness = false, and criterion in [dev-dependencies]";
            r.metrics = {{"benchmarks", 0.0}, {"bench_targets", 0.0}};
            return r;
        }
        if (!view.build->success) {
            mark_compile_failure(r, *view.build);  // the benches that did build still run: judged below
        }
        // Which bench targets are helper modules of others; unknown sources leave every bench
        // that reported nothing a failure.
        return judge(std::move(r), view, in.evidence.get(keys::rust_sources).get());
    }

private:
    static GateResult judge(GateResult r, const BenchView& view, const RustSources* sources) {
        add_metrics(r, view);
        crate_findings(r, view, sources);
        const bool failed = r.status == GateStatus::fail ||
                            std::any_of(r.findings.begin(), r.findings.end(),
                                        [](const Finding& f) { return f.level == FindingLevel::error; });
        const bool warned = std::any_of(r.findings.begin(), r.findings.end(),
                                        [](const Finding& f) { return f.level == FindingLevel::warning; });
        const auto compile_summary = r.summary;
        r.summary = summary(view) + (compile_summary.empty() ? "" : "; " + compile_summary);
        if (view.build->bootstrapped) {
            r.summary += "; libtest #[bench] built on stable with RUSTC_BOOTSTRAP=1";
        }
        if (failed) {
            r.status = GateStatus::fail;
        } else if (!view.broken.empty()) {
            r.status = view.broken.front().second.status;
            r.summary +=
                fmt::format("; {} could not be run: {}", view.broken.front().first, view.broken.front().second.reason);
            r.fix = view.broken.front().second.fix;
        } else {
            r.status = warned ? GateStatus::warn : GateStatus::pass;
        }
        return r;
    }
};

}  // namespace

std::unique_ptr<Gate> make_benchmarks_gate() {
    return std::make_unique<BenchmarksGate>();
}

}  // namespace gc::gates
