// Behaviours users reported (issue 12, and the false results of issue 11), each reproduced by
// a fixture crate whose raw-cargo numbers are in tests/fixtures/README.md. Each case asserts
// what gatecheck's report must say: what `cargo test` / `cargo check` themselves say.
#include <catch2/catch.hpp>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "support.hpp"
#include "validators.hpp"

using namespace e2e;

namespace {

std::string slurp_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool ends_with(const std::string& s, const std::string& tail) {
    return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string text(const json& value) {
    return value.is_string() ? value.get<std::string>() : std::string();
}

std::vector<const json*> findings_with(const json& report, const std::string& gate_id, const std::string& rule) {
    std::vector<const json*> found;
    for (const auto& f : gate(report, gate_id).at("findings")) {
        if (f.at("rule") == rule) {
            found.push_back(&f);
        }
    }
    return found;
}

// The gate's `tests[]` entry (one per test case: name, status, and for failures message and
// output) whose name is `name`; nullptr when there is none.
const json* test_case(const json& report, const std::string& gate_id, const std::string& name) {
    const auto& g = gate(report, gate_id);
    if (!g.contains("tests")) {
        return nullptr;
    }
    for (const auto& t : g.at("tests")) {
        if (t.at("name") == name) {
            return &t;
        }
    }
    return nullptr;
}

bool failed_status(const json& status_value) {
    const auto s = text(status_value);
    return s == "fail" || s == "failed";
}

bool passed_status(const json& status_value) {
    const auto s = text(status_value);
    return s == "pass" || s == "passed" || s == "ok";
}

void require_passes(const json& report, std::initializer_list<const char*> ids) {
    for (const char* id : ids) {
        INFO("gate " << id << ": " << gate(report, id).dump());
        CHECK(status(report, id) == "pass");
    }
}

// What cargo gives a test binary must come from gatecheck, never from the test's own
// environment.
const std::map<std::string, std::string> kNoCargoEnv = {
    {"CARGO", "UNSET"},
    {"CARGO_PKG_NAME", "UNSET"},
    {"CARGO_PKG_VERSION", "UNSET"},
    {"CARGO_PKG_VERSION_MAJOR", "UNSET"},
    {"CARGO_PKG_DESCRIPTION", "UNSET"},
    {"CARGO_MANIFEST_DIR", "UNSET"},
    {"CARGO_MANIFEST_PATH", "UNSET"},
    {"OUT_DIR", "UNSET"},
};

}  // namespace

TEST_CASE("test binaries get cargo test's run-time environment (CARGO_*, OUT_DIR, CARGO_BIN_EXE_ children)") {
    const auto r = gatecheck(fixture("cargo-env"), {}, kNoCargoEnv);
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    INFO("unit-tests: " << gate(r.report, "unit-tests").dump());
    INFO("integration-tests: " << gate(r.report, "integration-tests").dump());
    // cargo test: lib 6/0/0 (CARGO_PKG_VERSION_MAJOR, CARGO_PKG_DESCRIPTION, CARGO_MANIFEST_DIR,
    // CARGO_MANIFEST_PATH, CARGO, OUT_DIR read at run time), bin envtool 1/0/0.
    CHECK(status(r.report, "unit-tests") == "pass");
    CHECK(metric(r.report, "unit-tests", "passed") == 7);
    CHECK(metric(r.report, "unit-tests", "failed") == 0);
    CHECK(metric(r.report, "unit-tests", "targets") == 2);
    // tests/envtool.rs 2/0/0: runs CARGO_BIN_EXE_envtool, which needs CARGO_PKG_NAME inherited.
    CHECK(status(r.report, "integration-tests") == "pass");
    CHECK(metric(r.report, "integration-tests", "passed") == 2);
    CHECK(metric(r.report, "integration-tests", "failed") == 0);
    CHECK(metric(r.report, "integration-tests", "targets") == 1);
    CHECK(metric(r.report, "doctests", "passed") == 3);
    require_passes(r.report, {"build", "clippy", "docs", "fmt", "doctests"});
    CHECK(r.exit_code == 0);
}

TEST_CASE("harness = false test targets run without libtest flags and count as one test each") {
    const auto r = gatecheck(fixture("harness-false"));
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    INFO("integration-tests: " << gate(r.report, "integration-tests").dump());
    CHECK(r.exit_code == 1);
    CHECK(r.report.at("verdict") == "fail");
    CHECK(status(r.report, "integration-tests") == "fail");
    // normal (2 tests), plain_ok (exit 0: one passed), plain_fail (exit 1: one failed).
    CHECK(metric(r.report, "integration-tests", "targets") == 3);
    CHECK(metric(r.report, "integration-tests", "passed") == 3);
    CHECK(metric(r.report, "integration-tests", "failed") == 1);
    const auto failed = findings_with(r.report, "integration-tests", "test-failed");
    REQUIRE(failed.size() == 1);
    const auto msg = text(failed[0]->at("message"));
    CHECK(contains(msg, "plain_fail"));
    CHECK(contains(msg, "custom harness: 1 of 2 checks failed"));
    CHECK_FALSE(contains(msg, "libtest JSON"));
    CHECK(metric(r.report, "unit-tests", "passed") == 1);
    CHECK(metric(r.report, "doctests", "passed") == 2);
    require_passes(r.report, {"build", "clippy", "docs", "unit-tests", "fmt", "doctests"});
}

TEST_CASE("a failing test is reported by its panic message and location; its output is kept in tests[]") {
    // The same run writes the CI formats, which the real validators then check (issue 26).
    const auto crate = fixture("panic-message");
    const auto base = crate.dir.parent_path() / crate.dir.filename();
    const fs::path sarif = base.string() + ".sarif";
    const fs::path junit = base.string() + ".junit.xml";
    const fs::path codequality = base.string() + ".codequality.json";
    const auto r = gatecheck(crate, {"--report", "sarif=" + sarif.string(), "--report", "junit=" + junit.string(),
                                     "--report", "codequality=" + codequality.string()});
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    INFO("unit-tests: " << gate(r.report, "unit-tests").dump());
    CHECK(r.exit_code == 1);
    CHECK(status(r.report, "unit-tests") == "fail");
    CHECK(metric(r.report, "unit-tests", "passed") == 1);
    CHECK(metric(r.report, "unit-tests", "failed") == 1);
    const auto failed = findings_with(r.report, "unit-tests", "test-failed");
    REQUIRE(failed.size() == 1);
    const auto& f = *failed[0];
    const auto msg = text(f.at("message"));
    CHECK(contains(msg, "tests::compute_gives_the_real_reason"));
    CHECK(contains(msg, "the real reason"));
    CHECK_FALSE(contains(msg, "connecting to test fixture"));
    CHECK_FALSE(contains(msg, "stack backtrace"));
    CHECK(f.at("file") == "src/lib.rs");
    CHECK(f.at("line") == 33);  // the assert_eq!, src/lib.rs:33:9
    CHECK(f.at("column") == 9);

    // Every test case, with the failure's message and its captured output.
    const auto* t = test_case(r.report, "unit-tests", "tests::compute_gives_the_real_reason");
    REQUIRE(t != nullptr);
    CHECK(failed_status(t->at("status")));
    CHECK(contains(text(t->at("message")), "the real reason"));
    CHECK(contains(text(t->at("output")), "connecting to test fixture"));
    const auto* ok = test_case(r.report, "unit-tests", "tests::compute_is_not_empty");
    REQUIRE(ok != nullptr);
    CHECK(passed_status(ok->at("status")));
    require_passes(r.report, {"build", "clippy", "docs", "integration-tests", "fmt", "doctests"});

    // The CI formats of this real run pass their consumers' validators, and say what the JSON says.
    CHECK(sarif_errors({sarif}).empty());
    CHECK(junit_errors({junit}).empty());
    CHECK(codequality_errors(codequality).empty());
    INFO(slurp_text(sarif));
    const auto doc = json::parse(slurp_text(sarif));
    bool found = false;
    for (const auto& res : doc.at("runs").at(0).at("results")) {
        if (res.at("ruleId") == "test-failed") {
            found = true;
            const auto& loc = res.at("locations").at(0).at("physicalLocation");
            CHECK(ends_with(loc.at("artifactLocation").at("uri").get<std::string>(), "panic-message/src/lib.rs"));
            CHECK(loc.at("region").at("startLine") == 33);
            // GitHub's hash of the assert_eq! line: the first hash of that text in the file.
            CHECK(contains(res.at("partialFingerprints").at("primaryLocationLineHash").get<std::string>(), ":1"));
        }
    }
    CHECK(found);
    const auto xml = slurp_text(junit);
    CHECK(contains(xml, "name=\"tests::compute_gives_the_real_reason\""));
    CHECK(contains(xml, "<system-out>connecting to test fixture"));
    CHECK(contains(xml, "file=\""));
}

TEST_CASE("a panicking build script is the crate's failure, said once, with its message and location") {
    const auto crate = fixture("build-script-panic");
    const auto r = gatecheck(crate, {}, {{"GATECHECK_FIXTURE_OK", "UNSET"}});
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    INFO("build: " << gate(r.report, "build").dump());
    CHECK(r.exit_code == 1);  // not 3: nothing is wrong with the tools
    CHECK(r.report.at("verdict") == "fail");
    CHECK(status(r.report, "build") == "fail");
    const auto scripts = findings_with(r.report, "build", "build-script");
    REQUIRE(scripts.size() == 1);
    const auto msg = text(scripts[0]->at("message"));
    CHECK(contains(msg, "build script needs GATECHECK_FIXTURE_OK"));
    CHECK(contains(msg, "build.rs:"));  // the panic location, build.rs:6:5
    CHECK(scripts[0]->at("level") == "error");
    // Said once: no other gate repeats cargo's stderr (or the panic message) as a finding.
    for (const auto& g : r.report.at("gates")) {
        if (g.at("id") == "build") {
            continue;
        }
        for (const auto& f : g.at("findings")) {
            INFO("gate " << g.at("id") << " finding " << f.dump());
            CHECK_FALSE(contains(text(f.at("message")), "build script needs GATECHECK_FIXTURE_OK"));
            CHECK_FALSE(contains(text(f.at("message")), "Caused by"));
        }
    }
    // Nothing that needs the build can pass; fmt does not need it.
    for (const char* id : {"clippy", "docs", "unit-tests", "integration-tests", "doctests"}) {
        INFO(id);
        CHECK(status(r.report, id) != "pass");
    }
    CHECK(status(r.report, "fmt") == "pass");

    // The same crate with the variable set passes every gate.
    const auto ok = gatecheck(crate, {}, {{"GATECHECK_FIXTURE_OK", "1"}});
    INFO(ok.out << ok.err);
    CHECK(ok.exit_code == 0);
}

TEST_CASE("one integration test file that does not compile fails only integration-tests; the rest still run") {
    const auto r = gatecheck(fixture("broken-test-file"));
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    INFO("unit-tests: " << gate(r.report, "unit-tests").dump());
    INFO("integration-tests: " << gate(r.report, "integration-tests").dump());
    CHECK(r.exit_code == 1);
    CHECK(status(r.report, "unit-tests") == "pass");
    CHECK(metric(r.report, "unit-tests", "passed") == 2);
    CHECK(metric(r.report, "unit-tests", "failed") == 0);
    CHECK(status(r.report, "integration-tests") == "fail");
    CHECK(metric(r.report, "integration-tests", "passed") == 1);  // tests/good.rs
    bool broken_located = false;
    for (const auto& f : gate(r.report, "integration-tests").at("findings")) {
        broken_located = broken_located || (f.at("level") == "error" && f.at("file") == "tests/broken.rs");
    }
    CHECK(broken_located);  // E0308 at tests/broken.rs:3:24
    // Doc tests need only the library.
    CHECK(status(r.report, "doctests") == "pass");
    CHECK(metric(r.report, "doctests", "passed") == 2);
    CHECK(status(r.report, "build") == "fail");
    require_passes(r.report, {"docs", "fmt"});
}

TEST_CASE("libtest-like JSON printed by a test's child process does not hide a real failure") {
    const auto r = gatecheck(fixture("foreign-json"));
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    INFO("unit-tests: " << gate(r.report, "unit-tests").dump());
    CHECK(r.exit_code == 1);
    CHECK(status(r.report, "unit-tests") == "fail");  // not "error"
    CHECK(metric(r.report, "unit-tests", "passed") == 1);
    CHECK(metric(r.report, "unit-tests", "failed") == 1);
    const auto failed = findings_with(r.report, "unit-tests", "test-failed");
    REQUIRE(failed.size() == 1);
    CHECK(contains(text(failed[0]->at("message")), "the real failure"));
    CHECK(contains(text(failed[0]->at("message")), "tests::fails_for_real"));
    CHECK(failed[0]->at("file") == "src/lib.rs");
    CHECK(failed[0]->at("line") == 43);
    require_passes(r.report, {"build", "clippy", "docs", "integration-tests", "fmt", "doctests"});
}

TEST_CASE("a feature that breaks the build fails build with the compile error, unless all_features = false") {
    auto crate = fixture("feature-breaks");
    auto r = gatecheck(crate);
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    INFO("build: " << gate(r.report, "build").dump());
    CHECK(r.exit_code == 1);
    CHECK(status(r.report, "build") == "fail");
    bool located = false;
    for (const auto& f : gate(r.report, "build").at("findings")) {
        located = located || (f.at("rule") == "E0308" && f.at("level") == "error" && f.at("file") == "src/lib.rs" &&
                              f.at("line") == 33 && f.at("column") == 5);
    }
    CHECK(located);  // `"not a number"` where `u32` is expected, only with --all-features
    // (Whether the other cargo gates also build with --all-features is the engine's choice;
    // with the default features everything else is clean, as the second run shows.)
    CHECK(status(r.report, "fmt") == "pass");

    // The features gate checks `extra` alone whatever the build gate does: off here too.
    write(crate.dir / "gatecheck.toml", "[gates.build]\nall_features = false\n\n[gates.features]\nenabled = false\n");
    r = gatecheck(crate);
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    CHECK(status(r.report, "build") == "pass");
    CHECK(r.exit_code == 0);
}

TEST_CASE("a run with every gate skipped verified nothing: exit 3, no PASS") {
    // clang-format off
    const auto r = gatecheck(fixture("clean", "user-all-skipped"), {"--skip", "build",
                                                                    "--skip", "clippy",
                                                                    "--skip", "docs",
                                                                    "--skip", "unit-tests",
                                                                    "--skip", "integration-tests",
                                                                    "--skip", "coverage",
                                                                    "--skip", "fmt",
                                                                    "--skip", "doctests",
                                                                    "--skip", "must-use",
                                                                    "--skip", "thread-safety",
                                                                    "--skip", "unsafe",
                                                                    "--skip", "errors",
                                                                    "--skip", "async",
                                                                    "--skip", "ffi",
                                                                    "--skip", "sanitizer",
                                                                    "--skip", "concurrency-tests",
                                                                    "--skip", "property-tests",
                                                                    "--skip", "miri",
                                                                    "--skip", "advisories",
                                                                    "--skip", "profile",
                                                                    "--skip", "allocations",
                                                                    "--skip", "cpu-profile",
                                                                    "--skip", "zero-cost",
                                                                    "--skip", "input-validation",
                                                                    "--skip", "crypto-review",
                                                                    "--skip", "features",
                                                                    "--skip", "benchmarks",
                                                                    "--skip", "bench-targets",
                                                                    "--skip", "memory"});
    // clang-format on
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    // When the catalogue grows, skip the new gates above too: every gate must be skipped here.
    for (const auto& g : r.report.at("gates")) {
        INFO("gate " << g.at("id"));
        REQUIRE(g.at("status") == "skip");
    }
    CHECK(r.exit_code == 3);
    CHECK(r.report.at("verdict") == "error");
    CHECK(r.report.at("exit_code") == 3);
    CHECK_FALSE(contains(r.out, "PASS"));
}

// ---------------------------------------------------------------------------------------
// Issue 12 point 6: a doctest build that runs out of time is a build timeout.

TEST_CASE("a doctest build that times out is an error 'still building', never a hung test") {
    const auto crate = fixture("clean", "user-doctest-build-timeout");
    const auto warm = gatecheck(crate, {"--gate", "doctests"});  // the library is built: only rustdoc is left
    REQUIRE(warm.exit_code == 0);
    // `cargo test --doc` runs $RUSTDOC to build the examples: one that takes a minute keeps
    // the build going past the timeout, before any doc test exists.
    const auto slow_rustdoc = crate.dir.parent_path() / "user-slow-rustdoc.sh";
    const auto ran = crate.dir.parent_path() / "user-slow-rustdoc.ran";
    fs::remove(ran);
    write(slow_rustdoc, "#!/bin/sh\ntouch '" + ran.string() + "'\nsleep 60\n");
    fs::permissions(slow_rustdoc, fs::perms::owner_all);
    const auto r = gatecheck(crate, {"--gate", "doctests", "--timeout", "3"}, {{"RUSTDOC", slow_rustdoc.string()}});
    INFO(r.out << r.err);
    CHECK(fs::exists(ran));  // the time went into building the doc tests
    REQUIRE(!r.report.is_null());
    INFO("doctests: " << gate(r.report, "doctests").dump());
    CHECK(status(r.report, "doctests") == "error");  // not fail: nothing is known about the doc tests
    const auto summary = text(gate(r.report, "doctests").at("summary"));
    CHECK(contains(summary, "before any test started"));
    CHECK(contains(summary, "still building"));
    CHECK_FALSE(contains(summary, "hung"));
    for (const auto& f : gate(r.report, "doctests").at("findings")) {
        INFO(f.dump());
        CHECK_FALSE(contains(text(f.at("message")), "hung"));
    }
    CHECK_FALSE(contains(r.out, "hung"));
    CHECK(r.exit_code == 3);
    CHECK(r.report.at("duration_ms").get<double>() < 30000);  // the sleeping rustdoc was killed
    CHECK(processes_mentioning(slow_rustdoc.string()).empty());
}

// ---------------------------------------------------------------------------------------
// Issue 12 point 10: the smaller ones.

TEST_CASE("doc percentages are rounded as rustdoc's own coverage table rounds them") {
    const auto crate = fixture("workspace", "user-docs-rounding");
    // Without its doc comment, longest_word leaves alpha 2 of 3 documented, 2 of 3 with
    // examples: 66.666...%, which rustdoc prints as 66.7 (truncated it would be 66.6).
    const auto lib = crate.dir / "alpha" / "src" / "lib.rs";
    std::string source;
    {
        std::ifstream in(lib);
        source.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const auto from = source.find("/// Returns the longest word");
    const auto to = source.find("#[must_use]\npub fn longest_word");
    REQUIRE(from != std::string::npos);
    REQUIRE(to != std::string::npos);
    write(lib, source.erase(from, to - from));

    const auto r = gatecheck(crate, {"-p", "gcfx-alpha", "--gate", "docs"});
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    INFO("docs: " << gate(r.report, "docs").dump());
    CHECK(metric(r.report, "docs", "items") == 3);
    CHECK(metric(r.report, "docs", "documented") == 2);
    CHECK(metric(r.report, "docs", "with_examples") == 2);
    CHECK(status(r.report, "docs") == "fail");  // exact counts decide: 2 of 3 is below 100 %
    const auto summary = text(gate(r.report, "docs").at("summary"));
    CHECK(contains(summary, "66.7% documented (2/3)"));
    CHECK(contains(summary, "66.7% with examples (2/3)"));

    // rustdoc's own table says the same number.
    const auto raw = run_program(
        {"cargo", "rustdoc", "-p", "gcfx-alpha", "--lib", "--", "-Z", "unstable-options", "--show-coverage"}, crate.dir,
        {{"RUSTC_BOOTSTRAP", "1"}, {"CARGO_TARGET_DIR", (crate.target_dir / "raw").string()}});
    INFO(raw.out << raw.err);
    REQUIRE(raw.exit_code == 0);
    CHECK(contains(raw.out, "66.7%"));
}

TEST_CASE("a workspace member's path with -p another member: the header names the checked package") {
    const auto crate = fixture("workspace", "user-ws-header");
    const auto r = gatecheck_plain({(crate.dir / "alpha").string(), "-p", "gcfx-beta", "--gate", "fmt"}, crate.dir,
                                   {{"CARGO_TARGET_DIR", crate.target_dir.string()}});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    const auto beta = fs::canonical(crate.dir / "beta").string();
    CHECK(contains(r.out, "gcfx-beta 0.1.0 (" + beta + ")"));
    CHECK_FALSE(contains(r.out, "gcfx-alpha"));
    CHECK_FALSE(contains(r.out, fs::canonical(crate.dir / "alpha").string()));
}

TEST_CASE("a member's gatecheck.toml is read when the whole workspace is checked: a typo is an error") {
    const auto crate = fixture("workspace", "user-ws-member-config");
    const auto config = crate.dir / "alpha" / "gatecheck.toml";

    write(config, "[gates.clippy]\nmax_warnigns = 3\n");
    auto r = gatecheck(crate, {"--gate", "fmt"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "gatecheck: error: "));
    CHECK(contains(r.err, "gatecheck.toml:2:1"));  // file:line:col of the unknown key
    CHECK(contains(r.err, "max_warnigns"));

    // Valid settings of its own: the run goes on and says they apply to that member alone.
    write(config, "[gates.clippy]\nmax_warnings = 3\n");
    r = gatecheck(crate, {"--gate", "fmt"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.err, "gatecheck: note: gcfx-alpha's own gatecheck settings"));
    CHECK(contains(r.err, "apply only when it is checked alone (-p gcfx-alpha)"));
}

TEST_CASE("an error that stops the run (exit 2) still writes the asked-for JSON report, with the error") {
    const auto crate = fixture("clean", "user-exit2-report");

    write(crate.dir / "gatecheck.toml", "[gates.clippy\nmax_warnings = 1\n");
    auto r = gatecheck(crate, {"--gate", "fmt"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    REQUIRE(!r.report.is_null());  // the file exists
    CHECK(r.report.at("verdict") == "error");
    CHECK(r.report.at("exit_code") == 2);
    CHECK(contains(text(r.report.at("error")), "gatecheck.toml:1:"));
    CHECK(contains(r.err, text(r.report.at("error"))));

    fs::remove(crate.dir / "gatecheck.toml");
    r = gatecheck(crate, {"-p", "nonexistent", "--gate", "fmt"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    REQUIRE(!r.report.is_null());
    CHECK(r.report.at("verdict") == "error");
    CHECK(r.report.at("exit_code") == 2);
    CHECK(contains(text(r.report.at("error")), "-p nonexistent: no such package"));
}

TEST_CASE("a dependency cargo cannot resolve: every gate that builds is an error, and the message is said once") {
    const auto crate = fixture("clean", "user-unresolvable-dep");
    std::string manifest;
    {
        std::ifstream in(crate.dir / "Cargo.toml");
        manifest.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    write(crate.dir / "Cargo.toml", manifest + "\n[dependencies]\nnonexistent-crate-xyz = \"1\"\n");
    const auto r = gatecheck(crate);
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    CHECK(r.exit_code == 3);
    std::vector<std::string> errors;
    for (const auto& g : r.report.at("gates")) {
        if (g.at("status") == "error") {
            errors.push_back(g.at("id").get<std::string>());
        }
    }
    INFO("gates in error: " << errors.size());
    for (const char* id : {"build", "clippy", "docs", "unit-tests", "integration-tests", "doctests"}) {
        INFO("gate " << id << ": " << gate(r.report, id).dump());
        CHECK(status(r.report, id) == "error");
        CHECK(contains(text(gate(r.report, id).at("summary")), "nonexistent-crate-xyz"));
    }
    CHECK(status(r.report, "fmt") == "pass");  // rustfmt needs no dependency
    // The human report: cargo's message once, the other gates point at it.
    std::size_t said = 0;
    for (auto pos = r.out.find("nonexistent-crate-xyz"); pos != std::string::npos;
         pos = r.out.find("nonexistent-crate-xyz", pos + 1)) {
        ++said;
    }
    CHECK(said == 1);
    CHECK(contains(r.out, "same error as `"));
}

// ---------------------------------------------------------------------------------------
// Issue 12 point 12: the human report.

namespace {

std::size_t lines_containing(const std::string& out, const std::string& needle) {
    std::size_t n = 0;
    std::size_t start = 0;
    while (start < out.size()) {
        auto end = out.find('\n', start);
        end = end == std::string::npos ? out.size() : end;
        n += out.substr(start, end - start).find(needle) != std::string::npos ? 1 : 0;
        start = end + 1;
    }
    return n;
}

}  // namespace

TEST_CASE("every checklist item has a gate: no item is left not checked, with or without -v") {
    const auto crate = fixture("clean", "user-clean");
    for (const auto& args : {std::vector<std::string>{}, std::vector<std::string>{"-v"}}) {
        auto r = gatecheck(crate, args);
        INFO(r.out << r.err);
        REQUIRE(r.exit_code == 0);
        for (const auto& item : r.report.at("checklist")) {
            INFO(item.at("item"));
            CHECK(item.at("status") != "not-checked");
        }
        CHECK(lines_containing(r.out, "[ -- ]") == 0);
        CHECK_FALSE(contains(r.out, "not checked yet"));
    }
}

TEST_CASE("a failing test shows the command that re-runs just it, and that command fails the same way") {
    const auto crate = fixture("failing-unit", "user-failing-unit");
    const auto r = gatecheck(crate);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 1);
    const std::string rerun = "cargo test -p gcfx-failing-unit --lib -- tests::eval_subtraction_order --exact";
    CHECK(contains(r.out, "rerun: " + rerun));
    const auto* t = test_case(r.report, "unit-tests", "tests::eval_subtraction_order");
    REQUIRE(t != nullptr);
    CHECK(t->at("rerun") == rerun);
    const auto failed = findings_with(r.report, "unit-tests", "test-failed");
    REQUIRE(failed.size() == 1);
    CHECK(failed[0]->at("hint") == "rerun: " + rerun);

    // Run it as the user would: exactly that one test runs, and fails.
    const auto raw = run_program(
        {"cargo", "test", "-p", "gcfx-failing-unit", "--lib", "--", "tests::eval_subtraction_order", "--exact"},
        crate.dir, {{"CARGO_TARGET_DIR", crate.target_dir.string()}});
    INFO(raw.out << raw.err);
    CHECK(raw.exit_code == 101);
    CHECK(contains(raw.out, "running 1 test"));
    CHECK(contains(raw.out, "test tests::eval_subtraction_order ... FAILED"));
    CHECK(contains(raw.out, "0 passed; 1 failed"));
}

TEST_CASE("a failing doc test's re-run command runs the examples of its item only") {
    const auto crate = fixture("failing-doctest", "user-failing-doctest");
    const auto r = gatecheck(crate, {"--gate", "doctests"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 1);
    // rustdoc splits test arguments at whitespace, so the filter is the item, not the name.
    const std::string rerun = "cargo test -p gcfx-failing-doctest --doc -- 'Stack<T>::len'";
    const auto* t = test_case(r.report, "doctests", "src/lib.rs - Stack<T>::len (line 88)");
    REQUIRE(t != nullptr);
    CHECK(t->at("rerun") == rerun);
    CHECK(contains(r.out, "rerun: " + rerun));
    const auto raw = run_program({"cargo", "test", "-p", "gcfx-failing-doctest", "--doc", "--", "Stack<T>::len"},
                                 crate.dir, {{"CARGO_TARGET_DIR", crate.target_dir.string()}});
    INFO(raw.out << raw.err);
    CHECK(raw.exit_code == 101);
    CHECK(contains(raw.out, "running 1 test"));
    CHECK(contains(raw.out, "test src/lib.rs - Stack<T>::len (line 88) ... FAILED"));
    CHECK(contains(raw.out, "0 passed; 1 failed"));
}

TEST_CASE("clippy warnings come with the command that fixes some of them") {
    const auto r = gatecheck(fixture("pedantic", "user-pedantic"), {"--gate", "clippy"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 1);
    const std::string fix = "cargo clippy --fix --allow-dirty --all-targets -- -W clippy::pedantic";
    CHECK(gate(r.report, "clippy").at("fix") == fix);
    CHECK(contains(r.out, "fix some automatically: " + fix));
}

// bench-nightly (issue 12 point 11 and issue 25 point 1: a bench that needs nightly is left out
// of the stable gates by itself, still benchmarked; exclude_targets) and the scope keys on
// feature-breaks are in test_scope.cpp.
