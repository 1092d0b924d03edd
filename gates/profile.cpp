// profile: `perf record --call-graph dwarf` over each benchmark's profiling run (criterion's
// `--profile-time N` or libtest's `--bench`, the benchmark alone; bencher's run of every
// benchmark, split by benchmark): the top functions by self time, and unexpected hotspots:
// functions above `max_share` % of the samples that are neither expected (the default hot
// paths, hotspot_patterns.hpp, plus the crate's `expected` patterns), the harness's or the
// runtime's own code, the benchmark's routine inlined into the harness's loop, nor the
// function that routine calls (the benchmarked function itself). The
// folded stacks are written next to perf's data for flame graphs. The checklist item is shared
// with the `cpu-profile` attestation: the item takes the worse of both (report/checklist.cpp),
// so a profile never replaces the person's review, and a failing profile is never hidden by it.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "gates/bench_runs.hpp"
#include "gates/gate.hpp"
#include "gates/hotspot_patterns.hpp"

namespace gc::gates {
namespace {

inline constexpr std::size_t kTopShown = 5;
inline constexpr const char* kNotMeasured = "a custom harness has no measured loop gatecheck knows";

const char* role_name(HotspotRole role) {
    switch (role) {
        case HotspotRole::expected:
            return "expected";
        case HotspotRole::harness:
            return "harness";
        case HotspotRole::measured_loop:
            return "benchmark routine inlined in the harness's loop";
        case HotspotRole::subject:
            return "the benchmarked function";
        case HotspotRole::unknown:
            return "unnamed";
        case HotspotRole::judged:
            break;
    }
    return "";
}

std::string top_text(const CpuProfile& p, const HotspotPatterns& patterns) {
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < p.functions.size() && i < kTopShown; ++i) {
        const auto& f = p.functions[i];
        const char* role = role_name(patterns.role(f.function, f.measured_loop, f.benchmark_subject));
        parts.push_back(
            fmt::format("{} {:.1f}%{}", f.function, f.share, *role != '\0' ? fmt::format(" ({})", role) : ""));
    }
    return fmt::format("{}", fmt::join(parts, ", "));
}

struct Judged {
    long long hotspots = 0;
    bool unnamed = false;
};

Judged judge_run(GateResult& r, const CpuProfileRun& run, const HotspotPatterns& patterns, double max_share) {
    Judged out;
    const auto& p = run.profile;
    r.findings.push_back(Finding{
        "profile::top", FindingLevel::note,
        fmt::format("{}: top functions by self time ({} samples): {}", run.id, p.samples, top_text(p, patterns)), "",
        std::nullopt, std::nullopt});
    r.findings.back().hint = "flame graph: flamegraph.pl " + run.folded_file + " > flame.svg";
    for (std::size_t i = 0; i < p.functions.size(); ++i) {
        const auto& f = p.functions[i];
        if (i < kTopShown) {
            r.metrics.emplace_back(fmt::format("{}.top{}_share", run.id, i + 1), f.share);
            // For the Performance Analysis section (report/perf_section.hpp).
            r.metrics.emplace_back(fmt::format("hotspot:{}: {}", run.id, f.function), f.share);
        }
        if (f.share <= max_share) {
            continue;
        }
        const auto role = patterns.role(f.function, f.measured_loop, f.benchmark_subject);
        if (role == HotspotRole::judged) {
            ++out.hotspots;
            r.findings.push_back(Finding{"profile::unexpected-hotspot", FindingLevel::error,
                                         fmt::format("{}: {} takes {:.1f}% of the samples (self time), above "
                                                     "max_share {}%",
                                                     run.id, f.function, f.share, max_share),
                                         "", std::nullopt, std::nullopt, f.function});
            r.findings.back().hint =
                "if this is where the time should go, add a pattern for it to [gates.profile] "
                "expected; else see " +
                run.folded_file;
        } else if (role == HotspotRole::unknown) {
            out.unnamed = true;
            r.findings.push_back(Finding{"profile::unnamed", FindingLevel::warning,
                                         fmt::format("{}: perf could not name {:.1f}% of the samples", run.id, f.share),
                                         "", std::nullopt, std::nullopt});
        }
    }
    r.metrics.emplace_back(run.id + ".samples", static_cast<double>(p.samples));
    r.metrics.emplace_back(run.id + ".unexpected_hotspots", static_cast<double>(out.hotspots));
    return out;
}

GateResult judge(GateResult r, const BenchRuns<CpuProfileRun>& runs, const HotspotPatterns& patterns,
                 double max_share) {
    long long hotspots = 0;
    bool unnamed = false;
    std::string dir;
    for (const auto* run : runs.runs) {
        const auto j = judge_run(r, *run, patterns, max_share);
        hotspots += j.hotspots;
        unnamed = unnamed || j.unnamed;
        dir = std::filesystem::path(run->folded_file).parent_path().string();
    }
    r.metrics.insert(r.metrics.begin(), {{"benchmarks", static_cast<double>(runs.runs.size())},
                                         {"unexpected_hotspots", static_cast<double>(hotspots)}});
    r.summary = fmt::format("{} profiled with perf: {} above {}% of samples; folded stacks in {}",
                            plural(static_cast<long>(runs.runs.size()), "benchmark"),
                            plural(static_cast<long>(hotspots), "unexpected hotspot"), max_share, dir);
    r.status = hotspots > 0 ? GateStatus::fail : unnamed ? GateStatus::warn : GateStatus::pass;
    return r;
}

class ProfileGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{
            "profile",
            "Performance",
            {"CPU profiling shows no unexpected hotspots"},
            "the bench executables (`cargo bench --no-run --bench NAME...`, <target-dir>/gatecheck/bench), then each "
            "criterion or libtest benchmark alone (criterion --profile-time, libtest --bench --exact), each bencher "
            "target's whole run split by benchmark, under `perf record -e cpu-clock:u --call-graph dwarf` and "
            "`perf script`: top functions by self time, unexpected hotspots above max_share; folded stacks in "
            "<target-dir>/gatecheck/profile",
            {keys::bench_build.family, keys::bench_list.family, keys::cpu_profile.family}};
        return info;
    }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        return {{"max_share", SettingSpec::Type::percent, 10.0,
                 "a function above this share of samples is a hotspot unless expected"},
                {"expected", SettingSpec::Type::strings, StringList{},
                 "regular expressions of functions the crate expects to be hot"},
                {"profile_time", SettingSpec::Type::integer, std::int64_t{1},
                 "criterion's --profile-time per benchmark, seconds"}};
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        const auto& build = in.evidence.get(keys::bench_build);
        if (auto stop = bench_build_stop(r, build)) {
            return std::move(*stop);
        }
        auto patterns = HotspotPatterns::make(in.settings.strings("expected"));
        if (!patterns) {
            return from_problem(std::move(r), ToolProblem{GateStatus::error, patterns.error().message, ""});
        }
        const auto runs = collect_bench_runs(in.evidence, *build.get(), keys::cpu_profile);
        if (runs.benchmarks == 0 && runs.problems.empty()) {
            r.status = GateStatus::skip;
            r.summary = build.get()->executables.empty() ? "no bench targets: nothing to profile"
                                                         : "no criterion, libtest or bencher benchmarks to profile";
            note_not_measured(r, runs.not_measured, kNotMeasured);
            return r;
        }
        r = judge(std::move(r), runs, *patterns, in.settings.number("max_share"));
        note_not_measured(r, runs.not_measured, kNotMeasured);
        if (!runs.problems.empty()) {
            return runs_problem(std::move(r), runs.problems, static_cast<long long>(runs.runs.size()));
        }
        return r;
    }
};

}  // namespace

std::unique_ptr<Gate> make_profile_gate() {
    return std::make_unique<ProfileGate>();
}

}  // namespace gc::gates
