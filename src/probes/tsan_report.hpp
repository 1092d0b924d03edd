#pragma once
// ThreadSanitizer's reports on a test binary's stderr, and whether a race is the crate's.
// Pure functions: unit-tested on output recorded from the conc-* fixtures (tests/data/conc-*).
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

#include "probes/evidence.hpp"

namespace gc {

// Every "WARNING: ThreadSanitizer: KIND (pid=N)" report on `err`: its kind ("data-race",
// "lock-order-inversion", "thread-leak", ...), the first access and its stack, the other
// ("Previous ...") access and its stack, and its SUMMARY line.
std::vector<SanitizerReport> parse_tsan_reports(std::string_view err);

// "    #1 krate::f /abs/src/lib.rs:16:18 (bin+0xf4f46) (BuildId: ..)", "#16 main <null> (bin+0x..)".
std::optional<StackFrame> parse_tsan_frame(std::string_view line);

// Where a stack made its access: its first frame past the sanitizer runtime's interceptors
// (memcpy, free) and the toolchain's `core` (ptr::write, atomic intrinsics, inlined into the
// caller). Then, when that frame is in the crate's own sources (under `root`, not under
// `target_dir`), that frame with its file relative to `root`. std is not instrumented, so a
// report whose accesses are in std or alloc is not the crate's (see docs/CHECKLIST.md).
std::optional<StackFrame> own_access_frame(const std::vector<StackFrame>& frames, const std::filesystem::path& root,
                                           const std::filesystem::path& target_dir);

}  // namespace gc
