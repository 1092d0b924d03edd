#pragma once
// A gate's status: what the report model shows and what a probe's problem turns a gate into
// (unavailable, error), so both the evidence and the report read it from here.

namespace gc {

// manual, attested and not_applicable are the statuses of attestation gates (a person's
// review): a review still to do, a person's word, nothing to review. None is a machine pass.
enum class GateStatus { pass, fail, warn, skip, unavailable, error, manual, attested, not_applicable };

// A status counts against the verdict when the gate is required.
inline bool is_failure(GateStatus s) {
    return s == GateStatus::fail;
}
inline bool is_unevaluated(GateStatus s) {
    return s == GateStatus::unavailable || s == GateStatus::error;
}
// Only these statuses mean the gate looked at the crate; a skip verified nothing.
inline bool is_evaluated(GateStatus s) {
    return s == GateStatus::pass || s == GateStatus::fail || s == GateStatus::warn;
}

}  // namespace gc
