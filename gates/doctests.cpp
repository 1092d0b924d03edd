// doctests: `cargo test --doc` per library package, with libtest JSON.
#include <algorithm>

#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "gates/common.hpp"
#include "gates/gate.hpp"
#include "gates/test_results.hpp"

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
            {keys::doctests.family}};
        return info;
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        std::vector<const Probed<TestRun>*> runs;
        const auto doctests = in.evidence.all(keys::doctests);
        runs.reserve(doctests.size());
        for (const auto& [package, run] : doctests) {
            runs.push_back(run);
        }
        // A library without a doc test run either turned them off (`doctest = false`: its
        // examples are never checked, a failure rather than a skip) or was never run
        // (unknown, so an error).
        static const Probed<TestRun> never_ran{ToolProblem{GateStatus::error, "cargo test --doc did not run", ""}};
        std::string disabled;
        for (const auto* pkg : in.workspace.selected_packages()) {
            for (const auto& t : pkg->targets) {
                if (t.is_library() && !t.doctest) {
                    disabled += (disabled.empty() ? "" : ", ") + pkg->name;
                } else if (t.is_library() && std::none_of(doctests.begin(), doctests.end(),
                                                          [&](const auto& d) { return d.first == pkg->name; })) {
                    runs.push_back(&never_ran);
                }
            }
        }
        if (!disabled.empty()) {
            r.status = GateStatus::fail;
            r.summary = fmt::format("doc tests are turned off (`doctest = false` in [lib]) for {}", disabled);
            return r;
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
