// doctests: `cargo test --doc` per library package, with libtest JSON.
#include "gates/common.hpp"
#include "gates/gates.hpp"

namespace gc::gates {
namespace {

class DoctestsGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{
            "doctests",
            "Best practices",
            {"Use doc tests to verify examples work"},
            "cargo test --doc per library (stable, RUSTC_BOOTSTRAP=1, libtest JSON); per-test results",
            {ProbeKind::doctests},
            {}};
        return info;
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        std::vector<const Probed<TestRun>*> runs;
        for (const auto& [package, run] : in.evidence.doctests) {
            runs.push_back(&run);
        }
        return evaluate_test_runs(std::move(r), runs,
                                  {"doc tests", "no library target: no doc tests to run", GateStatus::skip});
    }
};

}  // namespace

std::unique_ptr<Gate> make_doctests_gate() {
    return std::make_unique<DoctestsGate>();
}

}  // namespace gc::gates
