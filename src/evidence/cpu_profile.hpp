#pragma once
// A CPU profile of one benchmark: self samples per function and folded stacks (probes/perf_profile.hpp).
#include <map>
#include <string>
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

}  // namespace gc
