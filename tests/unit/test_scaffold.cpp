// The scaffolding engine's pure parts: cargo's name rules, module declarations, Mustache
// rendering of a template directory, the bundled template set, and reading the versions
// cargo add wrote. The commands themselves run end to end in tests/e2e/test_scaffold.cpp.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "scaffold/dependencies.hpp"
#include "scaffold/mod_declaration.hpp"
#include "scaffold/names.hpp"
#include "scaffold/render.hpp"
#include "scaffold/staging.hpp"
#include "scaffold/template_set.hpp"

namespace fs = std::filesystem;
using gc::scaffold::TargetKind;

namespace {

std::string problem(const std::string& name, TargetKind kind = TargetKind::lib) {
    return gc::scaffold::package_name_problem(name, kind).value_or("");
}

fs::path temp_templates(const std::string& tag) {
    const auto dir = fs::temp_directory_path() / ("gatecheck-unit-templates-" + tag);
    fs::remove_all(dir);
    fs::create_directories(dir / "one" / "src");
    std::ofstream(dir / "templates.toml") << "[parts]\nlib = [\"one\"]\n\n[versions]\nserde = \"1.0.152\"\n";
    return dir;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("package names: cargo's errors, in cargo's words") {
    CHECK(problem("") == "package name cannot be empty");
    CHECK(problem("fn") == "invalid package name `fn`: it is a Rust keyword");
    CHECK(problem("async") == "invalid package name `async`: it is a Rust keyword");
    CHECK(problem("test") == "invalid package name `test`: it conflicts with Rust's built-in test library");
    CHECK(problem("1abc") == "invalid character `1` in package name: `1abc`, the name cannot start with a digit");
    CHECK(problem("foo.bar") ==
          "invalid character `.` in package name: `foo.bar`, characters must be Unicode XID "
          "characters (numbers, `-`, `_`, or most letters)");
    CHECK(problem("build", TargetKind::bin) ==
          "invalid package name `build`: it conflicts with cargo's build directory names");
}

TEST_CASE("package names cargo only warns about are refused too, saying so") {
    for (const char* name : {"std", "core", "alloc", "con", "NUL", "com1", "lpt9", "Foo", "héllo", "deps"}) {
        INFO(name);
        CHECK_FALSE(problem(name).empty());
    }
    CHECK_THAT(problem("std"), Catch::Contains("may be confused with the package with that name in Rust's standard "
                                               "library") &&
                                   Catch::Contains("cargo warns"));
    CHECK_THAT(problem("con"), Catch::Contains("is a reserved Windows filename"));
}

TEST_CASE("package names cargo accepts are accepted") {
    for (const char* name : {"foo", "foo-bar", "foo_bar", "_foo", "gen", "main", "a1", "com10", "builder"}) {
        INFO(name);
        CHECK(problem(name).empty());
        CHECK(problem(name, TargetKind::bin).empty());
    }
    CHECK(gc::scaffold::crate_ident("my-crate") == "my_crate");
    CHECK(gc::scaffold::pascal_case("word_count") == "WordCount");
}

TEST_CASE("module names: snake_case, no keyword, not a file cargo owns") {
    using gc::scaffold::module_name_problem;
    CHECK_FALSE(module_name_problem("word_count"));
    CHECK_FALSE(module_name_problem("v2"));
    CHECK(module_name_problem("WordCount"));
    CHECK(module_name_problem("2d"));
    CHECK(module_name_problem("my-mod"));
    CHECK(module_name_problem("match"));
    CHECK(module_name_problem("main"));
}

TEST_CASE("a module declaration lands in name order inside the first group of mods") {
    const std::string root =
        "//! Docs.\n#![forbid(unsafe_code)]\n\n#[cfg(feature = \"async\")]\nmod async_shared;\n"
        "mod error;\n#[cfg(feature = \"std\")]\nmod shared;\n\npub use error::Error;\n";
    CHECK(gc::scaffold::insert_module(root, "counter", "pub mod counter;") ==
          "//! Docs.\n#![forbid(unsafe_code)]\n\n#[cfg(feature = \"async\")]\nmod async_shared;\npub mod counter;\n"
          "mod error;\n#[cfg(feature = \"std\")]\nmod shared;\n\npub use error::Error;\n");
    // Before the attributes of the declaration it precedes; after the last one otherwise.
    CHECK(gc::scaffold::insert_module(root, "parse", "pub mod parse;") ==
          "//! Docs.\n#![forbid(unsafe_code)]\n\n#[cfg(feature = \"async\")]\nmod async_shared;\nmod error;\n"
          "pub mod parse;\n#[cfg(feature = \"std\")]\nmod shared;\n\npub use error::Error;\n");
    CHECK(gc::scaffold::insert_module(root, "zeta", "pub mod zeta;").find("mod shared;\npub mod zeta;\n\npub use") !=
          std::string::npos);
    CHECK(gc::scaffold::declares_module(root, "error"));
    CHECK(gc::scaffold::declares_module("pub(crate) mod inline {\n}\n", "inline"));
    CHECK_FALSE(gc::scaffold::declares_module(root, "err"));
}

TEST_CASE("without any mod, the declaration goes after the crate's docs and inner attributes") {
    CHECK(gc::scaffold::insert_module("//! Docs.\n#![deny(missing_docs)]\n\nuse std::fmt;\n", "m", "pub mod m;") ==
          "//! Docs.\n#![deny(missing_docs)]\n\npub mod m;\n\nuse std::fmt;\n");
    CHECK(gc::scaffold::insert_module("fn main() {}\n", "m", "mod m;") == "mod m;\n\nfn main() {}\n");
}

TEST_CASE("a template part renders contents and file names, without HTML escaping") {
    const auto dir = temp_templates("ok");
    std::ofstream(dir / "one" / "src" / "{{module}}.rs.mustache")
        << "//! {{name}} <&> \"{{crate}}\"\n{{#flag}}\nfn on() {}\n{{/flag}}\n{{^flag}}\nfn off() {}\n{{/flag}}\n\n\n\n"
           "fn end() {}\n";
    auto set = gc::scaffold::load_template_set(dir);
    REQUIRE(set.ok());
    CHECK(set->pinned.at("serde") == "1.0.152");
    gc::scaffold::Variables vars{
        {"name", std::string("a-b")}, {"crate", std::string("a_b")}, {"module", std::string("word")}, {"flag", false}};
    auto files = gc::scaffold::render_part(*set, "lib", vars);
    REQUIRE(files.ok());
    REQUIRE(files->size() == 1);
    CHECK(files->front().relative == fs::path("src/word.rs"));
    // kainjow leaves the newline of a standalone section tag; runs of blank lines become one.
    CHECK(files->front().content == "//! a-b <&> \"a_b\"\n\nfn off() {}\n\nfn end() {}\n");
}

TEST_CASE("a broken template is an input error naming the file and Mustache's reason") {
    const auto dir = temp_templates("broken");
    std::ofstream(dir / "one" / "Cargo.toml") << "name = \"{{name}}\"\n{{#flag}}\nunclosed\n";
    auto set = gc::scaffold::load_template_set(dir);
    REQUIRE(set.ok());
    auto files = gc::scaffold::render_part(*set, "lib", {});
    REQUIRE_FALSE(files.ok());
    CHECK(files.error().kind == gc::ErrorKind::input);
    CHECK_THAT(files.error().message, Catch::Contains("broken template") && Catch::Contains("Cargo.toml") &&
                                          Catch::Contains("Unclosed section \"flag\""));
    CHECK_FALSE(gc::scaffold::render_part(*set, "bin", {}).ok());    // no such part
    CHECK_FALSE(gc::scaffold::load_template_set(dir / "one").ok());  // no templates.toml
}

TEST_CASE("the bundled template set: every part, every pinned version, no variable left unrendered") {
    auto set = gc::scaffold::load_template_set(GATECHECK_SOURCE_DIR "/templates");
    REQUIRE(set.ok());
    for (const char* part : {"lib", "bin", "module", "init"}) {
        INFO(part);
        gc::scaffold::Variables vars{
            {"name", std::string("x")}, {"crate", std::string("x")},      {"module", std::string("m")},
            {"Type", std::string("M")}, {"edition", std::string("2021")}, {"async", true},
            {"has_benches", true}};
        for (const auto& [name, version] : set->pinned) {
            vars["version_" + name] = version;
        }
        auto files = gc::scaffold::render_part(*set, part, vars);
        REQUIRE(files.ok());
        CHECK_FALSE(files->empty());
        for (const auto& f : *files) {
            INFO(f.relative);
            if (f.relative.extension() != ".yml") {  // GitHub's own ${{ }} expressions
                CHECK(f.content.find("{{") == std::string::npos);
            }
            CHECK(f.content.find("\"\"") == std::string::npos);  // an empty version = a variable with no value
        }
    }
    for (const char* name : {"tokio", "serde", "criterion", "proptest"}) {
        CHECK_FALSE(set->pinned[name].empty());
    }
}

TEST_CASE("the versions cargo add wrote are read back from the manifest") {
    const auto versions = gc::scaffold::versions_in_manifest(
        "[package]\nname = \"x\"\n\n[dependencies]\ncriterion = \"0.3.6\"\ntokio = { version = \"1.24.2\", features = "
        "[\"full\"] }\n");
    CHECK(versions.at("criterion") == "0.3.6");
    CHECK(versions.at("tokio") == "1.24.2");
    CHECK(gc::scaffold::cargo_add_argv({"a", "b"}) == std::vector<std::string>{"cargo", "add", "a", "b"});
}

TEST_CASE("writing into an existing crate is all or nothing: a failure part way restores every file") {
    const auto target = fs::temp_directory_path() / "gatecheck-unit-staging";
    fs::remove_all(target);
    fs::create_directories(target);
    std::ofstream(target / "lib.rs") << "old";
    std::ofstream(target / "zz") << "a file where a directory is needed";
    // Committed in name order: lib.rs replaced, src/x.rs created, then zz/y.rs cannot be.
    const std::vector<gc::scaffold::GeneratedFile> files{{"lib.rs", "new"}, {"src/x.rs", "x"}, {"zz/y.rs", "y"}};
    {
        auto staging = gc::scaffold::Staging::create(target, files);
        REQUIRE(staging.ok());
        const auto done = staging->commit(target);
        REQUIRE_FALSE(done.ok());
        CHECK_THAT(done.error().message, Catch::Contains("zz/y.rs"));
    }
    CHECK(slurp(target / "lib.rs") == "old");
    CHECK_FALSE(fs::exists(target / "src"));
    CHECK(fs::is_regular_file(target / "zz"));
    std::vector<fs::path> left;
    for (const auto& e : fs::directory_iterator(target)) {
        left.push_back(e.path().filename());
    }
    CHECK(left.size() == 2);  // lib.rs and zz: no staging directory left behind

    fs::remove(target / "zz");
    {
        auto staging = gc::scaffold::Staging::create(target, files);
        REQUIRE(staging.ok());
        const auto done = staging->commit(target);
        REQUIRE(done.ok());
        CHECK(done->size() == 3);
    }
    CHECK(slurp(target / "lib.rs") == "new");
    CHECK(slurp(target / "src" / "x.rs") == "x");
    CHECK(slurp(target / "zz" / "y.rs") == "y");
    fs::remove_all(target);
}
