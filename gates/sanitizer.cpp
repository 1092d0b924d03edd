// sanitizer: the unit and integration tests under AddressSanitizer (the `asan` flavour of the
// test pipeline). Each ASan or LeakSanitizer report is a finding at the first frame in the
// crate's own code, with the test it happened in; a binary ASan aborted names the tests it
// lost. Tests that fail for another reason fail the gate as they fail unit-tests.
//
// "Memory safety invariants maintained" is also the `miri` gate's (gates/miri.cpp): the
// checklist takes the worse of both when Miri ran; this gate stays the evidence wherever Miri
// cannot run (no miri component, FFI).
#include <map>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "evidence/keys.hpp"
#include "evidence/stack_frames.hpp"
#include "gates/common.hpp"
#include "gates/diagnostic_findings.hpp"
#include "gates/gate.hpp"
#include "gates/test_results.hpp"

namespace gc::gates {
namespace {

std::string where(const TestBinary& b) {
    return fmt::format("{} ({} {})", b.package, b.kind, b.target);
}

// The command that reproduces the run by hand, for one test when it is known.
std::string asan_rerun(const TestBinary& b, const std::string& test) {
    const std::string select = b.kind == "lib" ? "--lib" : fmt::format("--{} {}", b.kind, b.target);
    return fmt::format(
        "RUSTC_BOOTSTRAP=1 RUSTFLAGS='-Zsanitizer=address -Cforce-frame-pointers=yes' RUST_TEST_THREADS=1 "
        "cargo test -p {} {} --target \"$(rustc --print host-tuple)\"{}",
        b.package, select, test.empty() ? "" : fmt::format(" -- '{}' --exact", test));
}

Finding report_finding(const SanitizerReport& r, const TestRun& run, const Workspace& ws) {
    Finding f;
    f.rule = "asan::" + r.kind;
    f.level = FindingLevel::error;
    const auto own = first_own_frame(r, ws.root, ws.target_dir);
    // "heap-use-after-free (READ of size 8)", "memory-leak (Direct leak of 32 byte(s) in 1
    // object(s))": without the addresses, which change from run to run.
    std::string what = r.kind;
    if (!r.access.empty()) {
        what += fmt::format(" ({})", r.access.substr(0, r.access.find(" at ")));
    } else if (r.tool == "LeakSanitizer") {
        what += fmt::format(" ({})", r.headline);
    }
    const std::string at = own ? fmt::format(" in {}", own->function) : " outside the crate's own code";
    const std::string in_test = r.test.empty() ? "" : fmt::format(", in test {}", r.test);
    f.message = fmt::format("{}{}{} ({})", what, at, in_test, where(run.binary));
    if (own) {
        f.file = own->file;
        f.line = own->line;
        f.column = own->column > 0 ? std::optional<int>(own->column) : std::nullopt;
        f.snippet = own->function;  // the line moves, the function that does it rarely does
    }
    f.hint = "rerun: " + asan_rerun(run.binary, r.test);
    return f;
}

// The tests an aborted binary never finished: the one running when ASan stopped it, then
// the ones it never started.
std::optional<Finding> lost_finding(const TestRun& run, long& lost) {
    std::vector<std::string> names = run.unfinished;
    names.insert(names.end(), run.not_started.begin(), run.not_started.end());
    if (names.empty()) {
        return std::nullopt;
    }
    lost += static_cast<long>(names.size());
    Finding f;
    f.rule = "asan::tests-not-run";
    f.level = FindingLevel::warning;
    f.message = fmt::format("{} not run because AddressSanitizer aborted {}: {}",
                            plural(static_cast<long>(names.size()), "test"), where(run.binary), fmt::join(names, ", "));
    f.hint = "fix the report above, then rerun: " + asan_rerun(run.binary, "");
    return f;
}

struct Collected {
    std::vector<Probed<TestRun>> runs;  // copies; an ASan abort is reported by its own findings
    std::vector<Finding> findings;
    std::map<std::string, long> kinds;
    long reports = 0;
    long lost = 0;
};

Collected collect(const Evidence& evidence, const TestKeys& asan, const Workspace& ws) {
    Collected c;
    for (const auto& key : {asan.unit_key(), asan.integration_key()}) {
        for (const auto& [id, probed] : evidence.all(key)) {
            const auto* run = probed->get();
            if (run == nullptr || run->sanitizer.empty()) {
                c.runs.push_back(*probed);
                continue;
            }
            for (const auto& r : run->sanitizer) {
                c.findings.push_back(report_finding(r, *run, ws));
                ++c.kinds[r.kind];
                ++c.reports;
            }
            if (auto lost = lost_finding(*run, c.lost)) {
                c.findings.push_back(std::move(*lost));
            }
            TestRun quiet = *run;  // its abort is the sanitizer's finding, not a crash
            quiet.abnormal.clear();
            quiet.unfinished.clear();
            c.runs.emplace_back(std::move(quiet));
        }
    }
    return c;
}

std::vector<Finding> compile_errors(const TestBuildEvidence& ev) {
    std::vector<Diagnostic> errors;
    for (const auto& d : ev.diagnostics) {
        if (d.level == "error") {
            errors.push_back(d);
        }
    }
    long n = 0;
    long warnings = 0;
    return compiler_findings(errors, n, warnings);
}

class SanitizerGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        const TestKeys& asan = keys::asan_tests;
        static const GateInfo info{
            "sanitizer",
            "Security",
            {"Memory safety invariants maintained"},
            "the unit and integration test binaries built with -Zsanitizer=address (`--target <host>`, "
            "<target-dir>/gatecheck/asan) and run one test at a time; each AddressSanitizer and LeakSanitizer report",
            {asan.family("rustc-host"), asan.family("test-build"), asan.family("unit-test"),
             asan.family("integration-test"), asan.family("test-list")}};
        return info;
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        const TestKeys& asan = keys::asan_tests;
        GateResult r = start(info(), in.settings);
        const auto& build = in.evidence.get(asan.build_key());
        const auto* ev = build.get();
        if (ev == nullptr) {
            return from_problem(std::move(r), problem_of(build, "the AddressSanitizer test build did not run"));
        }
        if (!ev->build_script_failures.empty()) {
            r.status = GateStatus::fail;
            r.summary = "a build script failed, so no test could be built under AddressSanitizer (see the build gate)";
            return r;
        }
        auto c = collect(in.evidence, asan, in.workspace);
        std::vector<const Probed<TestRun>*> runs;
        for (const auto& run : c.runs) {
            runs.push_back(&run);
        }
        r = evaluate_test_runs(
            std::move(r), runs,
            {"tests under AddressSanitizer",
             "no unit or integration tests to run under AddressSanitizer: nothing was verified", GateStatus::fail});
        return conclude(std::move(r), std::move(c), compile_errors(*ev));
    }

private:
    static GateResult conclude(GateResult r, Collected c, std::vector<Finding> errors) {
        r.findings.insert(r.findings.begin(), c.findings.begin(), c.findings.end());
        r.findings.insert(r.findings.begin(), errors.begin(), errors.end());
        if (!r.metrics.empty() || c.reports > 0) {
            r.metrics.emplace_back("reports", static_cast<double>(c.reports));
            r.metrics.emplace_back("not_run", static_cast<double>(c.lost));
        }
        std::vector<std::string> parts;
        if (!errors.empty()) {
            parts.push_back(fmt::format("the tests do not compile under AddressSanitizer ({})",
                                        plural(static_cast<long>(errors.size()), "error")));
        }
        if (c.reports > 0) {
            std::vector<std::string> kinds;
            for (const auto& [kind, n] : c.kinds) {
                kinds.push_back(n == 1 ? kind : fmt::format("{} x{}", kind, n));
            }
            parts.push_back(
                fmt::format("{} ({})", plural(c.reports, "AddressSanitizer report"), fmt::join(kinds, ", ")));
        }
        if (c.lost > 0) {
            parts.push_back(fmt::format("{} not run", plural(c.lost, "test")));
        }
        if (parts.empty()) {
            return r;
        }
        r.status = GateStatus::fail;
        // The counts, not evaluate_test_runs' verdict: "no tests found" would blame the crate's
        // tests for what the abort did.
        const auto count = [&r](const char* name) {
            for (const auto& [key, value] : r.metrics) {
                if (key == name) {
                    return static_cast<long>(value);
                }
            }
            return 0L;
        };
        if (count("targets") > 0) {
            parts.push_back(fmt::format("{} passed, {} failed, {} ignored in {}", count("passed"), count("failed"),
                                        count("ignored"), plural(count("targets"), "target")));
        }
        r.summary = fmt::format("{}", fmt::join(parts, "; "));
        return r;
    }
};

}  // namespace

std::unique_ptr<Gate> make_sanitizer_gate() {
    return std::make_unique<SanitizerGate>();
}

}  // namespace gc::gates
