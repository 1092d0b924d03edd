#include "gates/common.hpp"

#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "core/shell.hpp"
#include "evidence/keys.hpp"
#include "evidence/lints.hpp"
#include "evidence/test_location.hpp"
#include "report/finding_cap.hpp"

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

std::vector<Finding> compiler_findings(const std::vector<Diagnostic>& diagnostics, long& errors, long& warnings,
                                       std::map<std::string, std::int64_t>* omitted) {
    // Distinct by place and text, counted without copying: a flood of warnings costs a hash
    // each, and only the findings a report keeps are built.
    std::unordered_set<std::size_t> seen;
    std::vector<const Diagnostic*> kept;
    for (const auto& d : diagnostics) {
        if (d.level != "error" && d.level != "warning") {
            continue;
        }
        const std::size_t key = std::hash<std::string>{}(
            fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", d.level, d.code, d.file, d.line, d.column, d.message));
        if (seen.insert(key).second) {
            ++(d.level == "error" ? errors : warnings);
            kept.push_back(&d);
        }
    }
    // Errors first (they are why the gate fails), then in source order.
    std::stable_sort(kept.begin(), kept.end(), [](const Diagnostic* a, const Diagnostic* b) {
        return std::tuple(a->level != "error", a->file, a->line, a->column) <
               std::tuple(b->level != "error", b->file, b->line, b->column);
    });
    std::vector<Finding> out;
    std::map<std::string, std::size_t> per_rule;
    for (const auto* d : kept) {
        auto f = to_finding(*d);
        if (omitted != nullptr && ++per_rule[f.rule] > kMaxFindingsPerRule) {
            ++(*omitted)[f.rule];
            continue;
        }
        out.push_back(std::move(f));
    }
    return out;
}

Finding to_finding(const Diagnostic& d) {
    Finding f;
    f.rule = d.code.empty() ? d.level : d.code;
    // rustc also says "error: internal compiler error", "help", "failure-note".
    f.level = d.level.rfind("error", 0) == 0     ? FindingLevel::error
              : d.level.rfind("warning", 0) == 0 ? FindingLevel::warning
                                                 : FindingLevel::note;
    f.message = d.message;
    f.file = d.file;
    f.snippet = d.snippet;
    if (d.line > 0) {
        f.line = d.line;
        f.column = d.column;
    }
    return f;
}

std::optional<Finding> scope_hint(const std::vector<Diagnostic>& diagnostics) {
    std::vector<std::string> targets;
    for (const auto& d : diagnostics) {
        if (d.level != "error") {
            continue;
        }
        if (d.target_kind != "bench" && d.target_kind != "example") {
            return std::nullopt;
        }
        auto name = fmt::format("\"{}:{}\"", d.target_kind, d.target_name);
        if (std::find(targets.begin(), targets.end(), name) == targets.end()) {
            targets.push_back(std::move(name));
        }
    }
    if (targets.empty()) {
        return std::nullopt;
    }
    return Finding{"gatecheck::scope",
                   FindingLevel::note,
                   fmt::format("only bench or example targets fail to compile; the library, binaries and tests build. "
                               "If they need nightly (`#![feature(test)]`), leave them out: exclude_targets = [{}] in "
                               "gatecheck.toml",
                               fmt::join(targets, ", ")),
                   "",
                   std::nullopt,
                   std::nullopt};
}

void add_scope_hint(GateResult& result, const std::vector<Diagnostic>& diagnostics) {
    auto hint = scope_hint(diagnostics);
    if (!hint) {
        return;
    }
    if (result.fix.empty()) {
        result.fix = "set exclude_targets in gatecheck.toml to check the other targets (see the gatecheck::scope note)";
    }
    result.findings.insert(result.findings.begin(), std::move(*hint));
}

std::string plural(long n, const std::string& word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string percent(double value) {
    // As rustdoc prints its coverage table (Rust's `{:.1}`: the exact binary value rounded,
    // ties to even), so both show the same number. Thresholds compare exact counts instead.
    return fmt::format("{:.1f}", value);
}

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

// The lints of "-W", "clippy::x", "--force-warn", "y", ... without their levels.
std::set<std::string> lint_names(const std::vector<std::string>& flags) {
    std::set<std::string> names;
    for (std::size_t i = 1; i < flags.size(); i += 2) {
        names.insert(flags[i]);
    }
    return names;
}

// A diagnostic that only configuration gatecheck added can produce (its reason carries
// kGatecheckMark) is not the crate's own: it counts only for a gate that asked for its lint
// by name.
bool added_for_another_gate(const Diagnostic& d, const std::vector<LintRequest>& mine) {
    if (d.rendered.find(kGatecheckMark) == std::string::npos) {
        return false;
    }
    const auto code = normalize_lint_name(d.code);
    return std::none_of(mine.begin(), mine.end(),
                        [&](const LintRequest& r) { return normalize_lint_name(r.name) == code; });
}

// The shared clippy run caps lints at warn (probes/clippy_probe.cpp): a lint that is an error
// with the defaults and this gate's own flags (clippy::correctness, rustc's deny-by-default
// lints, unless the gate asked for it at warn) is one again here, as `cargo clippy` with those
// flags alone reports it. A crate's own `#![deny]` stays a warning: gatecheck counts it either
// way, and the cap is what lets every target be linted.
void restore_errors(std::vector<Diagnostic>& diagnostics, const LintCatalog& catalog,
                    const std::vector<LintRequest>& mine) {
    for (auto& d : diagnostics) {
        if (d.level == "warning" && !d.code.empty() && denied_by(catalog, mine, d.code)) {
            d.level = "error";
        }
    }
}

// Everything of a run but its diagnostics: a view copies only the diagnostics it keeps.
CompileEvidence without_diagnostics(const CompileEvidence& ev) {
    CompileEvidence out;
    out.success = ev.success;
    out.args = ev.args;
    out.lints = ev.lints;
    out.config_added = ev.config_added;
    out.crate_lint_flags = ev.crate_lint_flags;
    out.build_script_failures = ev.build_script_failures;
    return out;
}

// A lint in one compilation (package and target): rustc says where its level comes from on
// the first of its diagnostics there only.
using LintKey = std::tuple<std::string, std::string, std::string, std::string>;
LintKey lint_key(const Diagnostic& d) {
    return {d.package, d.target_kind, d.target_name, normalize_lint_name(d.code)};
}

// The lints whose level the crate's own attributes set (`#![warn(clippy::unwrap_used)]`):
// `cargo clippy` reports them whatever its flags, so every gate's view keeps them.
std::set<LintKey> crate_raised(const std::vector<Diagnostic>& diagnostics) {
    std::set<LintKey> raised;
    for (const auto& d : diagnostics) {
        if (d.lint_source == LintSource::crate_attribute) {
            raised.insert(lint_key(d));
        }
    }
    return raised;
}

// The crate's own lint flags ([lints], RUSTFLAGS), then the gate's: both reach clippy's
// command line when the user runs it with the gate's flags.
std::vector<LintRequest> with_crate_flags(const CompileEvidence& ev, const std::string& package,
                                          const std::vector<LintRequest>& mine) {
    const auto own = ev.crate_lint_flags.find(package);
    if (own == ev.crate_lint_flags.end()) {
        return mine;
    }
    auto requests = lint_requests(own->second);
    requests.insert(requests.end(), mine.begin(), mine.end());
    return requests;
}

bool has_lint_warning(const std::vector<Diagnostic>& diagnostics) {
    return std::any_of(diagnostics.begin(), diagnostics.end(),
                       [](const Diagnostic& d) { return d.level == "warning" && !d.code.empty(); });
}

ToolProblem lint_table_missing(const Evidence& evidence, const std::string& what) {
    const auto* p = evidence.get(keys::clippy_lints).problem();
    return ToolProblem{GateStatus::error,
                       what + ": " + (p != nullptr ? p->reason : std::string("clippy's lint table was not read")), ""};
}

}  // namespace

Probed<CompileEvidence> lint_view(const Evidence& evidence, const std::vector<LintRequest>& mine) {
    const auto& run = evidence.get(keys::clippy);
    const auto* ev = run.get();
    if (ev == nullptr) {
        return run;
    }
    const auto* catalog = evidence.get(keys::clippy_lints).get();
    // No extra lints, or exactly this gate's: every lint in the run is one it asked for (at
    // whatever level the probe ran it: a lint fed only by gatecheck's clippy.toml is forced).
    const bool all_mine = ev->lints.empty() || lint_names(ev->lints) == lint_names(lint_flags(mine));
    if (!all_mine && catalog == nullptr) {
        return lint_table_missing(evidence, "cannot tell which of the shared clippy run's warnings are this gate's");
    }
    CompileEvidence view = without_diagnostics(*ev);
    const auto raised = crate_raised(ev->diagnostics);
    // Each package's requests once, not once per diagnostic (a run may hold 100,000 of them).
    std::map<std::string, std::vector<LintRequest>> requests;
    for (const auto& d : ev->diagnostics) {
        if (requests.count(d.package) == 0) {
            requests.emplace(d.package, with_crate_flags(*ev, d.package, mine));
        }
    }
    const auto keeps = [&](const Diagnostic& d) {
        const bool reported =
            all_mine || raised.count(lint_key(d)) != 0 || reported_by(*catalog, requests.at(d.package), d.code);
        return reported && !added_for_another_gate(d, mine);
    };
    // Sized once: a view of a large run is one more copy of it, not two while it grows.
    view.diagnostics.reserve(
        static_cast<std::size_t>(std::count_if(ev->diagnostics.begin(), ev->diagnostics.end(), keeps)));
    std::copy_if(ev->diagnostics.begin(), ev->diagnostics.end(), std::back_inserter(view.diagnostics), keeps);
    if (catalog != nullptr) {
        restore_errors(view.diagnostics, *catalog, mine);
    } else if (has_lint_warning(view.diagnostics)) {
        // The run was capped at warn: without the table a deny-by-default lint would pass as
        // a warning.
        return lint_table_missing(evidence, "cannot tell which of the shared clippy run's warnings are errors");
    }
    return view;
}

Probed<CompileEvidence> own_lints(const Evidence& evidence, const std::vector<LintRequest>& mine) {
    auto view = lint_view(evidence, mine);
    auto* ev = view.get();
    if (ev == nullptr) {
        return view;
    }
    std::set<std::string> names;
    const auto* catalog = evidence.get(keys::clippy_lints).get();
    for (const auto& r : mine) {
        if (r.level == LintRequest::Level::allow) {
            continue;
        }
        const auto name = normalize_lint_name(r.name);
        names.insert(name);
        if (catalog != nullptr) {
            if (const auto group = catalog->groups.find(name); group != catalog->groups.end()) {
                names.insert(group->second.begin(), group->second.end());
            }
        }
    }
    auto& diags = ev->diagnostics;
    diags.erase(std::remove_if(diags.begin(), diags.end(),
                               [&](const Diagnostic& d) {
                                   return d.level.rfind("error", 0) != 0 &&
                                          names.count(normalize_lint_name(d.code)) == 0;
                               }),
                diags.end());
    return view;
}

std::string lint_metric(const std::string& lint) {
    const auto name = normalize_lint_name(lint);
    return name.rfind("clippy::", 0) == 0 ? name.substr(8) : name;
}

GateResult evaluate_lints(GateResult result, const CompileEvidence& ev, const std::vector<LintRequest>& counted,
                          std::int64_t max_findings, const std::string& clean, std::vector<Finding> extra) {
    long errors = 0;
    long warnings = 0;
    result.findings = compiler_findings(ev.diagnostics, errors, warnings, &result.omitted);
    std::map<std::string, long> per_lint;
    for (const auto& r : counted) {
        per_lint[lint_metric(r.name)] = 0;
    }
    std::set<std::string> error_rules;
    for (const auto& f : result.findings) {
        if (f.level != FindingLevel::error) {
            ++per_lint[lint_metric(f.rule)];
        } else {
            error_rules.insert(f.rule);
        }
    }
    // Findings past the per-rule cap still count: a lint is reported at one level throughout,
    // so its omitted ones share its kept ones' level.
    for (const auto& [rule, n] : result.omitted) {
        if (error_rules.count(rule) == 0) {
            per_lint[lint_metric(rule)] += static_cast<long>(n);
        }
    }
    for (const auto& r : counted) {
        const auto name = lint_metric(r.name);
        result.metrics.emplace_back(name, static_cast<double>(per_lint[name]));
    }
    for (auto& f : extra) {
        warnings += f.level == FindingLevel::warning ? 1 : 0;
        result.findings.push_back(std::move(f));
    }
    std::stable_sort(result.findings.begin(), result.findings.end(), [](const Finding& a, const Finding& b) {
        return std::tuple(a.level != FindingLevel::error, a.file, a.line.value_or(0), a.column.value_or(0)) <
               std::tuple(b.level != FindingLevel::error, b.file, b.line.value_or(0), b.column.value_or(0));
    });
    result.metrics.emplace_back("findings", static_cast<double>(warnings));
    result.metrics.emplace_back("errors", static_cast<double>(errors));
    result.metrics.emplace_back("max_findings", static_cast<double>(max_findings));
    if (errors > 0 || !ev.success) {
        result.status = GateStatus::fail;
        result.summary = fmt::format("does not compile: {}", plural(errors, "error"));
    } else if (warnings > max_findings) {
        result.status = GateStatus::fail;
        result.summary = fmt::format("{} (at most {} allowed)", plural(warnings, "finding"), max_findings);
    } else if (warnings > 0) {
        result.status = GateStatus::warn;
        result.summary = fmt::format("{} (at most {} allowed)", plural(warnings, "finding"), max_findings);
    } else {
        result.summary = clean;
    }
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
