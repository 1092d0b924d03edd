// The lint-based code gates (must-use, ...) over hand-written diagnostics of the shared clippy
// run, and over clippy's recorded lint table where the run carries other gates' lints too.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cargo/workspace.hpp"
#include "config/config.hpp"
#include "evidence/keys.hpp"
#include "gate_result.hpp"
#include "gates/common.hpp"
#include "gates/gate.hpp"
#include "probes/lint_catalog.hpp"
#include "probes/probe.hpp"
#include "probes/rust_sources.hpp"
#include "recorded.hpp"
#include "report/model.hpp"

namespace {

using gc::GateStatus;

gc::Diagnostic diag(const std::string& level, const std::string& code, const std::string& file, int line, int column,
                    const std::string& kind = "lib") {
    gc::Diagnostic d{"gcfx-x", level, code, code + " message", file, line, column, ""};
    d.target_kind = kind;
    d.target_name = "gcfx_x";
    return d;
}

gc::CompileEvidence run_of(std::vector<gc::Diagnostic> diagnostics, bool success = true,
                           std::vector<std::string> lints = {}) {
    gc::CompileEvidence ev;
    ev.diagnostics = std::move(diagnostics);
    ev.success = success;
    ev.args = "--all-targets";
    ev.lints = std::move(lints);
    return ev;
}

gc::LintCatalog recorded_catalog() {
    auto parsed = gc::parse_lint_help(recorded::read_data("shared/clippy-lints-help.txt"));
    REQUIRE(parsed.ok());
    return parsed.value();
}

// Evidence of a clippy run as the engine plans it: with clippy's lint table beside it.
// The registry's clippy probe: tests reach probes through the registry, as the engine does.
const gc::Probe& clippy_probe() {
    for (const auto* p : gc::probe_registry()) {
        if (p->info().name == "clippy") {
            return *p;
        }
    }
    throw std::logic_error("no clippy probe in the registry");
}

gc::Evidence with_lint_table() {
    gc::Evidence ev;
    ev.put(gc::keys::clippy_lints, recorded_catalog());
    return ev;
}

gc::GateResult evaluate(const std::string& id, const gc::Evidence& ev,
                        const std::optional<gc::GateSettings>& settings = std::nullopt,
                        const std::optional<gc::Workspace>& workspace = std::nullopt) {
    const auto* gate = gc::find_gate(id);
    REQUIRE(gate != nullptr);
    const auto s = settings ? *settings : gc::default_config(gc::gate_schemas()).gate(id);
    const auto ws = workspace ? *workspace : recorded::workspace_of("clean");
    // The rust-sources probe as the engine plans it: the real walk over a test's own files; the
    // recorded workspace is not on this disk, so it has none.
    auto with_sources = ev;
    if (!with_sources.get(gc::keys::rust_sources).ran()) {
        with_sources.put(gc::keys::rust_sources, workspace ? gc::probes::read_rust_sources(ws)
                                                           : gc::Probed<gc::RustSources>(gc::RustSources{}));
    }
    return gate->evaluate(gc::GateInput{with_sources, s, ws});
}

using unit::metric;

}  // namespace

TEST_CASE("must-use: counts only its own lints, each distinct diagnostic once", "[gates][must-use]") {
    auto ev = with_lint_table();
    ev.put(gc::keys::clippy,
           run_of({diag("warning", "clippy::must_use_candidate", "src/lib.rs", 46, 12),
                   diag("warning", "clippy::must_use_candidate", "src/lib.rs", 46, 12),  // lib test build
                   diag("warning", "clippy::return_self_not_must_use", "src/lib.rs", 35, 5),
                   diag("warning", "clippy::double_must_use", "src/lib.rs", 60, 1),
                   diag("warning", "clippy::let_underscore_must_use", "src/lib.rs", 70, 5),
                   diag("warning", "dead_code", "src/lib.rs", 80, 4),  // on by default: not must-use's
                   diag("warning", "clippy::doc_markdown", "src/lib.rs", 3, 10)}));
    const auto r = evaluate("must-use", ev);
    CHECK(r.status == GateStatus::fail);
    CHECK(r.summary == "4 findings (at most 0 allowed)");
    CHECK(metric(r, "findings") == 4);
    CHECK(metric(r, "must_use_candidate") == 1);
    CHECK(metric(r, "return_self_not_must_use") == 1);
    CHECK(metric(r, "double_must_use") == 1);
    CHECK(metric(r, "let_underscore_must_use") == 1);
    REQUIRE(r.findings.size() == 4);
    CHECK(r.findings[0].rule == "clippy::return_self_not_must_use");
    CHECK(r.findings[0].line == 35);
    CHECK(r.findings[3].rule == "clippy::let_underscore_must_use");
    CHECK(r.findings[3].line == 70);

    auto settings = gc::default_config(gc::gate_schemas()).gate("must-use");
    settings.values["max_findings"] = std::int64_t{4};
    CHECK(evaluate("must-use", ev, settings).status == GateStatus::warn);
}

TEST_CASE("must-use: nothing of its lints passes; a crate that does not compile fails", "[gates][must-use]") {
    auto ok = with_lint_table();
    ok.put(gc::keys::clippy, run_of({diag("warning", "dead_code", "src/lib.rs", 8, 4)}));
    const auto pass = evaluate("must-use", ok);
    CHECK(pass.status == GateStatus::pass);
    CHECK(pass.findings.empty());
    CHECK(metric(pass, "findings") == 0);

    auto broken = with_lint_table();
    broken.put(gc::keys::clippy, run_of({diag("error", "E0308", "src/lib.rs", 5, 9)}, false));
    const auto r = evaluate("must-use", broken);
    CHECK(r.status == GateStatus::fail);
    CHECK(r.summary == "does not compile: 1 error");
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].rule == "E0308");
}

TEST_CASE("must-use: in a run shared with clippy's pedantic, a pedantic must-use lint counts for both",
          "[gates][must-use][lint_view]") {
    const std::vector<gc::LintRequest> all{{"clippy::pedantic"},
                                           {"clippy::must_use_candidate"},
                                           {"clippy::return_self_not_must_use"},
                                           {"clippy::double_must_use"},
                                           {"clippy::let_underscore_must_use"}};
    auto ev = with_lint_table();
    ev.put(gc::keys::clippy_lints, recorded_catalog());
    ev.put(gc::keys::clippy, run_of({diag("warning", "clippy::must_use_candidate", "src/lib.rs", 94, 12),
                                     diag("warning", "clippy::let_underscore_must_use", "src/lib.rs", 70, 5),
                                     diag("warning", "clippy::cast_possible_truncation", "src/lib.rs", 111, 9)},
                                    true, gc::lint_flags(all)));
    const auto must_use = evaluate("must-use", ev);
    CHECK(metric(must_use, "findings") == 2);
    const auto clippy = evaluate("clippy", ev);
    CHECK(metric(clippy, "warnings") == 2);  // must_use_candidate (pedantic) + cast, not the restriction lint
}

TEST_CASE("thread-safety: its lints, and each manual unsafe impl Send/Sync with or without a SAFETY comment",
          "[gates][thread-safety]") {
    const auto root = std::filesystem::temp_directory_path() / "gatecheck-unit-thread-safety";
    std::filesystem::create_directories(root / "src");
    std::ofstream(root / "src/lib.rs") << "pub struct A;\n"
                                          "unsafe impl Send for A {}\n"
                                          "pub struct B;\n"
                                          "// SAFETY: B has no state.\n"
                                          "#[allow(unused)]\n"
                                          "unsafe impl<T> std::marker::Sync for B {}\n"
                                          "unsafe impl Plain for A {}\n";
    std::ofstream(root / "Cargo.toml") << "[package]\nname = \"gcfx-x\"\n";
    gc::Workspace ws = recorded::workspace_of("clean");
    ws.root = root;
    for (auto& pkg : ws.members) {
        pkg.manifest_path = root / "Cargo.toml";
        pkg.targets.clear();
    }
    auto impl = [](int line, const std::string& text) {
        auto d = diag("warning", "unsafe_code", "src/lib.rs", line, 1);
        d.message = "implementation of an `unsafe` trait";
        d.snippet = text;
        return d;
    };
    auto block = diag("warning", "unsafe_code", "src/lib.rs", 9, 5);
    block.message = "usage of an `unsafe` block";
    auto ev = with_lint_table();
    ev.put(gc::keys::clippy, run_of({diag("warning", "clippy::await_holding_lock", "src/lib.rs", 71, 9),
                                     diag("warning", "clippy::arc_with_non_send_sync", "src/lib.rs", 18, 5),
                                     diag("warning", "clippy::missing_safety_doc", "src/lib.rs", 1, 1),
                                     impl(2, "unsafe impl Send for A {}"), impl(2, "unsafe impl Send for A {}"),
                                     impl(6, "unsafe impl<T> std::marker::Sync for B {}"),
                                     impl(7, "unsafe impl Plain for A {}"), block}));
    const auto r = evaluate("thread-safety", ev, std::nullopt, ws);
    CHECK(r.status == GateStatus::fail);
    CHECK(metric(r, "findings") == 3);
    CHECK(metric(r, "await_holding_lock") == 1);
    CHECK(metric(r, "arc_with_non_send_sync") == 1);
    CHECK(metric(r, "non_send_fields_in_send_ty") == 0);
    CHECK(metric(r, "unsafe_send_sync_impls") == 2);
    CHECK(metric(r, "unjustified_impls") == 1);
    REQUIRE(r.findings.size() == 4);
    CHECK(r.findings[0].rule == "unsafe-impl-without-safety-comment");
    CHECK(r.findings[0].line == 2);
    CHECK(r.findings[0].level == gc::FindingLevel::warning);
    CHECK_THAT(r.findings[0].message, Catch::Matchers::Contains("Send for A"));
    CHECK(r.findings[1].rule == "unsafe-impl-justified");
    CHECK(r.findings[1].line == 6);
    CHECK(r.findings[1].level == gc::FindingLevel::note);
    CHECK(r.findings[2].rule == "clippy::arc_with_non_send_sync");

    auto justified = with_lint_table();
    justified.put(gc::keys::clippy, run_of({impl(6, "unsafe impl<T> std::marker::Sync for B {}")}));
    const auto ok = evaluate("thread-safety", justified, std::nullopt, ws);
    CHECK(ok.status == GateStatus::pass);
    CHECK(ok.summary ==
          "no thread-safety lint fired; 1 manual unsafe impl Send/Sync, each with a `// SAFETY:` comment");
    std::filesystem::remove_all(root);
}

namespace {

gc::Diagnostic unsafe_code(const std::string& message, int line, int column, const std::string& rendered,
                           const std::string& kind = "lib") {
    auto d = diag("warning", "unsafe_code", "src/lib.rs", line, column, kind);
    d.message = message;
    d.rendered = rendered;
    d.rendered_hash = std::hash<std::string>{}(rendered);  // as the parser sets it
    return d;
}

// The clean fixture's workspace with its library root at `lib_rs` (written with `text`), its
// manifest beside it.
gc::Workspace workspace_with_lib(const std::filesystem::path& lib_rs, const std::string& text) {
    std::filesystem::create_directories(lib_rs.parent_path());
    std::ofstream(lib_rs) << text;
    std::ofstream(lib_rs.parent_path() / "Cargo.toml") << "[package]\nname = \"gcfx-clean\"\n";
    auto ws = recorded::workspace_of("clean");
    for (auto& pkg : ws.members) {
        pkg.manifest_path = lib_rs.parent_path() / "Cargo.toml";
        for (auto& t : pkg.targets) {
            if (t.is_library()) {
                t.src_path = lib_rs.string();
            }
        }
    }
    return ws;
}

}  // namespace

TEST_CASE("unsafe: the library's inventory counted like the raw lint, findings from clippy's unsafe lints",
          "[gates][unsafe]") {
    const std::string block = "usage of an `unsafe` block";
    // What the library's own compile says (`--lib`): one macro body expanded twice is two messages.
    const std::vector<gc::Diagnostic> shipped{unsafe_code(block, 18, 10, "r18"),
                                              unsafe_code(block, 31, 10, "r31 via call at 40"),
                                              unsafe_code(block, 31, 10, "r31 via call at 41"),
                                              unsafe_code("declaration of an `unsafe` function", 41, 1, "r41"),
                                              unsafe_code("implementation of an `unsafe` method", 45, 5, "r45"),
                                              unsafe_code("declaration of an `unsafe` trait", 50, 1, "r50"),
                                              unsafe_code("implementation of an `unsafe` trait", 53, 1, "r53"),
                                              unsafe_code("declaration of a `no_mangle` function", 60, 1, "r60")};
    // The shared run: the library as lib and as its unit-test harness (same target), whose
    // #[cfg(test)] module adds a block and an unsafe fn; an integration test's block.
    auto shared = shipped;
    shared.insert(shared.end(), shipped.begin(), shipped.end());
    for (const auto& d :
         std::vector<gc::Diagnostic>{unsafe_code(block, 70, 9, "r70 in mod tests"),
                                     unsafe_code("declaration of an `unsafe` function", 75, 5, "r75 in mod tests"),
                                     unsafe_code(block, 5, 5, "in a test", "test"),  // not the library
                                     diag("warning", "clippy::undocumented_unsafe_blocks", "src/lib.rs", 31, 10),
                                     diag("warning", "clippy::missing_safety_doc", "src/lib.rs", 41, 1),
                                     diag("warning", "clippy::multiple_unsafe_ops_per_block", "src/lib.rs", 43, 5),
                                     diag("warning", "clippy::unwrap_used", "src/lib.rs", 44, 5)}) {
        shared.push_back(d);
    }
    auto ev = with_lint_table();
    ev.put(gc::keys::clippy, run_of(shared));
    auto lib = run_of(shipped);
    lib.args = "--lib";
    ev.put(gc::keys::clippy_lib, lib);
    const auto r = evaluate("unsafe", ev);
    CHECK(r.status == GateStatus::fail);
    CHECK(metric(r, "total") == 8);
    CHECK(metric(r, "block") == 3);
    CHECK(metric(r, "fn") == 2);
    CHECK(metric(r, "trait") == 1);
    CHECK(metric(r, "impl") == 1);
    CHECK(metric(r, "no_mangle") == 1);
    CHECK(metric(r, "other") == 0);
    CHECK(metric(r, "test_only") == 2);
    CHECK(metric(r, "findings") == 3);
    CHECK(metric(r, "undocumented_unsafe_blocks") == 1);
    CHECK(metric(r, "missing_safety_doc") == 1);
    CHECK(metric(r, "multiple_unsafe_ops_per_block") == 1);
    REQUIRE(r.findings.size() == 3);
    CHECK(r.findings[0].rule == "clippy::undocumented_unsafe_blocks");
    CHECK(r.findings[0].line == 31);
}

TEST_CASE("unsafe: without the library's own run the inventory is unknown, never a count", "[gates][unsafe]") {
    auto ev = with_lint_table();
    ev.put(gc::keys::clippy, run_of({unsafe_code("usage of an `unsafe` block", 18, 10, "r18")}));
    const auto missing = evaluate("unsafe", ev);
    CHECK(missing.status == GateStatus::error);
    CHECK_THAT(missing.summary, Catch::Matchers::Contains("--lib"));

    ev.put(gc::keys::clippy_lib, gc::ToolProblem{GateStatus::error, "`cargo clippy --lib` timed out", ""});
    const auto broken = evaluate("unsafe", ev);
    CHECK(broken.status == GateStatus::error);
    CHECK_THAT(broken.summary, Catch::Matchers::Contains("timed out"));
}

TEST_CASE("unsafe: no unsafe code passes, saying whether the library forbids it", "[gates][unsafe]") {
    const auto dir = std::filesystem::temp_directory_path() / "gatecheck-unit-unsafe";
    auto ev = with_lint_table();
    ev.put(gc::keys::clippy, run_of({diag("warning", "dead_code", "src/lib.rs", 3, 4)}));
    ev.put(gc::keys::clippy_lib, run_of({diag("warning", "dead_code", "src/lib.rs", 3, 4)}));

    const auto forbidden = evaluate("unsafe", ev, std::nullopt,
                                    workspace_with_lib(dir / "a/lib.rs", "//! Doc.\n#![forbid(unsafe_code)]\n"));
    CHECK(forbidden.status == GateStatus::pass);
    CHECK_THAT(forbidden.summary, Catch::Matchers::StartsWith("no unsafe code: #![forbid(unsafe_code)] in "));
    CHECK(metric(forbidden, "forbid_unsafe_code") == 1);
    CHECK(metric(forbidden, "total") == 0);

    const auto allowed =
        evaluate("unsafe", ev, std::nullopt, workspace_with_lib(dir / "b/lib.rs", "#![deny(missing_docs)]\n"));
    CHECK(allowed.status == GateStatus::pass);
    CHECK(allowed.summary == "no unsafe code in the library (unsafe_code is not forbidden)");
    CHECK(metric(allowed, "forbid_unsafe_code") == 0);

    auto documented = with_lint_table();
    documented.put(gc::keys::clippy, run_of({unsafe_code("usage of an `unsafe` block", 18, 10, "r18")}));
    documented.put(gc::keys::clippy_lib, run_of({unsafe_code("usage of an `unsafe` block", 18, 10, "r18")}));
    const auto r =
        evaluate("unsafe", documented, std::nullopt, workspace_with_lib(dir / "b/lib.rs", "#![deny(missing_docs)]\n"));
    CHECK(r.status == GateStatus::pass);
    CHECK(r.summary == "1 unsafe item in the library, each documented");
    std::filesystem::remove_all(dir);
}

TEST_CASE("errors: production code only; tests, benches and examples are exempt by target kind", "[gates][errors]") {
    auto ev = with_lint_table();
    ev.put(gc::keys::clippy, run_of({diag("warning", "clippy::unwrap_used", "src/lib.rs", 14, 5),
                                     diag("warning", "clippy::unwrap_used", "src/main.rs", 3, 5, "bin"),
                                     diag("warning", "clippy::unwrap_used", "tests/api.rs", 5, 16, "test"),
                                     diag("warning", "clippy::unwrap_used", "benches/parse.rs", 4, 39, "bench"),
                                     diag("warning", "clippy::unwrap_used", "examples/demo.rs", 4, 20, "example"),
                                     diag("warning", "clippy::expect_used", "build.rs", 7, 33, "custom-build"),
                                     diag("warning", "clippy::missing_errors_doc", "src/lib.rs", 32, 1),
                                     diag("warning", "clippy::too_many_arguments", "src/lib.rs", 61, 1)}));
    ev.put(gc::keys::rustdoc_json, "gcfx-clean", gc::RustdocApi{});  // no error types (tests/unit/test_rustdoc_json)
    const auto r = evaluate("errors", ev);
    CHECK(r.status == GateStatus::fail);
    CHECK(metric(r, "findings") == 3);
    CHECK(metric(r, "unwrap_used") == 2);
    CHECK(metric(r, "missing_errors_doc") == 1);
    CHECK(metric(r, "panic") == 0);
    REQUIRE(r.findings.size() == 3);
    CHECK(r.findings[0].file == "src/lib.rs");
    CHECK(r.findings[2].file == "src/main.rs");

    // clippy's own test exemptions go into the shared run's clippy.toml.
    const auto* gate = gc::find_gate("errors");
    REQUIRE(gate != nullptr);
    CHECK(gate->clippy_config() == std::vector<std::pair<std::string, std::string>>{{"allow-unwrap-in-tests", "true"},
                                                                                    {"allow-expect-in-tests", "true"},
                                                                                    {"allow-panic-in-tests", "true"}});
}

TEST_CASE("clippy.toml keys a gate asks for are added to the crate's own file, never over its keys",
          "[gates][errors][clippy-config]") {
    const auto dir = std::filesystem::temp_directory_path() / "gatecheck-unit-clippy-conf";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "clippy.toml") << "too-many-arguments-threshold = 2\nallow_expect_in_tests = false";
    auto ws = recorded::workspace_of("clean");
    ws.root = dir;
    ws.target_dir = dir / "target";
    for (auto& pkg : ws.members) {
        pkg.manifest_path = dir / "Cargo.toml";
    }
    gc::ProbeNeeds needs;
    needs.families = {"clippy"};
    needs.clippy_config = {{"allow-unwrap-in-tests", "true"}, {"allow-expect-in-tests", "true"}};
    auto ev = with_lint_table();
    const gc::Environment env;
    auto tasks = clippy_probe().plan(gc::PlanContext{ws, needs, ev, env});
    REQUIRE(tasks.size() == 1);
    auto& task = tasks[0];
    const auto conf_dir = dir / "target" / "gatecheck" / "clippy-conf";
    CHECK(std::find(task.command.env.begin(), task.command.env.end(),
                    std::pair<std::string, std::string>{"CLIPPY_CONF_DIR", conf_dir.string()}) !=
          task.command.env.end());
    REQUIRE(task.before_start);
    task.before_start(task.command);
    CHECK(recorded::read_file((conf_dir / "clippy.toml").string()) ==
          "too-many-arguments-threshold = 2\nallow_expect_in_tests = false\n"
          "# added by gatecheck for its gates\nallow-unwrap-in-tests = true\n");

    // No gate asked for a key: clippy reads the crate's own file, as without gatecheck.
    needs.clippy_config.clear();
    auto plain = clippy_probe().plan(gc::PlanContext{ws, needs, ev, env});
    REQUIRE(plain.size() == 1);
    for (const auto& [key, value] : plain[0].command.env) {
        CHECK(key != "CLIPPY_CONF_DIR");
    }
    std::filesystem::remove_all(dir);
}

namespace {

// The clean fixture's workspace moved to `dir`, with these files written there.
gc::Workspace workspace_in(const std::filesystem::path& dir,
                           const std::vector<std::pair<std::string, std::string>>& files) {
    std::filesystem::remove_all(dir);
    for (const auto& [name, text] : files) {
        std::filesystem::create_directories((dir / name).parent_path());
        std::ofstream(dir / name) << text;
    }
    auto ws = recorded::workspace_of("clean");
    ws.root = dir;
    for (auto& pkg : ws.members) {
        pkg.manifest_path = dir / "Cargo.toml";
        // Its library root is one of `files` (the rust-sources walk reads it); no other target.
        std::erase_if(pkg.targets, [](const gc::CargoTarget& t) { return !t.is_library(); });
        for (auto& t : pkg.targets) {
            t.src_path = (dir / "src/lib.rs").string();
        }
    }
    return ws;
}

}  // namespace

TEST_CASE("async: its lints where the crate has async code; none is a pass that says so", "[gates][async]") {
    const auto dir = std::filesystem::temp_directory_path() / "gatecheck-unit-async";
    const std::string manifest = "[package]\nname = \"x\"\n[dependencies]\nserde = \"1\"\n";
    auto ev = with_lint_table();
    ev.put(gc::keys::clippy, run_of({diag("warning", "clippy::unused_async", "src/lib.rs", 15, 1),
                                     diag("warning", "clippy::large_futures", "src/lib.rs", 36, 5),
                                     diag("warning", "clippy::manual_async_fn", "src/lib.rs", 44, 1)}));
    const auto with_async = evaluate(
        "async", ev, std::nullopt,
        workspace_in(dir, {{"Cargo.toml", manifest}, {"src/lib.rs", "pub async fn answer() -> u32 { 42 }\n"}}));
    CHECK(with_async.status == GateStatus::fail);
    CHECK(metric(with_async, "async_code") == 1);
    CHECK(metric(with_async, "findings") == 2);
    CHECK(metric(with_async, "unused_async") == 1);
    CHECK(metric(with_async, "large_futures") == 1);

    auto quiet = with_lint_table();
    quiet.put(gc::keys::clippy, run_of({diag("warning", "dead_code", "src/lib.rs", 3, 4)}));
    const auto none =
        evaluate("async", quiet, std::nullopt,
                 workspace_in(dir, {{"Cargo.toml", manifest},
                                    {"src/lib.rs", "// async fn in a comment only\npub fn sync() -> u32 { 1 }\n"},
                                    {"target/debug/build/gen.rs", "async fn generated() {}\n"}}));
    CHECK(none.status == GateStatus::pass);
    CHECK(none.summary == "no async code");
    CHECK(metric(none, "async_code") == 0);

    const auto tokio_ws = workspace_in(dir, {{"Cargo.toml",
                                              "[package]\nname = \"x\"\n[dependencies]\ntokio = "
                                              "{ version = \"1\" }\n"},
                                             {"src/lib.rs", "pub fn sync() -> u32 { 1 }\n"}});
    // The crate's own clippy.toml set disallowed-methods: gatecheck's list was not added.
    const auto own_list = evaluate("async", quiet, std::nullopt, tokio_ws);
    CHECK(own_list.status == GateStatus::pass);
    CHECK(own_list.summary ==
          "async code, and no costly or pointless future or blocking call (blocking calls not checked: the "
          "crate's clippy.toml sets its own disallowed-methods)");
    CHECK(metric(own_list, "async_code") == 1);
    CHECK(metric(own_list, "blocking_calls_checked") == 0);

    auto checked = with_lint_table();
    auto added = run_of({diag("warning", "dead_code", "src/lib.rs", 3, 4)});
    added.config_added = {"disallowed-methods"};
    checked.put(gc::keys::clippy, added);
    const auto tokio = evaluate("async", checked, std::nullopt, tokio_ws);
    CHECK(tokio.status == GateStatus::pass);
    CHECK(tokio.summary == "async code, and no costly or pointless future or blocking call");
    CHECK(metric(tokio, "blocking_calls_checked") == 1);
    std::filesystem::remove_all(dir);
}

TEST_CASE("async: gatecheck's disallowed-methods warnings count only inside async code, the crate's own never",
          "[gates][async]") {
    const auto dir = std::filesystem::temp_directory_path() / "gatecheck-unit-async-blocking";
    const std::string lib =
        "pub async fn a() {\n    std::thread::sleep(D);\n}\npub fn b() {\n    std::thread::sleep(D);\n}\n";
    const auto blocking = [](int line, const std::string& reason) {
        auto d = diag("warning", "clippy::disallowed_methods", "src/lib.rs", line, 5);
        d.message = "use of a disallowed method `std::thread::sleep`";
        d.rendered = "warning: use of a disallowed method `std::thread::sleep`\n  = note: " + reason + "\n";
        return d;
    };
    const std::string ours =
        std::string("blocking: in async code use the runtime's sleep ") + std::string(gc::kGatecheckMark);
    auto ev = with_lint_table();
    auto run = run_of({blocking(2, ours), blocking(5, ours), blocking(2, "the team's own rule")});
    run.config_added = {"disallowed-methods"};
    ev.put(gc::keys::clippy, run);
    const auto r = evaluate("async", ev, std::nullopt,
                            workspace_in(dir, {{"Cargo.toml", "[package]\nname = \"x\"\n"}, {"src/lib.rs", lib}}));
    CHECK(r.status == GateStatus::fail);
    CHECK(metric(r, "blocking_calls") == 1);
    REQUIRE(r.findings.size() == 1);
    CHECK(r.findings[0].rule == "blocking-call-in-async");
    CHECK(r.findings[0].line == 2);
    CHECK(r.findings[0].message == "blocking call `std::thread::sleep` in async code");
    std::filesystem::remove_all(dir);
}

TEST_CASE("ffi: extern blocks from missing_unsafe_on_extern and unsafe extern, exports from unsafe_code",
          "[gates][ffi]") {
    auto block = diag("warning", "missing_unsafe_on_extern", "src/lib.rs", 9, 1);
    block.message = "extern blocks should be unsafe";
    block.snippet = "extern \"C\" {\n    pub fn abs(x: c_int) -> c_int;\n    fn labs(x: i64) -> i64;\n}";
    auto unsafe_block = diag("warning", "unsafe_code", "src/sys.rs", 3, 1);
    unsafe_block.message = "usage of an `unsafe extern` block";
    unsafe_block.snippet = "unsafe extern \"C\" {\n    safe fn getpid() -> i32;\n}";
    auto mangled = diag("warning", "unsafe_code", "src/lib.rs", 30, 1);
    mangled.message = "declaration of a `no_mangle` function";
    auto other = diag("warning", "unsafe_code", "src/lib.rs", 26, 5);
    other.message = "usage of an `unsafe` block";
    auto ev = with_lint_table();
    ev.put(gc::keys::clippy, run_of({block, block, unsafe_block, mangled, other,
                                     diag("warning", "improper_ctypes", "src/lib.rs", 15, 28)}));
    const auto r = evaluate("ffi", ev);
    CHECK(r.status == GateStatus::fail);
    CHECK(metric(r, "extern_blocks") == 2);
    CHECK(metric(r, "extern_functions") == 3);
    CHECK(metric(r, "no_mangle") == 1);
    CHECK(metric(r, "export_name") == 0);
    CHECK(metric(r, "findings") == 1);
    CHECK(metric(r, "improper_ctypes") == 1);
    CHECK(r.findings.size() == 4);  // 3 inventory notes + the improper_ctypes warning

    auto none = with_lint_table();
    none.put(gc::keys::clippy, run_of({other}));
    const auto pass = evaluate("ffi", none);
    CHECK(pass.status == GateStatus::pass);
    CHECK(pass.summary == "no FFI boundary");
}

TEST_CASE("a lint gate is an error, never a pass, when clippy's lint table is missing and warnings may be errors") {
    // The shared run caps every lint at warn: without the table a deny-by-default lint such as
    // clippy::correctness's would read as a warning.
    gc::Evidence ev;
    ev.put(gc::keys::clippy, run_of({diag("warning", "clippy::absurd_extreme_comparisons", "src/lib.rs", 3, 4)}));
    const auto r = evaluate("clippy", ev);
    CHECK(r.status == GateStatus::error);
    CHECK(r.summary.find("lint table") != std::string::npos);

    // Nothing to restore: no coded warning, no doubt.
    gc::Evidence clean;
    clean.put(gc::keys::clippy, run_of({}));
    CHECK(evaluate("clippy", clean).status == GateStatus::pass);
}
