#pragma once
// Compiler and lint diagnostics as a gate's findings and result: errors first, at most
// kMaxFindingsPerRule findings per rule with exact counts, and the hint when only bench or
// example targets fail to compile.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "evidence/compile.hpp"
#include "evidence/lints.hpp"
#include "gates/gate.hpp"

namespace gc::gates {

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

}  // namespace gc::gates
