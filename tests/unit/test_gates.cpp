// Every gate of gates/ as a pure function of Evidence + GateSettings + Workspace, on evidence
// built by the parsers from the real output recorded in tests/data/ (scripts/record-samples.sh)
// or written by hand where no fixture produces it (tool problems, hung binaries, ...).
// Whatever the evidence lacks, a gate must never say `pass`.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cargo/workspace.hpp"
#include "config/config.hpp"
#include "evidence/keys.hpp"
#include "gates/common.hpp"
#include "gates/gate.hpp"
#include "probes/flavour.hpp"
#include "probes/lint_catalog.hpp"
#include "probes/parsers.hpp"
#include "recorded.hpp"
#include "report/model.hpp"

namespace Catch {
template <>
struct StringMaker<gc::GateStatus> {
    static std::string convert(gc::GateStatus s) { return std::string(gc::to_string(s)); }
};
}  // namespace Catch

namespace {

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using gc::GateStatus;

using recorded::read_data;
using recorded::recorded_exit;
using recorded::workspace_of;

// The same workspace with every library target removed: only bins and tests are left.
gc::Workspace without_library(gc::Workspace ws) {
    for (auto& pkg : ws.members) {
        pkg.targets.erase(std::remove_if(pkg.targets.begin(), pkg.targets.end(),
                                         [](const gc::CargoTarget& t) { return t.is_library(); }),
                          pkg.targets.end());
    }
    return ws;
}

const gc::LintCatalog& lint_table() {
    static const gc::LintCatalog table =
        gc::parse_lint_help(recorded::read_data("shared/clippy-lints-help.txt")).value();
    return table;
}

gc::GateSettings defaults(const std::string& id) {
    return gc::default_config(gc::gate_schemas()).gate(id);
}

// The evidence of one run, laid out by probe as the tests build it; store() files it under
// the probe ids and typed keys the probes use.
struct BinaryRun {
    gc::TestBinary binary;
    gc::Probed<gc::TestRun> run;
};
struct Evidence {
    gc::Probed<gc::CompileEvidence> check;  // the default-features check
    gc::Probed<gc::CompileEvidence> clippy;
    gc::Probed<gc::FmtEvidence> fmt;
    std::map<std::string, gc::Probed<gc::DocCoverage>> doc_coverage;
    gc::Probed<gc::TestBuildEvidence> test_build;
    std::vector<BinaryRun> test_runs;
    std::map<std::string, gc::Probed<gc::TestRun>> doctests;
    gc::Probed<gc::AdvisoryEvidence> advisories;
    gc::Probed<gc::FeaturesEvidence> features;
    gc::Probed<gc::DependencyGraph> dependency_graph;
    gc::Probed<gc::MiriEvidence> miri;
    gc::Probed<gc::BenchBuildEvidence> bench_build;

    [[nodiscard]] gc::Evidence store() const {
        gc::Evidence ev;
        if (dependency_graph.ran()) {
            ev.put(gc::keys::dependency_graph, dependency_graph);
        }
        if (bench_build.ran()) {
            ev.put(gc::keys::bench_build, bench_build);
        }
        if (miri.ran()) {
            ev.put(gc::keys::miri, miri);
        }
        if (advisories.ran()) {
            ev.put(gc::keys::advisories, advisories);
        }
        if (features.ran()) {
            ev.put(gc::keys::features, features);
        }
        if (check.ran()) {
            gc::CheckEvidence c;
            c.default_features = check;
            ev.put(gc::keys::check, c);
        }
        if (clippy.ran()) {
            ev.put(gc::keys::clippy, clippy);
            ev.put(gc::keys::clippy_lints, lint_table());  // the probe plans it with every clippy run
            ev.put(gc::keys::clippy_lib, clippy);  // the libraries' own run, for the unsafe gate (same messages here)
        }
        if (fmt.ran()) {
            ev.put(gc::keys::fmt, fmt);
        }
        for (const auto& [pkg, cov] : doc_coverage) {
            ev.put(gc::keys::doc_coverage, pkg, cov);
        }
        // The asan and coverage flavours' pipelines publish the same shapes under their own families.
        for (const auto& flavour : {gc::plain_flavour(), gc::asan_flavour(), gc::coverage_flavour()}) {
            if (test_build.ran()) {
                ev.put(flavour.build_key(), test_build);
            }
            for (const auto& br : test_runs) {
                const auto key = br.binary.kind == "test" ? flavour.integration_key() : flavour.unit_key();
                ev.put(key, br.binary.package + "/" + br.binary.kind + ":" + br.binary.target, br.run);
            }
        }
        for (const auto& [pkg, run] : doctests) {
            ev.put(gc::keys::doctests, pkg, run);
        }
        return ev;
    }
};

gc::GateResult evaluate(const std::string& id, const Evidence& evidence, const gc::GateSettings& settings,
                        const gc::Workspace& ws) {
    const auto* gate = gc::find_gate(id);
    if (gate == nullptr) {
        throw std::runtime_error("no gate " + id);
    }
    const auto store = evidence.store();
    return gate->evaluate(gc::GateInput{store, settings, ws});
}

gc::GateResult evaluate(const std::string& id, const Evidence& evidence, const gc::Workspace& ws) {
    return evaluate(id, evidence, defaults(id), ws);
}

std::optional<double> metric(const gc::GateResult& r, const std::string& name) {
    for (const auto& [key, value] : r.metrics) {
        if (key == name) {
            return value;
        }
    }
    return std::nullopt;
}

// What the check/clippy probe keeps of a recorded cargo build (success: exit 0 and a
// successful build-finished message).
gc::CompileEvidence compile_evidence(const std::string& fixture, const std::string& probe, const gc::Workspace& ws) {
    auto messages = gc::parse_cargo_messages(read_data(fixture + "/" + probe + ".stdout"), ws);
    gc::CompileEvidence ev;
    ev.success = recorded_exit(fixture, probe) == 0 && messages.build_finished == std::optional<bool>(true);
    ev.diagnostics = std::move(messages.diagnostics);
    ev.args = "--all-targets";
    return ev;
}

// The test binaries of a recorded `cargo test --no-run`, as the test-build probe lists them.
std::vector<gc::TestBinary> test_binaries(const std::string& fixture, const gc::Workspace& ws) {
    const auto messages = gc::parse_cargo_messages(read_data(fixture + "/test-no-run.stdout"), ws);
    std::vector<gc::TestBinary> out;
    for (const auto& a : messages.artifacts) {
        const auto* pkg = ws.find_by_id(a.package_id);
        if (!a.test_profile || a.executable.empty() || pkg == nullptr) {
            continue;
        }
        const auto has = [&](const char* k) { return std::find(a.kinds.begin(), a.kinds.end(), k) != a.kinds.end(); };
        const std::string kind = has("test") ? "test" : has("bin") ? "bin" : "lib";
        out.push_back(gc::TestBinary{pkg->name, pkg->root().string(), a.target_name, kind, a.executable});
    }
    return out;
}

gc::TestRun test_run(gc::TestBinary binary, const std::string& libtest_json) {
    const auto out = gc::parse_libtest(libtest_json);
    gc::TestRun run;
    run.binary = std::move(binary);
    run.tests = out.tests;
    run.unfinished = out.unfinished;
    for (const auto& t : out.tests) {
        switch (t.result) {
            case gc::TestCase::Result::passed:
                ++run.passed;
                break;
            case gc::TestCase::Result::failed:
                ++run.failed;
                break;
            case gc::TestCase::Result::ignored:
                ++run.ignored;
                break;
        }
    }
    return run;
}

// libtest JSON of one suite in which no test passed and `ignored` tests were ignored.
std::string only_ignored_suite(int ignored) {
    std::string out = fmt::format("{{ \"type\": \"suite\", \"event\": \"started\", \"test_count\": {} }}\n", ignored);
    for (int i = 0; i < ignored; ++i) {
        out += fmt::format("{{ \"type\": \"test\", \"event\": \"started\", \"name\": \"slow{}\" }}\n", i);
        out += fmt::format("{{ \"type\": \"test\", \"event\": \"ignored\", \"name\": \"slow{}\" }}\n", i);
    }
    return out + fmt::format(
                     "{{ \"type\": \"suite\", \"event\": \"ok\", \"passed\": 0, \"failed\": 0, \"ignored\": {}, "
                     "\"measured\": 0, \"filtered_out\": 0 }}\n",
                     ignored);
}

// The evidence of every recorded test binary of a fixture (tests/data/<fixture>/test-<kind>-<target>).
Evidence recorded_test_evidence(const std::string& fixture, const gc::Workspace& ws) {
    Evidence ev;
    gc::TestBuildEvidence build;
    build.success = recorded_exit(fixture, "test-no-run") == 0;
    build.binaries = test_binaries(fixture, ws);
    for (const auto& bin : build.binaries) {
        const std::string probe = "test-" + bin.kind + "-" + bin.target;
        std::ifstream present(std::string(GATECHECK_TEST_DATA) + "/" + fixture + "/" + probe + ".stdout");
        if (present) {
            ev.test_runs.push_back(BinaryRun{bin, test_run(bin, read_data(fixture + "/" + probe + ".stdout"))});
        }
    }
    ev.test_build = std::move(build);
    return ev;
}

gc::TestBinary binary(const std::string& kind, const std::string& target) {
    return gc::TestBinary{"gcfx-clean", "/work/fixture", target, kind, "/work/fixture/target/debug/deps/" + target};
}

gc::TestRun passing_run(const gc::TestBinary& bin, long n) {
    gc::TestRun run;
    run.binary = bin;
    for (long i = 0; i < n; ++i) {
        run.tests.push_back(gc::TestCase{"t" + std::to_string(i), gc::TestCase::Result::passed, "", 0.001});
    }
    run.passed = n;
    return run;
}

// Evidence of a crate whose tests all pass: lib (3 + 1 ignored), bin (1), tests/rpn.rs (3).
Evidence passing_test_evidence() {
    Evidence ev;
    gc::TestBuildEvidence build;
    build.success = true;
    build.binaries = {binary("lib", "gcfx_clean"), binary("bin", "gcfx-clean"), binary("test", "rpn")};
    ev.test_build = build;
    auto lib = passing_run(build.binaries[0], 3);
    lib.tests.push_back(gc::TestCase{"tests::eval_many_sums", gc::TestCase::Result::ignored, "", 0});
    lib.ignored = 1;
    ev.test_runs.push_back(BinaryRun{build.binaries[0], lib});
    ev.test_runs.push_back(BinaryRun{build.binaries[1], passing_run(build.binaries[1], 1)});
    ev.test_runs.push_back(BinaryRun{build.binaries[2], passing_run(build.binaries[2], 3)});
    return ev;
}

gc::Diagnostic diagnostic(const std::string& level, const std::string& code, const std::string& file, int line,
                          int column, const std::string& message) {
    return gc::Diagnostic{"gcfx-clean", level, code, message, file, line, column, ""};
}

gc::CompileEvidence compiled(std::vector<gc::Diagnostic> diagnostics, bool success) {
    gc::CompileEvidence ev;
    ev.diagnostics = std::move(diagnostics);
    ev.success = success;
    ev.args = "--all-targets";
    return ev;
}

gc::DocCoverage coverage(const std::string& file, long total, long with_docs, long total_examples, long with_examples) {
    gc::DocCoverage cov;
    cov.files[file] = gc::DocCounts{total, with_docs, total_examples, with_examples};
    return cov;
}

// The tools' gates, from the catalogue: a new gate is held to the rules below without an edit here.
std::vector<std::string> tool_gates() {
    std::vector<std::string> ids;
    for (const auto* gate : gc::gate_catalogue()) {
        if (!gate->info().attestation) {
            ids.push_back(gate->info().id);
        }
    }
    return ids;
}

const std::vector<std::string> kAllGates = tool_gates();

}  // namespace

// ---------------------------------------------------------------------------------------
// the catalogue

// A person's reviews, after the tools' gates (tests/unit/test_attestations.cpp).
const std::vector<std::string> kAttestationGates{"cpu-profile", "zero-cost", "input-validation", "crypto-review"};

// Gate ids are part of the interface (config keys, --gate, reports): these may not be renamed,
// dropped or reordered. A new gate needs no edit here.
const std::vector<std::string> kPublishedGates{"build",
                                               "clippy",
                                               "docs",
                                               "unit-tests",
                                               "integration-tests",
                                               "coverage",
                                               "fmt",
                                               "doctests",
                                               "must-use",
                                               "thread-safety",
                                               "unsafe",
                                               "errors",
                                               "async",
                                               "ffi",
                                               "sanitizer",
                                               "concurrency-tests",
                                               "property-tests",
                                               "miri",
                                               "benchmarks",
                                               "bench-targets",
                                               "memory",
                                               "profile",
                                               "allocations",
                                               "advisories",
                                               "features"};

TEST_CASE("the catalogue keeps every published gate id, in report order, attestations last", "[gates]") {
    const auto& all = gc::gate_catalogue();
    const auto keeps = [](const std::vector<std::string>& ids, const std::vector<std::string>& published) {
        std::size_t next = 0;
        for (const auto& id : ids) {
            next += static_cast<std::size_t>(next < published.size() && id == published[next]);
        }
        return next == published.size();
    };
    CHECK(keeps(kAllGates, kPublishedGates));
    std::vector<std::string> reviews;
    bool past_tools = false;
    for (const auto* gate : all) {
        INFO(gate->info().id);
        CHECK(gc::find_gate(gate->info().id) == gate);
        CHECK_FALSE(gate->info().checklist.empty());
        past_tools = past_tools || gate->info().attestation;
        CHECK(gate->info().attestation == past_tools);
        if (gate->info().attestation) {
            reviews.push_back(gate->info().id);
        }
    }
    CHECK(keeps(reviews, kAttestationGates));
    CHECK(gc::find_gate("nope") == nullptr);
    CHECK(gc::find_gate("") == nullptr);
    REQUIRE(gc::find_gate("clippy") != nullptr);
    CHECK(gc::lint_flags(gc::find_gate("clippy")->lints()) == std::vector<std::string>{"-W", "clippy::pedantic"});
    const auto config = gc::default_config(gc::gate_schemas());
    CHECK(config.gate("clippy").integer("max_warnings") == 0);
    CHECK(config.gate("docs").number("min_documented") == Approx(100.0));
    CHECK(config.gate("docs").number("min_examples") == Approx(100.0));
    CHECK_FALSE(config.gate("build").flag("deny_warnings"));
}

TEST_CASE("no gate passes on evidence that was never gathered", "[gates][adversarial]") {
    const Evidence nothing;
    const auto ws = workspace_of("clean");
    for (const auto& id : kAllGates) {
        INFO(id);
        const auto r = evaluate(id, nothing, ws);
        CHECK(r.id == id);
        CHECK(r.status != GateStatus::pass);
        CHECK(r.status == GateStatus::error);
        CHECK_FALSE(r.summary.empty());
    }
}

TEST_CASE("a ToolProblem makes every gate unavailable or error, never pass", "[gates][adversarial]") {
    const auto ws = workspace_of("clean");
    for (const auto status : {GateStatus::unavailable, GateStatus::error}) {
        const gc::ToolProblem problem{status, "cargo is not installed (not found in PATH)",
                                      "install a Rust toolchain (rustup), or put cargo on PATH"};
        Evidence ev;
        ev.check = problem;
        ev.clippy = problem;
        ev.fmt = problem;
        ev.doc_coverage["gcfx-clean"] = problem;
        ev.test_build = problem;
        ev.doctests["gcfx-clean"] = problem;
        ev.advisories = problem;
        ev.features = problem;
        ev.dependency_graph = problem;
        ev.miri = problem;
        ev.bench_build = problem;
        for (const auto& id : kAllGates) {
            INFO(id << " with a problem of status " << gc::to_string(status));
            const auto r = evaluate(id, ev, ws);
            CHECK(r.status == status);
            CHECK_THAT(r.summary, Contains("cargo is not installed"));
            CHECK(r.fix == problem.fix);
            CHECK(r.findings.empty());
            if (const auto passed = metric(r, "passed")) {
                CHECK(*passed == 0.0);  // the test gates still count what ran: nothing
            } else {
                CHECK(r.metrics.empty());
            }
        }
    }
}

TEST_CASE("`required` comes from the settings and does not change the status", "[gates]") {
    const auto ws = workspace_of("unformatted");
    Evidence ev;
    ev.fmt = gc::FmtEvidence{{gc::FmtFile{"src/lib.rs", 3, 1}}};
    auto settings = defaults("fmt");
    settings.required = false;
    const auto optional_gate = evaluate("fmt", ev, settings, ws);
    CHECK_FALSE(optional_gate.required);
    CHECK(optional_gate.status == GateStatus::fail);
    CHECK(evaluate("fmt", ev, ws).required);
}

// ---------------------------------------------------------------------------------------
// build

TEST_CASE("build: `no-compile` fails with its one E0308", "[gates][build]") {
    const auto ws = workspace_of("no-compile");
    Evidence ev;
    ev.check = compile_evidence("no-compile", "check", ws);
    REQUIRE_FALSE(ev.check.get()->success);
    const auto r = evaluate("build", ev, ws);
    CHECK(r.status == GateStatus::fail);
    CHECK(metric(r, "errors") == 1.0);
    CHECK(metric(r, "warnings") == 0.0);
    CHECK(r.summary == "does not compile (--all-targets): 1 error, 0 warnings");
    REQUIRE(r.findings.size() == 1u);
    CHECK(r.findings[0].rule == "E0308");
    CHECK(r.findings[0].level == gc::FindingLevel::error);
    CHECK(r.findings[0].message == "mismatched types");
    CHECK(r.findings[0].file == "src/lib.rs");
    CHECK(r.findings[0].line == 96);
    CHECK(r.findings[0].column == 9);
}

TEST_CASE("build and clippy: when only bench or example targets fail, a note says how to leave them out",
          "[gates][build][clippy]") {
    const auto ws = workspace_of("clean");
    auto in_target = [](gc::Diagnostic d, const char* kind, const char* name) {
        d.target_kind = kind;
        d.target_name = name;
        return d;
    };
    const auto nightly = in_target(diagnostic("error", "E0554", "benches/parse.rs", 1, 1,
                                              "`#![feature]` may not be used on the stable release channel"),
                                   "bench", "parse");
    const auto demo =
        in_target(diagnostic("error", "E0308", "examples/demo.rs", 3, 9, "mismatched types"), "example", "demo");
    Evidence ev;
    ev.check = compiled({nightly, nightly, demo}, false);
    ev.clippy = compiled({nightly, demo}, false);
    for (const char* id : {"build", "clippy"}) {
        INFO(id);
        const auto r = evaluate(id, ev, ws);
        CHECK(r.status == GateStatus::fail);
        REQUIRE_FALSE(r.findings.empty());
        CHECK(r.findings[0].rule == "gatecheck::scope");
        CHECK(r.findings[0].level == gc::FindingLevel::note);
        CHECK_THAT(r.findings[0].message,
                   Contains("exclude_targets = [\"bench:parse\", \"example:demo\"] in gatecheck.toml"));
        // Whole in itself: the human report shows the note only with -v.
        CHECK_THAT(r.fix, Contains("exclude_targets = [\"bench:parse\", \"example:demo\"] in gatecheck.toml"));
        CHECK(metric(r, "errors") == 2.0);  // the note is not an error
    }
    // One error elsewhere: excluding benches would not make it build, so no hint.
    ev.check = compiled(
        {nightly, in_target(diagnostic("error", "E0308", "src/lib.rs", 3, 9, "mismatched types"), "lib", "gcfx_clean")},
        false);
    const auto r = evaluate("build", ev, ws);
    CHECK(std::none_of(r.findings.begin(), r.findings.end(),
                       [](const gc::Finding& f) { return f.rule == "gatecheck::scope"; }));
}

TEST_CASE("build: warnings warn, or fail with deny_warnings", "[gates][build]") {
    const auto ws = workspace_of("clean");
    Evidence ev;
    ev.check = compiled({diagnostic("warning", "dead_code", "src/lib.rs", 12, 4, "function `f` is never used"),
                         diagnostic("warning", "dead_code", "src/lib.rs", 12, 4, "function `f` is never used"),
                         diagnostic("note", "", "src/lib.rs", 1, 1, "`#[warn(dead_code)]` on by default")},
                        true);
    const auto r = evaluate("build", ev, ws);
    CHECK(r.status == GateStatus::warn);
    CHECK(metric(r, "warnings") == 1.0);  // lib and lib test report it once each: one warning
    CHECK(r.summary == "compiles (--all-targets) with 1 warning");
    REQUIRE(r.findings.size() == 1u);  // notes are not findings
    CHECK(r.findings[0].rule == "dead_code");
    CHECK(r.findings[0].line == 12);

    auto deny = defaults("build");
    deny.values["deny_warnings"] = true;
    CHECK(evaluate("build", ev, deny, ws).status == GateStatus::fail);
}

TEST_CASE("build: clean code passes; a failed build without a diagnostic still fails", "[gates][build]") {
    const auto ws = workspace_of("clean");
    Evidence ev;
    ev.check = compiled({}, true);
    const auto ok = evaluate("build", ev, ws);
    CHECK(ok.status == GateStatus::pass);
    CHECK(ok.summary == "compiles (--all-targets) without warnings");
    CHECK(ok.findings.empty());
    CHECK(metric(ok, "errors") == 0.0);

    ev.check = compiled({}, false);
    const auto broken = evaluate("build", ev, ws);
    CHECK(broken.status == GateStatus::fail);
    CHECK_THAT(broken.summary, StartsWith("does not compile"));
}

TEST_CASE("build: --all-features that does not compile fails, with its errors and what the defaults do",
          "[gates][build]") {
    const auto ws = workspace_of("no-compile");
    gc::CheckEvidence check;
    check.all_features = compile_evidence("no-compile", "check", ws);
    check.all_features.get()->args = "--all-targets --all-features";
    check.default_features = compiled({}, true);
    gc::Evidence ev;
    ev.put(gc::keys::check, check);
    const auto r = gc::find_gate("build")->evaluate(gc::GateInput{ev, defaults("build"), ws});
    CHECK(r.status == GateStatus::fail);
    CHECK_THAT(r.summary, StartsWith("does not compile (--all-targets --all-features)"));
    CHECK_THAT(r.summary, Contains("the default features compile"));
    REQUIRE_FALSE(r.findings.empty());
    CHECK(r.findings[0].rule == "E0308");
    CHECK_THAT(r.fix, Contains("all_features = false"));
}

TEST_CASE("build: a failing build script is said once, with its message", "[gates][build]") {
    const auto ws = workspace_of("clean");
    auto compile = compiled({}, false);
    compile.build_script_failures = {"build script of `gcfx-clean` failed: needs X (build.rs:6:5)"};
    Evidence ev;
    ev.check = compile;
    const auto r = evaluate("build", ev, ws);
    CHECK(r.status == GateStatus::fail);
    REQUIRE(r.findings.size() == 1u);
    CHECK(r.findings[0].rule == "build-script");
    CHECK(r.summary == compile.build_script_failures[0]);
}

// ---------------------------------------------------------------------------------------
// clippy

TEST_CASE("clippy: `pedantic` has 3 distinct warnings, more than max_warnings = 0", "[gates][clippy]") {
    const auto ws = workspace_of("pedantic");
    Evidence ev;
    ev.clippy = compile_evidence("pedantic", "clippy", ws);
    REQUIRE(ev.clippy.get()->diagnostics.size() == 6u);

    const auto r = evaluate("clippy", ev, ws);
    CHECK(r.status == GateStatus::fail);
    CHECK(metric(r, "warnings") == 3.0);
    CHECK(metric(r, "errors") == 0.0);
    CHECK(metric(r, "max_warnings") == 0.0);
    CHECK(r.summary == "3 warnings (at most 0 allowed)");
    REQUIRE(r.findings.size() == 3u);
    // in source order
    CHECK(r.findings[0].rule == "clippy::doc_markdown");
    CHECK(r.findings[0].line == 70);
    CHECK(r.findings[0].column == 72);
    CHECK(r.findings[1].rule == "clippy::must_use_candidate");
    CHECK(r.findings[1].line == 94);
    CHECK(r.findings[1].column == 12);
    CHECK(r.findings[2].rule == "clippy::cast_possible_truncation");
    CHECK(r.findings[2].line == 111);
    CHECK(r.findings[2].column == 9);
    for (const auto& f : r.findings) {
        CHECK(f.level == gc::FindingLevel::warning);
        CHECK(f.file == "src/lib.rs");
    }
}

TEST_CASE("clippy: max_warnings from the settings", "[gates][clippy]") {
    const auto ws = workspace_of("pedantic");
    Evidence ev;
    ev.clippy = compile_evidence("pedantic", "clippy", ws);

    auto settings = defaults("clippy");
    settings.values["max_warnings"] = std::int64_t{2};
    CHECK(evaluate("clippy", ev, settings, ws).status == GateStatus::fail);
    settings.values["max_warnings"] = std::int64_t{3};
    const auto at_limit = evaluate("clippy", ev, settings, ws);
    CHECK(at_limit.status == GateStatus::warn);
    CHECK(at_limit.summary == "3 warnings (at most 3 allowed)");
    CHECK(metric(at_limit, "max_warnings") == 3.0);

    // the same through gatecheck.toml
    auto config = gc::default_config(gc::gate_schemas());
    REQUIRE(
        gc::apply_config_text(config, "[gates.clippy]\nmax_warnings = 10\n", "gatecheck.toml", "", gc::gate_schemas())
            .ok());
    CHECK(evaluate("clippy", ev, config.gate("clippy"), ws).status == GateStatus::warn);
}

TEST_CASE("clippy: the workspace's warning is gcfx-beta's; gcfx-alpha alone passes", "[gates][clippy][workspace]") {
    auto ws = workspace_of("workspace");
    Evidence ev;
    ev.clippy = compile_evidence("workspace", "clippy", ws);
    const auto both = evaluate("clippy", ev, ws);
    CHECK(both.status == GateStatus::fail);
    CHECK(metric(both, "warnings") == 1.0);
    REQUIRE(both.findings.size() == 1u);
    CHECK(both.findings[0].rule == "clippy::doc_markdown");
    CHECK(both.findings[0].file == "beta/src/lib.rs");
    CHECK(both.findings[0].line == 38);
    CHECK(both.findings[0].column == 48);

    ws.selected = {0};
    ev.clippy = compile_evidence("workspace", "clippy", ws);
    const auto alpha = evaluate("clippy", ev, ws);
    CHECK(alpha.status == GateStatus::pass);
    CHECK(alpha.summary == "no warnings with clippy::pedantic");
    CHECK(alpha.findings.empty());
}

TEST_CASE("clippy: code that does not compile fails, errors listed first", "[gates][clippy]") {
    const auto ws = workspace_of("no-compile");
    Evidence ev;
    ev.clippy = compile_evidence("no-compile", "clippy", ws);
    const auto r = evaluate("clippy", ev, ws);
    CHECK(r.status == GateStatus::fail);
    CHECK(metric(r, "errors") == 1.0);
    REQUIRE(r.findings.size() == 1u);
    CHECK(r.findings[0].rule == "E0308");

    // even with max_warnings high, and with a warning earlier in the file
    ev.clippy = compiled({diagnostic("warning", "clippy::doc_markdown", "src/lib.rs", 3, 1, "backticks"),
                          diagnostic("error", "E0308", "src/lib.rs", 96, 9, "mismatched types")},
                         false);
    auto lenient = defaults("clippy");
    lenient.values["max_warnings"] = std::int64_t{100};
    const auto mixed = evaluate("clippy", ev, lenient, ws);
    CHECK(mixed.status == GateStatus::fail);
    CHECK(mixed.summary == "does not compile: 1 error, 1 warning");
    REQUIRE(mixed.findings.size() == 2u);
    CHECK(mixed.findings[0].level == gc::FindingLevel::error);
    CHECK(mixed.findings[1].level == gc::FindingLevel::warning);
}

TEST_CASE("clippy: a missing cargo-clippy is unavailable with its fix", "[gates][clippy][adversarial]") {
    const auto ws = workspace_of("clean");
    Evidence ev;
    ev.clippy =
        gc::ToolProblem{GateStatus::unavailable, "cargo clippy is not installed", "rustup component add clippy"};
    const auto r = evaluate("clippy", ev, ws);
    CHECK(r.status == GateStatus::unavailable);
    CHECK(r.summary == "cargo clippy is not installed");
    CHECK(r.fix == "rustup component add clippy");
    CHECK(r.metrics.empty());

    ev.clippy = gc::ToolProblem{GateStatus::error,
                                "`cargo clippy` exited 0 but its JSON output did not end with a "
                                "successful build-finished message",
                                ""};
    CHECK(evaluate("clippy", ev, ws).status == GateStatus::error);
}

// ---------------------------------------------------------------------------------------
// docs

TEST_CASE("docs: `undocumented` is 71.4 % documented", "[gates][docs]") {
    const auto ws = workspace_of("undocumented");
    auto cov = gc::parse_doc_coverage(read_data("undocumented/doc-coverage.stdout"));
    REQUIRE(cov.ok());
    Evidence ev;
    ev.doc_coverage["gcfx-undocumented"] = *cov;

    const auto r = evaluate("docs", ev, ws);
    CHECK(r.status == GateStatus::fail);
    CHECK(metric(r, "items") == 14.0);
    CHECK(metric(r, "documented") == 10.0);
    CHECK(metric(r, "example_items") == 10.0);
    CHECK(metric(r, "with_examples") == 10.0);
    REQUIRE(metric(r, "documented_pct").has_value());
    CHECK(*metric(r, "documented_pct") == Approx(100.0 * 10 / 14));
    CHECK(metric(r, "examples_pct") == 100.0);
    CHECK(r.summary == "71.4% documented (10/14), 100.0% with examples (10/10) (required: 100.0% / 100.0%)");
    REQUIRE(r.findings.size() == 1u);
    CHECK(r.findings[0].rule == "docs::missing-docs");
    CHECK(r.findings[0].level == gc::FindingLevel::warning);
    CHECK(r.findings[0].file == "src/lib.rs");
    CHECK_THAT(r.findings[0].message, StartsWith("4 of 14 public items have no documentation"));

    SECTION("min_documented compares exact counts: 70 warns, 71.42 warns, 71.43 fails") {
        auto settings = defaults("docs");
        settings.values["min_documented"] = 70.0;
        CHECK(evaluate("docs", ev, settings, ws).status == GateStatus::warn);
        settings.values["min_documented"] = 71.42;
        CHECK(evaluate("docs", ev, settings, ws).status == GateStatus::warn);
        settings.values["min_documented"] = 71.43;
        CHECK(evaluate("docs", ev, settings, ws).status == GateStatus::fail);
        settings.values["min_documented"] = std::int64_t{71};  // an integer in the TOML
        CHECK(evaluate("docs", ev, settings, ws).status == GateStatus::warn);
    }
}

TEST_CASE("docs: missing examples and min_examples", "[gates][docs]") {
    const auto ws = workspace_of("clean");
    Evidence ev;
    ev.doc_coverage["gcfx-no-examples"] = coverage("src/lib.rs", 14, 14, 10, 7);  // README: no-examples
    const auto r = evaluate("docs", ev, ws);
    CHECK(r.status == GateStatus::fail);
    CHECK(metric(r, "examples_pct") == Approx(70.0));
    REQUIRE(r.findings.size() == 1u);
    CHECK(r.findings[0].rule == "docs::missing-examples");
    CHECK(r.findings[0].message == "3 of 10 documentable items have no example");

    auto settings = defaults("docs");
    settings.values["min_examples"] = 70.0;
    CHECK(evaluate("docs", ev, settings, ws).status == GateStatus::warn);
    settings.values["min_examples"] = 70.1;
    CHECK(evaluate("docs", ev, settings, ws).status == GateStatus::fail);
}

TEST_CASE("docs: full coverage passes; the workspace's members are summed", "[gates][docs]") {
    Evidence ev;
    ev.doc_coverage["gcfx-clean"] = coverage("src/lib.rs", 14, 14, 10, 10);
    const auto clean = evaluate("docs", ev, workspace_of("clean"));
    CHECK(clean.status == GateStatus::pass);
    CHECK(clean.summary == "100.0% documented (14/14), 100.0% with examples (10/10)");
    CHECK(clean.findings.empty());

    Evidence ws_ev;
    ws_ev.doc_coverage["gcfx-alpha"] = coverage("alpha/src/lib.rs", 3, 3, 3, 3);
    ws_ev.doc_coverage["gcfx-beta"] = coverage("beta/src/lib.rs", 5, 4, 3, 2);
    const auto r = evaluate("docs", ws_ev, workspace_of("workspace"));
    CHECK(r.status == GateStatus::fail);
    CHECK(metric(r, "items") == 8.0);
    CHECK(metric(r, "documented") == 7.0);
    CHECK(metric(r, "example_items") == 6.0);
    CHECK(metric(r, "with_examples") == 5.0);
    CHECK(r.summary == "87.5% documented (7/8), 83.3% with examples (5/6) (required: 100.0% / 100.0%)");
    REQUIRE(r.findings.size() == 2u);
    CHECK(r.findings[0].file == "beta/src/lib.rs");
    CHECK(r.findings[1].file == "beta/src/lib.rs");
}

TEST_CASE("docs: percentages print as rustdoc prints them; exact counts decide", "[gates][docs]") {
    // rustdoc's --show-coverage table is Rust's `{:.1}`: rounded, ties to even.
    CHECK(gc::gates::percent(100.0 * 29 / 30) == "96.7");
    CHECK(gc::gates::percent(100.0 * 2 / 3) == "66.7");
    CHECK(gc::gates::percent(100.0 * 10 / 14) == "71.4");
    CHECK(gc::gates::percent(100.0 * 1 / 16) == "6.2");   // 6.25: a tie, to even
    CHECK(gc::gates::percent(100.0 * 3 / 16) == "18.8");  // 18.75: a tie, to even
    CHECK(gc::gates::percent(100.0) == "100.0");

    Evidence ev;
    ev.doc_coverage["big"] = coverage("/work/fixture/src/lib.rs", 10000, 9999, 1, 1);
    auto settings = defaults("docs");
    const auto r = evaluate("docs", ev, settings, workspace_of("clean"));
    CHECK(r.status == GateStatus::fail);  // 99.99 % is below 100 %, whatever it prints as
    CHECK_THAT(r.summary, StartsWith("100.0% documented (9999/10000)"));
    REQUIRE(r.findings.size() == 1u);
    CHECK(r.findings[0].file == "src/lib.rs");  // rustdoc's absolute path made relative to the root
}

TEST_CASE("docs: no library, rustdoc problems, a crate that does not compile", "[gates][docs][adversarial]") {
    const auto ws = workspace_of("clean");
    Evidence ev;
    const auto never = evaluate("docs", ev, ws);  // a library, and no rustdoc run
    CHECK(never.status == GateStatus::error);
    CHECK(never.summary == "rustdoc did not run");
    const auto bin_only = without_library(ws);
    const auto none = evaluate("docs", ev, bin_only);
    CHECK(none.status == GateStatus::skip);
    CHECK(none.summary == "no library target: no public API to document");

    ev.doc_coverage["gcfx-clean"] = gc::ToolProblem{GateStatus::error,
                                                    "rustdoc's coverage output is not the one "
                                                    "JSON object expected",
                                                    ""};
    const auto broken = evaluate("docs", ev, ws);
    CHECK(broken.status == GateStatus::error);
    CHECK(broken.summary == "gcfx-clean: rustdoc's coverage output is not the one JSON object expected");

    // one package fine, the other never measured
    ev.doc_coverage["gcfx-clean"] = coverage("src/lib.rs", 14, 14, 10, 10);
    ev.doc_coverage["gcfx-other"] = gc::Probed<gc::DocCoverage>{};
    const auto partial = evaluate("docs", ev, ws);
    CHECK(partial.status == GateStatus::error);
    CHECK(partial.summary == "rustdoc did not run for gcfx-other");

    gc::DocCoverage does_not_compile;
    does_not_compile.compile_error = "gcfx-clean does not compile, so rustdoc cannot measure it";
    ev.doc_coverage.erase("gcfx-other");
    ev.doc_coverage["gcfx-clean"] = does_not_compile;
    const auto failed = evaluate("docs", ev, ws);
    CHECK(failed.status == GateStatus::fail);
    CHECK(failed.summary == "rustdoc cannot document the crate: it does not compile");
    REQUIRE(failed.findings.size() == 1u);
    CHECK(failed.findings[0].rule == "docs::compile");
    CHECK(failed.findings[0].level == gc::FindingLevel::error);
}

// ---------------------------------------------------------------------------------------
// fmt

TEST_CASE("fmt: `unformatted` has two files rustfmt would change", "[gates][fmt]") {
    const auto ws = workspace_of("unformatted");
    auto parsed = gc::parse_fmt_check(read_data("unformatted/fmt.stdout"), ws);
    REQUIRE(parsed.ok());
    Evidence ev;
    ev.fmt = *parsed;
    const auto r = evaluate("fmt", ev, ws);
    CHECK(r.status == GateStatus::fail);
    CHECK(metric(r, "unformatted_files") == 2.0);
    CHECK(r.summary == "2 files not formatted (run `cargo fmt`)");
    REQUIRE(r.findings.size() == 2u);
    CHECK(r.findings[0].rule == "rustfmt");
    CHECK(r.findings[0].file == "src/lib.rs");
    CHECK(r.findings[0].line == 36);
    CHECK(r.findings[0].column == 1);
    CHECK(r.findings[0].message == "not formatted: rustfmt would change 2 places");
    CHECK(r.findings[1].file == "tests/rpn.rs");
    CHECK(r.findings[1].line == 2);
}

TEST_CASE("fmt: formatted code passes; a missing rustfmt is unavailable", "[gates][fmt]") {
    const auto ws = workspace_of("clean");
    Evidence ev;
    ev.fmt = gc::FmtEvidence{};
    const auto ok = evaluate("fmt", ev, ws);
    CHECK(ok.status == GateStatus::pass);
    CHECK(ok.summary == "every file is formatted");
    CHECK(metric(ok, "unformatted_files") == 0.0);

    ev.fmt = gc::ToolProblem{GateStatus::unavailable, "cargo fmt is not installed", "rustup component add rustfmt"};
    const auto missing = evaluate("fmt", ev, ws);
    CHECK(missing.status == GateStatus::unavailable);
    CHECK(missing.fix == "rustup component add rustfmt");
}

// ---------------------------------------------------------------------------------------
// unit-tests, integration-tests

TEST_CASE("unit-tests: the failing lib test of `failing-unit`", "[gates][tests]") {
    const auto ws = workspace_of("failing-unit");
    const auto ev = recorded_test_evidence("failing-unit", ws);
    REQUIRE(ev.test_build.get()->binaries.size() == 3u);
    REQUIRE(ev.test_runs.size() == 3u);

    const auto r = evaluate("unit-tests", ev, ws);
    CHECK(r.status == GateStatus::fail);
    CHECK(metric(r, "passed") == 4.0);  // lib 3 + bin 1
    CHECK(metric(r, "failed") == 1.0);
    CHECK(metric(r, "ignored") == 1.0);
    CHECK(metric(r, "targets") == 2.0);
    CHECK(r.summary == "4 passed, 1 failed, 1 ignored in 2 targets");
    REQUIRE(r.findings.size() == 1u);
    const auto& f = r.findings[0];
    CHECK(f.rule == "test-failed");
    CHECK(f.level == gc::FindingLevel::error);
    CHECK(f.message ==
          "tests::eval_subtraction_order failed in gcfx-failing-unit (lib gcfx_failing_unit): "
          "assertion `left == right` failed left: Ok(4) right: Ok(-4)");
    CHECK(f.file == "src/lib.rs");
    CHECK(f.line == 223);
    CHECK(f.column == 9);
}

TEST_CASE("integration-tests: tests/rpn.rs of `failing-unit` passes", "[gates][tests]") {
    const auto ws = workspace_of("failing-unit");
    const auto r = evaluate("integration-tests", recorded_test_evidence("failing-unit", ws), ws);
    CHECK(r.status == GateStatus::pass);
    CHECK(metric(r, "passed") == 3.0);
    CHECK(metric(r, "failed") == 0.0);
    CHECK(metric(r, "targets") == 1.0);
    CHECK(r.summary == "3 passed, 0 failed, 0 ignored in 1 target");
    CHECK(r.findings.empty());
}

TEST_CASE("unit-tests: a hung test binary fails the gate", "[gates][tests][adversarial]") {
    const auto ws = workspace_of("hanging-test");
    auto ev = recorded_test_evidence("hanging-test", ws);
    REQUIRE(ev.test_runs.size() == 1u);  // only the lib binary was recorded (it hangs)
    auto run = *ev.test_runs[0].run.get();
    REQUIRE(run.unfinished == std::vector<std::string>{"tests::waits_forever"});
    REQUIRE(run.failed == 0);
    run.abnormal = "hung: killed after 5 s with its process group";  // what the probe sets on timeout
    ev.test_runs[0].run = run;

    const auto r = evaluate("unit-tests", ev, ws);
    CHECK(r.status == GateStatus::fail);
    CHECK(r.summary == "unit tests did not finish: 3 passed, 0 failed, 1 ignored in 1 target");
    REQUIRE(r.findings.size() == 1u);
    CHECK(r.findings[0].rule == "test-binary");
    CHECK(r.findings[0].level == gc::FindingLevel::error);
    CHECK(r.findings[0].message ==
          "gcfx-hanging-test (lib gcfx_hanging_test): hung: killed after 5 s with its "
          "process group (still running: tests::waits_forever)");
}

TEST_CASE("unit-tests: a binary that exited abnormally fails even with every test passed", "[gates][tests]") {
    const auto ws = workspace_of("clean");
    auto ev = passing_test_evidence();
    auto run = *ev.test_runs[1].run.get();
    run.abnormal = "exited with code 3 although no test failed";
    ev.test_runs[1].run = run;
    const auto r = evaluate("unit-tests", ev, ws);
    CHECK(r.status == GateStatus::fail);
    CHECK_THAT(r.summary, StartsWith("unit tests did not finish"));
    CHECK(evaluate("integration-tests", ev, ws).status == GateStatus::pass);  // rpn is unaffected
}

TEST_CASE("unit-tests and integration-tests pass when every test passes", "[gates][tests]") {
    const auto ws = workspace_of("clean");
    const auto ev = passing_test_evidence();
    const auto unit = evaluate("unit-tests", ev, ws);
    CHECK(unit.status == GateStatus::pass);
    CHECK(unit.summary == "4 passed, 0 failed, 1 ignored in 2 targets");
    const auto integration = evaluate("integration-tests", ev, ws);
    CHECK(integration.status == GateStatus::pass);
    CHECK(metric(integration, "passed") == 3.0);
}

TEST_CASE("unit-tests: zero tests is a failure", "[gates][tests][adversarial]") {
    const auto ws = workspace_of("clean");
    auto ev = passing_test_evidence();
    ev.test_runs.resize(1);
    ev.test_runs[0].run = test_run(ev.test_runs[0].binary, only_ignored_suite(0));
    const auto r = evaluate("unit-tests", ev, ws);
    CHECK(r.status == GateStatus::fail);
    CHECK(r.summary == "no unit tests found (0 passed, 0 failed, 0 ignored in 1 target)");
    CHECK(metric(r, "targets") == 1.0);

    ev.test_runs[0].run = test_run(ev.test_runs[0].binary, only_ignored_suite(1));
    const auto ignored = evaluate("unit-tests", ev, ws);
    CHECK(ignored.status == GateStatus::fail);
    CHECK(ignored.summary == "no unit tests ran: every one is ignored (0 passed, 0 failed, 1 ignored in 1 target)");
    CHECK(metric(ignored, "ignored") == 1.0);

    ev.test_runs.clear();
    const auto none = evaluate("unit-tests", ev, ws);
    CHECK(none.status == GateStatus::fail);
    CHECK(none.summary == "no unit tests: no lib or bin target to test");
}

TEST_CASE("integration-tests: no tests/ target fails and says so", "[gates][tests][adversarial]") {
    const auto ws = workspace_of("clean");
    auto ev = passing_test_evidence();
    ev.test_runs.pop_back();  // no-integration: only the lib and bin binaries
    const auto r = evaluate("integration-tests", ev, ws);
    CHECK(r.status == GateStatus::fail);
    CHECK(r.summary == "no integration tests: add test files under tests/ (tests/*.rs)");
    CHECK(metric(r, "targets") == 0.0);
    CHECK(evaluate("unit-tests", ev, ws).status == GateStatus::pass);
}

TEST_CASE("unit-tests and integration-tests: a test build that fails to compile fails both",
          "[gates][tests][adversarial]") {
    const auto ws = workspace_of("no-compile");
    const auto check = compile_evidence("no-compile", "check", ws);
    gc::TestBuildEvidence build;
    build.success = false;
    build.diagnostics = check.diagnostics;
    Evidence ev;
    ev.test_build = build;
    for (const std::string id : {"unit-tests", "integration-tests"}) {
        INFO(id);
        const auto r = evaluate(id, ev, ws);
        CHECK(r.status == GateStatus::fail);
        CHECK(r.summary == "the tests do not compile (1 error in lib gcfx_no_compile)");
        REQUIRE(r.findings.size() == 1u);
        CHECK(r.findings[0].rule == "E0308");
        CHECK(r.findings[0].line == 96);
    }
}

TEST_CASE("unit-tests: problems of the test build or of a test binary are never a pass",
          "[gates][tests][adversarial]") {
    const auto ws = workspace_of("clean");
    SECTION("cargo missing for the test build") {
        Evidence ev;
        ev.test_build = gc::ToolProblem{GateStatus::unavailable, "cargo is not installed", "install rustup"};
        const auto r = evaluate("unit-tests", ev, ws);
        CHECK(r.status == GateStatus::unavailable);
        CHECK(r.fix == "install rustup");
    }
    SECTION("the test build never ran") {
        auto ev = passing_test_evidence();
        ev.test_build = gc::Probed<gc::TestBuildEvidence>{};
        const auto r = evaluate("unit-tests", ev, ws);
        CHECK(r.status == GateStatus::error);
        CHECK(r.summary == "the test build did not run");
    }
    SECTION("one binary could not be run, the other passed") {
        auto ev = passing_test_evidence();
        ev.test_runs[1].run = gc::ToolProblem{GateStatus::error, "cannot run gcfx-clean: Permission denied", ""};
        const auto r = evaluate("unit-tests", ev, ws);
        CHECK(r.status == GateStatus::error);
        CHECK(r.summary == "cannot run gcfx-clean: Permission denied");
        CHECK(metric(r, "passed") == 3.0);  // what did run is still reported
        CHECK(metric(r, "targets") == 1.0);
    }
    SECTION("a binary was interrupted while another failed: the failure is known") {
        auto ev = recorded_test_evidence("failing-unit", workspace_of("failing-unit"));
        for (auto& br : ev.test_runs) {
            if (br.binary.kind == "bin") {
                br.run = gc::ToolProblem{GateStatus::error, "interrupted before the tests finished", ""};
            }
        }
        const auto r = evaluate("unit-tests", ev, workspace_of("failing-unit"));
        CHECK(r.status == GateStatus::fail);
        CHECK(metric(r, "failed") == 1.0);
    }
}

TEST_CASE("unit-tests: a test binary whose run never reported is not a pass", "[gates][tests][adversarial]") {
    // Regression test (the bug is fixed) for gates/common.cpp, evaluate_test_runs: a Probed<TestRun> that never ran
    // (neither a TestRun nor a ToolProblem) is skipped silently, so a passing binary next to it makes the gate pass on
    // partial evidence. Every other gate reads missing evidence as an error
    // ("cargo clippy did not run", "rustdoc did not run for ...", "the test build did not
    // run"). Expected: error; actual: pass ("4 passed, 0 failed, 1 ignored in 2 targets",
    // with 3 binaries listed by the test build).
    const auto ws = workspace_of("clean");
    auto ev = passing_test_evidence();
    ev.test_runs[1].run = gc::Probed<gc::TestRun>{};
    const auto r = evaluate("unit-tests", ev, ws);
    CHECK(r.status != GateStatus::pass);
}

// ---------------------------------------------------------------------------------------
// doctests

TEST_CASE("doctests: the failing doc test of `failing-doctest` points at its example", "[gates][doctests]") {
    const auto ws = workspace_of("failing-doctest");
    Evidence ev;
    ev.doctests["gcfx-failing-doctest"] =
        test_run(gc::TestBinary{"gcfx-failing-doctest", "/work/fixture", "gcfx-failing-doctest", "doctest", ""},
                 read_data("failing-doctest/doctests.stdout"));
    const auto r = evaluate("doctests", ev, ws);
    CHECK(r.status == GateStatus::fail);
    CHECK(metric(r, "passed") == 9.0);
    CHECK(metric(r, "failed") == 1.0);
    CHECK(metric(r, "targets") == 1.0);
    CHECK(r.summary == "9 passed, 1 failed, 0 ignored in 1 target");
    REQUIRE(r.findings.size() == 1u);
    const auto& f = r.findings[0];
    CHECK(f.rule == "test-failed");
    CHECK_THAT(f.message, StartsWith("src/lib.rs - Stack<T>::len (line 88) failed in gcfx-failing-doctest: "));
    CHECK(f.file == "src/lib.rs");
    CHECK(f.line == 88);  // the example's fence, not line 8 of the generated program
    CHECK(f.column == 1);
}

TEST_CASE("doctests: passing, none, and a library that does not compile", "[gates][doctests]") {
    const auto ws = workspace_of("clean");
    Evidence ev;
    // The clean crate has a library: no doc test run is unknown, unless it has `doctest = false`.
    const auto never = evaluate("doctests", ev, ws);
    CHECK(never.status == GateStatus::error);
    CHECK(never.summary == "cargo test --doc did not run");
    auto no_doctest = ws;
    for (auto& t : no_doctest.members.front().targets) {
        t.doctest = false;
    }
    const auto off = evaluate("doctests", ev, no_doctest);
    CHECK(off.status == GateStatus::fail);
    CHECK(off.summary == "doc tests are turned off (`doctest = false` in [lib]) for gcfx-clean");

    const auto bin_only = without_library(ws);
    const auto none = evaluate("doctests", ev, bin_only);
    CHECK(none.status == GateStatus::skip);
    CHECK(none.summary == "no library target: no doc tests to run");

    const gc::TestBinary doc{"gcfx-clean", "/work/fixture", "gcfx-clean", "doctest", ""};
    ev.doctests["gcfx-clean"] = passing_run(doc, 10);
    const auto ok = evaluate("doctests", ev, ws);
    CHECK(ok.status == GateStatus::pass);
    CHECK(ok.summary == "10 passed, 0 failed, 0 ignored in 1 target");

    gc::TestRun broken;
    broken.binary = doc;
    broken.abnormal = "the library does not compile, so its doc tests cannot run";
    ev.doctests["gcfx-clean"] = broken;
    const auto r = evaluate("doctests", ev, ws);
    CHECK(r.status == GateStatus::fail);
    CHECK(r.summary == "doc tests did not finish: 0 passed, 0 failed, 0 ignored in 1 target");
    REQUIRE(r.findings.size() == 1u);
    CHECK(r.findings[0].message == "gcfx-clean: the library does not compile, so its doc tests cannot run");

    ev.doctests["gcfx-clean"] = gc::ToolProblem{GateStatus::error, "`cargo test --doc` printed no libtest JSON", ""};
    CHECK(evaluate("doctests", ev, ws).status == GateStatus::error);
}
