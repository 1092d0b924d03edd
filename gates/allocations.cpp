// allocations: heap allocations and bytes per iteration of each criterion benchmark's
// measured loop, from valgrind's DHAT. Each benchmark runs alone in criterion's `--test` mode
// (exactly one iteration of the loop); each allocation site counts for the loop when its
// stack passes through criterion's `Bencher::iter*`, so set-up (before `b.iter`, the group,
// criterion itself) cancels out by construction. docs/PROFILING.md: the method, measured, and
// what it cannot see. Thresholds per benchmark: [gates.allocations.max_per_iter].
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <set>

#include <fmt/format.h>

#include "gates/bench_runs.hpp"
#include "gates/gates.hpp"

namespace gc::gates {
namespace {

inline constexpr const char* kNotCriterion =
    "allocations are attributed through criterion's measured loop; other harnesses are not profiled";

std::string site_text(const AllocationSite& s) {
    return s.location.empty() ? s.function : fmt::format("{} ({})", s.function, s.location);
}

// `[gates.allocations.max_per_iter]`: benchmark id -> most allocations per iteration.
using IntegerTable = std::map<std::string, std::int64_t>;

Result<IntegerTable> limits_of(const GateSettings& settings) {
    IntegerTable out;
    for (const auto& [id, text] : settings.table("max_per_iter")) {
        std::int64_t n = -1;
        const auto* end = text.data() + text.size();
        if (const auto [ptr, ec] = std::from_chars(text.data(), end, n); ec != std::errc{} || ptr != end || n < 0) {
            return make_error(
                ErrorKind::config,
                fmt::format("[gates.allocations.max_per_iter] \"{}\" must be an integer >= 0, not \"{}\"", id, text));
        }
        out[id] = n;
    }
    return out;
}

Finding bench_finding(const AllocationsRun& run, const IntegerTable& limits) {
    const auto& a = run.allocations;
    const auto per_iter = a.loop_blocks / std::max(1LL, a.iterations);
    const auto bytes = a.loop_bytes / std::max(1LL, a.iterations);
    Finding f{"allocations::per-iteration", FindingLevel::note, "", "", std::nullopt, std::nullopt};
    if (per_iter == 0) {
        f.rule = "allocations::zero";
        f.message = fmt::format("{}: zero allocations in the measured loop ({} in set-up, outside it)", run.id,
                                plural(static_cast<long>(a.setup_blocks), "allocation"));
    } else {
        f.message = fmt::format("{}: {} ({} bytes) per iteration in the measured loop{}", run.id,
                                plural(static_cast<long>(per_iter), "allocation"), bytes,
                                a.loop_sites.empty() ? "" : "; largest site " + site_text(a.loop_sites.front()));
        if (a.unattributed_blocks > 0) {
            f.message += fmt::format(" ({} whose stack DHAT cut short counted in the loop)", a.unattributed_blocks);
        }
    }
    f.hint = "DHAT's own view: open " + run.dhat_file + " in /usr/libexec/valgrind/dh_view.html";
    if (const auto limit = limits.find(run.id); limit != limits.end() && per_iter > limit->second) {
        f.rule = "allocations::over-limit";
        f.level = FindingLevel::error;
        f.message += fmt::format(", over the limit of {}", limit->second);
    }
    return f;
}

GateResult judge(GateResult r, const BenchRuns<AllocationsRun>& runs, const IntegerTable& limits) {
    long long zero = 0;
    long long over = 0;
    std::set<std::string> seen;
    for (const auto* run : runs.runs) {
        const auto& a = run->allocations;
        const auto iters = std::max(1LL, a.iterations);
        r.metrics.emplace_back(run->id + ".allocs_per_iter",
                               static_cast<double>(a.loop_blocks) / static_cast<double>(iters));
        r.metrics.emplace_back(run->id + ".bytes_per_iter",
                               static_cast<double>(a.loop_bytes) / static_cast<double>(iters));
        r.metrics.emplace_back(run->id + ".setup_allocs", static_cast<double>(a.setup_blocks));
        r.findings.push_back(bench_finding(*run, limits));
        zero += a.loop_blocks == 0 ? 1 : 0;
        over += r.findings.back().level == FindingLevel::error ? 1 : 0;
        seen.insert(run->id);
    }
    for (const auto& [id, limit] : limits) {
        if (seen.count(id) == 0) {
            r.findings.push_back(Finding{"allocations::unknown-benchmark", FindingLevel::warning,
                                         fmt::format("[gates.allocations.max_per_iter] names \"{}\", which is not a "
                                                     "criterion benchmark of this run: its limit checked nothing",
                                                     id),
                                         "", std::nullopt, std::nullopt});
        }
    }
    const auto measured = static_cast<long long>(runs.runs.size());
    r.metrics.insert(r.metrics.begin(), {{"benchmarks", static_cast<double>(measured)},
                                         {"zero_allocation_benchmarks", static_cast<double>(zero)},
                                         {"over_limit", static_cast<double>(over)}});
    r.summary = fmt::format("{} of {} allocate nothing in the measured loop (valgrind DHAT, one iteration each)", zero,
                            plural(static_cast<long>(measured), "benchmark"));
    if (over > 0) {
        r.status = GateStatus::fail;
        r.summary =
            fmt::format("{} over its max_per_iter limit; {}", plural(static_cast<long>(over), "benchmark"), r.summary);
    } else if (std::any_of(r.findings.begin(), r.findings.end(),
                           [](const Finding& f) { return f.level == FindingLevel::warning; })) {
        r.status = GateStatus::warn;
    }
    return r;
}

class AllocationsGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{
            "allocations",
            "Performance",
            {"Memory profiling shows minimal allocations"},
            "the bench executables (`cargo bench --no-run --bench NAME...`, <target-dir>/gatecheck/bench), then each "
            "criterion "
            "benchmark alone under `valgrind --tool=dhat` in criterion's --test mode (one iteration): heap "
            "allocations and bytes per iteration of the measured loop (stacks through Bencher::iter), set-up excluded",
            {keys::bench_build.family, keys::bench_list.family, keys::allocations.family},
            {"max_per_iter (table \"group/function\" = N): most heap allocations per iteration of that benchmark"}};
        return info;
    }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        return {{"max_per_iter", SettingSpec::Type::table, std::string{},
                 "most heap allocations per iteration, per benchmark id"}};
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        const auto& build = in.evidence.get(keys::bench_build);
        if (auto stop = bench_build_stop(r, build)) {
            return std::move(*stop);
        }
        const auto runs = collect_bench_runs(in.evidence, *build.get(), keys::allocations);
        auto parsed = limits_of(in.settings);
        if (!parsed) {
            r.status = GateStatus::error;
            r.summary = parsed.error().message;
            return r;
        }
        const auto& limits = parsed.value();
        if (!runs.problems.empty()) {
            auto out = judge(std::move(r), runs, limits);
            return runs_problem(std::move(out), runs.problems, static_cast<long long>(runs.runs.size()));
        }
        if (runs.benchmarks == 0) {
            r.status = GateStatus::skip;
            r.summary = build.get()->executables.empty()
                            ? "no bench targets: nothing to profile"
                            : "no criterion benchmarks: DHAT's loop attribution reads criterion's Bencher::iter";
            note_not_criterion(r, runs.not_criterion, kNotCriterion);
            return r;
        }
        r = judge(std::move(r), runs, limits);
        note_not_criterion(r, runs.not_criterion, kNotCriterion);
        return r;
    }
};

}  // namespace

std::unique_ptr<Gate> make_allocations_gate() {
    return std::make_unique<AllocationsGate>();
}

}  // namespace gc::gates
