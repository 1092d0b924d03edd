#pragma once
// The performance gates' evidence: the bench build (each bench target built once,
// probes/bench_build.hpp), each executable's timing run (probes/bench_run.hpp), and per
// benchmark its ids, DHAT allocations and perf profile (probes/bench_profiling_probe.cpp).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/allocations.hpp"
#include "evidence/compile.hpp"
#include "evidence/cpu_profile.hpp"

namespace gc {

struct BenchExecutable {
    std::string package, package_root, target;  // target = the [[bench]] name
    std::string executable;                     // from cargo's compiler-artifact "executable"
    std::string harness;                        // "criterion", "bencher", "libtest" (harness = true), "custom"
    std::vector<std::string> required_features;
};

struct BenchBuildEvidence {
    std::vector<BenchExecutable> executables;
    std::vector<Diagnostic> diagnostics;  // the selected packages' compile messages
    bool success = false;                 // cargo's verdict; false: some bench did not compile
    std::vector<std::string> build_script_failures;
    std::vector<std::string> bench_targets;  // "pkg/target" of every bench target in scope, built or not
    std::string args;                        // what was built, e.g. "--bench parse --features fast"
    bool bootstrapped = false;               // built with RUSTC_BOOTSTRAP=1 for libtest's #[bench]
};

// A point estimate and the interval around it, in ns per iteration.
struct Interval {
    double point = 0;
    double lower = 0;
    double upper = 0;
};

struct BenchEstimate {
    std::string id;  // criterion: full_id "group/function[/parameter]"; bencher/libtest: the test name
    // The headline: criterion's slope when it has one (linear sampling), else its mean, as
    // criterion prints it; bencher/libtest: the median with +/- the spread.
    std::string statistic;  // "slope", "mean", "median"
    Interval estimate;
    double confidence = 0;             // 0.95 for criterion; 0 where the interval is not a confidence interval
    std::optional<Interval> median{};  // criterion's median: what regressions are judged on
};

// One bench executable's run.
struct BenchRun {
    BenchExecutable bench;
    std::vector<BenchEstimate> estimates;
    std::string panicked{};  // a benchmark panicked: the crate's failure, with its message
    std::int64_t max_rss_bytes = 0;
    double seconds = 0;
    // The saved baseline of this target named by bench-targets.baseline (gatecheck bench save).
    std::string baseline_name{};
    std::optional<std::vector<BenchEstimate>> baseline{};  // absent: no baseline saved under that name
    std::string baseline_file{};
    std::string saved_to{};  // `gatecheck bench save`: the file this run was saved to
};

struct BenchIds {
    BenchExecutable bench;
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
inline std::string bench_instance(const BenchExecutable& b, const std::string& id = "") {
    return b.package + "/" + b.target + (id.empty() ? "" : "/" + id);
}

// The instance of a benchmark list: a target's `--list` ("PACKAGE/TARGET"), or, for a harness
// without one (bencher), the ids one tool's run printed ("PACKAGE/TARGET@dhat", "@perf").
inline std::string bench_list_instance(const BenchExecutable& b, bool own_list, std::string_view family) {
    return own_list ? bench_instance(b) : bench_instance(b) + "@" + std::string(family);
}

enum class ProfiledHarness { criterion, libtest, bencher };

// bench_build.hpp's harness name ("criterion", "libtest", "bencher"); none for "custom".
std::optional<ProfiledHarness> profiled_harness(std::string_view harness);

// False for bencher: one run of every benchmark, no list.
bool runs_one_benchmark(ProfiledHarness h);

}  // namespace gc
