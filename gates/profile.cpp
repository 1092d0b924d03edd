// profile: `perf record --call-graph dwarf` over each benchmark's profiling run (criterion's
// `--profile-time N` or libtest's `--bench`, the benchmark alone; bencher's run of every
// benchmark, split by benchmark): the top functions by self time, and unexpected hotspots:
// a suspect kind (the allocator, memory copies, hashing, formatting, locking, system calls,
// panicking, the dynamic linker: hotspot_patterns.hpp) whose functions together take more than
// `max_share` % of a benchmark's samples, unless the benchmark is named after the kind or the
// crate lists the functions in `expected`. The crate's own code, the bench target's, the harness's and everything else
// the benchmark exists to run are its work, however hot. The folded stacks are written next to perf's data for flame
// graphs. The checklist item is shared with the `cpu-profile` attestation: the item takes the worse of both
// (report/checklist.cpp), so a profile never replaces the person's review, and a failing profile is never hidden by it.
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "gates/bench_runs.hpp"
#include "gates/gate.hpp"
#include "gates/hotspot_patterns.hpp"

namespace gc::gates {
namespace {

inline constexpr std::size_t kTopShown = 5;
inline constexpr const char* kNotMeasured = "a custom harness has no measured loop gatecheck knows";

std::string role_name(const HotspotPatterns& patterns, const HotFunction& f, const std::string& benchmark) {
    switch (patterns.role(f.function, benchmark, f.measured_loop, f.benchmark_subject)) {
        case HotspotRole::expected:
            return "expected";
        case HotspotRole::harness:
            return "harness";
        case HotspotRole::measured_loop:
            return "benchmark routine inlined in the harness's loop";
        case HotspotRole::subject:
            return "the benchmarked function";
        case HotspotRole::own:
            return "the crate's code";
        case HotspotRole::unknown:
            return "unnamed";
        case HotspotRole::suspect:
            return patterns.kind(f.function);
        case HotspotRole::work:
            break;
    }
    return "";
}

std::string top_text(const CpuProfileRun& run, const HotspotPatterns& patterns) {
    std::vector<std::string> parts;
    const auto& p = run.profile;
    for (std::size_t i = 0; i < p.functions.size() && i < kTopShown; ++i) {
        const auto& f = p.functions[i];
        const auto role = role_name(patterns, f, run.id);
        parts.push_back(fmt::format("{} {:.1f}%{}", f.function, f.share, role.empty() ? "" : " (" + role + ")"));
    }
    return fmt::format("{}", fmt::join(parts, ", "));
}

struct Judged {
    long long hotspots = 0;
    bool unnamed = false;
};

// The suspect functions of one kind, summed: the allocator's time is split over malloc,
// free and their helpers, and it is the kind's share that tells whether it dominates.
struct KindShare {
    double share = 0;
    std::vector<const HotFunction*> functions;  // most samples first
};

void add_hotspot(GateResult& r, const CpuProfileRun& run, const std::string& kind, const KindShare& k,
                 double max_share) {
    std::vector<std::string> parts;
    for (std::size_t i = 0; i < k.functions.size() && i < kTopShown; ++i) {
        parts.push_back(fmt::format("{} {:.1f}%", k.functions[i]->function, k.functions[i]->share));
    }
    r.findings.push_back(Finding{"profile::unexpected-hotspot", FindingLevel::error,
                                 fmt::format("{}: {} takes {:.1f}% of the samples (self time), above max_share {}%: {}",
                                             run.id, kind, k.share, max_share, fmt::join(parts, ", ")),
                                 "", std::nullopt, std::nullopt, k.functions.front()->function});
    r.findings.back().hint = fmt::format(
        "the folded stacks show which of the crate's functions reach it: {}; if this is where the time should go, "
        "name the benchmark after it, or add a pattern to [gates.profile] expected",
        run.folded_file);
}

Judged judge_run(GateResult& r, const CpuProfileRun& run, const HotspotPatterns& patterns, double max_share) {
    Judged out;
    const auto& p = run.profile;
    r.findings.push_back(Finding{
        "profile::top", FindingLevel::note,
        fmt::format("{}: top functions by self time ({} samples): {}", run.id, p.samples, top_text(run, patterns)), "",
        std::nullopt, std::nullopt});
    r.findings.back().hint = "flame graph: flamegraph.pl " + run.folded_file + " > flame.svg";
    std::map<std::string, KindShare> kinds;
    for (std::size_t i = 0; i < p.functions.size(); ++i) {
        const auto& f = p.functions[i];
        if (i < kTopShown) {
            r.metrics.emplace_back(fmt::format("{}.top{}_share", run.id, i + 1), f.share);
            // For the Performance Analysis section (report/perf_section.hpp).
            r.metrics.emplace_back(fmt::format("hotspot:{}: {}", run.id, f.function), f.share);
        }
        const auto role = patterns.role(f.function, run.id, f.measured_loop, f.benchmark_subject);
        if (role == HotspotRole::suspect) {
            auto& k = kinds[patterns.kind(f.function)];
            k.share += f.share;
            k.functions.push_back(&f);
        } else if (role == HotspotRole::unknown && f.share > max_share) {
            out.unnamed = true;
            r.findings.push_back(Finding{"profile::unnamed", FindingLevel::warning,
                                         fmt::format("{}: perf could not name {:.1f}% of the samples", run.id, f.share),
                                         "", std::nullopt, std::nullopt});
        }
    }
    for (const auto& [kind, k] : kinds) {
        if (k.share > max_share) {
            ++out.hotspots;
            add_hotspot(r, run, kind, k, max_share);
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

// The workspace's packages and libraries, and the bench targets: their code is the crate's.
std::vector<std::string> own_crates(const Workspace& ws, const BenchBuildEvidence& build) {
    std::vector<std::string> out;
    for (const auto* pkg : ws.selected_packages()) {
        out.push_back(pkg->name);
        for (const auto& t : pkg->targets) {
            out.push_back(t.name);
        }
    }
    for (const auto& b : build.executables) {
        out.push_back(b.target);
    }
    return out;
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
            {keys::bench_build.family, keys::bench_list.family, keys::cpu_profile.family,
             keys::profiling_round.family}};
        return info;
    }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        StringList kinds;
        for (const auto& k : HotspotPatterns::defaults()) {
            kinds.push_back(k.name);
        }
        return {{"max_share", SettingSpec::Type::percent, 10.0,
                 "a function of a suspect kind above this share of samples is an unexpected hotspot"},
                {"kinds", SettingSpec::Type::strings, kinds,
                 "the suspect kinds: time there is unexpected unless the benchmark is named after it"},
                {"unexpected", SettingSpec::Type::strings, StringList{},
                 "regular expressions of further functions that should never be hot"},
                {"expected", SettingSpec::Type::strings, StringList{},
                 "regular expressions of functions the crate expects to be hot, whatever their kind"},
                {"profile_time", SettingSpec::Type::integer, std::int64_t{1},
                 "criterion's --profile-time per benchmark, seconds"},
                {"budget_seconds", SettingSpec::Type::integer, std::int64_t{120},
                 "wall time DHAT and perf share per run (also for allocations); the benchmarks left over rotate "
                 "in over the next runs; 0: no limit"}};
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        const auto& build = in.evidence.get(keys::bench_build);
        if (auto stop = bench_build_stop(r, build)) {
            return std::move(*stop);
        }
        auto patterns = HotspotPatterns::make({in.settings.strings("expected"), in.settings.strings("unexpected"),
                                               in.settings.strings("kinds"), own_crates(in.workspace, *build.get())});
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
        note_budget(r, runs);
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
