// The pieces of the test pipeline that do not run anything: panic messages without
// libtest's framing, libtest streams with foreign JSON in them, failing build scripts, and
// the RUSTFLAGS a flavour composes from the user's own.
#include <catch2/catch.hpp>

#include "probes/flavour.hpp"
#include "probes/parsers.hpp"
#include "recorded.hpp"

using recorded::read_data;

TEST_CASE("panic_info: the message and location, without libtest's or the runtime's framing") {
    SECTION("a doc test's output (recorded): no 'Test executable failed', no 'stderr:'") {
        const auto out = gc::parse_libtest(read_data("failing-doctest/doctests.stdout"));
        const auto failed = std::find_if(out.tests.begin(), out.tests.end(), [](const gc::TestCase& t) {
            return t.result == gc::TestCase::Result::failed;
        });
        REQUIRE(failed != out.tests.end());
        CHECK(failed->message == "assertion `left == right` failed\n  left: 2\n right: 3");
        CHECK(failed->location == "src/lib.rs:8:1");
    }
    SECTION("a unit test that printed something first: the panic, not the first line") {
        const auto info = gc::panic_info(
            "connecting to test fixture\n\nthread 'tests::x' (13308) panicked at src/lib.rs:33:9:\n"
            "assertion `left == right` failed\n  left: \"other\"\n right: \"the real reason\"\n"
            "note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n");
        REQUIRE(info);
        CHECK(info->location == "src/lib.rs:33:9");
        CHECK(info->message.find("the real reason") != std::string::npos);
        CHECK(info->message.find("connecting") == std::string::npos);
        CHECK(info->message.find("note:") == std::string::npos);
    }
    SECTION("the pre-1.73 format") {
        const auto info = gc::panic_info("thread 'main' panicked at 'boom: 3', src/main.rs:2:5\nnote: run with");
        REQUIRE(info);
        CHECK(info->message == "boom: 3");
        CHECK(info->location == "src/main.rs:2:5");
    }
    SECTION("no panic at all") {
        CHECK_FALSE(gc::panic_info("custom harness: 1 of 2 checks failed\n"));
    }
}

TEST_CASE("parse_libtest: a child process's libtest-like JSON cannot hide a failure") {
    // The order a real run produced (tests/fixtures/foreign-json): the child's lines arrive
    // while the real tests run, and the real summary comes last.
    const std::string stream =
        R"({ "type": "suite", "event": "started", "test_count": 2 })"
        "\n"
        R"({ "type": "test", "event": "started", "name": "tests::spawns" })"
        "\n"
        R"({ "type": "test", "event": "started", "name": "tests::fails" })"
        "\n"
        R"({ "type": "suite", "event": "started", "test_count": 1 })"
        "\n"
        R"({ "type": "test", "event": "ok", "name": "fake" })"
        "\n"
        R"({ "type": "suite", "event": "ok", "passed": 1, "failed": 0, "ignored": 0, "measured": 0, "filtered_out": 0, "exec_time": 0.0 })"
        "\n"
        R"({ "type": "test", "name": "tests::spawns", "event": "ok" })"
        "\n"
        R"({ "type": "test", "name": "tests::fails", "event": "failed", "stdout": "thread 'tests::fails' (9) panicked at src/lib.rs:43:9:\nthe real failure\n" })"
        "\n"
        R"({ "type": "suite", "event": "failed", "passed": 1, "failed": 1, "ignored": 0, "measured": 0, "filtered_out": 0, "exec_time": 0.01 })"
        "\n";
    const auto out = gc::parse_libtest(stream);
    CHECK(out.suites_started == 1);
    CHECK(out.suites_finished == 1);
    CHECK(out.reported_passed == 1);
    CHECK(out.reported_failed == 1);
    CHECK(out.foreign_lines == 3u);
    REQUIRE(out.tests.size() == 2u);
    CHECK(out.tests[1].result == gc::TestCase::Result::failed);
    CHECK(out.tests[1].message == "the real failure");
    CHECK(out.unfinished.empty());
}

TEST_CASE("build_script_failures: which script failed, with its panic message and location") {
    const std::string err =
        "   Compiling gcfx-build-script-panic v0.1.0 (/work/fixture)\n"
        "error: failed to run custom build command for `gcfx-build-script-panic v0.1.0 (/work/fixture)`\n\n"
        "Caused by:\n  process didn't exit successfully: `/t/build-script-build` (exit status: 101)\n"
        "  --- stderr\n\n  thread 'main' (77) panicked at build.rs:6:5:\n"
        "  build script needs GATECHECK_FIXTURE_OK\n"
        "  note: run with `RUST_BACKTRACE=1` environment variable to display a backtrace\n";
    const auto failures = gc::build_script_failures(err);
    REQUIRE(failures.size() == 1u);
    CHECK(failures[0] ==
          "build script of `gcfx-build-script-panic` failed: build script needs GATECHECK_FIXTURE_OK (build.rs:6:5)");
    CHECK(gc::build_script_failures("error: could not compile `x`").empty());
}

TEST_CASE("a flavour's RUSTFLAGS are the user's plus its own, and an inherited value cannot override them") {
    gc::Flavour asan{{"asan"}, {"-Zsanitizer=address"}, {}, {{"RUSTC_BOOTSTRAP", "1"}}};
    SECTION("CARGO_ENCODED_RUSTFLAGS wins over RUSTFLAGS, as in cargo") {
        const gc::Environment env{{"CARGO_ENCODED_RUSTFLAGS",
                                   "-Cdebuginfo=1\x1f--cfg\x1f"
                                   "foo bar"},
                                  {"RUSTFLAGS", "-Copt-level=3"}};
        CHECK(gc::user_rustflags(env) == std::vector<std::string>{"-Cdebuginfo=1", "--cfg", "foo bar"});
        const auto changes = gc::flavour_environment(asan, env);
        const auto encoded = std::find_if(changes.set.begin(), changes.set.end(),
                                          [](const auto& kv) { return kv.first == "CARGO_ENCODED_RUSTFLAGS"; });
        REQUIRE(encoded != changes.set.end());
        CHECK(encoded->second ==
              "-Cdebuginfo=1\x1f--cfg\x1f"
              "foo bar\x1f-Zsanitizer=address");
        CHECK(changes.unset == std::vector<std::string>{"RUSTFLAGS"});
    }
    SECTION("RUSTFLAGS alone is split on whitespace") {
        CHECK(gc::user_rustflags({{"RUSTFLAGS", "  -C  opt-level=1 "}}) ==
              std::vector<std::string>{"-C", "opt-level=1"});
    }
    SECTION("an empty CARGO_ENCODED_RUSTFLAGS still wins") {
        CHECK(gc::user_rustflags({{"CARGO_ENCODED_RUSTFLAGS", ""}, {"RUSTFLAGS", "-Cx"}}).empty());
    }
    SECTION("plain changes nothing: it is the user's own build") {
        const auto changes = gc::flavour_environment(gc::plain_flavour(), {{"RUSTFLAGS", "-Cx"}});
        CHECK(changes.set.empty());
        CHECK(changes.unset.empty());
    }
    SECTION("each flavour owns its target dir and its evidence families") {
        gc::Workspace ws;
        ws.target_dir = "/w/target";
        CHECK(asan.target_dir(ws) == "/w/target/gatecheck/asan");
        CHECK(gc::plain_flavour().target_dir(ws) == "/w/target");
        CHECK(asan.unit_key().family == "unit-test@asan");
        CHECK(gc::plain_flavour().unit_key().family == "unit-test");
    }
}
