#pragma once
// Helpers shared by several gates.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/keys.hpp"
#include "gates/gate.hpp"

namespace gc::gates {

GateResult start(const GateInfo& info, const GateSettings& settings);
GateResult from_problem(GateResult result, const ToolProblem& problem);
// The problem a probe reported, or "did not run" (`fallback`): unknown is never a pass.
template <class T>
ToolProblem problem_of(const Probed<T>& probed, const std::string& fallback) {
    return probed.problem() != nullptr ? *probed.problem() : ToolProblem{GateStatus::error, fallback, ""};
}

// The part of the shared clippy run that `mine` (with the lints enabled by default) would
// report on its own: other gates' lints in the same run do not count for this gate.
Probed<CompileEvidence> lint_view(const Evidence& evidence, const std::vector<LintRequest>& mine);
// A lint gate's own part of the shared run: the diagnostics of lint_view whose lint is one of
// `mine` (groups expanded through clippy's table), plus every error (a crate that does not
// compile). Lints on by default (dead_code, clippy::style) belong to no lint gate but clippy.
Probed<CompileEvidence> own_lints(const Evidence& evidence, const std::vector<LintRequest>& mine);
// "clippy::must_use_candidate" -> "must_use_candidate": the metric a lint gate counts it in.
std::string lint_metric(const std::string& lint);
// The common result of a lint gate over own_lints(): a metric per lint of `counted`
// (distinct diagnostics), `findings` and `errors`; a crate that does not compile fails, more
// findings than `max_findings` fail, fewer (but some) warn, none pass with `clean`. `extra`
// findings (the gate's own, not a lint's) are added: warnings count, notes are only listed.
GateResult evaluate_lints(GateResult result, const CompileEvidence& ev, const std::vector<LintRequest>& counted,
                          std::int64_t max_findings, const std::string& clean, std::vector<Finding> extra = {});
Finding to_finding(const Diagnostic& d);
// Distinct errors and warnings as findings, errors first; counts them into errors/warnings.
// With `omitted`, at most kMaxFindingsPerRule findings of each rule are built (the first in
// that order) and the rest only counted there: counts stay exact, memory stays bounded.
std::vector<Finding> compiler_findings(const std::vector<Diagnostic>& diagnostics, long& errors, long& warnings,
                                       std::map<std::string, std::int64_t>* omitted = nullptr);
// When every compile error is in bench or example targets (a bench on `#![feature(test)]`
// needs nightly), a note naming them and how to leave them out; otherwise nothing.
std::optional<Finding> scope_hint(const std::vector<Diagnostic>& diagnostics);
// The hint as the failing gate's first finding, and its fix when it has none yet.
void add_scope_hint(GateResult& result, const std::vector<Diagnostic>& diagnostics);
std::string plural(long n, const std::string& word);  // "1 warning", "3 warnings"
std::string percent(double value);                    // "83.3", rounded as rustdoc rounds

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
