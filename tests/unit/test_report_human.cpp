// The human report's choices (report/human_renderer.cpp): which findings of a gate it shows
// (errors, then warnings; notes only with -v), how it counts the ones it leaves out, and the
// words of its marks and labels. The JSON report keeps every finding as the gate gave it.
#include <catch2/catch.hpp>

#include <cstddef>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/render.hpp"
#include "report/verdict.hpp"

namespace {

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::size_t count(const std::string& text, const std::string& part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + part.size())) {
        ++n;
    }
    return n;
}

gc::Finding finding(std::string rule, gc::FindingLevel level, std::string message) {
    gc::Finding f;
    f.rule = std::move(rule);
    f.level = level;
    f.message = std::move(message);
    return f;
}

// As the profile gate gives them: per benchmark, its `profile::top` note first, then what
// fails. Nine benchmarks with an unexpected hotspot each, and two samples perf could not name.
gc::Report profiled_report() {
    gc::GateResult g;
    g.id = "profile";
    g.status = gc::GateStatus::fail;
    g.summary = "9 benchmarks profiled with perf: 9 unexpected hotspots above 10% of samples";
    for (int i = 1; i <= 9; ++i) {
        g.findings.push_back(
            finding("profile::top", gc::FindingLevel::note, fmt::format("bench{}: top functions by self time", i)));
        g.findings.push_back(finding("profile::unexpected-hotspot", gc::FindingLevel::error,
                                     fmt::format("bench{}: hot{} takes 40.0% of the samples", i, i)));
        if (i == 2 || i == 7) {
            g.findings.push_back(finding("profile::unnamed", gc::FindingLevel::warning,
                                         fmt::format("bench{}: perf could not name 12.0% of the samples", i)));
        }
    }
    gc::Report r;
    r.gates = {g};
    r.checklist = {{"CPU profiling shows no unexpected hotspots", "Performance", gc::ItemStatus::fail, {"profile"}}};
    gc::decide_verdict(r);
    return r;
}

gc::GateResult gate(std::string id, gc::GateStatus status, bool required = true) {
    gc::GateResult g;
    g.id = std::move(id);
    g.status = status;
    g.required = required;
    g.summary = "summary of " + g.id;
    return g;
}

}  // namespace

TEST_CASE("the human report shows a gate's failing findings before its notes, and notes only with -v") {
    const auto report = profiled_report();
    const auto text = gc::render_human(report, gc::RenderOptions{false, 0});
    INFO(text);
    // The first five failures, in the gate's order; no note takes a place.
    for (int i = 1; i <= 5; ++i) {
        CHECK(contains(text, fmt::format("profile::unexpected-hotspot bench{}: hot{} takes", i, i)));
    }
    CHECK_FALSE(contains(text, "bench6: hot6"));
    CHECK_FALSE(contains(text, "profile::top"));
    CHECK_FALSE(contains(text, "profile::unnamed"));
    // What is left out is counted by kind.
    CHECK(contains(text,
                   "... and 15 more: 4 errors, 2 warnings, 9 notes (-v shows them, --report json=FILE keeps "
                   "them)\n"));

    const auto verbose = gc::render_human(report, gc::RenderOptions{false, 1});
    INFO(verbose);
    CHECK(count(verbose, "profile::unexpected-hotspot") == 9);
    CHECK(count(verbose, "profile::unnamed") == 2);
    CHECK(count(verbose, "profile::top") == 9);
    CHECK_FALSE(contains(verbose, "... and"));
    // Errors, then warnings, then notes.
    CHECK(verbose.rfind("profile::unexpected-hotspot") < verbose.find("profile::unnamed"));
    CHECK(verbose.rfind("profile::unnamed") < verbose.find("profile::top"));
}

TEST_CASE("notes left out of the human report are still named, and JSON keeps every finding in order") {
    auto report = profiled_report();
    auto& findings = report.gates[0].findings;
    // Three failures among twelve notes: all three shown, the notes counted.
    std::erase_if(findings, [](const gc::Finding& f) { return f.level == gc::FindingLevel::warning; });
    findings.erase(findings.begin() + 6, findings.end());
    for (int i = 0; i < 9; ++i) {
        findings.push_back(finding("ffi::extern-block", gc::FindingLevel::note, fmt::format("extern block {}", i)));
    }
    const auto text = gc::render_human(report, gc::RenderOptions{false, 0});
    INFO(text);
    CHECK(count(text, "profile::unexpected-hotspot") == 3);
    CHECK(contains(text, "... and 12 more: 12 notes (-v shows them, --report json=FILE keeps them)\n"));

    const auto doc = nlohmann::json::parse(gc::render_json(report));
    const auto& json_findings = doc["gates"][0]["findings"];
    REQUIRE(json_findings.size() == 15);
    CHECK(json_findings[0]["rule"] == "profile::top");  // the gate's own order
    CHECK(json_findings[1]["level"] == "error");
    CHECK(json_findings[14]["level"] == "note");
}

TEST_CASE("the human report counts findings past the per-rule cap apart from those -v shows") {
    auto report = profiled_report();
    report.gates[0].omitted["profile::top"] = 50;
    const auto text = gc::render_human(report, gc::RenderOptions{false, 0});
    CHECK(contains(text,
                   "... and 65 more: 4 errors, 2 warnings, 9 notes (-v shows them, --report json=FILE keeps "
                   "them); 50 past 100 findings of one rule, only counted\n"));
    const auto verbose = gc::render_human(report, gc::RenderOptions{false, 1});
    CHECK(contains(verbose, "... and 50 more, only counted: past 100 findings of one rule\n"));
}

TEST_CASE("an unavailable tool is [unav], never a mark that reads as 'does not apply'") {
    auto miri = gate("miri", gc::GateStatus::unavailable);
    miri.fix = "rustup +nightly component add miri";
    gc::Report report;
    report.gates = {miri, gate("crypto-review", gc::GateStatus::not_applicable, false)};
    report.checklist = {
        {"Miri testing for undefined behavior detection", "Testing", gc::ItemStatus::unavailable, {"miri"}},
        {"Cryptographic implementations reviewed", "Security", gc::ItemStatus::not_applicable, {"crypto-review"}}};
    gc::decide_verdict(report);
    const auto text = gc::render_human(report, gc::RenderOptions{false, 0});
    INFO(text);
    CHECK(contains(text, "  [unav] Miri testing for undefined behavior detection\n"));
    CHECK(contains(text, "  [none] Cryptographic implementations reviewed\n"));
    CHECK_FALSE(contains(text, "n/a"));
    CHECK(contains(text, "         fix: rustup +nightly component add miri\n"));  // how to install it
}

TEST_CASE("a failed optional gate says in its mark and its line that it does not fail the run") {
    gc::Report report;
    report.gates = {
        gate("fmt", gc::GateStatus::fail, false),        gate("clippy", gc::GateStatus::pass),
        gate("benchmarks", gc::GateStatus::fail, false), gate("docs", gc::GateStatus::fail),
        gate("memory", gc::GateStatus::error, false),    gate("property-tests", gc::GateStatus::warn, false)};
    report.checklist = {
        {"Follow Rust idioms and community conventions", "Best practices", gc::ItemStatus::fail, {"fmt", "clippy"}},
        // One required gate failing makes the item fail the run, whatever its optional gates did.
        {"All public APIs have documentation with examples",
         "Development",
         gc::ItemStatus::fail,
         {"benchmarks", "docs"}},
        {"Memory usage within constraints", "Performance", gc::ItemStatus::error, {"memory"}},
        {"Property-based tests for complex logic", "Testing", gc::ItemStatus::warn, {"property-tests"}}};
    gc::decide_verdict(report);
    const auto text = gc::render_human(report, gc::RenderOptions{false, 0});
    INFO(text);
    CHECK(contains(text,
                   "  [fail] Follow Rust idioms and community conventions\n"
                   "         fmt: summary of fmt (optional: does not fail the run)\n"
                   "         clippy: summary of clippy\n"));
    CHECK(contains(text,
                   "  [FAIL] All public APIs have documentation with examples\n"
                   "         benchmarks: summary of benchmarks (optional: does not fail the run)\n"
                   "         docs: summary of docs\n"));
    CHECK(contains(text,
                   "  [err ] Memory usage within constraints\n"
                   "         memory: summary of memory (optional: does not fail the run)\n"));
    // A warning never fails the run: just optional.
    CHECK(contains(text,
                   "  [warn] Property-based tests for complex logic\n"
                   "         property-tests: summary of property-tests (optional)\n"));
    CHECK(contains(text, "verdict: FAIL: required gate failed: docs"));
    CHECK_FALSE(contains(text, "\x1b["));  // no colour unless asked (a terminal)
    CHECK(contains(gc::render_human(report, gc::RenderOptions{true, 0}), "\x1b["));
}

TEST_CASE("only a command that rewrites the code is labelled as fixing automatically") {
    auto clippy = gate("clippy", gc::GateStatus::warn);
    clippy.fix = "cargo clippy --fix --allow-dirty --all-targets -- -W clippy::pedantic";
    auto build = gate("build", gc::GateStatus::fail);
    build.fix =
        "exclude_targets = [\"bench:parse\"] in gatecheck.toml leaves out the bench and example targets that do "
        "not compile (if they need nightly), so the rest is checked";
    gc::Report report;
    report.gates = {clippy, build};
    report.checklist = {
        {"Code passes `cargo clippy` with pedantic lints", "Development", gc::ItemStatus::fail, {"build", "clippy"}}};
    gc::decide_verdict(report);
    const auto text = gc::render_human(report, gc::RenderOptions{false, 0});
    INFO(text);
    CHECK(contains(text, "fix some automatically: cargo clippy --fix --allow-dirty --all-targets"));
    CHECK(contains(text, "next step: exclude_targets = [\"bench:parse\"] in gatecheck.toml"));
    CHECK(count(text, "automatically") == 1);
}
