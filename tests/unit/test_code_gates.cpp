// The lint-based code gates (must-use, ...) over hand-written diagnostics of the shared clippy
// run, and over clippy's recorded lint table where the run carries other gates' lints too.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "cargo/workspace.hpp"
#include "config/config.hpp"
#include "gates/gate.hpp"
#include "probes/evidence.hpp"
#include "probes/keys.hpp"
#include "probes/lint_catalog.hpp"
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

gc::GateResult evaluate(const std::string& id, const gc::Evidence& ev,
                        const std::optional<gc::GateSettings>& settings = std::nullopt,
                        const std::optional<gc::Workspace>& workspace = std::nullopt) {
    const auto* gate = gc::find_gate(id);
    REQUIRE(gate != nullptr);
    const auto s = settings ? *settings : gc::default_config(gc::gate_schemas()).gate(id);
    const auto ws = workspace ? *workspace : recorded::workspace_of("clean");
    return gate->evaluate(gc::GateInput{ev, s, ws});
}

double metric(const gc::GateResult& r, const std::string& name) {
    for (const auto& [key, value] : r.metrics) {
        if (key == name) {
            return value;
        }
    }
    FAIL("no metric " << name);
    return -1;
}

}  // namespace

TEST_CASE("must-use: counts only its own lints, each distinct diagnostic once", "[gates][must-use]") {
    gc::Evidence ev;
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
    gc::Evidence ok;
    ok.put(gc::keys::clippy, run_of({diag("warning", "dead_code", "src/lib.rs", 8, 4)}));
    const auto pass = evaluate("must-use", ok);
    CHECK(pass.status == GateStatus::pass);
    CHECK(pass.findings.empty());
    CHECK(metric(pass, "findings") == 0);

    gc::Evidence broken;
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
    gc::Evidence ev;
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
    gc::Workspace ws = recorded::workspace_of("clean");
    ws.root = root;
    auto impl = [](int line, const std::string& text) {
        auto d = diag("warning", "unsafe_code", "src/lib.rs", line, 1);
        d.message = "implementation of an `unsafe` trait";
        d.snippet = text;
        return d;
    };
    auto block = diag("warning", "unsafe_code", "src/lib.rs", 9, 5);
    block.message = "usage of an `unsafe` block";
    gc::Evidence ev;
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

    gc::Evidence justified;
    justified.put(gc::keys::clippy, run_of({impl(6, "unsafe impl<T> std::marker::Sync for B {}")}));
    const auto ok = evaluate("thread-safety", justified, std::nullopt, ws);
    CHECK(ok.status == GateStatus::pass);
    CHECK(ok.summary ==
          "no thread-safety lint fired; 1 manual unsafe impl Send/Sync, each with a `// SAFETY:` comment");
    std::filesystem::remove_all(root);
}
