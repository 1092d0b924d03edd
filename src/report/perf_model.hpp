#pragma once
// The spec's "Performance Analysis" section as data, part of the report model: what the
// performance gates measured, gathered once (report/perf_section.hpp) for every renderer.
#include <optional>
#include <string>
#include <vector>

namespace gc {

struct PerfBenchmark {
    std::string id;
    double ns = 0;
    double ns_lower = 0;
    double ns_upper = 0;
    std::optional<double> change{};  // fraction against the baseline, with its interval
    std::optional<double> change_lower{};
    std::optional<double> change_upper{};
    std::optional<double> allocations_per_iter{};  // from the allocations gate
    std::optional<double> bytes_per_iter{};
};

struct PerfHotspot {
    std::string function;
    double share = 0;  // percent of samples
};

struct PerfSection {
    std::vector<PerfBenchmark> benchmarks;
    std::optional<double> peak_rss_bytes;
    std::string peak_rss_target;
    std::vector<PerfHotspot> hotspots;
    [[nodiscard]] bool empty() const { return benchmarks.empty() && !peak_rss_bytes && hotspots.empty(); }
};

}  // namespace gc
