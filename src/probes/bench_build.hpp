#pragma once
// The bench build, shared by every performance gate: each bench target built ONCE per run
// with `cargo bench --no-run --message-format=json` in `<target-dir>/gatecheck/bench`, with
// `CARGO_PROFILE_BENCH_DEBUG=line-tables-only` (symbols and inline frames for perf and DHAT;
// optimisation and so timings are unchanged) and the user's RUSTFLAGS untouched. The
// probes that run the executables (bench-run, allocations, profile) read this evidence.
#include <filesystem>
#include <string>
#include <vector>

#include "cargo/workspace.hpp"
#include "evidence/bench.hpp"
#include "probes/probe.hpp"

namespace gc::probes {

// `<target-dir>/gatecheck/bench`: the bench build's own target dir.
std::filesystem::path bench_dir(const Workspace& ws);

// "criterion" / "bencher" for a `harness = false` bench of a package depending on them (its
// source's criterion_main! or benchmark_main! decides when it has both),
// "libtest" for a harnessed bench, "custom" otherwise.
std::string bench_harness(const Package& pkg, const CargoTarget& target);

// The profilers' runs of the built executables (probes/bench_profiling_probe.cpp): follow-ups
// of the bench build, as the timing runs are (bench_run.hpp).
std::vector<Task> bench_profiling_tasks(const PlanContext& ctx, const std::vector<BenchExecutable>& executables);

// The cargo arguments of the bench build (after `cargo`): the bench targets in scope by name,
// their required features (unless the scope already enables all features).
std::vector<std::string> bench_build_args(const Workspace& ws, const TargetScope& scope);

}  // namespace gc::probes
