// features: every feature combination of the crate builds (cargo-hack's --each-feature:
// --no-default-features, each feature alone, --all-features), proving the spec's "Cargo.toml
// with feature flags" beyond the default and all-features builds the build gate checks.
#include <algorithm>

#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "gates/common.hpp"
#include "gates/diagnostic_findings.hpp"
#include "gates/gate.hpp"

namespace gc::gates {
namespace {

std::string label(const FeatureCombination& c) {
    return fmt::format("{} {}", c.package, c.display());
}

// The combination's first error: a failing build script, else rustc's first error.
Finding failure_finding(const FeatureCheck& check, const CompileEvidence& ev) {
    Finding f{"gatecheck::feature-combination", FindingLevel::error, "", "", std::nullopt, std::nullopt};
    std::string first = "cargo reported the build failed";
    if (!ev.build_script_failures.empty()) {
        first = ev.build_script_failures.front();
    } else {
        for (const auto& d : ev.diagnostics) {
            if (d.level == "error") {
                const auto at = to_finding(d);
                f.file = at.file;
                f.line = at.line;
                f.column = at.column;
                // No snippet: the fingerprint then comes from the message, which names the
                // combination, so two combinations failing at one place stay two findings.
                first = d.code.empty() ? d.message : fmt::format("{} [{}]", d.message, d.code);
                break;
            }
        }
    }
    const auto where = f.line ? fmt::format(" at {}:{}:{}", f.file, *f.line, f.column.value_or(0)) : std::string();
    f.message = fmt::format("`{}` does not compile: {}{}", label(check.combination), first, where);
    f.hint = fmt::format("rerun: cargo check --all-targets -p {} {}", check.combination.package,
                         check.combination.display());
    return f;
}

// The crate's default build: `--features default`, or without a `default` feature, none.
bool is_default_build(const FeaturesEvidence& ev, const FeatureCombination& c) {
    if (c.features == std::vector<std::string>{"default"}) {
        return true;
    }
    auto is_default = [&](const FeatureCombination& other) {
        return other.package == c.package && other.features == std::vector<std::string>{"default"};
    };
    const bool has_default = std::any_of(ev.checks.begin(), ev.checks.end(),
                                         [&](const FeatureCheck& other) { return is_default(other.combination); }) ||
                             std::any_of(ev.not_checked.begin(), ev.not_checked.end(), is_default);
    return !has_default && c.no_default_features && c.features.empty();
}

// Counts and findings over every run combination; metric per combination: 1 compiles,
// 0 does not, -1 not known (cargo could not check it).
struct Tally {
    long failed = 0;
    long errors = 0;
    bool default_failed = false;
    std::string first_problem;
};

Tally tally(const FeaturesEvidence& ev, GateResult& r) {
    Tally t;
    for (const auto& check : ev.checks) {
        const auto* compiled = check.result.get();
        const bool ok = compiled != nullptr && compiled->success && compiled->build_script_failures.empty();
        r.metrics.emplace_back(label(check.combination), compiled == nullptr ? -1 : ok ? 1 : 0);
        if (compiled == nullptr) {
            ++t.errors;
            const auto problem = problem_of(check.result, "not run (the run was interrupted)");
            const auto why = fmt::format("`{}` could not be checked: {}", label(check.combination), problem.reason);
            t.first_problem = t.first_problem.empty() ? why : t.first_problem;
            r.findings.push_back(Finding{"gatecheck::feature-combination-error", FindingLevel::error, why, "",
                                         std::nullopt, std::nullopt});
        } else if (!ok) {
            ++t.failed;
            const auto& c = check.combination;
            t.default_failed = t.default_failed || is_default_build(ev, c);
            r.findings.push_back(failure_finding(check, *compiled));
        }
    }
    return t;
}

// Compiler artifacts cargo did not find fresh, over every run: 0 on a warm re-run.
long rebuilt(const FeaturesEvidence& ev) {
    long n = 0;
    for (const auto& check : ev.checks) {
        n += check.rebuilt;
    }
    return n;
}

void add_cap_warning(const FeaturesEvidence& ev, GateResult& r) {
    std::vector<std::string> left;
    for (const auto& c : ev.not_checked) {
        left.push_back("`" + label(c) + "`");
    }
    r.findings.push_back(
        Finding{"gatecheck::features-capped", FindingLevel::warning,
                fmt::format("max_combinations = {}: not checked: {}", ev.max_combinations, fmt::join(left, ", ")), "",
                std::nullopt, std::nullopt});
}

class FeaturesGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{
            "features",
            "Best practices",
            {"Cargo.toml with feature flags"},
            "cargo check --all-targets per feature combination: --no-default-features, each feature alone, "
            "--all-features (in <target-dir>/gatecheck/features)",
            {keys::features.family}};
        return info;
    }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        return {{"max_combinations", SettingSpec::Type::integer, std::int64_t{32},
                 "at most this many combinations per package; the rest are listed as not checked and the gate "
                 "warns"},
                {"optional_deps", SettingSpec::Type::boolean, false,
                 "also check each optional dependency's implicit feature alone"}};
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        const auto& probed = in.evidence.get(keys::features);
        const auto* ev = probed.get();
        if (ev == nullptr) {
            return from_problem(std::move(r), problem_of(probed, "the feature combinations were not checked"));
        }
        return judge(std::move(r), *ev);
    }

private:
    static GateResult judge(GateResult r, const FeaturesEvidence& ev) {
        const auto t = tally(ev, r);
        const auto checked = static_cast<long>(ev.checks.size());
        const auto not_checked = static_cast<long>(ev.not_checked.size());
        r.metrics.insert(r.metrics.begin(), {{"combinations", checked + not_checked},
                                             {"checked", checked - t.errors},
                                             {"failed", t.failed},
                                             {"errors", t.errors},
                                             {"not_checked", not_checked},
                                             {"packages_without_features", static_cast<long>(ev.featureless.size())},
                                             {"rebuilt", rebuilt(ev)}});
        if (not_checked > 0) {
            add_cap_warning(ev, r);
        }
        if (t.failed > 0) {
            r.status = GateStatus::fail;
            r.summary = fmt::format("{} of {} feature combinations do not compile{}", t.failed, checked,
                                    t.default_failed ? " (the default build among them)" : "");
        } else if (t.errors > 0) {
            r.status = GateStatus::error;
            r.summary = t.first_problem;
        } else if (not_checked > 0) {
            r.status = GateStatus::warn;
            r.summary = fmt::format("{} feature combinations compile; {} not checked (max_combinations = {})", checked,
                                    not_checked, ev.max_combinations);
        } else if (checked == 0) {
            r.status = GateStatus::pass;
            r.summary = "no features: default build only (the build gate checks it)";
        } else {
            r.status = GateStatus::pass;
            r.summary = fmt::format("all {} feature combinations compile", checked);
        }
        return r;
    }
};

}  // namespace

std::unique_ptr<Gate> make_features_gate() {
    return std::make_unique<FeaturesGate>();
}

}  // namespace gc::gates
