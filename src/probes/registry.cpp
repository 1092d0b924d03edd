// The probe registry: the one explicit list of probes. A probe publishes evidence under
// its families; the engine plans the probes whose families the selected gates need.
#include "probes/flavour.hpp"
#include "probes/probe.hpp"

// Each probe's factory, defined in its own file: adding a probe is its file, a line here and
// one in the list below (and its evidence type and key in evidence/, when it publishes a new kind).
namespace gc::probes {
std::unique_ptr<Probe> make_toolchain_probe();
std::unique_ptr<Probe> make_check_probe();
std::unique_ptr<Probe> make_clippy_probe();
std::unique_ptr<Probe> make_clippy_lints_probe();
std::unique_ptr<Probe> make_fmt_probe();
std::unique_ptr<Probe> make_doc_coverage_probe();
std::unique_ptr<Probe> make_doctests_probe();
std::unique_ptr<Probe> make_rustdoc_json_probe();
std::unique_ptr<Probe> make_test_pipeline_probe(Flavour flavour);
std::unique_ptr<Probe> make_dependency_graph_probe();
std::unique_ptr<Probe> make_advisories_probe();
std::unique_ptr<Probe> make_features_probe();
std::unique_ptr<Probe> make_coverage_probe();
std::unique_ptr<Probe> make_coverage_doctests_probe();
std::unique_ptr<Probe> make_miri_probe();
std::unique_ptr<Probe> make_bench_build_probe();  // and the bench runs (bench_run.cpp)
std::unique_ptr<Probe> make_bench_profiling_probe();
std::unique_ptr<Probe> make_rust_sources_probe();  // in-process: no command
}  // namespace gc::probes

namespace gc {

const ProbeList& probe_registry() {
    static const auto owned = [] {
        std::vector<std::unique_ptr<Probe>> all;
        // The test build first: it is the longest chain (build, then every binary). The
        // toolchain's version queries take milliseconds and the test runs wait for them.
        all.push_back(probes::make_test_pipeline_probe(plain_flavour()));
        // Its own target dir, so it builds beside the plain dir's chain (test build, check,
        // clippy share one lock).
        all.push_back(probes::make_test_pipeline_probe(asan_flavour()));
        // Coverage: its own target dir too; the coverage probe reads its profiles after its runs.
        all.push_back(probes::make_test_pipeline_probe(coverage_flavour()));
        // Its doc tests, instrumented, in the same target dir and profile dir (off with
        // `[gates.coverage] doctests = false`).
        all.push_back(probes::make_coverage_doctests_probe());
        all.push_back(probes::make_coverage_probe());
        // ThreadSanitizer (concurrency-tests): its own target dir as well.
        all.push_back(probes::make_test_pipeline_probe(tsan_flavour()));
        all.push_back(probes::make_toolchain_probe());
        all.push_back(probes::make_check_probe());
        all.push_back(probes::make_clippy_probe());
        all.push_back(probes::make_clippy_lints_probe());
        all.push_back(probes::make_fmt_probe());
        all.push_back(probes::make_doc_coverage_probe());
        all.push_back(probes::make_doctests_probe());
        all.push_back(probes::make_rustdoc_json_probe());
        all.push_back(probes::make_dependency_graph_probe());
        all.push_back(probes::make_advisories_probe());
        all.push_back(probes::make_features_probe());
        all.push_back(probes::make_miri_probe());
        // Benchmarks: built once in <target-dir>/gatecheck/bench, each run alone (exclusive).
        all.push_back(probes::make_bench_build_probe());
        // Bench executables (release, line tables) and, per criterion benchmark, DHAT and perf runs.
        all.push_back(probes::make_bench_profiling_probe());
        // The crate's own sources, read in-process while planning (no task).
        all.push_back(probes::make_rust_sources_probe());
        return all;
    }();
    static const ProbeList list = [] {
        ProbeList out;
        for (const auto& p : owned) {
            out.push_back(p.get());
        }
        return out;
    }();
    return list;
}

std::chrono::seconds ProbeNeeds::timeout(std::string_view family) const {
    const auto it = timeouts.find(std::string(family));
    return it != timeouts.end() ? it->second : std::chrono::seconds(1800);
}

}  // namespace gc
