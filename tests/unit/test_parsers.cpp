// The pure parsers of src/probes/parsers.hpp on the real output of cargo, clippy, rustdoc,
// libtest and rustfmt recorded from the fixture crates (tests/data/, written by
// scripts/record-samples.sh; paths there read /work/fixture), and on broken input, which
// must never read as a success.
//
// The recordings keep what the tools do not make deterministic (timings, thread ids, the
// order of lines written by parallel jobs or test threads): nothing below depends on it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "cargo/workspace.hpp"
#include "probes/cargo_command.hpp"
#include "probes/parsers.hpp"
#include "recorded.hpp"

namespace {

using recorded::read_data;
using recorded::recorded_exit;
using recorded::workspace_of;

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        out.push_back(line);
    }
    return out;
}

std::vector<gc::Diagnostic> sorted_by_position(std::vector<gc::Diagnostic> ds) {
    std::sort(ds.begin(), ds.end(), [](const gc::Diagnostic& a, const gc::Diagnostic& b) {
        return std::tie(a.file, a.line, a.column) < std::tie(b.file, b.line, b.column);
    });
    return ds;
}

long count_result(const gc::LibtestOutput& out, gc::TestCase::Result result) {
    return static_cast<long>(
        std::count_if(out.tests.begin(), out.tests.end(), [&](const gc::TestCase& t) { return t.result == result; }));
}

const gc::TestCase* find_test(const gc::LibtestOutput& out, const std::string& name) {
    for (const auto& t : out.tests) {
        if (t.name == name) {
            return &t;
        }
    }
    return nullptr;
}

std::set<std::string> names_of(const gc::LibtestOutput& out) {
    std::set<std::string> names;
    for (const auto& t : out.tests) {
        names.insert(t.name);
    }
    return names;
}

using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;
using Result = gc::TestCase::Result;

}  // namespace

// ---------------------------------------------------------------------------------------
// cargo metadata: the Workspace every other parser is given.

TEST_CASE("parse_cargo_metadata reads the recorded metadata of a single crate", "[parsers][metadata]") {
    REQUIRE(recorded_exit("clean", "metadata") == 0);
    auto parsed = gc::parse_cargo_metadata(read_data("clean/metadata.stdout"));
    REQUIRE(parsed.ok());
    const auto& ws = *parsed;
    CHECK(ws.root.string() == "/work/fixture");
    CHECK(ws.target_dir.string() == "/work/fixture/target");
    CHECK(ws.selected.empty());  // selects nothing by itself
    REQUIRE(ws.members.size() == 1u);
    const auto& p = ws.members[0];
    CHECK(p.name == "gcfx-clean");
    CHECK(p.version == "0.1.0");
    CHECK(p.id == "path+file:///work/fixture#gcfx-clean@0.1.0");
    CHECK(p.root().string() == "/work/fixture");
    CHECK_FALSE(p.has_features);
    CHECK(p.has_library());
    REQUIRE(p.targets.size() == 3u);
    CHECK(p.targets[0].name == "gcfx_clean");
    CHECK(p.targets[0].is_library());
    CHECK(p.targets[0].doctest);
    CHECK(p.targets[1].name == "gcfx-clean");
    CHECK(p.targets[1].kinds == std::vector<std::string>{"bin"});
    CHECK_FALSE(p.targets[1].is_library());
    CHECK(p.targets[2].name == "rpn");
    CHECK(p.targets[2].kinds == std::vector<std::string>{"test"});
    CHECK(p.targets[2].src_path == "/work/fixture/tests/rpn.rs");
}

TEST_CASE("parse_cargo_metadata reads the recorded metadata of the virtual workspace", "[parsers][metadata]") {
    auto parsed = gc::parse_cargo_metadata(read_data("workspace/metadata.stdout"));
    REQUIRE(parsed.ok());
    const auto& ws = *parsed;
    CHECK(ws.root.string() == "/work/fixture");
    REQUIRE(ws.members.size() == 2u);
    CHECK(ws.members[0].name == "gcfx-alpha");
    CHECK(ws.members[0].root().string() == "/work/fixture/alpha");
    CHECK(ws.members[1].name == "gcfx-beta");
    CHECK(ws.members[1].id == "path+file:///work/fixture/beta#gcfx-beta@0.1.0");
    CHECK(ws.find_by_name("gcfx-beta") == &ws.members[1]);
    CHECK(ws.find_by_id("path+file:///work/fixture/alpha#gcfx-alpha@0.1.0") == &ws.members[0]);
    CHECK(ws.relative("/work/fixture/beta/src/lib.rs") == "beta/src/lib.rs");
    CHECK(ws.relative("beta/src/lib.rs") == "beta/src/lib.rs");
    CHECK(ws.relative("/elsewhere/src/lib.rs") == "/elsewhere/src/lib.rs");
}

TEST_CASE("parse_cargo_metadata rejects output that is not cargo metadata", "[parsers][metadata][adversarial]") {
    CHECK_FALSE(gc::parse_cargo_metadata("").ok());
    CHECK_FALSE(gc::parse_cargo_metadata("error: could not find `Cargo.toml`").ok());
    CHECK_FALSE(gc::parse_cargo_metadata("[]").ok());
    CHECK_FALSE(gc::parse_cargo_metadata(R"({"packages": []})").ok());  // no workspace_root
    const auto full = read_data("clean/metadata.stdout");
    CHECK_FALSE(gc::parse_cargo_metadata(full.substr(0, full.size() / 2)).ok());
}

// ---------------------------------------------------------------------------------------
// cargo --message-format=json

TEST_CASE("parse_cargo_messages: clippy pedantic on `pedantic` reports 3 warnings twice", "[parsers][cargo]") {
    REQUIRE(recorded_exit("pedantic", "clippy") == 0);
    const auto ws = workspace_of("pedantic");
    const auto msgs = gc::parse_cargo_messages(read_data("pedantic/clippy.stdout"), ws);

    REQUIRE(msgs.build_finished.has_value());
    CHECK(*msgs.build_finished);
    CHECK(msgs.unparsed_lines == 0u);
    // lib, lib test, bin, bin test, tests/rpn.rs: checked, never linked
    CHECK(msgs.artifacts.size() == 5u);
    for (const auto& a : msgs.artifacts) {
        CHECK(a.executable.empty());
        CHECK(a.package_id == ws.members[0].id);
    }
    // every diagnostic twice: the lib build and the lib test build
    REQUIRE(msgs.diagnostics.size() == 6u);
    for (const auto& d : msgs.diagnostics) {
        CHECK(d.package == "gcfx-pedantic");
        CHECK(d.level == "warning");
        CHECK(d.file == "src/lib.rs");
    }

    const auto unique = sorted_by_position(gc::distinct(msgs.diagnostics));
    REQUIRE(unique.size() == 3u);
    CHECK(unique[0].code == "clippy::doc_markdown");
    CHECK(unique[0].line == 70);
    CHECK(unique[0].column == 72);
    CHECK(unique[0].message == "item in documentation is missing backticks");
    CHECK_THAT(unique[0].rendered, Contains("src/lib.rs:70:72"));
    CHECK(unique[1].code == "clippy::must_use_candidate");
    CHECK(unique[1].line == 94);
    CHECK(unique[1].column == 12);
    CHECK(unique[1].message == "this method could have a `#[must_use]` attribute");
    CHECK(unique[2].code == "clippy::cast_possible_truncation");
    CHECK(unique[2].line == 111);
    CHECK(unique[2].column == 9);
    CHECK(unique[2].message == "casting `usize` to `u8` may truncate the value");
}

TEST_CASE("parse_cargo_messages keeps only the selected packages' diagnostics", "[parsers][cargo]") {
    const auto out = read_data("pedantic/clippy.stdout");
    auto ws = workspace_of("pedantic");
    ws.selected.clear();
    const auto msgs = gc::parse_cargo_messages(out, ws);
    CHECK(msgs.diagnostics.empty());
    REQUIRE(msgs.build_finished.has_value());
    CHECK(*msgs.build_finished);

    // The same warning from a package outside the workspace (a registry dependency).
    const auto all = gc::parse_cargo_messages(out, workspace_of("pedantic"));
    std::string line;
    for (const auto& l : lines_of(out)) {
        if (l.find("\"reason\":\"compiler-message\"") != std::string::npos) {
            line = l;
            break;
        }
    }
    REQUIRE_FALSE(line.empty());
    const std::string own_id = "path+file:///work/fixture#gcfx-pedantic@0.1.0";
    REQUIRE(line.find(own_id) != std::string::npos);
    line.replace(line.find(own_id), own_id.size(), "registry+https://github.com/rust-lang/crates.io-index#dep@1.0.0");
    const auto foreign = gc::parse_cargo_messages(line + "\n", workspace_of("pedantic"));
    CHECK(foreign.diagnostics.empty());
    CHECK(foreign.unparsed_lines == 0u);
    CHECK(all.diagnostics.size() == 6u);
}

TEST_CASE("parse_cargo_messages: the virtual workspace's one clippy warning belongs to gcfx-beta",
          "[parsers][cargo][workspace]") {
    REQUIRE(recorded_exit("workspace", "clippy") == 0);
    const auto out = read_data("workspace/clippy.stdout");
    auto ws = workspace_of("workspace");

    const auto both = gc::parse_cargo_messages(out, ws);
    REQUIRE(both.build_finished.has_value());
    CHECK(*both.build_finished);
    REQUIRE(both.diagnostics.size() == 2u);
    const auto unique = gc::distinct(both.diagnostics);
    REQUIRE(unique.size() == 1u);
    CHECK(unique[0].package == "gcfx-beta");
    CHECK(unique[0].code == "clippy::doc_markdown");
    CHECK(unique[0].file == "beta/src/lib.rs");  // relative to the workspace root
    CHECK(unique[0].line == 38);
    CHECK(unique[0].column == 48);

    ws.selected = {0};  // gcfx-alpha only
    CHECK(gc::parse_cargo_messages(out, ws).diagnostics.empty());
    ws.selected = {1};  // gcfx-beta only
    CHECK(gc::distinct(gc::parse_cargo_messages(out, ws).diagnostics).size() == 1u);
}

TEST_CASE("parse_cargo_messages: cargo check on `no-compile` reports E0308 and an unsuccessful build",
          "[parsers][cargo]") {
    const auto ws = workspace_of("no-compile");
    for (const std::string probe : {"check", "clippy"}) {
        INFO(probe);
        REQUIRE(recorded_exit("no-compile", probe) == 101);
        CHECK_THAT(read_data("no-compile/" + probe + ".stderr"), Contains("could not compile `gcfx-no-compile`"));
        const auto msgs = gc::parse_cargo_messages(read_data("no-compile/" + probe + ".stdout"), ws);
        REQUIRE(msgs.build_finished.has_value());
        CHECK_FALSE(*msgs.build_finished);
        CHECK(msgs.unparsed_lines == 0u);
        // The two "For more information about this error" failure-notes carry no code and no
        // span: summaries, not findings.
        REQUIRE(msgs.diagnostics.size() == 2u);
        for (const auto& d : msgs.diagnostics) {
            CHECK(d.level == "error");
            CHECK(d.code == "E0308");
        }
        const auto unique = gc::distinct(msgs.diagnostics);
        REQUIRE(unique.size() == 1u);
        CHECK(unique[0].package == "gcfx-no-compile");
        CHECK(unique[0].message == "mismatched types");
        CHECK(unique[0].file == "src/lib.rs");
        CHECK(unique[0].line == 96);
        CHECK(unique[0].column == 9);
        CHECK_THAT(unique[0].rendered, Contains("error[E0308]"));
    }
}

TEST_CASE("judge_compile: a link failure (no code, no span) is an error that quotes rustc and the linker",
          "[parsers][cargo]") {
    // A crate that links a native library nobody installed: cargo's stderr only says "could not
    // compile ... due to 1 previous error"; the reason is in the JSON, in an error without a
    // code or a place, which is not a finding in the crate's code.
    const auto ws = workspace_of("link-failure");
    REQUIRE(recorded_exit("link-failure", "build-tests") == 101);
    auto msgs = gc::parse_cargo_messages(read_data("link-failure/build-tests.stdout"), ws);
    CHECK(msgs.unparsed_lines == 0u);
    CHECK(msgs.diagnostics.empty());
    REQUIRE(msgs.unlocated_errors.size() == 2u);  // the lib's unit-test harness and tests/api.rs
    for (const auto& e : msgs.unlocated_errors) {
        CHECK_THAT(e, StartsWith("linking with `cc` failed"));
        CHECK_THAT(e, Contains("unable to find library -lgcfx_not_installed"));
        CHECK_THAT(e, !Contains("\"-m64\""));  // not the linker's whole command line
    }
    gc::process::Completed res;
    res.outcome = gc::process::Outcome::exited;
    res.exit_code = 101;
    res.err = read_data("link-failure/build-tests.stderr");
    const gc::process::Command cmd{{"cargo", "build", "--tests"}, {}, {}, {}, {}};
    const auto judged = gc::judge_compile(res, cmd, msgs, {});
    REQUIRE(judged.problem() != nullptr);
    CHECK(judged.problem()->status == gc::GateStatus::error);
    CHECK_THAT(judged.problem()->reason, Contains("unable to find library -lgcfx_not_installed"));
}

TEST_CASE("parse_cargo_messages: `cargo test --no-run` lists the test executables", "[parsers][cargo]") {
    REQUIRE(recorded_exit("clean", "test-no-run") == 0);
    const auto ws = workspace_of("clean");
    const auto msgs = gc::parse_cargo_messages(read_data("clean/test-no-run.stdout"), ws);
    REQUIRE(msgs.build_finished.has_value());
    CHECK(*msgs.build_finished);
    CHECK(msgs.diagnostics.empty());
    CHECK(msgs.unparsed_lines == 0u);
    REQUIRE(msgs.artifacts.size() == 5u);

    std::vector<gc::CargoArtifact> tests;
    for (const auto& a : msgs.artifacts) {
        CHECK(a.package_id == ws.members[0].id);
        if (a.test_profile) {
            tests.push_back(a);
            CHECK_THAT(a.executable, StartsWith("/work/fixture/target/debug/deps/"));
        } else if (a.kinds == std::vector<std::string>{"lib"}) {
            CHECK(a.executable.empty());  // an rlib
        } else {
            CHECK(a.kinds == std::vector<std::string>{"bin"});
            CHECK(a.executable == "/work/fixture/target/debug/gcfx-clean");  // the program, not a test
        }
    }
    REQUIRE(tests.size() == 3u);
    std::sort(tests.begin(), tests.end(),
              [](const gc::CargoArtifact& a, const gc::CargoArtifact& b) { return a.target_name < b.target_name; });
    CHECK(tests[0].target_name == "gcfx-clean");
    CHECK(tests[0].kinds == std::vector<std::string>{"bin"});
    CHECK_THAT(tests[0].executable, StartsWith("/work/fixture/target/debug/deps/gcfx_clean-"));
    CHECK(tests[1].target_name == "gcfx_clean");
    CHECK(tests[1].kinds == std::vector<std::string>{"lib"});
    CHECK(tests[2].target_name == "rpn");
    CHECK(tests[2].kinds == std::vector<std::string>{"test"});
    CHECK_THAT(tests[2].executable, StartsWith("/work/fixture/target/debug/deps/rpn-"));
    CHECK(tests[0].executable != tests[1].executable);
}

TEST_CASE("parse_cargo_messages: a stream cut in the middle of a line has no build-finished",
          "[parsers][cargo][adversarial]") {
    const auto ws = workspace_of("pedantic");
    const auto out = read_data("pedantic/clippy.stdout");
    const auto lines = lines_of(out);
    REQUIRE(lines.size() > 3u);

    SECTION("cut in the middle of the final build-finished message") {
        REQUIRE_THAT(lines.back(), Contains("build-finished"));
        const auto cut = out.substr(0, out.rfind("build-finished") + 5);
        const auto msgs = gc::parse_cargo_messages(cut, ws);
        CHECK_FALSE(msgs.build_finished.has_value());
        CHECK(msgs.unparsed_lines == 1u);
        CHECK(msgs.diagnostics.size() == 6u);  // everything before the cut still counts
    }
    SECTION("cut in the middle of the first compiler message") {
        std::size_t offset = 0;
        std::size_t i = 0;
        for (; i < lines.size() && lines[i].find("\"compiler-message\"") == std::string::npos; ++i) {
            offset += lines[i].size() + 1;
        }
        REQUIRE(i < lines.size());
        const auto cut = out.substr(0, offset + lines[i].size() / 2);
        const auto msgs = gc::parse_cargo_messages(cut, ws);
        CHECK_FALSE(msgs.build_finished.has_value());
        CHECK(msgs.unparsed_lines == 1u);
        CHECK(msgs.diagnostics.empty());
        CHECK(msgs.artifacts.size() == i);  // the complete lines before it are all artifacts
    }
}

TEST_CASE("parse_cargo_messages: empty, garbage and non-UTF-8 input are not a successful build",
          "[parsers][cargo][adversarial]") {
    const auto ws = workspace_of("pedantic");
    SECTION("empty") {
        const auto msgs = gc::parse_cargo_messages("", ws);
        CHECK_FALSE(msgs.build_finished.has_value());
        CHECK(msgs.diagnostics.empty());
        CHECK(msgs.artifacts.empty());
        CHECK(msgs.unparsed_lines == 0u);
    }
    SECTION("blank lines only") {
        const auto msgs = gc::parse_cargo_messages("\n \n\t\r\n", ws);
        CHECK_FALSE(msgs.build_finished.has_value());
        CHECK(msgs.unparsed_lines == 0u);
    }
    SECTION("garbage bytes and JSON that is not an object") {
        const std::string garbage =
            std::string("\x00\x01\x02", 3) + " binary \x7f\n{not json}\n[1,2,3]\n\"build-finished\"\n42\nnull\n";
        const auto msgs = gc::parse_cargo_messages(garbage, ws);
        CHECK_FALSE(msgs.build_finished.has_value());
        CHECK(msgs.diagnostics.empty());
        CHECK(msgs.unparsed_lines == 6u);
        // The first one, by line number and its first bytes, escaped: what the error shows.
        CHECK(msgs.first_unparsed_line == 1u);
        CHECK(msgs.first_unparsed_bytes == R"(\x00\x01\x02 binary \x7f)");
    }
    SECTION("the first bytes of a long unparsed line, after blank lines that count as lines") {
        const auto msgs = gc::parse_cargo_messages("\n\n" + std::string(100, '{') + "\n", ws);
        CHECK(msgs.first_unparsed_line == 3u);
        CHECK(msgs.first_unparsed_bytes == std::string(80, '{') + "... (100 bytes)");
    }
    SECTION("non-UTF-8 bytes, alone and inside a build-finished message") {
        const std::string bad = "\xff\xfe\xfd\n{\"reason\":\"build-finished\",\"success\":true,\"x\":\"\xc3\x28\"}\n";
        const auto msgs = gc::parse_cargo_messages(bad, ws);
        CHECK_FALSE(msgs.build_finished.has_value());
        CHECK(msgs.unparsed_lines == 2u);
    }
    SECTION("a build that says it failed") {
        const auto msgs = gc::parse_cargo_messages(R"({"reason":"build-finished","success":false})", ws);
        REQUIRE(msgs.build_finished.has_value());
        CHECK_FALSE(*msgs.build_finished);
    }
    SECTION("a compiler message of a member without its message object is counted as unparsed") {
        const auto msgs = gc::parse_cargo_messages(
            R"({"reason":"compiler-message","package_id":"path+file:///work/fixture#gcfx-pedantic@0.1.0"})", ws);
        CHECK(msgs.diagnostics.empty());
        CHECK(msgs.unparsed_lines == 1u);
    }
    SECTION("a build script's plain stdout between the JSON lines changes nothing else") {
        std::string mixed;
        for (const auto& l : lines_of(read_data("pedantic/clippy.stdout"))) {
            mixed += "cargo:rustc-cfg=has_feature\n" + l + "\n";
        }
        const auto msgs = gc::parse_cargo_messages(mixed, ws);
        CHECK(msgs.diagnostics.size() == 6u);
        CHECK(msgs.unparsed_lines == lines_of(mixed).size() / 2);
        REQUIRE(msgs.build_finished.has_value());
        CHECK(*msgs.build_finished);
    }
}

// nlohmann's json::value(key, default) throws when the key is present with another type. A
// parser that throws on one odd line aborts the whole run: run_tasks (src/scheduler) calls
// on_done with worker threads still joinable, so the exception ends in std::terminate.
TEST_CASE("parse_cargo_messages never throws on JSON objects with wrongly typed fields",
          "[parsers][cargo][adversarial]") {
    // Regression test (the bug is fixed) for src/probes/parsers.cpp, parse_cargo_messages: msg.value("success", false),
    // span.value("is_primary", false), value("line_start", 0) and profile.value("test", false)
    // throw nlohmann::json::type_error instead of counting the line as unparsed.
    const auto ws = workspace_of("pedantic");
    const std::string id = "path+file:///work/fixture#gcfx-pedantic@0.1.0";
    gc::CargoMessages msgs;
    CHECK_NOTHROW(msgs = gc::parse_cargo_messages(R"({"reason":"build-finished","success":"true"})", ws));
    CHECK_FALSE(msgs.build_finished == std::optional<bool>(true));
    CHECK_NOTHROW(gc::parse_cargo_messages(
        R"({"reason":"compiler-message","package_id":")" + id +
            R"(","message":{"level":"warning","code":{"code":"x"},"message":"m","spans":[1]}})",
        ws));
    CHECK_NOTHROW(gc::parse_cargo_messages(
        R"({"reason":"compiler-message","package_id":")" + id +
            R"(","message":{"level":"warning","code":null,"message":"m","spans":[{"is_primary":true,"file_name":"src/lib.rs","line_start":"7"}]}})",
        ws));
    CHECK_NOTHROW(gc::parse_cargo_messages(R"({"reason":"compiler-artifact","profile":{"test":"yes"}})", ws));
}

// ---------------------------------------------------------------------------------------
// distinct

TEST_CASE("distinct keeps the first of each (level, code, file, line, column, message)", "[parsers][distinct]") {
    CHECK(gc::distinct({}).empty());
    const gc::Diagnostic a{"p", "warning", "dead_code", "function `f` is never used", "src/lib.rs", 3, 4, "first"};
    auto a_again = a;
    a_again.rendered = "second";  // rendered text is not part of the key
    auto other_message = a;
    other_message.message = "function `g` is never used";
    auto other_level = a;
    other_level.level = "error";
    auto other_column = a;
    other_column.column = 5;
    auto other_file = a;
    other_file.file = "src/main.rs";
    const auto out = gc::distinct({a, a_again, other_message, other_level, a, other_column, other_file});
    REQUIRE(out.size() == 5u);
    CHECK(out[0].rendered == "first");
    CHECK(out[1].message == "function `g` is never used");
    CHECK(out[2].level == "error");
    CHECK(out[3].column == 5);
    CHECK(out[4].file == "src/main.rs");
}

// ---------------------------------------------------------------------------------------
// libtest JSON

TEST_CASE("parse_libtest: the lib tests of `failing-unit`", "[parsers][libtest]") {
    REQUIRE(recorded_exit("failing-unit", "test-lib-gcfx_failing_unit") == 101);
    const auto out = gc::parse_libtest(read_data("failing-unit/test-lib-gcfx_failing_unit.stdout"));
    CHECK(out.suites_started == 1);
    CHECK(out.suites_finished == 1);
    CHECK(out.reported_passed == 3);
    CHECK(out.reported_failed == 1);
    CHECK(out.reported_ignored == 1);
    CHECK(out.unparsed_lines == 0u);
    CHECK(out.unfinished.empty());
    REQUIRE(out.tests.size() == 5u);
    CHECK(names_of(out) == std::set<std::string>{"tests::stack_is_lifo", "tests::eval_handles_all_operators",
                                                 "tests::eval_reports_errors", "tests::eval_many_sums",
                                                 "tests::eval_subtraction_order"});
    CHECK(count_result(out, Result::passed) == 3);
    CHECK(count_result(out, Result::failed) == 1);
    CHECK(count_result(out, Result::ignored) == 1);

    const auto* ignored = find_test(out, "tests::eval_many_sums");
    REQUIRE(ignored != nullptr);
    CHECK(ignored->result == Result::ignored);

    const auto* failed = find_test(out, "tests::eval_subtraction_order");
    REQUIRE(failed != nullptr);
    CHECK(failed->result == Result::failed);
    CHECK(failed->seconds > 0.0);  // --report-time
    CHECK_THAT(failed->output, Contains("panicked at src/lib.rs:223:9:"));
    CHECK_THAT(failed->output, Contains("assertion `left == right` failed"));
    CHECK_THAT(failed->output, Contains("  left: Ok(4)\n right: Ok(-4)"));
    CHECK_THAT(failed->output, Contains("stack backtrace:"));  // RUST_BACKTRACE=1 when recorded
    const auto loc = gc::panic_location(failed->output);
    REQUIRE(loc.has_value());
    CHECK(loc->file == "src/lib.rs");
    CHECK(loc->line == 223);
    CHECK(loc->column == 9);

    for (const auto& t : out.tests) {
        if (t.result == Result::passed) {
            CHECK(t.output.empty());
        }
    }
}

TEST_CASE("parse_libtest: the bin and integration test binaries of `failing-unit` pass", "[parsers][libtest]") {
    REQUIRE(recorded_exit("failing-unit", "test-bin-gcfx-failing-unit") == 0);
    const auto bin = gc::parse_libtest(read_data("failing-unit/test-bin-gcfx-failing-unit.stdout"));
    CHECK(bin.suites_started == 1);
    CHECK(bin.suites_finished == 1);
    REQUIRE(bin.tests.size() == 1u);
    CHECK(bin.tests[0].name == "tests::renders_values_and_errors");
    CHECK(bin.tests[0].result == Result::passed);
    CHECK(bin.reported_passed == 1);

    REQUIRE(recorded_exit("failing-unit", "test-test-rpn") == 0);
    const auto rpn = gc::parse_libtest(read_data("failing-unit/test-test-rpn.stdout"));
    CHECK(rpn.suites_finished == 1);
    CHECK(names_of(rpn) ==
          std::set<std::string>{"nested_expression", "leftover_values_are_an_error", "stack_peek_does_not_remove"});
    CHECK(count_result(rpn, Result::passed) == 3);
    CHECK(rpn.reported_passed == 3);
    CHECK(rpn.reported_failed == 0);
    CHECK(rpn.unfinished.empty());
}

TEST_CASE("parse_libtest: the doc tests of `failing-doctest`", "[parsers][libtest][doctest]") {
    REQUIRE(recorded_exit("failing-doctest", "doctests") == 101);
    const auto out = gc::parse_libtest(read_data("failing-doctest/doctests.stdout"));
    CHECK(out.suites_started == 1);
    CHECK(out.suites_finished == 1);
    CHECK(out.reported_passed == 9);
    CHECK(out.reported_failed == 1);
    CHECK(out.reported_ignored == 0);
    CHECK(out.unfinished.empty());
    REQUIRE(out.tests.size() == 10u);
    CHECK(count_result(out, Result::passed) == 9);

    const std::string failing = "src/lib.rs - Stack<T>::len (line 88)";
    const auto* failed = find_test(out, failing);
    REQUIRE(failed != nullptr);
    CHECK(failed->result == Result::failed);
    CHECK_THAT(failed->output, StartsWith("Test executable failed (exit status: 101)."));
    CHECK_THAT(failed->output, Contains("left: 2\n right: 3"));
    // The panic location is a line of the generated doctest program, not of src/lib.rs...
    const auto panic = gc::panic_location(failed->output);
    REQUIRE(panic.has_value());
    CHECK(panic->file == "src/lib.rs");
    CHECK(panic->line == 8);
    CHECK(panic->column == 1);
    // ...the name says where the example really is.
    const auto loc = gc::doctest_location(failing);
    REQUIRE(loc.has_value());
    CHECK(loc->file == "src/lib.rs");
    CHECK(loc->line == 88);
    CHECK(loc->column == 1);

    // Every doc test name of the suite locates its example (README: same lines as `clean`).
    std::set<int> lines;
    for (const auto& t : out.tests) {
        const auto l = gc::doctest_location(t.name);
        REQUIRE(l.has_value());
        CHECK(l->file == "src/lib.rs");
        lines.insert(l->line);
    }
    CHECK(lines == std::set<int>{8, 18, 34, 47, 60, 74, 88, 103, 119, 161});
}

TEST_CASE("parse_libtest: the hung binary of `hanging-test`, killed after 5 s", "[parsers][libtest][adversarial]") {
    CHECK(recorded_exit("hanging-test", "test-lib-gcfx_hanging_test") == 137);  // SIGKILL
    const auto out = gc::parse_libtest(read_data("hanging-test/test-lib-gcfx_hanging_test.stdout"));
    CHECK(out.suites_started == 1);
    CHECK(out.suites_finished == 0);
    CHECK(out.reported_passed == 0);
    CHECK(out.unparsed_lines == 0u);
    CHECK(out.unfinished == std::vector<std::string>{"tests::waits_forever"});
    CHECK(out.tests.size() == 4u);
    CHECK(count_result(out, Result::passed) == 3);
    CHECK(count_result(out, Result::ignored) == 1);
    CHECK(find_test(out, "tests::waits_forever") == nullptr);
}

TEST_CASE("parse_libtest: a stream cut right after a test started", "[parsers][libtest][adversarial]") {
    const auto full = read_data("failing-unit/test-lib-gcfx_failing_unit.stdout");
    const std::string marker = R"("event": "started", "name": "tests::eval_subtraction_order" })";
    const auto at = full.find(marker);
    REQUIRE(at != std::string::npos);
    const auto prefix = full.substr(0, full.find('\n', at) + 1);

    const auto out = gc::parse_libtest(prefix);
    CHECK(out.suites_started == 1);
    CHECK(out.suites_finished == 0);
    CHECK(out.reported_passed + out.reported_failed + out.reported_ignored == 0);
    CHECK(std::find(out.unfinished.begin(), out.unfinished.end(), "tests::eval_subtraction_order") !=
          out.unfinished.end());
    CHECK(count_result(out, Result::failed) == 0);
    // every test that started is either reported or unfinished, never both
    std::set<std::string> started;
    for (const auto& l : lines_of(prefix)) {
        const auto p = l.find(R"("event": "started", "name": ")");
        if (p != std::string::npos) {
            const auto b = p + 29;
            started.insert(l.substr(b, l.find('"', b) - b));
        }
    }
    auto accounted = names_of(out);
    accounted.insert(out.unfinished.begin(), out.unfinished.end());
    CHECK(accounted == started);
    CHECK(out.tests.size() + out.unfinished.size() == started.size());

    SECTION("and cut again in the middle of the failed event") {
        const auto failed_at = full.find(R"("event": "failed")");
        REQUIRE(failed_at != std::string::npos);
        const auto cut = gc::parse_libtest(full.substr(0, failed_at + 40));
        CHECK(cut.unparsed_lines == 1u);
        CHECK(cut.suites_finished == 0);
        CHECK(count_result(cut, Result::failed) == 0);
        CHECK(std::find(cut.unfinished.begin(), cut.unfinished.end(), "tests::eval_subtraction_order") !=
              cut.unfinished.end());
    }
}

TEST_CASE("parse_libtest: exact results of a small hand-written stream", "[parsers][libtest]") {
    const auto out = gc::parse_libtest(
        "{ \"type\": \"suite\", \"event\": \"started\", \"test_count\": 4 }\n"
        "{ \"type\": \"test\", \"event\": \"started\", \"name\": \"a\" }\n"
        "{ \"type\": \"test\", \"event\": \"started\", \"name\": \"b\" }\n"
        "{ \"type\": \"test\", \"event\": \"started\", \"name\": \"c\" }\n"
        "{ \"type\": \"test\", \"event\": \"timeout\", \"name\": \"c\" }\n"
        "{ \"type\": \"test\", \"name\": \"a\", \"event\": \"ok\", \"exec_time\": 0.5 }\n"
        "{ \"type\": \"test\", \"name\": \"b\", \"event\": \"failed\", \"stdout\": \"out\", \"message\": \"msg\" }\n"
        "{ \"type\": \"bench\", \"name\": \"d\", \"median\": 5, \"deviation\": 1 }\n");
    CHECK(out.suites_started == 1);
    CHECK(out.suites_finished == 0);
    CHECK(out.unfinished == std::vector<std::string>{"c"});  // a timeout warning does not end a test
    REQUIRE(out.tests.size() == 2u);
    CHECK(out.tests[0].name == "a");
    CHECK(out.tests[0].seconds == Approx(0.5));
    CHECK(out.tests[1].name == "b");
    CHECK(out.tests[1].result == Result::failed);
    CHECK(out.tests[1].output == "out\nmsg");
    CHECK(out.unparsed_lines == 0u);  // bench events are not tests and not errors
}

TEST_CASE("parse_libtest: a suite summary that disagrees with the events is visible",
          "[parsers][libtest][adversarial]") {
    SECTION("hand-written") {
        const auto out = gc::parse_libtest(
            "{ \"type\": \"suite\", \"event\": \"started\", \"test_count\": 2 }\n"
            "{ \"type\": \"test\", \"event\": \"started\", \"name\": \"a\" }\n"
            "{ \"type\": \"test\", \"name\": \"a\", \"event\": \"failed\", \"stdout\": \"boom\" }\n"
            "{ \"type\": \"suite\", \"event\": \"ok\", \"passed\": 2, \"failed\": 0, \"ignored\": 0 }\n");
        CHECK(out.suites_finished == 1);
        CHECK(out.reported_passed == 2);
        CHECK(out.reported_failed == 0);
        // the probe compares these: the parser must not paper over the difference
        CHECK(count_result(out, Result::passed) == 0);
        CHECK(count_result(out, Result::failed) == 1);
    }
    SECTION("the recorded failing-unit suite with its summary edited") {
        auto text = read_data("failing-unit/test-lib-gcfx_failing_unit.stdout");
        const std::string summary = R"("event": "failed", "passed": 3, "failed": 1,)";
        const auto at = text.find(summary);
        REQUIRE(at != std::string::npos);
        text.replace(at, summary.size(), R"("event": "ok", "passed": 4, "failed": 0,)");
        const auto out = gc::parse_libtest(text);
        CHECK(out.suites_finished == 1);
        CHECK(out.reported_passed == 4);
        CHECK(out.reported_failed == 0);
        CHECK(count_result(out, Result::passed) == 3);
        CHECK(count_result(out, Result::failed) == 1);
    }
}

TEST_CASE("parse_libtest: empty, garbage and non-UTF-8 input report nothing as run",
          "[parsers][libtest][adversarial]") {
    SECTION("empty") {
        const auto out = gc::parse_libtest("");
        CHECK(out.tests.empty());
        CHECK(out.suites_started == 0);
        CHECK(out.suites_finished == 0);
        CHECK(out.unparsed_lines == 0u);
    }
    SECTION("human output instead of JSON") {
        const auto out = gc::parse_libtest("\nrunning 1 test\ntest tests::a ... ok\n\ntest result: ok. 1 passed;\n");
        CHECK(out.tests.empty());
        CHECK(out.suites_started == 0);
        CHECK(out.suites_finished == 0);
        CHECK(out.unparsed_lines == 3u);
    }
    SECTION("garbage and non-UTF-8 bytes between real events") {
        auto text = read_data("failing-unit/test-bin-gcfx-failing-unit.stdout");
        text = std::string("\xff\xfe\x00garbage\n", 11) + text +
               "{ \"type\": \"test\", \"name\": \"x\xc3\x28\", \"event\": \"ok\" }\n";
        const auto out = gc::parse_libtest(text);
        CHECK(out.unparsed_lines == 2u);
        REQUIRE(out.tests.size() == 1u);
        CHECK(out.tests[0].name == "tests::renders_values_and_errors");
        CHECK(out.suites_finished == 1);
    }
    SECTION("an unknown suite event is unparsed, not a finished suite") {
        const auto out = gc::parse_libtest("{ \"type\": \"suite\", \"event\": \"exploded\", \"passed\": 9 }\n");
        CHECK(out.suites_finished == 0);
        CHECK(out.reported_passed == 0);
        CHECK(out.unparsed_lines == 1u);
    }
    SECTION("an unknown test event is unparsed, not a pass") {
        const auto out = gc::parse_libtest(
            "{ \"type\": \"suite\", \"event\": \"started\", \"test_count\": 1 }\n"
            "{ \"type\": \"test\", \"event\": \"started\", \"name\": \"a\" }\n"
            "{ \"type\": \"test\", \"event\": \"allowed_fail\", \"name\": \"a\" }\n");
        CHECK(out.tests.empty());
        CHECK(out.unfinished == std::vector<std::string>{"a"});
        CHECK(out.unparsed_lines == 1u);
    }
}

TEST_CASE("parse_libtest never throws on JSON objects with wrongly typed fields", "[parsers][libtest][adversarial]") {
    // Regression test (the bug is fixed) for src/probes/parsers.cpp, parse_libtest: ev.value("passed", 0L) and
    // ev.value("exec_time", 0.0) throw nlohmann::json::type_error when the field is a string.
    // A test that lets a child process write to the inherited stdout can put such a line in
    // the stream; the exception then aborts gatecheck (see the cargo messages case above).
    gc::LibtestOutput out;
    CHECK_NOTHROW(out = gc::parse_libtest("{ \"type\": \"suite\", \"event\": \"ok\", \"passed\": \"3\" }\n"));
    CHECK(out.reported_passed == 0);
    CHECK_NOTHROW(
        gc::parse_libtest("{ \"type\": \"test\", \"name\": \"a\", \"event\": \"ok\", \"exec_time\": \"1s\" }\n"));
}

TEST_CASE("parse_libtest: recorded samples from the shared machine (nightly, --ensure-time; a 65 s test)",
          "[parsers][libtest]") {
    const auto out = gc::parse_libtest(read_data("shared/test-json-nightly-ensure-time.jsonl"));
    CHECK(out.suites_finished == 1);
    CHECK(out.reported_passed == 2);
    CHECK(out.reported_failed == 4);
    CHECK(out.reported_ignored == 1);
    CHECK(count_result(out, Result::passed) == 2);
    CHECK(count_result(out, Result::failed) == 4);
    CHECK(count_result(out, Result::ignored) == 1);
    const auto* slow = find_test(out, "tests::unit_slow");  // failed: "reason": "time limit exceeded"
    REQUIRE(slow != nullptr);
    CHECK(slow->result == Result::failed);
    CHECK(slow->seconds == Approx(1.500149669));
    const auto* no_panic = find_test(out, "tests::unit_should_panic_but_doesnt");
    REQUIRE(no_panic != nullptr);
    CHECK(no_panic->output == "test did not panic as expected at src/lib.rs:108:8");
    const auto loc = gc::panic_location(no_panic->output);
    REQUIRE(loc.has_value());
    CHECK(loc->line == 108);
    CHECK(loc->column == 8);

    const auto hang = gc::parse_libtest(read_data("shared/test-json-nightly-hang.jsonl"));
    CHECK(hang.unfinished.empty());  // the timeout warning came before the test ended
    REQUIRE(hang.tests.size() == 1u);
    CHECK(hang.tests[0].result == Result::passed);
    CHECK(hang.tests[0].seconds > 60.0);
    CHECK(hang.suites_finished == 1);
}

// ---------------------------------------------------------------------------------------
// panic_location, doctest_location

TEST_CASE("panic_location finds file:line:column after `panicked at`", "[parsers][location]") {
    const auto a = gc::panic_location("\nthread 'x' (12) panicked at beta/src/lib.rs:10:5:\nboom\n");
    REQUIRE(a.has_value());
    CHECK(a->file == "beta/src/lib.rs");
    CHECK(a->line == 10);
    CHECK(a->column == 5);
    // the first location wins (the backtrace below repeats locations)
    const auto b = gc::panic_location("panicked at src/a.rs:1:2:\n   at ./src/b.rs:3:4\npanicked at src/c.rs:5:6");
    REQUIRE(b.has_value());
    CHECK(b->file == "src/a.rs");

    CHECK_FALSE(gc::panic_location("").has_value());
    CHECK_FALSE(gc::panic_location("assertion failed: x == 1").has_value());
    CHECK_FALSE(gc::panic_location("panicked at src/lib.rs").has_value());
    CHECK_FALSE(gc::panic_location("panicked at src/lib.rs:12").has_value());
    CHECK_FALSE(gc::panic_location("panicked at src/lib.rs:12:x").has_value());
    CHECK_FALSE(gc::panic_location("Test executable failed (exit status: 101).").has_value());
}

TEST_CASE("panic_location never throws on a line number too large for an int", "[parsers][location][adversarial]") {
    // Regression test (the bug is fixed) for src/probes/parsers.cpp, panic_location; doctest_location likewise:
    // std::stoi on the matched digits throws std::out_of_range for "panicked at src/lib.rs:99999999999:1" (a failed
    // test's stdout is arbitrary text printed by the test).
    std::optional<gc::SourceLocation> loc;
    CHECK_NOTHROW(loc = gc::panic_location("panicked at src/lib.rs:99999999999:1:"));
    CHECK_FALSE(loc.has_value());
    CHECK_NOTHROW(loc = gc::doctest_location("src/lib.rs - f (line 99999999999)"));
    CHECK_FALSE(loc.has_value());
}

TEST_CASE("doctest_location reads the file and line from a doc test's name", "[parsers][location]") {
    const auto ws = gc::doctest_location("beta/src/lib.rs - Summary (line 16)");
    REQUIRE(ws.has_value());
    CHECK(ws->file == "beta/src/lib.rs");
    CHECK(ws->line == 16);
    const auto root = gc::doctest_location("src/lib.rs - (line 8)");  // the crate root's example
    REQUIRE(root.has_value());
    CHECK(root->file == "src/lib.rs");
    CHECK(root->line == 8);
    const auto generic = gc::doctest_location("src/lib.rs - Stack<T>::is_empty (line 103)");
    REQUIRE(generic.has_value());
    CHECK(generic->line == 103);

    CHECK_FALSE(gc::doctest_location("").has_value());
    CHECK_FALSE(gc::doctest_location("tests::stack_is_lifo").has_value());
    CHECK_FALSE(gc::doctest_location("src/lib.rs - Stack").has_value());
    CHECK_FALSE(gc::doctest_location("src/lib.rs - Stack (line x)").has_value());
    CHECK_FALSE(gc::doctest_location("src/lib.rs - Stack (line 3) trailing").has_value());
}

// ---------------------------------------------------------------------------------------
// rustdoc --show-coverage

TEST_CASE("parse_doc_coverage: the recorded coverage of `undocumented`", "[parsers][docs]") {
    REQUIRE(recorded_exit("undocumented", "doc-coverage") == 0);
    CHECK_THAT(read_data("undocumented/doc-coverage.stderr"), Contains("Documenting gcfx-undocumented"));
    const auto cov = gc::parse_doc_coverage(read_data("undocumented/doc-coverage.stdout"));
    REQUIRE(cov.ok());
    CHECK(cov->compile_error.empty());
    REQUIRE(cov->files.size() == 1u);
    const auto& c = cov->files.at("src/lib.rs");
    CHECK(c.total == 14);
    CHECK(c.with_docs == 10);
    CHECK(c.total_examples == 10);
    CHECK(c.with_examples == 10);
}

TEST_CASE("parse_doc_coverage reads several files", "[parsers][docs]") {
    const auto cov =
        gc::parse_doc_coverage(R"({"src/lib.rs":{"total":3,"with_docs":2,"total_examples":2,"with_examples":1},)"
                               R"("src/util.rs":{"total":1,"with_docs":0,"total_examples":0,"with_examples":0}})"
                               "\n");
    REQUIRE(cov.ok());
    REQUIRE(cov->files.size() == 2u);
    CHECK(cov->files.at("src/lib.rs").with_examples == 1);
    CHECK(cov->files.at("src/util.rs").total == 1);
}

TEST_CASE("parse_doc_coverage: anything but one well-formed coverage object is an error",
          "[parsers][docs][adversarial]") {
    const auto good = std::string(R"({"total":14,"with_docs":14,"total_examples":10,"with_examples":10})");
    const auto entry = [](const std::string& counts) { return R"({"src/lib.rs":)" + counts + "}"; };
    REQUIRE(gc::parse_doc_coverage(entry(good)).ok());

    SECTION("not JSON") {
        CHECK_FALSE(gc::parse_doc_coverage("").ok());
        CHECK_FALSE(gc::parse_doc_coverage("\n  \n").ok());
        CHECK_FALSE(gc::parse_doc_coverage(read_data("shared/doccov-stable-nobootstrap.txt")).ok());
        CHECK_FALSE(gc::parse_doc_coverage("+-------------------------------------+------------+\n"
                                           "| File                                | Documented |\n")
                        .ok());
        CHECK_FALSE(gc::parse_doc_coverage(std::string("\xff\xfe\x00\x01", 4)).ok());
        const auto recorded = read_data("undocumented/doc-coverage.stdout");
        CHECK_FALSE(gc::parse_doc_coverage(recorded.substr(0, recorded.size() / 2)).ok());  // truncated
        CHECK_FALSE(gc::parse_doc_coverage("[1,2]").ok());
    }
    SECTION("two objects, or the object followed by garbage") {
        CHECK_FALSE(gc::parse_doc_coverage(entry(good) + "\n" + entry(good)).ok());
        CHECK_FALSE(gc::parse_doc_coverage(entry(good) + "\nwarning: something\n").ok());
    }
    SECTION("an entry that is not an object") {
        CHECK_FALSE(gc::parse_doc_coverage(R"({"src/lib.rs":14})").ok());
        CHECK_FALSE(gc::parse_doc_coverage(R"({"src/lib.rs":[14,14,10,10]})").ok());
    }
    SECTION("a missing count") {
        const auto r = gc::parse_doc_coverage(entry(R"({"total":14,"total_examples":10,"with_examples":10})"));
        REQUIRE_FALSE(r.ok());
        CHECK_THAT(r.error().message, Contains("with_docs"));
        CHECK_THAT(r.error().message, Contains("src/lib.rs"));
    }
    SECTION("a negative count") {
        CHECK_FALSE(
            gc::parse_doc_coverage(entry(R"({"total":14,"with_docs":-1,"total_examples":10,"with_examples":10})"))
                .ok());
        CHECK_FALSE(
            gc::parse_doc_coverage(entry(R"({"total":-14,"with_docs":0,"total_examples":10,"with_examples":10})"))
                .ok());
    }
    SECTION("a count that is not an integer") {
        CHECK_FALSE(
            gc::parse_doc_coverage(entry(R"({"total":14.5,"with_docs":14,"total_examples":10,"with_examples":10})"))
                .ok());
        CHECK_FALSE(
            gc::parse_doc_coverage(entry(R"({"total":"14","with_docs":14,"total_examples":10,"with_examples":10})"))
                .ok());
        CHECK_FALSE(
            gc::parse_doc_coverage(entry(R"({"total":null,"with_docs":14,"total_examples":10,"with_examples":10})"))
                .ok());
        CHECK_FALSE(
            gc::parse_doc_coverage(entry(R"({"total":true,"with_docs":14,"total_examples":10,"with_examples":10})"))
                .ok());
    }
    SECTION("more documented than there are items") {
        const auto r =
            gc::parse_doc_coverage(entry(R"({"total":14,"with_docs":15,"total_examples":10,"with_examples":10})"));
        REQUIRE_FALSE(r.ok());
        CHECK_THAT(r.error().message, Contains("inconsistent"));
        CHECK_FALSE(
            gc::parse_doc_coverage(entry(R"({"total":14,"with_docs":14,"total_examples":10,"with_examples":11})"))
                .ok());
    }
}

TEST_CASE("parse_doc_coverage rejects a count too large for a long instead of wrapping it negative",
          "[parsers][docs][adversarial]") {
    // Regression test (the bug is fixed) for src/probes/parsers.cpp, parse_doc_coverage: the check is_number_unsigned()
    // accepts 18446744073709551615, and it->get<long>() turns it into -1: a negative with_docs that then passes the
    // "with_docs > total" consistency check.
    const auto r = gc::parse_doc_coverage(
        R"({"src/lib.rs":{"total":14,"with_docs":18446744073709551615,"total_examples":10,"with_examples":10}})");
    CHECK_FALSE(r.ok());
}

// ---------------------------------------------------------------------------------------
// cargo fmt --check

TEST_CASE("parse_fmt_check: the recorded diff of `unformatted`", "[parsers][fmt]") {
    REQUIRE(recorded_exit("unformatted", "fmt") == 1);
    const auto raw = read_data("unformatted/fmt.stdout");
    REQUIRE_THAT(raw, Contains("\x1b[31m-"));  // rustfmt colours its diff even through a pipe
    REQUIRE_THAT(raw, Contains("\x1b[32m+"));
    REQUIRE_THAT(raw, Contains("Diff in /work/fixture/src/lib.rs:36:"));  // absolute paths

    const auto ev = gc::parse_fmt_check(raw, workspace_of("unformatted"));
    REQUIRE(ev.ok());
    REQUIRE(ev->files.size() == 2u);
    CHECK(ev->files[0].file == "src/lib.rs");
    CHECK(ev->files[0].first_line == 36);
    CHECK(ev->files[0].hunks == 2);
    CHECK(ev->files[1].file == "tests/rpn.rs");
    CHECK(ev->files[1].first_line == 2);
    CHECK(ev->files[1].hunks == 2);
}

TEST_CASE("parse_fmt_check: other forms of the Diff line", "[parsers][fmt]") {
    const auto ws = workspace_of("unformatted");
    const auto old_style = gc::parse_fmt_check("Diff in /work/fixture/src/main.rs at line 3:\n-x\n+y\n", ws);
    REQUIRE(old_style.ok());
    REQUIRE(old_style->files.size() == 1u);
    CHECK(old_style->files[0].file == "src/main.rs");
    CHECK(old_style->files[0].first_line == 3);

    const auto coloured = gc::parse_fmt_check("\x1b[1mDiff in /work/fixture/src/lib.rs:5:\x1b[0m\r\n", ws);
    REQUIRE(coloured.ok());
    REQUIRE(coloured->files.size() == 1u);
    CHECK(coloured->files[0].first_line == 5);

    const auto outside = gc::parse_fmt_check("Diff in /somewhere/else/lib.rs:7:\n", ws);
    REQUIRE(outside.ok());
    REQUIRE(outside->files.size() == 1u);
    CHECK(outside->files[0].file == "/somewhere/else/lib.rs");  // not inside the workspace: kept absolute
}

TEST_CASE("parse_fmt_check: output with no Diff line names no file", "[parsers][fmt][adversarial]") {
    // The parser finds nothing; the probe then needs exit status 0 to call it formatted (exit 1
    // with no file is an error there), so this can never read as a pass on its own.
    const auto ws = workspace_of("unformatted");
    for (const std::string& text :
         {std::string(), std::string("error: couldn't parse src/lib.rs\n"),
          std::string("\x1b[31m-    pub fn new()->Self\n\x1b(B\x1b[m\x1b[32m+    pub fn new() -> Self\n"),
          std::string("Diff in src/lib.rs\nDiff in /work/fixture/src/lib.rs:x:\n"), std::string("\xff\xfe\x80\n")}) {
        const auto ev = gc::parse_fmt_check(text, ws);
        REQUIRE(ev.ok());
        CHECK(ev->files.empty());
    }
}

// ---------------------------------------------------------------------------------------
// version lines, strip_ansi

TEST_CASE("parse_version_line: the recorded cargo and rustc versions", "[parsers][version]") {
    const auto cargo_out = read_data("toolchain/cargo-version.stdout");
    const auto rustc_out = read_data("toolchain/rustc-version.stdout");
    REQUIRE_THAT(cargo_out, StartsWith("cargo 1."));
    REQUIRE_THAT(rustc_out, StartsWith("rustc 1."));
    const auto cargo = gc::parse_version_line(cargo_out, "cargo");
    CHECK(cargo == cargo_out.substr(0, cargo_out.find('\n')));
    CHECK(cargo.find('\n') == std::string::npos);
    CHECK(gc::parse_version_line(rustc_out, "rustc") == rustc_out.substr(0, rustc_out.find('\n')));

    CHECK(gc::parse_version_line("cargo 1.95.0 (f2d3ce0bd 2026-03-21)\n", "cargo") ==
          "cargo 1.95.0 (f2d3ce0bd 2026-03-21)");
    CHECK(gc::parse_version_line("\n\n  cargo 1.95.0 (f2d3ce0bd 2026-03-21)\r\nextra\n", "cargo") ==
          "cargo 1.95.0 (f2d3ce0bd 2026-03-21)");
}

TEST_CASE("parse_version_line: lines that do not match are empty", "[parsers][version][adversarial]") {
    CHECK(gc::parse_version_line("", "cargo").empty());
    CHECK(gc::parse_version_line("\n \n", "cargo").empty());
    CHECK(gc::parse_version_line(read_data("toolchain/rustc-version.stdout"), "cargo").empty());
    CHECK(gc::parse_version_line(read_data("toolchain/cargo-version.stdout"), "rustc").empty());
    CHECK(gc::parse_version_line("error: no default toolchain configured\n", "cargo").empty());
    CHECK(gc::parse_version_line("carg 1.0\n", "cargo").empty());
    // only the first non-blank line counts
    CHECK(gc::parse_version_line("warning: something\ncargo 1.95.0\n", "cargo").empty());
}

TEST_CASE("parse_version_line: another program's name that merely starts with it does not match",
          "[parsers][version][adversarial]") {
    // Regression test (the bug is fixed) for src/probes/parsers.cpp, parse_version_line: the program name is compared
    // as a prefix only, so "cargo-clippy 0.1.95 (...)" reads as cargo's version line.
    CHECK(gc::parse_version_line("cargo-clippy 0.1.95 (59807616e 2026-04-14)\n", "cargo").empty());
    CHECK(gc::parse_version_line("rustc-demangle 0.1.24\n", "rustc").empty());
}

TEST_CASE("parse_version_line trims trailing blanks, as parsers.hpp says", "[parsers][version]") {
    // Regression test (the bug is fixed) for src/probes/parsers.cpp, parse_version_line: only leading spaces are
    // removed; "cargo 1.95.0 (f2d3ce0bd 2026-03-21)  " keeps its trailing blanks (and a leading tab makes the line
    // unrecognised), although the header promises the line "trimmed".
    CHECK(gc::parse_version_line("cargo 1.95.0 (f2d3ce0bd 2026-03-21)  \n", "cargo") ==
          "cargo 1.95.0 (f2d3ce0bd 2026-03-21)");
    CHECK(gc::parse_version_line("\tcargo 1.95.0 (f2d3ce0bd 2026-03-21)\n", "cargo") ==
          "cargo 1.95.0 (f2d3ce0bd 2026-03-21)");
}

TEST_CASE("strip_ansi removes colour codes and charset selections", "[parsers][ansi]") {
    CHECK(gc::strip_ansi("") == "");
    CHECK(gc::strip_ansi("plain text\n") == "plain text\n");
    CHECK(gc::strip_ansi("\x1b[31m-    pub fn new()\n\x1b(B\x1b[m\x1b[32m+    pub fn new() {\n\x1b(B\x1b[m") ==
          "-    pub fn new()\n+    pub fn new() {\n");
    CHECK(gc::strip_ansi("\x1b[1;38;5;196mbold red\x1b[0m") == "bold red");
    CHECK(gc::strip_ansi("end\x1b[") == "end");  // an unterminated sequence at the very end
    CHECK(gc::strip_ansi("end\x1b") == "end");

    const auto raw = read_data("unformatted/fmt.stdout");
    const auto plain = gc::strip_ansi(raw);
    CHECK(plain.find('\x1b') == std::string::npos);
    CHECK(plain.size() < raw.size());
    CHECK_THAT(plain, Contains("\n-    pub fn new()->Self{ Self{items:Vec::new()} }\n+    pub fn new() -> Self {\n"));
    CHECK_THAT(plain, Contains("Diff in /work/fixture/tests/rpn.rs:12:\n"));
}
