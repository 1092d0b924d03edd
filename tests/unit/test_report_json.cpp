// The JSON report read back by report/json_reader.cpp: every field survives a round trip,
// and anything that is not a gatecheck v1 report is an error naming the field.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "report/fingerprint.hpp"
#include "report/json_reader.hpp"
#include "report/render.hpp"
#include "report/verdict.hpp"

namespace {

gc::Finding finding(gc::FindingLevel level, std::string file, std::optional<int> line, std::string snippet) {
    gc::Finding f;
    f.rule = "clippy::needless_range_loop";
    f.level = level;
    f.message = "the loop variable `i` is only used to index `v`";
    f.file = std::move(file);
    f.line = line;
    f.column = line ? std::optional<int>(9) : std::nullopt;
    f.snippet = std::move(snippet);
    return f;
}

gc::TestCaseRecord test_case(std::string name, gc::TestOutcome status, double seconds) {
    gc::TestCaseRecord t{std::move(name), "calc (lib calc)", status, seconds, "", ""};
    if (status == gc::TestOutcome::failed) {
        t.message = "assertion `left == right` failed";
        t.output = "thread 'adds' panicked at src/lib.rs:40:5:\nassertion `left == right` failed\n  left: 3\n";
        t.rerun = "cargo test -p calc --lib -- " + t.name + " --exact";
    }
    return t;
}

// A report with every field set, and every optional field both set and unset somewhere.
gc::Report full_report() {
    gc::Report r;
    r.tool_version = "0.4.0";
    r.target_path = "/work/calc";
    r.workspace_root = "/work/calc";
    r.repo_root = "/work";
    r.packages = {{"calc", "1.2.3", "/work/calc/Cargo.toml"}, {"calc-cli", "0.1.0", "/work/calc/cli/Cargo.toml"}};
    r.rustc_version = "rustc 1.75.0 (82e1608df 2023-12-21)";
    r.cargo_version = "cargo 1.75.0";
    r.duration = std::chrono::milliseconds(8123);
    r.notes = {"benches/parse.rs (bench `parse`) uses #![feature(test)]: needs nightly"};
    r.profiled =
        gc::ProfiledBenchmarks{120, 131.5, {"calc/parse/parse/small"}, {"calc/parse/parse/big", "calc/legacy"}};

    gc::GateResult clippy;
    clippy.id = "clippy";
    clippy.status = gc::GateStatus::fail;
    clippy.summary = "3 warnings, more than max_warnings = 0";
    clippy.metrics = {{"warnings", 3}, {"errors", 0}, {"ratio", 0.125}, {"negative", -2}};
    clippy.findings = {finding(gc::FindingLevel::warning, "src/lib.rs", 12, "for i in 0..v.len() {"),
                       finding(gc::FindingLevel::warning, "src/lib.rs", 40, "for i in 0..v.len() {"),
                       finding(gc::FindingLevel::note, "", std::nullopt, ""),
                       finding(gc::FindingLevel::error, "src/ünïcode.rs", 1, "")};
    clippy.duration = std::chrono::milliseconds(2345);

    gc::GateResult tests;
    tests.id = "unit-tests";
    tests.status = gc::GateStatus::fail;
    tests.required = false;
    tests.summary = "1 passed, 1 failed, 1 ignored in 1 target";
    tests.metrics = {{"passed", 1}, {"failed", 1}, {"ignored", 1}, {"targets", 1}};
    tests.tests = {test_case("adds", gc::TestOutcome::failed, 0.0125), test_case("subs", gc::TestOutcome::passed, 1e-4),
                   test_case("slow", gc::TestOutcome::ignored, 0)};
    tests.findings = {finding(gc::FindingLevel::error, "src/lib.rs", 40, "")};
    tests.findings[0].hint = "rerun: cargo test -p calc --lib -- adds --exact";
    tests.findings[0].line_hash = "a7f2ff13bc495cf2:1";
    tests.duration = std::chrono::milliseconds(77);

    gc::GateResult miri;
    miri.id = "miri";
    miri.status = gc::GateStatus::unavailable;
    miri.summary = "cargo miri is not installed";
    miri.fix = "rustup +nightly component add miri";

    r.gates = {clippy, tests, miri};
    r.checklist = {{"Code passes `cargo clippy` with pedantic lints", "Development", gc::ItemStatus::fail, {"clippy"}},
                   {"Security testing completed", "Security", gc::ItemStatus::manual, {}},
                   {"Async performance optimized", "Performance", gc::ItemStatus::not_checked, {}},
                   {"Unit tests with comprehensive coverage", "Testing", gc::ItemStatus::skip, {"unit-tests", "x"}}};
    gc::ProbeRecord clippy_probe{"clippy", "cargo clippy --all-targets", "exit 0", std::chrono::milliseconds(2300)};
    clippy_probe.max_rss_bytes = 734003200;
    clippy_probe.user_ms = 4100;
    clippy_probe.sys_ms = 620;
    gc::ProbeRecord never{"doctests:calc", "cargo test --doc -p calc", "not started", std::chrono::milliseconds(0)};
    never.started = false;
    r.probes = {clippy_probe, never};
    gc::assign_fingerprints(r);
    gc::decide_verdict(r);
    return r;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// The error message of reading `doc`, which must fail.
std::string read_error(const nlohmann::json& doc) {
    const auto r = gc::read_report_json(doc.dump());
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().kind == gc::ErrorKind::input);
    return r.error().message;
}

}  // namespace

TEST_CASE("render_json, read_report_json, render_json again: the same text") {
    const std::string first = gc::render_json(full_report());
    const auto read = gc::read_report_json(first);
    REQUIRE(read.ok());
    CHECK(gc::render_json(*read) == first);
}

TEST_CASE("the reader fills the model, not just the text") {
    const auto read = gc::read_report_json(gc::render_json(full_report()));
    REQUIRE(read.ok());
    const gc::Report& r = *read;
    CHECK(r.verdict == gc::Verdict::fail);
    CHECK(r.exit_code == 1);
    CHECK(r.verdict_reason == "required gate failed: clippy; not evaluated: miri");
    CHECK(r.notes ==
          std::vector<std::string>{"benches/parse.rs (bench `parse`) uses #![feature(test)]: needs nightly"});
    REQUIRE(r.profiled);
    CHECK(r.profiled->budget_s == 120);
    CHECK(r.profiled->spent_s == 131.5);
    CHECK(r.profiled->measured == std::vector<std::string>{"calc/parse/parse/small"});
    CHECK(r.profiled->deferred == std::vector<std::string>{"calc/parse/parse/big", "calc/legacy"});
    REQUIRE(r.gates.size() == 3);
    const auto& f = r.gates[0].findings;
    REQUIRE(f.size() == 4);
    CHECK(f[0].snippet == "for i in 0..v.len() {");
    CHECK(f[1].fingerprint == f[0].fingerprint + "-2");
    CHECK(f[2].file.empty());
    CHECK_FALSE(f[2].line.has_value());
    CHECK(f[2].level == gc::FindingLevel::note);
    const auto& t = r.gates[1].tests;
    REQUIRE(t.size() == 3);
    CHECK(t[0].status == gc::TestOutcome::failed);
    CHECK(t[0].seconds == 0.0125);
    CHECK(t[0].message == "assertion `left == right` failed");
    CHECK(t[0].rerun == "cargo test -p calc --lib -- adds --exact");
    CHECK(r.gates[1].findings[0].hint == "rerun: cargo test -p calc --lib -- adds --exact");
    CHECK(r.gates[1].findings[0].line_hash == "a7f2ff13bc495cf2:1");
    CHECK(r.workspace_root == "/work/calc");
    CHECK(r.repo_root == "/work");
    CHECK(r.gates[0].findings[0].hint.empty());
    CHECK(t[1].seconds == 1e-4);
    CHECK_FALSE(r.gates[1].required);
    CHECK(r.gates[2].fix == "rustup +nightly component add miri");
    CHECK(r.checklist[1].status == gc::ItemStatus::manual);
    CHECK(r.checklist[2].status == gc::ItemStatus::not_checked);
    CHECK(r.probes[0].max_rss_bytes == 734003200);
    CHECK(r.probes[0].user_ms == 4100);
    CHECK(r.probes[0].sys_ms == 620);
    CHECK_FALSE(r.probes[1].started);
}

TEST_CASE("the JSON spells the new fields as docs/REPORT.md says") {
    const auto doc = nlohmann::json::parse(gc::render_json(full_report()));
    const auto& finding = doc["gates"][0]["findings"][0];
    CHECK(finding["fingerprint"].get<std::string>().size() == 16);
    CHECK(finding["snippet"] == "for i in 0..v.len() {");
    CHECK_FALSE(doc["gates"][0]["findings"][2].contains("snippet"));  // only when non-empty
    const auto& tests = doc["gates"][1]["tests"];
    CHECK(tests[0]["status"] == "failed");
    CHECK(tests[0].contains("output"));
    CHECK(tests[1]["status"] == "passed");
    CHECK_FALSE(tests[1].contains("message"));  // only failures carry message and output
    CHECK_FALSE(tests[1].contains("output"));
    CHECK(tests[0]["rerun"] == "cargo test -p calc --lib -- adds --exact");
    CHECK_FALSE(tests[1].contains("rerun"));
    CHECK(doc["gates"][1]["findings"][0]["hint"] == "rerun: cargo test -p calc --lib -- adds --exact");
    CHECK_FALSE(finding.contains("hint"));  // only when there is a next step
    CHECK(doc["gates"][0]["tests"].empty());
    CHECK(doc["checklist"][2]["status"] == "not-checked");
    CHECK(doc["probes"][0]["max_rss_bytes"] == 734003200);
    CHECK(doc["verdict_reason"] == "required gate failed: clippy; not evaluated: miri");
}

TEST_CASE("the human report does not list passing tests") {
    const auto text = gc::render_human(full_report(), gc::RenderOptions{false, 1});
    CHECK_FALSE(contains(text, "subs"));
    CHECK(contains(text, "verdict: FAIL: required gate failed: clippy; not evaluated: miri"));
}

TEST_CASE("the human report prints each note once, before the verdict") {
    const auto text = gc::render_human(full_report(), gc::RenderOptions{false, 0});
    const auto note = text.find("note: benches/parse.rs (bench `parse`) uses #![feature(test)]: needs nightly\n");
    REQUIRE(note != std::string::npos);
    CHECK(text.find("note: benches/parse.rs", note + 1) == std::string::npos);
    CHECK(note < text.find("verdict:"));
}

TEST_CASE("the human report folds items not checked into one line, unless -v") {
    const auto report = full_report();
    const auto normal = gc::render_human(report, gc::RenderOptions{false, 0});
    CHECK(contains(normal, "[ -- ] 1 item not checked yet (gatecheck -v lists them)"));
    CHECK_FALSE(contains(normal, "Async performance optimized"));
    CHECK_FALSE(contains(normal, "\nPerformance\n"));              // a phase with nothing to show has no heading
    CHECK(contains(normal, "[todo] Security testing completed"));  // a person must attest it: never folded
    const auto verbose = gc::render_human(report, gc::RenderOptions{false, 1});
    CHECK(contains(verbose, "[ -- ] Async performance optimized"));
    CHECK_FALSE(contains(verbose, "not checked yet"));
}

TEST_CASE("the human report shows a finding's next step under it, and a gate's fix") {
    auto report = full_report();
    report.gates[0].fix = "cargo clippy --fix --allow-dirty --all-targets -- -W clippy::pedantic";
    report.checklist.push_back(
        {"Miri testing for undefined behavior detection", "Testing", gc::ItemStatus::unavailable, {"miri"}});
    const auto text = gc::render_human(report, gc::RenderOptions{false, 0});
    INFO(text);
    CHECK(contains(text, "only used to index `v`\n             rerun: cargo test -p calc --lib -- adds --exact\n"));
    CHECK(contains(text, "fix some automatically: cargo clippy --fix --allow-dirty --all-targets"));
    CHECK(contains(text, "fix: rustup +nightly component add miri"));  // an install, for a missing tool
}

TEST_CASE("the human report says an error shared by several gates once") {
    // Each gate names its own command; cargo's message after it is the same.
    const std::string cargo_says = "error: no matching package named `nonexistent-crate-xyz` found";
    const std::vector<std::pair<std::string, std::string>> gates{
        {"build", "`cargo check` failed without a compiler error in the crate: " + cargo_says},
        {"clippy", "`cargo clippy` failed without a compiler error in the crate: " + cargo_says},
        {"docs", "calc: `cargo rustdoc` cargo exited with code 101: " + cargo_says},
        {"fmt", "`cargo fmt --check` printed output that does not parse"}};
    gc::Report report;
    for (const auto& [id, summary] : gates) {
        gc::GateResult g;
        g.id = id;
        g.status = gc::GateStatus::error;
        g.summary = summary;
        report.gates.push_back(g);
        report.checklist.push_back({"item of " + id, "Development", gc::ItemStatus::error, {id}});
    }
    const auto text = gc::render_human(report, gc::RenderOptions{false, 0});
    INFO(text);
    CHECK(text.find("nonexistent-crate-xyz") == text.rfind("nonexistent-crate-xyz"));  // once
    CHECK(contains(text, "build: " + gates[0].second));
    CHECK(contains(text, "clippy: same error as `build`"));
    CHECK(contains(text, "docs: same error as `build`"));
    CHECK(contains(text, "fmt: " + gates[3].second));  // another cause is said in full
    // JSON keeps each gate's own summary.
    const auto doc = nlohmann::json::parse(gc::render_json(report));
    CHECK(doc["gates"][2]["summary"] == gates[2].second);
}

TEST_CASE("a v1 report written before fingerprints, tests and probe resources still reads") {
    auto doc = nlohmann::json::parse(gc::render_json(full_report()));
    doc.erase("verdict_reason");
    doc.erase("notes");
    for (auto& g : doc["gates"]) {
        g.erase("tests");
        for (auto& f : g["findings"]) {
            f.erase("fingerprint");
            f.erase("snippet");
            f.erase("hint");
        }
    }
    for (auto& p : doc["probes"]) {
        for (const char* key : {"max_rss_bytes", "user_ms", "sys_ms", "started"}) {
            p.erase(key);
        }
    }
    const auto read = gc::read_report_json(doc.dump());
    REQUIRE(read.ok());
    CHECK(read->gates[1].tests.empty());
    CHECK(read->gates[0].findings[0].fingerprint.empty());
    CHECK(read->probes[1].started);
    CHECK(read->notes.empty());
}

TEST_CASE("text that is not JSON, or JSON that is not an object, is an input error") {
    for (const char* text : {"", "not json", "{\"schema\": ", "[1, 2]", "\"gatecheck/report/v1\"", "null"}) {
        const auto r = gc::read_report_json(text);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().kind == gc::ErrorKind::input);
        CHECK(contains(r.error().message, "not a"));
    }
}

TEST_CASE("another schema, a missing field or a wrong type is an error naming the field") {
    const auto good = nlohmann::json::parse(gc::render_json(full_report()));

    auto other_schema = good;
    other_schema["schema"] = "sarif/2.1.0";
    CHECK(contains(read_error(other_schema), "schema: expected \"gatecheck/report/v1\", not \"sarif/2.1.0\""));

    auto no_gates = good;
    no_gates.erase("gates");
    CHECK(contains(read_error(no_gates), "gates: missing"));

    auto exit_text = good;
    exit_text["exit_code"] = "1";
    CHECK(contains(read_error(exit_text), "exit_code: expected an integer"));

    auto bad_level = good;
    bad_level["gates"][0]["findings"][1]["level"] = "fatal";
    CHECK(contains(read_error(bad_level), "gates[0].findings[1].level: expected one of error, warning, note"));

    auto no_rule = good;
    no_rule["gates"][1]["findings"][0].erase("rule");
    CHECK(contains(read_error(no_rule), "gates[1].findings[0].rule: missing"));

    auto line_text = good;
    line_text["gates"][0]["findings"][0]["line"] = "12";
    CHECK(contains(read_error(line_text), "gates[0].findings[0].line: expected an integer"));

    auto bad_test = good;
    bad_test["gates"][1]["tests"][2]["status"] = "pass";
    CHECK(contains(read_error(bad_test), "gates[1].tests[2].status: expected one of passed, failed, ignored"));

    auto bad_item = good;
    bad_item["checklist"][0]["status"] = "not_checked";
    CHECK(contains(read_error(bad_item), "checklist[0].status"));

    auto gates_object = good;
    gates_object["gates"] = nlohmann::json::object();
    CHECK(contains(read_error(gates_object), "gates: expected an array"));

    auto gate_number = good;
    gate_number["gates"][0] = 7;
    CHECK(contains(read_error(gate_number), "gates[0]: expected an object"));

    auto metric_text = good;
    metric_text["gates"][0]["metrics"]["warnings"] = "3";
    CHECK(contains(read_error(metric_text), "gates[0].metrics.warnings: expected a number"));

    auto huge_line = good;
    huge_line["gates"][0]["findings"][0]["line"] = 1LL << 40;
    CHECK(contains(read_error(huge_line), "gates[0].findings[0].line: out of range"));

    auto item_gates = good;
    item_gates["checklist"][3]["gates"][1] = 5;
    CHECK(contains(read_error(item_gates), "checklist[3].gates[1]: expected a string"));

    auto no_tool = good;
    no_tool.erase("tool");
    CHECK(contains(read_error(no_tool), "tool: missing"));
}
