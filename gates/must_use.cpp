// must-use: results that callers should not drop, from clippy's must-use lints in the shared run.
#include "gates/common.hpp"
#include "gates/gates.hpp"
#include "probes/keys.hpp"

namespace gc::gates {
namespace {

class MustUseGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{
            "must-use",
            "Best practices",
            {"Use `#[must_use]` for important returns"},
            "the shared cargo clippy run with clippy::must_use_candidate, return_self_not_must_use, "
            "double_must_use, let_underscore_must_use: distinct warnings of those lints only",
            {keys::clippy.family},
            {"max_findings (integer, 0): more distinct findings than this fail the gate"}};
        return info;
    }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        return {{"max_findings", SettingSpec::Type::integer, std::int64_t{0}, "distinct findings allowed"}};
    }
    [[nodiscard]] std::vector<LintRequest> lints() const override {
        return {{"clippy::must_use_candidate"},
                {"clippy::return_self_not_must_use"},
                {"clippy::double_must_use"},
                {"clippy::let_underscore_must_use"}};
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        const auto view = own_lints(in.evidence, lints());
        const auto* ev = view.get();
        if (ev == nullptr) {
            return from_problem(std::move(r), problem_of(view, "cargo clippy did not run"));
        }
        return evaluate_lints(std::move(r), *ev, lints(), in.settings.integer("max_findings"),
                              "no result that should be #[must_use] is unmarked or dropped");
    }
};

}  // namespace

std::unique_ptr<Gate> make_must_use_gate() {
    return std::make_unique<MustUseGate>();
}

}  // namespace gc::gates
