// The miri probe's parser on the real miri outputs available (tests/data/miri/README.md), the
// probe's judgement of them through the recorded runner, and the gate over that evidence.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "engine/evaluate.hpp"
#include "engine/plan.hpp"
#include "evidence/keys.hpp"
#include "probes/miri_report.hpp"
#include "recorded.hpp"
#include "recorded_runner.hpp"

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using recorded::Answer;
using recorded::has;
using recorded::read_data;

namespace {

using Runner = recorded::RecordedRunner;

const auto miri_version = [](bool nightly) {
    return [nightly](const std::vector<std::string>& a) {
        return a[0] == "cargo" && has(a, "miri") && has(a, "--version") && has(a, "+nightly") == nightly;
    };
};
const auto miri_test = [](const std::vector<std::string>& a) {
    return a[0] == "cargo" && has(a, "miri") && has(a, "test");
};

Answer recorded_answer(std::function<bool(const std::vector<std::string>&)> matches, const std::string& name) {
    return Answer{std::move(matches), recorded::recorded_exit("miri", name), read_data("miri/" + name + ".stdout"),
                  read_data("miri/" + name + ".stderr")};
}

gc::GateResult run_miri_gate(Runner& runner) {
    const auto ws = recorded::workspace_of("clean");
    const auto& gates = gc::gate_catalogue();
    const auto config = gc::default_config(gc::gate_schemas(gates));
    gc::CheckOptions options;
    options.gates = {"miri"};
    auto choices = gc::choose_gates(options, config, gates);
    REQUIRE(choices);
    const auto needs = gc::collect_needs(*choices, config, options);
    gc::Evidence evidence;
    const gc::Environment env;
    auto tasks = gc::plan_tasks(gc::probe_registry(), gc::PlanContext{ws, needs, evidence, env});
    const auto records = gc::run_tasks(std::move(tasks), runner, 2);
    for (auto& r : gc::evaluate_gates(*choices, config, ws, evidence, records, gc::today_utc())) {
        if (r.id == "miri") {
            return r;
        }
    }
    FAIL("miri was not evaluated");
    return {};
}

bool ran_miri_test(const Runner& runner) {
    return runner.find([](const gc::process::Command& c) { return miri_test(c.argv); }) != nullptr;
}

const std::string kVersion = "miri 0.1.0 (0000000000 2026-11-20)\n";

}  // namespace

TEST_CASE("miri's Stacked Borrows report: kind, message, span, help and the test on its line", "[miri]") {
    const auto run = gc::parse_miri_output("", read_data("miri/smallstr-stacked-borrows.stderr"));
    REQUIRE(run.reports.size() == 1);
    const auto& r = run.reports[0];
    CHECK(r.kind == "Undefined Behavior");
    CHECK_THAT(r.message,
               StartsWith("trying to retag from <286768> for SharedReadOnly permission at alloc121122[0x8]"));
    CHECK(r.test == "string::test::test_drain");
    REQUIRE(r.locations.size() == 1);
    CHECK_THAT(r.locations[0].file, Contains("library/core/src/slice/raw.rs"));
    CHECK(r.locations[0].line == 138);
    CHECK(r.locations[0].column == 9);
    CHECK_THAT(r.help, StartsWith("this indicates a potential bug in the program"));
    // Only the sysroot's code is on it: no frame of the crate's own.
    CHECK(gc::first_own_location(r, "/home/u/smallstr") == nullptr);
    CHECK(run.summaries == 0);  // the binary Miri stopped prints no `test result:` line
}

TEST_CASE("a one-line report; the test comes from the unfinished test line on stdout", "[miri]") {
    const std::string err = read_data("miri/argv-fewer-arguments.stderr");
    auto run = gc::parse_miri_output("", err);
    REQUIRE(run.reports.size() == 1);
    CHECK(run.reports[0].kind == "Undefined Behavior");
    CHECK(run.reports[0].message == "calling a function with fewer arguments than it requires");
    CHECK(run.reports[0].test.empty());
    CHECK(run.reports[0].locations.empty());
    run = gc::parse_miri_output("\nrunning 2 tests\ntest tests::first ... ok\ntest tests::second ... ", err);
    REQUIRE(run.reports.size() == 1);
    CHECK(run.reports[0].test == "tests::second");
}

TEST_CASE("rustup's answers without miri are recognised; a UB report is not", "[miri]") {
    CHECK(gc::miri_missing(read_data("miri/not-installed-stable.stderr")));
    CHECK(gc::miri_missing(read_data("miri/not-installed-nightly.stderr")));
    CHECK_FALSE(gc::miri_missing(read_data("miri/smallstr-stacked-borrows.stderr")));
    CHECK_FALSE(gc::miri_missing(read_data("miri/argv-fewer-arguments.stderr")));
}

TEST_CASE("no miri for the default toolchain nor nightly: unavailable with the rustup command", "[miri]") {
    Runner runner({recorded_answer(miri_version(false), "not-installed-stable"),
                   recorded_answer(miri_version(true), "not-installed-nightly")});
    const auto r = run_miri_gate(runner);
    CHECK(r.status == gc::GateStatus::unavailable);
    CHECK(r.fix == "rustup +nightly component add miri");
    CHECK_THAT(r.summary, Contains("'cargo-miri' is not installed"));
    CHECK_FALSE(r.required);  // optional by default: an unavailable miri cannot decide the exit code
    CHECK_FALSE(ran_miri_test(runner));
}

TEST_CASE("miri on nightly reporting UB: the gate fails with the report, whatever the exit code", "[miri]") {
    for (const int exit : {1, 0}) {
        INFO("exit " << exit);
        Runner runner({recorded_answer(miri_version(false), "not-installed-stable"),
                       Answer{miri_version(true), 0, kVersion, ""},
                       Answer{miri_test, exit, "running 3 tests\ntest string::test::test_drain ... ",
                              read_data("miri/smallstr-stacked-borrows.stderr")}});
        const auto r = run_miri_gate(runner);
        const auto* cmd = runner.find([](const gc::process::Command& c) { return miri_test(c.argv); });
        REQUIRE(cmd != nullptr);
        CHECK(has(cmd->argv, "+nightly"));
        CHECK(r.status == gc::GateStatus::fail);
        REQUIRE_FALSE(r.findings.empty());
        CHECK(r.findings[0].rule == "miri::undefined-behavior");
        CHECK_THAT(r.findings[0].message, Contains("in test string::test::test_drain"));
        CHECK_THAT(r.findings[0].hint, Contains("cargo +nightly miri test -- 'string::test::test_drain' --exact"));
    }
}

TEST_CASE("miri exiting 1 with neither a report nor a failed test is an error, never a pass", "[miri]") {
    Runner runner({Answer{miri_version(false), 0, kVersion, ""},
                   Answer{miri_test, 1, "running 1 test\n", "fatal runtime error: something else\n"}});
    const auto r = run_miri_gate(runner);
    CHECK(r.status == gc::GateStatus::error);
    CHECK_THAT(r.summary, Contains("no `test result:` line"));
}

TEST_CASE("miri exiting 0 without a test summary is an error too", "[miri]") {
    Runner runner({Answer{miri_version(false), 0, kVersion, ""}, Answer{miri_test, 0, "", ""}});
    CHECK(run_miri_gate(runner).status == gc::GateStatus::error);
}
