// gates::evaluate_test_runs keeps every test case, passing ones included, for renderers
// that list them (JUnit); failures keep their panic message and captured output.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "gates/common.hpp"

namespace {

gc::TestRun run_of(const std::string& kind, const std::string& target, std::vector<gc::TestCase> tests) {
    gc::TestRun run;
    run.binary = gc::TestBinary{"calc", "/work/calc", target, kind, "/work/calc/target/debug/deps/" + target};
    for (const auto& t : tests) {
        run.passed += t.result == gc::TestCase::Result::passed ? 1 : 0;
        run.failed += t.result == gc::TestCase::Result::failed ? 1 : 0;
        run.ignored += t.result == gc::TestCase::Result::ignored ? 1 : 0;
    }
    run.tests = std::move(tests);
    return run;
}

gc::TestCase test_case(std::string name, gc::TestCase::Result result, std::string output = "") {
    gc::TestCase t;
    t.name = std::move(name);
    t.result = result;
    t.output = std::move(output);
    t.seconds = 0.25;
    return t;
}

constexpr const char* kPanic =
    "thread 'tests::adds' panicked at src/lib.rs:40:9:\n"
    "assertion `left == right` failed\n"
    "  left: 3\n"
    " right: 4\n"
    "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";

const gc::gates::TestGateSpec kSpec{"unit tests", "no unit tests", gc::GateStatus::fail};

}  // namespace

TEST_CASE("every test case of every run becomes a record, passing and ignored ones too") {
    using R = gc::TestCase::Result;
    const gc::Probed<gc::TestRun> lib =
        run_of("lib", "calc",
               {test_case("tests::adds", R::failed, kPanic), test_case("tests::subs", R::passed),
                test_case("tests::slow", R::ignored)});
    const gc::Probed<gc::TestRun> doc = run_of("doctest", "calc", {test_case("src/lib.rs - add (line 3)", R::passed)});
    gc::GateResult start;
    start.id = "unit-tests";
    const auto r = gc::gates::evaluate_test_runs(start, {&lib, &doc}, kSpec);

    CHECK(r.status == gc::GateStatus::fail);
    REQUIRE(r.tests.size() == 4);
    const auto& failed = r.tests[0];
    CHECK(failed.name == "tests::adds");
    CHECK(failed.target == "calc (lib calc)");
    CHECK(failed.status == gc::TestOutcome::failed);
    CHECK(failed.seconds == 0.25);
    CHECK(failed.message == "assertion `left == right` failed");
    CHECK(failed.output == kPanic);
    CHECK(r.tests[1].status == gc::TestOutcome::passed);
    CHECK(r.tests[1].message.empty());
    CHECK(r.tests[1].output.empty());
    CHECK(r.tests[2].status == gc::TestOutcome::ignored);
    CHECK(r.tests[3].target == "calc");  // a doctest's target is its package, as in findings

    // The finding of the failure says the same as its record.
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].message == "tests::adds failed in calc (lib calc): assertion `left == right` failed");
    CHECK(r.findings[0].file == "src/lib.rs");
    CHECK(r.findings[0].line == 40);
}

TEST_CASE("a run that reported a problem adds no records") {
    const gc::Probed<gc::TestRun> broken = gc::ToolProblem{gc::GateStatus::error, "the binary crashed", ""};
    const auto r = gc::gates::evaluate_test_runs(gc::GateResult{}, {&broken}, kSpec);
    CHECK(r.tests.empty());
    CHECK(r.status == gc::GateStatus::error);
}
