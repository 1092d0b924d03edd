// Attestations: [attestations.ID] in the configuration and its errors, expiry arithmetic on an
// injected date, the attestation gates' statuses, the verdict with a required review missing,
// and the attestation in the checklist, the JSON report (both ways) and the human report.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "config/attestation_table.hpp"
#include "evidence/keys.hpp"
#include "gates/crypto_crates.hpp"
#include "gates/gate.hpp"
#include "probes/dependency_graph.hpp"
#include "recorded.hpp"
#include "report/checklist.hpp"
#include "report/json_reader.hpp"
#include "report/render.hpp"
#include "report/verdict.hpp"

namespace {

gc::Date day(const char* text) {
    const auto d = gc::parse_date(text);
    REQUIRE(d.has_value());
    return *d;
}

gc::Config parsed(const std::string& text, const std::string& table = "") {
    gc::Config c = gc::default_config(gc::gate_schemas());
    const auto st = gc::apply_config_text(c, text, "gatecheck.toml", table, gc::gate_schemas());
    INFO((st.ok() ? std::string() : st.error().message));
    REQUIRE(st.ok());
    return c;
}

std::string error_of(const std::string& text) {
    gc::Config c = gc::default_config(gc::gate_schemas());
    const auto st = gc::apply_config_text(c, text, "gatecheck.toml", "", gc::gate_schemas());
    REQUIRE(!st.ok());
    CHECK(st.error().kind == gc::ErrorKind::config);
    return st.error().message;
}

const char* const kAda =
    "[attestations.input-validation]\n"
    "by = \"Ada Lovelace\"\n"
    "date = 2026-11-20\n"
    "note = \"reviewed all parsers in src/parse/\"\n"
    "max_age_days = 180\n"
    "required = true\n";

// One attestation gate evaluated on `config` and `evidence` on `today`.
gc::GateResult evaluate(const std::string& id, const gc::Config& config, const gc::Evidence& evidence,
                        const gc::Workspace& ws, const char* today) {
    return gc::find_gate(id)->evaluate(gc::GateInput{evidence, config.gate(id), ws, day(today)});
}

gc::DependencyGraph recorded_graph(const std::string& fixture) {
    auto g = gc::parse_dependency_graph(recorded::read_data(fixture + "/dependency-graph.stdout"));
    REQUIRE(g.ok());
    return *g;
}

}  // namespace

TEST_CASE("dates: strictly YYYY-MM-DD and real days; expiry is date + max_age_days") {
    CHECK(gc::format_date(day("2026-11-20")) == "2026-11-20");
    for (const char* bad : {"2026-02-30", "2026-13-01", "26-11-20", "2026-1-20", "2026/11/20", "2026-11-20T10:00"}) {
        INFO(bad);
        CHECK_FALSE(gc::parse_date(bad).has_value());
    }
    CHECK(gc::format_date(gc::add_days(day("2026-11-20"), 180)) == "2027-05-19");
    CHECK(gc::format_date(gc::add_days(day("2028-02-28"), 1)) == "2028-02-29");

    const auto c = parsed(kAda);
    const auto& a = *c.gate("input-validation").attestation;
    REQUIRE(a.expires().has_value());
    CHECK(gc::format_date(*a.expires()) == "2027-05-19");
    CHECK_FALSE(a.expired(day("2027-05-18")));  // the last day it holds
    CHECK(a.expired(day("2027-05-19")));
    gc::Attestation forever = a;
    forever.max_age_days.reset();
    CHECK_FALSE(forever.expires().has_value());
    CHECK_FALSE(forever.expired(day("2999-01-01")));
}

TEST_CASE("[attestations.ID] records by, date, note, max_age_days; required is the gate's") {
    const auto c = parsed(kAda);
    const auto& g = c.gate("input-validation");
    REQUIRE(g.attestation.has_value());
    CHECK(g.attestation->by == "Ada Lovelace");
    CHECK(g.attestation->date == day("2026-11-20"));
    CHECK(g.attestation->note == "reviewed all parsers in src/parse/");
    CHECK(g.attestation->max_age_days == 180);
    CHECK(g.attestation->where == "gatecheck.toml:3:8");
    CHECK(g.required);
    // The others stay unrecorded and optional.
    CHECK_FALSE(c.gate("zero-cost").attestation.has_value());
    CHECK_FALSE(c.gate("zero-cost").required);

    // A date may be a string; `required` alone records nothing; Cargo.toml's table works the same.
    const auto s = parsed(
        "[package]\nname = \"x\"\n[package.metadata.gatecheck.attestations.crypto-review]\nby = \"A\"\n"
        "date = \"2025-06-01\"\nnote = \"n\"\n[package.metadata.gatecheck.attestations.zero-cost]\nrequired = true\n",
        "package.metadata.gatecheck");
    CHECK(s.gate("crypto-review").attestation->date == day("2025-06-01"));
    CHECK_FALSE(s.gate("crypto-review").attestation->max_age_days.has_value());
    CHECK_FALSE(s.gate("zero-cost").attestation.has_value());
    CHECK(s.gate("zero-cost").required);
}

TEST_CASE("a later layer's record replaces the earlier one whole; required is kept unless set") {
    gc::Config c = parsed(kAda);
    REQUIRE(gc::apply_config_text(c, "[attestations.input-validation]\nby = \"B\"\ndate = 2026-11-21\nnote = \"n\"\n",
                                  "b.toml", "", gc::gate_schemas())
                .ok());
    const auto& a = *c.gate("input-validation").attestation;
    CHECK(a.by == "B");
    CHECK_FALSE(a.max_age_days.has_value());  // not carried over from the earlier record
    CHECK(c.gate("input-validation").required);
}

TEST_CASE("attestation errors name file, line and column") {
    CHECK(error_of("[attestations.clippy]\nby = \"x\"\n")
              .rfind("gatecheck.toml:1:15: unknown attestation 'clippy' in [attestations] (attestations: cpu-profile, "
                     "zero-cost, input-validation, crypto-review",
                     0) == 0);
    CHECK(error_of("[attestations.zero-cost]\nwho = \"x\"\n") ==
          "gatecheck.toml:2:1: unknown key 'who' in [attestations.zero-cost] (known keys: by, date, note, "
          "max_age_days, required)");
    CHECK(error_of("[attestations.zero-cost]\nby = 3\n") ==
          "gatecheck.toml:2:6: 'attestations.zero-cost.by' must be a string, not an integer");
    CHECK(error_of("[attestations.zero-cost]\nby = \" \"\n") ==
          "gatecheck.toml:2:6: 'attestations.zero-cost.by' must not be empty");
    CHECK(error_of("[attestations.zero-cost]\ndate = \"20/11/2026\"\n") ==
          "gatecheck.toml:2:8: 'attestations.zero-cost.date' must be a date written YYYY-MM-DD, not \"20/11/2026\"");
    CHECK(error_of("[attestations.zero-cost]\ndate = 2026-11-20T10:00:00\n") ==
          "gatecheck.toml:2:8: 'attestations.zero-cost.date' must be a date such as 2026-11-20 (no time of day), "
          "not a date/time");
    CHECK(error_of("[attestations.zero-cost]\nmax_age_days = 0\n") ==
          "gatecheck.toml:2:16: 'attestations.zero-cost.max_age_days' must be greater than 0");
    CHECK(error_of("[attestations.zero-cost]\nrequired = \"yes\"\n") ==
          "gatecheck.toml:2:12: 'attestations.zero-cost.required' must be true or false, not a string");
    CHECK(error_of("[attestations.zero-cost]\nby = \"x\"\nmax_age_days = 3\n") ==
          "gatecheck.toml:1:1: [attestations.zero-cost] records a review with 'by', 'date' and 'note'; missing: "
          "date, note");
    CHECK(error_of("attestations = 1\n") ==
          "gatecheck.toml:1:16: 'attestations' must be a table of attestation ids, not an integer");
    // toml++ rejects an impossible date literal itself, at its position.
    CHECK(error_of("[attestations.zero-cost]\ndate = 2026-02-30\n").rfind("gatecheck.toml:2:", 0) == 0);
}

TEST_CASE("a date after tomorrow (UTC) is an error; today and tomorrow are accepted") {
    const auto c = parsed(kAda);
    CHECK(gc::check_attestation_dates(c, day("2026-11-20")).ok());
    CHECK(gc::check_attestation_dates(c, day("2026-11-19")).ok());  // a time zone ahead of UTC
    const auto st = gc::check_attestation_dates(c, day("2026-11-18"));
    REQUIRE_FALSE(st.ok());
    CHECK(st.error().kind == gc::ErrorKind::config);
    CHECK(st.error().message ==
          "gatecheck.toml:3:8: the date of attestation 'input-validation' is in the future: 2026-11-20 (today is "
          "2026-11-18, UTC)");
}

TEST_CASE("an attestation gate: attested, expired or missing (manual), never pass") {
    const gc::Evidence none;
    const auto ws = recorded::workspace_of("clean");
    const auto c = parsed(kAda);

    const auto ok = evaluate("input-validation", c, none, ws, "2027-01-01");
    CHECK(ok.status == gc::GateStatus::attested);
    CHECK(ok.required);
    CHECK(ok.summary ==
          "attested by Ada Lovelace on 2026-11-20 (expires on 2027-05-19): reviewed all parsers in src/parse/");
    REQUIRE(ok.attestation.has_value());
    CHECK(ok.attestation->expires == "2027-05-19");
    CHECK_FALSE(ok.attestation->expired);
    CHECK(ok.todo.empty());

    const auto old = evaluate("input-validation", c, none, ws, "2027-05-19");
    CHECK(old.status == gc::GateStatus::manual);
    CHECK(old.summary == "the attestation by Ada Lovelace on 2026-11-20 expired on 2027-05-19");
    CHECK(old.attestation->expired);
    CHECK(old.todo.find("then renew [attestations.input-validation]") != std::string::npos);

    const auto missing = evaluate("zero-cost", c, none, ws, "2027-01-01");
    CHECK(missing.status == gc::GateStatus::manual);
    CHECK_FALSE(missing.required);
    CHECK(missing.summary == "no review recorded");
    CHECK_FALSE(missing.attestation.has_value());
    CHECK(missing.todo.find("then record [attestations.zero-cost] (by, date, note)") != std::string::npos);
}

TEST_CASE("the crates counted as cryptographic: the list, crates.io's category, - and _ alike") {
    const auto crypto = [](const std::string& name, std::vector<std::string> categories = {}) {
        return gc::gates::is_cryptographic(gc::DependencyPackage{"id", name, "1.0.0", std::move(categories)});
    };
    CHECK(crypto("sha2"));
    CHECK(crypto("md-5"));
    CHECK(crypto("sha1_smol"));
    CHECK(crypto("zeroize"));
    CHECK(crypto("some-new-cipher", {"cryptography"}));
    CHECK(crypto("a-wallet", {"cryptography::cryptocurrencies"}));
    for (const char* not_crypto : {"rand", "getrandom", "ahash", "siphasher", "crc32fast", "base64", "hex", "serde"}) {
        INFO(not_crypto);
        CHECK_FALSE(crypto(not_crypto, {"algorithms"}));
    }
}

TEST_CASE("docs/CONFIG.md lists every crate counted as cryptographic") {
    std::ifstream in(std::string(GATECHECK_SOURCE_DIR) + "/docs/CONFIG.md");
    REQUIRE(in.good());
    std::stringstream ss;
    ss << in.rdbuf();
    for (const auto name : gc::gates::cryptographic_crates()) {
        INFO(name);
        CHECK(ss.str().find("`" + std::string(name) + "`") != std::string::npos);
    }
}

TEST_CASE("crypto-review from the recorded dependency graphs: md5 needs a review, a dev-only md5 does not") {
    const auto c = parsed("");
    SECTION("md5 as a normal dependency: manual, naming it and the path to it") {
        gc::Evidence ev;
        ev.put(gc::keys::dependency_graph, recorded_graph("crypto"));
        const auto r = evaluate("crypto-review", c, ev, recorded::workspace_of("crypto"), "2026-11-26");
        CHECK(r.status == gc::GateStatus::manual);
        CHECK(r.summary == "uses md5 0.7.0: no review recorded");
        REQUIRE(r.findings.size() == 1);
        CHECK(r.findings[0].message == "md5 0.7.0 is cryptographic (gcfx-crypto -> md5)");
        CHECK(r.todo.find("; it uses md5 0.7.0, then record [attestations.crypto-review]") != std::string::npos);
        CHECK(r.metrics == std::vector<gc::Metric>{{"packages", 2}, {"cryptographic_crates", 1}});
    }
    SECTION("md5 only as a dev-dependency: not applicable, never a pass") {
        gc::Evidence ev;
        ev.put(gc::keys::dependency_graph, recorded_graph("crypto-dev-only"));
        const auto r = evaluate("crypto-review", c, ev, recorded::workspace_of("crypto-dev-only"), "2026-11-26");
        CHECK(r.status == gc::GateStatus::not_applicable);
        CHECK(r.summary.rfind("not applicable: no cryptographic crate in the dependency graph (1 package:", 0) == 0);
        CHECK(r.todo.empty());
    }
    SECTION("no dependency graph: error, whatever else is known") {
        const gc::Evidence none;
        const auto r = evaluate("crypto-review", c, none, recorded::workspace_of("crypto"), "2026-11-26");
        CHECK(r.status == gc::GateStatus::error);
        gc::Evidence broken;
        broken.put(gc::keys::dependency_graph, gc::ToolProblem{gc::GateStatus::unavailable, "cargo is missing", "x"});
        CHECK(evaluate("crypto-review", c, broken, recorded::workspace_of("crypto"), "2026-11-26").status ==
              gc::GateStatus::unavailable);
    }
    SECTION("a valid attestation is the final word, with the crates it covers") {
        const auto att = parsed("[attestations.crypto-review]\nby = \"Eve\"\ndate = 2026-01-02\nnote = \"ok\"\n");
        gc::Evidence ev;
        ev.put(gc::keys::dependency_graph, recorded_graph("crypto"));
        const auto r = evaluate("crypto-review", att, ev, recorded::workspace_of("crypto"), "2026-11-26");
        CHECK(r.status == gc::GateStatus::attested);
        CHECK(r.summary == "attested by Eve on 2026-01-02: ok (uses md5 0.7.0)");
    }
}

TEST_CASE("dependency graph: dev-only edges are not followed; path members are") {
    const auto g = recorded_graph("workspace");
    const auto ws = recorded::workspace_of("workspace");
    const auto* beta = ws.find_by_name("gcfx-beta");
    REQUIRE(beta != nullptr);
    const auto reached = gc::shipped_packages(g, {beta->id});
    REQUIRE(reached.size() == 2);
    CHECK(reached[0].package->name == "gcfx-beta");
    CHECK(reached[0].parent.empty());
    CHECK(reached[1].package->name == "gcfx-alpha");
    CHECK(gc::dependency_path(g, reached, reached[1].package->id) == "gcfx-beta -> gcfx-alpha");

    const auto dev = recorded_graph("crypto-dev-only");
    const auto root = recorded::workspace_of("crypto-dev-only").members.front().id;
    REQUIRE(dev.deps.at(root).size() == 1);
    CHECK(dev.deps.at(root)[0].dev_only);
    CHECK(gc::shipped_packages(dev, {root}).size() == 1);

    CHECK_FALSE(gc::parse_dependency_graph("{\"packages\": []}").ok());  // --no-deps output has no resolve
    CHECK_FALSE(gc::parse_dependency_graph("not json").ok());
}

TEST_CASE("verdict: a required attestation missing or expired fails the run; an optional one does not") {
    const auto result = [](const std::string& id, gc::GateStatus s, bool required) {
        gc::GateResult g;
        g.id = id;
        g.status = s;
        g.required = required;
        return g;
    };
    gc::Report r;
    r.gates = {result("build", gc::GateStatus::pass, true), result("zero-cost", gc::GateStatus::manual, true),
               result("cpu-profile", gc::GateStatus::manual, false)};
    gc::decide_verdict(r);
    CHECK(r.verdict == gc::Verdict::fail);
    CHECK(r.exit_code == 1);
    CHECK(r.verdict_reason == "required attestation missing or expired: zero-cost");

    r.gates[0].status = gc::GateStatus::fail;
    r.gates.push_back(result("docs", gc::GateStatus::error, true));
    gc::decide_verdict(r);
    CHECK(r.verdict_reason ==
          "required gate failed: build; required attestation missing or expired: zero-cost; "
          "not evaluated: docs");

    r.gates = {result("build", gc::GateStatus::pass, true), result("zero-cost", gc::GateStatus::attested, true),
               result("crypto-review", gc::GateStatus::not_applicable, true),
               result("cpu-profile", gc::GateStatus::manual, false)};
    gc::decide_verdict(r);
    CHECK(r.verdict == gc::Verdict::pass);
    CHECK(r.exit_code == 0);

    // A person's word alone is not a tool's check.
    r.gates = {result("build", gc::GateStatus::skip, true), result("zero-cost", gc::GateStatus::attested, true)};
    gc::decide_verdict(r);
    CHECK(r.exit_code == 3);
    CHECK(r.verdict_reason ==
          "nothing was verified by a tool: every required gate was skipped, attested or not applicable");
}

TEST_CASE("the checklist, JSON and human reports carry the attestation and the to-do") {
    const gc::Evidence none;
    const auto ws = recorded::workspace_of("clean");
    const auto c = parsed(kAda);
    gc::Report report;
    for (const char* id : {"input-validation", "zero-cost"}) {
        report.gates.push_back(evaluate(id, c, none, ws, "2027-01-01"));
    }
    report.checklist = gc::build_checklist(report.gates, {{"input-validation", {"Input validation comprehensive"}},
                                                          {"zero-cost", {"Zero-cost abstractions verified"}}});
    gc::decide_verdict(report);
    const auto entry = [&](const std::string& text) {
        return *std::find_if(report.checklist.begin(), report.checklist.end(),
                             [&](const gc::ChecklistEntry& e) { return e.text == text; });
    };
    const auto iv = entry("Input validation comprehensive");
    CHECK(iv.status == gc::ItemStatus::attested);
    REQUIRE(iv.attestation.has_value());
    CHECK(iv.attestation->by == "Ada Lovelace");
    const auto zc = entry("Zero-cost abstractions verified");
    CHECK(zc.status == gc::ItemStatus::manual);
    CHECK_FALSE(zc.todo.empty());

    const auto json = gc::render_json(report);
    CHECK(json.find("\"status\": \"attested\"") != std::string::npos);
    CHECK(json.find("\"expires\": \"2027-05-19\"") != std::string::npos);
    const auto back = gc::read_report_json(json);
    REQUIRE(back.ok());
    CHECK(gc::render_json(*back) == json);

    const auto human = gc::render_human(report, gc::RenderOptions{});
    CHECK(human.find("[sign] Input validation comprehensive") != std::string::npos);
    CHECK(human.find("input-validation: attested by Ada Lovelace on 2026-11-20") != std::string::npos);
    CHECK(human.find("[todo] Zero-cost abstractions verified") != std::string::npos);
    CHECK(human.find("A person still has to:\n  - Zero-cost abstractions verified: check that") != std::string::npos);
}
