// bench-targets: the benchmarks meet their performance targets. Absolute targets per
// benchmark id fail when even the lower bound of the benchmark's interval is above the
// target (above it only with its point estimate: warn). A regression against the baseline
// `gatecheck bench save` wrote fails only when the lower bound of the change's interval is
// above max_regression, so that noise does not fail a release. The change's interval is
// the conservative one from both intervals of the medians: [new.lower / base.upper - 1,
// new.upper / base.lower - 1] (docs/BENCHMARKS.md says why not criterion's own change).
#include <algorithm>

#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "gates/bench_view.hpp"
#include "gates/common.hpp"
#include "gates/gate.hpp"
#include "gates/perf_units.hpp"

namespace gc::gates {
namespace {

// What a regression is judged on: criterion's median where known, else the headline.
Interval judged(const BenchEstimate& e) {
    return e.median ? *e.median : e.estimate;
}

struct Verdicts {
    long failed = 0;
    long warned = 0;
    long checked = 0;
    bool unknown = false;  // a configuration or a run we could not judge: error, never pass
};

void absolute_targets(GateResult& r, const BenchView& view, const std::map<std::string, std::string>& targets,
                      Verdicts& v) {
    for (const auto& [id, text] : targets) {
        const auto limit = parse_duration_ns(text);
        if (!limit) {
            r.findings.push_back(
                perf_finding("bench-target-invalid", FindingLevel::error,
                             fmt::format("target of {}: '{}' is not a duration (ns, us, ms, s)", id, text)));
            v.unknown = true;
            continue;
        }
        const auto* e = find_estimate(view, id);
        if (e == nullptr) {
            r.findings.push_back(perf_finding("bench-target-unknown", FindingLevel::error,
                                              fmt::format("target of {}: no benchmark with that id ran", id),
                                              "benchmark ids are criterion's group/function[/parameter]"));
            ++v.failed;
            continue;
        }
        ++v.checked;
        r.metrics.emplace_back(id + ":target_ns", *limit);
        const auto shown = fmt::format("{} [{} .. {}]", format_ns(e->estimate.point), format_ns(e->estimate.lower),
                                       format_ns(e->estimate.upper));
        if (e->estimate.lower > *limit) {
            ++v.failed;
            r.findings.push_back(perf_finding("bench-target-missed", FindingLevel::error,
                                              fmt::format("{} takes {}, above its target {}", id, shown, text)));
        } else if (e->estimate.point > *limit) {
            ++v.warned;
            r.findings.push_back(perf_finding(
                "bench-target-uncertain", FindingLevel::warning,
                fmt::format("{} takes {}: above its target {}, but the interval reaches below it", id, shown, text)));
        }
    }
}

void compare(GateResult& r, const BenchRun& run, double max, Verdicts& v) {
    for (const auto& e : run.estimates) {
        const auto base = std::find_if(run.baseline->begin(), run.baseline->end(),
                                       [&](const BenchEstimate& b) { return b.id == e.id; });
        if (base == run.baseline->end()) {
            r.findings.push_back(
                perf_finding("bench-no-baseline", FindingLevel::note,
                             fmt::format("{} is not in baseline '{}': not compared", e.id, run.baseline_name)));
            continue;
        }
        const auto now = judged(e);
        const auto before = judged(*base);
        if (before.point <= 0 || before.lower <= 0) {  // bencher's spread can reach 0: no ratio to judge
            r.findings.push_back(
                perf_finding("bench-baseline-too-noisy", FindingLevel::note,
                             fmt::format("{}: the baseline's interval reaches 0 ({} +/- its spread): not compared",
                                         e.id, format_ns(before.point))));
            continue;
        }
        const double point = now.point / before.point - 1;
        const double lower = now.lower / before.upper - 1;
        const double upper = now.upper / before.lower - 1;
        ++v.checked;
        r.metrics.emplace_back(e.id + ":change", point);
        r.metrics.emplace_back(e.id + ":change_lower", lower);
        r.metrics.emplace_back(e.id + ":change_upper", upper);
        if (lower > max) {
            ++v.failed;
            r.findings.push_back(perf_finding(
                "bench-regression", FindingLevel::error,
                fmt::format("{} regressed {} [{} .. {}] against baseline '{}' ({} -> {}), above max_regression {}",
                            e.id, format_change(point), format_change(lower), format_change(upper), run.baseline_name,
                            format_ns(before.point), format_ns(now.point), format_change(max))));
        }
    }
}

void regressions(GateResult& r, const BenchView& view, double max, Verdicts& v) {
    for (const auto* run : view.runs) {
        if (!run->baseline) {
            r.findings.push_back(perf_finding("bench-baseline-missing", FindingLevel::error,
                                              fmt::format("no baseline '{}' for {}/{} ({})", run->baseline_name,
                                                          run->bench.package, run->bench.target, run->baseline_file),
                                              fmt::format("save one: gatecheck bench save {}", run->baseline_name)));
            v.unknown = true;
            continue;
        }
        compare(r, *run, max, v);
    }
}

class BenchTargetsGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{
            "bench-targets",
            "Performance",
            {"Benchmark results meet performance targets"},
            "the benchmarks gate's runs: each configured target against the benchmark's interval, and each "
            "benchmark's median against the baseline saved by `gatecheck bench save`",
            {keys::bench_build.family, keys::bench_run.family}};
        return info;
    }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        return {{"targets", SettingSpec::Type::table, std::string{},
                 "\"group/function\" = \"50ns\" (ns, us, ms, s): most time per iteration of that benchmark"},
                {"max_regression", SettingSpec::Type::text, std::string{},
                 "largest slowdown against the baseline, e.g. \"5%\" (none: not compared)"},
                {"baseline", SettingSpec::Type::text, std::string{"gatecheck"},
                 "the name `gatecheck bench save NAME` saved"}};
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        const auto targets = in.settings.table("targets");
        const auto max_text = in.settings.text("max_regression");
        auto read = read_benches(in.evidence);
        if (read.problem) {
            return from_problem(std::move(r), *read.problem);
        }
        if (targets.empty() && max_text.empty()) {
            r.status = GateStatus::skip;
            r.summary =
                "no targets configured: set [gates.bench-targets.targets] \"group/function\" = \"50ns\", "
                "or max_regression = \"5%\" against a baseline saved with `gatecheck bench save`";
            return r;
        }
        if (!read.view.broken.empty()) {
            const auto& [where, problem] = read.view.broken.front();
            return from_problem(std::move(r), ToolProblem{problem.status, where + ": " + problem.reason, problem.fix});
        }
        Verdicts v;
        absolute_targets(r, read.view, targets, v);
        if (!max_text.empty()) {
            const auto max = parse_share(max_text);
            if (!max) {
                r.findings.push_back(
                    perf_finding("bench-target-invalid", FindingLevel::error,
                                 fmt::format("max_regression '{}' is not a share like \"5%\"", max_text)));
                v.unknown = true;
            } else {
                regressions(r, read.view, *max, v);
            }
        }
        return conclude(std::move(r), v);
    }

private:
    static GateResult conclude(GateResult r, const Verdicts& v) {
        r.metrics.insert(r.metrics.begin(), {{"checked", static_cast<double>(v.checked)},
                                             {"failed", static_cast<double>(v.failed)},
                                             {"uncertain", static_cast<double>(v.warned)}});
        r.status = v.failed > 0   ? GateStatus::fail
                   : v.unknown    ? GateStatus::error
                   : v.warned > 0 ? GateStatus::warn
                                  : GateStatus::pass;
        r.summary = fmt::format("{} checked, {} missed, {} uncertain", plural(v.checked, "target"), v.failed, v.warned);
        if (v.unknown) {
            const auto it = std::find_if(r.findings.begin(), r.findings.end(), [](const Finding& f) {
                return f.rule == "bench-baseline-missing" || f.rule == "bench-target-invalid";
            });
            if (it != r.findings.end()) {
                r.summary += "; " + it->message;
                r.fix = it->hint;
            }
        }
        return r;
    }
};

}  // namespace

std::unique_ptr<Gate> make_bench_targets_gate() {
    return std::make_unique<BenchTargetsGate>();
}

}  // namespace gc::gates
