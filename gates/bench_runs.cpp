#include "gates/bench_runs.hpp"

#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "gates/diagnostic_findings.hpp"

namespace gc::gates {

void mark_compile_failure(GateResult& r, const BenchBuildEvidence& ev) {
    long errors = 0;
    long warnings = 0;
    r.findings = compiler_findings(ev.diagnostics, errors, warnings);
    for (const auto& failure : ev.build_script_failures) {
        r.findings.push_back(Finding{"build-script", FindingLevel::error, failure, "", std::nullopt, std::nullopt});
    }
    add_scope_hint(r, ev.diagnostics);
    r.status = GateStatus::fail;
    r.summary = fmt::format("the bench targets do not compile (`cargo bench --no-run`: {})", plural(errors, "error"));
}

std::optional<GateResult> bench_build_stop(GateResult& r, const Probed<BenchBuildEvidence>& build) {
    const auto* ev = build.get();
    if (ev == nullptr) {
        return from_problem(std::move(r), problem_of(build, "the bench build did not run"));
    }
    if (ev->success) {
        return std::nullopt;
    }
    mark_compile_failure(r, *ev);
    return std::move(r);
}

GateResult runs_problem(GateResult r, const std::vector<ToolProblem>& problems, long long measured) {
    const bool all_missing = std::all_of(problems.begin(), problems.end(),
                                         [](const ToolProblem& p) { return p.status == GateStatus::unavailable; });
    r.status = all_missing ? GateStatus::unavailable : GateStatus::error;
    std::vector<std::string> reasons;
    for (const auto& p : problems) {
        if (std::find(reasons.begin(), reasons.end(), p.reason) == reasons.end()) {
            reasons.push_back(p.reason);
        }
        if (r.fix.empty()) {
            r.fix = p.fix;
        }
    }
    constexpr std::size_t kShown = 3;
    const auto more = reasons.size() > kShown ? fmt::format(" (and {} more)", reasons.size() - kShown) : "";
    reasons.resize(std::min(reasons.size(), kShown));
    r.summary = fmt::format("{} of {} not measured: {}{}", problems.size(), problems.size() + measured,
                            fmt::join(reasons, "; "), more);
    return r;
}

void note_not_measured(GateResult& r, const std::vector<std::string>& targets, const std::string& why) {
    if (targets.empty()) {
        return;
    }
    r.findings.push_back(Finding{"bench-not-measured", FindingLevel::note,
                                 fmt::format("not measured: {} ({})", fmt::join(targets, ", "), why), "", std::nullopt,
                                 std::nullopt});
}

void note_budget(GateResult& r, const ProfilingRoundEvidence* round, std::size_t deferred) {
    if (round == nullptr) {
        return;
    }
    r.metrics.emplace_back("deferred_benchmarks", static_cast<double>(deferred));
    if (!round->deferred.empty()) {
        const auto total = static_cast<long>(round->measured.size() + round->deferred.size());
        Finding f{
            "bench-budget",
            FindingLevel::note,
            fmt::format("measured {} of {} within the {} s budget ({:.0f} s spent): {}; the other {} rotate in "
                        "over the next runs: {}",
                        round->measured.size(), plural(total, "benchmark"), round->budget_s, round->spent_s,
                        fmt::join(round->measured, ", "), round->deferred.size(), fmt::join(round->deferred, ", ")),
            "",
            std::nullopt,
            std::nullopt};
        f.hint = "[gates.profile] budget_seconds sets the budget DHAT and perf share (0: measure every benchmark)";
        r.findings.push_back(std::move(f));
    }
    if (!round->state_note.empty()) {
        r.findings.push_back(
            Finding{"bench-budget", FindingLevel::note, round->state_note, "", std::nullopt, std::nullopt});
    }
}

}  // namespace gc::gates
