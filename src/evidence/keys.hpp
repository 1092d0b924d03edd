#pragma once
// The evidence each built-in probe publishes, by family: what gates read through
// Evidence::get / Evidence::all. A test-only probe declares its own key next to it.
#include "evidence/advisories.hpp"
#include "evidence/bench.hpp"
#include "evidence/compile.hpp"
#include "evidence/coverage.hpp"
#include "evidence/dependency_graph.hpp"
#include "evidence/docs.hpp"
#include "evidence/features.hpp"
#include "evidence/fmt.hpp"
#include "evidence/lints.hpp"
#include "evidence/miri.hpp"
#include "evidence/profiling_round.hpp"
#include "evidence/rust_sources.hpp"
#include "evidence/store.hpp"
#include "evidence/test_keys.hpp"

namespace gc::keys {

inline const EvidenceKey<CheckEvidence> check{"check"};
inline const EvidenceKey<CompileEvidence> clippy{"clippy"};
// The shared run's command with `--lib`: the libraries alone, as they ship (the unsafe inventory).
inline const EvidenceKey<CompileEvidence> clippy_lib{"clippy-lib"};
inline const EvidenceKey<LintCatalog> clippy_lints{"clippy-lints"};
inline const EvidenceKey<FmtEvidence> fmt{"fmt"};
inline const EvidenceKey<DocCoverage> doc_coverage{"doc-coverage"};  // per package
inline const EvidenceKey<TestRun> doctests{"doctests"};              // per package
inline const EvidenceKey<RustdocApi> rustdoc_json{"rustdoc-json"};   // per package
inline const EvidenceKey<DependencyGraph> dependency_graph{"dependency-graph"};
inline const EvidenceKey<AdvisoryEvidence> advisories{"advisories"};
inline const EvidenceKey<FeaturesEvidence> features{"features"};
inline const EvidenceKey<CoverageEvidence> coverage{"coverage"};  // after the coverage flavour's runs
inline const EvidenceKey<MiriEvidence> miri{"miri"};
inline const EvidenceKey<BenchBuildEvidence> bench_build{"bench-build"};
inline const EvidenceKey<BenchRun> bench_run{"bench-run"};     // per bench target, "pkg/target"
inline const EvidenceKey<BenchIds> bench_list{"bench-list"};   // per PACKAGE/TARGET (criterion)
inline const EvidenceKey<AllocationsRun> allocations{"dhat"};  // per PACKAGE/TARGET/ID
inline const EvidenceKey<CpuProfileRun> cpu_profile{"perf"};   // per PACKAGE/TARGET/ID
// Which benchmarks DHAT and perf measured within the budget (one per run).
inline const EvidenceKey<ProfilingRoundEvidence> profiling_round{"profiling-round"};
inline const EvidenceKey<RustSources> rust_sources{"rust-sources"};  // read while planning, no command

// The test pipeline's flavours (probes/flavour.hpp builds each from its keys).
inline const TestKeys plain_tests{"plain"};
inline const TestKeys coverage_tests{"coverage"};
inline const TestKeys asan_tests{"asan"};
inline const TestKeys tsan_tests{"tsan"};

}  // namespace gc::keys
