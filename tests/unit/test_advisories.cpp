// The advisories gate's parts: cargo's version requirements (on ranges from real RustSec
// advisories), the advisory files of tests/data/advisory-db (copied verbatim from the
// public database), Cargo.lock as cargo wrote it for the fixtures, and the gate's judgement.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "cargo/lockfile.hpp"
#include "engine/plan.hpp"
#include "evidence/keys.hpp"
#include "gate_result.hpp"
#include "gates/gate.hpp"
#include "probes/advisory_db.hpp"
#include "probes/semver.hpp"
#include "recorded.hpp"

namespace fs = std::filesystem;
using gc::semver::matches;
using gc::semver::parse_req;
using gc::semver::parse_version;

namespace {

const std::string kDb = std::string(GATECHECK_TEST_DATA) + "/advisory-db";

bool req_matches(const std::string& req, const std::string& version) {
    const auto r = parse_req(req);
    const auto v = parse_version(version);
    REQUIRE(r.ok());
    REQUIRE(v.ok());
    return matches(*r, *v);
}

gc::Advisory advisory(const std::string& relative) {
    const auto path = kDb + "/crates/" + relative;
    auto a = gc::parse_advisory(recorded::read_file(path), path);
    INFO((a.ok() ? std::string() : a.error().message));
    REQUIRE(a.ok());
    return *a;
}

bool affects(const gc::Advisory& a, const std::string& version) {
    const auto v = parse_version(version);
    REQUIRE(v.ok());
    return a.affects(*v);
}

// A scratch copy of the test database, to break one file of it.
fs::path scratch_db(const std::string& tag) {
    const auto dir = fs::temp_directory_path() / ("gatecheck-unit-advisory-db-" + tag);
    fs::remove_all(dir);
    fs::copy(kDb, dir, fs::copy_options::recursive);
    return dir;
}

void write(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

std::string error_of(const gc::Result<gc::AdvisoryDb>& db) {
    REQUIRE_FALSE(db.ok());
    return db.error().message;
}

}  // namespace

TEST_CASE("versions parse as cargo parses them", "[advisories][semver]") {
    const auto v = parse_version("1.0.0-beta.10+build.5");
    REQUIRE(v.ok());
    CHECK(v->major == 1);
    CHECK(v->pre.ids == std::vector<std::string>{"beta", "10"});
    for (const auto* bad : {"", "1", "1.2", "1.2.3.4", "01.2.3", "1.2.x", "a.b.c", "1.2.3-", "1.2.3-beta..1"}) {
        INFO(bad);
        CHECK_FALSE(parse_version(bad).ok());
    }
}

TEST_CASE("every range of the RustSec database matches as the semver crate matches it", "[advisories][semver]") {
    std::istringstream lines(recorded::read_data("semver/oracle.tsv"));
    long compared = 0;
    for (std::string line; std::getline(lines, line);) {
        const auto tab = line.find('\t');
        const auto last = line.rfind('\t');
        const auto req_text = line.substr(0, tab);
        const auto version = parse_version(line.substr(tab + 1, last - tab - 1));
        const auto expected = line.substr(last + 1);
        INFO(line);
        REQUIRE(version.ok());
        const auto req = parse_req(req_text);
        CHECK((req.ok() ? (matches(*req, *version) ? "1" : "0") : "E") == expected);
        ++compared;
    }
    CHECK(compared == 6378);
}

TEST_CASE("pre-releases order like the semver crate", "[advisories][semver]") {
    // 1.0.0-alpha < 1.0.0-alpha.1 < 1.0.0-alpha.beta < 1.0.0-beta < 1.0.0-beta.2 < 1.0.0-beta.11 < 1.0.0
    CHECK(req_matches("< 1.0.0-alpha.1", "1.0.0-alpha"));
    CHECK(req_matches("< 1.0.0-alpha.beta", "1.0.0-alpha.1"));
    CHECK(req_matches("< 1.0.0-beta.11", "1.0.0-beta.2"));
    CHECK(req_matches("> 1.0.0-beta.2", "1.0.0-beta.11"));
    CHECK(req_matches(">= 1.0.0-rc.1", "1.0.0"));
    CHECK_FALSE(req_matches("< 1.0.0-beta", "1.0.0"));
}

TEST_CASE("requirement operators match as in cargo", "[advisories][semver]") {
    CHECK(req_matches("^0.0.3", "0.0.3"));
    CHECK_FALSE(req_matches("^0.0.3", "0.0.4"));
    CHECK(req_matches("^0.2", "0.2.9"));
    CHECK_FALSE(req_matches("^0.2", "0.3.0"));
    CHECK(req_matches("^1.2", "1.9.0"));
    CHECK(req_matches("1.2.3", "1.4.0"));  // bare: caret
    CHECK_FALSE(req_matches("1.2.3", "2.0.0"));
    CHECK(req_matches("~1.2.3", "1.2.9"));
    CHECK_FALSE(req_matches("~1.2.3", "1.3.0"));
    CHECK(req_matches("~1", "1.9.9"));
    CHECK(req_matches("=1.2", "1.2.7"));
    CHECK_FALSE(req_matches("=1.2.3", "1.2.4"));
    CHECK_FALSE(req_matches(">1.2", "1.2.5"));  // >1.2 is >=1.3.0
    CHECK(req_matches(">1.2", "1.3.0"));
    CHECK(req_matches("<=1.2", "1.2.9"));
    CHECK(req_matches("1.*", "1.5.0"));
    CHECK(req_matches("*", "7.0.0"));
    CHECK_FALSE(req_matches("*", "7.0.0-alpha"));
    CHECK(req_matches(">= 0", "0.5.2"));
    CHECK(req_matches(">= 1.0.0, < 1.6.1", "1.6.0"));
    CHECK_FALSE(req_matches(">= 1.0.0, < 1.6.1", "1.6.1"));
}

TEST_CASE("a pre-release matches only a comparator on the same version with a pre-release", "[advisories][semver]") {
    CHECK_FALSE(req_matches("< 1.2.3", "1.2.3-alpha"));
    CHECK(req_matches("< 1.2.3-beta", "1.2.3-alpha"));
    CHECK_FALSE(req_matches(">= 1.0.0", "2.0.0-alpha"));
    CHECK(req_matches(">= 1.0.0, < 2.0.0-beta, > 1.9.0", "1.9.5"));
}

TEST_CASE("malformed requirements are errors", "[advisories][semver]") {
    for (const auto* bad : {"", ">=", ">= 1.2.3.4", "~> 1.2", "1.x.3", ">= 1.2, ", "foo"}) {
        INFO(bad);
        CHECK_FALSE(parse_req(bad).ok());
    }
}

TEST_CASE("real advisories parse, with title, kind and ranges", "[advisories]") {
    const auto owning = advisory("owning_ref/RUSTSEC-2022-0040.md");
    CHECK(owning.id == "RUSTSEC-2022-0040");
    CHECK(owning.package == "owning_ref");
    CHECK(owning.date == "2022-01-26");
    CHECK(owning.title == "Multiple soundness issues in `owning_ref`");
    CHECK(owning.informational.empty());
    CHECK(owning.patched.empty());
    CHECK(owning.aliases == std::vector<std::string>{"GHSA-9qxh-258v-666c"});
    CHECK(affects(owning, "0.4.1"));  // no patched version: every version

    const auto spin = advisory("spin/RUSTSEC-2023-0031.md");
    CHECK(spin.informational == "unsound");
    CHECK(spin.url == "https://github.com/mvdnes/spin-rs/issues/148");
    CHECK(affects(spin, "0.9.5"));
    CHECK_FALSE(affects(spin, "0.9.2"));  // unaffected < 0.9.3
    CHECK_FALSE(affects(spin, "0.9.8"));

    const auto humantime = advisory("humantime/RUSTSEC-2025-0014.md");
    CHECK(humantime.withdrawn == "2025-03-12");
    CHECK(humantime.informational == "unmaintained");
}

TEST_CASE("ranges of real advisories: AND, bare versions, exact versions, pre-releases", "[advisories]") {
    const auto smallvec = advisory("smallvec/RUSTSEC-2021-0003.md");  // [">= 0.6.14, < 1.0.0", ">= 1.6.1"], ["< 0.6.3"]
    for (const auto* v : {"0.6.3", "0.6.13", "1.0.0", "1.6.0"}) {
        INFO(v);
        CHECK(affects(smallvec, v));
    }
    for (const auto* v : {"0.6.2", "0.6.14", "0.7.0", "1.6.1", "1.9.0"}) {
        INFO(v);
        CHECK_FALSE(affects(smallvec, v));
    }
    const auto hyper = advisory("hyper/RUSTSEC-2021-0020.md");  // [">= 0.14.3", "0.13.10", "0.12.36"], ["< 0.12.0"]
    CHECK(affects(hyper, "0.13.9"));
    CHECK_FALSE(affects(hyper, "0.13.11"));  // "0.13.10" is ^0.13.10
    CHECK(affects(hyper, "0.12.35"));
    CHECK_FALSE(affects(hyper, "0.11.0"));
    CHECK(affects(hyper, "0.14.2"));
    const auto time = advisory("time/RUSTSEC-2020-0071.md");  // [">= 0.2.23"], ["=0.2.0", ..., "=0.2.6"]
    CHECK(affects(time, "0.1.45"));
    CHECK_FALSE(affects(time, "0.2.6"));
    CHECK(affects(time, "0.2.7"));
    CHECK_FALSE(affects(time, "0.3.17"));
    const auto actix = advisory("actix-http/RUSTSEC-2021-0081.md");  // ["^ 2.2.1", ">= 3.0.0-beta.9"]
    CHECK(affects(actix, "2.2.0"));
    CHECK_FALSE(affects(actix, "2.9.0"));
    CHECK(affects(actix, "3.0.0-beta.8"));
    CHECK_FALSE(affects(actix, "3.0.0-beta.10"));
    CHECK_FALSE(affects(actix, "3.0.0"));
}

TEST_CASE("a broken advisory is an error naming file and line", "[advisories][adversarial]") {
    const auto text = recorded::read_file(kDb + "/crates/spin/RUSTSEC-2023-0031.md");
    const auto broken_range = std::string(text).replace(text.find(">= 0.9.8"), 8, ">= 0.9.8.1");
    auto a = gc::parse_advisory(broken_range, "x.md");
    REQUIRE_FALSE(a.ok());
    CHECK(a.error().message.rfind("x.md:11:", 0) == 0);
    CHECK_FALSE(gc::parse_advisory(text.substr(0, text.find("```\n\n#")), "x.md").ok());  // never closed
    CHECK_FALSE(gc::parse_advisory(text.substr(text.find('\n')), "x.md").ok());           // no fence
    CHECK_FALSE(gc::parse_advisory(text.substr(0, text.find("# Init")), "x.md").ok());    // no title
    const auto no_id = std::string(text).replace(text.find("id = "), 2, "ix");
    CHECK(gc::parse_advisory(no_id, "x.md").error().message.find("'id'") != std::string::npos);
    const auto syntax = std::string(text).replace(text.find("date = \""), 8, "date = ");
    CHECK(gc::parse_advisory(syntax, "x.md").error().message.rfind("x.md:5:", 0) == 0);
}

TEST_CASE("the test database loads; withdrawn advisories are counted", "[advisories]") {
    auto db = gc::load_advisory_db(kDb);
    REQUIRE(db.ok());
    CHECK(db->count == 9);
    CHECK(db->withdrawn == 2);
    CHECK(db->newest == "2025-03-08");
    CHECK(db->by_package.at("spin").size() == 2);
}

TEST_CASE("a database that does not parse, or is empty, is an error", "[advisories][adversarial]") {
    const auto dir = scratch_db("broken");
    write(dir / "crates/difference/RUSTSEC-2020-0095.md", "```toml\n[advisory]\nid = \n```\n# t\n");
    CHECK(error_of(gc::load_advisory_db(dir)).find("crates/difference/RUSTSEC-2020-0095.md:") != std::string::npos);
    fs::remove(dir / "crates/difference/RUSTSEC-2020-0095.md");
    write(dir / "crates/difference/RUSTSEC-2020-0095.toml", "[advisory]\n");
    CHECK(error_of(gc::load_advisory_db(dir)).find("legacy .toml advisory") != std::string::npos);
    fs::remove(dir / "crates/difference/RUSTSEC-2020-0095.toml");
    write(dir / "crates/difference/notes.txt", "x");  // cargo-audit rejects any non-.md file
    CHECK(error_of(gc::load_advisory_db(dir)).find("notes.txt:1:1: not an advisory") != std::string::npos);
    fs::remove(dir / "crates/difference/notes.txt");
    write(dir / "crates/difference/.DS_Store", "x");  // dotfiles are skipped, as cargo-audit skips them
    const auto spin = recorded::read_file(kDb + "/crates/spin/RUSTSEC-2023-0031.md");
    write(dir / "crates/difference/RUSTSEC-2023-0031.md", spin);
    CHECK(error_of(gc::load_advisory_db(dir)).find("is about package 'spin' but is not in crates/spin/") !=
          std::string::npos);
    fs::remove(dir / "crates/difference/RUSTSEC-2023-0031.md");
    write(dir / "crates/spin/RUSTSEC-2023-9999.md", spin);
    CHECK(error_of(gc::load_advisory_db(dir)).find("must be in a file named RUSTSEC-2023-0031.md") !=
          std::string::npos);
    fs::remove(dir / "crates/spin/RUSTSEC-2023-9999.md");
    // A draft (placeholder id) must parse, and is not an advisory.
    write(dir / "crates/spin/RUSTSEC-0000-0000.md",
          std::string(spin).replace(spin.find("RUSTSEC-2023-0031"), 17, "RUSTSEC-0000-0000"));
    auto with_draft = gc::load_advisory_db(dir);
    REQUIRE(with_draft.ok());
    CHECK(with_draft->count == 8);  // the 9 less difference's, removed above
    fs::remove_all(dir / "crates");
    CHECK(error_of(gc::load_advisory_db(dir)).find("no advisories") != std::string::npos);
    fs::remove_all(dir);
}

TEST_CASE("git_head reads a loose or packed ref, or a detached HEAD", "[advisories]") {
    const auto dir = fs::temp_directory_path() / "gatecheck-unit-advisory-git";
    fs::remove_all(dir);
    fs::create_directories(dir / ".git/refs/heads");
    CHECK(gc::git_head(dir).empty());
    const std::string commit = "bf5c0d245a92671908518d7e765914d437954ed6";
    write(dir / ".git/HEAD", "ref: refs/heads/main\n");
    write(dir / ".git/packed-refs", "# pack-refs with: peeled fully-peeled sorted\n" + commit + " refs/heads/main\n");
    CHECK(gc::git_head(dir) == commit);
    write(dir / ".git/refs/heads/main", std::string(40, 'a') + "\n");
    CHECK(gc::git_head(dir) == std::string(40, 'a'));
    write(dir / ".git/HEAD", commit + "\n");
    CHECK(gc::git_head(dir) == commit);
    fs::remove_all(dir);
}

TEST_CASE("Cargo.lock: packages with their source and line", "[advisories]") {
    const auto lock = gc::parse_cargo_lock(recorded::read_data("cargo-lock/advisory-vulnerable.lock"), "Cargo.lock");
    REQUIRE(lock.ok());
    REQUIRE(lock->size() == 5);
    CHECK((*lock)[0].name == "gcfx-advisory-vulnerable");
    CHECK((*lock)[0].source.empty());
    CHECK((*lock)[2].name == "owning_ref");
    CHECK((*lock)[2].version == "0.4.1");
    CHECK((*lock)[2].line == 20);
    CHECK(gc::is_crates_io((*lock)[2].source));
    CHECK(gc::is_crates_io("sparse+https://index.crates.io/"));
    CHECK_FALSE(gc::is_crates_io("git+https://github.com/x/y?branch=main#abc"));
    const auto bad = gc::parse_cargo_lock("[[package]]\nname = \"x\"\n", "Cargo.lock");
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.rfind("Cargo.lock:1:", 0) == 0);
}

TEST_CASE("auditing the fixtures' lockfiles against the test database", "[advisories]") {
    auto db = gc::load_advisory_db(kDb);
    REQUIRE(db.ok());
    auto lock = gc::parse_cargo_lock(recorded::read_data("cargo-lock/advisory-vulnerable.lock"), "Cargo.lock");
    REQUIRE(lock.ok());
    // A git dependency (not in the recorded file): listed as unchecked, as cargo-audit leaves it out.
    lock->push_back(gc::LockedPackage{"owning_ref", "0.4.1", "git+https://github.com/x/owning-ref#0123", 99});
    const auto ev = gc::audit_packages(*db, *lock, "Cargo.lock");
    REQUIRE(ev.ok());
    CHECK(ev->packages == 6);
    CHECK(ev->checked == 4);  // humantime, owning_ref, smallvec, stable_deref_trait
    CHECK(ev->unchecked == std::vector<std::string>{"owning_ref 0.4.1 (git+https://github.com/x/owning-ref#0123)"});
    REQUIRE(ev->matches.size() == 1);  // humantime's advisory is withdrawn; smallvec 1.9.0 is patched
    const auto& m = ev->matches[0];
    CHECK(m.id == "RUSTSEC-2022-0040");
    CHECK(m.package == "owning_ref");
    CHECK(m.kind == "vulnerability");
    CHECK(m.lock_line == 20);

    auto info = gc::parse_cargo_lock(recorded::read_data("cargo-lock/advisory-informational.lock"), "Cargo.lock");
    REQUIRE(info.ok());
    const auto warn = gc::audit_packages(*db, *info, "Cargo.lock");
    REQUIRE(warn.ok());
    REQUIRE(warn->matches.size() == 2);
    CHECK(warn->matches[0].id == "RUSTSEC-2020-0095");
    CHECK(warn->matches[0].kind == "unmaintained");
    CHECK(warn->matches[1].id == "RUSTSEC-2023-0031");
    CHECK(warn->matches[1].kind == "unsound");
}

namespace {

gc::GateResult evaluate(const gc::Probed<gc::AdvisoryEvidence>& probed, bool deny_informational = false) {
    gc::Evidence evidence;
    evidence.put(gc::keys::advisories, probed);
    auto config = gc::default_config(gc::gate_schemas());
    auto settings = config.gate("advisories");
    settings.values["deny_informational"] = deny_informational;
    const auto ws = recorded::workspace_of("clean");
    return gc::find_gate("advisories")->evaluate(gc::GateInput{evidence, settings, ws});
}

gc::AdvisoryEvidence audited(const std::string& lockfile) {
    auto db = gc::load_advisory_db(kDb);
    auto lock = gc::parse_cargo_lock(recorded::read_data("cargo-lock/" + lockfile), "Cargo.lock");
    REQUIRE(db.ok());
    REQUIRE(lock.ok());
    auto ev = gc::audit_packages(*db, *lock, "Cargo.lock");
    REQUIRE(ev.ok());
    return *ev;
}

using unit::metric;

}  // namespace

TEST_CASE("the gate fails on a vulnerability, with the advisory as finding", "[advisories][gates]") {
    const auto r = evaluate(audited("advisory-vulnerable.lock"));
    CHECK(r.status == gc::GateStatus::fail);
    REQUIRE(r.findings.size() == 1);
    const auto& f = r.findings[0];
    CHECK(f.rule == "RUSTSEC-2022-0040");
    CHECK(f.level == gc::FindingLevel::error);
    CHECK(f.file == "Cargo.lock");
    CHECK(f.line == 20);
    CHECK(f.message.find("owning_ref 0.4.1: Multiple soundness issues in `owning_ref`") == 0);
    CHECK(f.message.find("no patched version") != std::string::npos);
    CHECK(metric(r, "vulnerabilities") == 1);
    CHECK(metric(r, "packages_checked") == 4);
    CHECK(metric(r, "fuzz_targets") == 0);
    CHECK(r.summary.find("no fuzz targets") != std::string::npos);
}

TEST_CASE("informational advisories warn, or fail with deny_informational", "[advisories][gates]") {
    auto ev = audited("advisory-informational.lock");
    ev.fuzz_targets = {"fuzz/fuzz_targets/changed_words.rs"};
    const auto r = evaluate(ev);
    CHECK(r.status == gc::GateStatus::warn);
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[1].level == gc::FindingLevel::warning);
    CHECK(r.findings[1].message.find("patched: >= 0.9.8; unaffected: < 0.9.3") != std::string::npos);
    CHECK(metric(r, "informational") == 2);
    CHECK(metric(r, "fuzz_targets") == 1);
    CHECK(r.summary.find("1 fuzz target: fuzz/fuzz_targets/changed_words.rs") != std::string::npos);
    CHECK(evaluate(ev, true).status == gc::GateStatus::fail);

    ev.unchecked = {"a 1.0.0 (git+https://x/a#1)", "b 1.0.0 (git+https://x/b#1)", "c 1.0.0 (git+https://x/c#1)",
                    "d 1.0.0 (git+https://x/d#1)"};
    const auto with_git = evaluate(ev);
    CHECK(metric(with_git, "unchecked") == 4);
    CHECK(with_git.summary.find("4 packages not from crates.io not checked (a 1.0.0 (git+https://x/a#1), b 1.0.0 "
                                "(git+https://x/b#1), c 1.0.0 (git+https://x/c#1), ...)") != std::string::npos);
}

TEST_CASE("no database is unavailable, never a pass", "[advisories][gates][adversarial]") {
    const auto r =
        evaluate(gc::ToolProblem{gc::GateStatus::unavailable, "no RustSec advisory database at /x", "git clone"});
    CHECK(r.status == gc::GateStatus::unavailable);
    CHECK(r.fix == "git clone");
    CHECK(evaluate(gc::Probed<gc::AdvisoryEvidence>{}).status == gc::GateStatus::error);
}

TEST_CASE("the db setting is a path relative to its file, and reaches the probe", "[advisories][config]") {
    const auto schemas = gc::gate_schemas();
    auto config = gc::default_config(schemas);
    CHECK(config.gate("advisories").text("db").empty());  // unset: cargo-audit's own lookup
    REQUIRE(gc::apply_config_text(config, "[gates.advisories]\ndb = \"../shared/advisory-db\"\n",
                                  "/work/crate/gatecheck.toml", "", schemas));
    CHECK(config.gate("advisories").text("db") == "/work/shared/advisory-db");
    REQUIRE(
        gc::apply_config_text(config, "[gates.advisories]\ndb = \"/srv/db\"\n", "/work/crate/Cargo.toml", "", schemas));
    CHECK(config.gate("advisories").text("db") == "/srv/db");
    const auto empty = gc::apply_config_text(config, "[gates.advisories]\ndb = \"\"\n", "gatecheck.toml", "", schemas);
    REQUIRE_FALSE(empty.ok());
    CHECK(empty.error().message == "gatecheck.toml:2:6: 'db' must be a non-empty path string, not an empty string");

    gc::CheckOptions options;
    options.gates = {"advisories"};
    auto choices = gc::choose_gates(options, config, gc::gate_catalogue());
    REQUIRE(choices.ok());
    const auto needs = gc::collect_needs(*choices, config, options);
    CHECK(needs.wants("advisories"));
    CHECK(std::get<std::string>(needs.settings.at("advisories.db")) == "/srv/db");
}
