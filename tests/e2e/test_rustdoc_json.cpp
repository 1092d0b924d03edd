// The rustdoc-json probe on real crates with real rustdoc: the errors gate's error-type check
// and the docs gate's per-item findings, whose counts must add up to rustdoc --show-coverage.
#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "support.hpp"

using namespace e2e;

namespace {

std::vector<json> findings(const json& report, const std::string& gate_id, const std::string& rule) {
    std::vector<json> out;
    for (const auto& f : gate(report, gate_id).at("findings")) {
        if (f.at("rule") == rule) {
            out.push_back(f);
        }
    }
    return out;
}

}  // namespace

TEST_CASE("errors: public error types without Error or Display, by file and line; thiserror's derive is enough") {
    const auto crate = fixture("error-types", "rdj-error-types");
    const auto r = gatecheck(crate, {"--gate", "errors", "--gate", "docs"});
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    CHECK(r.exit_code == 1);
    CHECK(status(r.report, "errors") == "fail");
    const auto found = findings(r.report, "errors", "gatecheck::error_type_traits");
    REQUIRE(found.size() == 2);
    CHECK(found[0].at("file") == "src/lib.rs");
    CHECK(found[0].at("line") == 15);
    CHECK(contains(found[0].at("message"), "`gcfx_error_types::BareError`"));
    CHECK(contains(found[0].at("message"), "`gcfx_error_types::parse_digit`"));
    CHECK(contains(found[0].at("message"), "does not implement std::error::Error nor Display"));
    CHECK(found[1].at("file") == "src/lib.rs");
    CHECK(found[1].at("line") == 24);
    CHECK(contains(found[1].at("message"), "`gcfx_error_types::DisplayOnly`"));
    CHECK(contains(found[1].at("message"), "`gcfx_error_types::Counter::take`"));
    CHECK(contains(found[1].at("message"), "does not implement std::error::Error"));
    CHECK(metric(r.report, "errors", "error_types") == 3);  // PairError (thiserror) is fine
    CHECK(metric(r.report, "errors", "findings") == 2);
    // Fully documented, with examples: no per-item finding.
    CHECK(status(r.report, "docs") == "pass");
    CHECK(gate(r.report, "docs").at("findings").empty());
    // rustdoc's JSON went to gatecheck's own target dir, not over the user's docs.
    CHECK(fs::exists(crate.target_dir / "gatecheck" / "rustdoc-json" / "doc" / "gcfx_error_types.json"));
    CHECK_FALSE(fs::exists(crate.target_dir / "doc" / "gcfx_error_types.json"));
}

TEST_CASE("docs: each undocumented item by path, file and line; the percentages stay rustdoc's") {
    const auto r = gatecheck(fixture("undocumented", "rdj-undocumented"), {"--gate", "docs", "--gate", "errors"});
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    CHECK(status(r.report, "docs") == "fail");
    CHECK(metric(r.report, "docs", "items") == 14);
    CHECK(metric(r.report, "docs", "documented") == 10);
    const auto missing = findings(r.report, "docs", "missing_docs");
    REQUIRE(missing.size() == 4);
    const std::vector<std::string> variants{"BadToken", "StackUnderflow", "LeftOver", "Arithmetic"};
    for (std::size_t i = 0; i < missing.size(); ++i) {
        CHECK(missing[i].at("file") == "src/lib.rs");
        CHECK(missing[i].at("line") == 126 + static_cast<int>(i));
        CHECK(missing[i].at("column") == 5);
        CHECK(missing[i].at("message") ==
              "`gcfx_undocumented::EvalError::" + variants[i] + "` (variant) has no documentation");
    }
    CHECK(findings(r.report, "docs", "rustdoc::missing_doc_code_examples").empty());
    CHECK(findings(r.report, "docs", "gatecheck::doc_lists").empty());  // the lists agree with rustdoc
    // EvalError implements Display and Error by hand.
    CHECK(findings(r.report, "errors", "gatecheck::error_type_traits").empty());
    CHECK(metric(r.report, "errors", "error_types") == 1);
}

TEST_CASE("docs: items without examples, by path, file and line") {
    const auto r = gatecheck(fixture("no-examples", "rdj-no-examples"), {"--gate", "docs"});
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    CHECK(status(r.report, "docs") == "fail");
    const auto missing = findings(r.report, "docs", "rustdoc::missing_doc_code_examples");
    CHECK(missing.size() == 3);
    for (const auto& f : missing) {
        CHECK(f.at("file") == "src/lib.rs");
        CHECK(f.at("line").get<int>() > 0);
        CHECK(contains(f.at("message"), "(function) has no example"));
    }
    CHECK(findings(r.report, "docs", "gatecheck::doc_lists").empty());
}

TEST_CASE("the clean fixture still passes docs and errors with the rustdoc JSON checks") {
    const auto r = gatecheck(fixture("clean", "rdj-clean"), {"--gate", "docs", "--gate", "errors"});
    INFO(r.out << r.err);
    REQUIRE(!r.report.is_null());
    CHECK(r.exit_code == 0);
    CHECK(status(r.report, "docs") == "pass");
    CHECK(status(r.report, "errors") == "pass");
    CHECK(metric(r.report, "errors", "error_types") == 1);
}

// itoa: plain; strsim: an error type with Error and Display; arbitrary: a #[doc(inline)]
// re-export (rustdoc counts the copy again) and a crate `Result` alias; lock_api: inherent impls
// written in private modules (rustdoc does not count their methods). Measured: the lists add up
// to --show-coverage on each (docs/REPORT.md).
TEST_CASE("real crates: the per-item lists add up to rustdoc --show-coverage") {
    const std::vector<std::pair<std::string, double>> crates{
        {"itoa-1.0.1", 0}, {"strsim-0.10.0", 1}, {"arbitrary-1.1.3", 1}, {"lock_api-0.4.9", 0}};
    for (const auto& [name, error_types] : crates) {
        const auto registry = fs::path("/usr/share/cargo/registry") / name;
        REQUIRE(fs::is_directory(registry));  // scripts/setup.sh installs librust-*-dev
        const auto r = gatecheck(copy_crate(registry, "rdj-real-" + name), {"--gate", "docs", "--gate", "errors"});
        INFO(name << ": " << r.out << r.err);
        REQUIRE(!r.report.is_null());
        CHECK(status(r.report, "docs") != "error");
        CHECK(findings(r.report, "docs", "gatecheck::doc_lists").empty());
        const auto undocumented = metric(r.report, "docs", "items") - metric(r.report, "docs", "documented");
        const auto without_example =
            metric(r.report, "docs", "example_items") - metric(r.report, "docs", "with_examples");
        CHECK(static_cast<double>(findings(r.report, "docs", "missing_docs").size()) == undocumented);
        CHECK(static_cast<double>(findings(r.report, "docs", "rustdoc::missing_doc_code_examples").size()) ==
              without_example);
        CHECK(status(r.report, "errors") != "error");
        CHECK(metric(r.report, "errors", "error_types") == error_types);
        CHECK(findings(r.report, "errors", "gatecheck::error_type_traits").empty());
    }
}
