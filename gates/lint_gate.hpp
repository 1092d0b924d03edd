#pragma once
// A lint gate: a view over the one shared clippy run. The six code-level gates differ only
// in the lints they ask for and in how they read their part of the run, so they are one
// class (LintGate, lint_gate.cpp) built from a spec, not six copies of the same evaluate().
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "gates/gate.hpp"

namespace gc::gates {

// How a gate reads its part of the run: which diagnostics count as its lints' findings,
// what it adds (inventory notes, unjustified impls), its metrics and its pass summary.
struct LintReading {
    CompileEvidence counted;
    std::vector<Finding> extra;  // warnings count against max_findings, notes are only listed
    std::vector<std::pair<std::string, double>> metrics;
    std::string clean;
    std::optional<ToolProblem> problem;  // evidence beyond clippy's that is missing or broken
};

using LintReader = std::function<LintReading(const GateInput&, const CompileEvidence& own)>;

struct LintGateSpec {
    GateInfo info{};
    std::vector<LintRequest> counted{};   // lints whose warnings are findings, a metric each
    std::vector<LintRequest> readonly{};  // lints asked for only to be read (e.g. force-warn unsafe_code)
    std::vector<std::pair<std::string, std::string>> clippy_config{};
    std::string clean{};  // pass summary when `read` is not given
    LintReader read{};    // default: every diagnostic of the gate's part counts
};

std::unique_ptr<Gate> make_lint_gate(LintGateSpec spec);

}  // namespace gc::gates
