// A crate's own lints in the shared clippy run (issue 23, point 1): rustc's note on where a
// lint's level comes from, [lints] and RUSTFLAGS, and the clippy gate's view over the
// recorded run of the own-lints fixture; findings capped per rule with exact counts.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "cargo/workspace.hpp"
#include "config/config.hpp"
#include "evidence/keys.hpp"
#include "evidence/lint_view.hpp"
#include "gate_result.hpp"
#include "gates/common.hpp"
#include "gates/gate.hpp"
#include "probes/lint_catalog.hpp"
#include "probes/parsers.hpp"
#include "recorded.hpp"
#include "report/finding_cap.hpp"

namespace {

using gc::GateStatus;
using gc::LintRequest;
using gc::LintSource;
using unit::metric;

gc::LintCatalog recorded_catalog() {
    auto parsed = gc::parse_lint_help(recorded::read_data("shared/clippy-lints-help.txt"));
    REQUIRE(parsed.ok());
    return parsed.value();
}

// The recorded shared run (every lint gate's flags, tests/data/own-lints/clippy.cmd).
std::vector<std::string> recorded_flags() {
    std::istringstream cmd(recorded::read_data("own-lints/clippy.cmd"));
    std::vector<std::string> words;
    bool after = false;
    for (std::string w; cmd >> w;) {
        if (after && w != "--cap-lints" && w != "warn") {
            words.push_back(w);
        }
        after = after || w == "--";
    }
    return words;
}

gc::CompileEvidence recorded_run(const gc::Workspace& ws) {
    auto messages = gc::parse_cargo_messages(recorded::read_data("own-lints/clippy.stdout"), ws);
    gc::CompileEvidence ev;
    ev.diagnostics = messages.diagnostics;
    ev.success = messages.build_finished == std::optional<bool>(true);
    ev.lints = gc::lint_flags(gc::lint_requests(recorded_flags()));
    return ev;
}

gc::GateResult evaluate(const std::string& id, const gc::Evidence& ev, const gc::Workspace& ws) {
    const auto* gate = gc::find_gate(id);
    REQUIRE(gate != nullptr);
    const auto s = gc::default_config(gc::gate_schemas()).gate(id);
    return gate->evaluate(gc::GateInput{ev, s, ws});
}

std::set<std::string> rules(const gc::GateResult& r) {
    std::set<std::string> out;
    for (const auto& f : r.findings) {
        out.insert(f.rule);
    }
    return out;
}

}  // namespace

TEST_CASE("cargo messages: where each lint's level comes from, on the recorded run", "[parsers][own-lints]") {
    const auto ws = recorded::workspace_of("own-lints");
    const auto messages = gc::parse_cargo_messages(recorded::read_data("own-lints/clippy.stdout"), ws);
    std::map<std::string, LintSource> first;
    for (const auto& d : messages.diagnostics) {
        first.try_emplace(d.code, d.lint_source);
        CHECK(d.rendered_hash != 0);
    }
    CHECK(first.at("clippy::unwrap_used") == LintSource::crate_attribute);  // the attribute wins over -W
    CHECK(first.at("clippy::arithmetic_side_effects") == LintSource::crate_attribute);
    CHECK(first.at("clippy::float_arithmetic") == LintSource::crate_attribute);  // on one module
    CHECK(first.at("missing_docs") == LintSource::crate_attribute);
    CHECK(first.at("clippy::indexing_slicing") == LintSource::command_line);    // Cargo.toml's [lints]
    CHECK(first.at("clippy::missing_panics_doc") == LintSource::command_line);  // implied by pedantic
}

TEST_CASE("clippy: the crate's own lints count in a run shared with every lint gate", "[gates][clippy][own-lints]") {
    auto ws = recorded::workspace_of("own-lints");
    gc::Evidence ev;
    ev.put(gc::keys::clippy_lints, recorded_catalog());
    auto run = recorded_run(ws);
    // Without the manifest's [lints], indexing_slicing reads as another gate's flag.
    ev.put(gc::keys::clippy, run);
    auto r = evaluate("clippy", ev, ws);
    CHECK(metric(r, "warnings") == 5);
    CHECK(rules(r).count("clippy::indexing_slicing") == 0);

    run.crate_lint_flags["gcfx-own-lints"] = {"-W", "clippy::indexing_slicing"};
    ev.put(gc::keys::clippy, run);
    r = evaluate("clippy", ev, ws);
    CHECK(r.status == GateStatus::fail);
    CHECK(metric(r, "warnings") == 6);  // raw `cargo clippy --all-targets -- -W clippy::pedantic`
    CHECK(rules(r) == std::set<std::string>{"clippy::missing_panics_doc", "clippy::unwrap_used",
                                            "clippy::arithmetic_side_effects", "clippy::indexing_slicing",
                                            "clippy::float_arithmetic", "missing_docs"});
    // A lint gate's view keeps only its own lints (tests/e2e/test_trust.cpp checks the errors gate).
    auto own = gc::own_lints(ev, {{"clippy::unwrap_used"}, {"clippy::panic"}});
    REQUIRE(own.get() != nullptr);
    std::set<std::string> codes;
    for (const auto& d : own.get()->diagnostics) {
        codes.insert(d.code);
    }
    CHECK(codes == std::set<std::string>{"clippy::unwrap_used"});
}

TEST_CASE("clippy: a restriction lint only another gate asked for stays that gate's", "[gates][clippy][own-lints]") {
    gc::Diagnostic d{"gcfx-x", "warning", "clippy::unwrap_used", "used `unwrap()`", "src/lib.rs", 9, 5, ""};
    d.target_kind = "lib";
    d.target_name = "gcfx_x";
    d.lint_source = LintSource::command_line;
    gc::CompileEvidence run;
    run.success = true;
    run.diagnostics = {d};
    run.lints = gc::lint_flags({{"clippy::pedantic"}, {"clippy::unwrap_used"}});
    gc::Evidence ev;
    ev.put(gc::keys::clippy_lints, recorded_catalog());
    ev.put(gc::keys::clippy, run);
    const auto ws = recorded::workspace_of("clean");
    CHECK(metric(evaluate("clippy", ev, ws), "warnings") == 0);
    // The user's RUSTFLAGS turn it on: it is theirs as well.
    run.crate_lint_flags["gcfx-x"] = {"-W", "clippy::unwrap_used"};
    ev.put(gc::keys::clippy, run);
    CHECK(metric(evaluate("clippy", ev, ws), "warnings") == 1);
    // A later diagnostic of the same lint in the same compilation without the note follows
    // the first one's source.
    auto attr = d;
    attr.lint_source = LintSource::crate_attribute;
    auto later = d;
    later.line = 20;
    later.lint_source = LintSource::unknown;
    run.crate_lint_flags.clear();
    run.diagnostics = {attr, later};
    ev.put(gc::keys::clippy, run);
    CHECK(metric(evaluate("clippy", ev, ws), "warnings") == 2);
}

TEST_CASE("lint_requests reads rustc's lint flags in every spelling", "[lint_catalog][own-lints]") {
    const auto r = gc::lint_requests({"-Cdebuginfo=1", "-W", "clippy::unwrap-used", "-Dwarnings", "--warn=missing_docs",
                                      "--force-warn", "unsafe_code", "-A", "dead_code", "-F", "unsafe_op_in_unsafe_fn",
                                      "--cap-lints", "warn", "--allow=clippy::all"});
    REQUIRE(r.size() == 7);
    CHECK(r[0].name == "clippy::unwrap_used");
    CHECK(r[0].level == LintRequest::Level::warn);
    CHECK(r[1].name == "warnings");
    CHECK(r[1].level == LintRequest::Level::deny);
    CHECK(r[2].name == "missing_docs");
    CHECK(r[3].level == LintRequest::Level::force_warn);
    CHECK(r[4].level == LintRequest::Level::allow);
    CHECK(r[5].level == LintRequest::Level::deny);
    CHECK(r[6].name == "clippy::all");
    CHECK(r[6].level == LintRequest::Level::allow);
}

TEST_CASE("read_manifests: the [lints] table, or the workspace's, as cargo's flags", "[workspace][own-lints]") {
    const auto root = std::filesystem::temp_directory_path() / "gatecheck-unit-manifest-lints";
    std::filesystem::remove_all(root);
    std::filesystem::create_directories(root / "a");
    std::filesystem::create_directories(root / "b");
    std::ofstream(root / "Cargo.toml") << "[workspace]\nmembers = [\"a\", \"b\"]\n"
                                          "[workspace.lints.clippy]\nunwrap_used = \"deny\"\n";
    std::ofstream(root / "a/Cargo.toml") << "[package]\nname = \"a\"\n[lints]\nworkspace = true\n";
    std::ofstream(root / "b/Cargo.toml")
        << "[package]\nname = \"b\"\n[lints.rust]\nmissing_docs = \"warn\"\n"
           "[lints.clippy]\npedantic = { level = \"warn\", priority = -1 }\nmodule_name_repetitions = \"allow\"\n"
           "[lints.rustdoc]\nbroken_intra_doc_links = \"deny\"\n";
    gc::Workspace ws;
    ws.root = root;
    ws.members.resize(2);
    ws.members[0].name = "a";
    ws.members[0].manifest_path = root / "a/Cargo.toml";
    ws.members[1].name = "b";
    ws.members[1].manifest_path = root / "b/Cargo.toml";
    gc::read_manifests(ws);
    CHECK(ws.members[0].lint_flags == std::vector<std::string>{"-D", "clippy::unwrap_used"});
    // Cargo's order: priority, then the lint's full name.
    CHECK(ws.members[1].lint_flags == std::vector<std::string>{"-W", "clippy::pedantic", "-A",
                                                               "clippy::module_name_repetitions", "-W",
                                                               "missing_docs"});
    std::filesystem::remove_all(root);
}

TEST_CASE("cap_findings keeps the first findings of each rule and counts the rest", "[report][own-lints]") {
    gc::GateResult r;
    for (int i = 0; i < 7; ++i) {
        r.findings.push_back(gc::Finding{"a", gc::FindingLevel::warning, "a" + std::to_string(i), "", i + 1, 1});
    }
    r.findings.push_back(gc::Finding{"b", gc::FindingLevel::error, "b", "", 1, 1});
    gc::cap_findings(r, 3);
    REQUIRE(r.findings.size() == 4);
    CHECK(r.findings[2].message == "a2");
    CHECK(r.findings[3].rule == "b");
    CHECK(r.omitted == std::map<std::string, std::int64_t>{{"a", 4}});
    CHECK(r.omitted_total() == 4);
}

TEST_CASE("cargo messages: past the first diagnostics of one code only the rendered text's hash is kept",
          "[parsers][own-lints]") {
    const auto ws = recorded::workspace_of("own-lints");
    std::string stream;
    const std::string id = ws.members.front().id;
    for (std::size_t i = 0; i < gc::kRenderedPerCode + 5; ++i) {
        stream += R"({"reason":"compiler-message","package_id":")" + id +
                  R"(","target":{"kind":["lib"],"name":"gcfx_own_lints"},"message":{"level":"warning","message":"m",)"
                  R"("code":{"code":"dead_code"},"spans":[{"file_name":"src/lib.rs","line_start":)" +
                  std::to_string(i + 1) +
                  R"(,"column_start":1,"is_primary":true,"text":[]}],"children":[],)"
                  R"("rendered":"warning: m at )" +
                  std::to_string(i) + R"("}})" + "\n";
    }
    const auto messages = gc::parse_cargo_messages(stream, ws);
    REQUIRE(messages.diagnostics.size() == gc::kRenderedPerCode + 5);
    CHECK(messages.diagnostics.front().rendered == "warning: m at 0");
    CHECK(messages.diagnostics.back().rendered.empty());
    CHECK(messages.diagnostics.back().rendered_hash == std::hash<std::string>{}("warning: m at 204"));
}

// tests/e2e/test_real_crates.cpp selects exactly these gates to get a default check's clippy run.
TEST_CASE("the gates that add lints to the shared clippy run", "[gates][own-lints]") {
    std::set<std::string> with_lints;
    for (const auto* g : gc::gate_catalogue()) {
        if (!g->lints().empty()) {
            with_lints.insert(g->info().id);
        }
    }
    CHECK(with_lints ==
          std::set<std::string>{"clippy", "errors", "must-use", "unsafe", "thread-safety", "async", "ffi"});
}

TEST_CASE("cargo messages: #![deny(warnings)] raises no lint of its own", "[parsers][own-lints]") {
    const auto ws = recorded::workspace_of("own-lints");
    const std::string id = ws.members.front().id;
    const std::string line =
        R"({"reason":"compiler-message","package_id":")" + id +
        R"(","target":{"kind":["lib"],"name":"gcfx_own_lints"},"message":{"level":"warning","message":"used `unwrap()`",)"
        R"("code":{"code":"clippy::unwrap_used"},"spans":[{"file_name":"src/lib.rs","line_start":19,"column_start":5,)"
        R"("is_primary":true,"text":[]}],"children":[{"message":"the lint level is defined here","spans":[]},)"
        R"({"message":"`#[warn(clippy::unwrap_used)]` implied by `#[warn(warnings)]`","spans":[]}],"rendered":"w"}})";
    const auto messages = gc::parse_cargo_messages(line + "\n", ws);
    REQUIRE(messages.diagnostics.size() == 1);
    CHECK(messages.diagnostics.front().lint_source == LintSource::unknown);
}
