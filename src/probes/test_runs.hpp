#pragma once
// Judging one test binary's run (or one package's doc tests) from how it ended and what it
// printed: a failure of the crate's code (failed tests, a hang, a crash, an early exit) is
// evidence; a run whose output cannot be trusted is a ToolProblem.
#include "evidence/keys.hpp"
#include "probes/parsers.hpp"
#include "process/process.hpp"

namespace gc {

// A binary run with libtest's JSON flags (or `cargo test --doc`).
Probed<TestRun> judge_libtest_run(const process::Completed& res, const process::Command& cmd, TestBinary binary,
                                  LibtestOutput out);

// A `harness = false` target run as cargo test does, without libtest's flags: exit 0 is one
// passed target, anything else one failed target with its output.
Probed<TestRun> judge_harnessless_run(const process::Completed& res, const process::Command& cmd, TestBinary binary,
                                      const std::string& stdout_tail);

}  // namespace gc
