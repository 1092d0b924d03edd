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
    harness,        // criterion's or the runtime's own code: not the crate's
    measured_loop,  // criterion's Bencher::iter with the benchmark's routine inlined into it
    unknown,        // perf could not name it
    judged,         // anything else: a hotspot when above max_share
};

class HotspotPatterns {
public:
    // `expected`: ECMAScript regular expressions searched in the function name.
    static Result<HotspotPatterns> make(const std::vector<std::string>& expected);
    [[nodiscard]] HotspotRole role(const std::string& function, bool measured_loop) const;
    // The default expected patterns, by kind, for the documentation and the summary.
    static const std::vector<std::pair<std::string, std::string>>& defaults();

private:
    std::vector<std::regex> expected_;
};

}  // namespace gc::gates
