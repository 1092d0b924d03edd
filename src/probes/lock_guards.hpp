#pragma once
// Where a Rust source reaches data through a guard of std's Mutex or RwLock, by line. A lexical
// scan (comments and literals never count) for the concurrency-tests gate: std is not
// instrumented under ThreadSanitizer, so the lock is invisible to it and two accesses made
// under the same std lock are reported as a race. Pure, unit-tested.
#include <string_view>
#include <vector>

#include "evidence/rust_sources.hpp"

namespace gc::probes {

// Ascending by line, one entry per line (the first guard found on it).
std::vector<GuardedLine> guarded_lines(std::string_view source);

}  // namespace gc::probes
