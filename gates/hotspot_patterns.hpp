#pragma once
// How the profile gate reads a function name from perf: the hot paths every crate expects
// (allocator, memcpy/memmove, hashing, formatting, locking, panicking), the harness's own
// code (criterion, the Rust runtime's start-up), and the crate's `expected` patterns.
#include <regex>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace gc::gates {

enum class HotspotRole {
    expected,       // a default or configured expected pattern
    harness,        // the bench harness's (criterion, libtest, bencher) or the runtime's own code
    measured_loop,  // criterion's Bencher::iter with the benchmark's routine inlined into it
    subject,        // the function the benchmark's routine calls: what the benchmark measures
    unknown,        // perf could not name it
    judged,         // anything else: a hotspot when above max_share
};

class HotspotPatterns {
public:
    // `expected`: ECMAScript regular expressions searched in the function name.
    static Result<HotspotPatterns> make(const std::vector<std::string>& expected);
    // `measured_loop` and `subject`: what the profile saw of the function (perf_profile.hpp).
    // A hotspot is unexpected only below the function the benchmark calls: a benchmark of f
    // spends its time in f by design, and a helper of f that dominates is what is worth seeing.
    [[nodiscard]] HotspotRole role(const std::string& function, bool measured_loop, bool subject = false) const;
    // The default expected patterns, by kind, for the documentation and the summary.
    static const std::vector<std::pair<std::string, std::string>>& defaults();

private:
    std::vector<std::regex> expected_;
};

}  // namespace gc::gates
