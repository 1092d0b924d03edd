// The features probe's combinations, from recorded real `cargo metadata --no-deps` output
// (tests/data/features/, of Debian's spin 0.9.5 and smallvec 1.9.0), and the features gate
// over evidence shaped as the probe stores it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>

#include "engine/plan.hpp"
#include "evidence/keys.hpp"
#include "gates/gate.hpp"
#include "probes/feature_combinations.hpp"
#include "recorded.hpp"
#include "report/model.hpp"

namespace {

gc::Package package(const std::string& file) {
    auto ws = gc::parse_cargo_metadata(recorded::read_data("features/" + file));
    REQUIRE(ws.ok());
    REQUIRE(ws->members.size() == 1);
    return ws->members.front();
}

std::vector<std::string> shown(const std::vector<gc::FeatureCombination>& combinations) {
    std::vector<std::string> out;
    for (const auto& c : combinations) {
        out.push_back(c.display());
    }
    return out;
}

gc::FeatureCheck compiled(const std::string& feature, bool success, std::vector<gc::Diagnostic> diagnostics = {}) {
    gc::CompileEvidence ev;
    ev.success = success;
    ev.diagnostics = std::move(diagnostics);
    return gc::FeatureCheck{gc::FeatureCombination{"demo", "demo", {feature}, true, false}, ev};
}

gc::GateResult evaluate(const gc::Probed<gc::FeaturesEvidence>& probed) {
    gc::Evidence evidence;
    evidence.put(gc::keys::features, probed);
    const auto config = gc::default_config(gc::gate_schemas());
    const auto ws = recorded::workspace_of("clean");
    return gc::find_gate("features")->evaluate(gc::GateInput{evidence, config.gate("features"), ws});
}

double metric(const gc::GateResult& r, const std::string& name) {
    for (const auto& [key, value] : r.metrics) {
        if (key == name) {
            return value;
        }
    }
    FAIL("no metric " << name);
    return -2;
}

}  // namespace

TEST_CASE("features: spin's combinations leave out its optional dependency's implicit feature", "[features]") {
    const auto spin = package("spin-0.9.5-metadata.json");
    CHECK(spin.optional_dependencies == std::set<std::string>{"lock_api_crate"});
    CHECK(gc::implicit_dependency_feature(spin, "lock_api_crate"));
    CHECK_FALSE(gc::implicit_dependency_feature(spin, "lock_api"));  // lock_api = ["lock_api_crate"]
    const auto combinations = gc::feature_combinations(spin, false);
    const std::vector<std::string> expected{"--no-default-features",
                                            "--all-features",
                                            "--no-default-features --features barrier",
                                            "--no-default-features --features default",
                                            "--no-default-features --features fair_mutex",
                                            "--no-default-features --features lazy",
                                            "--no-default-features --features lock_api",
                                            "--no-default-features --features mutex",
                                            "--no-default-features --features once",
                                            "--no-default-features --features rwlock",
                                            "--no-default-features --features spin_mutex",
                                            "--no-default-features --features std",
                                            "--no-default-features --features ticket_mutex",
                                            "--no-default-features --features use_ticket_mutex"};
    CHECK(shown(combinations) == expected);
    CHECK(combinations.front().package == "spin");
    CHECK(combinations.front().package_spec == "path+file:///home/dev/crates/spin-0.9.5#spin@0.9.5");
    CHECK(gc::feature_combinations(spin, true).size() == expected.size() + 1);
    const auto scope = gc::feature_scope(combinations[2], gc::TargetScope{{"x"}, false, true, {{"bench", "b"}}});
    CHECK(gc::feature_args(scope) == std::vector<std::string>{"--features", "barrier", "--no-default-features"});
    CHECK(scope.excluded.size() == 1);
}

TEST_CASE("features: smallvec's serde and arbitrary are optional dependencies, not features", "[features]") {
    const auto smallvec = package("smallvec-1.9.0-metadata.json");
    const auto combinations = gc::feature_combinations(smallvec, false);
    CHECK(combinations.size() == 8);  // none, all, and its six features
    const auto all = shown(gc::feature_combinations(smallvec, true));
    CHECK(std::find(all.begin(), all.end(), "--no-default-features --features serde") != all.end());
    CHECK(std::find(all.begin(), all.end(), "--no-default-features --features arbitrary") != all.end());
}

TEST_CASE("features: a package without features has no combinations", "[features]") {
    const auto ws = recorded::workspace_of("clean");
    CHECK(gc::feature_combinations(ws.members.front(), true).empty());
}

TEST_CASE("features gate: a failing combination fails with its first error; a cap is named", "[features]") {
    gc::FeaturesEvidence ev;
    ev.max_combinations = 2;
    gc::Diagnostic error{"demo",       "error", "E0425", "cannot find function `helper` in this scope",
                         "src/lib.rs", 39,      5,       ""};
    ev.checks = {
        compiled("a", false, {gc::Diagnostic{"demo", "warning", "dead_code", "unused", "src/lib.rs", 2, 1, ""}, error}),
        compiled("b", true)};
    ev.not_checked = {gc::FeatureCombination{"demo", "demo", {"c"}, true, false}};
    const auto r = evaluate(ev);
    CHECK(r.status == gc::GateStatus::fail);
    CHECK(r.summary == "1 of 2 feature combinations do not compile");
    CHECK(metric(r, "combinations") == 3);
    CHECK(metric(r, "not_checked") == 1);
    CHECK(metric(r, "demo --no-default-features --features a") == 0);
    CHECK(metric(r, "demo --no-default-features --features b") == 1);
    REQUIRE(r.findings.size() == 2);
    CHECK(r.findings[0].rule == "gatecheck::feature-combination");
    CHECK(r.findings[0].message ==
          "`demo --no-default-features --features a` does not compile: cannot find function `helper` in this scope "
          "[E0425] at src/lib.rs:39:5");
    CHECK(r.findings[0].line == 39);
    CHECK(r.findings[1].rule == "gatecheck::features-capped");
    CHECK(r.findings[1].message == "max_combinations = 2: not checked: `demo --no-default-features --features c`");

    ev.checks.erase(ev.checks.begin());
    const auto capped = evaluate(ev);
    CHECK(capped.status == gc::GateStatus::warn);
    CHECK(capped.summary == "1 feature combinations compile; 1 not checked (max_combinations = 2)");
}

TEST_CASE("features gate: a combination cargo could not check, or never ran, is an error", "[features][adversarial]") {
    gc::FeaturesEvidence ev;
    ev.checks = {compiled("b", true), compiled("a", true)};
    ev.checks[1].result =
        gc::ToolProblem{gc::GateStatus::error, "none of the selected packages contains this feature: a", ""};
    auto r = evaluate(ev);
    CHECK(r.status == gc::GateStatus::error);
    CHECK(r.summary ==
          "`demo --no-default-features --features a` could not be checked: none of the selected packages contains "
          "this feature: a");
    CHECK(metric(r, "errors") == 1);
    CHECK(metric(r, "checked") == 1);

    ev.checks[1].result = {};  // interrupted before it started
    r = evaluate(ev);
    CHECK(r.status == gc::GateStatus::error);
    CHECK(metric(r, "demo --no-default-features --features a") == -1);

    CHECK(evaluate(gc::ToolProblem{gc::GateStatus::unavailable, "cargo is not installed", "rustup"}).status ==
          gc::GateStatus::unavailable);
    CHECK(evaluate(gc::Probed<gc::FeaturesEvidence>{}).status == gc::GateStatus::error);
}

TEST_CASE("features gate: a test that breaks under a combination whose library compiles is a warning naming it",
          "[features]") {
    gc::FeaturesEvidence ev;
    ev.checks = {compiled("a", true), compiled("b", true), compiled("c", false)};
    // `a`: the library compiles, its integration test `show` and the lib's unit tests do not.
    gc::CompileEvidence all;
    all.diagnostics = {
        gc::Diagnostic{"demo", "error", "E0425", "cannot find function `show` in crate `demo`", "tests/show.rs", 3, 16,
                       ""},
        gc::Diagnostic{"demo", "error", "E0425", "cannot find function `show` in this scope", "src/lib.rs", 40, 9, ""}};
    all.diagnostics[0].target_kind = "test";
    all.diagnostics[0].target_name = "show";
    all.diagnostics[1].target_kind = "lib";
    all.diagnostics[1].target_name = "demo";
    ev.checks[0].targets = all;
    ev.checks[0].targets_planned = true;
    gc::CompileEvidence fine;
    fine.success = true;
    ev.checks[1].targets = fine;
    ev.checks[1].targets_planned = true;
    ev.checks.pop_back();
    auto r = evaluate(ev);
    CHECK(r.status == gc::GateStatus::warn);
    CHECK(r.summary ==
          "2 feature combinations compile (library and binaries); under 1 of them a test, bench or "
          "example does not");
    CHECK(metric(r, "failed") == 0);
    CHECK(metric(r, "targets_failed") == 1);
    CHECK(metric(r, "demo --no-default-features --features a") == 1);
    CHECK(metric(r, "demo --no-default-features --features a --all-targets") == 0);
    CHECK(metric(r, "demo --no-default-features --features b --all-targets") == 1);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].rule == "gatecheck::feature-combination-targets");
    CHECK(r.findings[0].level == gc::FindingLevel::warning);
    CHECK(r.findings[0].message ==
          "`demo --no-default-features --features a`: the library and binaries compile, but not test `show`, the "
          "unit tests of lib `demo`: cannot find function `show` in crate `demo` [E0425] at tests/show.rs:3:16");
    CHECK(r.findings[0].file == "tests/show.rs");

    // A library that does not compile fails, whatever its tests do: never a false pass.
    ev.checks.push_back(
        compiled("c", false, {gc::Diagnostic{"demo", "error", "E0425", "nope", "src/lib.rs", 9, 1, ""}}));
    r = evaluate(ev);
    CHECK(r.status == gc::GateStatus::fail);
    CHECK(r.summary == "1 of 3 feature combinations do not compile");

    // The all-targets run that cargo could not run is an error, never a pass.
    ev.checks.pop_back();
    ev.checks[1].targets = gc::ToolProblem{gc::GateStatus::error, "cargo was killed", ""};
    r = evaluate(ev);
    CHECK(r.status == gc::GateStatus::error);
    CHECK(metric(r, "checked") == 2);
    CHECK(metric(r, "demo --no-default-features --features b --all-targets") == -1);
}

TEST_CASE("features gate: no features at all passes with the default build only", "[features]") {
    gc::FeaturesEvidence ev;
    ev.featureless = {"demo"};
    const auto r = evaluate(ev);
    CHECK(r.status == gc::GateStatus::pass);
    CHECK(r.summary == "no features: default build only (the build gate checks it)");
    CHECK(metric(r, "packages_without_features") == 1);
    CHECK(metric(r, "combinations") == 0);
}

TEST_CASE("features gate: its integer and bool settings reach the probe as text", "[features]") {
    const auto schemas = gc::gate_schemas();
    auto config = gc::default_config(schemas);
    gc::CheckOptions options;
    options.gates = {"features"};
    auto choices = gc::choose_gates(options, config, gc::gate_catalogue());
    REQUIRE(choices.ok());
    auto needs = gc::collect_needs(*choices, config, options);
    CHECK(needs.wants("features"));
    CHECK(std::get<std::int64_t>(needs.settings.at("features.max_combinations")) == 32);
    CHECK_FALSE(std::get<bool>(needs.settings.at("features.optional_deps")));

    REQUIRE(gc::apply_config_text(config, "[gates.features]\nmax_combinations = 3\noptional_deps = true\n",
                                  "gatecheck.toml", "", schemas)
                .ok());
    choices = gc::choose_gates(options, config, gc::gate_catalogue());
    REQUIRE(choices.ok());
    needs = gc::collect_needs(*choices, config, options);
    CHECK(std::get<std::int64_t>(needs.settings.at("features.max_combinations")) == 3);
    CHECK(std::get<bool>(needs.settings.at("features.optional_deps")));
}

TEST_CASE("features gate: the summary says when the default build is among the failures", "[features]") {
    gc::FeaturesEvidence ev;
    gc::FeatureCheck none{gc::FeatureCombination{"demo", "demo", {}, true, false}, gc::CompileEvidence{}};
    ev.checks = {none, compiled("a", true)};
    // Without a `default` feature, --no-default-features is the default build.
    CHECK(evaluate(ev).summary == "1 of 2 feature combinations do not compile (the default build among them)");
    ev.not_checked = {gc::FeatureCombination{"demo", "demo", {"default"}, true, false}};
    CHECK(evaluate(ev).summary == "1 of 2 feature combinations do not compile");
    ev.not_checked.clear();
    ev.checks.push_back(compiled("default", false));
    CHECK(evaluate(ev).summary == "2 of 3 feature combinations do not compile (the default build among them)");
    ev.checks.back() = compiled("default", true);
    CHECK(evaluate(ev).summary == "1 of 3 feature combinations do not compile");
}
