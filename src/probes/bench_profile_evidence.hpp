#pragma once
// What the profiling of criterion benchmarks publishes: per bench executable its benchmark
// ids (`bench-list:PACKAGE/TARGET`), and per benchmark (`dhat:PACKAGE/TARGET/ID`,
// `perf:PACKAGE/TARGET/ID`) its DHAT allocations and its perf profile.
#include <string>
#include <vector>

#include "probes/bench_build.hpp"
#include "probes/dhat_report.hpp"
#include "probes/perf_profile.hpp"

namespace gc {

struct BenchIds {
    probes::BenchExecutable bench;
    std::vector<std::string> ids;  // criterion's `--list`, in order
};

struct AllocationsRun {
    std::string id;  // the criterion benchmark id, "group/function[/parameter]"
    BenchAllocations allocations;
    std::string dhat_file;  // DHAT's JSON, for dh_view.html
};

struct CpuProfileRun {
    std::string id;
    CpuProfile profile;       // `folded` emptied once written to folded_file
    std::string folded_file;  // for flamegraph.pl / inferno
    std::string perf_data;    // perf record's data, for `perf report -i`
    long long profile_time_s = 0;
};

// The instance of one benchmark's evidence: "PACKAGE/TARGET/ID".
inline std::string bench_instance(const probes::BenchExecutable& b, const std::string& id = "") {
    return b.package + "/" + b.target + (id.empty() ? "" : "/" + id);
}

}  // namespace gc
