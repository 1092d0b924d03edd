#pragma once
// ThreadSanitizer's reports on a test binary's stderr, and whether a race is the crate's.
// Pure functions: unit-tested on output recorded from the conc-* fixtures (tests/data/conc-*).
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "evidence/stack_frames.hpp"

namespace gc {

// Every "WARNING: ThreadSanitizer: KIND (pid=N)" report on `err`: its kind ("data-race",
// "lock-order-inversion", "thread-leak", ...), the first access and its stack, the other
// ("Previous ...") access and its stack, and its SUMMARY line.
std::vector<SanitizerReport> parse_tsan_reports(std::string_view err);

// "    #1 krate::f /abs/src/lib.rs:16:18 (bin+0xf4f46) (BuildId: ..)", "#16 main <null> (bin+0x..)".
std::optional<StackFrame> parse_tsan_frame(std::string_view line);

}  // namespace gc
