#pragma once
// What `cargo miri test` found: miri's error reports and libtest's summary.
#include <string>
#include <string_view>
#include <vector>

namespace gc {

struct MiriLocation {
    std::string function;  // the frame's function ("inside `tests::reads`"), empty for the error's own span
    std::string file;      // as miri printed it: relative to the package, or absolute (/rustc, the sysroot)
    int line = 0;
    int column = 0;
};

// One `error: KIND: MESSAGE` of miri.
struct MiriReport {
    std::string kind;     // "Undefined Behavior", "unsupported operation", "memory leaked", "deadlock", ...
    std::string message;  // the rest of the headline
    std::vector<MiriLocation> locations;  // the `-->` span, then each backtrace frame, in order
    std::string help;                     // the first `= help:` line, without the prefix
    std::string test{};                   // the test it happened in, when known
};

// What one `cargo miri test` printed.
struct MiriRun {
    std::vector<MiriReport> reports;
    long passed = 0;  // summed over the `test result:` lines
    long failed = 0;
    long ignored = 0;
    long summaries = 0;                     // `test result:` lines seen
    std::vector<std::string> failed_tests;  // "test NAME ... FAILED"
};

struct MiriEvidence {
    std::string toolchain;  // "" (the default toolchain) or "nightly"
    std::string version;    // `cargo miri --version`
    MiriRun run;
    bool success = false;  // exit 0
};

// The first location in the crate's own code: a relative path or one under `root`, never
// the sysroot (/rustc/, .rustup) nor a registry. Null when there is none.
const MiriLocation* first_own_location(const MiriReport& report, std::string_view root);

}  // namespace gc
