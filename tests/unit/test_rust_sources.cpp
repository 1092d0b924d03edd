// The rust-sources probe's walk over a real directory: which files it reads, what each file's
// scans say, and that a source it cannot read is an error, never an empty scan.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <climits>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cargo/workspace.hpp"
#include "probes/rust_sources.hpp"

namespace {

namespace fs = std::filesystem;

struct TempCrate {
    fs::path root = fs::temp_directory_path() / ("gatecheck-unit-rust-sources-" + std::to_string(::getpid()));
    TempCrate() { fs::remove_all(root); }
    TempCrate(const TempCrate&) = delete;
    TempCrate& operator=(const TempCrate&) = delete;
    TempCrate(TempCrate&&) = delete;
    TempCrate& operator=(TempCrate&&) = delete;
    ~TempCrate() {
        std::error_code ec;
        fs::permissions(root / "src/secret.rs", fs::perms::owner_all, ec);
        fs::remove_all(root, ec);
    }
    void write(const std::string& name, const std::string& text) const {
        fs::create_directories((root / name).parent_path());
        std::ofstream(root / name) << text;
    }
    // The library, and the test and bench targets cargo metadata would name: (kind, name, path).
    [[nodiscard]] gc::Workspace workspace(const std::vector<std::vector<std::string>>& targets = {}) const {
        gc::Workspace ws;
        ws.root = root;
        ws.target_dir = root / "target";
        gc::Package pkg;
        pkg.name = "gcfx-walk";
        pkg.manifest_path = root / "Cargo.toml";
        pkg.targets.push_back(gc::CargoTarget{"gcfx_walk", {"lib"}, (root / "src/lib.rs").string()});
        for (const auto& t : targets) {
            pkg.targets.push_back(gc::CargoTarget{t[1], {t[0]}, (root / t[2]).string()});
        }
        ws.members.push_back(pkg);
        ws.selected.push_back(0);
        return ws;
    }
};

const std::string kLib =
    "#![forbid(unsafe_code)]\n"                                // 1
    "mod a;\n"                                                 // 2
    "pub fn sync_code() {\n"                                   // 3
    "    let f = async move {\n"                               // 4
    "        work();\n"                                        // 5
    "    };\n"                                                 // 6
    "}\n"                                                      // 7
    "// SAFETY: nothing is shared.\n"                          // 8
    "#[allow(unused)]\n"                                       // 9
    "unsafe impl Send for S {}\n"                              // 10
    "fn raw() -> u8 { unsafe { *P } }\n"                       // 11
    "#[cfg(test)]\n"                                           // 12
    "mod tests {\n"                                            // 13
    "    #[test]\n"                                            // 14
    "    fn spawns() { std::thread::spawn(|| ()).join(); }\n"  // 15
    "}\n";                                                     // 16

std::vector<std::string> paths(const std::vector<gc::TargetFile>& files) {
    std::vector<std::string> out;
    for (const auto& f : files) {
        out.push_back(f.path);
    }
    return out;
}

}  // namespace

TEST_CASE("rust-sources: the walk reads src/, tests/ and the rest of the package, never target/", "[rust-sources]") {
    const TempCrate crate;
    crate.write("Cargo.toml", "[package]\nname = \"gcfx-walk\"\n[dev-dependencies]\ntokio = \"1\"\n");
    crate.write("src/lib.rs", kLib);
    crate.write("src/a.rs", "pub fn a() { let _ = std::sync::Arc::new(1); }\n");
    crate.write("src/a/b.rs", "pub fn b() {}\n");
    crate.write("src/.hidden/x.rs", "pub fn x() {}\n");
    crate.write("tests/it.rs",
                "#[test]\nfn threads() { std::thread::scope(|s| { s.spawn(|| ()); }); }\n"
                "proptest! { #[test] fn holds(x in 0..3u8) { assert!(x < 3); } }\n");
    crate.write("tests/it/helpers.rs", "proptest! { #[test] fn also(x in 0..3u8) { assert!(x < 3); } }\n");
    crate.write("benches/b.rs", "fn main() {}\n");
    crate.write("target/debug/build/gen.rs", "async fn generated() {}\n");
    crate.write(".git/hook.rs", "async fn hidden() {}\n");

    const auto probed =
        gc::probes::read_rust_sources(crate.workspace({{"test", "it", "tests/it.rs"}, {"bench", "b", "benches/b.rs"}}));
    REQUIRE(probed.get() != nullptr);
    const auto& sources = *probed.get();
    REQUIRE(sources.packages.size() == 1);
    const auto& pkg = sources.packages[0];
    CHECK(pkg.name == "gcfx-walk");
    CHECK(pkg.async_runtime);
    CHECK(pkg.async_code);  // line 4 of lib.rs
    CHECK(pkg.forbid_unsafe_roots == std::vector<std::string>{"src/lib.rs"});
    // In fs::path order (a/b.rs before a.rs), hidden directories of src/ included.
    CHECK(paths(pkg.src) == std::vector<std::string>{"src/.hidden/x.rs", "src/a/b.rs", "src/a.rs", "src/lib.rs"});
    CHECK(paths(pkg.tests) == std::vector<std::string>{"tests/it/helpers.rs", "tests/it.rs"});
    CHECK(sources.find("benches/b.rs") != nullptr);
    CHECK(sources.find("target/debug/build/gen.rs") == nullptr);
    CHECK(sources.find(".git/hook.rs") == nullptr);

    const auto& lib = pkg.src[3];
    REQUIRE(lib.concurrency);
    REQUIRE(lib.concurrency->tests.size() == 1);
    CHECK(lib.concurrency->tests[0].name == "tests::spawns");
    CHECK(lib.concurrency->tests[0].concurrent);
    const auto& a = pkg.src[2];
    REQUIRE(a.concurrency);
    REQUIRE(a.concurrency->uses.size() == 1);
    CHECK(a.concurrency->uses[0].kind == "arc");
    // tests/it/helpers.rs is a module of the `it` target: property tests, no concurrency scan.
    const auto& helpers = pkg.tests[0];
    CHECK(helpers.test_target == "it");
    CHECK_FALSE(helpers.concurrency);
    REQUIRE(helpers.property_tests.size() == 1);
    CHECK(helpers.property_tests[0].name == "helpers::also");  // its module path below tests/it/
    const auto& it = pkg.tests[1];
    CHECK(it.test_target == "it");
    REQUIRE(it.concurrency);
    CHECK(it.concurrency->uses.empty());  // an integration test is test code throughout
    REQUIRE(it.property_tests.size() == 1);
    CHECK(it.property_tests[0].name == "holds");

    const auto* facts = sources.find("src/lib.rs");
    REQUIRE(facts != nullptr);
    CHECK(facts->in_async_code({5, 9}));
    CHECK_FALSE(facts->in_async_code({3, 1}));
    CHECK_FALSE(facts->in_async_code({7, 1}));
    CHECK(facts->safety_comment_above(10));
    CHECK_FALSE(facts->safety_comment_above(11));
    CHECK(facts->runs_unsafe(11));
    CHECK_FALSE(facts->runs_unsafe(3));
}

TEST_CASE("rust-sources: test files are cargo's test targets and the modules they declare, not tests/*",
          "[rust-sources]") {
    // Issue 25: with `autotests = false` tests/stale.rs is no target; tests/common/mod.rs is a
    // module of both tests; benches/shared.rs is a bench target that benches/b.rs declares.
    const TempCrate crate;
    crate.write("Cargo.toml", "[package]\nname = \"gcfx-walk\"\nautotests = false\n");
    crate.write("src/lib.rs", "pub fn f() {}\n");
    crate.write("tests/stale.rs", "#[test]\nfn spawns() { std::thread::spawn(|| ()).join().unwrap(); }\n");
    crate.write("tests/a.rs", "mod common;\n#[test]\nfn a() { common::go(); }\n");
    crate.write("tests/b.rs", "#[path = \"common/mod.rs\"]\nmod shared;\n#[test]\nfn b() {}\n");
    crate.write("tests/common/mod.rs", "pub fn go() {}\nmod deep;\n");
    crate.write("tests/common/deep.rs", "proptest! { #[test] fn holds(x in 0..3u8) { assert!(x < 3); } }\n");
    crate.write("it/main.rs", "#[test]\nfn spawns() { std::thread::spawn(|| ()).join().unwrap(); }\n");
    crate.write("benches/b.rs", "mod shared;\nfn main() { shared::input(); }\n");
    crate.write("benches/shared.rs", "pub fn input() {}\n");
    const auto probed = gc::probes::read_rust_sources(crate.workspace({{"test", "a", "tests/a.rs"},
                                                                       {"test", "b", "tests/b.rs"},
                                                                       {"test", "it", "it/main.rs"},
                                                                       {"bench", "b", "benches/b.rs"},
                                                                       {"bench", "shared", "benches/shared.rs"}}));
    REQUIRE(probed.get() != nullptr);
    const auto& pkg = probed.get()->packages.at(0);
    CHECK(paths(pkg.tests) == std::vector<std::string>{"it/main.rs", "tests/a.rs", "tests/b.rs", "tests/common/deep.rs",
                                                       "tests/common/mod.rs"});
    CHECK(probed.get()->find("tests/stale.rs") != nullptr);  // read (unsafe lookups), not a test
    for (const auto& f : pkg.tests) {
        INFO(f.path);
        CHECK(f.test_target == (f.path == "it/main.rs" ? "it" : f.path == "tests/b.rs" ? "b" : "a"));
        CHECK(f.concurrency.has_value() ==
              (f.path == "it/main.rs" || f.path == "tests/a.rs" || f.path == "tests/b.rs"));
    }
    REQUIRE(pkg.tests[0].concurrency->tests.size() == 1);
    CHECK(pkg.tests[0].concurrency->tests[0].concurrent);
    REQUIRE(pkg.tests[3].property_tests.size() == 1);
    CHECK(pkg.tests[3].property_tests[0].name == "common::deep::holds");  // below the root's directory

    const auto* a = pkg.target("test", "a");
    REQUIRE(a != nullptr);
    CHECK(a->root == "tests/a.rs");
    CHECK(a->modules == std::vector<std::string>{"tests/common/mod.rs", "tests/common/deep.rs"});
    CHECK(pkg.target("test", "b")->modules == std::vector<std::string>{"tests/common/mod.rs", "tests/common/deep.rs"});
    const auto* helper = pkg.declared_by("benches/shared.rs");
    REQUIRE(helper != nullptr);
    CHECK(helper->kind == "bench");
    CHECK(helper->name == "b");
    CHECK(pkg.declared_by("benches/b.rs") == nullptr);
}

TEST_CASE("rust-sources: async code only in target/ or hidden directories does not count", "[rust-sources]") {
    const TempCrate crate;
    crate.write("Cargo.toml", "[package]\nname = \"gcfx-walk\"\n");
    crate.write("src/lib.rs", "// async fn in a comment\npub fn f() {}\n");
    crate.write("src/.cache/x.rs", "async fn hidden() {}\n");
    crate.write("examples/target/x.rs", "async fn built() {}\n");
    const auto probed = gc::probes::read_rust_sources(crate.workspace());
    REQUIRE(probed.get() != nullptr);
    CHECK_FALSE(probed.get()->packages[0].async_runtime);
    CHECK_FALSE(probed.get()->packages[0].async_code);
    CHECK(probed.get()->packages[0].forbid_unsafe_roots.empty());
}

TEST_CASE("rust-sources: a source that cannot be read is an error, not an empty scan", "[rust-sources]") {
    const TempCrate crate;
    crate.write("Cargo.toml", "[package]\nname = \"gcfx-walk\"\n");
    // The library root cargo metadata names is missing.
    const auto missing = gc::probes::read_rust_sources(crate.workspace());
    REQUIRE(missing.problem() != nullptr);
    CHECK(missing.problem()->status == gc::GateStatus::error);
    CHECK_THAT(missing.problem()->reason, Catch::Contains("src/lib.rs") && Catch::Contains("does not exist"));

    crate.write("src/lib.rs", "pub fn f() {}\n");
    crate.write("src/secret.rs", "pub fn g() {}\n");
    fs::permissions(crate.root / "src/secret.rs", fs::perms::none);
    if (::geteuid() != 0) {  // root reads it anyway
        const auto unreadable = gc::probes::read_rust_sources(crate.workspace());
        REQUIRE(unreadable.problem() != nullptr);
        CHECK(unreadable.problem()->status == gc::GateStatus::error);
        CHECK_THAT(unreadable.problem()->reason, Catch::Contains("secret.rs") && Catch::Contains("cannot be read"));
    }
}
