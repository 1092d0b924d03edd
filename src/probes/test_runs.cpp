#include "probes/test_runs.hpp"

#include <fmt/format.h>

#include "probes/cargo_command.hpp"

namespace gc {
namespace {

using process::Outcome;

void count_results(TestRun& run) {
    for (const auto& t : run.tests) {
        switch (t.result) {
            case TestCase::Result::passed:
                ++run.passed;
                break;
            case TestCase::Result::failed:
                ++run.failed;
                break;
            case TestCase::Result::ignored:
                ++run.ignored;
                break;
        }
    }
}

// Ways a run ends that say nothing about the crate.
std::optional<ToolProblem> not_evidence(const process::Completed& res, const process::Command& cmd,
                                        const TestBinary& binary) {
    switch (res.outcome) {
        case Outcome::spawn_failed:
            return error_problem(fmt::format("cannot run {}: {}", binary.executable, res.message));
        case Outcome::cancelled:
            return error_problem("interrupted before the tests finished");
        case Outcome::too_much_output:
        case Outcome::internal_error:
            return error_problem(res.describe(cmd));
        default:
            return std::nullopt;
    }
}

std::string last_line(const std::string& text) {
    auto end = text.find_last_not_of("\r\n ");
    if (end == std::string::npos) {
        return "";
    }
    const auto start = text.rfind('\n', end);
    return text.substr(start == std::string::npos ? 0 : start + 1,
                       end - (start == std::string::npos ? 0 : start + 1) + 1);
}

std::string seconds_of(const process::Command& cmd) {
    return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(cmd.timeout).count());
}

// The run ended before libtest's summary: why, as a failure of the crate, or a problem.
Probed<TestRun> unfinished_run(TestRun run, const process::Completed& res, const process::Command& cmd,
                               const LibtestOutput& out) {
    if (out.suites_started == 0) {
        if (res.outcome == Outcome::timed_out) {
            // Nothing started: the time went into building (cargo test --doc compiles first).
            return error_problem(fmt::format("`{}` timed out after {} s before any test started (still building)",
                                             cmd.display(), seconds_of(cmd)));
        }
        if (run.binary.kind == "doctest" && res.exit_code != 0 && compile_failed(res.err)) {
            run.abnormal = "the library does not compile, so its doc tests cannot run";
            return run;
        }
        return error_problem(fmt::format("`{}` printed no libtest JSON ({}){}", cmd.display(), res.describe(cmd),
                                         res.err.empty() ? "" : ": " + stderr_excerpt(res.err)));
    }
    if (res.outcome == Outcome::timed_out) {
        run.abnormal = fmt::format("hung: killed after {} s with its process group", seconds_of(cmd));
        return run;
    }
    if (res.outcome == Outcome::signaled) {
        // A test binary killed is the crate's crash; `cargo test --doc` killed is cargo, and
        // rustdoc reports a crashing doc test itself.
        if (run.binary.kind == "doctest") {
            return error_problem(
                fmt::format("`{}` {} before its doc tests finished", cmd.display(), res.describe(cmd)));
        }
        run.abnormal = res.describe(cmd);
        return run;
    }
    if (res.exit_code == 0) {
        // Exiting 0 halfway (a test calling process::exit) must never read as a pass.
        return error_problem(fmt::format("`{}` exited 0 before libtest reported every test", cmd.display()));
    }
    run.abnormal = fmt::format("exited with code {} before its tests finished", res.exit_code);
    return run;
}

}  // namespace

Probed<TestRun> judge_libtest_run(const process::Completed& res, const process::Command& cmd, TestBinary binary,
                                  LibtestOutput out) {
    if (auto p = not_evidence(res, cmd, binary)) {
        return *p;
    }
    TestRun run;
    run.binary = std::move(binary);
    run.tests = std::move(out.tests);
    run.unfinished = out.unfinished;
    count_results(run);
    const bool finished = out.suites_started > 0 && out.suites_finished == out.suites_started && out.unfinished.empty();
    if (!finished || res.outcome != Outcome::exited) {
        return unfinished_run(std::move(run), res, cmd, out);
    }
    if (out.reported_passed != run.passed || out.reported_failed != run.failed || out.reported_ignored != run.ignored) {
        return error_problem(fmt::format(
            "libtest's summary ({} passed, {} failed, {} ignored) disagrees with its own test events ({} / {} / {})",
            out.reported_passed, out.reported_failed, out.reported_ignored, run.passed, run.failed, run.ignored));
    }
    if (res.exit_code != 0 && run.failed == 0) {
        run.abnormal = fmt::format("exited with code {} although no test failed", res.exit_code);
    }
    if (res.exit_code == 0 && run.failed > 0) {
        return error_problem(fmt::format("{} reported failed tests but exited 0", run.binary.executable));
    }
    return run;
}

Probed<TestRun> judge_harnessless_run(const process::Completed& res, const process::Command& cmd, TestBinary binary,
                                      const std::string& stdout_tail) {
    if (auto p = not_evidence(res, cmd, binary)) {
        return *p;
    }
    TestRun run;
    run.binary = std::move(binary);
    TestCase tc;
    tc.name = run.binary.target;
    tc.seconds = static_cast<double>(res.duration.count()) / 1000.0;
    if (res.succeeded()) {
        tc.result = TestCase::Result::passed;
    } else {
        tc.result = TestCase::Result::failed;
        tc.output = stdout_tail + res.err;
        if (const auto panic = panic_info(res.err)) {
            tc.message = panic->message;
            tc.location = panic->location;
        } else if (res.outcome == Outcome::timed_out) {
            tc.message = fmt::format("hung: killed after {} s with its process group", seconds_of(cmd));
        } else {
            // What the custom harness said last is usually its verdict.
            const auto said = last_line(res.err.empty() ? stdout_tail : res.err);
            tc.message = said.empty() ? res.describe(cmd) : fmt::format("{} ({})", said, res.describe(cmd));
        }
    }
    run.tests.push_back(std::move(tc));
    count_results(run);
    return run;
}

}  // namespace gc
