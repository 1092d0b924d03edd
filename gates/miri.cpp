// miri: `cargo miri test` when a toolchain has Miri; each Miri error (Undefined Behavior, an
// unsupported operation, a leak, a deadlock) is a finding at the first frame in the crate's
// own code, with its test. Without Miri the gate is `unavailable` with the rustup command,
// unless the configuration accepts the sanitizer gate's AddressSanitizer evidence instead
// (`accept_sanitizer`): the result then follows that evidence and its summary says plainly
// what AddressSanitizer cannot see. Miri's evidence also proves "Memory safety invariants
// maintained" (the sanitizer gate's item); an unavailable miri does not lower that item
// (report/checklist.cpp).
#include <cctype>
#include <map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "evidence/keys.hpp"
#include "gates/common.hpp"
#include "gates/gate.hpp"

namespace gc::gates {

// The sanitizer gate (gates/sanitizer.cpp), whose result this gate may take as its own.
std::unique_ptr<Gate> make_sanitizer_gate();

namespace {

inline constexpr const char* kBlindSpots =
    "it does not see aliasing violations (Stacked/Tree Borrows), invalid values, uninitialised reads, misaligned "
    "accesses or data races, which only Miri detects";

std::string slug(const std::string& kind) {
    std::string out;
    for (const char c : kind) {
        out += c == ' ' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string miri_rerun(const MiriEvidence& ev, const std::string& test) {
    return fmt::format("cargo {}miri test{}", ev.toolchain.empty() ? "" : "+" + ev.toolchain + " ",
                       test.empty() ? "" : fmt::format(" -- '{}' --exact", test));
}

Finding report_finding(const MiriReport& rep, const MiriEvidence& ev, const Workspace& ws) {
    Finding f;
    f.rule = "miri::" + slug(rep.kind);
    f.level = FindingLevel::error;
    f.message = fmt::format("{}: {}{}", rep.kind, rep.message, rep.test.empty() ? "" : ", in test " + rep.test);
    if (const auto* own = first_own_location(rep, ws.root.string())) {
        f.file = ws.relative(own->file);
        f.line = own->line;
        f.column = own->column > 0 ? std::optional<int>(own->column) : std::nullopt;
        f.snippet = own->function.empty() ? rep.kind : own->function;
    } else {
        f.snippet = rep.kind;
    }
    f.hint = rep.kind == "unsupported operation"
                 ? "Miri cannot run this code (FFI, some system calls): mark the test #[cfg_attr(miri, ignore)], "
                   "then rerun: " +
                       miri_rerun(ev, rep.test)
                 : "rerun: " + miri_rerun(ev, rep.test);
    return f;
}

GateResult judge(GateResult r, const MiriEvidence& ev, const Workspace& ws) {
    const auto& run = ev.run;
    std::map<std::string, long> kinds;
    for (const auto& rep : run.reports) {
        r.findings.push_back(report_finding(rep, ev, ws));
        ++kinds[rep.kind];
    }
    for (const auto& name : run.failed_tests) {
        r.findings.push_back(Finding{"miri::test-failed", FindingLevel::error,
                                     fmt::format("test {} failed under Miri", name), "", std::nullopt, std::nullopt});
        r.findings.back().hint = "rerun: " + miri_rerun(ev, name);
    }
    r.metrics = {{"passed", run.passed},
                 {"failed", run.failed},
                 {"ignored", run.ignored},
                 {"reports", run.reports.size()},
                 {"undefined_behavior", kinds["Undefined Behavior"]},
                 {"unsupported", kinds["unsupported operation"]}};
    const std::string counts = fmt::format("{} passed, {} failed, {} ignored under Miri ({})", run.passed, run.failed,
                                           run.ignored, ev.version.empty() ? "cargo miri" : ev.version);
    if (run.reports.empty() && run.failed == 0 && run.failed_tests.empty()) {
        r.status = GateStatus::pass;
        r.summary = counts;
        return r;
    }
    std::vector<std::string> parts;
    parts.reserve(kinds.size());
    for (const auto& [kind, n] : kinds) {
        parts.push_back(n == 1 ? kind : fmt::format("{} x{}", kind, n));
    }
    r.status = GateStatus::fail;
    r.summary = parts.empty() ? counts
                              : fmt::format("{} ({}); a binary Miri stopped ran no further tests; {}",
                                            plural(static_cast<long>(run.reports.size()), "Miri error"),
                                            fmt::join(parts, ", "), counts);
    return r;
}

// No Miri, and the configuration accepts AddressSanitizer for this item: the sanitizer gate's
// own result, said plainly.
GateResult from_sanitizer(GateResult r, const GateInput& in, const ToolProblem& missing) {
    const GateResult asan = make_sanitizer_gate()->evaluate(in);
    r.status = asan.status;
    r.metrics = asan.metrics;
    r.findings = asan.findings;
    r.tests = asan.tests;
    r.fix = asan.fix;
    r.summary = fmt::format(
        "miri did not run ({}); AddressSanitizer evidence accepted by configuration ([gates.miri] accept_sanitizer): "
        "{}. sanitizer: {}",
        missing.reason, kBlindSpots, asan.summary);
    r.findings.push_back(Finding{"miri::not-run", FindingLevel::note,
                                 "Miri did not run; the sanitizer gate's AddressSanitizer evidence stands in for it",
                                 "", std::nullopt, std::nullopt});
    r.findings.back().hint = missing.fix;
    return r;
}

class MiriGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{
            "miri",
            "Testing",
            {"Miri testing for undefined behavior detection", "Memory safety invariants maintained"},
            "`cargo miri --version` (default toolchain, then +nightly), then `cargo miri test` in "
            "<target-dir>/gatecheck/miri; each Miri error with its test and the first frame in the crate's code",
            // Not the asan families: with accept_sanitizer this gate reads the sanitizer gate's
            // evidence, run (with that gate's time limit) when that gate is enabled.
            {keys::miri.family, "miri-version"},
            false,
            true};
        return info;
    }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        return {{"accept_sanitizer", SettingSpec::Type::boolean, false,
                 "without Miri, accept the sanitizer gate's AddressSanitizer evidence (said in the summary)"}};
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        const auto& probed = in.evidence.get(keys::miri);
        if (const auto* ev = probed.get()) {
            return judge(std::move(r), *ev, in.workspace);
        }
        const auto problem = problem_of(probed, "the miri lookup did not run");
        const bool accept = in.settings.values.count("accept_sanitizer") != 0 && in.settings.flag("accept_sanitizer");
        if (problem.status == GateStatus::unavailable && accept) {
            return from_sanitizer(std::move(r), in, problem);
        }
        return from_problem(std::move(r), problem);
    }
};

}  // namespace

std::unique_ptr<Gate> make_miri_gate() {
    return std::make_unique<MiriGate>();
}

}  // namespace gc::gates
