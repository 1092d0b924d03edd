#include "gates/common.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include <fmt/format.h>

#include "probes/parsers.hpp"

namespace gc::gates {

GateResult start(const GateInfo& info, const GateSettings& settings) {
    GateResult r;
    r.id = info.id;
    r.required = settings.required;
    r.status = GateStatus::pass;
    return r;
}

GateResult from_problem(GateResult result, const ToolProblem& problem) {
    result.status = problem.status;
    result.summary = problem.reason;
    result.fix = problem.fix;
    result.metrics.clear();
    return result;
}

std::vector<Finding> compiler_findings(const std::vector<Diagnostic>& diagnostics, long& errors, long& warnings) {
    std::vector<Finding> out;
    for (const auto& d : distinct(diagnostics)) {
        if (d.level == "error") {
            ++errors;
        } else if (d.level == "warning") {
            ++warnings;
        } else {
            continue;
        }
        out.push_back(to_finding(d));
    }
    // Errors first (they are why the gate fails), then in source order.
    std::stable_sort(out.begin(), out.end(), [](const Finding& a, const Finding& b) {
        return std::tuple(a.level != "error", a.file, a.line.value_or(0), a.column.value_or(0)) <
               std::tuple(b.level != "error", b.file, b.line.value_or(0), b.column.value_or(0));
    });
    return out;
}

Finding to_finding(const Diagnostic& d) {
    Finding f;
    f.rule = d.code.empty() ? d.level : d.code;
    f.level = d.level;
    f.message = d.message;
    f.file = d.file;
    if (d.line > 0) {
        f.line = d.line;
        f.column = d.column;
    }
    return f;
}

std::string plural(long n, const std::string& word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string percent(double value) {
    const double rounded = std::floor(value * 10.0) / 10.0;  // never round 99.96 up to 100
    return fmt::format("{:.1f}", rounded);
}

bool test_build_blocks(GateResult& result, const Evidence& evidence) {
    const auto& build = evidence.test_build;
    if (const auto* p = build.problem()) {
        result = from_problem(std::move(result), *p);
        return true;
    }
    const auto* ev = build.get();
    if (ev == nullptr) {
        result = from_problem(std::move(result), ToolProblem{GateStatus::error, "the test build did not run", ""});
        return true;
    }
    if (!ev->success) {
        result.status = GateStatus::fail;
        long errors = 0;
        long warnings = 0;
        for (auto& f : compiler_findings(ev->diagnostics, errors, warnings)) {
            if (f.level == "error") {
                result.findings.push_back(std::move(f));
            }
        }
        result.summary = fmt::format("the tests do not compile ({})", plural(errors, "error"));
        return true;
    }
    return false;
}

GateResult evaluate_test_runs(GateResult result, const std::vector<const Probed<TestRun>*>& runs,
                              const TestGateSpec& spec) {
    long passed = 0;
    long failed = 0;
    long ignored = 0;
    long targets = 0;
    bool abnormal = false;
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
        ++targets;
        passed += run->passed;
        failed += run->failed;
        ignored += run->ignored;
        const std::string where = run->binary.kind == "doctest" ? run->binary.package
                                                                : fmt::format("{} ({} {})", run->binary.package,
                                                                              run->binary.kind, run->binary.target);
        for (const auto& t : run->tests) {
            if (t.result != TestCase::Result::failed) {
                continue;
            }
            Finding f;
            f.rule = "test-failed";
            f.level = "error";
            std::string first_line;
            for (std::size_t pos = 0; pos < t.output.size();) {
                const auto nl = t.output.find('\n', pos);
                const auto line = t.output.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
                if (!line.empty() && line.rfind("thread '", 0) != 0 && line.rfind("note: ", 0) != 0 &&
                    line.rfind("---- ", 0) != 0 && line.rfind("Test executable failed", 0) != 0 &&
                    line.rfind("stack backtrace:", 0) != 0) {
                    first_line = line;
                    break;
                }
                if (nl == std::string::npos) {
                    break;
                }
                pos = nl + 1;
            }
            f.message = fmt::format("{} failed in {}{}{}", t.name, where, first_line.empty() ? "" : ": ", first_line);
            if (run->binary.kind == "doctest") {
                // A doc test's panic location is a line of the generated program; its name
                // says where the example really is: "src/lib.rs - Stack<T>::len (line 88)".
                if (const auto loc = doctest_location(t.name)) {
                    f.file = loc->file;
                    f.line = loc->line;
                    f.column = 1;
                }
            } else if (const auto loc = panic_location(t.output)) {
                f.file = loc->file;
                f.line = loc->line;
                f.column = loc->column;
            }
            result.findings.push_back(std::move(f));
        }
        if (!run->abnormal.empty()) {
            abnormal = true;
            Finding f;
            f.rule = "test-binary";
            f.level = "error";
            f.message = fmt::format("{}: {}", where, run->abnormal);
            if (!run->unfinished.empty()) {
                std::string names;
                for (const auto& n : run->unfinished) {
                    names += (names.empty() ? "" : ", ") + n;
                }
                f.message += fmt::format(" (still running: {})", names);
            }
            result.findings.push_back(std::move(f));
        }
    }
    result.metrics = {{"passed", passed}, {"failed", failed}, {"ignored", ignored}, {"targets", targets}};
    const std::string counts =
        fmt::format("{} passed, {} failed, {} ignored in {}", passed, failed, ignored, plural(targets, "target"));
    if (failed > 0 || abnormal) {
        result.status = GateStatus::fail;
        result.summary = abnormal && failed == 0 ? fmt::format("{} did not finish: {}", spec.what, counts) : counts;
    } else if (problem != nullptr) {
        result.status = problem->status;
        result.summary = problem->reason;
        result.fix = problem->fix;
    } else if (runs.empty()) {
        result.status = spec.none_status;
        result.summary = spec.none_reason;
    } else if (passed + ignored == 0) {
        result.status = GateStatus::fail;
        result.summary = fmt::format("no {} found ({})", spec.what, counts);
    } else if (passed == 0) {
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
