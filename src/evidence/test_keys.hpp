#pragma once
// The keys of one flavour of the test pipeline's evidence (probes/flavour.hpp says what a
// flavour builds and runs): gates name a flavour's evidence by its name alone.
#include <string>
#include <string_view>

#include "evidence/store.hpp"
#include "evidence/tests.hpp"

namespace gc {

struct TestKeys {
    std::string name;  // "plain", "coverage", "asan", "tsan"

    [[nodiscard]] bool is_plain() const { return name == "plain"; }
    // "test-build" for plain, "test-build@asan" for a flavour.
    [[nodiscard]] std::string family(std::string_view base) const {
        return is_plain() ? std::string(base) : std::string(base) + "@" + name;
    }
    [[nodiscard]] EvidenceKey<TestBuildEvidence> build_key() const { return {family("test-build")}; }
    [[nodiscard]] EvidenceKey<TestRun> unit_key() const { return {family("unit-test")}; }
    [[nodiscard]] EvidenceKey<TestRun> integration_key() const { return {family("integration-test")}; }
    // Per package: `cargo test --doc` built and run with the flavour's flags (coverage only).
    [[nodiscard]] EvidenceKey<TestRun> doctest_key() const { return {family("doctests")}; }
};

}  // namespace gc
