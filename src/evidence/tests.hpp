#pragma once
// The test pipeline's evidence: the test binaries a build produced, and what each run of one
// reported (libtest's JSON, a sanitizer's reports, how the process ended).
#include <cstdint>
#include <string>
#include <vector>

#include "evidence/compile.hpp"

namespace gc {

struct TestBinary {
    std::string package;
    std::string package_root;  // directory of its Cargo.toml (the cwd cargo test would use)
    std::string target;        // target name
    std::string kind;          // "lib", "bin", "test", "bench", "example", "doctest"
    std::string executable;
    bool harness = true;  // false: `harness = false`, run without libtest's flags
};

struct TestCase {
    enum class Result { passed, failed, ignored };
    std::string name;
    Result result = Result::passed;
    std::string output;  // captured stdout of a failed test, or libtest's message
    double seconds = 0;
    std::string message{};   // a failed test's panic message, e.g. "assertion `left == right` failed ..."
    std::string location{};  // where it panicked, "src/lib.rs:83:9", when known
};

// One frame of a sanitizer's stack trace: "#3 0x55fc in krate::f /abs/src/lib.rs:30:20".
struct StackFrame {
    std::string function;
    std::string file;  // as symbolised: absolute, or empty when only the module is known
    int line = 0;
    int column = 0;
};

// One report of AddressSanitizer (or of its LeakSanitizer, one per leaked allocation site)
// from a test binary's stderr.
struct SanitizerReport {
    std::string tool;      // "AddressSanitizer", "LeakSanitizer", "ThreadSanitizer"
    std::string kind;      // "heap-use-after-free", "double-free", "heap-buffer-overflow", "memory-leak", ...
    std::string headline;  // "heap-use-after-free on address 0x... at pc ...", "Direct leak of 32 byte(s) ..."
    std::string access;    // "READ of size 8 at 0x7b9f... thread T2", when the report has one
    std::string summary;   // the SUMMARY line without "SUMMARY: "
    std::vector<StackFrame> frames;  // the first stack: where it happened (for a leak, the allocation)
    std::string test{};              // the test on that stack or running when it aborted, when known
    // ThreadSanitizer: the other access of a data race ("Previous write of size 8 at ... by
    // thread T3") and its stack.
    std::string other_access{};
    std::vector<StackFrame> other_frames{};
};

// The libtest JSON of one test binary (or one package's doctests), with what happened to it.
struct TestRun {
    TestBinary binary;
    std::vector<TestCase> tests;
    long passed = 0;
    long failed = 0;
    long ignored = 0;
    // Set when the binary did not finish normally (hung and killed, crashed, exited early):
    // a failure of the crate's code, not of the tool.
    std::string abnormal;
    std::vector<std::string> unfinished;  // tests started but never reported
    // Instrumented flavours: the sanitizer's reports, and the tests the binary never started
    // because it was aborted (its `--list` minus the tests it reported).
    std::vector<SanitizerReport> sanitizer{};
    std::vector<std::string> not_started{};
    // The binary's peak resident set (wait4's accounting), for the memory gate; 0: not measured.
    std::int64_t max_rss_bytes = 0;
};

struct TestBuildEvidence {
    std::vector<TestBinary> binaries;
    std::vector<Diagnostic> diagnostics;
    bool success = false;
    std::vector<std::string> broken_targets;  // "tests/broken.rs" style names of targets that did not compile
    std::vector<std::string> build_script_failures;
    std::string target{};  // the `--target` it was built for (host_target flavours), else empty
};

}  // namespace gc
