// Issue 13: the advisories gate on real lockfiles (written by cargo for the fixtures, from
// Debian's registry) against the small RustSec database in tests/data/advisory-db (real
// advisories). The tests' CARGO_HOME (build/cargo-home) links that database as
// $CARGO_HOME/advisory-db, cargo-audit's place; nothing here reads ~/.cargo.
// Fixtures (tests/fixtures/README.md): `advisory-vulnerable` (owning_ref 0.4.1:
// RUSTSEC-2022-0040; humantime 2.1.0, whose RUSTSEC-2025-0014 is withdrawn; smallvec 1.9.0,
// patched), `advisory-informational` (difference 2.0.0 unmaintained, spin 0.9.5 unsound, a
// cargo-fuzz target), `clean` (no dependencies).
#include <catch2/catch.hpp>

#include <fstream>
#include <string>

#include "support.hpp"

using namespace e2e;

namespace {

const json* finding(const json& report, const std::string& rule) {
    for (const auto& f : gate(report, "advisories").at("findings")) {
        if (f.at("rule") == rule) {
            return &f;
        }
    }
    return nullptr;
}

std::string summary(const json& report) {
    return gate(report, "advisories").at("summary").get<std::string>();
}

const fs::path kTestDb = source_dir() / "tests" / "data" / "advisory-db";

}  // namespace

TEST_CASE("a dependency with a RustSec vulnerability fails the gate; a withdrawn advisory is not reported") {
    auto crate = fixture("advisory-vulnerable", "adv-vulnerable");
    fs::remove(crate.dir / "Cargo.lock");  // the probe has cargo write it, as cargo-audit does
    auto r = gatecheck(crate, {"--gate", "advisories"});
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    CHECK(r.exit_code == 1);
    CHECK(status(r.report, "advisories") == "fail");
    const auto* f = finding(r.report, "RUSTSEC-2022-0040");
    REQUIRE(f != nullptr);
    CHECK(f->at("level") == "error");
    CHECK(f->at("file") == "Cargo.lock");
    CHECK(f->at("line") == 20);
    CHECK(contains(f->at("message"), "owning_ref 0.4.1: Multiple soundness issues in `owning_ref`"));
    CHECK(finding(r.report, "RUSTSEC-2025-0014") == nullptr);  // humantime 2.1.0: withdrawn
    CHECK(finding(r.report, "RUSTSEC-2021-0003") == nullptr);  // smallvec 1.9.0: patched
    CHECK(gate(r.report, "advisories").at("findings").size() == 1);
    CHECK(metric(r.report, "advisories", "vulnerabilities") == 1);
    CHECK(metric(r.report, "advisories", "packages_checked") == 4);
    CHECK(metric(r.report, "advisories", "advisories") == 9);
    CHECK(metric(r.report, "advisories", "withdrawn") == 2);
    CHECK(contains(summary(r.report), "no fuzz targets"));
    CHECK(fs::exists(crate.dir / "Cargo.lock"));
}

TEST_CASE("informational advisories warn; the cargo-fuzz targets are listed and do not break the build") {
    auto crate = fixture("advisory-informational", "adv-informational");
    auto r = gatecheck(crate, {"--gate", "advisories", "--gate", "build"});
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    CHECK(r.exit_code == 0);
    CHECK(status(r.report, "build") == "pass");
    CHECK(status(r.report, "advisories") == "warn");
    for (const char* id : {"RUSTSEC-2020-0095", "RUSTSEC-2023-0031"}) {
        INFO(id);
        const auto* f = finding(r.report, id);
        REQUIRE(f != nullptr);
        CHECK(f->at("level") == "warning");
    }
    CHECK(contains(finding(r.report, "RUSTSEC-2023-0031")->at("message"), "spin 0.9.5"));
    CHECK(metric(r.report, "advisories", "informational") == 2);
    CHECK(metric(r.report, "advisories", "vulnerabilities") == 0);
    CHECK(metric(r.report, "advisories", "fuzz_targets") == 1);
    CHECK(contains(summary(r.report), "1 fuzz target: fuzz/fuzz_targets/changed_words.rs"));

    write(crate.dir / "gatecheck.toml", "[gates.advisories]\ndeny_informational = true\n");
    auto denied = gatecheck(crate, {"--gate", "advisories"});
    CHECK(denied.exit_code == 1);
    CHECK(status(denied.report, "advisories") == "fail");
}

TEST_CASE("a crate without dependencies passes: nothing from crates.io, no fuzz targets") {
    auto crate = fixture("clean", "adv-clean");
    auto r = gatecheck(crate, {"--gate", "advisories"});
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    CHECK(r.exit_code == 0);
    CHECK(status(r.report, "advisories") == "pass");
    CHECK(gate(r.report, "advisories").at("findings").empty());
    CHECK(metric(r.report, "advisories", "packages_checked") == 0);
    CHECK(contains(summary(r.report), "0 vulnerabilities, 0 informational advisories"));
    CHECK(contains(summary(r.report), "no fuzz targets"));
}

TEST_CASE("no advisory database is unavailable, with how to get one") {
    auto crate = fixture("clean", "adv-no-db");
    const auto home = crate.dir.parent_path().parent_path() / "adv-empty-cargo-home";
    fs::create_directories(home);
    auto r = gatecheck(crate, {"--gate", "advisories"}, {{"CARGO_HOME", home.string()}});
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    CHECK(r.exit_code == 3);
    const auto& g = gate(r.report, "advisories");
    CHECK(g.at("status") == "unavailable");
    CHECK(contains(g.at("summary"), (home / "advisory-db").string()));
    CHECK(contains(g.at("fix"), "git clone https://github.com/rustsec/advisory-db"));
}

TEST_CASE("the db key, relative to its file; a corrupt advisory is an error naming file and line") {
    auto crate = fixture("advisory-vulnerable", "adv-config-db");
    const auto db = crate.dir / "advisories";
    fs::remove_all(db);
    fs::copy(kTestDb, db, fs::copy_options::recursive);
    write(crate.dir / "gatecheck.toml", "[gates.advisories]\ndb = \"advisories\"\n");
    auto r = gatecheck(crate, {"--gate", "advisories"});
    INFO(r.out << r.err);
    CHECK(status(r.report, "advisories") == "fail");
    CHECK(contains(summary(r.report), db.string()));

    const auto spin = db / "crates" / "spin" / "RUSTSEC-2023-0031.md";
    std::ifstream in(spin);
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    write(spin, text.replace(text.find(">= 0.9.8"), 8, ">= 0.9.8.1"));
    auto broken = gatecheck(crate, {"--gate", "advisories"});
    INFO(broken.out << broken.err);
    CHECK(broken.exit_code == 3);
    CHECK(status(broken.report, "advisories") == "error");
    CHECK(contains(summary(broken.report), spin.string() + ":11:"));

    write(crate.dir / "gatecheck.toml", "[gates.advisories]\ndb = 5\n");
    auto bad = gatecheck(crate, {"--gate", "advisories"});
    CHECK(bad.exit_code == 2);
    CHECK(contains(bad.err, "gatecheck.toml:2:6: 'db' must be a non-empty path string, not an integer"));
    fs::remove_all(db);
    fs::remove(crate.dir / "gatecheck.toml");
}

TEST_CASE("a lockfile cargo cannot resolve is an error, not a pass") {
    auto crate = fixture("clean", "adv-unresolvable");
    std::ifstream in(crate.dir / "Cargo.toml");
    std::string manifest((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    write(crate.dir / "Cargo.toml", manifest + "\n[dependencies]\ngcfx-no-such-crate = \"1\"\n");
    auto r = gatecheck(crate, {"--gate", "advisories"});
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    CHECK(r.exit_code == 3);
    CHECK(status(r.report, "advisories") == "error");
    CHECK(contains(summary(r.report), "could not resolve the lockfile"));
}
