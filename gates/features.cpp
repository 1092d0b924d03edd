// features: every feature combination of the crate builds (cargo-hack's --each-feature:
// --no-default-features, each feature alone, --all-features), proving the spec's "Cargo.toml
// with feature flags" beyond the default and all-features builds the build gate checks. The
// verdict is the library and binaries per combination, as cargo-hack checks by default; a test,
// bench or example that breaks under a combination is a warning naming it.
#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "evidence/keys.hpp"
#include "gates/common.hpp"
#include "gates/diagnostic_findings.hpp"
#include "gates/gate.hpp"

namespace gc::gates {
namespace {

std::string label(const FeatureCombination& c) {
    return fmt::format("{} {}", c.package, c.display());
}

// The first error of a run: a failing build script, else rustc's first error (its place in `f`).
std::string first_error(const CompileEvidence& ev, Finding& f) {
    if (!ev.build_script_failures.empty()) {
        return ev.build_script_failures.front();
    }
    for (const auto& d : ev.diagnostics) {
        if (d.level == "error") {
            const auto at = to_finding(d);
            f.file = at.file;
            f.line = at.line;
            f.column = at.column;
            // No snippet: the fingerprint then comes from the message, which names the
            // combination, so two combinations failing at one place stay two findings.
            return d.code.empty() ? d.message : fmt::format("{} [{}]", d.message, d.code);
        }
    }
    return "cargo reported the build failed";
}

std::string place(const Finding& f) {
    return f.line ? fmt::format(" at {}:{}:{}", f.file, *f.line, f.column.value_or(0)) : std::string();
}

// The library or binaries do not compile under the combination: the crate's failure.
Finding failure_finding(const FeatureCheck& check, const CompileEvidence& ev) {
    Finding f{"gatecheck::feature-combination", FindingLevel::error, "", "", std::nullopt, std::nullopt};
    const auto first = first_error(ev, f);
    f.message = fmt::format("`{}` does not compile: {}{}", label(check.combination), first, place(f));
    f.hint = fmt::format("rerun: cargo check -p {} {}", check.combination.package, check.combination.display());
    return f;
}

// The targets with an error in the `--all-targets` run, as a user names them. The library and
// binaries compiled alone, so an error reported for one of them is in its unit tests.
std::string broken_targets(const CompileEvidence& ev) {
    std::vector<std::string> names;
    for (const auto& d : ev.diagnostics) {
        if (d.level != "error" || d.target_name.empty()) {
            continue;
        }
        const bool shipped = d.target_kind == "lib" || d.target_kind == "rlib" || d.target_kind == "proc-macro" ||
                             d.target_kind == "bin";
        auto name =
            shipped ? fmt::format("the unit tests of {} `{}`", d.target_kind == "bin" ? "bin" : "lib", d.target_name)
                    : fmt::format("{} `{}`", d.target_kind, d.target_name);
        if (std::find(names.begin(), names.end(), name) == names.end()) {
            names.push_back(std::move(name));
        }
    }
    return names.empty() ? std::string("its tests, benches or examples") : fmt::format("{}", fmt::join(names, ", "));
}

// The library and binaries compile under the combination, some test, bench or example does
// not: a warning naming them (cargo-hack does not build them either by default).
Finding targets_finding(const FeatureCheck& check, const CompileEvidence& ev) {
    Finding f{"gatecheck::feature-combination-targets", FindingLevel::warning, "", "", std::nullopt, std::nullopt};
    const auto first = first_error(ev, f);
    f.message = fmt::format("`{}`: the library and binaries compile, but not {}: {}{}", label(check.combination),
                            broken_targets(ev), first, place(f));
    f.hint = fmt::format(
        "rerun: cargo check --all-targets -p {} {}; a target that needs a feature can say so "
        "(`required-features` in its [[test]]/[[bench]]/[[example]], or `#![cfg(feature = \"...\")]`)",
        check.combination.package, check.combination.display());
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
    long targets_failed = 0;  // the library and binaries compile, a test, bench or example does not
    long errors = 0;          // combinations cargo could not check (either run)
    long unchecked = 0;       // of those, the ones whose library and binaries are not known
    bool default_failed = false;
    std::string first_problem;
};

void tally_targets(const FeatureCheck& check, Tally& t, GateResult& r) {
    const auto* all = check.targets.get();
    const bool ok = all != nullptr && all->success && all->build_script_failures.empty();
    r.metrics.emplace_back(label(check.combination) + " --all-targets", all == nullptr ? -1 : ok ? 1 : 0);
    if (all == nullptr) {
        // Unknown is never a pass, even for what only warns.
        ++t.errors;
        const auto problem = problem_of(check.targets, "not run (the run was interrupted)");
        const auto why =
            fmt::format("`{} --all-targets` could not be checked: {}", label(check.combination), problem.reason);
        t.first_problem = t.first_problem.empty() ? why : t.first_problem;
        r.findings.push_back(
            Finding{"gatecheck::feature-combination-error", FindingLevel::error, why, "", std::nullopt, std::nullopt});
    } else if (!ok) {
        ++t.targets_failed;
        r.findings.push_back(targets_finding(check, *all));
    }
}

Tally tally(const FeaturesEvidence& ev, GateResult& r) {
    Tally t;
    for (const auto& check : ev.checks) {
        const auto* compiled = check.result.get();
        const bool ok = compiled != nullptr && compiled->success && compiled->build_script_failures.empty();
        r.metrics.emplace_back(label(check.combination), compiled == nullptr ? -1 : ok ? 1 : 0);
        if (compiled == nullptr) {
            ++t.errors;
            ++t.unchecked;
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
        } else if (check.targets_planned) {
            tally_targets(check, t, r);
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
            "cargo check --lib --bins per feature combination: --no-default-features, each feature alone, "
            "--all-features (in <target-dir>/gatecheck/features); then --all-targets where they compile, a test, "
            "bench or example that does not a warning",
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
                                             {"checked", checked - t.unchecked},
                                             {"failed", t.failed},
                                             {"targets_failed", t.targets_failed},
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
        } else if (not_checked > 0 || t.targets_failed > 0) {
            r.status = GateStatus::warn;
            r.summary = fmt::format("{} feature combinations compile", checked);
            if (t.targets_failed > 0) {
                r.summary += fmt::format(" (library and binaries); under {} of them a test, bench or example does not",
                                         t.targets_failed);
            }
            if (not_checked > 0) {
                r.summary += fmt::format("; {} not checked (max_combinations = {})", not_checked, ev.max_combinations);
            }
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
