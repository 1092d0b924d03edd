// The coverage gate's parts on real output of llvm-cov 19 recorded from the cov-one-file
// fixture (tests/data/cov-one-file/; paths there read /work/fixture): the JSON summary and
// the lcov lines, the tool lookup, and the gate's verdicts over that evidence.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <optional>

#include <unistd.h>

#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "gate_result.hpp"
#include "gates/gate.hpp"
#include "probes/coverage_report.hpp"
#include "probes/flavour.hpp"
#include "recorded.hpp"

namespace {

namespace fs = std::filesystem;
using recorded::read_data;

const fs::path kRoot = "/work/fixture";

std::string fmt_percent(double value) {
    return fmt::format("{:.2f}", value);  // as llvm-cov report prints it
}

gc::CoverageEvidence recorded_evidence() {
    auto ev = gc::parse_coverage_summary(read_data("cov-one-file/coverage-export.stdout"), kRoot, kRoot / "target");
    REQUIRE(ev.ok());
    REQUIRE(gc::add_lcov_lines(*ev, read_data("cov-one-file/coverage-lcov.stdout"), kRoot).ok());
    ev->profiles = 1;
    ev->objects = {"/work/fixture/target/debug/deps/gcfx_cov_one_file-0"};
    return std::move(ev).value();
}

// The instrumented doc tests of the one package, when they ran.
struct Doctests {
    std::optional<gc::Probed<gc::TestRun>> run{};
    bool on = true;  // [gates.coverage] doctests
};

// The gate over `cov` with a passing coverage build and test run, `toml`-free settings.
gc::GateResult evaluate(const gc::Probed<gc::CoverageEvidence>& cov, double min_lines, double per_file, long failed = 0,
                        const Doctests& doctests = {}) {
    const auto flavour = gc::coverage_flavour();
    gc::Evidence evidence;
    gc::TestBuildEvidence build;
    build.success = true;
    evidence.put(flavour.build_key(), build);
    gc::TestRun run;
    run.passed = 5;
    run.failed = failed;
    evidence.put(flavour.unit_key(), "gcfx-cov-one-file/lib:gcfx_cov_one_file", run);
    evidence.put(gc::keys::coverage, cov);
    if (doctests.run) {
        evidence.put(flavour.doctest_key(), "gcfx-cov-one-file", *doctests.run);
    }
    gc::GateSettings settings;
    settings.values = {{"min_lines", min_lines},
                       {"min_lines_per_file", per_file},
                       {"doctests", doctests.on},
                       {"llvm_bin", std::string{}}};
    gc::Workspace ws;
    ws.root = kRoot;
    return gc::find_gate("coverage")->evaluate(gc::GateInput{evidence, settings, ws});
}

}  // namespace

TEST_CASE("coverage: llvm-cov's summary and lcov give each own file's counts and never-run lines", "[coverage]") {
    const auto ev = recorded_evidence();
    REQUIRE(ev.files.size() == 2);
    CHECK(ev.files[0].file == "src/lib.rs");
    CHECK(ev.files[0].lines.covered == 64);
    CHECK(ev.files[0].lines.count == 64);
    CHECK(ev.files[0].regions.covered == 111);
    CHECK(ev.files[0].uncovered.empty());
    CHECK(ev.files[1].file == "src/rarely.rs");
    CHECK(ev.files[1].lines.covered == 11);
    CHECK(ev.files[1].lines.count == 26);
    CHECK(ev.files[1].regions.covered == 18);
    CHECK(ev.files[1].regions.count == 47);
    CHECK(gc::line_ranges(ev.files[1].uncovered) == "12-13, 24-28, 32-37, 39-40");
    // The totals `llvm-cov report` printed for the same profile (coverage-report.stdout).
    CHECK(ev.lines.covered == 75);
    CHECK(ev.lines.count == 90);
    CHECK(ev.regions.covered == 129);
    CHECK(ev.regions.count == 158);
    const auto report = read_data("cov-one-file/coverage-report.stdout");
    CHECK(report.find("TOTAL                             158                29    81.65%") != std::string::npos);
    CHECK(fmt_percent(ev.regions.percent()) == "81.65");
    CHECK(fmt_percent(ev.lines.percent()) == "83.33");
}

TEST_CASE("coverage: files outside the root or in the target dir are not the crate's", "[coverage]") {
    const auto json = read_data("cov-one-file/coverage-export.stdout");
    const auto elsewhere = gc::parse_coverage_summary(json, "/work/other", "/work/other/target");
    REQUIRE(elsewhere.ok());
    CHECK(elsewhere->files.empty());
    CHECK(elsewhere->outside_files == 2);
    const auto generated = gc::parse_coverage_summary(json, "/work", "/work/fixture/src");
    REQUIRE(generated.ok());
    CHECK(generated->files.empty());
}

TEST_CASE("coverage: output that is not llvm-cov's export, or lcov that disagrees, is an error", "[coverage]") {
    CHECK_FALSE(gc::parse_coverage_summary("", kRoot, {}).ok());
    CHECK_FALSE(gc::parse_coverage_summary("{\"type\":\"other\"}", kRoot, {}).ok());
    CHECK_FALSE(
        gc::parse_coverage_summary(R"({"type":"llvm.coverage.json.export","data":[{"files":[{}]}]})", kRoot, {}).ok());
    auto ev = gc::parse_coverage_summary(read_data("cov-one-file/coverage-export.stdout"), kRoot, {});
    REQUIRE(ev.ok());
    auto lcov = read_data("cov-one-file/coverage-lcov.stdout");
    lcov.replace(lcov.find("LH:11"), 5, "LH:12");
    CHECK_FALSE(gc::add_lcov_lines(*ev, lcov, kRoot).ok());
}

TEST_CASE("coverage: Debian's default llvm-profdata 14 cannot read rustc 1.95's profiles, and says so", "[coverage]") {
    CHECK(recorded::recorded_exit("cov-one-file", "coverage-merge-llvm14") == 1);
    CHECK(gc::llvm_too_old(read_data("cov-one-file/coverage-merge-llvm14.stderr")));
    CHECK_FALSE(gc::llvm_too_old("error: no input files specified. See llvm-profdata merge -help"));
}

TEST_CASE("coverage: line ranges and the ignore regex", "[coverage]") {
    CHECK(gc::line_ranges({}).empty());
    CHECK(gc::line_ranges({30}) == "30");
    CHECK(gc::line_ranges({12, 13, 14, 15, 16, 17, 18, 30}) == "12-18, 30");
    const auto regex = gc::coverage_ignore_regex("/w/target/gatecheck/coverage", "/h/cargo-home");
    CHECK(regex == R"(/rustc/|^/usr/share/cargo/|/\.cargo/(registry|git)/|^/h/cargo-home/(registry|git)/)"
                   R"(|^/w/target/gatecheck/coverage/)");
}

TEST_CASE("coverage: the llvm tools come from the setting, else Debian's llvm-19 dir, else PATH", "[coverage]") {
    const auto dir = fs::temp_directory_path() / "gatecheck-unit-llvm-tools";
    fs::remove_all(dir);
    fs::create_directories(dir / "bin19");
    fs::create_directories(dir / "path");
    fs::create_directories(dir / "empty");
    for (const auto& f : {"bin19/llvm-profdata", "bin19/llvm-cov", "path/llvm-profdata-19", "path/llvm-cov-19"}) {
        std::ofstream(dir / f) << "#!/bin/sh\n";
    }
    const auto configured = gc::find_llvm_tools((dir / "bin19").string(), "", dir / "none");
    REQUIRE(configured.ok());
    CHECK(configured->cov == (dir / "bin19" / "llvm-cov").string());
    const auto missing = gc::find_llvm_tools((dir / "empty").string(), (dir / "path").string(), dir / "bin19");
    REQUIRE_FALSE(missing.ok());
    CHECK_THAT(missing.error().message, Catch::Contains("llvm_bin"));
    const auto debian = gc::find_llvm_tools("", (dir / "path").string(), dir / "bin19");
    REQUIRE(debian.ok());
    CHECK(debian->profdata == (dir / "bin19" / "llvm-profdata").string());
    const auto on_path = gc::find_llvm_tools("", "/nowhere:" + (dir / "path").string(), dir / "none");
    REQUIRE(on_path.ok());
    CHECK(on_path->profdata == (dir / "path" / "llvm-profdata-19").string());
    CHECK_FALSE(gc::find_llvm_tools("", "/nowhere", dir / "none").ok());
    fs::remove_all(dir);
}

TEST_CASE("coverage gate: above the overall threshold passes, with the llvm-cov figures", "[coverage][gates]") {
    const auto r = evaluate(recorded_evidence(), 80, 0);
    CHECK(r.status == gc::GateStatus::pass);
    CHECK(unit::metric(r, "lines_covered") == 75);
    CHECK(unit::metric(r, "lines_total") == 90);
    CHECK(unit::metric(r, "lines_percent") == Approx(83.3333333));
    CHECK(unit::metric(r, "regions_percent") == Approx(81.6455696));
    CHECK(unit::metric(r, "src/rarely.rs:lines_percent") == Approx(42.3076923));
    CHECK(unit::metric(r, "doctests_counted") == 0);
    // rarely.rs is below 80 % but only the overall share counts: a pass has no findings.
    CHECK(r.findings.empty());
    CHECK_THAT(r.summary, Catch::Contains("83.3% (75 of 90) lines"));
}

TEST_CASE("coverage gate: below the overall threshold fails, worst file first", "[coverage][gates]") {
    auto ev = recorded_evidence();
    ev.files[0].lines.covered = 60;  // lib.rs 93.75 %, still worse-covered files first
    ev.lines.covered = 71;
    const auto r = evaluate(ev, 95, 0);
    CHECK(r.status == gc::GateStatus::fail);
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].file == "src/rarely.rs");
    CHECK(r.findings[0].level == gc::FindingLevel::error);
    CHECK(r.findings[0].line == 12);
    CHECK_THAT(r.findings[0].message, Catch::Contains("src/rarely.rs:12-13, 24-28, 32-37, 39-40"));
    CHECK(r.findings[1].file == "src/lib.rs");
    CHECK_THAT(r.summary, Catch::Contains("below 95.0%"));
}

TEST_CASE("coverage gate: one file below the per-file threshold fails on its own", "[coverage][gates]") {
    const auto r = evaluate(recorded_evidence(), 80, 50);
    CHECK(r.status == gc::GateStatus::fail);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].file == "src/rarely.rs");
    CHECK(r.findings[0].level == gc::FindingLevel::error);
    CHECK_THAT(r.summary, Catch::Contains("1 file below 50.0% per file"));
    // Exact counts: 75 of 90 is 83.33..., below 83.34 and not below 83.33.
    CHECK(evaluate(recorded_evidence(), 83.34, 0).status == gc::GateStatus::fail);
    CHECK(evaluate(recorded_evidence(), 83.33, 0).status == gc::GateStatus::pass);
}

TEST_CASE("coverage gate: failing tests are said, and a probe problem is never a pass", "[coverage][gates]") {
    const auto failed = evaluate(recorded_evidence(), 80, 0, 2);
    CHECK(failed.status == gc::GateStatus::pass);
    CHECK_THAT(failed.summary, Catch::Contains("measured although 2 tests failed"));
    CHECK(unit::metric(failed, "tests_failed") == 2);
    const gc::ToolProblem old{gc::GateStatus::unavailable, "cannot read rustc's coverage profiles",
                              "apt-get install llvm-19"};
    const auto r = evaluate(old, 80, 0);
    CHECK(r.status == gc::GateStatus::unavailable);
    CHECK(r.fix == "apt-get install llvm-19");
    CHECK(evaluate(gc::Probed<gc::CoverageEvidence>{}, 80, 0).status == gc::GateStatus::error);
}

TEST_CASE("coverage gate: doc test binaries are counted, failing doc tests said, a broken run is an error",
          "[coverage][gates]") {
    auto ev = recorded_evidence();
    ev.objects.push_back("/work/fixture/target/gatecheck/coverage/doctests/p/src_lib_rs_5_0/rust_out");
    ev.doctest_objects = 1;
    gc::TestRun doc;
    doc.passed = 1;
    doc.failed = 1;
    const auto counted = evaluate(ev, 80, 0, 0, Doctests{doc});
    CHECK(counted.status == gc::GateStatus::pass);
    CHECK(unit::metric(counted, "doctests_counted") == 1);
    CHECK(unit::metric(counted, "test_binaries") == 1);
    CHECK(unit::metric(counted, "doctests_failed") == 1);
    CHECK_THAT(counted.summary, Catch::Contains("1 doc test binary counted, although 1 doc test failed"));

    const auto off = evaluate(recorded_evidence(), 80, 0, 0, Doctests{std::nullopt, false});
    CHECK(off.status == gc::GateStatus::pass);
    CHECK_THAT(off.summary, Catch::Contains("doc tests not counted (doctests = false)"));

    gc::TestRun crashed = doc;
    crashed.abnormal = "terminated by signal 11 (SIGSEGV)";
    const auto broken = evaluate(ev, 80, 0, 0, Doctests{crashed});
    CHECK(broken.status == gc::GateStatus::error);
    CHECK_THAT(broken.summary, Catch::Contains("did not finish: terminated by signal 11"));

    const gc::ToolProblem unreadable{gc::GateStatus::error, "libtest's JSON output could not be read", ""};
    CHECK(evaluate(ev, 80, 0, 0, Doctests{unreadable}).status == gc::GateStatus::error);
    CHECK(evaluate(ev, 80, 0, 0, Doctests{gc::Probed<gc::TestRun>{}}).status == gc::GateStatus::error);
}

// The layout rustdoc (rustc 1.95) left under --persist-doctests, as measured: one dir per doc
// test with `rust_out`, edition 2024's merged doc tests in merged_doctest_2024_0/ beside their
// sources, compile_fail's dir empty.
TEST_CASE("coverage: the persisted doc test binaries are each dir's rust_out", "[coverage]") {
    const auto dir = fs::temp_directory_path() / fmt::format("gc-persisted-{}", ::getpid());
    fs::remove_all(dir);
    for (const auto* sub : {"src_lib_rs_5_0", "src_lib_rs_14_0", "merged_doctest_2024_0", "src_lib_rs_33_0"}) {
        fs::create_directories(dir / sub);
    }
    for (const auto* bin : {"src_lib_rs_5_0/rust_out", "src_lib_rs_14_0/rust_out", "merged_doctest_2024_0/rust_out",
                            "merged_doctest_2024_0/doctest_bundle_2024.rs"}) {
        std::ofstream(dir / bin) << "x";
    }
    const auto found = gc::list_persisted_doctests(dir);
    CHECK(found.dirs == 4);
    CHECK(found.binaries == std::vector<std::string>{(dir / "merged_doctest_2024_0/rust_out").string(),
                                                     (dir / "src_lib_rs_14_0/rust_out").string(),
                                                     (dir / "src_lib_rs_5_0/rust_out").string()});
    CHECK(gc::list_persisted_doctests(dir / "missing").dirs == 0);
    CHECK(gc::persisted_doctests_dir("/w/target/gatecheck/coverage", "p") == "/w/target/gatecheck/coverage/doctests/p");
    fs::remove_all(dir);
}

TEST_CASE("coverage: the flavour has its own target dir, families and profile dir, never the sanitizer's",
          "[coverage]") {
    gc::Workspace ws;
    ws.root = "/w";
    ws.target_dir = "/w/target";
    const auto cov = gc::coverage_flavour();
    const auto asan = gc::asan_flavour();
    CHECK(cov.target_dir(ws) == "/w/target/gatecheck/coverage");
    CHECK(cov.target_dir(ws) != asan.target_dir(ws));
    CHECK(cov.profile_path(ws) == "/w/target/gatecheck/coverage/profiles");
    CHECK(cov.unit_key().family == "unit-test@coverage");
    CHECK(cov.host_target);  // build scripts and proc macros stay uninstrumented
    // The doc tests' RUSTDOCFLAGS start from the user's, read as cargo reads them.
    CHECK(gc::user_flags({{"RUSTDOCFLAGS", "--cfg docsrs -Dwarnings"}}, "RUSTDOCFLAGS") ==
          std::vector<std::string>{"--cfg", "docsrs", "-Dwarnings"});
    CHECK(gc::user_flags({{"RUSTDOCFLAGS", "-Dwarnings"},
                          {"CARGO_ENCODED_RUSTDOCFLAGS",
                           "--cfg\x1f"
                           "a b"}},
                         "RUSTDOCFLAGS") == std::vector<std::string>{"--cfg", "a b"});
    CHECK(cov.doctest_key().family == "doctests@coverage");
    const auto changes = gc::flavour_environment(cov, {{"RUSTFLAGS", "-Dwarnings --cfg x"}});
    const std::pair<std::string, std::string> flags{"CARGO_ENCODED_RUSTFLAGS",
                                                    "-Dwarnings\x1f--cfg\x1fx\x1f-Cinstrument-coverage"};
    CHECK(std::find(changes.set.begin(), changes.set.end(), flags) != changes.set.end());
    CHECK(changes.unset == std::vector<std::string>{"RUSTFLAGS"});
}
