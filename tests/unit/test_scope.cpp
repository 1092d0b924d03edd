// Features and excluded targets: the one argument builder every cargo probe uses, the
// top-level config keys, their check against the workspace, and the gates' scope hint.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <iterator>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "engine/plan.hpp"
#include "engine/target.hpp"
#include "evidence/keys.hpp"
#include "gates/gate.hpp"
#include "probes/bench_build.hpp"
#include "probes/cargo_command.hpp"
#include "probes/nightly_targets.hpp"
#include "recorded.hpp"

using gc::Targets;
using gc::TargetScope;
using Args = std::vector<std::string>;

namespace {

// `clean` (lib, bin, tests/rpn.rs) with two benches and two examples added.
gc::Workspace bench_workspace() {
    auto ws = recorded::workspace_of("clean");
    auto& targets = ws.members.front().targets;
    for (const char* kind : {"bench", "example"}) {
        for (const char* name : {"parse", "other"}) {
            targets.push_back(gc::CargoTarget{name, {kind}, "", false, true});
        }
    }
    return ws;
}

TargetScope excluding(std::vector<std::pair<std::string, std::string>> excluded) {
    TargetScope scope;
    scope.excluded = std::move(excluded);
    return scope;
}

gc::Config config_of(const std::string& text) {
    auto config = gc::default_config(gc::gate_schemas());
    const auto st = gc::apply_config_text(config, text, "gatecheck.toml", "", gc::gate_schemas());
    INFO((st ? std::string() : st.error().message));
    REQUIRE(st);
    return config;
}

std::string error_of(const std::string& text) {
    auto config = gc::default_config(gc::gate_schemas());
    const auto st = gc::apply_config_text(config, text, "gatecheck.toml", "", gc::gate_schemas());
    REQUIRE_FALSE(st);
    return st.error().message;
}

}  // namespace

TEST_CASE("without a scope, cargo builds exactly what it did before") {
    const auto ws = bench_workspace();
    CHECK(gc::scope_args(ws, {}, Targets::all) == Args{"--all-targets"});
    CHECK(gc::scope_args(ws, {}, Targets::tests) == Args{"--tests"});
    CHECK(gc::scope_args(ws, {}, Targets::none).empty());
}

TEST_CASE("feature flags go to every kind of command, in cargo's spelling") {
    const auto ws = bench_workspace();
    TargetScope scope;
    scope.features = {"serde", "extra"};
    scope.no_default_features = true;
    CHECK(gc::scope_args(ws, scope, Targets::all) ==
          Args{"--all-targets", "--features", "serde,extra", "--no-default-features"});
    CHECK(gc::scope_args(ws, scope, Targets::none) == Args{"--features", "serde,extra", "--no-default-features"});
    scope = TargetScope{};
    scope.all_features = true;
    CHECK(gc::scope_args(ws, scope, Targets::tests) == Args{"--tests", "--all-features"});
}

TEST_CASE("an excluded bench or example keeps every other kind's plural flag") {
    const auto ws = bench_workspace();
    CHECK(gc::scope_args(ws, excluding({{"bench", "parse"}}), Targets::all) ==
          Args{"--lib", "--bins", "--tests", "--bench", "other", "--examples"});
    CHECK(gc::scope_args(ws, excluding({{"bench", "parse"}}), Targets::tests) == Args{"--tests"});
    CHECK(gc::scope_args(ws, excluding({{"example", "parse"}, {"example", "other"}}), Targets::all) ==
          Args{"--lib", "--bins", "--tests", "--benches"});
}

TEST_CASE("an excluded test, bin or lib target names the remaining ones") {
    const auto ws = bench_workspace();
    // --benches still builds the lib's and bin's harness for check, so it is kept.
    CHECK(gc::scope_args(ws, excluding({{"test", "rpn"}}), Targets::all) ==
          Args{"--lib", "--bins", "--benches", "--examples"});
    CHECK(gc::scope_args(ws, excluding({{"test", "rpn"}}), Targets::tests).empty());
    const auto& lib = ws.members.front().targets.front();
    REQUIRE(lib.kind() == "lib");
    CHECK(gc::scope_args(ws, excluding({{"lib", lib.name}}), Targets::all) ==
          Args{"--bins", "--test", "rpn", "--bench", "parse", "--bench", "other", "--examples"});
    CHECK(gc::scope_args(ws, excluding({{"lib", lib.name}}), Targets::tests) == Args{"--test", "rpn"});
}

TEST_CASE("what in a root file needs nightly: #![feature(...)] or #[bench], never in comments or strings",
          "[scope][nightly]") {
    using gc::probes::nightly_feature;
    CHECK(nightly_feature("#![feature(test)]\n\nextern crate test;\n") == "#![feature(test)]");
    CHECK(nightly_feature("//! doc\n#! [ feature( test ,\n core_intrinsics ) ]\n") ==
          "#![feature(test,core_intrinsics)]");
    CHECK(nightly_feature("use test::Bencher;\n#[bench]\nfn b(b: &mut Bencher) {}\n") == "#[bench]");
    CHECK(nightly_feature("#![feature(test)]\n#[bench]\nfn b() {}\n") == "#![feature(test)]");
    // Compiles on stable: the feature only under a cfg, or only mentioned.
    CHECK_FALSE(nightly_feature("#![cfg_attr(feature = \"nightly\", feature(test))]\n"));
    CHECK_FALSE(nightly_feature("// #![feature(test)]\n/* #[bench] */\nfn main() {}\n"));
    CHECK_FALSE(nightly_feature("const S: &str = \"#![feature(test)] #[bench]\";\n"));
    CHECK_FALSE(nightly_feature("#[cfg(feature = \"bench\")]\nfn benchmark() {}\n"));
    CHECK_FALSE(nightly_feature(""));
}

TEST_CASE("a target that needs nightly leaves the stable commands as an excluded one does; the bench build keeps it",
          "[scope][nightly]") {
    const auto ws = bench_workspace();
    TargetScope scope;
    scope.nightly = {{"bench", "parse", "benches/parse.rs", "#![feature(test)]"}};
    CHECK(scope.excludes_any());
    CHECK(gc::scope_args(ws, scope, Targets::all) == gc::scope_args(ws, excluding({{"bench", "parse"}}), Targets::all));
    CHECK(gc::scope_args(ws, scope, Targets::tests) == Args{"--tests"});
    const auto expected = gc::expected_targets(ws, scope, Targets::all);
    CHECK(std::none_of(expected.begin(), expected.end(),
                       [](const auto& t) { return t.kind == "bench" && t.name == "parse"; }));
    // The bench build names every bench, the nightly one too; a configured exclusion still wins.
    const auto bench = gc::probes::bench_build_args(ws, scope);
    const auto parse = std::find(bench.begin(), bench.end(), "parse");
    REQUIRE(parse != bench.end());
    CHECK(*std::prev(parse) == "--bench");
    scope.excluded = {{"bench", "other"}};
    const auto without_other = gc::probes::bench_build_args(ws, scope);
    CHECK(std::find(without_other.begin(), without_other.end(), "other") == without_other.end());
    CHECK(std::find(without_other.begin(), without_other.end(), "parse") != without_other.end());
}

TEST_CASE("the nightly targets of a real fixture: bench-nightly's benches/parse.rs, once, unless excluded",
          "[scope][nightly]") {
    const auto root = std::filesystem::path(GATECHECK_SOURCE_DIR) / "tests" / "fixtures" / "bench-nightly";
    gc::Workspace ws;
    ws.root = root;
    gc::Package pkg;
    pkg.name = "gcfx-bench-nightly";
    pkg.manifest_path = root / "Cargo.toml";
    pkg.targets = {gc::CargoTarget{"gcfx_bench_nightly", {"lib"}, (root / "src/lib.rs").string(), true, true},
                   gc::CargoTarget{"pairs", {"test"}, (root / "tests/pairs.rs").string(), false, true},
                   gc::CargoTarget{"parse", {"bench"}, (root / "benches/parse.rs").string(), false, true}};
    ws.members = {pkg};
    ws.selected = {0};
    const auto found = gc::probes::nightly_targets(ws, TargetScope{});
    REQUIRE(found.size() == 1);
    CHECK(found[0].kind == "bench");
    CHECK(found[0].name == "parse");
    CHECK(found[0].file == "benches/parse.rs");
    CHECK(found[0].reason == "#![feature(test)]");
    const auto note = gc::probes::nightly_note(found);
    CHECK_THAT(note, Catch::Contains("benches/parse.rs (bench `parse`) uses #![feature(test)]: needs nightly"));
    CHECK_THAT(note, Catch::Contains("still build and run the benches"));
    CHECK(gc::probes::nightly_targets(ws, excluding({{"bench", "parse"}})).empty());
}

TEST_CASE("the scope keys are read with their types, and their errors name file:line:col") {
    const auto c = config_of(
        "features = [\"a\", \"b\"]\nno_default_features = true\nall_features = true\n"
        "exclude_targets = [\"bench:parse\", \"example:demo\"]\n");
    CHECK(c.scope.features == Args{"a", "b"});
    CHECK(c.scope.no_default_features);
    CHECK(c.scope.all_features);
    REQUIRE(c.scope.exclude_targets.size() == 2);
    CHECK(c.scope.exclude_targets[0].kind == "bench");
    CHECK(c.scope.exclude_targets[0].name == "parse");
    CHECK(c.scope.exclude_targets[0].where == "gatecheck.toml:4:20");
    CHECK(c.scope.exclude_targets[1].kind == "example");

    CHECK(error_of("features = \"a\"\n") ==
          "gatecheck.toml:1:12: 'features' must be an array of strings, not a string");
    CHECK(error_of("features = [\"a\", 1]\n") ==
          "gatecheck.toml:1:18: 'features' must hold only strings, not an integer");
    CHECK(error_of("features = [\"\"]\n") == "gatecheck.toml:1:13: 'features' must not hold an empty string");
    CHECK(error_of("all_features = \"yes\"\n") ==
          "gatecheck.toml:1:16: 'all_features' must be true or false, not a string");
    CHECK(error_of("no_default_features = 1\n") ==
          "gatecheck.toml:1:23: 'no_default_features' must be true or false, not an integer");
    CHECK(error_of("exclude_targets = [\"parse\"]\n") ==
          "gatecheck.toml:1:20: 'exclude_targets' entry 'parse' must be KIND:NAME with KIND one of lib, bin, test, "
          "bench, example (e.g. \"bench:parse\")");
    CHECK_THAT(error_of("exclude_targets = [\"benches:parse\"]\n"), Catch::Matchers::Contains("'benches:parse'"));
    CHECK_THAT(error_of("exclude_targets = [\"bench:\"]\n"), Catch::Matchers::Contains("KIND:NAME"));
}

TEST_CASE("an excluded target the workspace does not have is an error listing those it has") {
    const auto ws = bench_workspace();
    auto config = config_of("\nexclude_targets = [\"bench:parse\", \"bench:prase\"]\n");
    const auto st = gc::check_exclusions(config.scope, ws);
    REQUIRE_FALSE(st);
    CHECK(st.error().kind == gc::ErrorKind::config);
    CHECK_THAT(st.error().message,
               Catch::Matchers::StartsWith("gatecheck.toml:2:35: exclude_targets: the workspace has no target "
                                           "'bench:prase' (targets: lib:"));
    CHECK_THAT(st.error().message, Catch::Matchers::Contains("test:rpn, bench:parse, bench:other, example:parse"));
    config.scope.exclude_targets.pop_back();
    CHECK(gc::check_exclusions(config.scope, ws));
}

TEST_CASE("the planner carries the scope; the top-level all_features replaces the build gate's extra check") {
    const auto& gates = gc::gate_catalogue();
    gc::CheckOptions options;
    auto config = config_of("features = [\"x\"]\nexclude_targets = [\"bench:parse\"]\n");
    auto choices = gc::choose_gates(options, config, gates);
    REQUIRE(choices);
    auto needs = gc::collect_needs(*choices, config, options);
    CHECK(needs.scope.features == Args{"x"});
    CHECK(needs.scope.excluded == std::vector<std::pair<std::string, std::string>>{{"bench", "parse"}});
    CHECK(needs.all_features);  // [gates.build] all_features, by default

    config = config_of("all_features = true\n");
    needs = gc::collect_needs(*choices, config, options);
    CHECK(needs.scope.all_features);
    CHECK_FALSE(needs.all_features);
}

TEST_CASE("every top-level key is documented in docs/CONFIG.md's table") {
    const auto doc = recorded::read_file(std::string(GATECHECK_SOURCE_DIR) + "/docs/CONFIG.md");
    for (const auto& key : gc::top_level_keys()) {
        INFO(key);
        CHECK(doc.find("| `" + key + "` |") != std::string::npos);
    }
}
