#pragma once
// What the allocations and profile gates share: walking the bench-build evidence to each
// benchmark's own evidence (DHAT or perf) of the criterion, libtest and bencher targets, and
// what stops the walk: no build, a bench that does not compile, a `--list` (bencher: its whole
// run) that failed, a benchmark whose run failed.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "evidence/bench.hpp"
#include "evidence/keys.hpp"
#include "gates/common.hpp"

namespace gc::gates {

template <class T>
struct BenchRuns {
    std::vector<const T*> runs;             // one per benchmark that was measured, in bench order
    std::vector<ToolProblem> problems;      // per benchmark or bench target that was not
    std::vector<std::string> not_measured;  // "bench (custom)": targets of a harness these gates cannot read
    long long benchmarks = 0;               // benchmark ids listed
    // Left for a later run by the profilers' budget: "PACKAGE/TARGET/ID", a bencher target
    // "PACKAGE/TARGET" (its ids unknown until it runs).
    std::vector<std::string> deferred;
    const ProfilingRoundEvidence* round = nullptr;  // nullptr: no round (nothing to profile)
};

// A bench build that did not compile, as every performance gate reports it: the compiler's
// findings, build-script failures, the scope hint; status fail.
void mark_compile_failure(GateResult& r, const BenchBuildEvidence& ev);

// Stops the gate when there is no usable bench build: the problem as the result, or a
// failing compile as a failure with the compiler's findings.
std::optional<GateResult> bench_build_stop(GateResult& r, const Probed<BenchBuildEvidence>& build);

template <class T>
BenchRuns<T> collect_bench_runs(const Evidence& evidence, const BenchBuildEvidence& build, const EvidenceKey<T>& key) {
    BenchRuns<T> out;
    out.round = evidence.get(keys::profiling_round).get();
    const auto deferred = [&out](const std::string& key) {
        return out.round != nullptr &&
               std::find(out.round->deferred.begin(), out.round->deferred.end(), key) != out.round->deferred.end();
    };
    for (const auto& b : build.executables) {
        const auto harness = profiled_harness(b.harness);
        if (!harness) {
            out.not_measured.push_back(b.target + " (" + b.harness + ")");
            continue;
        }
        const auto& listed =
            evidence.get(keys::bench_list, bench_list_instance(b, runs_one_benchmark(*harness), key.family));
        const auto* ids = listed.get();
        if (ids == nullptr && !runs_one_benchmark(*harness) && deferred(bench_instance(b))) {
            out.deferred.push_back(bench_instance(b));
            continue;
        }
        if (ids == nullptr) {
            out.problems.push_back(problem_of(listed, "the benchmark list of " + bench_instance(b) + " did not run"));
            continue;
        }
        for (const auto& id : ids->ids) {
            ++out.benchmarks;
            const auto& run = evidence.get(key, bench_instance(b, id));
            if (const auto* ok = run.get()) {
                out.runs.push_back(ok);
            } else if (!run.ran() && deferred(bench_instance(b, id))) {
                out.deferred.push_back(bench_instance(b, id));
            } else {
                out.problems.push_back(problem_of(run, "benchmark " + id + " was not run"));
            }
        }
    }
    return out;
}

// The gate's status when some runs had problems: `unavailable` when every problem is a
// missing tool (its fix), else `error`; the reasons joined into the summary.
GateResult runs_problem(GateResult r, const std::vector<ToolProblem>& problems, long long measured);

// The profilers' budget, as one note when it left benchmarks for later runs (and a note when
// the rotation's state file could not be read or written); metric `deferred_benchmarks`.
void note_budget(GateResult& r, const ProfilingRoundEvidence* round, std::size_t deferred);
template <class T>
void note_budget(GateResult& r, const BenchRuns<T>& runs) {
    note_budget(r, runs.round, runs.deferred.size());
}

// The bench targets these gates do not read, as one note.
void note_not_measured(GateResult& r, const std::vector<std::string>& targets, const std::string& why);

}  // namespace gc::gates
