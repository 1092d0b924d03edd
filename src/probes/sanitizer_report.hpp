#pragma once
// AddressSanitizer's reports on a test binary's stderr, and where in the crate they point.
// Pure functions: unit-tested on output recorded from the asan-* fixtures (tests/data/asan/).
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/stack_frames.hpp"

namespace gc {

// Every report on `err`: an ASan error (`==PID==ERROR: AddressSanitizer: KIND ...`, its
// access line, first stack and SUMMARY line) or each "Direct leak of ..." block of a
// LeakSanitizer report. Indirect leaks are only reachable from a direct one, so they are
// that one's consequence, not a report of their own.
std::vector<SanitizerReport> parse_sanitizer_reports(std::string_view err);

// "    #2 0x55fc in krate::f /abs/src/lib.rs:10:18" (or "... in f (/bin+0x11f6fd) (BuildId: ..)").
std::optional<StackFrame> parse_stack_frame(std::string_view line);

// The test whose function is on the report's stack ("krate::tests::reads" for the test
// "tests::reads", closures included), or empty.
std::string test_on_stack(const SanitizerReport& report, const std::vector<std::string>& tests);

// `<test binary> --list --format terse`: "tests::reads: test" lines -> the test names.
std::vector<std::string> parse_test_list(std::string_view out);

}  // namespace gc
