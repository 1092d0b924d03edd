#include "gates/lint_gate.hpp"

#include "evidence/lint_view.hpp"
#include "gates/common.hpp"
#include "gates/diagnostic_findings.hpp"

namespace gc::gates {
namespace {

class LintGate final : public Gate {
public:
    explicit LintGate(LintGateSpec spec) : spec_(std::move(spec)) {}
    [[nodiscard]] const GateInfo& info() const override { return spec_.info; }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        return {{"max_findings", SettingSpec::Type::integer, std::int64_t{0},
                 "more distinct findings than this fail the gate"}};
    }
    [[nodiscard]] std::vector<LintRequest> lints() const override {
        auto all = spec_.counted;
        all.insert(all.end(), spec_.readonly.begin(), spec_.readonly.end());
        return all;
    }
    [[nodiscard]] std::vector<std::pair<std::string, std::string>> clippy_config() const override {
        return spec_.clippy_config;
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        const auto view = own_lints(in.evidence, lints());
        const auto* own = view.get();
        if (own == nullptr) {
            return from_problem(std::move(r), problem_of(view, "cargo clippy did not run"));
        }
        auto reading = spec_.read ? spec_.read(in, *own) : LintReading{*own, {}, {}, spec_.clean, std::nullopt};
        if (reading.problem) {
            return from_problem(std::move(r), *reading.problem);
        }
        r = evaluate_lints(std::move(r), reading.counted, spec_.counted, in.settings.integer("max_findings"),
                           reading.clean, std::move(reading.extra));
        r.metrics.insert(r.metrics.end(), reading.metrics.begin(), reading.metrics.end());
        return r;
    }

private:
    LintGateSpec spec_;
};

}  // namespace

std::unique_ptr<Gate> make_lint_gate(LintGateSpec spec) {
    return std::make_unique<LintGate>(std::move(spec));
}

}  // namespace gc::gates
