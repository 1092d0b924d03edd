#pragma once
// The spec's "Performance Analysis" section, filled from the performance gates' results
// (never typed by hand): each benchmark's time with its interval and its change against the
// baseline (benchmarks, bench-targets), allocations per iteration (allocations), the peak
// memory (memory) and the top CPU hotspots (profile). Human, JSON and perf-md render it.
#include <optional>
#include <string>
#include <vector>

#include "report/model.hpp"
#include "report/perf_model.hpp"

namespace gc {

// The metrics the section reads, by gate id:
//   benchmarks:    "<id>:ns", "<id>:ns_lower", "<id>:ns_upper"
//   bench-targets: "<id>:change", "<id>:change_lower", "<id>:change_upper" (fractions)
//   memory:        "max_rss_bytes", "<package>/<target>:max_rss_bytes"
//   allocations:   "<id>.allocs_per_iter", "<id>.bytes_per_iter"
//   profile:       "hotspot:<id>: <function>" = percent of samples (each benchmark's top ones)
// Computed once per run into Report::performance (the engine, and the JSON reader for a
// recorded report); renderers read that, never this.
PerfSection performance_analysis(const Report& report);

// "1.234 ns", "56.7 µs"; "12.3 MiB".
std::string perf_time(double ns);
std::string perf_bytes(double bytes);

// The section as the spec's Markdown block (`--report perf-md=FILE`).
std::string render_perf_markdown(const PerfSection& section);

}  // namespace gc
