// gates::evaluate_test_runs keeps every test case, passing ones included, for renderers
// that list them (JUnit); failures keep their panic message and captured output.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "gates/test_results.hpp"

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

TEST_CASE("a failed test carries the cargo command that re-runs just it, for every kind of target") {
    using R = gc::TestCase::Result;
    const gc::Probed<gc::TestRun> lib = run_of("lib", "calc", {test_case("tests::adds", R::failed, kPanic)});
    const gc::Probed<gc::TestRun> bin = run_of("bin", "calc-cli", {test_case("tests::parses", R::failed, kPanic)});
    const gc::Probed<gc::TestRun> integration = run_of("test", "api", {test_case("adds", R::failed, kPanic)});
    const gc::Probed<gc::TestRun> doc = run_of("doctest", "calc",
                                               {test_case("src/lib.rs - Stack<T>::len (line 88)", R::failed, kPanic),
                                                test_case("src/lib.rs - (line 3)", R::failed, kPanic)});
    auto custom = run_of("test", "plain", {test_case("plain", R::failed, "custom harness: 1 check failed\n")});
    custom.binary.harness = false;
    const gc::Probed<gc::TestRun> plain = custom;
    const auto r = gc::gates::evaluate_test_runs(gc::GateResult{}, {&lib, &bin, &integration, &doc, &plain}, kSpec);

    REQUIRE(r.tests.size() == 6);
    CHECK(r.tests[0].rerun == "cargo test -p calc --lib -- tests::adds --exact");
    CHECK(r.tests[1].rerun == "cargo test -p calc --bin calc-cli -- tests::parses --exact");
    CHECK(r.tests[2].rerun == "cargo test -p calc --test api -- adds --exact");
    // rustdoc splits its test arguments at whitespace: the item's examples, or the file's.
    // Quoted for the shell.
    CHECK(r.tests[3].rerun == "cargo test -p calc --doc -- 'Stack<T>::len'");
    CHECK(r.tests[4].rerun == "cargo test -p calc --doc -- src/lib.rs");
    CHECK(r.tests[5].rerun == "cargo test -p calc --test plain");  // a custom harness takes no filter
    REQUIRE(r.findings.size() == 6);
    for (std::size_t i = 0; i < r.findings.size(); ++i) {
        CHECK(r.findings[i].hint == "rerun: " + r.tests[i].rerun);
    }
}

TEST_CASE("passing tests carry no re-run command; a hung binary's finding re-runs its unfinished test") {
    using R = gc::TestCase::Result;
    auto hung = run_of("lib", "calc", {test_case("tests::adds", R::passed)});
    hung.abnormal = "hung: killed after 5 s with its process group";
    hung.unfinished = {"tests::never_ends"};
    const gc::Probed<gc::TestRun> run = hung;
    const auto r = gc::gates::evaluate_test_runs(gc::GateResult{}, {&run}, kSpec);
    REQUIRE(r.tests.size() == 1);
    CHECK(r.tests[0].rerun.empty());
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].rule == "test-binary");
    CHECK(r.findings[0].hint == "rerun: cargo test -p calc --lib -- tests::never_ends --exact");
}
