#include "gates/common.hpp"

#include <fmt/format.h>

namespace gc::gates {

GateResult start(const GateInfo& info, const GateSettings& settings) {
    GateResult r;
    r.id = info.id;
    r.required = settings.required;
    r.status = GateStatus::pass;
    return r;
}

GateResult from_problem(GateResult result, const ToolProblem& problem) {
    result.status = problem.status;
    result.summary = problem.reason;
    result.fix = problem.fix;
    result.metrics.clear();
    return result;
}

std::string plural(long n, const std::string& word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string percent(double value) {
    // As rustdoc prints its coverage table (Rust's `{:.1}`: the exact binary value rounded,
    // ties to even), so both show the same number. Thresholds compare exact counts instead.
    return fmt::format("{:.1f}", value);
}

}  // namespace gc::gates
