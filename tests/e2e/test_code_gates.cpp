// The code-level lint gates on their fixture crates (tests/fixtures/README.md has the raw
// clippy numbers each fixture was written to produce), and the one shared clippy run.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

#include "support.hpp"

using namespace e2e;

namespace {

using Where = std::tuple<std::string, std::string, int>;  // rule, file, line

std::set<Where> findings_of(const json& report, const std::string& gate_id) {
    std::set<Where> out;
    for (const auto& f : gate(report, gate_id).at("findings")) {
        out.emplace(f.at("rule"), f.value("file", ""), f.value("line", 0));
    }
    return out;
}

int count_probes(const json& report, const std::string& id) {
    int n = 0;
    for (const auto& p : report.at("probes")) {
        n += p.at("id") == id ? 1 : 0;
    }
    return n;
}

const char* const kCodeGates[] = {"must-use", "thread-safety", "unsafe", "errors", "async", "ffi"};

}  // namespace

TEST_CASE("the clean fixture passes every code gate") {
    const auto r = gatecheck(fixture("clean", "code-clean"));
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    for (const char* id : kCodeGates) {
        INFO(id << ": " << gate(r.report, id).dump());
        CHECK(status(r.report, id) == "pass");
        CHECK(metric(r.report, id, "findings") == 0);
    }
}

TEST_CASE("with every gate on, clippy compiles once and the clippy gate still counts pedantic alone") {
    const auto r = gatecheck(fixture("pedantic", "code-pedantic"));
    INFO(r.out << r.err);
    const auto& rep = r.report;
    CHECK(count_probes(rep, "clippy") == 1);
    // The unsafe inventory's `cargo clippy --lib`: the shared run's command for the library
    // alone, whose messages cargo replays from that run (nothing compiles again).
    CHECK(count_probes(rep, "clippy-lib") == 1);
    CHECK(metric(rep, "clippy", "warnings") == 3);

    // Not only gatecheck's own word: a logging `cargo` first in PATH sees one `cargo clippy`
    // over every target, and the replaying `cargo clippy --lib`.
    const auto wrapper_dir = fs::path(GATECHECK_WORK_DIR) / "cargo-logger";
    const auto log = wrapper_dir / "calls.log";
    fs::create_directories(wrapper_dir);
    fs::remove(log);
    std::string real_cargo;
    std::istringstream path(std::getenv("PATH") != nullptr ? std::getenv("PATH") : "");
    for (std::string dir; real_cargo.empty() && std::getline(path, dir, ':');) {
        if (fs::exists(fs::path(dir) / "cargo")) {
            real_cargo = (fs::path(dir) / "cargo").string();
        }
    }
    REQUIRE(!real_cargo.empty());
    {
        std::ofstream script(wrapper_dir / "cargo", std::ios::trunc);
        script << "#!/bin/sh\nprintf '%s %s\\n' \"$1\" \"$2\" >> '" << log.string() << "'\nexec '" << real_cargo
               << "' \"$@\"\n";
    }
    fs::permissions(wrapper_dir / "cargo", fs::perms::owner_all);
    const auto logged = gatecheck(fixture("pedantic", "code-pedantic"), {},
                                  {{"PATH", wrapper_dir.string() + ":" + std::getenv("PATH")}});
    INFO(logged.out << logged.err);
    CHECK(metric(logged.report, "clippy", "warnings") == 3);
    std::ifstream calls(log);
    long clippy_runs = 0;
    long library_runs = 0;
    long calls_seen = 0;
    for (std::string call; std::getline(calls, call);) {
        ++calls_seen;
        clippy_runs += call == "clippy --all-targets" ? 1 : 0;
        library_runs += call == "clippy --lib" ? 1 : 0;
    }
    CHECK(calls_seen > 3);  // metadata, check, test build, ... went through the wrapper
    CHECK(clippy_runs == 1);
    CHECK(library_runs == 1);
    // must_use_candidate is pedantic and must-use's own: it counts for both gates.
    CHECK(status(rep, "must-use") == "fail");
    CHECK(findings_of(rep, "must-use") == std::set<Where>{{"clippy::must_use_candidate", "src/lib.rs", 94}});
}

TEST_CASE("must-use: unmarked results, a dropped must-use value, a double #[must_use]") {
    const auto r = gatecheck(fixture("must-use"));
    INFO(r.out << r.err);
    const auto& rep = r.report;
    CHECK(r.exit_code == 1);
    CHECK(status(rep, "must-use") == "fail");
    CHECK(metric(rep, "must-use", "findings") == 5);
    CHECK(metric(rep, "must-use", "must_use_candidate") == 2);
    CHECK(metric(rep, "must-use", "return_self_not_must_use") == 1);
    CHECK(metric(rep, "must-use", "double_must_use") == 1);
    CHECK(metric(rep, "must-use", "let_underscore_must_use") == 1);
    // dead_code (on by default) is in the same run, but not one of must-use's lints.
    CHECK(findings_of(rep, "must-use") == std::set<Where>{{"clippy::must_use_candidate", "src/lib.rs", 35},
                                                          {"clippy::return_self_not_must_use", "src/lib.rs", 35},
                                                          {"clippy::must_use_candidate", "src/lib.rs", 46},
                                                          {"clippy::double_must_use", "src/lib.rs", 60},
                                                          {"clippy::let_underscore_must_use", "src/lib.rs", 70}});
    CHECK(findings_of(rep, "build") == std::set<Where>{{"dead_code", "src/lib.rs", 74}});
}

TEST_CASE("thread-safety: Arc of a non-Send type, a guard held across an await, an unjustified unsafe impl Send") {
    const auto r = gatecheck(fixture("thread-safety"));
    INFO(r.out << r.err);
    const auto& rep = r.report;
    CHECK(r.exit_code == 1);
    CHECK(status(rep, "thread-safety") == "fail");
    CHECK(metric(rep, "thread-safety", "findings") == 6);
    CHECK(metric(rep, "thread-safety", "arc_with_non_send_sync") == 2);
    CHECK(metric(rep, "thread-safety", "non_send_fields_in_send_ty") == 1);
    CHECK(metric(rep, "thread-safety", "await_holding_lock") == 1);
    CHECK(metric(rep, "thread-safety", "await_holding_refcell_ref") == 1);
    CHECK(metric(rep, "thread-safety", "unsafe_send_sync_impls") == 2);
    CHECK(metric(rep, "thread-safety", "unjustified_impls") == 1);
    CHECK(findings_of(rep, "thread-safety") ==
          std::set<Where>{{"clippy::arc_with_non_send_sync", "src/lib.rs", 18},
                          {"clippy::arc_with_non_send_sync", "src/lib.rs", 28},
                          {"clippy::non_send_fields_in_send_ty", "src/lib.rs", 53},
                          {"unsafe-impl-without-safety-comment", "src/lib.rs", 53},
                          {"unsafe-impl-justified", "src/lib.rs", 64},
                          {"clippy::await_holding_lock", "src/lib.rs", 71},
                          {"clippy::await_holding_refcell_ref", "src/lib.rs", 78}});
}

TEST_CASE("unsafe: the inventory equals the raw lint's count; undocumented unsafe code is a finding") {
    const auto r = gatecheck(fixture("unsafe-code"));
    INFO(r.out << r.err);
    const auto& rep = r.report;
    CHECK(r.exit_code == 1);
    CHECK(status(rep, "unsafe") == "fail");
    // `cargo rustc --lib --message-format=json -- --force-warn unsafe_code`: 7 messages.
    CHECK(metric(rep, "unsafe", "total") == 7);
    CHECK(metric(rep, "unsafe", "block") == 3);
    CHECK(metric(rep, "unsafe", "fn") == 1);
    CHECK(metric(rep, "unsafe", "trait") == 1);
    CHECK(metric(rep, "unsafe", "impl") == 1);
    CHECK(metric(rep, "unsafe", "no_mangle") == 1);
    CHECK(metric(rep, "unsafe", "forbid_unsafe_code") == 0);
    CHECK(findings_of(rep, "unsafe") == std::set<Where>{{"clippy::undocumented_unsafe_blocks", "src/lib.rs", 31},
                                                        {"clippy::missing_safety_doc", "src/lib.rs", 41},
                                                        {"clippy::multiple_unsafe_ops_per_block", "src/lib.rs", 43}});
    // `unsafe impl Plain for u32` is not Send/Sync: not thread-safety's.
    CHECK(metric(rep, "thread-safety", "unsafe_send_sync_impls") == 0);
    CHECK(status(rep, "thread-safety") == "pass");
}

// Issue 23: the inventory is the code that ships. The library is compiled twice by the shared
// run (lib and unit-test harness, under one target name); unsafe code only under #[cfg(test)]
// must not count, and code only under #[cfg(not(test))] must.
TEST_CASE("unsafe: unsafe code in #[cfg(test)] is not in the inventory; it is counted apart as test_only") {
    const auto crate = fixture("unsafe-in-tests");
    const auto r = gatecheck(crate, {"--gate", "unsafe"});
    INFO(r.out << r.err);
    const auto& rep = r.report;
    REQUIRE(rep.is_object());
    const auto raw = raw_unsafe_total(crate);
    CHECK(raw == 4);  // tests/fixtures/README.md
    CHECK(metric(rep, "unsafe", "total") == raw);
    CHECK(metric(rep, "unsafe", "block") == 3);
    CHECK(metric(rep, "unsafe", "fn") == 1);
    // The test module's unsafe fn and three blocks.
    CHECK(metric(rep, "unsafe", "test_only") == 4);
    CHECK(metric(rep, "unsafe", "findings") == 0);
    CHECK(status(rep, "unsafe") == "pass");
    CHECK(contains(gate(rep, "unsafe").at("summary").get<std::string>(),
                   "4 unsafe items in the library, each documented; 4 unsafe items only in its unit tests"));
    CHECK(r.exit_code == 0);
}

TEST_CASE("errors: unwrap in library code is a finding; in #[cfg(test)], tests/, benches/, examples/ it is not") {
    const auto crate = fixture("errors");
    const auto r = gatecheck(crate);
    INFO(r.out << r.err);
    const auto& rep = r.report;
    CHECK(r.exit_code == 1);
    CHECK(count_probes(rep, "clippy") == 1);
    CHECK(status(rep, "errors") == "fail");
    CHECK(metric(rep, "errors", "findings") == 7);
    CHECK(metric(rep, "errors", "unwrap_used") == 1);
    CHECK(metric(rep, "errors", "expect_used") == 1);
    CHECK(metric(rep, "errors", "panic") == 1);
    CHECK(metric(rep, "errors", "todo") == 1);
    CHECK(metric(rep, "errors", "unimplemented") == 0);
    CHECK(metric(rep, "errors", "missing_errors_doc") == 1);
    CHECK(metric(rep, "errors", "missing_panics_doc") == 2);
    // The #[cfg(test)] module's unwrap (line 81) and expect (82), and the unwraps of
    // tests/api.rs, examples/demo.rs and benches/parse.rs are not findings.
    CHECK(findings_of(rep, "errors") == std::set<Where>{{"clippy::missing_panics_doc", "src/lib.rs", 13},
                                                        {"clippy::unwrap_used", "src/lib.rs", 14},
                                                        {"clippy::missing_errors_doc", "src/lib.rs", 32},
                                                        {"clippy::missing_panics_doc", "src/lib.rs", 42},
                                                        {"clippy::expect_used", "src/lib.rs", 43},
                                                        {"clippy::todo", "src/lib.rs", 52},
                                                        {"clippy::panic", "src/lib.rs", 74}});

    // The crate's own clippy.toml (too-many-arguments-threshold = 2) still applies, and the
    // clippy gate counts the same with the errors gate's configuration as without it.
    const auto alone = gatecheck(crate, {"--gate", "clippy"});
    INFO(alone.out << alone.err);
    CHECK(metric(alone.report, "clippy", "warnings") == metric(rep, "clippy", "warnings"));
    CHECK(findings_of(alone.report, "clippy") == findings_of(rep, "clippy"));
    CHECK(findings_of(rep, "clippy").count({"clippy::too_many_arguments", "src/lib.rs", 61}) == 1);
    // And the crate's files are untouched: gatecheck's merged clippy.toml lives in the target dir.
    CHECK(fs::exists(crate.target_dir / "gatecheck" / "clippy-conf" / "clippy.toml"));
}

TEST_CASE("async: needless async, a large future awaited in place, a future of a future, a future not Send") {
    const auto r = gatecheck(fixture("async"));
    INFO(r.out << r.err);
    const auto& rep = r.report;
    CHECK(r.exit_code == 1);
    CHECK(status(rep, "async") == "fail");
    CHECK(metric(rep, "async", "async_code") == 1);
    CHECK(metric(rep, "async", "findings") == 6);
    CHECK(metric(rep, "async", "blocking_calls") == 2);
    CHECK(metric(rep, "async", "blocking_calls_checked") == 1);
    // manual_async_fn (src/lib.rs:44, a clippy default) is in the same run but not async's.
    // The blocking calls of nap_sync (a sync fn, and a closure in it: lines 76, 78) are not.
    CHECK(findings_of(rep, "async") == std::set<Where>{{"clippy::unused_async", "src/lib.rs", 15},
                                                       {"clippy::large_futures", "src/lib.rs", 36},
                                                       {"clippy::async_yields_async", "src/lib.rs", 45},
                                                       {"clippy::future_not_send", "src/lib.rs", 53},
                                                       {"blocking-call-in-async", "src/lib.rs", 65},
                                                       {"blocking-call-in-async", "src/lib.rs", 67}});
    // The disallowed-methods entries exist only in gatecheck's merged clippy.toml: the clippy
    // gate, which counts what `cargo clippy -- -W clippy::pedantic` alone reports, never sees them.
    for (const auto& f : gate(rep, "clippy").at("findings")) {
        CHECK(f.at("rule") != "clippy::disallowed_methods");
    }
}

TEST_CASE(
    "async: a crate that sets its own disallowed-methods keeps them, and the report says blocking calls were not "
    "checked") {
    auto crate = fixture("async", "code-async-own-conf");
    {
        std::ofstream conf(crate.dir / "clippy.toml");
        conf << "disallowed-methods = [\"std::fs::read_to_string\"]\n";
    }
    const auto r = gatecheck(crate, {"--gate", "async", "--gate", "clippy"});
    INFO(r.out << r.err);
    const auto& rep = r.report;
    CHECK(metric(rep, "async", "blocking_calls_checked") == 0);
    CHECK(metric(rep, "async", "blocking_calls") == 0);
    CHECK(findings_of(rep, "clippy").count({"clippy::disallowed_methods", "src/lib.rs", 67}) == 1);
    CHECK(findings_of(rep, "clippy").count({"clippy::disallowed_methods", "src/lib.rs", 65}) == 0);
}

TEST_CASE("async: a crate without async code passes, saying so") {
    const auto r = gatecheck(fixture("clean", "code-clean"), {"--gate", "async"});
    INFO(r.out << r.err);
    CHECK(status(r.report, "async") == "pass");
    CHECK(gate(r.report, "async").at("summary") == "no async code");
    CHECK(metric(r.report, "async", "async_code") == 0);
}

TEST_CASE("ffi: the extern block and exported functions listed; types C cannot take and a raw deref are findings") {
    const auto r = gatecheck(fixture("ffi"));
    INFO(r.out << r.err);
    const auto& rep = r.report;
    CHECK(r.exit_code == 1);
    CHECK(status(rep, "ffi") == "fail");
    // An edition-2021 `extern "C" {}` block: unsafe_code does not report it, missing_unsafe_on_extern does.
    CHECK(metric(rep, "ffi", "extern_blocks") == 1);
    CHECK(metric(rep, "ffi", "extern_functions") == 3);
    CHECK(metric(rep, "ffi", "no_mangle") == 1);
    CHECK(metric(rep, "ffi", "export_name") == 1);
    CHECK(metric(rep, "ffi", "findings") == 3);
    CHECK(findings_of(rep, "ffi") == std::set<Where>{{"extern-block", "src/lib.rs", 9},
                                                     {"improper_ctypes", "src/lib.rs", 15},
                                                     {"no-mangle", "src/lib.rs", 30},
                                                     {"improper_ctypes_definitions", "src/lib.rs", 32},
                                                     {"export-name", "src/lib.rs", 37},
                                                     {"clippy::not_unsafe_ptr_arg_deref", "src/lib.rs", 52}});
}

TEST_CASE("ffi: a crate without an FFI boundary passes, saying so") {
    const auto r = gatecheck(fixture("clean", "code-clean"), {"--gate", "ffi"});
    INFO(r.out << r.err);
    CHECK(status(r.report, "ffi") == "pass");
    CHECK(gate(r.report, "ffi").at("summary") == "no FFI boundary");
}

TEST_CASE("async: under #![deny(clippy::all)], gatecheck's own disallowed-methods entries stay warnings") {
    // A blocking call in sync code: without --force-warn, the crate's deny would turn the
    // entry gatecheck added for the async gate into a compile error of the shared run.
    const auto r = gatecheck(fixture("deny-clippy-all", "code-deny-clippy-all"));
    INFO(r.out << r.err);
    const auto& rep = r.report;
    CHECK(r.exit_code == 0);
    CHECK(status(rep, "clippy") == "pass");
    CHECK(metric(rep, "clippy", "errors") == 0);
    CHECK(status(rep, "async") == "pass");
    CHECK(metric(rep, "async", "blocking_calls") == 0);
    bool forced = false;
    for (const auto& p : rep.at("probes")) {
        if (p.at("id") == "clippy") {
            forced =
                p.at("command").get<std::string>().find("--force-warn clippy::disallowed_methods") != std::string::npos;
        }
    }
    CHECK(forced);
}

TEST_CASE("a crate's #![deny(warnings)] does not stop the shared clippy run; deny-by-default lints stay errors") {
    // Raw `cargo clippy --all-targets -- -W clippy::pedantic`: one warning, in tests/it.rs.
    // With the errors gate's unwrap_used in the same run, the crate's deny(warnings) used to
    // turn the unwrap into an error that stopped the library and tests/it.rs with it.
    const auto r = gatecheck(fixture("deny-warnings", "code-deny-warnings"));
    INFO(r.out << r.err);
    const auto& rep = r.report;
    CHECK(status(rep, "clippy") == "fail");
    CHECK(metric(rep, "clippy", "warnings") == 1);
    CHECK(metric(rep, "clippy", "errors") == 0);
    CHECK(findings_of(rep, "clippy") == std::set<Where>{{"clippy::needless_range_loop", "tests/it.rs", 4}});
    CHECK(status(rep, "errors") == "fail");
    CHECK(findings_of(rep, "errors") == std::set<Where>{{"clippy::unwrap_used", "src/lib.rs", 19}});
    CHECK(gate(rep, "errors").at("summary").get<std::string>().find("does not compile") == std::string::npos);
    CHECK(status(rep, "build") == "pass");
    CHECK(status(rep, "unit-tests") == "pass");

    // clippy::eq_op is an error by default: raw clippy does not compile this crate, nor does
    // gatecheck's run say it does, solo or shared; the #[allow]ed one is not reported.
    const auto d = gatecheck(fixture("deny-by-default", "code-deny-by-default"));
    INFO(d.out << d.err);
    CHECK(status(d.report, "clippy") == "fail");
    CHECK(metric(d.report, "clippy", "errors") == 1);
    CHECK(findings_of(d.report, "clippy") == std::set<Where>{{"clippy::eq_op", "src/lib.rs", 26}});
    const auto solo = gatecheck(fixture("deny-by-default", "code-deny-by-default"), {"--gate", "clippy"});
    CHECK(metric(solo.report, "clippy", "errors") == 1);
    CHECK(status(solo.report, "clippy") == "fail");
}
