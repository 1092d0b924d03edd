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

// The probes list of the report, from the scheduler's records.
std::vector<ProbeRecord> probe_records(const std::vector<TaskRecord>& records);

}  // namespace gc
