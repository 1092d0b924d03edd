// unit-tests: the unit tests of lib and bin targets, each binary run by gatecheck itself.
#include "evidence/keys.hpp"
#include "gates/common.hpp"
#include "gates/gate.hpp"
#include "gates/test_results.hpp"

namespace gc::gates {
namespace {

class UnitTestsGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{
            "unit-tests",
            "Testing",
            {"Unit tests with comprehensive coverage"},
            "each lib/bin test binary from `cargo test --no-run`, run with libtest JSON; per-test results",
            {keys::plain_tests.family("test-build"), keys::plain_tests.family("unit-test")}};
        return info;
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        return evaluate_test_gate(std::move(r), in.evidence, keys::plain_tests, TestScope::unit,
                                  {"unit tests", "no unit tests: no lib or bin target to test", GateStatus::fail});
    }
};

}  // namespace

std::unique_ptr<Gate> make_unit_tests_gate() {
    return std::make_unique<UnitTestsGate>();
}

}  // namespace gc::gates
