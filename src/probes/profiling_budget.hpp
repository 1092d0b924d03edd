#pragma once
// The profilers' shared time budget (docs/PROFILING.md, "A bounded cost"): which benchmarks
// DHAT and perf measure in this run, in which order, and when to stop. Pure: the caller
// passes the time, so a test can pass its own.
#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "probes/rotation_state.hpp"

namespace gc {

struct BudgetCandidate {
    std::string key;        // "PACKAGE/TARGET/ID" (a bencher target, measured whole: "PACKAGE/TARGET")
    bool targeted = false;  // a configured target (an allocation limit, a time target) names it
    double slowness = -1;   // its time per iteration in the benchmark run (ns); < 0: not known
};

// Targeted benchmarks first, then the others; within each group the least recently measured
// first (never measured before the rest), the slowest first among equals, then by key.
std::vector<std::string> profiling_order(std::vector<BudgetCandidate> candidates, const RotationState& state);

// One run's measurements, one benchmark at a time. The first always starts; each next one
// starts only while the time spent since the first started is below the budget.
class ProfilingRound {
public:
    using Clock = std::chrono::steady_clock;

    ProfilingRound(std::vector<std::string> order, std::chrono::seconds budget);

    // The first measurement starts now (the budget counts from here).
    void begin(Clock::time_point now);
    // The next benchmark to measure, or nullopt when every one was or the budget is spent.
    [[nodiscard]] std::optional<std::string> next(Clock::time_point now);
    // Nothing more starts (the run was interrupted).
    void stop() { stopped_ = true; }
    // The benchmark last returned by next() has finished at `now`.
    void finished(Clock::time_point now);

    [[nodiscard]] const std::vector<std::string>& measured() const { return measured_; }
    [[nodiscard]] std::vector<std::string> deferred() const;
    [[nodiscard]] double spent_seconds() const;
    [[nodiscard]] std::chrono::seconds budget() const { return budget_; }
    // `previous` with this round recorded: its benchmarks measured in a new round, and only the
    // benchmarks of this run kept, so the file stays as small as the list.
    [[nodiscard]] RotationState recorded(const RotationState& previous) const;

private:
    std::vector<std::string> order_;
    std::chrono::seconds budget_;
    std::size_t next_ = 0;
    std::optional<Clock::time_point> started_;
    Clock::time_point last_end_{};
    bool stopped_ = false;
    std::vector<std::string> measured_;
};

}  // namespace gc
