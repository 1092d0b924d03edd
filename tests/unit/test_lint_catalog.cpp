// The lint catalog of src/probes/lint_catalog.hpp on the real output of
// `clippy-driver --edition 2021 -W help` (stable 1.95, clippy 0.1.95, recorded in
// tests/data/shared/clippy-lints-help.txt), on broken input, which must never read as an
// empty catalog, and the filter that lets the `clippy` gate count what
// `-W clippy::pedantic` alone reports out of a clippy run with extra lints.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "probes/lint_catalog.hpp"
#include "probes/parsers.hpp"
#include "recorded.hpp"

namespace {

using gc::LintLevel;
using gc::LintRequest;

const gc::LintCatalog& recorded_catalog() {
    static const gc::LintCatalog catalog = [] {
        auto parsed = gc::parse_lint_help(recorded::read_data("shared/clippy-lints-help.txt"));
        if (!parsed) {
            throw std::runtime_error("cannot parse shared/clippy-lints-help.txt: " + parsed.error().message);
        }
        return std::move(parsed.value());
    }();
    return catalog;
}

std::size_t count_if_level(const gc::LintCatalog& cat, bool clippy, LintLevel level) {
    return static_cast<std::size_t>(std::count_if(
        cat.default_level.begin(), cat.default_level.end(),
        [&](const auto& entry) { return (entry.first.rfind("clippy::", 0) == 0) == clippy && entry.second == level; }));
}

const std::vector<LintRequest> pedantic{{"clippy::pedantic"}};

}  // namespace

TEST_CASE("parse_lint_help reads every lint of rustc 1.95 and clippy 0.1.95", "[lint_catalog]") {
    const auto& cat = recorded_catalog();
    CHECK(cat.default_level.size() == 1046);
    // rustc: 240 lints, 60 allow, 136 warn, 44 deny.
    CHECK(count_if_level(cat, false, LintLevel::allow) == 60);
    CHECK(count_if_level(cat, false, LintLevel::warn) == 136);
    CHECK(count_if_level(cat, false, LintLevel::deny) == 44);
    // clippy: 806 lints, 327 allow, 411 warn, 68 deny (correctness).
    CHECK(count_if_level(cat, true, LintLevel::allow) == 327);
    CHECK(count_if_level(cat, true, LintLevel::warn) == 411);
    CHECK(count_if_level(cat, true, LintLevel::deny) == 68);
    CHECK(count_if_level(cat, false, LintLevel::forbid) + count_if_level(cat, true, LintLevel::forbid) == 0);

    CHECK(cat.default_level.at("dead_code") == LintLevel::warn);
    CHECK(cat.default_level.at("missing_docs") == LintLevel::allow);
    CHECK(cat.default_level.at("unsafe_code") == LintLevel::allow);
    // Help prints dashes; the catalog uses the underscores of diagnostics' codes.
    CHECK(cat.default_level.at("absolute_paths_not_starting_with_crate") == LintLevel::allow);
    CHECK(cat.default_level.at("clippy::unwrap_used") == LintLevel::allow);
    CHECK(cat.default_level.at("clippy::must_use_candidate") == LintLevel::allow);
    CHECK(cat.default_level.at("clippy::approx_constant") == LintLevel::deny);
    CHECK(cat.default_level.count("clippy::must-use-candidate") == 0);
    // Edition-2021 defaults (2024 warns on it).
    CHECK(cat.default_level.at("unsafe_op_in_unsafe_fn") == LintLevel::allow);
}

TEST_CASE("parse_lint_help reads rustc's and clippy's lint groups", "[lint_catalog]") {
    const auto& cat = recorded_catalog();
    CHECK(cat.groups.size() == 22);  // 12 of rustc (without "warnings"), 10 of clippy
    CHECK(cat.groups.count("warnings") == 0);
    CHECK(cat.groups.count("clippy::pedantic") == 1);
    CHECK(cat.groups.count("unknown_or_malformed_diagnostic_attributes") == 1);

    const auto& ped = cat.groups.at("clippy::pedantic");
    CHECK(ped.size() == 140);
    CHECK(ped.count("clippy::must_use_candidate") == 1);
    CHECK(ped.count("clippy::missing_errors_doc") == 1);
    CHECK(ped.count("clippy::doc_markdown") == 1);
    CHECK(ped.count("clippy::cast_possible_truncation") == 1);
    CHECK(ped.count("clippy::unwrap_used") == 0);
    CHECK(cat.groups.at("clippy::restriction").count("clippy::unwrap_used") == 1);
    CHECK(cat.groups.at("clippy::restriction").size() == 130);
    CHECK(cat.groups.at("unused").count("dead_code") == 1);
    CHECK(cat.groups.at("unused").size() == 23);

    // clippy::all is exactly the clippy lints on by default; every member is catalogued.
    std::set<std::string> clippy_on;
    for (const auto& [name, level] : cat.default_level) {
        if (name.rfind("clippy::", 0) == 0 && level != LintLevel::allow) {
            clippy_on.insert(name);
        }
    }
    CHECK(clippy_on.size() == 479);
    CHECK(cat.groups.at("clippy::all") == clippy_on);
    for (const auto& [group, members] : cat.groups) {
        for (const auto& m : members) {
            INFO(group << " has " << m);
            CHECK(cat.default_level.count(m) == 1);
        }
    }
}

TEST_CASE("reported_by keeps what -W clippy::pedantic alone reports", "[lint_catalog]") {
    const auto& cat = recorded_catalog();
    CHECK_FALSE(reported_by(cat, {{"clippy::pedantic"}}, "clippy::unwrap_used"));
    CHECK(reported_by(cat, {{"clippy::pedantic"}}, "clippy::must_use_candidate"));
    CHECK_FALSE(reported_by(cat, pedantic, "clippy::unwrap_used"));
    CHECK(reported_by(cat, pedantic, "clippy::must_use_candidate"));
    CHECK(reported_by(cat, pedantic, "clippy::missing_errors_doc"));
    CHECK(reported_by(cat, pedantic, "clippy::approx_constant"));  // deny by default
    CHECK(reported_by(cat, pedantic, "clippy::needless_return"));  // style, warn by default
    CHECK(reported_by(cat, pedantic, "dead_code"));
    CHECK(reported_by(cat, pedantic, "E0308"));
    CHECK(reported_by(cat, pedantic, ""));  // a compile error without a code
    CHECK_FALSE(reported_by(cat, pedantic, "missing_docs"));
    CHECK_FALSE(reported_by(cat, pedantic, "unsafe_code"));
    CHECK_FALSE(reported_by(cat, pedantic, "clippy::undocumented_unsafe_blocks"));
    CHECK_FALSE(reported_by(cat, pedantic, "clippy::collection_is_never_read"));  // nursery
    // Dashes are accepted too; a lint unknown to the catalog can only come from the
    // defaults or the crate itself, so it counts.
    CHECK(reported_by(cat, pedantic, "clippy::must-use-candidate"));
    CHECK(reported_by(cat, pedantic, "clippy::lint_of_a_newer_clippy"));
    CHECK(reported_by(cat, {}, "dead_code"));
    CHECK_FALSE(reported_by(cat, {}, "clippy::must_use_candidate"));
}

TEST_CASE("reported_by applies requests in order, --force-warn last", "[lint_catalog]") {
    const auto& cat = recorded_catalog();
    using L = LintRequest::Level;
    CHECK_FALSE(reported_by(cat, {{"clippy::pedantic"}, {"clippy::must_use_candidate", L::allow}},
                            "clippy::must_use_candidate"));
    CHECK(reported_by(cat, {{"clippy::must_use_candidate", L::allow}, {"clippy::pedantic"}},
                      "clippy::must_use_candidate"));
    CHECK(reported_by(cat, {{"unsafe_code", L::force_warn}, {"unsafe_code", L::allow}}, "unsafe_code"));
    CHECK_FALSE(reported_by(cat, {{"unused", L::allow}}, "dead_code"));
    CHECK(reported_by(cat, {{"missing-docs", L::deny}}, "missing_docs"));
    CHECK_FALSE(reported_by(cat, {{"clippy::newer_lint", L::allow}}, "clippy::newer_lint"));
}

TEST_CASE("denied_by: deny-by-default lints stay errors unless the gate's own flags lower them", "[lint_catalog]") {
    const auto& cat = recorded_catalog();
    // clippy::eq_op is in clippy::correctness (deny by default), not in pedantic.
    CHECK(gc::denied_by(cat, {}, "clippy::eq_op"));
    CHECK(gc::denied_by(cat, pedantic, "clippy::eq_op"));
    CHECK_FALSE(gc::denied_by(cat, {{"clippy::eq_op"}}, "clippy::eq_op"));
    CHECK_FALSE(gc::denied_by(cat, {{"clippy::correctness"}}, "clippy::eq_op"));
    CHECK_FALSE(gc::denied_by(
        cat, {{"clippy::eq_op", LintRequest::Level::deny}, {"clippy::eq_op", LintRequest::Level::force_warn}},
        "clippy::eq_op"));
    // Warn-by-default and pedantic lints are warnings; a request for deny makes them errors.
    CHECK_FALSE(gc::denied_by(cat, pedantic, "clippy::doc_markdown"));
    CHECK(gc::denied_by(cat, {{"clippy::pedantic", LintRequest::Level::deny}}, "clippy::doc_markdown"));
    CHECK_FALSE(gc::denied_by(cat, pedantic, "dead_code"));
    // A code that is not a lint, or a lint nobody knows, is never turned into an error here.
    CHECK_FALSE(gc::denied_by(cat, pedantic, "E0308"));
    CHECK_FALSE(gc::denied_by(cat, pedantic, "clippy::no_such_lint"));
}

TEST_CASE("enabled_lints expands groups through the catalog", "[lint_catalog]") {
    const auto& cat = recorded_catalog();
    const auto defaults = gc::enabled_lints(cat, {});
    CHECK(defaults.size() == 136 + 44 + 411 + 68);
    const auto with_pedantic = gc::enabled_lints(cat, pedantic);
    CHECK(with_pedantic.size() == defaults.size() + 140);
    CHECK(with_pedantic.count("clippy::must_use_candidate") == 1);
    CHECK(with_pedantic.count("clippy::unwrap_used") == 0);
    const auto more = gc::enabled_lints(cat, {{"clippy::pedantic"},
                                              {"clippy::unwrap_used"},
                                              {"unsafe_code", LintRequest::Level::force_warn},
                                              {"clippy::newer_lint"}});
    CHECK(more.size() == with_pedantic.size() + 3);
    CHECK(more.count("clippy::unwrap_used") == 1);
    CHECK(more.count("unsafe_code") == 1);
    CHECK(more.count("clippy::newer_lint") == 1);
}

TEST_CASE("reported_by keeps every diagnostic of the recorded pedantic clippy run", "[lint_catalog]") {
    const auto& cat = recorded_catalog();
    for (const char* fixture : {"pedantic", "no-compile"}) {
        const auto ws = recorded::workspace_of(fixture);
        const auto msgs = gc::parse_cargo_messages(recorded::read_data(std::string(fixture) + "/clippy.stdout"), ws);
        REQUIRE_FALSE(msgs.diagnostics.empty());
        for (const auto& d : msgs.diagnostics) {
            INFO(fixture << ": " << d.code);
            CHECK(reported_by(cat, pedantic, d.code));
        }
    }
}

TEST_CASE("parse_lint_help rejects what is not clippy's lint table", "[lint_catalog][adversarial]") {
    CHECK_FALSE(gc::parse_lint_help(""));
    CHECK_FALSE(gc::parse_lint_help("garbage\nmore garbage\n"));
    CHECK_FALSE(gc::parse_lint_help("{\"reason\":\"build-finished\",\"success\":true}\n"));
    CHECK_FALSE(gc::parse_lint_help("error: no such command: `clippy`\n"));

    const auto text = recorded::read_data("shared/clippy-lints-help.txt");
    // rustc's own table (no clippy section) is not enough.
    const auto rustc_only = text.substr(0, text.find("Lint checks loaded by this crate:"));
    const auto r = gc::parse_lint_help(rustc_only);
    REQUIRE_FALSE(r);
    CHECK(r.error().message.find("clippy") != std::string::npos);
    // Cut off before any group.
    CHECK_FALSE(gc::parse_lint_help(text.substr(0, text.find("Lint groups provided by rustc:"))));
    // A lint row without a level.
    CHECK_FALSE(
        gc::parse_lint_help("Lint checks provided by rustc:\n\n    dead-code  sometimes  text\n"
                            "Lint groups loaded by this crate:\n    clippy::all  clippy::a\n"));
    // A mangled group row.
    auto mangled = text;
    const auto at = mangled.rfind("clippy::assigning-clones");  // in clippy::pedantic's row
    REQUIRE(at != std::string::npos);
    mangled.replace(at, 8, "Clippy!!");
    CHECK_FALSE(gc::parse_lint_help(mangled));
    // CRLF line ends read the same.
    std::string crlf;
    for (const char c : text) {
        if (c == '\n') {
            crlf += '\r';
        }
        crlf += c;
    }
    const auto parsed = gc::parse_lint_help(crlf);
    REQUIRE(parsed);
    CHECK(parsed->default_level == recorded_catalog().default_level);
    CHECK(parsed->groups == recorded_catalog().groups);
}

TEST_CASE("lint_flags dedups, keeps order and --force-warn", "[lint_catalog]") {
    using L = LintRequest::Level;
    CHECK(gc::lint_flags({}).empty());
    CHECK(gc::lint_flags({{"clippy::pedantic"},
                          {"clippy::unwrap_used"},
                          {"clippy::pedantic"},
                          {"unsafe_code", L::force_warn},
                          {"clippy::unwrap-used"},
                          {"missing_docs", L::deny},
                          {"clippy::too_many_lines", L::allow}}) ==
          std::vector<std::string>{"-W", "clippy::pedantic", "--force-warn", "unsafe_code", "-W", "clippy::unwrap_used",
                                   "-D", "missing_docs", "-A", "clippy::too_many_lines"});
    // The last of identical requests is kept, so a later allow still loses to it.
    CHECK(gc::lint_flags({{"clippy::pedantic"}, {"clippy::must_use_candidate", L::allow}, {"clippy::pedantic"}}) ==
          std::vector<std::string>{"-A", "clippy::must_use_candidate", "-W", "clippy::pedantic"});
    CHECK(gc::lint_flags({{"unsafe_code", L::force_warn}, {"unsafe_code", L::force_warn}}) ==
          std::vector<std::string>{"--force-warn", "unsafe_code"});
}
