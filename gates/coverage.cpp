// coverage: line and region coverage of the crate's own files by its unit, integration and
// doc tests (the `coverage` flavour of the test pipeline and of `cargo test --doc`, then
// llvm-profdata and llvm-cov 19). It proves "Unit tests with comprehensive coverage"
// together with unit-tests: the tests pass (unit-tests) and reach enough of the code (this
// gate); the checklist takes the worse. A doc test run that crashed or could not be read is
// an error here: the lines it would have reached cannot be told apart from untested ones.
#include <algorithm>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "evidence/coverage.hpp"
#include "evidence/keys.hpp"
#include "gates/common.hpp"
#include "gates/gate.hpp"

namespace gc::gates {
namespace {

// Percentages compare exact counts: 79.996 % is below 80.
bool below(const CoverageCounts& c, double min) {
    return static_cast<double>(c.covered) * 100.0 < min * static_cast<double>(c.count);
}

std::string share(const CoverageCounts& c) {
    return fmt::format("{}% ({} of {})", percent(c.percent()), c.covered, c.count);
}

Finding file_finding(const FileCoverage& f, double min) {
    Finding finding;
    finding.rule = "coverage::uncovered-lines";
    finding.level = FindingLevel::error;
    finding.file = f.file;
    if (!f.uncovered.empty()) {
        finding.line = f.uncovered.front();
    }
    finding.message = fmt::format("{} lines covered, below {}%; not run: {}:{}", share(f.lines), percent(min), f.file,
                                  line_ranges(f.uncovered));
    finding.hint = "add tests that reach these lines (unit, integration or doc tests)";
    return finding;
}

struct TestTally {
    long failed = 0;
    long broken = 0;  // binaries that crashed, hung or could not be read
    long doctests_failed = 0;
};

TestTally tally(const Evidence& evidence, const TestKeys& flavour) {
    TestTally t;
    for (const auto& key : {flavour.unit_key(), flavour.integration_key()}) {
        for (const auto& [id, probed] : evidence.all(key)) {
            const auto* run = probed->get();
            t.failed += run != nullptr ? run->failed : 0;
            t.broken += run == nullptr || !run->abnormal.empty() ? 1 : 0;
        }
    }
    for (const auto& [pkg, probed] : evidence.all(flavour.doctest_key())) {
        t.doctests_failed += probed->get() != nullptr ? probed->get()->failed : 0;
    }
    return t;
}

// A package's instrumented doc tests that did not run to the end, or whose output could not
// be read: an error, never a pass on the unit tests' coverage alone.
std::optional<ToolProblem> doctest_problem(const Evidence& evidence, const TestKeys& flavour) {
    for (const auto& [pkg, probed] : evidence.all(flavour.doctest_key())) {
        if (const auto* p = probed->problem()) {
            return ToolProblem{p->status, fmt::format("the instrumented doc tests of {}: {}", pkg, p->reason), p->fix};
        }
        const auto* run = probed->get();
        if (run == nullptr) {
            return ToolProblem{GateStatus::error, fmt::format("the instrumented doc tests of {} did not run", pkg), ""};
        }
        if (!run->abnormal.empty()) {
            return ToolProblem{GateStatus::error,
                               fmt::format("the instrumented doc tests of {} did not finish: {}", pkg, run->abnormal),
                               ""};
        }
    }
    return std::nullopt;
}

class CoverageGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        const TestKeys& cov = keys::coverage_tests;
        static const GateInfo info{
            "coverage",
            "Testing",
            {"Unit tests with comprehensive coverage"},
            "the unit and integration test binaries built with -Cinstrument-coverage (`--target <host>`, "
            "<target-dir>/gatecheck/coverage) and run; llvm-profdata-19 merge and llvm-cov-19 export of the "
            "crate's own files: line and region coverage; doc tests too (`cargo test --doc` instrumented, "
            "rustdoc's persisted binaries as extra -object)",
            {cov.family("rustc-host"), cov.family("test-build"), cov.family("unit-test"),
             cov.family("integration-test"), cov.doctest_key().family, keys::coverage.family}};
        return info;
    }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        return {{"min_lines", SettingSpec::Type::percent, 80.0, "least share of lines covered, overall"},
                {"min_lines_per_file", SettingSpec::Type::percent, 0.0,
                 "least share of lines covered in each file (0: off)"},
                {"doctests", SettingSpec::Type::boolean, true, "also count the lines doc tests reach"},
                {"llvm_bin", SettingSpec::Type::path, std::string{},
                 "directory with llvm-profdata and llvm-cov (none: found on PATH or rustup's llvm-tools)"}};
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        const TestKeys& cov = keys::coverage_tests;
        GateResult r = start(info(), in.settings);
        const auto& build = in.evidence.get(cov.build_key());
        if (build.get() == nullptr) {
            return from_problem(std::move(r), problem_of(build, "the coverage test build did not run"));
        }
        const auto& probed = in.evidence.get(keys::coverage);
        const auto* ev = probed.get();
        if (ev == nullptr) {
            return from_problem(std::move(r), problem_of(probed, "the coverage report did not run"));
        }
        if (auto problem = doctest_problem(in.evidence, cov)) {
            return from_problem(std::move(r), *problem);
        }
        return judge(std::move(r), *ev, tally(in.evidence, cov), in.settings);
    }

private:
    static GateResult judge(GateResult r, const CoverageEvidence& ev, const TestTally& tests,
                            const GateSettings& settings) {
        const double min = settings.number("min_lines");
        const double per_file = settings.number("min_lines_per_file");
        add_metrics(r, ev, tests);
        const bool overall_fails = below(ev.lines, min);
        // The files that fail the gate: below the per-file threshold, or, when the overall
        // share fails, below the overall one. A passing gate has no findings.
        std::vector<std::pair<const FileCoverage*, double>> low;
        long files_failing = 0;
        for (const auto& f : ev.files) {
            if (per_file > 0 && below(f.lines, per_file)) {
                ++files_failing;
                low.emplace_back(&f, per_file);
            } else if (overall_fails && below(f.lines, min)) {
                low.emplace_back(&f, min);
            }
        }
        std::stable_sort(low.begin(), low.end(), [](const auto& a, const auto& b) {
            return a.first->lines.percent() < b.first->lines.percent();
        });
        for (const auto& [file, threshold] : low) {
            r.findings.push_back(file_finding(*file, threshold));
        }
        r.status = overall_fails || files_failing > 0 ? GateStatus::fail : GateStatus::pass;
        r.summary = fmt::format("{} lines and {} regions covered", share(ev.lines), share(ev.regions));
        if (overall_fails) {
            r.summary += fmt::format(", below {}%", percent(min));
        }
        if (files_failing > 0) {
            r.summary += fmt::format("; {} below {}% per file", plural(files_failing, "file"), percent(per_file));
        }
        if (tests.failed > 0 || tests.broken > 0) {
            r.summary += fmt::format("; measured although {} failed and {} did not finish (see unit-tests)",
                                     plural(tests.failed, "test"), plural(tests.broken, "test binary"));
        }
        if (settings.values.count("doctests") != 0 && !settings.flag("doctests")) {
            r.summary += "; doc tests not counted (doctests = false)";
        } else {
            r.summary +=
                fmt::format("; {} doc test binar{} counted", ev.doctest_objects, ev.doctest_objects == 1 ? "y" : "ies");
        }
        if (tests.doctests_failed > 0) {
            r.summary += fmt::format(", although {} failed (see doctests)", plural(tests.doctests_failed, "doc test"));
        }
        return r;
    }

    static void add_metrics(GateResult& r, const CoverageEvidence& ev, const TestTally& tests) {
        r.metrics = {
            {"lines_covered", static_cast<double>(ev.lines.covered)},
            {"lines_total", static_cast<double>(ev.lines.count)},
            {"lines_percent", ev.lines.percent()},
            {"regions_covered", static_cast<double>(ev.regions.covered)},
            {"regions_total", static_cast<double>(ev.regions.count)},
            {"regions_percent", ev.regions.percent()},
            {"files", static_cast<double>(ev.files.size())},
            {"profiles", static_cast<double>(ev.profiles)},
            {"test_binaries", static_cast<double>(ev.objects.size()) - static_cast<double>(ev.doctest_objects)},
            {"tests_failed", static_cast<double>(tests.failed)},
            {"doctests_counted", static_cast<double>(ev.doctest_objects)},
            {"doctests_failed", static_cast<double>(tests.doctests_failed)}};
        for (const auto& f : ev.files) {
            r.metrics.emplace_back(f.file + ":lines_covered", static_cast<double>(f.lines.covered));
            r.metrics.emplace_back(f.file + ":lines_total", static_cast<double>(f.lines.count));
            r.metrics.emplace_back(f.file + ":lines_percent", f.lines.percent());
            r.metrics.emplace_back(f.file + ":regions_percent", f.regions.percent());
        }
    }
};

}  // namespace

std::unique_ptr<Gate> make_coverage_gate() {
    return std::make_unique<CoverageGate>();
}

}  // namespace gc::gates
