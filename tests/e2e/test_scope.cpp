// Issue 12, point 11: features and excluded targets, passed the same way to every cargo
// command. Fixtures (tests/fixtures/README.md): `bench-nightly`, whose benches/parse.rs needs
// nightly (E0554 on stable) while its library and tests are fine; `feature-breaks`, whose
// optional feature `extra` does not compile (E0308 at src/lib.rs:33:5).
#include <catch2/catch.hpp>

#include <fstream>
#include <string>
#include <vector>

#include "support.hpp"

using namespace e2e;

namespace {

const json* finding(const json& report, const std::string& gate_id, const std::string& rule) {
    for (const auto& f : gate(report, gate_id).at("findings")) {
        if (f.at("rule") == rule) {
            return &f;
        }
    }
    return nullptr;
}

// The command of each probe of the family ("doctests" also matches "doctests:PKG").
std::vector<std::string> commands(const json& report, const std::string& family) {
    std::vector<std::string> out;
    for (const auto& p : report.at("probes")) {
        const auto id = p.at("id").get<std::string>();
        if (id == family || id.rfind(family + ":", 0) == 0) {
            out.push_back(p.at("command").get<std::string>());
        }
    }
    return out;
}

const std::vector<std::string> kCargoProbes{"check", "clippy", "test-build", "doctests", "doc-coverage"};
const std::vector<std::string> kEveryGate{"build", "clippy",  "docs", "unit-tests", "integration-tests",
                                          "fmt",   "doctests"};

}  // namespace

// Issue 25, point 1: before, this bench turned build, clippy, the six lint gates and every
// features combination into "does not compile" (E0554), and excluding it by hand took it away
// from the benchmark gates too.
TEST_CASE("a bench that needs nightly leaves the stable gates by itself, with one note, and is still benchmarked") {
    auto crate = fixture("bench-nightly", "scope-bench-nightly");
    auto r = gatecheck(crate);
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    for (const char* id : {"build", "clippy", "docs", "unit-tests", "integration-tests", "fmt", "doctests", "must-use",
                           "thread-safety", "unsafe", "errors", "async", "ffi", "features"}) {
        INFO(id << ": " << gate(r.report, id).dump());
        CHECK(status(r.report, id) == "pass");
        CHECK(finding(r.report, id, "E0554") == nullptr);
    }
    // One note, naming the file, the target and why; the terminal shows it once.
    REQUIRE(r.report.at("notes").size() == 1);
    const auto note = r.report.at("notes")[0].get<std::string>();
    CHECK(contains(note, "benches/parse.rs (bench `parse`) uses #![feature(test)]: needs nightly"));
    CHECK(contains(note, "benchmark gates"));
    const auto shown = r.out.find("note: benches/parse.rs");
    CHECK(shown != std::string::npos);
    CHECK(r.out.find("note: benches/parse.rs", shown + 1) == std::string::npos);
    // The stable commands name the other targets; the bench build still names the bench.
    for (const char* probe : {"check", "clippy"}) {
        const auto cmds = commands(r.report, probe);
        REQUIRE_FALSE(cmds.empty());
        for (const auto& cmd : cmds) {
            INFO(cmd);
            CHECK(contains(cmd, " --lib --bins --tests --examples "));
            CHECK_FALSE(contains(cmd, "--all-targets"));
            CHECK_FALSE(contains(cmd, "parse"));
        }
    }
    const auto bench_build = commands(r.report, "bench-build");
    REQUIRE(bench_build.size() == 1);
    CHECK(contains(bench_build.front(), "--bench parse"));
    // It builds that libtest #[bench] in its own target dir, where stable allows
    // `#![feature(test)]` with RUSTC_BOOTSTRAP=1, and reads its ns/iter line.
    {
        INFO(gate(r.report, "benchmarks").dump());
        CHECK(status(r.report, "benchmarks") == "pass");
        CHECK(metric(r.report, "benchmarks", "parse_pair:ns") > 0);
        CHECK(contains(gate(r.report, "benchmarks").at("summary").get<std::string>(), "RUSTC_BOOTSTRAP=1"));
    }
    // The same executable, profiled: libtest's test mode runs parse_pair once (no heap use),
    // and perf samples its measured run.
    {
        INFO(gate(r.report, "allocations").dump());
        CHECK(status(r.report, "allocations") == "pass");
        CHECK(metric(r.report, "allocations", "parse_pair.allocs_per_iter") == 0);
        INFO(gate(r.report, "profile").dump());
        CHECK(metric(r.report, "profile", "parse_pair.samples") > 0);
        CHECK((status(r.report, "profile") == "pass" || status(r.report, "profile") == "fail"));
    }
    CHECK((r.exit_code == 0 || status(r.report, "profile") == "fail"));

    // Excluded by the configuration, it is left out of everything, the bench build too, and no
    // note repeats what the configuration says.
    write(crate.dir / "gatecheck.toml", "exclude_targets = [\"bench:parse\"]\n");
    r = gatecheck(crate, {"--skip", "allocations", "--skip", "profile"});
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    for (const auto& id : kEveryGate) {
        INFO(id << ": " << gate(r.report, id).dump());
        CHECK(status(r.report, id) == "pass");
    }
    CHECK(r.report.at("notes").empty());
    CHECK(commands(r.report, "bench-build").empty());
    for (const char* probe : {"check", "clippy"}) {
        for (const auto& cmd : commands(r.report, probe)) {
            INFO(cmd);
            CHECK(contains(cmd, " --lib --bins --tests --examples "));
            CHECK_FALSE(contains(cmd, "parse"));
        }
    }
}

TEST_CASE("an excluded target the workspace does not have is an exit-2 error listing the targets") {
    auto crate = fixture("bench-nightly", "scope-unknown-target");
    write(crate.dir / "gatecheck.toml", "exclude_targets = [\"bench:prase\"]\n");
    const auto r = gatecheck(crate);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "gatecheck.toml:1:20: exclude_targets: the workspace has no target 'bench:prase'"));
    CHECK(contains(r.err, "bench:parse"));
    CHECK(contains(r.err, "test:pairs"));
}

TEST_CASE("features = [\"extra\"] goes to every cargo command, and each fails to compile with it") {
    auto crate = fixture("feature-breaks", "scope-features");
    write(crate.dir / "gatecheck.toml", "features = [\"extra\"]\n");
    const auto r = gatecheck(crate);
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    CHECK(r.exit_code == 1);
    for (const auto& probe : kCargoProbes) {
        const auto cmds = commands(r.report, probe);
        INFO(probe);
        REQUIRE_FALSE(cmds.empty());
        for (const auto& cmd : cmds) {
            INFO(cmd);
            CHECK((contains(cmd, "--features extra") || contains(cmd, "--all-features")));
        }
    }
    INFO("build: " << gate(r.report, "build").dump());
    CHECK(status(r.report, "build") == "fail");
    const auto* e0308 = finding(r.report, "build", "E0308");
    REQUIRE(e0308 != nullptr);
    CHECK(e0308->at("file") == "src/lib.rs");
    CHECK(e0308->at("line") == 33);
    CHECK(contains(gate(r.report, "build").at("summary").get<std::string>(),
                   "the configured features do not compile either"));
    for (const char* id : {"clippy", "unit-tests", "integration-tests", "doctests"}) {
        INFO(id << ": " << gate(r.report, id).dump());
        CHECK(status(r.report, id) == "fail");
    }
    // rustdoc does not type-check bodies (see `no-compile`): it documents the feature's
    // `broken` too, 3 items instead of 2.
    CHECK(metric(r.report, "docs", "items") == 3);
    CHECK(status(r.report, "fmt") == "pass");
}

TEST_CASE("no_default_features is passed to every cargo command; all_features replaces the build gate's extra check") {
    auto crate = fixture("feature-breaks", "scope-no-default");
    // The features gate would still check `extra` alone and fail (tests/e2e/test_features.cpp).
    write(crate.dir / "gatecheck.toml",
          "no_default_features = true\n\n[gates.build]\nall_features = false\n\n[gates.features]\nenabled = false\n");
    auto r = gatecheck(crate);
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    for (const auto& probe : kCargoProbes) {
        const auto cmds = commands(r.report, probe);
        INFO(probe);
        REQUIRE_FALSE(cmds.empty());
        for (const auto& cmd : cmds) {
            INFO(cmd);
            CHECK(contains(cmd, "--no-default-features"));
        }
    }
    for (const auto& id : kEveryGate) {
        INFO(id << ": " << gate(r.report, id).dump());
        CHECK(status(r.report, id) == "pass");
    }
    CHECK(r.exit_code == 0);

    write(crate.dir / "gatecheck.toml", "all_features = true\n");
    r = gatecheck(crate);
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    CHECK(commands(r.report, "check").size() == 1);  // one check, not the build gate's extra one
    for (const auto& probe : kCargoProbes) {
        for (const auto& cmd : commands(r.report, probe)) {
            INFO(cmd);
            CHECK(contains(cmd, "--all-features"));
        }
    }
    CHECK(status(r.report, "build") == "fail");
    CHECK(finding(r.report, "build", "E0308") != nullptr);
}

TEST_CASE("a member named like a registry crate in its own dependency graph is checked, not an ambiguous -p") {
    // The fixture is named proc-macro2 and its dev-dependency quote pulls the registry's
    // proc-macro2: `cargo ... -p proc-macro2` stops with "is ambiguous".
    auto crate = fixture("same-name-dep", "scope-same-name");
    auto r = gatecheck(crate);
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    CHECK(r.exit_code == 0);
    for (const auto& id : kEveryGate) {
        INFO(id << ": " << gate(r.report, id).dump());
        CHECK(gate(r.report, id).at("status") == "pass");
    }
    for (const auto& family : kCargoProbes) {
        for (const auto& cmd : commands(r.report, family)) {
            INFO(cmd);
            CHECK(!contains(cmd, "-p proc-macro2 "));
            CHECK(!contains(cmd + " ", "-p proc-macro2 "));
        }
    }
    CHECK(contains(commands(r.report, "clippy").at(0), "--workspace"));
}
