// Issue 14: the `features` gate. Fixtures (tests/fixtures/README.md): `features-clean` (every
// combination builds), `features-alone-breaks` (feature `a` alone: E0425 at src/lib.rs:39:5),
// `features-no-default-breaks` (--no-default-features: E0425 at src/lib.rs:27:5),
// `features-many` (34 features, 36 combinations: over max_combinations), `features-none`.
// Real crates from Debian's registry: gatecheck's per-combination results equal the raw
// `cargo check` (the library and binaries) and `cargo check --all-targets` of each
// combination, run here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "support.hpp"

using namespace e2e;

namespace {

// One gatecheck run per fixture for the whole file; the first run of the file is cold.
const Run& features_run(const std::string& name) {
    static std::map<std::string, Run> runs;
    if (const auto it = runs.find(name); it != runs.end()) {
        return it->second;
    }
    const auto crate = fixture("features-" + name, "features-" + name);
    fs::remove_all(crate.target_dir / "gatecheck" / "features");
    return runs[name] = gatecheck(crate, {"--gate", "features"});
}

const json* finding(const json& report, const std::string& rule) {
    for (const auto& f : gate(report, "features").at("findings")) {
        if (f.at("rule") == rule) {
            return &f;
        }
    }
    return nullptr;
}

std::string summary(const json& report) {
    return gate(report, "features").at("summary").get<std::string>();
}

// The combinations a user's loop checks, from `cargo metadata` read here: none, all, each
// feature alone, leaving out an optional dependency's implicit `dep = ["dep:dep"]`.
std::vector<std::string> raw_combinations(const Crate& crate) {
    const auto meta = run_program({"cargo", "metadata", "--format-version", "1", "--no-deps"}, crate.dir);
    const auto pkg = json::parse(meta.out).at("packages").at(0);
    std::vector<std::string> optional;
    for (const auto& d : pkg.at("dependencies")) {
        if (d.at("optional").get<bool>()) {
            optional.push_back(d.at("rename").is_string() ? d.at("rename").get<std::string>()
                                                          : d.at("name").get<std::string>());
        }
    }
    std::vector<std::string> out{"--no-default-features", "--all-features"};
    for (const auto& [name, enables] : pkg.at("features").items()) {
        const bool implicit = std::find(optional.begin(), optional.end(), name) != optional.end() &&
                              enables == json::array({"dep:" + name});
        if (!implicit) {
            out.push_back("--no-default-features --features " + name);
        }
    }
    return out;
}

std::vector<std::string> split(const std::string& flags) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < flags.size()) {
        const auto end = flags.find(' ', pos);
        out.push_back(flags.substr(pos, end - pos));
        pos = end == std::string::npos ? flags.size() : end + 1;
    }
    return out;
}

}  // namespace

TEST_CASE("features: every combination of features-clean builds, in its own target dir", "[features]") {
    const auto& r = features_run("clean");
    INFO(r.out << r.err << gate(r.report, "features").dump());
    CHECK(r.exit_code == 0);
    CHECK(status(r.report, "features") == "pass");
    CHECK(summary(r.report) == "all 5 feature combinations compile");
    CHECK(metric(r.report, "features", "combinations") == 5);
    CHECK(metric(r.report, "features", "checked") == 5);
    CHECK(metric(r.report, "features", "failed") == 0);
    CHECK(metric(r.report, "features", "not_checked") == 0);
    CHECK(metric(r.report, "features", "rebuilt") > 0);  // cold
    for (const char* c : {"--no-default-features", "--all-features", "--no-default-features --features default",
                          "--no-default-features --features fast", "--no-default-features --features std"}) {
        CHECK(metric(r.report, "features", std::string("gcfx-features-clean ") + c) == 1);
    }
    long lib_bins = 0;
    long all_targets = 0;
    for (const auto& p : r.report.at("probes")) {
        const auto cmd = p.at("command").get<std::string>();
        if (p.at("id").get<std::string>().rfind("features:", 0) == 0) {
            INFO(cmd);
            lib_bins += contains(cmd, " check --lib --bins ") ? 1 : 0;
            all_targets += contains(cmd, " check --all-targets ") ? 1 : 0;
            CHECK(contains(cmd, "gatecheck/features"));
            CHECK(contains(cmd, " -p "));
        }
    }
    // The verdict per combination, then every target once the library compiled.
    CHECK(lib_bins == 5);
    CHECK(all_targets == 5);
    // The user's own build was not touched.
    CHECK_FALSE(fs::exists(fixture("features-clean", "features-clean").target_dir / "debug"));
}

TEST_CASE("features: a warm re-run rebuilds nothing", "[features]") {
    features_run("clean");
    const auto crate = fixture("features-clean", "features-clean");
    const auto warm = gatecheck(crate, {"--gate", "features"});
    INFO(warm.out << warm.err);
    CHECK(status(warm.report, "features") == "pass");
    CHECK(metric(warm.report, "features", "checked") == 5);
    CHECK(metric(warm.report, "features", "rebuilt") == 0);
}

TEST_CASE("features: feature `a` alone fails with E0425 naming the combination", "[features]") {
    const auto& r = features_run("alone-breaks");
    INFO(r.out << r.err << gate(r.report, "features").dump());
    CHECK(r.exit_code == 1);
    CHECK(status(r.report, "features") == "fail");
    CHECK(summary(r.report) == "1 of 4 feature combinations do not compile");
    CHECK(metric(r.report, "features", "failed") == 1);
    CHECK(metric(r.report, "features", "gcfx-features-alone-breaks --no-default-features --features a") == 0);
    CHECK(metric(r.report, "features", "gcfx-features-alone-breaks --no-default-features --features b") == 1);
    CHECK(metric(r.report, "features", "gcfx-features-alone-breaks --all-features") == 1);
    const auto& findings = gate(r.report, "features").at("findings");
    REQUIRE(findings.size() == 1);
    const auto& f = findings.at(0);
    CHECK(f.at("rule") == "gatecheck::feature-combination");
    CHECK(f.at("file") == "src/lib.rs");
    CHECK(f.at("line") == 39);
    CHECK(f.at("column") == 5);
    const auto message = f.at("message").get<std::string>();
    CHECK(contains(message, "`gcfx-features-alone-breaks --no-default-features --features a` does not compile"));
    CHECK(contains(message, "cannot find function `helper` in this scope [E0425] at src/lib.rs:39:5"));
}

TEST_CASE("features: --no-default-features fails; the default build compiles", "[features]") {
    const auto& r = features_run("no-default-breaks");
    INFO(r.out << r.err << gate(r.report, "features").dump());
    CHECK(status(r.report, "features") == "fail");
    CHECK(metric(r.report, "features", "failed") == 1);
    CHECK(metric(r.report, "features", "gcfx-features-no-default-breaks --no-default-features") == 0);
    CHECK(metric(r.report, "features", "gcfx-features-no-default-breaks --no-default-features --features default") ==
          1);
    const auto* f = finding(r.report, "gatecheck::feature-combination");
    REQUIRE(f != nullptr);
    CHECK(f->at("line") == 27);
    CHECK(contains(f->at("message").get<std::string>(), "`gcfx-features-no-default-breaks --no-default-features`"));
}

TEST_CASE("features: a test that needs a default feature warns, naming it; the library still decides", "[features]") {
    // Issue 25: the crate compiles under every combination; its test needs `std`. cargo-hack's
    // default (the library and binaries) passes it; its test breaks under two combinations.
    auto crate = fixture("features-clean", "features-test-needs-std");
    fs::create_directories(crate.dir / "tests");
    write(crate.dir / "tests" / "show.rs",
          "#[test]\nfn shows() {\n    assert_eq!(gcfx_features_clean::show(7), \"7\");\n}\n");
    const auto r = gatecheck(crate, {"--gate", "features"});
    INFO(r.out << r.err << gate(r.report, "features").dump());
    CHECK(r.exit_code == 0);
    CHECK(status(r.report, "features") == "warn");
    CHECK(summary(r.report) ==
          "5 feature combinations compile (library and binaries); under 2 of them a test, bench or example does not");
    CHECK(metric(r.report, "features", "failed") == 0);
    CHECK(metric(r.report, "features", "targets_failed") == 2);
    CHECK(metric(r.report, "features", "gcfx-features-clean --no-default-features") == 1);
    CHECK(metric(r.report, "features", "gcfx-features-clean --no-default-features --all-targets") == 0);
    CHECK(metric(r.report, "features", "gcfx-features-clean --no-default-features --features fast --all-targets") == 0);
    CHECK(metric(r.report, "features", "gcfx-features-clean --no-default-features --features std --all-targets") == 1);
    long warnings = 0;
    for (const auto& f : gate(r.report, "features").at("findings")) {
        INFO(f.dump());
        CHECK(f.at("rule") == "gatecheck::feature-combination-targets");
        CHECK(f.at("level") == "warning");
        CHECK(f.at("file") == "tests/show.rs");
        CHECK(contains(f.at("message").get<std::string>(), "the library and binaries compile, but not test `show`"));
        ++warnings;
    }
    CHECK(warnings == 2);
}

TEST_CASE("features: more combinations than max_combinations warn and name those left out", "[features]") {
    const auto& r = features_run("many");
    INFO(r.out << r.err << gate(r.report, "features").dump());
    CHECK(status(r.report, "features") == "warn");
    CHECK(metric(r.report, "features", "combinations") == 36);
    CHECK(metric(r.report, "features", "checked") == 32);
    CHECK(metric(r.report, "features", "not_checked") == 4);
    CHECK(summary(r.report) == "32 feature combinations compile; 4 not checked (max_combinations = 32)");
    const auto* capped = finding(r.report, "gatecheck::features-capped");
    REQUIRE(capped != nullptr);
    CHECK(capped->at("level") == "warning");
    const auto message = capped->at("message").get<std::string>();
    for (const char* left : {"f30", "f31", "f32", "f33"}) {
        CHECK(contains(message, std::string("`gcfx-features-many --no-default-features --features ") + left + "`"));
    }
    CHECK_FALSE(contains(message, "f29"));
}

TEST_CASE("features: max_combinations from gatecheck.toml caps the runs themselves", "[features]") {
    auto crate = fixture("features-clean", "features-clean-capped");
    write(crate.dir / "gatecheck.toml", "[gates.features]\nmax_combinations = 3\n");
    const auto r = gatecheck(crate, {"--gate", "features"});
    INFO(r.out << r.err << gate(r.report, "features").dump());
    CHECK(status(r.report, "features") == "warn");
    CHECK(r.exit_code == 0);  // warn does not fail the run
    CHECK(metric(r.report, "features", "checked") == 3);
    CHECK(metric(r.report, "features", "not_checked") == 2);
    long runs = 0;
    for (const auto& p : r.report.at("probes")) {
        runs += p.at("id").get<std::string>().rfind("features:", 0) == 0 ? 1 : 0;
    }
    CHECK(runs == 6);  // --lib --bins, then --all-targets, per combination
    const auto* capped = finding(r.report, "gatecheck::features-capped");
    REQUIRE(capped != nullptr);
    CHECK(capped->at("message") ==
          "max_combinations = 3: not checked: `gcfx-features-clean --no-default-features --features fast`, "
          "`gcfx-features-clean --no-default-features --features std`");
}

TEST_CASE("features: in a workspace, each member with features alone, with its own targets", "[features]") {
    auto crate = fixture("workspace", "features-workspace");
    write(crate.dir / "beta" / "Cargo.toml",
          "[package]\nname = \"gcfx-beta\"\nversion = \"0.1.0\"\nedition = \"2021\"\npublish = false\n\n"
          "[dependencies]\ngcfx-alpha = { path = \"../alpha\" }\n\n[features]\nloud = []\n");
    // beta's own test left out: alpha's `words` must not be named in beta's commands.
    write(crate.dir / "gatecheck.toml", "exclude_targets = [\"test:summary\"]\n");
    const auto r = gatecheck(crate, {"--gate", "features"});
    INFO(r.out << r.err << gate(r.report, "features").dump());
    CHECK(status(r.report, "features") == "pass");
    CHECK(metric(r.report, "features", "checked") == 3);
    CHECK(metric(r.report, "features", "packages_without_features") == 1);
    CHECK(metric(r.report, "features", "gcfx-beta --no-default-features --features loud") == 1);
    for (const auto& p : r.report.at("probes")) {
        if (p.at("id").get<std::string>().rfind("features:", 0) == 0) {
            const auto cmd = p.at("command").get<std::string>();
            INFO(cmd);
            CHECK(contains(cmd, " -p "));
            CHECK_FALSE(contains(cmd, "words"));
            CHECK_FALSE(contains(cmd, "summary"));
        }
    }
}

TEST_CASE("features: a crate without features passes with the default build only", "[features]") {
    const auto& r = features_run("none");
    INFO(r.out << r.err << gate(r.report, "features").dump());
    CHECK(status(r.report, "features") == "pass");
    CHECK(summary(r.report) == "no features: default build only (the build gate checks it)");
    CHECK(metric(r.report, "features", "combinations") == 0);
    CHECK(metric(r.report, "features", "packages_without_features") == 1);
}

TEST_CASE("features: an optional dependency cargo cannot resolve is an error, never a pass", "[features]") {
    auto crate = fixture("features-clean", "features-unresolvable");
    write(crate.dir / "Cargo.toml",
          "[package]\nname = \"gcfx-features-unresolvable\"\nversion = \"0.1.0\"\nedition = \"2021\"\n"
          "publish = false\n\n[dependencies]\ngcfx-no-such-crate = { version = \"1\", optional = true }\n\n"
          "[features]\ndefault = [\"std\"]\nstd = []\nfast = []\n");
    const auto r = gatecheck(crate, {"--gate", "features"});
    INFO(r.out << r.err << gate(r.report, "features").dump());
    CHECK(status(r.report, "features") == "error");
    CHECK(r.exit_code == 3);
    CHECK(metric(r.report, "features", "errors") == 5);  // the implicit `gcfx-no-such-crate` is left out
    CHECK(metric(r.report, "features", "checked") == 0);
    CHECK(contains(summary(r.report), "could not be checked"));
    CHECK(contains(summary(r.report), "gcfx-no-such-crate"));
}

TEST_CASE("features: on real crates, each combination's result equals raw cargo check's", "[features][real]") {
    for (const char* name : {"fnv-1.0.7", "lock_api-0.4.9", "spin-0.9.5"}) {
        const auto registry = fs::path("/usr/share/cargo/registry") / name;
        REQUIRE(fs::is_directory(registry));  // scripts/setup.sh installs librust-*-dev
        const auto crate = copy_crate(registry, std::string("features-real-") + name);
        const auto r = gatecheck(crate, {"--gate", "features"});
        INFO(name << "\n" << r.out << r.err << gate(r.report, "features").dump());
        REQUIRE(!r.report.is_null());
        const auto combinations = raw_combinations(crate);
        CHECK(metric(r.report, "features", "combinations") == static_cast<double>(combinations.size()));
        CHECK(metric(r.report, "features", "errors") == 0);
        long raw_failed = 0;
        const auto pkg_name = std::string(name).substr(0, std::string(name).rfind('-'));
        for (const auto& c : combinations) {
            // The raw loop a user writes (cargo-hack's default targets, then every target), in
            // gatecheck's dir: everything is fresh by now.
            std::vector<std::string> argv{"cargo", "check"};
            for (const auto& flag : split(c)) {
                argv.push_back(flag);
            }
            const std::map<std::string, std::string> env{
                {"CARGO_TARGET_DIR", (crate.target_dir / "gatecheck" / "features").string()}};
            const auto raw = run_program(argv, crate.dir, env);
            INFO(c << ": " << raw.err);
            raw_failed += raw.exit_code != 0 ? 1 : 0;
            CHECK(metric(r.report, "features", pkg_name + " " + c) == (raw.exit_code == 0 ? 1 : 0));
            argv.insert(argv.begin() + 2, "--all-targets");
            const auto raw_all = run_program(argv, crate.dir, env);
            INFO(c << " --all-targets: " << raw_all.err);
            if (raw.exit_code == 0) {
                CHECK(metric(r.report, "features", pkg_name + " " + c + " --all-targets") ==
                      (raw_all.exit_code == 0 ? 1 : 0));
            }
            // What compiled is fresh: gatecheck built exactly what the raw loop builds. (cargo
            // caches no failure: a failing combination is checked again by every run.)
            for (const auto* run : {&raw, &raw_all}) {
                if (run->exit_code == 0) {
                    CHECK_FALSE(contains(run->err, "Compiling "));
                    CHECK_FALSE(contains(run->err, "Checking "));
                }
            }
        }
        CHECK(metric(r.report, "features", "failed") == raw_failed);
        CHECK(status(r.report, "features") == (raw_failed > 0 ? "fail" : "pass"));
    }
}
