#pragma once
// The fault-injection suite's one case: the real gatecheck binary with tests/faults/fault-tool
// in front of one real tool (a probe family), performing one fault. test_faults.cpp runs the
// cargo families and the test binaries, faults_heavy.cpp valgrind, perf and LLVM.
#include <string>
#include <vector>

#include "support.hpp"

namespace e2e::faults {

// The matrix's faults, in the order they run (the hang last: it needs warm builds).
const std::vector<std::string>& all_faults();

struct Family {
    std::string name;                // "cargo check", as in docs/RELIABILITY.md
    std::string tool;                // what the wrapper is named: cargo, valgrind, perf, llvm-cov, llvm-profdata
    std::string match;               // FAULT_MATCH: the arguments of the faulted call
    std::string unless;              // FAULT_UNLESS
    std::vector<std::string> gates;  // the gates that read the family (--gate), each judged
    bool testbin = false;            // the test executables `cargo build --tests` reports
    int hang_timeout = 3;            // --timeout for the hang: enough for the family's real, warm work
    // gatecheck keeps the tool's whole stdout (up to 64 MiB, then kills it) instead of reading
    // it line by line, and parses it whole: its peak is bounded by a few times that cap.
    bool collected = false;
};

struct Expected {
    std::string status;   // error, unavailable or fail: never pass
    std::string summary;  // a part of each gate's summary, when it matters
};

// Runs the case on `crate` and checks what every case must hold: each gate of the family
// has the expected status (never pass), the exit code matches it, no process of the case
// is left, and gatecheck's own peak RSS stays bounded. Returns the report.
json run_case(const Crate& crate, const Family& family, const std::string& fault, const Expected& expected);

}  // namespace e2e::faults
