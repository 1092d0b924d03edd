#pragma once
// Documented in README.md and docs/REPORT.md; CI scripts depend on these numbers.
namespace gc {
enum ExitCode : int {
    kExitPass = 0,         // every required gate passed
    kExitGateFailed = 1,   // a required gate failed
    kExitUsage = 2,        // usage, configuration or input error
    kExitUnevaluated = 3,  // a required gate could not be evaluated (unavailable or error)
    kExitInterrupted = 130,
};
}  // namespace gc
