#pragma once
// What a CI page shows of a report, most severe first: every finding of a gate that did not
// pass, and a gate's own summary where it failed or could not run without a finding to show
// (coverage below its minimum, a tool missing). A gate that only defers to another gate's
// root cause adds nothing: that cause is reported once, where it happened.
#include <optional>
#include <string>
#include <vector>

#include "report/model.hpp"

namespace gc {

// error: fails the run (or leaves it unevaluated); warning: worth a look, fails nothing;
// notice: informational.
enum class CiSeverity { error, warning, notice };

struct CiFinding {
    const GateResult* gate = nullptr;
    CiSeverity severity = CiSeverity::error;
    std::string rule;     // the finding's rule, or the gate id for a gate's own summary
    std::string message;  // as the tool said it (not yet made printable)
    std::string file;     // relative to the repository root; a finding without one: its Cargo.toml
    std::optional<int> line;
    std::optional<int> column;
    std::string hint;  // the next step, if any
};

// Every finding to show, errors, then warnings, then notices; within each, in report order.
std::vector<CiFinding> ci_findings(const Report& report);

}  // namespace gc
