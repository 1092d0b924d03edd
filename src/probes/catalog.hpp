#pragma once
// Factories of the built-in probes: one per file, listed once in registry.cpp.
#include <memory>

#include "probes/flavour.hpp"
#include "probes/probe.hpp"

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
