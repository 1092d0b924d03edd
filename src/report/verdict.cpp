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
    std::vector<std::string> unattested;  // required attestations missing or expired (manual)
    std::vector<std::string> unevaluated;
    std::size_t required = 0;
    std::size_t evaluated = 0;
    std::size_t skipped = 0;
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
        } else if (g.status == GateStatus::manual) {
            r.unattested.push_back(g.id);
        } else if (is_unevaluated(g.status)) {
            r.unevaluated.push_back(g.id);
        } else if (g.status == GateStatus::skip) {
            ++r.skipped;
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
    } else if (!r.failed.empty() || !r.unattested.empty()) {
        std::vector<std::string> parts;
        if (!r.failed.empty()) {
            parts.push_back(gate_list("failed", r.failed));
        }
        if (!r.unattested.empty()) {
            parts.push_back(fmt::format("required attestation{} missing or expired: {}",
                                        r.unattested.size() == 1 ? "" : "s", fmt::join(r.unattested, ", ")));
        }
        if (!r.unevaluated.empty()) {
            parts.push_back(fmt::format("not evaluated: {}", fmt::join(r.unevaluated, ", ")));
        }
        set(report, Verdict::fail, kExitGateFailed, fmt::format("{}", fmt::join(parts, "; ")));
    } else if (!r.unevaluated.empty()) {
        set(report, Verdict::error, kExitUnevaluated, gate_list("could not be evaluated", r.unevaluated));
    } else if (r.evaluated == 0) {
        // Skips are not evidence: a run that looked at nothing must not read as a pass.
        // A person's word (attested) or nothing to review (not-applicable) is no tool's check either.
        std::string reason = "nothing was verified: every required gate was skipped";
        if (r.required == 0) {
            reason = "nothing was verified: no gate is required";
        } else if (r.skipped < r.required) {
            reason = "nothing was verified by a tool: every required gate was skipped, attested or not applicable";
        }
        set(report, Verdict::error, kExitUnevaluated, std::move(reason));
    } else {
        set(report, Verdict::pass, kExitPass, "every required gate passed");
    }
}

}  // namespace gc
