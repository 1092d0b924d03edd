#pragma once
// Gates over the evidence: each enabled gate's pure evaluation, with the time of the
// commands whose evidence it read.
#include <vector>

#include "config/config.hpp"
#include "core/date.hpp"
#include "engine/plan.hpp"
#include "report/model.hpp"
#include "scheduler/scheduler.hpp"

namespace gc {

// `today` (UTC) decides which attestations have expired.
std::vector<GateResult> evaluate_gates(const std::vector<GateChoice>& choices, const Config& config,
                                       const Workspace& ws, const Evidence& evidence,
                                       const std::vector<TaskRecord>& records, Date today);

// One root cause, reported once: a gate that fails only because the crate "does not compile"
// (its summary), with every error an earlier failing gate already reported (clippy and the
// lint gates compile what `build` compiles), cannot judge the crate. It keeps its status (a gate that could not judge
// never passes), says which gate reports the errors, and drops them; its own findings (lint warnings of the targets
// that compiled) stay. evaluate_gates applies it.
void point_at_first_report(std::vector<GateResult>& results);

// The probes list of the report, from the scheduler's records.
std::vector<ProbeRecord> probe_records(const std::vector<TaskRecord>& records);

}  // namespace gc
