#pragma once
// valgrind's DHAT output (--tool=dhat, JSON, dhatFileVersion 2) of one criterion benchmark
// run in `--test` mode, where criterion calls the benchmark's routine once with exactly one
// iteration of its measured loop (criterion 0.3.6 routine.rs `test`: `bench(m, &[1], p)`).
// Each allocation site (DHAT's program point) is attributed by its stack: a frame of
// criterion's `Bencher::iter*` (or `AsyncBencher::iter*`) means the allocation happened in
// the measured loop; any other stack is set-up or the harness. docs/PROFILING.md has the
// method and what it cannot see. Pure, unit-tested on recorded real output (tests/data/profiling/).
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

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
    long long iterations = 1;  // of the measured loop, in the run the numbers come from
    long long loop_blocks = 0;
    long long loop_bytes = 0;
    long long setup_blocks = 0;  // everything else: the routine's set-up, criterion, the runtime
    long long setup_bytes = 0;
    // Sites whose stack DHAT cut at --num-callers before reaching `main` without a loop frame:
    // where they were cannot be told, so they are counted in the loop (never hidden).
    long long unattributed_blocks = 0;
    std::vector<AllocationSite> loop_sites;  // most blocks first
    std::string command;                     // DHAT's `cmd`
};

// `max_frames` is the --num-callers the run used: a stack of that length was cut short.
Result<BenchAllocations> parse_dhat(std::string_view json, int max_frames);

// True for a DHAT or perf frame of criterion's measured loop (`Bencher<M>::iter`,
// `iter_batched`, `iter_custom`, ..., inlined or not).
bool is_measured_loop_frame(std::string_view function, std::string_view file);

}  // namespace gc
