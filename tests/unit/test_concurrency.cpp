// The concurrency-tests gate's parts: ThreadSanitizer's reports on real output recorded from
// the conc-* fixtures (tests/data/conc-*, paths rewritten to /work/fixture), which of them
// are the crate's own, and the lexical scan of Rust sources (the fixtures' own files).
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <string>

#include "config/config.hpp"
#include "evidence/keys.hpp"
#include "gate_result.hpp"
#include "gates/gate.hpp"
#include "probes/concurrency_scan.hpp"
#include "probes/flavour.hpp"
#include "probes/lock_guards.hpp"
#include "probes/rust_sources.hpp"
#include "probes/sanitizer_report.hpp"
#include "probes/tsan_report.hpp"
#include "probes/unsafe_regions.hpp"
#include "recorded.hpp"

namespace {

const std::filesystem::path kRoot = "/work/fixture";
const std::filesystem::path kTarget = "/work/fixture/target";

std::vector<gc::SanitizerReport> own_reports(const std::vector<gc::SanitizerReport>& all) {
    std::vector<gc::SanitizerReport> own;
    std::copy_if(all.begin(), all.end(), std::back_inserter(own), [](const gc::SanitizerReport& r) {
        return gc::own_access_frame(r.frames, kRoot, kTarget) || gc::own_access_frame(r.other_frames, kRoot, kTarget);
    });
    return own;
}

gc::SourceScan scan_fixture(const std::string& relative, const std::string& module = "") {
    return gc::probes::scan_source(
        recorded::read_file(std::string(GATECHECK_SOURCE_DIR) + "/tests/fixtures/" + relative), module);
}

}  // namespace

TEST_CASE("a data race in the crate among std's false positives: one report is the crate's", "[concurrency]") {
    const auto all = gc::parse_tsan_reports(recorded::read_data("conc-race/tsan-lib.stderr"));
    // The raw output: "ThreadSanitizer: reported 7 warnings".
    REQUIRE(all.size() == 7);
    for (const auto& r : all) {
        CHECK(r.tool == "ThreadSanitizer");
        CHECK(r.kind == "data-race");
        CHECK(r.summary.rfind("ThreadSanitizer: data race ", 0) == 0);
        CHECK_FALSE(r.frames.empty());
        CHECK_FALSE(r.other_frames.empty());
        CHECK(r.other_access.rfind("Previous ", 0) == 0);
    }
    const auto own = own_reports(all);
    REQUIRE(own.size() == 1);
    const auto& race = own.front();
    CHECK(race.access.rfind("Read of size 8 at 0x", 0) == 0);
    CHECK(race.access.find("by thread T4") != std::string::npos);
    CHECK(race.other_access.rfind("Previous write of size 8 at 0x", 0) == 0);
    const auto here = gc::own_access_frame(race.frames, kRoot, kTarget);
    const auto there = gc::own_access_frame(race.other_frames, kRoot, kTarget);
    REQUIRE(here);
    REQUIRE(there);
    CHECK(here->file == "src/lib.rs");
    CHECK(here->line == 16);
    CHECK(here->column == 18);
    CHECK(here->function == "<gcfx_conc_race::RacyCounter>::bump");
    CHECK(there->file == "src/lib.rs");
    CHECK(there->line == 16);
    CHECK(gc::test_on_stack(race, {"tests::bumps_alone", "tests::bumps_from_two_threads"}) ==
          "tests::bumps_from_two_threads");
    // A std false positive whose stack passes through the test's own closure is not the crate's:
    // its access is std's Arc drop (past core's atomic_sub), not the test's line 44.
    const auto arc_drop = std::find_if(all.begin(), all.end(), [](const gc::SanitizerReport& r) {
        return r.summary.find("sync.rs") != std::string::npos &&
               std::any_of(r.other_frames.begin(), r.other_frames.end(),
                           [](const gc::StackFrame& f) { return f.file == "/work/fixture/src/lib.rs"; });
    });
    REQUIRE(arc_drop != all.end());
    CHECK_FALSE(gc::own_access_frame(arc_drop->other_frames, kRoot, kTarget));
}

TEST_CASE("a race-free threaded crate: every ThreadSanitizer report is inside std", "[concurrency]") {
    const auto lib = gc::parse_tsan_reports(recorded::read_data("conc-tested/tsan-gcfx_conc_tested.stderr"));
    const auto threads = gc::parse_tsan_reports(recorded::read_data("conc-tested/tsan-threads.stderr"));
    CHECK(lib.size() == 1);
    CHECK(threads.size() == 4);
    CHECK(own_reports(lib).empty());
    CHECK(own_reports(threads).empty());
}

TEST_CASE("TSan stack frames: with a location, without one, and not a frame", "[concurrency]") {
    const auto f = gc::parse_tsan_frame(
        "    #1 <fn() as core::ops::function::FnOnce<()>>::call_once /rustc/abc/library/core/src/ops/function.rs:250:5 "
        "(bin-1+0xfd49a) (BuildId: 11fa316b)");
    REQUIRE(f);
    CHECK(f->function == "<fn() as core::ops::function::FnOnce<()>>::call_once");
    CHECK(f->file == "/rustc/abc/library/core/src/ops/function.rs");
    CHECK(f->line == 250);
    CHECK(f->column == 5);
    const auto bare = gc::parse_tsan_frame("    #16 main <null> (bin-1+0xf5078) (BuildId: 11fa)");
    REQUIRE(bare);
    CHECK(bare->function == "main");
    CHECK(bare->file.empty());
    CHECK_FALSE(gc::parse_tsan_frame("  Thread T1 'tests::bumps_al' (tid=7729, finished) created by main thread at:"));
    CHECK(gc::parse_tsan_reports("no report here\n").empty());
}

TEST_CASE("the scan: comments and strings never count as concurrent code", "[concurrency]") {
    // With the default features (none): its only concurrent code is behind `parallel`.
    const std::set<std::string> defaults;
    const auto none = gc::probes::scan_source(
        recorded::read_file(std::string(GATECHECK_SOURCE_DIR) + "/tests/fixtures/conc-none/src/lib.rs"), "", false,
        &defaults);
    REQUIRE(none.uses.size() == 2);
    for (const auto& u : none.uses) {
        CHECK(u.kind == "atomic");
        CHECK(u.off_by == "all(feature = \"parallel\", not(miri))");
    }
    REQUIRE(none.tests.size() == 1);
    CHECK(none.tests.front().name == "tests::adds");
    CHECK_FALSE(none.tests.front().concurrent);
    const auto code = gc::probes::code_only("let s = \"Arc::new\"; // Mutex\nlet c = '\"'; /* thread::spawn */ x\n");
    CHECK(code.find("Arc") == std::string::npos);
    CHECK(code.find("Mutex") == std::string::npos);
    CHECK(code.find("spawn") == std::string::npos);
    CHECK(code.find(" x\n") != std::string::npos);  // code after a char literal of a quote still reads
}

TEST_CASE("the scan: uses with their lines, test code excluded, exercising tests named", "[concurrency]") {
    const auto tested = scan_fixture("conc-tested/src/lib.rs");
    std::vector<std::pair<std::string, int>> uses;
    for (const auto& u : tested.uses) {
        uses.emplace_back(u.kind, u.line);
    }
    CHECK(uses == std::vector<std::pair<std::string, int>>{{"atomic", 3},
                                                           {"lock", 4},
                                                           {"atomic", 9},
                                                           {"thread-spawn", 35},
                                                           {"arc", 44},
                                                           {"lock", 44},
                                                           {"arc", 45},
                                                           {"lock", 45}});
    REQUIRE(tested.tests.size() == 2);
    CHECK(tested.tests[0].name == "tests::starts_at_zero");
    CHECK_FALSE(tested.tests[0].concurrent);
    CHECK(tested.tests[1].name == "tests::counts_from_threads");
    CHECK(tested.tests[1].concurrent);
    CHECK(tested.tests[1].how == "thread::spawn");
    const auto integration = scan_fixture("conc-tested/tests/threads.rs");
    REQUIRE(integration.tests.size() == 2);
    CHECK(integration.tests[0].name == "logs_from_threads");
    CHECK(integration.tests[0].concurrent);
    CHECK_FALSE(integration.tests[1].concurrent);
    const auto race = scan_fixture("conc-race/src/lib.rs");
    REQUIRE_FALSE(race.uses.empty());
    CHECK(race.uses.front().kind == "unsafe-send-sync");
    CHECK(race.uses.front().line == 10);
}

TEST_CASE("the scan: multi-threaded runtimes, nested modules and module paths", "[concurrency]") {
    const auto scan = gc::probes::scan_source(R"(
pub fn run() { tokio::spawn(async {}); }
#[cfg(test)]
mod tests {
    mod inner {
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn many() { super::super::run(); }
        #[tokio::test]
        async fn one() { let _ = std::sync::Arc::new(1); }
    }
}
)",
                                              "sync::queue");
    REQUIRE(scan.uses.size() == 1);
    CHECK(scan.uses.front().kind == "async-spawn");
    CHECK(scan.uses.front().line == 2);
    REQUIRE(scan.tests.size() == 2);
    CHECK(scan.tests[0].name == "sync::queue::tests::inner::many");
    CHECK(scan.tests[0].how == "multi_thread");
    CHECK(scan.tests[1].name == "sync::queue::tests::inner::one");
    CHECK_FALSE(scan.tests[1].concurrent);
    CHECK(gc::probes::module_of("lib.rs").empty());
    CHECK(gc::probes::module_of("mutex/fair.rs") == "mutex::fair");
    CHECK(gc::probes::module_of("mutex/mod.rs") == "mutex");
    CHECK(gc::probes::module_of("once.rs") == "once");
}

namespace {

// The conc-tested fixture as a workspace (its real sources), without running cargo.
gc::Workspace conc_tested() {
    gc::Workspace ws;
    ws.root = std::filesystem::path(GATECHECK_SOURCE_DIR) / "tests" / "fixtures" / "conc-tested";
    ws.target_dir = ws.root / "target";
    gc::Package pkg;
    pkg.name = "gcfx-conc-tested";
    pkg.manifest_path = ws.root / "Cargo.toml";
    // As cargo metadata names them: the test files are its test targets' (issue 25).
    pkg.targets = {gc::CargoTarget{"gcfx_conc_tested", {"lib"}, (ws.root / "src/lib.rs").string()},
                   gc::CargoTarget{"threads", {"test"}, (ws.root / "tests/threads.rs").string()}};
    ws.members.push_back(pkg);
    ws.selected.push_back(0);
    return ws;
}

gc::TestRun run_of(const std::string& kind, const std::string& target, const std::vector<std::string>& passed) {
    gc::TestRun run;
    run.binary = gc::TestBinary{"gcfx-conc-tested", "", target, kind, "/bin/" + target, true};
    for (const auto& name : passed) {
        run.tests.push_back(gc::TestCase{name, gc::TestCase::Result::passed, "", 0});
        ++run.passed;
    }
    return run;
}

// The plain test build and runs of conc-tested, every test passed.
gc::Evidence plain_runs_passed() {
    const auto plain = gc::plain_flavour();
    gc::Evidence ev;
    ev.put(plain.build_key(), gc::TestBuildEvidence{{}, {}, true, {}, {}});
    ev.put(plain.unit_key(), "lib",
           run_of("lib", "gcfx_conc_tested", {"tests::starts_at_zero", "tests::counts_from_threads"}));
    ev.put(plain.integration_key(), "threads", run_of("test", "threads", {"logs_from_threads", "sums"}));
    return ev;
}

gc::GateResult evaluate(const gc::Evidence& ev, const gc::Workspace& ws) {
    const auto settings = gc::default_config(gc::gate_schemas()).gate("concurrency-tests");
    auto with_sources = ev;  // the rust-sources probe's walk, as the engine plans it
    with_sources.put(gc::keys::rust_sources, gc::probes::read_rust_sources(ws));
    return gc::find_gate("concurrency-tests")->evaluate(gc::GateInput{with_sources, settings, ws});
}

}  // namespace

TEST_CASE("concurrency-tests: without TSan for the target the scan still reports, and the gate is unavailable",
          "[concurrency]") {
    const auto ws = conc_tested();
    const auto plain = gc::plain_flavour();
    const auto tsan = gc::tsan_flavour();
    auto ev = plain_runs_passed();
    const gc::ToolProblem no_tsan{gc::GateStatus::unavailable,
                                  "rustc does not support -Zsanitizer=thread for this target", "use x86_64 Linux"};
    ev.put(tsan.build_key(), no_tsan);
    const auto r = evaluate(ev, ws);
    CHECK(r.status == gc::GateStatus::unavailable);
    CHECK_THAT(r.summary, Catch::Contains("concurrent code (arc x2, atomic x2, lock x3, thread-spawn x1); 2 tests "
                                          "exercise it; ThreadSanitizer: rustc does not support"));
    CHECK(r.fix == no_tsan.fix);
    REQUIRE(r.tests.size() == 2);
    CHECK(r.tests[0].name == "tests::counts_from_threads");
    CHECK(r.tests[1].name == "logs_from_threads");

    // A failing exercising test fails the gate even so: that needs no TSan.
    auto failing = run_of("lib", "gcfx_conc_tested", {"tests::starts_at_zero"});
    failing.tests.push_back(gc::TestCase{"tests::counts_from_threads", gc::TestCase::Result::failed, "", 0});
    ev.put(plain.unit_key(), "lib", failing);
    const auto failed = evaluate(ev, ws);
    CHECK(failed.status == gc::GateStatus::fail);
    CHECK_THAT(failed.summary, Catch::StartsWith("1 concurrency test failed: tests::counts_from_threads"));

    // Without the plain test build, nothing is known: error, never pass.
    CHECK(evaluate(gc::Evidence{}, ws).status == gc::GateStatus::error);
}

TEST_CASE("unsafe regions: blocks, unsafe fn and impl bodies; attributes, declarations and comments do not count",
          "[concurrency]") {
    const auto race = gc::probes::unsafe_regions(
        recorded::read_file(std::string(GATECHECK_SOURCE_DIR) + "/tests/fixtures/conc-race/src/lib.rs"));
    REQUIRE(race.size() == 3);
    CHECK((race[0].first == 10 && race[0].last == 10));  // unsafe impl Sync for RacyCounter {}
    CHECK((race[1].first == 16 && race[1].last == 16));  // unsafe { *self.0.get() += 1 };
    CHECK((race[2].first == 23 && race[2].last == 23));
    const auto edge = gc::probes::unsafe_regions(
        "#[unsafe(no_mangle)]\n"                                 // 1: an attribute, no body
        "pub unsafe fn f(x: [u8; 4]) -> u8 {\n"                  // 2: `;` inside a type
        "    x[0]\n"                                             // 3
        "}\n"                                                    // 4
        "trait T { unsafe fn g(&self); }\n"                      // 5: a declaration
        "// unsafe { in a comment }\n"                           // 6
        "#![deny(unsafe_code)] const S: &str = \"unsafe {\";\n"  // 7
        "fn h() { let v = unsafe {\n 1 }; }\n");                 // 8-9
    REQUIRE(edge.size() == 2);
    CHECK((edge[0].first == 2 && edge[0].last == 4));
    CHECK((edge[1].first == 8 && edge[1].last == 9));
    CHECK(edge[1].contains(9));
    CHECK_FALSE(edge[1].contains(10));
}

TEST_CASE("concurrency-tests: a race on safe code only is a note, never a pass-breaker; through unsafe code it fails",
          "[concurrency]") {
    const auto ws = conc_tested();
    const auto tsan = gc::tsan_flavour();
    auto ev = plain_runs_passed();
    ev.put(tsan.build_key(), gc::TestBuildEvidence{{}, {}, true, {}, {}});
    const auto lib = (ws.root / "src" / "lib.rs").string();
    // What TSan printed for the scaffolded Arc<Mutex<Stats>> crate: both accesses in safe code,
    // under std's uninstrumented lock.
    gc::SanitizerReport safe;
    safe.tool = "ThreadSanitizer";
    safe.kind = "data-race";
    safe.access = "Write of size 8 at 0x7b1000000010 by thread T2";
    safe.other_access = "Previous write of size 8 at 0x7b1000000010 by thread T1";
    safe.frames = {
        {"gcfx_conc_tested::Counter::bump", lib, 15, 9},
        {"std::sync::poison::mutex::Mutex<T>::lock", "/rustc/abc/library/std/src/sync/poison/mutex.rs", 1, 1}};
    safe.other_frames = safe.frames;
    safe.test = "tests::counts_from_threads";
    auto tsan_run = run_of("lib", "gcfx_conc_tested", {"tests::starts_at_zero", "tests::counts_from_threads"});
    tsan_run.sanitizer.push_back(safe);
    ev.put(tsan.unit_key(), "lib", tsan_run);
    auto r = evaluate(ev, ws);
    CHECK(r.status == gc::GateStatus::pass);
    CHECK(unit::metric(r, "tsan_races") == 0);
    CHECK(unit::metric(r, "tsan_reports_safe_code") == 1);
    CHECK_THAT(r.summary, Catch::Contains("and 1 on safe code only not counted"));
    const auto note = std::find_if(r.findings.begin(), r.findings.end(),
                                   [](const gc::Finding& f) { return f.rule == "tsan::safe-code-only"; });
    REQUIRE(note != r.findings.end());
    CHECK(note->level == gc::FindingLevel::note);
    CHECK(note->file == "src/lib.rs");
    CHECK(note->line == 15);

    // The same report with a frame in unsafe code (here a dependency's: the conc-race fixture's
    // unsafe block) counts.
    auto through = safe;
    through.frames.insert(through.frames.begin() + 1,
                          gc::StackFrame{"dep::RacyCounter::bump",
                                         (ws.root.parent_path() / "conc-race" / "src" / "lib.rs").string(), 16, 18});
    tsan_run.sanitizer = {through};
    ev.put(tsan.unit_key(), "lib", tsan_run);
    r = evaluate(ev, ws);
    CHECK(r.status == gc::GateStatus::fail);
    CHECK(unit::metric(r, "tsan_races") == 1);
    CHECK(unit::metric(r, "tsan_reports_safe_code") == 0);

    // A source in the stack that cannot be read may be unsafe: the race counts.
    through.frames[1].file = "/nonexistent/src/lib.rs";
    tsan_run.sanitizer = {through};
    ev.put(tsan.unit_key(), "lib", tsan_run);
    CHECK(evaluate(ev, ws).status == gc::GateStatus::fail);
}

TEST_CASE("std lock guards: let-bound guards on the lines that name them, temporaries on their line", "[concurrency]") {
    const auto lines = gc::probes::guarded_lines(R"(fn f(&self) {
    let mut sum = self.sum.lock().unwrap_or_else(PoisonError::into_inner);
    *sum += 1;
    let other = 3; // sum in a comment
    drop(sum);
    *sum;
}
fn g(&self) -> u64 {
    let n = *self
        .sum
        .read()
        .expect("poisoned");
    let p = self.spin.lock();
    *p += 1;
    let q = STATE.write()?;
    q.push(1);
    let mut buf = [0u8; 4];
    file.read(&mut buf).unwrap();
    n
}
)");
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].line == 3);  // `*sum += 1`; not the comment's line, nor after drop(sum)
    CHECK(lines[0].lock == "self.sum");
    CHECK(lines[0].method == "lock");
    CHECK(lines[1].line == 11);  // the temporary's statement, at its `.read()`
    CHECK(lines[1].lock == "self.sum");
    CHECK(lines[1].method == "read");
    CHECK(lines[2].line == 16);  // `q.push(1)`; spin's guard (no unwrap) and io's read do not count
    CHECK(lines[2].lock == "STATE");
    CHECK(lines[2].method == "write");
}

TEST_CASE(
    "concurrency-tests: races under a std lock both accesses hold are notes, listed once, whatever the "
    "crate's unsafe impl; its unsafe race still fails",
    "[concurrency]") {
    // The conc-race fixture (`unsafe impl Sync`), its real sources; TSan's real reports for
    // tests::totals_from_threads (Totals behind a std Mutex and RwLock) then for the whole lib.
    gc::Workspace ws;
    ws.root = std::filesystem::path(GATECHECK_SOURCE_DIR) / "tests" / "fixtures" / "conc-race";
    ws.target_dir = ws.root / "target";
    gc::Package pkg;
    pkg.name = "gcfx-conc-race";
    pkg.manifest_path = ws.root / "Cargo.toml";
    pkg.targets = {gc::CargoTarget{"gcfx_conc_race", {"lib"}, (ws.root / "src/lib.rs").string()}};
    ws.members.push_back(pkg);
    ws.selected.push_back(0);
    const auto rewrite = [&ws](std::vector<gc::SanitizerReport> reports, const std::string& test) {
        for (auto& r : reports) {
            for (auto* frames : {&r.frames, &r.other_frames}) {
                for (auto& f : *frames) {
                    if (f.file.rfind(kRoot.string() + "/", 0) == 0) {
                        f.file = (ws.root / f.file.substr(kRoot.string().size() + 1)).string();
                    }
                }
            }
            r.test = test;
        }
        return reports;
    };
    const auto locks = gc::parse_tsan_reports(recorded::read_data("conc-race/tsan-lib-locks.stderr"));
    REQUIRE(locks.size() == 8);
    const auto tests =
        std::vector<std::string>{"tests::bumps_alone", "tests::bumps_from_two_threads", "tests::totals_from_threads"};
    const auto plain = gc::plain_flavour();
    const auto tsan = gc::tsan_flavour();
    gc::Evidence ev;
    ev.put(plain.build_key(), gc::TestBuildEvidence{{}, {}, true, {}, {}});
    auto run = run_of("lib", "gcfx_conc_race", tests);
    run.binary.package = "gcfx-conc-race";
    ev.put(plain.unit_key(), "lib", run);
    ev.put(tsan.build_key(), gc::TestBuildEvidence{{}, {}, true, {}, {}});
    run.sanitizer = rewrite(locks, "tests::totals_from_threads");
    ev.put(tsan.unit_key(), "lib", run);
    auto r = evaluate(ev, ws);
    INFO(r.summary);
    CHECK(r.status == gc::GateStatus::pass);
    CHECK(unit::metric(r, "tsan_races") == 0);
    // 4 reports in the crate's code, two of them the same pair (src/lib.rs:39 twice): 3 notes.
    CHECK(unit::metric(r, "tsan_reports_under_std_lock") == 3);
    CHECK_THAT(r.summary, Catch::Contains("and 3 under a std lock both accesses hold not counted"));
    std::vector<std::string> notes;
    for (const auto& f : r.findings) {
        if (f.rule == "tsan::under-std-lock") {
            CHECK(f.level == gc::FindingLevel::note);
            notes.push_back(f.message);
        }
    }
    REQUIRE(notes.size() == 3);
    CHECK_THAT(notes[0], Catch::StartsWith("data-race at src/lib.rs:39 and src/lib.rs:39, in test "
                                           "tests::totals_from_threads reported under std::sync::Mutex `self.sum` "
                                           "held by both accesses (lock()): not counted: std is not instrumented, "
                                           "so ThreadSanitizer cannot see the lock"));
    CHECK_THAT(notes[1], Catch::Contains("src/lib.rs:53 and src/lib.rs:39"));
    CHECK_THAT(notes[2], Catch::Contains("src/lib.rs:54 and src/lib.rs:46"));
    CHECK_THAT(notes[2], Catch::Contains("std::sync::RwLock `self.max`"));

    // The crate's own unsafe race (RacyCounter, no lock) in the same run still fails the gate.
    auto both = rewrite(locks, "tests::totals_from_threads");
    for (auto& report : rewrite(gc::parse_tsan_reports(recorded::read_data("conc-race/tsan-lib.stderr")),
                                "tests::bumps_from_two_threads")) {
        both.push_back(report);
    }
    run.sanitizer = both;
    ev.put(tsan.unit_key(), "lib", run);
    r = evaluate(ev, ws);
    CHECK(r.status == gc::GateStatus::fail);
    CHECK(unit::metric(r, "tsan_races") == 1);
    CHECK(unit::metric(r, "tsan_reports_under_std_lock") == 3);

    // Two places under different locks (the sum's Mutex, the max's RwLock) are not "the same
    // lock": the report stays a finding.
    auto mixed = rewrite(locks, "tests::totals_from_threads");
    auto& last = *std::find_if(mixed.begin(), mixed.end(), [](const gc::SanitizerReport& x) {
        return x.summary.find("lib.rs:54") != std::string::npos;
    });
    last.other_frames.front().line = 39;  // the sum's line
    run.sanitizer = {last};
    ev.put(tsan.unit_key(), "lib", run);
    r = evaluate(ev, ws);
    CHECK(r.status == gc::GateStatus::fail);
    CHECK(unit::metric(r, "tsan_reports_under_std_lock") == 0);
}
