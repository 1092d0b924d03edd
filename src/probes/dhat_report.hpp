#pragma once
// valgrind's DHAT output (--tool=dhat, JSON, dhatFileVersion 2) of one criterion benchmark
// run in `--test` mode, where criterion calls the benchmark's routine once with exactly one
// iteration of its measured loop (criterion 0.3.6 routine.rs `test`: `bench(m, &[1], p)`).
// Each allocation site (DHAT's program point) is attributed by its stack: a frame of
// criterion's `Bencher::iter*` (or `AsyncBencher::iter*`) means the allocation happened in
// the measured loop; any other stack is set-up or the harness. docs/PROFILING.md has the
// method and what it cannot see. Pure, unit-tested on recorded real output (tests/data/profiling/).
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "evidence/allocations.hpp"

namespace gc {

// `max_frames` is the --num-callers the run used: a stack of that length was cut short.
Result<BenchAllocations> parse_dhat(std::string_view json, int max_frames);

// One DHAT run of a bencher (0.1) executable's every benchmark (`BENCH --bench`), split by the
// benchmark function on each stack (`ids`, as bencher prints them). Per iteration: the loop of
// bencher's first call of each benchmark, `bench_n(1, ..)`, exactly one iteration; the whole
// run's loop in run_loop_*. Loop allocations with no benchmark on their stack count for every
// benchmark (never hidden).
Result<std::map<std::string, BenchAllocations>> parse_dhat_bencher_run(std::string_view json, int max_frames,
                                                                       const std::vector<std::string>& ids);

// True when `function` is the benchmark `id` (bencher's or libtest's name of it: the
// function's path, or its last segments), or a closure or shim of it.
bool is_benchmark_frame(std::string_view function, std::string_view id);

// The outermost of `frames` (innermost first, each with a `function`) that is one of the
// benchmarks `ids` (DHAT's and perf's stacks alike): its index and that id.
template <class Frames>
std::optional<std::pair<std::size_t, std::string>> outermost_benchmark_frame(const Frames& frames,
                                                                             const std::vector<std::string>& ids) {
    for (auto i = frames.size(); i-- > 0;) {
        for (const auto& id : ids) {
            if (is_benchmark_frame(frames[i].function, id)) {
                return std::pair{i, id};
            }
        }
    }
    return std::nullopt;
}

// True for a DHAT or perf frame of criterion's measured loop (`Bencher<M>::iter`,
// `iter_batched`, `iter_custom`, ..., inlined or not) or of libtest's (`ns_iter_inner`).
bool is_measured_loop_frame(std::string_view function, std::string_view file);

}  // namespace gc
