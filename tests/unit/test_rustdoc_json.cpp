// rustdoc's JSON (recorded from the undocumented and error-types fixtures, format_version 57)
// distilled to public items and error types, and the docs and errors gates over it.
#include <catch2/catch.hpp>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "evidence/keys.hpp"
#include "gates/gate.hpp"
#include "probes/parsers.hpp"
#include "probes/rustdoc_json.hpp"
#include "recorded.hpp"

namespace {

using gc::GateStatus;

gc::RustdocApi recorded_api(const std::string& fixture) {
    auto api = gc::parse_rustdoc_json(recorded::read_data(fixture + "/rustdoc-json.json"));
    REQUIRE(api.ok());
    return api.value();
}

gc::DocCoverage recorded_coverage(const std::string& fixture) {
    auto cov = gc::parse_doc_coverage(recorded::read_data(fixture + "/doc-coverage.stdout"));
    REQUIRE(cov.ok());
    return cov.value();
}

const gc::ApiItem& item(const gc::RustdocApi& api, const std::string& path) {
    const auto it = std::find_if(api.items.begin(), api.items.end(), [&](const auto& i) { return i.path == path; });
    REQUIRE(it != api.items.end());
    return *it;
}

// What the per-item lists add up to, in --show-coverage's terms.
gc::DocCounts counts(const gc::RustdocApi& api) {
    gc::DocCounts c;
    for (const auto& i : api.items) {
        c.total += i.counts_docs ? 1 : 0;
        c.with_docs += i.documented ? 1 : 0;
        c.total_examples += (i.needs_example || i.has_example) ? 1 : 0;
        c.with_examples += i.has_example ? 1 : 0;
    }
    return c;
}

std::vector<std::string> paths_where(const gc::RustdocApi& api, bool (*pred)(const gc::ApiItem&)) {
    std::vector<std::string> out;
    for (const auto& i : api.items) {
        if (pred(i)) {
            out.push_back(i.path);
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

gc::GateResult evaluate(const std::string& id, const gc::Evidence& ev, const std::string& fixture) {
    const auto* gate = gc::find_gate(id);
    REQUIRE(gate != nullptr);
    const auto settings = gc::default_config(gc::gate_schemas()).gate(id);
    const auto ws = recorded::workspace_of(fixture);
    return gate->evaluate(gc::GateInput{ev, settings, ws});
}

std::vector<gc::Finding> with_rule(const gc::GateResult& r, const std::string& rule) {
    std::vector<gc::Finding> out;
    std::copy_if(r.findings.begin(), r.findings.end(), std::back_inserter(out),
                 [&](const gc::Finding& f) { return f.rule == rule; });
    return out;
}

}  // namespace

TEST_CASE("rustdoc JSON: the undocumented fixture's items add up to --show-coverage", "[rustdoc-json]") {
    const auto api = recorded_api("undocumented");
    CHECK(api.format_version == 57);
    CHECK(api.crate_name == "gcfx_undocumented");
    const auto cov = recorded_coverage("undocumented").files.at("src/lib.rs");
    const auto c = counts(api);
    CHECK(c.total == cov.total);  // 14
    CHECK(c.with_docs == cov.with_docs);
    CHECK(c.total_examples == cov.total_examples);
    CHECK(c.with_examples == cov.with_examples);

    const auto undocumented = paths_where(api, [](const gc::ApiItem& i) { return i.counts_docs && !i.documented; });
    CHECK(undocumented == std::vector<std::string>{"gcfx_undocumented::EvalError::Arithmetic",
                                                   "gcfx_undocumented::EvalError::BadToken",
                                                   "gcfx_undocumented::EvalError::LeftOver",
                                                   "gcfx_undocumented::EvalError::StackUnderflow"});
    const auto& bad = item(api, "gcfx_undocumented::EvalError::BadToken");
    CHECK(bad.kind == "variant");
    CHECK(bad.file == "src/lib.rs");
    CHECK(bad.line == 126);
    CHECK(bad.column == 5);
    CHECK_FALSE(bad.needs_example);  // rustdoc never asks variants for examples
    // The tuple variant's field is neither documented nor counted (rustdoc ignores it).
    CHECK(std::none_of(api.items.begin(), api.items.end(),
                       [](const auto& i) { return i.kind == "struct_field" && i.counts_docs; }));

    const auto& push = item(api, "gcfx_undocumented::Stack::push");
    CHECK(push.kind == "function");
    CHECK(push.line == 52);
    CHECK(push.documented);
    CHECK(push.has_example);
    CHECK(push.needs_example);
    // Derived and hand-written trait impls (Display::fmt, Clone::clone) are not the crate's items.
    CHECK(std::none_of(api.items.begin(), api.items.end(), [](const auto& i) { return i.path.ends_with("::fmt"); }));

    // The probe parses the file as a stream: the same distillation.
    std::istringstream stream(recorded::read_data("undocumented/rustdoc-json.json"));
    const auto streamed = gc::parse_rustdoc_json(stream);
    REQUIRE(streamed.ok());
    CHECK(streamed->items.size() == api.items.size());
    CHECK(counts(streamed.value()).with_docs == c.with_docs);

    REQUIRE(api.error_types.size() == 1);
    const auto& e = api.error_types[0];
    CHECK(e.path == "gcfx_undocumented::EvalError");
    CHECK(e.implements_error);
    CHECK(e.implements_display);
    CHECK(e.returned_by == "gcfx_undocumented::eval");
    CHECK(e.functions == 1);
    CHECK(e.line == 125);
}

TEST_CASE("rustdoc JSON: error types through std Result, a crate alias with a default, thiserror", "[rustdoc-json]") {
    const auto api = recorded_api("error-types");
    const auto cov = recorded_coverage("error-types").files.at("src/lib.rs");
    const auto c = counts(api);
    CHECK(c.total == cov.total);
    CHECK(c.with_docs == cov.with_docs);
    CHECK(c.total_examples == cov.total_examples);
    CHECK(c.with_examples == cov.with_examples);

    REQUIRE(api.error_types.size() == 3);
    const auto& bare = api.error_types[0];
    CHECK(bare.path == "gcfx_error_types::BareError");
    CHECK_FALSE(bare.implements_error);
    CHECK_FALSE(bare.implements_display);
    CHECK(bare.returned_by == "gcfx_error_types::parse_digit");
    CHECK(bare.file == "src/lib.rs");
    CHECK(bare.line == 15);
    // `pub type Result<T, E = DisplayOnly>`: Counter::take's `Result<u32>` resolves to it.
    const auto& display_only = api.error_types[1];
    CHECK(display_only.path == "gcfx_error_types::DisplayOnly");
    CHECK_FALSE(display_only.implements_error);
    CHECK(display_only.implements_display);
    CHECK(display_only.returned_by == "gcfx_error_types::Counter::take");
    // thiserror's derive is an ordinary impl of core::error::Error and core::fmt::Display.
    const auto& pair = api.error_types[2];
    CHECK(pair.path == "gcfx_error_types::PairError");
    CHECK(pair.implements_error);
    CHECK(pair.implements_display);
    CHECK(pair.returned_by == "gcfx_error_types::parse_pair");
}

TEST_CASE("rustdoc JSON: an unknown format version or a broken document is an error", "[rustdoc-json]") {
    auto text = recorded::read_data("undocumented/rustdoc-json.json");
    const auto at = text.rfind("\"format_version\":57");
    REQUIRE(at != std::string::npos);
    auto newer = text;
    newer.replace(at, 19, "\"format_version\":58");
    const auto r = gc::parse_rustdoc_json(newer);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message == "rustdoc's JSON is format_version 58; gatecheck reads 57 to 57");
    CHECK_FALSE(gc::parse_rustdoc_json(text.substr(0, text.size() / 2)).ok());
    CHECK_FALSE(gc::parse_rustdoc_json(R"({"format_version":57,"index":{},"paths":{},"root":1})").ok());
    CHECK_FALSE(gc::parse_rustdoc_json("[]").ok());
}

TEST_CASE("rustdoc examples: the code blocks rustdoc would test", "[rustdoc-json]") {
    CHECK(gc::has_rust_code_block("Text.\n\n```\nlet x = 1;\n```"));
    CHECK(gc::has_rust_code_block("```rust\nx\n```"));
    CHECK(gc::has_rust_code_block("```no_run\nx\n```"));
    CHECK(gc::has_rust_code_block("```should_panic,edition2021\nx\n```"));
    CHECK(gc::has_rust_code_block("~~~compile_fail\nx\n~~~"));
    CHECK(gc::has_rust_code_block("A\n\n    indented code"));
    CHECK(gc::has_rust_code_block("```text\nnot rust\n```\n\n```\nrust\n```"));
    CHECK_FALSE(gc::has_rust_code_block("```text\nx\n```"));
    CHECK_FALSE(gc::has_rust_code_block("```ignore\nx\n```"));
    CHECK_FALSE(gc::has_rust_code_block("```rust,ignore\nx\n```"));
    CHECK_FALSE(gc::has_rust_code_block("```toml\n[dependencies]\n```"));
    CHECK_FALSE(gc::has_rust_code_block("A\n    continued paragraph, not code"));
    CHECK_FALSE(gc::has_rust_code_block("- a list item\n\n    continued in the item"));
    CHECK_FALSE(gc::has_rust_code_block("Only `inline` code and ``` inline ``` spans."));
    CHECK_FALSE(gc::has_rust_code_block(""));
}

TEST_CASE("errors gate: a public error type without Error or Display is a finding at its definition",
          "[rustdoc-json][gates][errors]") {
    gc::Evidence ev;
    ev.put(gc::keys::clippy, gc::CompileEvidence{{}, true, "--all-targets", {}, {}, {}, {}});
    ev.put(gc::keys::rustdoc_json, "gcfx-error-types", recorded_api("error-types"));
    const auto r = evaluate("errors", ev, "error-types");
    CHECK(r.status == GateStatus::fail);  // max_findings = 0
    const auto found = with_rule(r, "gatecheck::error_type_traits");
    REQUIRE(found.size() == 2);
    CHECK(found[0].file == "src/lib.rs");
    CHECK(found[0].line == 15);
    CHECK(found[0].column == 1);
    CHECK(found[0].level == gc::FindingLevel::warning);
    CHECK(found[0].message ==
          "`gcfx_error_types::BareError` is the error type of public `gcfx_error_types::parse_digit` but does not "
          "implement std::error::Error nor Display");
    CHECK(found[1].line == 24);
    CHECK(found[1].message ==
          "`gcfx_error_types::DisplayOnly` is the error type of public `gcfx_error_types::Counter::take` but does "
          "not implement std::error::Error");
    CHECK(r.summary == "2 findings (at most 0 allowed)");

    gc::Evidence good;
    good.put(gc::keys::clippy, gc::CompileEvidence{{}, true, "--all-targets", {}, {}, {}, {}});
    good.put(gc::keys::rustdoc_json, "gcfx-undocumented", recorded_api("undocumented"));
    const auto ok = evaluate("errors", good, "undocumented");
    CHECK(ok.status == GateStatus::pass);
    CHECK(ok.findings.empty());
}

TEST_CASE("errors gate: without rustdoc's JSON the error-type check is unknown, never a pass",
          "[rustdoc-json][gates][errors]") {
    gc::Evidence none;
    none.put(gc::keys::clippy, gc::CompileEvidence{{}, true, "--all-targets", {}, {}, {}, {}});
    const auto missing = evaluate("errors", none, "error-types");
    CHECK(missing.status == GateStatus::error);
    CHECK(missing.summary == "rustdoc's JSON output did not run");

    gc::Evidence broken = none;
    broken.put(gc::keys::rustdoc_json, "gcfx-error-types",
               gc::ToolProblem{GateStatus::error, "rustdoc's JSON is format_version 58; gatecheck reads 57 to 57", ""});
    const auto r = evaluate("errors", broken, "error-types");
    CHECK(r.status == GateStatus::error);
    CHECK(r.summary == "gcfx-error-types: rustdoc's JSON is format_version 58; gatecheck reads 57 to 57");
}

TEST_CASE("docs gate: one finding per undocumented item, percentages still rustdoc's", "[rustdoc-json][gates][docs]") {
    gc::Evidence ev;
    ev.put(gc::keys::doc_coverage, "gcfx-undocumented", recorded_coverage("undocumented"));
    ev.put(gc::keys::rustdoc_json, "gcfx-undocumented", recorded_api("undocumented"));
    const auto r = evaluate("docs", ev, "undocumented");
    CHECK(r.status == GateStatus::fail);
    CHECK(r.summary == "71.4% documented (10/14), 100.0% with examples (10/10) (required: 100.0% / 100.0%)");
    const auto missing = with_rule(r, "missing_docs");
    REQUIRE(missing.size() == 4);
    CHECK(missing[0].message == "`gcfx_undocumented::EvalError::BadToken` (variant) has no documentation");
    CHECK(missing[0].file == "src/lib.rs");
    CHECK(missing[0].line == 126);
    CHECK(missing[3].line == 129);
    CHECK(with_rule(r, "docs::missing-docs").empty());    // the per-file summary gives way to the items
    CHECK(with_rule(r, "gatecheck::doc_lists").empty());  // the lists agree with rustdoc's counts
    CHECK(r.findings.size() == 4);

    gc::Evidence without_json;
    without_json.put(gc::keys::doc_coverage, "gcfx-undocumented", recorded_coverage("undocumented"));
    without_json.put(gc::keys::rustdoc_json, "gcfx-undocumented",
                     gc::ToolProblem{GateStatus::error, "rustdoc's JSON does not parse", ""});
    const auto fallback = evaluate("docs", without_json, "undocumented");
    CHECK(fallback.status == GateStatus::fail);  // rustdoc's coverage alone decides the status
    CHECK(with_rule(fallback, "docs::missing-docs").size() == 1);
    REQUIRE(with_rule(fallback, "gatecheck::doc_lists").size() == 1);
    CHECK(with_rule(fallback, "gatecheck::doc_lists")[0].message ==
          "gcfx-undocumented: no per-item lists, rustdoc's JSON failed: rustdoc's JSON does not parse");
}

TEST_CASE("docs gate: thousands of undocumented items are capped, and a count mismatch is said",
          "[rustdoc-json][gates][docs]") {
    gc::RustdocApi api;
    api.crate_name = "big";
    for (int i = 0; i < 250; ++i) {
        gc::ApiItem a;
        a.path = "big::f" + std::to_string(i);
        a.kind = "function";
        a.file = "src/lib.rs";
        a.line = i + 1;
        a.needs_example = true;
        api.items.push_back(a);
    }
    gc::DocCoverage cov;
    cov.files["src/lib.rs"] = gc::DocCounts{251, 1, 251, 1};  // one item more than the lists
    gc::Evidence ev;
    ev.put(gc::keys::doc_coverage, "gcfx-undocumented", cov);
    ev.put(gc::keys::rustdoc_json, "gcfx-undocumented", api);
    const auto r = evaluate("docs", ev, "undocumented");
    const auto missing = with_rule(r, "missing_docs");
    REQUIRE(missing.size() == 201);
    CHECK(missing.back().level == gc::FindingLevel::note);
    CHECK(missing.back().message ==
          "... and 50 more public items without documentation (only the first 200 are listed)");
    CHECK(with_rule(r, "rustdoc::missing_doc_code_examples").size() == 201);
    const auto mismatch = with_rule(r, "gatecheck::doc_lists");
    REQUIRE(mismatch.size() == 1);
    CHECK(mismatch[0].message ==
          "big: the per-item lists count 0/250 documented and 0/250 with examples, rustdoc --show-coverage 1/251 "
          "and 1/251 (the percentages are rustdoc's)");
    CHECK(r.metrics.at(0) == gc::Metric{"items", 251});
}
