#pragma once
// The bench runs: each bench executable of the bench build run once, in release, with short
// measurement settings, alone on the machine (an exclusive task). What each benchmark
// measured, in nanoseconds per iteration, with the interval its harness gives:
// - criterion 0.3.6: `new/estimates.json` (mean, median, slope, each with its 95 %
//   bootstrap confidence interval) and `new/benchmark.json` (the benchmark's id);
// - bencher and libtest `#[bench]`: `test NAME ... bench: 1,234 ns/iter (+/- 56)`, the median
//   of the samples and the spread between their extremes (not a confidence interval).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "probes/bench_build.hpp"

namespace gc::probes {

// `test NAME ... bench:   1,234 ns/iter (+/- 56)` lines (bencher, libtest); other lines ignored.
std::vector<BenchEstimate> parse_bench_lines(std::string_view text);
// How many benchmarks criterion reported on stdout ("time:   [" lines).
std::size_t count_criterion_reports(std::string_view text);
// One criterion benchmark from its `new/` (or baseline) dir's estimates.json and benchmark.json.
Result<BenchEstimate> parse_criterion_estimate(std::string_view estimates_json, std::string_view benchmark_json);
// Every benchmark under a criterion home whose `new/estimates.json` is not older than `since`.
Result<std::vector<BenchEstimate>> read_criterion_dir(const std::filesystem::path& home,
                                                      std::filesystem::file_time_type since);

// gatecheck's baseline files: one JSON document per bench target.
std::string baseline_json(const std::vector<BenchEstimate>& estimates);
Result<std::vector<BenchEstimate>> parse_baseline_json(std::string_view text);
std::filesystem::path baseline_path(const Workspace& ws, const std::string& name, const BenchExecutable& bench);

// The gates' settings the runs read (bench-build's ProbeInfo lists them).
std::vector<ProbeSettingUse> bench_run_settings();

// The run tasks for the executables of a finished bench build (bench-build calls it).
std::vector<Task> bench_run_tasks(const PlanContext& ctx, const std::vector<BenchExecutable>& executables);

}  // namespace gc::probes
