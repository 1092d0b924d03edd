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

namespace gc {

struct HotFunction {
    std::string function;  // perf's symbol, "[unknown]" when it has none
    std::string dso;       // the binary or library it is in
    long long samples = 0;
    double share = 0;  // percent of all samples
    // Its samples were in criterion's measured loop itself (`Bencher::iter`): the benchmark's
    // routine inlined there, not criterion's overhead.
    bool measured_loop = false;
    // Its samples were in the function the benchmark's routine calls (`b.iter(|| f(x))`: f):
    // what the benchmark measures, so its own time is expected to be high.
    bool benchmark_subject = false;
};

struct CpuProfile {
    long long samples = 0;
    std::vector<HotFunction> functions;       // by self samples, most first
    std::map<std::string, long long> folded;  // stack (outermost first) -> samples
    long long unparsed_lines = 0;             // lines that are neither a sample header nor a frame
};

class PerfScriptParser {
public:
    void line(std::string_view text);
    // Ends the last sample and computes the shares.
    [[nodiscard]] CpuProfile finish();

private:
    void end_sample();
    void mark_leaf_role(HotFunction& hot) const;

    struct Frame {
        std::string function;
        std::string dso;
    };
    std::vector<Frame> frames_;
    bool in_sample_ = false;
    CpuProfile profile_;
    std::map<std::string, HotFunction> self_;
};

CpuProfile parse_perf_script(std::string_view text);

// "outer;inner 12" lines, most samples first: the file flame graph tools read.
std::string folded_text(const CpuProfile& profile);

}  // namespace gc
