// integration-tests: tests/*.rs targets exist and pass; none existing is a failure.
#include "evidence/keys.hpp"
#include "gates/common.hpp"
#include "gates/gate.hpp"
#include "gates/test_results.hpp"

namespace gc::gates {
namespace {

class IntegrationTestsGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{
            "integration-tests",
            "Testing",
            {"Integration tests for external interfaces"},
            "each tests/*.rs binary from `cargo test --no-run`, run with libtest JSON; none is a failure",
            {keys::plain_tests.family("test-build"), keys::plain_tests.family("integration-test")}};
        return info;
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        return evaluate_test_gate(
            std::move(r), in.evidence, keys::plain_tests, TestScope::integration,
            {"integration tests", "no integration tests: add test files under tests/ (tests/*.rs)", GateStatus::fail});
    }
};

}  // namespace

std::unique_ptr<Gate> make_integration_tests_gate() {
    return std::make_unique<IntegrationTestsGate>();
}

}  // namespace gc::gates
