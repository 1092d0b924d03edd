#pragma once
// The allocations of one benchmark, as DHAT counted them (probes/dhat_report.hpp says how).
#include <string>
#include <vector>

namespace gc {

// One allocation site inside the measured loop: its innermost frame outside the allocator
// and the standard library, when there is one.
struct AllocationSite {
    std::string function;
    std::string location;  // "lib.rs:22" as DHAT printed it
    long long blocks = 0;
    long long bytes = 0;
};

struct BenchAllocations {
    // Of the measured loop, in the run the loop numbers come from; 0: not known (bencher's
    // whole run when its first iteration cannot be told apart), the numbers are then totals.
    long long iterations = 1;
    long long loop_blocks = 0;
    long long loop_bytes = 0;
    // Everything else: the routine's set-up, the harness, the runtime (bencher: the set-up of
    // the benchmark's one-iteration call only, the rest of its run being the harness's).
    long long setup_blocks = 0;
    long long setup_bytes = 0;
    // Sites whose stack DHAT cut at --num-callers before reaching `main` without a loop frame:
    // where they were cannot be told, so they are counted in the loop (never hidden).
    long long unattributed_blocks = 0;
    // bencher: the measured loop over the whole run (every iteration of every sample); -1: not
    // measured (criterion and libtest run one iteration only).
    long long run_loop_blocks = -1;
    long long run_loop_bytes = -1;
    std::vector<AllocationSite> loop_sites;  // most blocks first
    std::string command;                     // DHAT's `cmd`
};

}  // namespace gc
