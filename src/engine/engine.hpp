#pragma once
// The run itself, in one place: resolve the crate and its configuration, plan the probes
// the selected gates need, schedule them, evaluate the gates, decide the verdict and write
// the reports. `check` calls it (later `merge` and `new` too); cli/ only parses options.
#include "core/result.hpp"
#include "engine/options.hpp"
#include "gates/gate.hpp"
#include "probes/probe.hpp"
#include "process/process.hpp"

namespace gc {

// The extension points a run uses. Tests pass their own lists (a test-only probe and gate).
struct Registries {
    const GateList& gates;
    const ProbeList& probes;
};
Registries default_registries();

// Returns the process exit code; errors that stop the run (usage, config, input) come back
// as Error, after a JSON report saying so was written where one was asked for.
Result<int> run_check(const CheckOptions& options, const Registries& registries, process::Runner& runner);

}  // namespace gc
