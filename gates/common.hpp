#pragma once
// Helpers shared by several gates.
#include <functional>
#include <string>
#include <vector>

#include "gates/gate.hpp"

namespace gc::gates {

GateResult start(const GateInfo& info, const GateSettings& settings);
GateResult from_problem(GateResult result, const ToolProblem& problem);
Finding to_finding(const Diagnostic& d);
// Distinct errors and warnings as findings, errors first; counts them into errors/warnings.
std::vector<Finding> compiler_findings(const std::vector<Diagnostic>& diagnostics, long& errors, long& warnings);
std::string plural(long n, const std::string& word);  // "1 warning", "3 warnings"
std::string percent(double value);                    // "83.3"

// The result of a gate over test runs (unit, integration, doc tests): counts, failed
// tests as findings, hung or crashed binaries as failures, tool problems as errors.
struct TestGateSpec {
    std::string what;         // "unit tests", "integration tests", "doc tests"
    std::string none_reason;  // summary when there is nothing to run
    GateStatus none_status = GateStatus::fail;
};
GateResult evaluate_test_runs(GateResult result, const std::vector<const Probed<TestRun>*>& runs,
                              const TestGateSpec& spec);

// Test gates that read `cargo test --no-run`: a build that failed is a failure.
bool test_build_blocks(GateResult& result, const Evidence& evidence);

}  // namespace gc::gates
