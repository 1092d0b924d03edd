#pragma once
// What the performance gates read of the bench build and runs, gathered once: the runs that
// produced evidence, and the ones that could not (a tool problem: never a pass).
#include <string>
#include <utility>
#include <vector>

#include "evidence/bench.hpp"
#include "gates/gate.hpp"

namespace gc::gates {

struct BenchView {
    const BenchBuildEvidence* build = nullptr;
    std::vector<const BenchRun*> runs;                        // in "pkg/target" order
    std::vector<std::pair<std::string, ToolProblem>> broken;  // "pkg/target" and why it has no evidence
};

// nullopt with the problem when the bench build itself has no evidence.
struct BenchRead {
    BenchView view;
    std::optional<ToolProblem> problem;
};
BenchRead read_benches(const Evidence& evidence);

// A finding without a place in the source (a benchmark, a target, a setting).
Finding perf_finding(std::string rule, FindingLevel level, std::string message, std::string hint = "");

// The benchmark's estimate of that id in any run, or nullptr.
const BenchEstimate* find_estimate(const BenchView& view, const std::string& id);

}  // namespace gc::gates
