// The miri gate with the real toolchain of this machine, which has no miri component (none
// can be installed): the real lookup gives `unavailable` with the rustup command, the gate
// is optional by default so the run still passes, and "Memory safety invariants maintained"
// stays the sanitizer's. With `[gates.miri] accept_sanitizer = true` the result follows the
// sanitizer gate on the asan-* fixtures, and says so. The real `cargo miri test` path cannot
// run here (tests/unit/test_miri.cpp covers its judgement on recorded output). Fixture
// copies are tagged "miri-*": no other test file uses them.
#include <catch2/catch.hpp>

#include "support.hpp"

using namespace e2e;

namespace {

const std::vector<std::string> kGates{"--gate", "miri", "--gate", "sanitizer"};

const json& item(const json& report, const std::string& text) {
    for (const auto& i : report.at("checklist")) {
        if (i.at("item") == text) {
            return i;
        }
    }
    throw std::runtime_error("no checklist item " + text);
}

}  // namespace

TEST_CASE("miri: no miri here, so unavailable with the rustup command; optional unless required") {
    const auto crate = fixture("asan-clean", "miri-asan-clean");
    auto r = gatecheck(crate, kGates);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    const auto& miri = gate(r.report, "miri");
    CHECK(miri.at("status") == "unavailable");
    CHECK(miri.at("fix") == "rustup +nightly component add miri");
    CHECK(contains(miri.at("summary"), "miri is not installed for the default toolchain nor for nightly"));
    CHECK_FALSE(miri.at("required").get<bool>());
    CHECK(status(r.report, "sanitizer") == "pass");
    CHECK(item(r.report, "Miri testing for undefined behavior detection").at("status") == "unavailable");
    const auto& memory = item(r.report, "Memory safety invariants maintained");
    CHECK(memory.at("status") == "pass");  // the sanitizer's evidence; an absent tool does not lower it
    CHECK(memory.at("gates") == json::array({"sanitizer", "miri"}));
    bool ran_miri_test = false;
    for (const auto& p : r.report.at("probes")) {
        ran_miri_test = ran_miri_test || p.at("id") == "miri";
    }
    CHECK_FALSE(ran_miri_test);  // nothing but the two version lookups

    // Required by configuration, an unavailable miri cannot let the run pass.
    write(crate.dir / "gatecheck.toml", "[gates.miri]\nrequired = true\n");
    r = gatecheck(crate, kGates);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.report.at("verdict") != "pass");
}

TEST_CASE("miri: accept_sanitizer on clean code passes, and says what AddressSanitizer does not see") {
    const auto crate = fixture("asan-clean", "miri-asan-clean-accept");
    write(crate.dir / "gatecheck.toml", "[gates.miri]\naccept_sanitizer = true\n");
    const auto r = gatecheck(crate, kGates);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    const auto& miri = gate(r.report, "miri");
    CHECK(miri.at("status") == "pass");
    const std::string summary = miri.at("summary");
    CHECK(summary.rfind("miri did not run (", 0) == 0);
    CHECK(contains(summary, "AddressSanitizer evidence accepted by configuration"));
    CHECK(contains(summary, "does not see aliasing violations"));
    CHECK(metric(r.report, "miri", "passed") == metric(r.report, "sanitizer", "passed"));
    CHECK(item(r.report, "Miri testing for undefined behavior detection").at("status") == "pass");
    CHECK(contains(r.out, "miri did not run"));  // in the human report too, never silently
}

TEST_CASE("miri: accept_sanitizer with a use after free fails with the sanitizer's finding") {
    const auto crate = fixture("asan-use-after-free", "miri-asan-uaf");
    write(crate.dir / "gatecheck.toml", "[gates.miri]\naccept_sanitizer = true\n");
    const auto r = gatecheck(crate, kGates);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 1);
    const auto& miri = gate(r.report, "miri");
    CHECK(miri.at("status") == "fail");
    CHECK(contains(miri.at("summary"), "miri did not run"));
    CHECK(contains(miri.at("summary"), "heap-use-after-free"));
    bool uaf = false;
    for (const auto& f : miri.at("findings")) {
        uaf = uaf || f.at("rule") == "asan::heap-use-after-free";
    }
    CHECK(uaf);
    CHECK(item(r.report, "Miri testing for undefined behavior detection").at("status") == "fail");
    CHECK(item(r.report, "Memory safety invariants maintained").at("status") == "fail");
}
