#pragma once
// Which benchmarks the profilers (DHAT, perf) measured in this run, within the shared time
// budget, and which were left for later runs (probes/profiling_budget.hpp decides).
#include <cstdint>
#include <string>
#include <vector>

namespace gc {

struct ProfilingRoundEvidence {
    std::int64_t budget_s = 0;  // 0: no budget, every benchmark is measured
    double spent_s = 0;         // wall time from the first profiling run to the last one's end
    // Benchmark keys "PACKAGE/TARGET/ID" (a bencher target, measured as a whole: "PACKAGE/TARGET").
    std::vector<std::string> measured;  // in the order they ran
    std::vector<std::string> deferred;  // not measured this run: first in the next runs
    std::string state_file;             // where the rotation is kept
    std::string state_note;             // the state file could not be read or written: why (never an error)
};

}  // namespace gc
