// The coverage gate on the cov-* fixtures and on strsim 0.10.0 from Debian's registry, with
// the real toolchain and Debian's llvm-19: the `coverage` flavour (-Cinstrument-coverage,
// `--target <host>`, <target-dir>/gatecheck/coverage), then llvm-profdata merge and llvm-cov
// export. Its percentages are compared with what `llvm-cov report` prints for the same
// profile and test binaries; a warm re-run builds nothing; LLVM 14 or no LLVM is unavailable.
// Fixture copies are tagged "cov-*": no other test file uses them.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <map>
#include <regex>
#include <sstream>

#include "support.hpp"

using namespace e2e;

namespace {

const char* kLlvmBin = "/usr/lib/llvm-19/bin";
// The ignore regex of the gate for a crate whose target dir is outside it (CARGO_HOME
// under build/, not ~/.cargo): the parts that apply to these crates.
const char* kIgnore = R"(/rustc/|^/usr/share/cargo/|/\.cargo/(registry|git)/)";

fs::path coverage_dir(const Crate& crate) {
    return crate.target_dir / "gatecheck" / "coverage";
}

// The doc test binaries rustdoc persisted: <coverage>/doctests/<package>/<one dir per doc
// test>/rust_out, as measured with rustc 1.95.
std::vector<std::string> doctest_binaries(const Crate& crate) {
    std::vector<std::string> out;
    if (!fs::is_directory(coverage_dir(crate) / "doctests")) {
        return out;
    }
    for (const auto& e : fs::recursive_directory_iterator(coverage_dir(crate) / "doctests")) {
        if (e.is_regular_file() && e.path().filename() == "rust_out") {
            out.push_back(e.path().string());
        }
    }
    return out;
}

// Test binaries in the flavour's deps dir: executables without an extension; with the
// persisted doc test binaries unless `doctests` is false.
std::vector<std::string> test_binaries(const Crate& crate, bool doctests = true) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(coverage_dir(crate) / "x86_64-unknown-linux-gnu" / "debug" / "deps")) {
        const auto perms = e.status().permissions();
        if (e.is_regular_file() && !e.path().has_extension() && (perms & fs::perms::owner_exec) != fs::perms::none) {
            out.push_back(e.path().string());
        }
    }
    if (doctests) {
        const auto doc = doctest_binaries(crate);
        out.insert(out.end(), doc.begin(), doc.end());
    }
    return out;
}

std::vector<std::string> llvm_cov(const Crate& crate, const std::vector<std::string>& args, bool doctests) {
    std::vector<std::string> argv{std::string(kLlvmBin) + "/llvm-cov"};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"-instr-profile", (coverage_dir(crate) / "coverage.profdata").string(),
                             "--ignore-filename-regex", kIgnore});
    for (const auto& b : test_binaries(crate, doctests)) {
        argv.insert(argv.end(), {"-object", b});
    }
    return argv;
}

struct RawTotals {
    long regions = 0;
    long regions_missed = 0;
    long lines = 0;
    long lines_missed = 0;
    std::string regions_cover;
    std::string lines_cover;
};

// `llvm-cov report` on gatecheck's own merged profile and the flavour's test binaries:
// its TOTAL line (regions, missed, cover; functions, missed, executed; lines, missed, cover).
RawTotals llvm_cov_report(const Crate& crate, bool doctests) {
    const auto r = run_program(llvm_cov(crate, {"report"}, doctests), crate.dir);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const std::regex total(R"(TOTAL\s+(\d+)\s+(\d+)\s+([\d.]+)%\s+\d+\s+\d+\s+[\d.]+%\s+(\d+)\s+(\d+)\s+([\d.]+)%)");
    std::smatch m;
    REQUIRE(std::regex_search(r.out, m, total));
    return {std::stol(m[1]), std::stol(m[2]), std::stol(m[4]), std::stol(m[5]), m[3], m[6]};
}

void check_equals_llvm_cov(const Run& run, const Crate& crate, bool doctests = true) {
    const auto raw = llvm_cov_report(crate, doctests);
    CHECK(metric(run.report, "coverage", "doctests_counted") ==
          static_cast<double>(doctests ? doctest_binaries(crate).size() : 0));
    CHECK(metric(run.report, "coverage", "lines_total") == raw.lines);
    CHECK(metric(run.report, "coverage", "lines_covered") == raw.lines - raw.lines_missed);
    CHECK(metric(run.report, "coverage", "regions_total") == raw.regions);
    CHECK(metric(run.report, "coverage", "regions_covered") == raw.regions - raw.regions_missed);
    CHECK(fmt::format("{:.2f}", metric(run.report, "coverage", "lines_percent")) == raw.lines_cover);
    CHECK(fmt::format("{:.2f}", metric(run.report, "coverage", "regions_percent")) == raw.regions_cover);
}

const json& only_finding(const json& report) {
    const auto& findings = gate(report, "coverage").at("findings");
    REQUIRE(findings.size() == 1);
    return findings.at(0);
}

}  // namespace

TEST_CASE("coverage: a fully covered crate passes with llvm-cov's figures; a warm re-run builds nothing") {
    const auto crate = fixture("cov-full", "cov-full");
    const auto r = gatecheck(crate, {"--gate", "coverage"});
    INFO(r.out << r.err);
    REQUIRE(r.report.is_object());
    CHECK(r.exit_code == 0);
    CHECK(status(r.report, "coverage") == "pass");
    // llvm-cov report: src/lib.rs 16 of 16 lines, tests/api.rs 3 of 3; 27 regions.
    CHECK(metric(r.report, "coverage", "lines_total") == 19);
    CHECK(metric(r.report, "coverage", "lines_percent") == 100);
    CHECK(metric(r.report, "coverage", "regions_total") == 27);
    CHECK(metric(r.report, "coverage", "src/lib.rs:lines_total") == 16);
    CHECK(metric(r.report, "coverage", "test_binaries") == 2);
    CHECK(metric(r.report, "coverage", "profiles") == 2);
    CHECK(gate(r.report, "coverage").at("findings").empty());
    check_equals_llvm_cov(r, crate);
    // Its own dir, never the user's or the sanitizer's; profiles inside it.
    CHECK(fs::is_directory(coverage_dir(crate) / "profiles"));
    CHECK_FALSE(fs::exists(crate.target_dir / "gatecheck" / "asan"));
    CHECK_FALSE(fs::exists(crate.target_dir / "debug"));

    // Warm: no instrumented artifact is written again, and only this run's profiles count.
    const auto deps = coverage_dir(crate) / "x86_64-unknown-linux-gnu" / "debug";
    const auto before = file_times(deps);
    const auto warm = gatecheck(crate, {"--gate", "coverage"});
    INFO(warm.out << warm.err);
    CHECK(status(warm.report, "coverage") == "pass");
    CHECK(file_times(deps) == before);
    CHECK(metric(warm.report, "coverage", "profiles") == 2);
    CHECK(metric(warm.report, "coverage", "lines_covered") == 19);
}

TEST_CASE("coverage: below the overall threshold fails, with the lines never run") {
    const auto crate = fixture("cov-low", "cov-low");
    const auto r = gatecheck(crate, {"--gate", "coverage", "--gate", "unit-tests"});
    INFO(r.out << r.err);
    REQUIRE(r.report.is_object());
    CHECK(r.exit_code == 1);
    CHECK(status(r.report, "coverage") == "fail");
    CHECK(status(r.report, "unit-tests") == "pass");
    CHECK(metric(r.report, "coverage", "lines_covered") == 12);
    CHECK(metric(r.report, "coverage", "lines_total") == 31);
    CHECK(metric(r.report, "coverage", "regions_covered") == 24);
    CHECK(metric(r.report, "coverage", "regions_total") == 53);
    check_equals_llvm_cov(r, crate);
    const auto& f = only_finding(r.report);
    CHECK(f.at("file") == "src/lib.rs");
    CHECK(f.at("level") == "error");
    CHECK(contains(f.at("message").get<std::string>(), "38.7% (12 of 31)"));
    CHECK(contains(f.at("message").get<std::string>(), "src/lib.rs:20, 24, 29, 35-42, 45, 49-55"));
    // The checklist item takes the worse of unit-tests (pass) and coverage (fail).
    bool found = false;
    for (const auto& item : r.report.at("checklist")) {
        if (item.at("item") == "Unit tests with comprehensive coverage") {
            found = true;
            CHECK(item.at("status") == "fail");
            CHECK(item.at("gates") == json::array({"unit-tests", "coverage"}));
        }
    }
    CHECK(found);
}

TEST_CASE("coverage: one file below the per-file threshold fails, the overall share alone passes") {
    const auto crate = fixture("cov-one-file", "cov-one-file");
    write(crate.dir / "gatecheck.toml", "");
    const auto overall = gatecheck(crate, {"--gate", "coverage"});
    INFO(overall.out << overall.err);
    REQUIRE(overall.report.is_object());
    CHECK(status(overall.report, "coverage") == "pass");
    CHECK(metric(overall.report, "coverage", "lines_covered") == 75);
    CHECK(metric(overall.report, "coverage", "lines_total") == 90);
    CHECK(gate(overall.report, "coverage").at("findings").empty());
    check_equals_llvm_cov(overall, crate);

    write(crate.dir / "gatecheck.toml", "[gates.coverage]\nmin_lines_per_file = 60\n");
    const auto r = gatecheck(crate, {"--gate", "coverage"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    CHECK(status(r.report, "coverage") == "fail");
    CHECK(metric(r.report, "coverage", "src/rarely.rs:lines_covered") == 11);
    CHECK(metric(r.report, "coverage", "src/rarely.rs:lines_total") == 26);
    CHECK(metric(r.report, "coverage", "src/lib.rs:lines_percent") == 100);
    const auto& f = only_finding(r.report);
    CHECK(f.at("file") == "src/rarely.rs");
    CHECK(f.at("line") == 12);
    CHECK(contains(f.at("message").get<std::string>(), "src/rarely.rs:12-13, 24-28, 32-37, 39-40"));
    CHECK(contains(gate(r.report, "coverage").at("summary").get<std::string>(), "1 file below 60.0% per file"));
    fs::remove(crate.dir / "gatecheck.toml");
}

TEST_CASE("coverage: lines only a doc test reaches count; `doctests = false` leaves them out") {
    const auto crate = fixture("cov-doctest", "cov-doctest");
    const auto r = gatecheck(crate, {"--gate", "coverage"});
    INFO(r.out << r.err);
    REQUIRE(r.report.is_object());
    CHECK(r.exit_code == 0);
    CHECK(status(r.report, "coverage") == "pass");
    // `area` by its unit test, `perimeter` by its doc test only: 10 of 10 lines, 16 regions.
    CHECK(metric(r.report, "coverage", "lines_covered") == 10);
    CHECK(metric(r.report, "coverage", "lines_total") == 10);
    CHECK(metric(r.report, "coverage", "regions_total") == 16);
    CHECK(metric(r.report, "coverage", "test_binaries") == 1);
    CHECK(metric(r.report, "coverage", "doctests_counted") == 2);  // edition 2021: one binary per doc test
    CHECK(metric(r.report, "coverage", "profiles") == 3);
    CHECK(contains(gate(r.report, "coverage").at("summary").get<std::string>(), "2 doc test binaries counted"));
    CHECK(doctest_binaries(crate).size() == 2);
    check_equals_llvm_cov(r, crate);
    // rustdoc's generated `main` of each doc test maps onto the doc comment's lines (5-7,
    // 15-18): compiled with #![coverage(off)], none of them is an instrumented line.
    const auto lcov = run_program(llvm_cov(crate, {"export", "-format=lcov"}, true), crate.dir);
    REQUIRE(lcov.exit_code == 0);
    for (const int doc_line : {5, 6, 7, 15, 16, 17, 18}) {
        CHECK_FALSE(contains(lcov.out, fmt::format("DA:{},", doc_line)));
    }
    CHECK(contains(lcov.out, "DA:21,2"));  // `perimeter`'s body, reached twice by the doc test

    // The doc test run (RUSTC_BOOTSTRAP=1, its own RUSTDOCFLAGS) leaves the build fresh: the
    // re-run below writes no instrumented artifact again.
    const auto deps = coverage_dir(crate) / "x86_64-unknown-linux-gnu" / "debug";
    const auto before = file_times(deps);
    write(crate.dir / "gatecheck.toml", "[gates.coverage]\ndoctests = false\n");
    const auto off = gatecheck(crate, {"--gate", "coverage"});
    INFO(off.out << off.err);
    CHECK(file_times(deps) == before);
    REQUIRE(off.report.is_object());
    CHECK(off.exit_code == 1);
    CHECK(status(off.report, "coverage") == "fail");
    CHECK(metric(off.report, "coverage", "lines_covered") == 6);
    CHECK(metric(off.report, "coverage", "lines_total") == 10);
    CHECK(metric(off.report, "coverage", "profiles") == 1);
    CHECK(contains(gate(off.report, "coverage").at("summary").get<std::string>(), "doc tests not counted"));
    CHECK(contains(only_finding(off.report).at("message").get<std::string>(), "src/lib.rs:20-23"));
    check_equals_llvm_cov(off, crate, false);
    fs::remove(crate.dir / "gatecheck.toml");
}

TEST_CASE("coverage: failing doc tests still count, and the gate says they failed") {
    const auto crate = fixture("failing-doctest", "cov-failing-doctest");
    const auto r = gatecheck(crate, {"--gate", "coverage", "--gate", "doctests"});
    INFO(r.out << r.err);
    REQUIRE(r.report.is_object());
    CHECK(status(r.report, "doctests") == "fail");
    const auto coverage = status(r.report, "coverage");
    CHECK((coverage == "pass" || coverage == "fail"));
    CHECK(metric(r.report, "coverage", "doctests_failed") == metric(r.report, "doctests", "failed"));
    CHECK(metric(r.report, "coverage", "doctests_failed") >= 1);
    CHECK(metric(r.report, "coverage", "doctests_counted") >= 1);
    CHECK(contains(gate(r.report, "coverage").at("summary").get<std::string>(), "failed (see doctests)"));
    check_equals_llvm_cov(r, crate);
}

TEST_CASE("coverage: LLVM 14 cannot read the profiles and no LLVM at all: unavailable, never a pass") {
    const auto crate = fixture("cov-full", "cov-llvm");
    write(crate.dir / "gatecheck.toml", "[gates.coverage]\nllvm_bin = \"/usr/lib/llvm-14/bin\"\n");
    const auto old = gatecheck(crate, {"--gate", "coverage"});
    INFO(old.out << old.err);
    REQUIRE(old.report.is_object());
    CHECK(old.exit_code == 3);
    CHECK(status(old.report, "coverage") == "unavailable");
    CHECK(contains(gate(old.report, "coverage").at("summary").get<std::string>(), "cannot read rustc's coverage"));
    CHECK(gate(old.report, "coverage").at("fix") == "apt-get install llvm-19");

    fs::create_directories(crate.dir / "no-llvm");
    write(crate.dir / "gatecheck.toml", "[gates.coverage]\nllvm_bin = \"no-llvm\"\n");
    const auto none = gatecheck(crate, {"--gate", "coverage"});
    INFO(none.out << none.err);
    CHECK(none.exit_code == 3);
    CHECK(status(none.report, "coverage") == "unavailable");
    CHECK(contains(gate(none.report, "coverage").at("summary").get<std::string>(), "no llvm-profdata"));
    CHECK(gate(none.report, "coverage").at("fix") == "apt-get install llvm-19");
    fs::remove(crate.dir / "gatecheck.toml");
}

TEST_CASE("coverage: real crate strsim 0.10.0 from Debian's registry equals llvm-cov report") {
    const auto crate = copy_crate("/usr/share/cargo/registry/strsim-0.10.0", "cov-strsim");
    const auto r = gatecheck(crate, {"--gate", "coverage", "--gate", "unit-tests", "--gate", "integration-tests"});
    INFO(r.out << r.err);
    REQUIRE(r.report.is_object());
    CHECK(status(r.report, "coverage") == "pass");
    // Both test binaries ran: 88 unit tests, 8 integration tests.
    CHECK(metric(r.report, "coverage", "test_binaries") == 2);
    CHECK(metric(r.report, "unit-tests", "passed") == 88);
    CHECK(metric(r.report, "integration-tests", "passed") == 8);
    CHECK(metric(r.report, "coverage", "files") == 2);
    // Its doc tests too (edition 2015: one binary each), in the same comparison.
    CHECK(metric(r.report, "coverage", "doctests_counted") == 11);
    check_equals_llvm_cov(r, crate);
}

TEST_CASE("coverage: failing tests still give coverage, and the gate says they failed") {
    const auto crate = fixture("failing-unit", "cov-failing-unit");
    const auto r = gatecheck(crate, {"--gate", "coverage", "--gate", "unit-tests", "--gate", "integration-tests"});
    INFO(r.out << r.err);
    REQUIRE(r.report.is_object());
    CHECK(status(r.report, "unit-tests") == "fail");
    const auto coverage = status(r.report, "coverage");
    CHECK((coverage == "pass" || coverage == "fail"));
    const double failed = metric(r.report, "unit-tests", "failed") + metric(r.report, "integration-tests", "failed");
    CHECK(failed >= 1);
    CHECK(metric(r.report, "coverage", "tests_failed") == failed);
    CHECK(metric(r.report, "coverage", "lines_total") > 0);
    CHECK(contains(gate(r.report, "coverage").at("summary").get<std::string>(), "measured although"));
    check_equals_llvm_cov(r, crate);
}

TEST_CASE("coverage: `gatecheck list` names the coverage gate's LLVM 19 and whether it is here") {
    const auto list = gatecheck_plain({"list"}, source_dir());
    INFO(list.out << list.err);
    CHECK(list.exit_code == 0);
    const auto line = list.out.substr(list.out.find("\ncoverage "), 120);
    CHECK(contains(line, "llvm-19 available"));  // scripts/setup.sh installs llvm-19
}
