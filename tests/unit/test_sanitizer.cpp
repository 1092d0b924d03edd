// The sanitizer gate's parts on real output recorded from the asan-* fixtures (tests/data/,
// scripts/record-samples.sh; paths there read /work/fixture): AddressSanitizer's reports and
// their first own frame, the host question, and the whole asan flavour driven through the
// scheduler with a runner that answers every command with those recordings.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "engine/evaluate.hpp"
#include "engine/plan.hpp"
#include "probes/flavour.hpp"
#include "probes/host_target.hpp"
#include "probes/sanitizer_report.hpp"
#include "probes/tsan_report.hpp"
#include "recorded.hpp"
#include "recorded_runner.hpp"

namespace {

using recorded::read_data;
using recorded::recorded_exit;
using recorded::workspace_of;

const std::filesystem::path kRoot = "/work/fixture";
const std::filesystem::path kTarget = "/work/fixture/target";

std::vector<gc::SanitizerReport> reports_of(const std::string& fixture, const std::string& probe) {
    return gc::parse_sanitizer_reports(read_data(fixture + "/" + probe + ".stderr"));
}

struct Where {
    std::string file;
    int line = 0;
    int column = 0;
    std::string function;
};

Where own_frame(const gc::SanitizerReport& r) {
    const auto f = gc::first_own_frame(r, kRoot, kTarget);
    REQUIRE(f);
    return Where{f->file, f->line, f->column, f->function};
}

}  // namespace

TEST_CASE("a use after free: kind, access, first own frame and the test on the stack", "[sanitizer]") {
    const auto reports = reports_of("asan-use-after-free", "asan-lib-gcfx_asan_use_after_free");
    REQUIRE(reports.size() == 1);
    const auto& r = reports.front();
    CHECK(r.tool == "AddressSanitizer");
    CHECK(r.kind == "heap-use-after-free");
    CHECK(r.headline.rfind("heap-use-after-free on address 0x", 0) == 0);
    CHECK(r.access.rfind("READ of size 8 at 0x", 0) == 0);
    CHECK(r.summary.rfind("AddressSanitizer: heap-use-after-free /rustc/", 0) == 0);
    // The first frames are the standard library's read_volatile, not the crate's.
    REQUIRE(r.frames.size() > 3);
    CHECK(r.frames.front().file.rfind("/rustc/", 0) == 0);
    const auto own = own_frame(r);
    CHECK(own.file == "src/lib.rs");
    CHECK(own.line == 16);
    CHECK(own.column == 18);
    CHECK(own.function == "gcfx_asan_use_after_free::read_after_free");
    // Only the access stack counts: the "freed by" stack (lib.rs:14) is not the report's.
    CHECK(std::none_of(r.frames.begin(), r.frames.end(), [](const auto& f) { return f.line == 14; }));
    const std::vector<std::string> tests{"tests::a_adds", "tests::b_reads_freed_memory"};
    CHECK(gc::test_on_stack(r, tests) == "tests::b_reads_freed_memory");
    CHECK(gc::test_on_stack(r, {"tests::a_adds"}).empty());
}

TEST_CASE("a leak: LeakSanitizer at exit, the allocating function as the own frame", "[sanitizer]") {
    const auto reports = reports_of("asan-leak", "asan-lib-gcfx_asan_leak");
    REQUIRE(reports.size() == 1);
    const auto& r = reports.front();
    CHECK(r.tool == "LeakSanitizer");
    CHECK(r.kind == "memory-leak");
    CHECK(r.headline == "Direct leak of 32 byte(s) in 1 object(s)");
    CHECK(r.summary == "AddressSanitizer: 32 byte(s) leaked in 1 allocation(s).");
    // With frame pointers the allocation stack has leak_buffer itself, not just its caller.
    const auto own = own_frame(r);
    CHECK(own.file == "src/lib.rs");
    CHECK(own.line == 12);
    CHECK(own.function == "gcfx_asan_leak::leak_buffer");
    CHECK(gc::test_on_stack(r, {"tests::adds", "tests::leaks"}) == "tests::leaks");
    // The binary ran every test and then exited 1: libtest's own summary says 2 passed.
    CHECK(recorded_exit("asan-leak", "asan-lib-gcfx_asan_leak") == 1);
    CHECK(read_data("asan-leak/asan-lib-gcfx_asan_leak.stdout").find(R"("event": "ok", "passed": 2)") !=
          std::string::npos);
}

TEST_CASE("double free, heap and stack overflows: each its kind and own frame", "[sanitizer]") {
    struct Expected {
        const char* probe;
        const char* kind;
        int line;
        bool access;
    };
    for (const auto& e : {Expected{"asan-test-double_free", "double-free", 15, false},
                          Expected{"asan-test-heap_overflow", "heap-buffer-overflow", 30, true},
                          Expected{"asan-test-stack_overflow", "stack-buffer-overflow", 44, true}}) {
        INFO(e.probe);
        const auto reports = reports_of("asan-kinds", e.probe);
        REQUIRE(reports.size() == 1);
        CHECK(reports.front().kind == e.kind);
        CHECK(reports.front().access.empty() == !e.access);
        const auto own = own_frame(reports.front());
        CHECK(own.file == "src/lib.rs");
        CHECK(own.line == e.line);
        CHECK(gc::test_on_stack(reports.front(), {"triggers"}) == "triggers");
    }
}

TEST_CASE("stack frames: with a location, in a module only, bare", "[sanitizer]") {
    const auto full = gc::parse_stack_frame(
        "    #6 0x55 in <fn() -> core::result::Result<(), alloc::string::String> as core::ops::function::FnOnce<()>>"
        "::call_once /rustc/abc/library/core/src/ops/function.rs:250:5");
    REQUIRE(full);
    CHECK(full->function ==
          "<fn() -> core::result::Result<(), alloc::string::String> as core::ops::function::FnOnce<()>>::call_once");
    CHECK(full->file == "/rustc/abc/library/core/src/ops/function.rs");
    CHECK(full->line == 250);
    CHECK(full->column == 5);
    const auto no_column = gc::parse_stack_frame("    #0 0x55 in krate::f /work/fixture/src/lib.rs:41");
    REQUIRE(no_column);
    CHECK(no_column->line == 41);
    CHECK(no_column->column == 0);
    const auto module =
        gc::parse_stack_frame("    #13 0x55 in main (/work/fixture/target/deps/x-1+0x11f6fd) (BuildId: cfd9fb66c7)");
    REQUIRE(module);
    CHECK(module->function == "main");
    CHECK(module->file.empty());
    CHECK(gc::parse_stack_frame("    #3 0x7f  (/lib/x86_64-linux-gnu/libc.so.6+0x271ca)"));
    CHECK_FALSE(gc::parse_stack_frame("SUMMARY: AddressSanitizer: heap-use-after-free"));
    CHECK_FALSE(gc::parse_stack_frame("# 1 not a frame"));
}

TEST_CASE("own frames: inside the workspace, never generated code or the system's", "[sanitizer]") {
    gc::SanitizerReport r;
    r.frames = {{"std::f", "/rustc/abc/library/std/src/lib.rs", 1, 1},
                {"dep::f", "/usr/share/cargo/registry/dep-1.0.0/src/lib.rs", 2, 1},
                {"start_thread", "nptl/./nptl/pthread_create.c", 442, 8},
                {"generated", "/work/fixture/target/debug/build/x/out/gen.rs", 3, 1},
                {"sibling", "/work/fixture-other/src/lib.rs", 4, 1},
                {"krate::f", "/work/fixture/./src/../src/lib.rs", 5, 2}};
    const auto own = gc::first_own_frame(r, kRoot, kTarget);
    REQUIRE(own);
    CHECK(own->function == "krate::f");
    CHECK(own->file == "src/lib.rs");
    r.frames.pop_back();
    CHECK_FALSE(gc::first_own_frame(r, kRoot, kTarget));
}

TEST_CASE("no report in output without one, and a cut report keeps what it has", "[sanitizer]") {
    CHECK(gc::parse_sanitizer_reports("").empty());
    CHECK(gc::parse_sanitizer_reports(read_data("failing-unit/test-lib-gcfx_failing_unit.stderr")).empty());
    CHECK(gc::parse_sanitizer_reports(read_data("asan-leak/asan-lib-gcfx_asan_leak.stdout")).empty());
    // The stderr tail may begin mid-report: no ERROR line, no report (the run still failed).
    const auto err = read_data("asan-use-after-free/asan-lib-gcfx_asan_use_after_free.stderr");
    CHECK(gc::parse_sanitizer_reports(err.substr(err.find("freed by thread"))).empty());
    // Cut before its SUMMARY: the kind comes from the ERROR line.
    const auto cut = gc::parse_sanitizer_reports(err.substr(0, err.find("SUMMARY")));
    REQUIRE(cut.size() == 1);
    CHECK(cut.front().kind == "heap-use-after-free");
    CHECK(cut.front().summary.empty());
}

TEST_CASE("a binary's test list", "[sanitizer]") {
    CHECK(gc::parse_test_list(read_data("asan-use-after-free/asan-list-lib-gcfx_asan_use_after_free.stdout")) ==
          std::vector<std::string>{"tests::a_adds", "tests::b_reads_freed_memory", "tests::c_adds_more",
                                   "tests::d_adds_zero"});
    CHECK(gc::parse_test_list(read_data("asan-kinds/asan-list-lib-gcfx_asan_kinds.stdout")).empty());
    CHECK(gc::parse_test_list("bench_it: bench\nreal: test\n") == std::vector<std::string>{"real"});
}

namespace {

gc::process::Completed completed(const std::string& probe) {
    gc::process::Completed c;
    c.outcome = gc::process::Outcome::exited;
    c.exit_code = recorded_exit("toolchain", probe);
    c.out = read_data("toolchain/" + probe + ".stdout");
    c.err = read_data("toolchain/" + probe + ".stderr");
    return c;
}

}  // namespace

TEST_CASE("the host question: the tuple, or why AddressSanitizer cannot run here", "[sanitizer]") {
    const auto asan = gc::asan_flavour();
    gc::process::Command cmd;
    cmd.argv = {"rustc", "--print", "host-tuple"};
    const auto host = gc::judge_host(completed("asan-host"), cmd, asan);
    REQUIRE(host.get());
    CHECK(*host.get() == "x86_64-unknown-linux-gnu");
    const auto unsupported = gc::judge_host(completed("asan-host-unsupported"), cmd, asan);
    REQUIRE(unsupported.problem());
    CHECK(unsupported.problem()->status == gc::GateStatus::unavailable);
    CHECK(unsupported.problem()->reason.find("address sanitizer is not supported for this target") !=
          std::string::npos);
    // A rustc that accepts the flags but does not report sanitize="address": not a pass.
    auto ignored = completed("asan-host");
    const auto at = ignored.out.find("sanitize=\"address\"\n");
    REQUIRE(at != std::string::npos);
    ignored.out.erase(at, std::string("sanitize=\"address\"\n").size());
    const auto no_cfg = gc::judge_host(ignored, cmd, asan);
    REQUIRE(no_cfg.problem());
    CHECK(no_cfg.problem()->status == gc::GateStatus::unavailable);
    auto old = completed("asan-host-unsupported");
    old.err = "error: unknown print request: `host-tuple`\n";
    const auto too_old = gc::judge_host(old, cmd, asan);
    REQUIRE(too_old.problem());
    CHECK(too_old.problem()->reason.find("1.84") != std::string::npos);
    auto crashed = completed("asan-host");
    crashed.exit_code = 101;
    crashed.err = "error: internal compiler error\n";
    const auto broken = gc::judge_host(crashed, cmd, asan);
    REQUIRE(broken.problem());
    CHECK(broken.problem()->status == gc::GateStatus::error);
}

namespace {

using recorded::Answer;
using recorded::answer;
using recorded::has;
using Runner = recorded::RecordedRunner;

const auto is_cargo_build = [](const gc::process::Command& c) { return c.argv[0] == "cargo" && has(c.argv, "build"); };
const auto rustc_asking = [](const char* what) {
    return [what](const std::vector<std::string>& a) { return a[0] == "rustc" && has(a, what); };
};
const auto lib_binary = [](const char* fragment, bool list) {
    return [fragment, list](const std::vector<std::string>& a) {
        return a[0].find(fragment) != std::string::npos && has(a, "--list") == list;
    };
};

std::vector<Answer> fixture_answers(const std::string& fixture, const char* binary, const std::string& probe) {
    return {answer(rustc_asking("host-tuple"), "toolchain", "asan-host"),
            Answer{rustc_asking("sysroot"), 0, "/opt/rust\n/opt/rust/lib/rustlib/x86_64-unknown-linux-gnu/lib\n", ""},
            answer([](const auto& a) { return a[0] == "cargo" && has(a, "--tests"); }, fixture, "asan-test-build"),
            answer(lib_binary(binary, true), fixture, "asan-list-" + probe),
            answer(lib_binary(binary, false), fixture, "asan-" + probe)};
}

gc::GateResult run_gate(const gc::Workspace& ws, const std::string& id, Runner& runner) {
    const auto& gates = gc::gate_catalogue();
    const auto config = gc::default_config(gc::gate_schemas(gates));
    gc::CheckOptions options;
    options.gates = {id};
    auto choices = gc::choose_gates(options, config, gates);
    REQUIRE(choices);
    const auto needs = gc::collect_needs(*choices, config, options);
    gc::Evidence evidence;
    const gc::Environment env{{"RUSTFLAGS", "-Cdebug-assertions=on"}};
    auto tasks = gc::plan_tasks(gc::probe_registry(), gc::PlanContext{ws, needs, evidence, env});
    const auto records = gc::run_tasks(std::move(tasks), runner, 2);
    for (auto& r : gc::evaluate_gates(*choices, config, ws, evidence, records, gc::today_utc())) {
        if (r.id == id) {
            return r;
        }
    }
    FAIL("gate " << id << " was not evaluated");
    return {};
}

std::string env_of(const gc::process::Command& cmd, const std::string& name) {
    for (const auto& [k, v] : cmd.env) {
        if (k == name) {
            return v;
        }
    }
    return "<unset>";
}

std::vector<std::string> rules_of(const gc::GateResult& r) {
    std::vector<std::string> rules;
    for (const auto& f : r.findings) {
        rules.push_back(f.rule);
    }
    return rules;
}

double metric(const gc::GateResult& r, const std::string& name) {
    for (const auto& [k, v] : r.metrics) {
        if (k == name) {
            return v;
        }
    }
    FAIL("no metric " << name);
    return -1;
}

}  // namespace

TEST_CASE("the sanitizer gate over the recorded use after free: finding, test, lost tests", "[sanitizer]") {
    const auto ws = workspace_of("asan-use-after-free");
    Runner runner(
        fixture_answers("asan-use-after-free", "deps/gcfx_asan_use_after_free-", "lib-gcfx_asan_use_after_free"));
    const auto gate = run_gate(ws, "sanitizer", runner);
    CHECK(gate.status == gc::GateStatus::fail);
    CHECK(rules_of(gate) == std::vector<std::string>{"asan::heap-use-after-free", "asan::tests-not-run"});
    const auto& uaf = gate.findings.front();
    CHECK(uaf.file == "src/lib.rs");
    CHECK(uaf.line == 16);
    CHECK(uaf.message.find("in test tests::b_reads_freed_memory") != std::string::npos);
    CHECK(uaf.hint.find("-Zsanitizer=address") != std::string::npos);
    const auto& lost = gate.findings.back();
    CHECK(lost.message.find("3 tests not run") != std::string::npos);
    CHECK(lost.message.find("tests::b_reads_freed_memory, tests::c_adds_more, tests::d_adds_zero") !=
          std::string::npos);
    CHECK(metric(gate, "passed") == 1);
    CHECK(metric(gate, "reports") == 1);
    CHECK(metric(gate, "not_run") == 3);
    CHECK(gate.summary.find("1 AddressSanitizer report (heap-use-after-free)") == 0);

    // The build: the host from rustc, the flavour's own target dir, the user's RUSTFLAGS kept.
    const auto* build = runner.find(is_cargo_build);
    REQUIRE(build);
    const auto target = std::find(build->argv.begin(), build->argv.end(), "--target");
    REQUIRE(target != build->argv.end());
    CHECK(*(target + 1) == "x86_64-unknown-linux-gnu");
    CHECK(env_of(*build, "CARGO_TARGET_DIR") == "/work/fixture/target/gatecheck/asan");
    CHECK(env_of(*build, "CARGO_ENCODED_RUSTFLAGS") ==
          "-Cdebug-assertions=on\x1f-Zsanitizer=address\x1f-Cforce-frame-pointers=yes\x1f-Cdebuginfo=line-tables-only");
    CHECK(std::find(build->unset_env.begin(), build->unset_env.end(), "RUSTFLAGS") != build->unset_env.end());
    // The run: one test at a time, ASan's options.
    const auto* run = runner.find([](const auto& c) { return has(c.argv, "--format") && !has(c.argv, "--list"); });
    REQUIRE(run);
    CHECK(env_of(*run, "RUST_TEST_THREADS") == "1");
    CHECK(env_of(*run, "ASAN_OPTIONS").find("detect_leaks=1") != std::string::npos);
}

TEST_CASE("the sanitizer gate over the recorded leak: every test ran, the leak fails it", "[sanitizer]") {
    const auto ws = workspace_of("asan-leak");
    Runner runner(fixture_answers("asan-leak", "deps/gcfx_asan_leak-", "lib-gcfx_asan_leak"));
    const auto gate = run_gate(ws, "sanitizer", runner);
    CHECK(gate.status == gc::GateStatus::fail);
    CHECK(rules_of(gate) == std::vector<std::string>{"asan::memory-leak"});
    CHECK(gate.findings.front().line == 12);
    CHECK(gate.findings.front().message.find("in test tests::leaks") != std::string::npos);
    CHECK(metric(gate, "passed") == 2);
    CHECK(metric(gate, "not_run") == 0);
}

TEST_CASE("the sanitizer gate passes only when every test ran clean under ASan", "[sanitizer]") {
    const auto ws = workspace_of("asan-leak");
    auto answers = fixture_answers("asan-leak", "deps/gcfx_asan_leak-", "lib-gcfx_asan_leak");
    SECTION("the same run without the leak passes") {
        answers.back().exit_code = 0;
        answers.back().err.clear();
        Runner runner(answers);
        const auto gate = run_gate(ws, "sanitizer", runner);
        CHECK(gate.status == gc::GateStatus::pass);
        CHECK(gate.findings.empty());
        CHECK(metric(gate, "passed") == 2);
        CHECK(metric(gate, "reports") == 0);
    }
    SECTION("an exit 1 without a report is the crate's failure, never a pass") {
        answers.back().err.clear();
        Runner runner(answers);
        const auto gate = run_gate(ws, "sanitizer", runner);
        CHECK(gate.status == gc::GateStatus::fail);
        CHECK(rules_of(gate) == std::vector<std::string>{"test-binary"});
    }
    SECTION("a host without AddressSanitizer: unavailable, and nothing is built") {
        answers.front() = answer(rustc_asking("host-tuple"), "toolchain", "asan-host-unsupported");
        Runner runner(answers);
        const auto gate = run_gate(ws, "sanitizer", runner);
        CHECK(gate.status == gc::GateStatus::unavailable);
        CHECK(gate.summary.find("not supported for this target") != std::string::npos);
        CHECK_FALSE(runner.find(is_cargo_build));
    }
}

TEST_CASE("the asan flavour is planned only for the sanitizer gate", "[sanitizer]") {
    const auto ws = workspace_of("asan-leak");
    Runner runner(fixture_answers("asan-leak", "deps/gcfx_asan_leak-", "lib-gcfx_asan_leak"));
    (void)run_gate(ws, "unit-tests", runner);
    REQUIRE_FALSE(runner.commands.empty());
    CHECK_FALSE(
        runner.find([](const auto& c) { return has(c.argv, "host-tuple") || env_of(c, "ASAN_OPTIONS") != "<unset>"; }));
    const auto* build = runner.find(is_cargo_build);
    REQUIRE(build);
    CHECK_FALSE(has(build->argv, "--target"));
    CHECK(env_of(*build, "CARGO_TARGET_DIR") == "<unset>");
}

// tests/fuzz/corpus/asan/regression-stoi-line-overflow: std::stoi threw out of the parser.
TEST_CASE("a stack frame whose line does not fit an int keeps its report, line unknown") {
    const auto frame = gc::parse_stack_frame("    #1 0x55c9 in krate::f /abs/src/lib.rs:99999999999:9");
    REQUIRE(frame);
    CHECK(frame->function == "krate::f");
    CHECK(frame->file == "/abs/src/lib.rs");
    CHECK(frame->line == 0);
    CHECK(frame->column == 9);
    const auto tsan = gc::parse_tsan_frame("    #1 krate::f /abs/src/lib.rs:16:99999999999 (bin+0xf4f46)");
    REQUIRE(tsan);
    CHECK(tsan->line == 16);
    CHECK(tsan->column == 0);
}
