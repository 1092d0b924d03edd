#pragma once
// From the selected gates to the tasks the scheduler runs: which gates run, what they need
// of the probes (families, timeouts, lints), and the probes' tasks.
#include <string>
#include <vector>

#include "config/config.hpp"
#include "engine/engine.hpp"

namespace gc {

struct GateChoice {
    const Gate* gate;
    bool enabled;
    std::string why_not;  // when disabled
};

Result<std::vector<GateChoice>> choose_gates(const CheckOptions& options, const Config& config, const GateList& gates);

// The union of what the enabled gates need, with the longest timeout any of them allows.
ProbeNeeds collect_needs(const std::vector<GateChoice>& choices, const Config& config, const CheckOptions& options);

// The tasks of every probe that publishes a needed family, in registry order (the test
// pipeline first, so its binaries run while the other probes work).
std::vector<Task> plan_tasks(const ProbeList& probes, const PlanContext& ctx);

}  // namespace gc
