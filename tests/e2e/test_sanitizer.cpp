// The sanitizer gate on the asan-* fixtures with the real toolchain: stable rustc with
// RUSTC_BOOTSTRAP=1 and -Zsanitizer=address, built for the host in
// <target-dir>/gatecheck/asan. Each report's kind, file and line; the tests an abort lost;
// a proc-macro dependency (needs --target); the user's own build left alone; warm re-runs.
// Fixture copies are tagged "san-*": no other test file uses them.
#include <catch2/catch.hpp>

#include <map>
#include <sstream>

#include "support.hpp"

using namespace e2e;

namespace {

const json& finding(const json& report, const std::string& rule) {
    for (const auto& f : gate(report, "sanitizer").at("findings")) {
        if (f.at("rule") == rule) {
            return f;
        }
    }
    throw std::runtime_error("no finding " + rule);
}

// Artifacts cargo would build again for the user's own `cargo build --tests` in the plain
// target dir (none when the asan build left it alone).
long stale_plain_artifacts(const Crate& crate) {
    const auto r = run_program({"cargo", "build", "--tests", "--message-format=json"}, crate.dir,
                               {{"CARGO_TARGET_DIR", crate.target_dir.string()}});
    REQUIRE(r.exit_code == 0);
    long stale = 0;
    long artifacts = 0;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
        const auto j = json::parse(line, nullptr, false);
        if (!j.is_discarded() && j.value("reason", "") == "compiler-artifact") {
            ++artifacts;
            stale += j.value("fresh", false) ? 0 : 1;
        }
    }
    CHECK(artifacts > 0);
    return stale;
}

}  // namespace

TEST_CASE("sanitizer: correct unsafe code passes, the user's build is untouched, a warm re-run builds nothing") {
    const auto crate = fixture("asan-clean", "san-clean");
    const auto plain = gatecheck(crate, {"--gate", "unit-tests"});
    INFO(plain.out << plain.err);
    REQUIRE(status(plain.report, "unit-tests") == "pass");
    const auto plain_files = file_times(crate.target_dir / "debug");

    const auto r = gatecheck(crate, {"--gate", "sanitizer"});
    INFO(r.out << r.err);
    REQUIRE(r.report.is_object());
    CHECK(r.exit_code == 0);
    CHECK(status(r.report, "sanitizer") == "pass");
    CHECK(metric(r.report, "sanitizer", "passed") == 3);  // 2 unit tests, 1 integration test
    CHECK(metric(r.report, "sanitizer", "reports") == 0);
    CHECK(gate(r.report, "sanitizer").at("findings").empty());
    const auto asan_deps = crate.target_dir / "gatecheck" / "asan" / "x86_64-unknown-linux-gnu" / "debug" / "deps";
    CHECK(fs::is_directory(asan_deps));

    // The asan build touched nothing of the user's: same files, same times, cargo fresh.
    CHECK(file_times(crate.target_dir / "debug") == plain_files);
    CHECK(stale_plain_artifacts(crate) == 0);
    const auto again_plain = gatecheck(crate, {"--gate", "unit-tests"});
    CHECK(status(again_plain.report, "unit-tests") == "pass");
    CHECK(file_times(crate.target_dir / "debug") == plain_files);

    // A warm re-run of the sanitizer gate rebuilds nothing of its own either.
    const auto asan_files = file_times(asan_deps);
    const auto warm = gatecheck(crate, {"--gate", "sanitizer"});
    CHECK(status(warm.report, "sanitizer") == "pass");
    CHECK(file_times(asan_deps) == asan_files);
}

TEST_CASE("sanitizer: a use after free is a finding in the crate's own code, and the tests it lost are named") {
    const auto crate = fixture("asan-use-after-free", "san-uaf");
    const auto r = gatecheck(crate, {"--gate", "sanitizer"});
    INFO(r.out << r.err);
    REQUIRE(r.report.is_object());
    CHECK(r.exit_code == 1);
    CHECK(status(r.report, "sanitizer") == "fail");
    const auto& uaf = finding(r.report, "asan::heap-use-after-free");
    CHECK(uaf.at("file") == "src/lib.rs");
    CHECK(uaf.at("line") == 16);
    CHECK(uaf.at("message").get<std::string>().find("in test tests::b_reads_freed_memory") != std::string::npos);
    const auto lost = finding(r.report, "asan::tests-not-run").at("message").get<std::string>();
    CHECK(lost.find("3 tests not run") != std::string::npos);
    CHECK(lost.find("tests::b_reads_freed_memory, tests::c_adds_more, tests::d_adds_zero") != std::string::npos);
    CHECK(metric(r.report, "sanitizer", "passed") == 1);
    CHECK(metric(r.report, "sanitizer", "not_run") == 3);
    CHECK(r.out.find("heap-use-after-free") != std::string::npos);
}

TEST_CASE("sanitizer: a leak is reported at exit, at the function that allocated") {
    const auto crate = fixture("asan-leak", "san-leak");
    const auto r = gatecheck(crate, {"--gate", "sanitizer"});
    INFO(r.out << r.err);
    REQUIRE(r.report.is_object());
    CHECK(status(r.report, "sanitizer") == "fail");
    const auto& leak = finding(r.report, "asan::memory-leak");
    CHECK(leak.at("file") == "src/lib.rs");
    CHECK(leak.at("line") == 12);
    CHECK(leak.at("message").get<std::string>().find("in test tests::leaks") != std::string::npos);
    CHECK(metric(r.report, "sanitizer", "passed") == 2);
    CHECK(metric(r.report, "sanitizer", "not_run") == 0);
}

TEST_CASE("sanitizer: double free, heap and stack overflows, one binary each") {
    const auto crate = fixture("asan-kinds", "san-kinds");
    const auto r = gatecheck(crate, {"--gate", "sanitizer"});
    INFO(r.out << r.err);
    REQUIRE(r.report.is_object());
    CHECK(status(r.report, "sanitizer") == "fail");
    CHECK(metric(r.report, "sanitizer", "reports") == 3);
    for (const auto& [rule, line] : std::map<std::string, int>{
             {"asan::double-free", 15}, {"asan::heap-buffer-overflow", 30}, {"asan::stack-buffer-overflow", 44}}) {
        INFO(rule);
        const auto& f = finding(r.report, rule);
        CHECK(f.at("file") == "src/lib.rs");
        CHECK(f.at("line") == line);
    }
}

TEST_CASE("sanitizer: a proc-macro dependency builds, because the build is for the host target") {
    const auto crate = fixture("asan-proc-macro", "san-proc-macro");
    const auto r = gatecheck(crate, {"--gate", "sanitizer"});
    INFO(r.out << r.err);
    REQUIRE(r.report.is_object());
    CHECK(status(r.report, "sanitizer") == "pass");
    CHECK(metric(r.report, "sanitizer", "passed") == 1);
}

TEST_CASE("sanitizer: a run without the sanitizer gate never builds the asan flavour") {
    const auto crate = fixture("asan-clean", "san-not-asked");
    const auto r = gatecheck(crate, {"--gate", "unit-tests", "--gate", "integration-tests"});
    INFO(r.out << r.err);
    REQUIRE(r.report.is_object());
    CHECK(status(r.report, "sanitizer") == "skip");
    CHECK_FALSE(fs::exists(crate.target_dir / "gatecheck" / "asan"));
    for (const auto& p : r.report.at("probes")) {
        CHECK(p.at("id").get<std::string>().find("@asan") == std::string::npos);
    }
}
