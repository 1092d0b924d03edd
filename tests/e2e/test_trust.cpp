// Issue 23's false passes, each reproduced on the real binary: a crate's own lints in the
// clippy count, reports that cannot be written, time limits past the clock's range, a gate
// selected alone, and findings bounded per rule with exact counts.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <tuple>

#include "support.hpp"

using namespace e2e;

namespace {

std::set<std::string> rules_of(const json& gate) {
    std::set<std::string> rules;
    for (const auto& f : gate.at("findings")) {
        rules.insert(f.at("rule").get<std::string>());
    }
    return rules;
}

}  // namespace

// The default gates share one clippy run that carries every lint gate's flags; the clippy
// gate's view of it must still count what the crate turns on itself: its attributes
// (crate-wide and on one module), rustc's own lints, and Cargo.toml's [lints].
TEST_CASE("a crate's own lints count in the clippy gate with every default gate on, as raw clippy counts them") {
    const auto crate = fixture("own-lints");
    const auto r = gatecheck(crate);
    INFO(r.out << r.err);
    REQUIRE(r.report.is_object());
    const auto raw = raw_clippy_warnings(crate);
    CHECK(raw == 6);
    CHECK(metric(r.report, "clippy", "warnings") == raw);
    CHECK(status(r.report, "clippy") == "fail");
    const auto rules = rules_of(gate(r.report, "clippy"));
    for (const char* rule : {"clippy::missing_panics_doc", "clippy::unwrap_used", "clippy::arithmetic_side_effects",
                             "clippy::indexing_slicing", "clippy::float_arithmetic", "missing_docs"}) {
        INFO(rule);
        CHECK(rules.count(rule) == 1);
    }
    // The shared run really carried other gates' lints (else this proves nothing).
    bool shared = false;
    for (const auto& p : r.report.at("probes")) {
        if (p.at("id") == "clippy") {
            const auto cmd = p.at("command").get<std::string>();
            shared = contains(cmd, "clippy::pedantic") && contains(cmd, "unsafe_code") && contains(cmd, "unwrap_used");
        }
    }
    CHECK(shared);
    // Another gate's own view is unchanged: errors counts its lints, not the crate's others.
    CHECK(metric(r.report, "errors", "unwrap_used") == 1);
    CHECK(!rules_of(gate(r.report, "errors")).count("clippy::indexing_slicing"));
}

TEST_CASE("a report that cannot be written to standard output exits 2") {
    const auto crate = fixture("clean", "trust-devfull");
    for (const char* format : {"json", "human"}) {
        INFO(format);
        const auto r = run_program(
            {"sh", "-c", std::string("exec \"$0\" --gate fmt --report ") + format + " >/dev/full", gatecheck_binary()},
            crate.dir, {{"CARGO_TARGET_DIR", crate.target_dir.string()}});
        CHECK(r.exit_code == 2);
        CHECK(contains(r.err, "gatecheck: error: cannot write the report to standard output: No space left on device"));
    }
}

TEST_CASE("a time limit past 7 days is refused with the option or key named, never an instant timeout") {
    const auto crate = fixture("clean", "trust-timeout");
    const std::map<std::string, std::string> env{{"CARGO_TARGET_DIR", crate.target_dir.string()}};
    auto r = gatecheck_plain({"--gate", "fmt", "--timeout", "10000000000"}, crate.dir, env);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err,
                   "gatecheck: error: --timeout 10000000000: expected a whole number of seconds from 1 to "
                   "604800 (7 days)"));
    CHECK(!contains(r.err, "Cargo.toml"));
    for (const auto& [toml, where] : std::vector<std::pair<std::string, std::string>>{
             {"timeout = 10000000000\n", "gatecheck.toml:1:11: 'timeout' must be at most 604800 seconds (7 days)"},
             {"[gates.fmt]\ntimeout = 604801\n",
              "gatecheck.toml:2:11: 'gates.fmt.timeout' must be at most 604800 seconds (7 days)"}}) {
        write(crate.dir / "gatecheck.toml", toml);
        r = gatecheck_plain({"--gate", "fmt"}, crate.dir, env);
        INFO(toml << " -> " << r.err);
        CHECK(r.exit_code == 2);
        CHECK(contains(r.err, where));
    }
    // The largest accepted value runs as usual.
    write(crate.dir / "gatecheck.toml", "timeout = 604800\n");
    r = gatecheck(crate, {"--gate", "fmt"});
    fs::remove(crate.dir / "gatecheck.toml");
    CHECK(r.exit_code == 0);
    CHECK(status(r.report, "fmt") == "pass");
}

TEST_CASE("a gate selected alone runs, with the test runs it reads planned for it") {
    const auto crate = fixture("prop-proptest", "trust-alone");
    const auto r = gatecheck(crate, {"--gate", "property-tests"});
    INFO(r.out << r.err);
    REQUIRE(r.report.is_object());
    CHECK(status(r.report, "property-tests") == "pass");
    CHECK(metric(r.report, "property-tests", "passed") > 0);
    for (const char* owner : {"unit-tests", "integration-tests"}) {
        CHECK(status(r.report, owner) == "skip");
    }
}

// 150 public functions that clippy::must_use_candidate (pedantic) flags: the count is exact,
// the report keeps the first 100 findings of the rule and says how many it left out.
TEST_CASE("findings are bounded per rule, counts stay exact, and every format says how many were left out") {
    const auto crate = fixture("clean", "trust-many");
    // Appended to the fixture's own library, whose binary and tests still use the rest.
    std::string lib;
    {
        std::ifstream in(source_dir() / "tests/fixtures/clean/src/lib.rs");
        std::ostringstream text;
        text << in.rdbuf();
        lib = text.str();
    }
    std::string many;
    for (int i = 0; i < 150; ++i) {
        many += "/// A function.\npub fn f" + std::to_string(i) + "() -> u32 {\n    " + std::to_string(i) + "\n}\n\n";
    }
    const auto tests_at = lib.find("#[cfg(test)]");  // before the test module: no items after it
    REQUIRE(tests_at != std::string::npos);
    lib.insert(tests_at, many);
    write(crate.dir / "src/lib.rs", lib);
    auto r = gatecheck(crate, {"--gate", "clippy"});
    INFO(r.out << r.err);
    REQUIRE(r.report.is_object());
    const auto& g = gate(r.report, "clippy");
    CHECK(g.at("metrics").at("warnings") == 150);
    CHECK(g.at("findings").size() == 100);
    CHECK(g.at("omitted_findings") == 50);
    CHECK(g.at("omitted_by_rule").at("clippy::must_use_candidate") == 50);
    CHECK(contains(r.out,
                   "... and 145 more: 95 warnings (-v shows them, --report json=FILE keeps them); 50 past 100 "
                   "findings of one rule, only counted"));
    r = gatecheck(crate, {"--gate", "clippy", "-v"});
    CHECK(contains(r.out, "... and 50 more, only counted: past 100 findings of one rule"));
}

namespace {

// A directory with a `cargo` that answers `cargo clippy` with `stream` (a file) and exit 0,
// and runs the real cargo for everything else.
fs::path cargo_replaying_clippy(const std::string& tag, const fs::path& stream) {
    const auto real = run_program({"sh", "-c", "command -v cargo"}, source_dir());
    std::string real_cargo = real.out.substr(0, real.out.find('\n'));
    REQUIRE(!real_cargo.empty());
    const auto dir = fs::path(GATECHECK_WORK_DIR) / "wrappers" / tag;
    fs::create_directories(dir);
    write(dir / "cargo", "#!/bin/sh\nif [ \"$1\" = clippy ]; then exec cat '" + stream.string() + "'; fi\nexec '" +
                             real_cargo + "' \"$@\"\n");
    fs::permissions(dir / "cargo", fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec);
    return dir;
}

}  // namespace

// 200 MB of valid, distinct diagnostics: exact counts, the first findings of the rule kept,
// and gatecheck's memory below the stream's size (it was twice the size before).
TEST_CASE("a flood of valid distinct diagnostics: exact counts in bounded memory") {
    const auto crate = fixture("clean", "trust-flood");
    const auto meta = run_program({"cargo", "metadata", "--format-version", "1", "--no-deps"}, crate.dir);
    const auto metadata = json::parse(meta.out);
    const auto& pkg = metadata.at("packages").at(0);
    const std::string id = pkg.at("id");
    const auto stream = fs::path(GATECHECK_WORK_DIR) / "wrappers" / "flood.jsonl";
    fs::create_directories(stream.parent_path());
    const int count = 100000;
    {
        std::ofstream out(stream, std::ios::trunc);
        const std::string pad(2000, 'x');
        for (int i = 0; i < count; ++i) {
            out << R"({"reason":"compiler-message","package_id":")" << id
                << R"(","target":{"kind":["lib"],"name":"gcfx_clean"},"message":{"level":"warning","message":"this function could have a `#[must_use]` attribute )"
                << i
                << R"(","code":{"code":"clippy::must_use_candidate"},"spans":[{"file_name":"src/lib.rs","line_start":)"
                << i + 1 << R"(,"column_start":1,"is_primary":true,"text":[{"text":"pub fn f)" << i
                << R"(() -> u32 {"}]}],"children":[],"rendered":"warning: this function could have a `#[must_use]` attribute )"
                << pad << "\"}}\n";
        }
        for (const auto& t : pkg.at("targets")) {
            out << R"({"reason":"compiler-artifact","package_id":")" << id << R"(","target":)" << t.dump()
                << R"(,"profile":{"test":false},"filenames":[],"executable":null,"fresh":true})"
                << "\n";
        }
        out << R"({"reason":"build-finished","success":true})"
            << "\n";
    }
    CHECK(fs::file_size(stream) > 200'000'000);
    const auto dir = cargo_replaying_clippy("flood", stream);
    const auto r = gatecheck(crate, {"--gate", "clippy"}, {{"PATH", dir.string() + ":" + std::getenv("PATH")}});
    INFO(r.err);
    REQUIRE(r.report.is_object());
    const auto& g = gate(r.report, "clippy");
    INFO(g.at("summary"));
    CHECK(g.at("status") == "fail");
    CHECK(g.at("metrics").at("warnings") == count);
    CHECK(g.at("findings").size() == 100);
    CHECK(g.at("omitted_findings") == count - 100);
    // The report's own figure for gatecheck (not cat's, not cargo's). The rendered text (2 kB
    // a diagnostic here) is not kept past the first diagnostics of a lint, so memory follows
    // the number of distinct diagnostics (about 1.6 kB each), not the bytes of output: keeping
    // the text would take this past 400 MiB.
    const auto rss = r.report.at("tool").at("max_rss_bytes").get<long long>();
    INFO("gatecheck peak RSS " << rss / (1 << 20) << " MiB");
    CHECK(rss < 256LL * 1024 * 1024);
    fs::remove(stream);
}
