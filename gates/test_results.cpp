#include "gates/test_results.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <string_view>
#include <unordered_set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/shell.hpp"
#include "evidence/test_location.hpp"
#include "gates/common.hpp"
#include "gates/diagnostic_findings.hpp"

namespace gc::gates {

namespace {

// Compile errors of the targets `scope` runs, as findings; `summary` says where they are.
std::vector<Finding> test_compile_errors(const TestBuildEvidence& ev, TestScope scope, std::string& summary) {
    const auto blocks = [scope](const Diagnostic& d) {
        if (d.level != "error") {
            return false;
        }
        const bool library = d.target_kind.empty() || d.target_kind == "lib" || d.target_kind == "rlib" ||
                             d.target_kind == "proc-macro" || d.target_kind == "dylib" || d.target_kind == "cdylib" ||
                             d.target_kind == "staticlib";
        return scope == TestScope::unit ? library || d.target_kind == "bin" : library || d.target_kind == "test";
    };
    std::vector<Diagnostic> relevant;
    std::copy_if(ev.diagnostics.begin(), ev.diagnostics.end(), std::back_inserter(relevant), blocks);
    if (relevant.empty()) {
        return {};
    }
    std::set<std::string> targets;
    for (const auto& d : relevant) {
        targets.insert(d.target_name.empty() ? d.package : d.target_kind + " " + d.target_name);
    }
    long errors = 0;
    long warnings = 0;
    auto findings = compiler_findings(relevant, errors, warnings);
    summary = fmt::format("the tests do not compile ({} in {})", plural(errors, "error"), fmt::join(targets, ", "));
    return findings;
}

}  // namespace

GateResult evaluate_test_gate(GateResult result, const Evidence& evidence, const TestKeys& flavour, TestScope scope,
                              const TestGateSpec& spec) {
    const auto& build = evidence.get(flavour.build_key());
    const auto* ev = build.get();
    if (ev == nullptr) {
        return from_problem(std::move(result), problem_of(build, "the test build did not run"));
    }
    if (!ev->build_script_failures.empty()) {
        result.status = GateStatus::fail;
        result.summary = "a build script failed, so no test could be built (see the build gate)";
        return result;
    }
    std::string broken;
    auto errors = test_compile_errors(*ev, scope, broken);
    std::vector<const Probed<TestRun>*> runs;
    for (const auto& [id, run] :
         evidence.all(scope == TestScope::unit ? flavour.unit_key() : flavour.integration_key())) {
        runs.push_back(run);
    }
    result = evaluate_test_runs(std::move(result), runs, spec);
    if (errors.empty()) {
        return result;
    }
    // What did not compile fails the gate; what did still counts (metrics, findings).
    result.status = GateStatus::fail;
    result.summary = runs.empty() ? broken : broken + "; " + result.summary;
    result.findings.insert(result.findings.begin(), errors.begin(), errors.end());
    return result;
}

namespace {

// The panic message: the first line of a failed test's output that is not libtest's or
// the runtime's framing ("thread '...' panicked at", "note: run with RUST_BACKTRACE", ...).
std::string panic_message(const std::string& output) {
    static constexpr std::array<std::string_view, 5> kFraming{"thread '", "note: ", "---- ", "Test executable failed",
                                                              "stack backtrace:"};
    for (std::size_t pos = 0; pos < output.size();) {
        const auto nl = output.find('\n', pos);
        const std::string_view line =
            std::string_view(output).substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
        const bool framing = std::any_of(kFraming.begin(), kFraming.end(), [&](std::string_view prefix) {
            return line.substr(0, prefix.size()) == prefix;
        });
        if (!line.empty() && !framing) {
            return std::string(line);
        }
        if (nl == std::string::npos) {
            break;
        }
        pos = nl + 1;
    }
    return "";
}

// A multi-line panic message ("assertion failed\n  left: 1\n right: 2") on one line,
// whitespace runs folded, at most 400 characters.
std::string one_line(const std::string& text) {
    std::string out;
    for (const char c : text) {
        const bool space = c == '\n' || c == '\r' || c == '\t' || c == ' ';
        if (space && (out.empty() || out.back() == ' ')) {
            continue;
        }
        out += space ? ' ' : c;
    }
    while (!out.empty() && out.back() == ' ') {
        out.pop_back();
    }
    return out.size() > 400 ? out.substr(0, 397) + "..." : out;
}

// How findings and test records name a test target: "pkg (lib pkg)", or "pkg" for doctests.
std::string target_name(const TestBinary& binary) {
    return binary.kind == "doctest" ? binary.package
                                    : fmt::format("{} ({} {})", binary.package, binary.kind, binary.target);
}

// rustdoc would split it into several filters, or there is nothing to filter by.
bool unusable_filter(std::string_view text) {
    return text.empty() || text.find_first_of(" \t\n") != std::string_view::npos;
}

// rustdoc splits its test arguments at whitespace, so a doc test's full name ("src/lib.rs -
// Stack<T>::len (line 88)") cannot be a filter: the item ("Stack<T>::len", whose examples
// run), else the file, is the narrowest one. Empty: run them all.
std::string doctest_filter(const std::string& name) {
    const auto dash = name.find(" - ");
    const auto paren = name.rfind(" (line ");
    if (dash == std::string::npos || paren == std::string::npos || paren < dash) {
        return unusable_filter(name) ? "" : name;
    }
    std::string item = name.substr(dash + 3, paren - dash - 3);
    if (!unusable_filter(item)) {
        return item;
    }
    const std::string file = name.substr(0, dash);
    return unusable_filter(file) ? "" : file;
}

// The `cargo test` command that runs `binary`'s target again, and with `test_name` only that
// test (libtest's exact filter; a custom harness takes no filter, so its whole target runs).
std::string rerun_command(const TestBinary& binary, const std::string& test_name = "") {
    std::vector<std::string> argv{"cargo", "test", "-p", binary.package};
    if (binary.kind == "doctest") {
        argv.emplace_back("--doc");
        if (const auto filter = doctest_filter(test_name); !filter.empty()) {
            argv.insert(argv.end(), {"--", filter});
        }
        return shell_line(argv);
    }
    if (binary.kind == "lib") {
        argv.emplace_back("--lib");
    } else {
        argv.insert(argv.end(), {"--" + binary.kind, binary.target});  // --bin, --test NAME
    }
    if (binary.harness && !test_name.empty()) {
        argv.insert(argv.end(), {"--", test_name, "--exact"});
    }
    return shell_line(argv);
}

TestOutcome outcome_of(TestCase::Result result) {
    switch (result) {
        case TestCase::Result::passed:
            return TestOutcome::passed;
        case TestCase::Result::failed:
            return TestOutcome::failed;
        case TestCase::Result::ignored:
            return TestOutcome::ignored;
    }
    return TestOutcome::failed;
}

TestCaseRecord test_record(const TestCase& t, const TestBinary& binary) {
    TestCaseRecord rec{t.name, target_name(binary), outcome_of(t.result), t.seconds, "", ""};
    if (rec.status == TestOutcome::failed) {
        // The panic message says why it failed; what the test printed before is context.
        rec.message = !t.message.empty() ? t.message : panic_message(t.output);
        rec.output = t.output;
        rec.rerun = rerun_command(binary, t.name);
    }
    return rec;
}

Finding test_failure_finding(const TestCaseRecord& rec, const TestCase& t, const TestBinary& binary) {
    Finding f;
    f.rule = "test-failed";
    f.level = FindingLevel::error;
    const std::string why = one_line(rec.message);
    f.message = fmt::format("{} failed in {}{}{}", rec.name, rec.target, why.empty() ? "" : ": ", why);
    f.hint = "rerun: " + rec.rerun;
    if (binary.kind == "doctest") {
        // A doc test's panic location is a line of the generated program; its name
        // says where the example really is: "src/lib.rs - Stack<T>::len (line 88)".
        if (const auto loc = doctest_location(t.name)) {
            f.file = loc->file;
            f.line = loc->line;
            f.column = 1;
        }
    } else if (const auto loc = panic_location(t.location.empty() ? t.output : "panicked at " + t.location)) {
        f.file = loc->file;
        f.line = loc->line;
        f.column = loc->column;
    }
    return f;
}

Finding abnormal_finding(const TestRun& run) {
    Finding f;
    f.rule = "test-binary";
    f.level = FindingLevel::error;
    f.message = fmt::format("{}: {}", target_name(run.binary), run.abnormal);
    if (!run.unfinished.empty()) {
        f.message += fmt::format(" (still running: {})", fmt::join(run.unfinished, ", "));
    }
    f.hint = "rerun: " + rerun_command(run.binary, run.unfinished.size() == 1 ? run.unfinished.front() : "");
    return f;
}

struct TestCounts {
    long passed = 0;
    long failed = 0;
    long ignored = 0;
    long targets = 0;
    bool abnormal = false;
};

// Every test case becomes a record (passing ones too: JUnit lists them); failures and
// abnormal ends also become findings.
void collect_run(GateResult& result, TestCounts& counts, const TestRun& run) {
    ++counts.targets;
    counts.passed += run.passed;
    counts.failed += run.failed;
    counts.ignored += run.ignored;
    for (const auto& t : run.tests) {
        result.tests.push_back(test_record(t, run.binary));
        if (t.result == TestCase::Result::failed) {
            result.findings.push_back(test_failure_finding(result.tests.back(), t, run.binary));
        }
    }
    if (!run.abnormal.empty()) {
        counts.abnormal = true;
        result.findings.push_back(abnormal_finding(run));
    }
}

}  // namespace

GateResult evaluate_test_runs(GateResult result, const std::vector<const Probed<TestRun>*>& runs,
                              const TestGateSpec& spec) {
    TestCounts c;
    const ToolProblem* problem = nullptr;
    for (const auto* probed : runs) {
        if (const auto* p = probed->problem()) {
            problem = problem != nullptr ? problem : p;
            continue;
        }
        const auto* run = probed->get();
        if (run == nullptr) {
            // Planned but never recorded: unknown, and unknown is never a pass.
            static const ToolProblem never_ran{GateStatus::error, "a test run was planned but never reported", ""};
            problem = problem != nullptr ? problem : &never_ran;
            continue;
        }
        collect_run(result, c, *run);
    }
    result.metrics = {{"passed", c.passed}, {"failed", c.failed}, {"ignored", c.ignored}, {"targets", c.targets}};
    const std::string counts = fmt::format("{} passed, {} failed, {} ignored in {}", c.passed, c.failed, c.ignored,
                                           plural(c.targets, "target"));
    if (c.failed > 0 || c.abnormal) {
        result.status = GateStatus::fail;
        result.summary = c.abnormal && c.failed == 0 ? fmt::format("{} did not finish: {}", spec.what, counts) : counts;
    } else if (problem != nullptr) {
        result.status = problem->status;
        result.summary = problem->reason;
        result.fix = problem->fix;
    } else if (runs.empty()) {
        result.status = spec.none_status;
        result.summary = spec.none_reason;
    } else if (c.passed + c.ignored == 0) {
        result.status = GateStatus::fail;
        result.summary = fmt::format("no {} found ({})", spec.what, counts);
    } else if (c.passed == 0) {
        // Every test #[ignore]d: nothing was verified, so nothing may read as a pass.
        result.status = GateStatus::fail;
        result.summary = fmt::format("no {} ran: every one is ignored ({})", spec.what, counts);
    } else {
        result.status = GateStatus::pass;
        result.summary = counts;
    }
    return result;
}

}  // namespace gc::gates
