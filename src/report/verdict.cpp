#include "report/verdict.hpp"

#include <string>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/exit_codes.hpp"

namespace gc {
namespace {

struct RequiredGates {
    std::vector<std::string> failed;
    std::vector<std::string> unevaluated;
    std::size_t required = 0;
    std::size_t evaluated = 0;
};

RequiredGates classify(const std::vector<GateResult>& gates) {
    RequiredGates r;
    for (const auto& g : gates) {
        if (!g.required) {
            continue;
        }
        ++r.required;
        if (is_evaluated(g.status)) {
            ++r.evaluated;
        }
        if (is_failure(g.status)) {
            r.failed.push_back(g.id);
        } else if (is_unevaluated(g.status)) {
            r.unevaluated.push_back(g.id);
        }
    }
    return r;
}

std::string gate_list(const char* what, const std::vector<std::string>& ids) {
    return fmt::format("required gate{} {}: {}", ids.size() == 1 ? "" : "s", what, fmt::join(ids, ", "));
}

void set(Report& report, Verdict verdict, int exit_code, std::string reason) {
    report.verdict = verdict;
    report.exit_code = exit_code;
    report.verdict_reason = std::move(reason);
}

}  // namespace

void decide_verdict(Report& report) {
    const RequiredGates r = classify(report.gates);
    if (report.interrupted) {
        set(report, Verdict::error, kExitInterrupted, "partial report");
    } else if (!r.failed.empty()) {
        std::string reason = gate_list("failed", r.failed);
        if (!r.unevaluated.empty()) {
            reason += fmt::format("; not evaluated: {}", fmt::join(r.unevaluated, ", "));
        }
        set(report, Verdict::fail, kExitGateFailed, std::move(reason));
    } else if (!r.unevaluated.empty()) {
        set(report, Verdict::error, kExitUnevaluated, gate_list("could not be evaluated", r.unevaluated));
    } else if (r.evaluated == 0) {
        // Skips are not evidence: a run that looked at nothing must not read as a pass.
        set(report, Verdict::error, kExitUnevaluated,
            r.required == 0 ? "nothing was verified: no gate is required"
                            : "nothing was verified: every required gate was skipped");
    } else {
        set(report, Verdict::pass, kExitPass, "every required gate passed");
    }
}

}  // namespace gc
