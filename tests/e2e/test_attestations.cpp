// Attestations end to end: reviews recorded (or not) in gatecheck.toml and Cargo.toml, a
// required one missing, crypto-review from the real resolved dependency graph (md5 from
// Debian's registry), a date in the future, and `gatecheck list` / the JSON checklist
// covering every Development and Security item.
#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <string>

#include "support.hpp"

using namespace e2e;

namespace {

const json& item(const json& report, const std::string& text) {
    for (const auto& e : report.at("checklist")) {
        if (e.at("item") == text) {
            return e;
        }
    }
    throw std::runtime_error("no checklist item " + text);
}

const char* const kInput = "Input validation comprehensive";
const char* const kCrypto = "Cryptographic implementations reviewed";
const char* const kCpu = "CPU profiling shows no unexpected hotspots";
const char* const kZero = "Zero-cost abstractions verified";

}  // namespace

TEST_CASE("no attestation recorded: every review is manual, crypto-review not applicable, the run still passes") {
    const auto r = gatecheck(fixture("clean", "att-clean"));
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    const auto& rep = r.report;
    for (const char* text : {kInput, kCpu, kZero}) {
        INFO(text);
        CHECK(item(rep, text).at("status") == "manual");
        CHECK(contains(item(rep, text).at("todo").get<std::string>(), "then record [attestations."));
        CHECK_FALSE(item(rep, text).contains("attestation"));
    }
    CHECK(item(rep, kCrypto).at("status") == "not-applicable");
    CHECK(status(rep, "crypto-review") == "not-applicable");
    CHECK(contains(gate(rep, "crypto-review").at("summary"), "no cryptographic crate in the dependency graph"));
    CHECK(metric(rep, "crypto-review", "cryptographic_crates") == 0);
    CHECK(gate(rep, "input-validation").at("required") == false);
    CHECK(contains(r.out, "[todo] Input validation comprehensive"));
    CHECK(contains(r.out, "A person still has to:\n  - CPU profiling shows no unexpected hotspots: profile"));
    CHECK_FALSE(contains(r.out, "  - Cryptographic implementations reviewed"));
}

TEST_CASE("reviews recorded in gatecheck.toml: attested with who, when and what; an expired one is manual") {
    const auto r = gatecheck(fixture("attested", "att-attested"));
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    const auto& rep = r.report;
    const auto& input = item(rep, kInput);
    CHECK(input.at("status") == "attested");
    CHECK(input.at("attestation") == json{{"by", "Ada Lovelace"},
                                          {"date", "2026-01-15"},
                                          {"note", "parse_count rejects everything but a decimal count"},
                                          {"expires", nullptr},
                                          {"expired", false}});
    CHECK(status(rep, "input-validation") == "attested");
    CHECK(contains(r.out, "[sign] Input validation comprehensive"));
    CHECK(contains(r.out, "input-validation: attested by Ada Lovelace on 2026-01-15: parse_count rejects"));

    // The date written as a string; attested even though nothing needed the review.
    CHECK(item(rep, kCrypto).at("status") == "attested");
    CHECK(item(rep, kCrypto).at("attestation").at("date") == "2025-06-01");

    const auto& cpu = item(rep, kCpu);
    CHECK(cpu.at("status") == "manual");
    CHECK(cpu.at("attestation").at("expired") == true);
    CHECK(cpu.at("attestation").at("expires") == "2020-01-31");
    CHECK(gate(rep, "cpu-profile").at("summary") ==
          "the attestation by Grace Hopper on 2020-01-01 expired on 2020-01-31");
    CHECK(contains(cpu.at("todo").get<std::string>(), "then renew [attestations.cpu-profile]"));

    CHECK(item(rep, kZero).at("status") == "manual");
    CHECK(contains(r.out, "A person still has to:"));
    CHECK_FALSE(contains(r.out, "  - Input validation comprehensive:"));
}

TEST_CASE("a required attestation nobody recorded fails the run (exit 1), naming it") {
    const auto r = gatecheck(fixture("attestation-required", "att-required"));
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    const auto& rep = r.report;
    CHECK(rep.at("verdict") == "fail");
    CHECK(rep.at("verdict_reason") == "required attestation missing or expired: zero-cost");
    CHECK(status(rep, "zero-cost") == "manual");
    CHECK(gate(rep, "zero-cost").at("required") == true);
    // Required (in gatecheck.toml) and recorded: no part of the failure.
    CHECK(status(rep, "input-validation") == "attested");
    CHECK(gate(rep, "input-validation").at("required") == true);
    CHECK(contains(r.out, "verdict: FAIL: required attestation missing or expired: zero-cost"));
}

TEST_CASE("crypto-review: a crate that depends on md5 needs a review naming it; dev-only md5 does not") {
    const auto r = gatecheck(fixture("crypto", "att-crypto"));
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    const auto& rep = r.report;
    CHECK(item(rep, kCrypto).at("status") == "manual");
    CHECK(gate(rep, "crypto-review").at("summary") == "uses md5 0.7.0: no review recorded");
    CHECK(metric(rep, "crypto-review", "cryptographic_crates") == 1);
    const auto& findings = gate(rep, "crypto-review").at("findings");
    REQUIRE(findings.size() == 1);
    CHECK(findings[0].at("message") == "md5 0.7.0 is cryptographic (gcfx-crypto -> md5)");
    CHECK(contains(item(rep, kCrypto).at("todo").get<std::string>(), "it uses md5 0.7.0"));
    CHECK(contains(r.out, "  - Cryptographic implementations reviewed: "));

    const auto dev = gatecheck(fixture("crypto-dev-only", "att-crypto-dev"));
    INFO(dev.out << dev.err);
    CHECK(dev.exit_code == 0);
    CHECK(status(dev.report, "crypto-review") == "not-applicable");
    CHECK(metric(dev.report, "crypto-review", "packages") == 1);
}

TEST_CASE("an attestation dated in the future is a configuration error: exit 2, file:line:col") {
    const auto crate = fixture("attested", "att-future");
    {
        std::ofstream toml(crate.dir / "gatecheck.toml", std::ios::app);
        toml << "\n[attestations.zero-cost]\nby = \"Time Traveller\"\ndate = 2999-01-01\nnote = \"later\"\n";
    }
    const auto r = gatecheck(crate);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK(contains(r.err, "gatecheck.toml:23:8: the date of attestation 'zero-cost' is in the future: 2999-01-01"));
    CHECK(contains(r.report.at("error").get<std::string>(), "is in the future"));
}

TEST_CASE("list and the JSON checklist: every Development and Security item is proved by a gate or attestation") {
    const auto list = gatecheck_plain({"list"}, source_dir());
    INFO(list.out << list.err);
    CHECK(list.exit_code == 0);
    for (const char* id : {"input-validation", "crypto-review", "cpu-profile", "zero-cost"}) {
        INFO(id);
        CHECK(contains(list.out, std::string("[attestations.") + id + "]"));
    }
    CHECK(contains(list.out, "input-validation   Security        attestation (a person's review)"));
    // Every item is proved now: no empty "no gate proves yet" header, a line that says so.
    CHECK(contains(list.out, "Every checklist item is proved by a gate or a person's attestation."));
    CHECK_FALSE(contains(list.out, "Checklist items no gate proves yet"));
    const auto unproved = list.out;
    for (const char* phase : {"Development", "Security"}) {
        std::size_t at = 0;
        while ((at = unproved.find(std::string("[") + phase + "] ", at)) != std::string::npos) {
            const auto start = at + std::string(phase).size() + 3;
            const auto text = unproved.substr(start, unproved.find('\n', start) - start);
            FAIL_CHECK("not proved by any gate or attestation: " << text);
            at = start;
        }
    }

    const auto r = gatecheck(fixture("clean", "att-clean"));
    INFO(r.out << r.err);
    for (const auto& e : r.report.at("checklist")) {
        if (e.at("phase") == "Development" || e.at("phase") == "Security") {
            INFO(e.dump());
            CHECK(e.at("status") != "not-checked");
            CHECK_FALSE(e.at("gates").empty());
        }
    }
}
