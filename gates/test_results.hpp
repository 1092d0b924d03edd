#pragma once
// A test gate's result over the test pipeline's evidence: counts, failed tests as findings
// with the command that runs them again, hung or crashed binaries, compile errors of the
// targets the gate runs.
#include <string>
#include <vector>

#include "evidence/store.hpp"
#include "evidence/test_keys.hpp"
#include "evidence/tests.hpp"
#include "gates/gate.hpp"

namespace gc::gates {

// The result of a gate over test runs (unit, integration, doc tests): counts, failed
// tests as findings, hung or crashed binaries as failures, tool problems as errors.
struct TestGateSpec {
    std::string what;         // "unit tests", "integration tests", "doc tests"
    std::string none_reason;  // summary when there is nothing to run
    GateStatus none_status = GateStatus::fail;
};
GateResult evaluate_test_runs(GateResult result, const std::vector<const Probed<TestRun>*>& runs,
                              const TestGateSpec& spec);

// Test gates over a flavour's test build: no build (a tool problem) or a failing build
// script stops the gate; compile errors only fail it, alongside the results of the targets
// that did build (lib and bin targets for unit tests; test targets, and the library they
// link, for integration tests). Other targets' errors are not this gate's.
enum class TestScope { unit, integration };
GateResult evaluate_test_gate(GateResult result, const Evidence& evidence, const TestKeys& flavour, TestScope scope,
                              const TestGateSpec& spec);

}  // namespace gc::gates
