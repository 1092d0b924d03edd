// Issue 16: `gatecheck new`, `module` and `init`. Each variant of a new crate (lib, bin, lib
// --async, edition 2024, and a lib with two modules added) is generated offline against
// Debian's registry (cargo add resolves the versions), then checked by the real gatecheck
// (every gate that exists passes, except the ones whose tool or data cannot exist here and
// the attestations only a person can sign) and by the raw cargo commands of the issue. All
// variants share ONE cargo target dir, so criterion, proptest and tokio compile once per
// flavour. The error cases each end with exit 2, a clear message and nothing written.
#include <catch2/catch.hpp>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "support.hpp"

using namespace e2e;

namespace {

const fs::path kWork = fs::path(GATECHECK_WORK_DIR);

// One target dir for every generated crate of this file.
fs::path shared_target() {
    return kWork / "target" / "scaffold";
}

// A fresh directory for a generated crate (the previous run's is removed: `new` refuses
// to overwrite it, rightly).
fs::path fresh(const std::string& tag) {
    const auto dir = kWork / "crates" / ("scaffold-" + tag);
    fs::remove_all(dir);
    fs::create_directories(dir.parent_path());
    return dir;
}

// Gates whose tool or data cannot exist on this machine (miri; advisories without a
// database), and the attestations that stay `manual` until a person signs them.
const std::set<std::string> kMayBeUnavailable{"miri", "advisories"};
const std::set<std::string> kAttestations{"cpu-profile", "zero-cost", "input-validation", "crypto-review"};

void require_every_gate_passes(const Run& r) {
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    for (const auto& g : r.report.at("gates")) {
        const auto id = g.at("id").get<std::string>();
        const auto st = g.at("status").get<std::string>();
        INFO("gate " << id << ": " << st << ": " << g.dump().substr(0, 2000));
        if (kAttestations.count(id) != 0) {
            CHECK((st == "manual" || st == "not-applicable"));
        } else if (kMayBeUnavailable.count(id) != 0 && st == "unavailable") {
            SUCCEED();
        } else {
            CHECK(st == "pass");
        }
    }
    CHECK(r.exit_code == 0);
}

Run cargo(const fs::path& dir, std::vector<std::string> args) {
    args.insert(args.begin(), "cargo");
    return run_program(args, dir, {{"CARGO_TARGET_DIR", shared_target().string()}});
}

// The issue's raw commands, each of which must succeed on every variant.
void require_raw_cargo_succeeds(const fs::path& dir) {
    const std::vector<std::vector<std::string>> commands{
        {"build"},
        {"test"},
        {"clippy", "--all-targets", "--", "-W", "clippy::pedantic", "-D", "warnings"},
        {"doc", "--no-deps"},
        {"bench"},
    };
    for (const auto& args : commands) {
        const auto r = cargo(dir, args);
        INFO("cargo " << args.front() << "\n" << r.out << r.err);
        CHECK(r.exit_code == 0);
    }
}

Run gatecheck_new(const fs::path& dir, std::vector<std::string> args) {
    args.insert(args.begin(), {"new", dir.string()});
    return gatecheck_plain(args, dir.parent_path());
}

void check_variant(const std::string& tag, const std::vector<std::string>& flags) {
    const auto dir = fresh(tag);
    const auto made = gatecheck_new(dir, flags);
    INFO(made.out << made.err);
    REQUIRE(made.exit_code == 0);
    CHECK(contains(made.out, "Created"));
    for (const char* file :
         {"Cargo.toml", "src/lib.rs", "src/error.rs", "tests/integration.rs", "tests/properties.rs", "benches/stats.rs",
          "README.md", "gatecheck.toml", ".github/workflows/gatecheck.yml", ".gitlab-ci.yml"}) {
        CHECK(fs::exists(dir / file));
    }
    require_every_gate_passes(gatecheck(Crate{dir, shared_target()}));
    require_raw_cargo_succeeds(dir);
}

std::string read(const fs::path& p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

// Every file under dir, relative, with its content.
std::map<std::string, std::string> tree(const fs::path& dir) {
    std::map<std::string, std::string> out;
    if (!fs::exists(dir)) {
        return out;
    }
    for (const auto& e : fs::recursive_directory_iterator(dir)) {
        if (e.is_regular_file() && !contains(e.path().string(), "/target/")) {
            out[fs::relative(e.path(), dir).string()] = read(e.path());
        }
    }
    return out;
}

}  // namespace

TEST_CASE("gatecheck new (lib) passes every gate, and cargo build/test/clippy pedantic/doc/bench") {
    check_variant("lib", {});
}

TEST_CASE("gatecheck new --bin passes every gate, and the raw cargo commands") {
    check_variant("bin", {"--bin"});
}

TEST_CASE("gatecheck new --async passes every gate, and the raw cargo commands") {
    check_variant("async", {"--async"});
}

TEST_CASE("gatecheck new --edition 2024 passes every gate, and the raw cargo commands") {
    check_variant("edition-2024", {"--edition", "2024", "--name", "gen-2024"});
    CHECK(contains(read(kWork / "crates" / "scaffold-edition-2024" / "Cargo.toml"), "edition = \"2024\""));
}

TEST_CASE("gatecheck module adds two modules; the crate still passes every gate") {
    const auto dir = fresh("modules");
    REQUIRE(gatecheck_new(dir, {"--name", "with-modules"}).exit_code == 0);
    const auto before = read(dir / "src" / "lib.rs");
    const auto one = gatecheck_plain({"module", "counter"}, dir);
    INFO(one.out << one.err);
    REQUIRE(one.exit_code == 0);
    CHECK(contains(one.out, "pub mod counter;"));
    const auto two = gatecheck_plain({"module", "word_count", "--async", "--path", dir.string()}, dir.parent_path());
    INFO(two.out << two.err);
    REQUIRE(two.exit_code == 0);
    CHECK(fs::exists(dir / "src" / "counter.rs"));
    CHECK(contains(read(dir / "src" / "word_count.rs"), "pub trait WordCountAsyncUpdate"));
    // lib.rs gained exactly the two declarations, nothing else changed.
    auto after = read(dir / "src" / "lib.rs");
    for (const char* decl : {"pub mod counter;\n", "pub mod word_count;\n"}) {
        const auto at = after.find(decl);
        REQUIRE(at != std::string::npos);
        after.erase(at, std::string(decl).size());
    }
    CHECK(after == before);
    // A module that exists is refused, and so is a name cargo could not compile.
    const auto again = gatecheck_plain({"module", "counter"}, dir);
    CHECK(again.exit_code == 2);
    CHECK(contains(again.err, "already"));
    CHECK(gatecheck_plain({"module", "Bad-Name"}, dir).exit_code == 2);
    require_every_gate_passes(gatecheck(Crate{dir, shared_target()}));
    require_raw_cargo_succeeds(dir);
}

TEST_CASE("gatecheck module on a binary-only crate: declared in main.rs, clippy pedantic and tests pass") {
    const auto dir = fresh("bin-only");
    fs::create_directories(dir / "src");
    write(dir / "Cargo.toml", "[package]\nname = \"bin-only\"\nversion = \"0.1.0\"\nedition = \"2021\"\n");
    write(dir / "src" / "main.rs", "//! A tool.\n\nfn main() {\n    println!(\"hello\");\n}\n");
    const auto r = gatecheck_plain({"module", "tally", "--path", dir.string()}, dir.parent_path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    const auto main_rs = read(dir / "src" / "main.rs");
    CHECK(contains(main_rs, "#[cfg_attr(not(test), expect(dead_code, reason = \"generated by gatecheck module"));
    CHECK(contains(main_rs, "\nmod tally;\n"));
    CHECK(fs::exists(dir / "src" / "tally.rs"));
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"clippy", "--all-targets", "--", "-W", "clippy::pedantic", "-D", "warnings"},
          std::vector<std::string>{"test"}}) {
        const auto c = cargo(dir, args);
        INFO("cargo " << args.front() << "\n" << c.out << c.err);
        CHECK(c.exit_code == 0);
    }
}

TEST_CASE("gatecheck new inside another cargo workspace: versions resolved, and a warning when it is not a member") {
    const auto outer = fresh("in-workspace");
    fs::create_directories(outer);
    write(outer / "Cargo.toml", "[workspace]\nmembers = []\nresolver = \"2\"\n");
    const auto r = gatecheck_new(outer / "inner", {"--name", "inner-crate"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(fs::exists(outer / "inner" / "Cargo.toml"));
    CHECK(read(outer / "Cargo.toml") == "[workspace]\nmembers = []\nresolver = \"2\"\n");  // not ours to edit
    CHECK(contains(r.err, "warning: " + (outer / "inner").string() + " is inside the cargo workspace of"));
    CHECK(contains(r.err, "\"inner\" is added to [workspace] members (or exclude)"));
    // Listed by a glob, no warning.
    write(outer / "Cargo.toml", "[workspace]\nmembers = [\"in*\"]\n");
    const auto listed = gatecheck_new(outer / "inner2", {"--name", "inner-two", "--pinned"});
    INFO(listed.out << listed.err);
    CHECK(listed.exit_code == 0);
    CHECK_FALSE(contains(listed.err, "warning:"));
}

TEST_CASE("gatecheck init adds the config and CI files, touches nothing else, and says what it added") {
    const auto c = fixture("clean", "scaffold-init");
    fs::remove(c.dir / "gatecheck.toml");
    fs::remove_all(c.dir / ".github");
    fs::remove(c.dir / ".gitlab-ci.yml");
    const auto before = tree(c.dir);
    const auto r = gatecheck_plain({"init", c.dir.string()}, c.dir.parent_path());
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    auto after = tree(c.dir);
    for (const char* added : {"gatecheck.toml", ".github/workflows/gatecheck.yml", ".gitlab-ci.yml"}) {
        CHECK(contains(r.out, added));
        CHECK(after.erase(added) == 1);
    }
    CHECK(after == before);
    // The config it wrote is one this gatecheck accepts.
    const auto listed = gatecheck_plain({"list", c.dir.string()}, c.dir);
    CHECK(listed.exit_code == 0);
    const auto checked = gatecheck(c, {"--gate", "fmt"});
    INFO(checked.out << checked.err);
    CHECK(checked.exit_code == 0);
    // Run twice: the files exist now, so nothing is written without --force.
    const auto twice = gatecheck_plain({"init", c.dir.string()}, c.dir);
    CHECK(twice.exit_code == 2);
    CHECK(contains(twice.err, "gatecheck.toml"));
    CHECK(contains(twice.err, "--force"));
    CHECK(gatecheck_plain({"init", c.dir.string(), "--force"}, c.dir).exit_code == 0);
    // Not a crate: exit 2.
    const auto nowhere = gatecheck_plain({"init", (c.dir / "src").string()}, c.dir);
    CHECK(nowhere.exit_code == 2);
    CHECK(contains(nowhere.err, "is not a crate"));
}

TEST_CASE("gatecheck new refuses conflicts: lists them, writes nothing; --force overwrites") {
    const auto dir = fresh("conflict");
    fs::create_directories(dir / "src");
    write(dir / "Cargo.toml", "# mine\n");
    write(dir / "src" / "lib.rs", "// mine\n");
    write(dir / "notes.txt", "keep\n");
    const auto before = tree(dir);
    const auto r = gatecheck_new(dir, {"--name", "conflicting"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "already has 2 of the files"));
    CHECK(contains(r.err, "  Cargo.toml"));
    CHECK(contains(r.err, "  src/lib.rs"));
    CHECK(contains(r.err, "nothing was written"));
    CHECK(tree(dir) == before);
    const auto forced = gatecheck_new(dir, {"--name", "conflicting", "--force"});
    INFO(forced.out << forced.err);
    CHECK(forced.exit_code == 0);
    CHECK(contains(read(dir / "Cargo.toml"), "name = \"conflicting\""));
    CHECK(read(dir / "notes.txt") == "keep\n");
    CHECK(fs::exists(dir / "benches" / "stats.rs"));
}

TEST_CASE("gatecheck new --dry-run lists the files and the cargo add command, and writes nothing") {
    const auto dir = fresh("dry-run");
    const auto r = gatecheck_new(dir, {"--dry-run", "--bin"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "  src/main.rs"));
    CHECK(contains(r.out, "  .gitlab-ci.yml"));
    CHECK(contains(r.out, "cargo add criterion proptest serde tokio"));
    CHECK_FALSE(fs::exists(dir));
}

TEST_CASE("gatecheck new --pinned writes the documented pinned versions without cargo add") {
    const auto dir = fresh("pinned");
    // A CARGO_HOME whose registry is empty: cargo add would fail, --pinned does not ask it.
    const auto r = gatecheck_plain({"new", dir.string(), "--pinned"}, dir.parent_path(),
                                   {{"CARGO_HOME", (kWork / "scaffold-empty-registry").string()}});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    const auto manifest = read(dir / "Cargo.toml");
    CHECK(contains(manifest, "criterion = \"0.3.6\""));
    CHECK(contains(manifest, "tokio = { version = \"1.24.2\", optional = true"));
    CHECK(contains(manifest, "pinned by gatecheck new --pinned"));
}

TEST_CASE("a failing cargo add, an unwritable target and a broken template: exit 2, nothing written") {
    const auto parent = kWork / "crates" / "scaffold-errors";
    fs::remove_all(parent);
    fs::create_directories(parent);
    // cargo add against a registry that has none of the crates.
    const auto home = kWork / "scaffold-empty-registry";
    fs::create_directories(home / "registry-dir");
    write(home / "config.toml", "[source.crates-io]\nreplace-with = \"empty\"\n[source.empty]\ndirectory = \"" +
                                    (home / "registry-dir").string() + "\"\n[net]\noffline = true\n");
    const auto add =
        gatecheck_plain({"new", (parent / "no-registry").string()}, parent, {{"CARGO_HOME", home.string()}});
    INFO(add.out << add.err);
    CHECK(add.exit_code == 2);
    CHECK(contains(add.err, "`cargo add criterion proptest serde tokio` failed (cargo exited with code 101)"));
    CHECK(contains(add.err, "could not be found in registry index"));
    CHECK(contains(add.err, "--pinned"));
    // An unwritable place: /proc takes no new directories, even from root.
    const auto proc = gatecheck_plain({"new", "/proc/gatecheck-scaffold-test", "--pinned"}, parent);
    CHECK(proc.exit_code == 2);
    CHECK(contains(proc.err, "cannot write to /proc"));
    // A parent that is a file.
    write(parent / "a-file", "x\n");
    const auto file_parent = gatecheck_plain({"new", (parent / "a-file" / "crate").string(), "--pinned"}, parent);
    CHECK(file_parent.exit_code == 2);
    // A team's template directory with a broken template.
    const auto templates = parent / "templates";
    fs::copy(source_dir() / "templates", templates, fs::copy_options::recursive);
    write(templates / "crate" / "src" / "error.rs.mustache", "//! {{#unclosed}} error\n");
    const auto broken =
        gatecheck_plain({"new", (parent / "broken").string(), "--template", templates.string()}, parent);
    INFO(broken.out << broken.err);
    CHECK(broken.exit_code == 2);
    CHECK(contains(broken.err, "broken template"));
    CHECK(contains(broken.err, "error.rs.mustache"));
    CHECK(contains(broken.err, "Unclosed section"));
    // Nothing half-written: only what the test itself put there.
    std::set<std::string> left;
    for (const auto& e : fs::directory_iterator(parent)) {
        left.insert(e.path().filename().string());
    }
    CHECK(left == std::set<std::string>{"a-file", "templates"});
}

TEST_CASE("package names: gatecheck refuses what cargo refuses (with cargo's reason) and accepts what it accepts") {
    const auto parent = kWork / "crates" / "scaffold-names";
    const std::vector<std::string> names{"test",    "fn",      "async", "self", "1abc", "a b",  "foo.bar", "",
                                         "std",     "core",    "con",   "nul",  "lpt9", "Foo",  "héllo",   "foo",
                                         "foo-bar", "foo_bar", "_foo",  "gen",  "main", "com10"};
    for (const auto& name : names) {
        INFO("name [" << name << "]");
        fs::remove_all(parent);
        fs::create_directories(parent);
        const auto by_cargo = run_program({"cargo", "new", "--lib", "--name", name, "by-cargo"}, parent);
        const auto ours = gatecheck_plain({"new", (parent / "ours").string(), "--name", name, "--dry-run"}, parent);
        INFO(by_cargo.err << "\n" << ours.err);
        if (by_cargo.exit_code != 0) {
            CHECK(ours.exit_code == 2);
            // cargo's reason, word for word.
            const auto at = by_cargo.err.find("error: ");
            REQUIRE(at != std::string::npos);
            const auto reason = by_cargo.err.substr(at + 7, by_cargo.err.find('\n', at) - at - 7);
            CHECK(contains(ours.err, reason));
        } else if (contains(by_cargo.err, "warning: ")) {
            CHECK(ours.exit_code == 2);
            CHECK(contains(ours.err, "cargo warns"));
        } else {
            CHECK(ours.exit_code == 0);
        }
    }
}

namespace {

// The commands of a generated CI file that set up gatecheck and its tools: every line naming
// /tmp/gatecheck except the gatecheck run itself, as the shell sees it (no YAML list dash).
std::vector<std::string> setup_commands(const std::string& ci_file) {
    std::vector<std::string> out;
    std::istringstream in(ci_file);
    for (std::string line; std::getline(in, line);) {
        if (!contains(line, "/tmp/gatecheck") || contains(line, "gatecheck .") || contains(line, "#")) {
            continue;
        }
        line.erase(0, line.find_first_not_of(' '));
        if (line.rfind("- ", 0) == 0) {
            line.erase(0, 2);
        }
        out.push_back(line);
    }
    return out;
}

}  // namespace

// Issue 25 point 11: the CI files `init` writes install what the required gates run (llvm-19,
// valgrind, perf, the advisory database) with the script the README's set-up runs, and their
// set-up commands work in a clean environment: an empty HOME, a bare PATH, a fresh clone.
TEST_CASE("gatecheck init's CI files set up gatecheck and its gates' tools as the README's set-up does") {
    const auto c = fixture("clean", "scaffold-ci-steps");
    fs::remove(c.dir / "gatecheck.toml");
    fs::remove_all(c.dir / ".github");
    fs::remove(c.dir / ".gitlab-ci.yml");
    REQUIRE(gatecheck_plain({"init", c.dir.string()}, c.dir.parent_path()).exit_code == 0);
    const auto github = setup_commands(read(c.dir / ".github" / "workflows" / "gatecheck.yml"));
    const auto gitlab = setup_commands(read(c.dir / ".gitlab-ci.yml"));
    CHECK(github == gitlab);
    // Issue 26: the GitHub workflow uploads SARIF to code scanning; the GitLab job hands its
    // JUnit and Code Quality files to the merge request's widgets.
    const auto github_file = read(c.dir / ".github" / "workflows" / "gatecheck.yml");
    CHECK(contains(github_file, "--report sarif=gatecheck.sarif"));
    CHECK(contains(github_file, "uses: github/codeql-action/upload-sarif@v3"));
    CHECK(contains(github_file, "sarif_file: gatecheck.sarif"));
    const auto gitlab_file = read(c.dir / ".gitlab-ci.yml");
    CHECK(contains(gitlab_file, "--report junit=gatecheck-junit.xml"));
    CHECK(contains(gitlab_file, "junit: gatecheck-junit.xml"));
    CHECK(contains(gitlab_file, "codequality: gl-code-quality-report.json"));
    const std::string install = "bash /tmp/gatecheck/scripts/install-gate-tools.sh --build --advisory-db";
    REQUIRE(std::find(github.begin(), github.end(), install) != github.end());
    // The README's set-up (scripts/setup.sh) installs the same list through the same script.
    CHECK(contains(read(source_dir() / "scripts" / "setup.sh"), "install-gate-tools.sh\" --build"));
    const auto printed =
        run_program({"bash", (source_dir() / "scripts" / "install-gate-tools.sh").string(), "--print"}, source_dir());
    for (const char* tool : {"llvm-19", "valgrind", "git"}) {
        CHECK(contains(printed.out, tool));
    }
    CHECK((contains(printed.out, "linux-perf") || contains(printed.out, "linux-tools-")));

    // Run them as a fresh runner would, but against this checkout (committed state) and this
    // machine's packages, with an advisory database in place (nothing here reaches GitHub).
    // Everything but the compile itself runs; the set-up ran the same script before.
    const auto home = c.dir.parent_path() / "scaffold-ci-home";
    fs::remove_all(home);
    fs::create_directories(home / ".cargo" / "advisory-db" / "crates");
    const auto gatecheck_dir = home / "gatecheck";
    std::string script;
    for (auto command : github) {
        if (contains(command, "cmake --build")) {
            continue;
        }
        for (auto at = command.find("/tmp/gatecheck"); at != std::string::npos;
             at = command.find("/tmp/gatecheck", at + 1)) {
            command.replace(at, std::string("/tmp/gatecheck").size(), gatecheck_dir.string());
        }
        script += command + "\n";
    }
    script +=
        "bash " + (gatecheck_dir / "scripts" / "install-gate-tools.sh").string() + " --build --advisory-db --check\n";
    const auto r =
        run_program({"env", "-i", "HOME=" + home.string(), "PATH=/usr/local/bin:/usr/bin:/bin",
                     "GATECHECK_REPO=file://" + source_dir().string(), "bash", "-euo", "pipefail", "-c", script},
                    home);
    INFO(script << r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "install-gate-tools: everything is installed"));
    CHECK(fs::exists(gatecheck_dir / "build" / "CMakeCache.txt"));
    fs::remove_all(home);
}
