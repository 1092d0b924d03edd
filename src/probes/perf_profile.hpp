#pragma once
// A CPU profile from `perf script --no-inline -F comm,tid,period,ip,sym,dso` over a
// `perf record --call-graph dwarf` of one benchmark's profiling run: self samples per
// function (the innermost frame of each sample) and the folded stacks flame graphs are drawn
// from (flamegraph.pl / inferno: "outer;...;inner COUNT"). Fed line by line as perf prints
// them. Pure, unit-tested on recorded real output (tests/data/profiling/).
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/cpu_profile.hpp"

namespace gc {

class PerfScriptParser {
public:
    PerfScriptParser() = default;
    // For the harnesses whose loop perf cannot see (libtest's and bencher's `iter` are inlined
    // into the benchmark function, or into a helper of the bench target it calls): the
    // innermost frame of the bench target's own code (`bench_crate::`) from the benchmark
    // function of `benchmark_ids` on a sample's stack inward stands for the loop, and
    // finish_by_benchmark() splits the samples by that function (bencher's one run of every
    // benchmark).
    PerfScriptParser(std::vector<std::string> benchmark_ids, std::string bench_crate)
        : ids_(std::move(benchmark_ids)), bench_crate_(std::move(bench_crate)) {}

    void line(std::string_view text);
    // Ends the last sample and computes the shares: every sample.
    [[nodiscard]] CpuProfile finish();
    // Ends the last sample: per benchmark id, the samples with its function on their stack.
    [[nodiscard]] std::map<std::string, CpuProfile> finish_by_benchmark();

private:
    struct Frame {
        std::string function;
        std::string dso;
    };
    struct Accumulator {
        CpuProfile profile;
        std::map<std::string, HotFunction> self;
        void add(const std::vector<Frame>& frames, std::ptrdiff_t loop);
        CpuProfile finish();
    };
    void end_sample();
    [[nodiscard]] std::ptrdiff_t loop_frame(std::ptrdiff_t owner) const;
    [[nodiscard]] bool is_bench_target_code(std::string_view function) const;

    std::vector<std::string> ids_;
    std::string bench_crate_;
    std::vector<Frame> frames_;
    bool in_sample_ = false;
    long long unparsed_lines_ = 0;
    Accumulator all_;
    std::map<std::string, Accumulator> by_benchmark_;
};

CpuProfile parse_perf_script(std::string_view text);

// "outer;inner 12" lines, most samples first: the file flame graph tools read.
std::string folded_text(const CpuProfile& profile);

}  // namespace gc
