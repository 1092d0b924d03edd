#pragma once
// What the profiling of benchmarks publishes: per bench executable its benchmark ids
// (`bench-list:PACKAGE/TARGET`; bencher: per tool, bench_list_instance), and per benchmark (`dhat:PACKAGE/TARGET/ID`,
// `perf:PACKAGE/TARGET/ID`) its DHAT allocations and its perf profile.
#include <string>
#include <string_view>
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

// The instance of a benchmark list: a target's `--list` ("PACKAGE/TARGET"), or, for a harness
// without one (bencher), the ids one tool's run printed ("PACKAGE/TARGET@dhat", "@perf").
inline std::string bench_list_instance(const probes::BenchExecutable& b, bool own_list, std::string_view family) {
    return own_list ? bench_instance(b) : bench_instance(b) + "@" + std::string(family);
}

}  // namespace gc
