// allocations: heap allocations and bytes per iteration of each benchmark's measured loop,
// from valgrind's DHAT. criterion and libtest benchmarks run alone with exactly one iteration
// of the loop (criterion's `--test`, libtest's test mode); bencher's run of every benchmark is
// split by benchmark, its first call of each being one iteration. Each allocation site counts
// for the loop when its stack passes through the harness's `Bencher::iter`, so set-up (before
// `b.iter`, the harness itself) cancels out by construction. docs/PROFILING.md: the method,
// measured, and what it cannot see. Thresholds per benchmark: [gates.allocations.max_per_iter].
#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>
#include <set>

#include <fmt/format.h>

#include "gates/bench_runs.hpp"
#include "gates/gate.hpp"

namespace gc::gates {
namespace {

inline constexpr const char* kNotMeasured =
    "allocations are attributed through criterion's, libtest's or bencher's measured loop; a custom harness has "
    "none gatecheck knows";

std::string site_text(const AllocationSite& s) {
    return s.location.empty() ? s.function : fmt::format("{} ({})", s.function, s.location);
}

// `[gates.allocations.max_per_iter]`: benchmark id -> most allocations per iteration.
using IntegerTable = std::map<std::string, std::int64_t>;

Result<IntegerTable> limits_of(const GateSettings& settings) {
    IntegerTable out;
    for (const auto& [id, text] : settings.table("max_per_iter")) {
        std::int64_t n = -1;
        const auto* end = text.data() + text.size();
        if (const auto [ptr, ec] = std::from_chars(text.data(), end, n); ec != std::errc{} || ptr != end || n < 0) {
            return make_error(
                ErrorKind::config,
                fmt::format("[gates.allocations.max_per_iter] \"{}\" must be an integer >= 0, not \"{}\"", id, text));
        }
        out[id] = n;
    }
    return out;
}

// What a limit says of a benchmark: over it, within it, or not known (bencher's totals).
enum class LimitCheck { within, over, unknown };

LimitCheck check_limit(const BenchAllocations& a, std::int64_t limit) {
    if (a.iterations > 0) {
        return a.loop_blocks / a.iterations > limit ? LimitCheck::over : LimitCheck::within;
    }
    // Only the run's total is known: at least one iteration ran, so the mean per iteration is
    // at most the total, and more than zero when the total is.
    if (a.loop_blocks <= limit) {
        return LimitCheck::within;
    }
    return limit == 0 ? LimitCheck::over : LimitCheck::unknown;
}

std::string loop_text(const AllocationsRun& run) {
    const auto& a = run.allocations;
    if (a.iterations == 0) {
        return fmt::format(
            "{}: {} ({} bytes) in the measured loop over the whole bencher run; per iteration not known "
            "(its first iteration could not be told apart, or allocated nothing)",
            run.id, plural(static_cast<long>(a.loop_blocks), "allocation"), a.loop_bytes);
    }
    const auto per_iter = a.loop_blocks / a.iterations;
    if (per_iter == 0) {
        return fmt::format("{}: zero allocations in the measured loop ({} in set-up, outside it{})", run.id,
                           plural(static_cast<long>(a.setup_blocks), "allocation"),
                           a.run_loop_blocks == 0 ? "; none in any iteration of the whole bencher run" : "");
    }
    return fmt::format("{}: {} ({} bytes) per iteration in the measured loop", run.id,
                       plural(static_cast<long>(per_iter), "allocation"), a.loop_bytes / a.iterations);
}

Finding bench_finding(const AllocationsRun& run, const IntegerTable& limits) {
    const auto& a = run.allocations;
    const bool zero = a.loop_blocks == 0;
    Finding f{zero ? "allocations::zero" : "allocations::per-iteration",
              FindingLevel::note,
              loop_text(run),
              "",
              std::nullopt,
              std::nullopt};
    if (!zero && !a.loop_sites.empty()) {
        f.message += "; largest site " + site_text(a.loop_sites.front());
    }
    if (a.unattributed_blocks > 0) {
        f.message += fmt::format(" ({} whose stack DHAT cut short, or with no benchmark on it, counted in the loop)",
                                 a.unattributed_blocks);
    }
    f.hint = "DHAT's own view: open " + run.dhat_file + " in /usr/libexec/valgrind/dh_view.html";
    const auto limit = limits.find(run.id);
    if (limit == limits.end()) {
        return f;
    }
    switch (check_limit(a, limit->second)) {
        case LimitCheck::over:
            f.rule = "allocations::over-limit";
            f.level = FindingLevel::error;
            f.message += fmt::format(", over the limit of {}", limit->second);
            break;
        case LimitCheck::unknown:
            f.rule = "allocations::limit-unchecked";
            f.level = FindingLevel::warning;
            f.message +=
                fmt::format("; the limit of {} per iteration cannot be checked against a total", limit->second);
            break;
        case LimitCheck::within:
            break;
    }
    return f;
}

// The deferred benchmark a limit's id may name: "PACKAGE/TARGET/ID", or a bencher target left
// whole (its ids are only known once it runs); empty when none.
std::string deferred_key(const std::vector<std::string>& deferred, const std::string& id) {
    for (const auto& key : deferred) {
        if (key.size() > id.size() && key.compare(key.size() - id.size(), id.size(), id) == 0 &&
            key[key.size() - id.size() - 1] == '/') {
            return key;
        }
    }
    for (const auto& key : deferred) {
        if (std::count(key.begin(), key.end(), '/') == 1) {
            return key + " (a bencher target, measured as a whole)";
        }
    }
    return "";
}

GateResult judge(GateResult r, const BenchRuns<AllocationsRun>& runs, const IntegerTable& limits) {
    long long zero = 0;
    long long over = 0;
    std::set<std::string> seen;
    for (const auto* run : runs.runs) {
        const auto& a = run->allocations;
        if (a.iterations > 0) {
            r.metrics.emplace_back(run->id + ".allocs_per_iter",
                                   static_cast<double>(a.loop_blocks) / static_cast<double>(a.iterations));
            r.metrics.emplace_back(run->id + ".bytes_per_iter",
                                   static_cast<double>(a.loop_bytes) / static_cast<double>(a.iterations));
        }
        if (a.run_loop_blocks >= 0) {
            r.metrics.emplace_back(run->id + ".run_loop_allocs", static_cast<double>(a.run_loop_blocks));
        }
        r.metrics.emplace_back(run->id + ".setup_allocs", static_cast<double>(a.setup_blocks));
        r.findings.push_back(bench_finding(*run, limits));
        zero += a.loop_blocks == 0 ? 1 : 0;
        over += r.findings.back().level == FindingLevel::error ? 1 : 0;
        seen.insert(run->id);
    }
    // A limit on a benchmark the budget left for later is not judged: never a silent pass.
    long long unjudged = 0;
    for (const auto& [id, limit] : limits) {
        if (seen.count(id) != 0) {
            continue;
        }
        if (const auto key = deferred_key(runs.deferred, id); !key.empty()) {
            ++unjudged;
            r.findings.push_back(Finding{
                "allocations::not-measured", FindingLevel::error,
                fmt::format("{} (limit {}) was not measured within the profilers' budget: its limit is not judged "
                            "this run",
                            key, limit),
                "", std::nullopt, std::nullopt});
            r.findings.back().hint =
                "benchmarks with a limit go first; raise [gates.profile] budget_seconds so that they all fit";
        } else {
            r.findings.push_back(Finding{"allocations::unknown-benchmark", FindingLevel::warning,
                                         fmt::format("[gates.allocations.max_per_iter] names \"{}\", which is not a "
                                                     "benchmark of this run: its limit checked nothing",
                                                     id),
                                         "", std::nullopt, std::nullopt});
        }
    }
    const auto measured = static_cast<long long>(runs.runs.size());
    r.metrics.insert(r.metrics.begin(), {{"benchmarks", static_cast<double>(measured)},
                                         {"zero_allocation_benchmarks", static_cast<double>(zero)},
                                         {"over_limit", static_cast<double>(over)}});
    r.summary = fmt::format("{} of {} allocate nothing in the measured loop (valgrind DHAT, one iteration each)", zero,
                            plural(static_cast<long>(measured), "benchmark"));
    if (const auto totals = std::count_if(runs.runs.begin(), runs.runs.end(),
                                          [](const auto* run) { return run->allocations.iterations == 0; })) {
        r.summary += fmt::format("; {} measured as a whole bencher run only", totals);
    }
    if (over > 0) {
        r.status = GateStatus::fail;
        r.summary =
            fmt::format("{} over its max_per_iter limit; {}", plural(static_cast<long>(over), "benchmark"), r.summary);
    } else if (unjudged > 0) {
        r.status = GateStatus::error;
        r.summary = fmt::format("{} with a max_per_iter limit not measured within the profilers' budget; {}",
                                plural(static_cast<long>(unjudged), "benchmark"), r.summary);
    } else if (std::any_of(r.findings.begin(), r.findings.end(),
                           [](const Finding& f) { return f.level == FindingLevel::warning; })) {
        r.status = GateStatus::warn;
    }
    return r;
}

class AllocationsGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{
            "allocations",
            "Performance",
            {"Memory profiling shows minimal allocations"},
            "the bench executables (`cargo bench --no-run --bench NAME...`, <target-dir>/gatecheck/bench), then each "
            "criterion or libtest benchmark alone under `valgrind --tool=dhat` with one iteration (criterion --test, "
            "libtest's test mode), each bencher target's whole run (its first call of a benchmark: one iteration): "
            "heap allocations and bytes per iteration of the measured loop (stacks through Bencher::iter), set-up "
            "excluded",
            {keys::bench_build.family, keys::bench_list.family, keys::allocations.family,
             keys::profiling_round.family}};
        return info;
    }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        return {{"max_per_iter", SettingSpec::Type::table, std::string{},
                 "\"group/function\" = N: most heap allocations per iteration of that benchmark"}};
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        const auto& build = in.evidence.get(keys::bench_build);
        if (auto stop = bench_build_stop(r, build)) {
            return std::move(*stop);
        }
        const auto runs = collect_bench_runs(in.evidence, *build.get(), keys::allocations);
        auto parsed = limits_of(in.settings);
        if (!parsed) {
            r.status = GateStatus::error;
            r.summary = parsed.error().message;
            return r;
        }
        const auto& limits = parsed.value();
        if (!runs.problems.empty()) {
            auto out = judge(std::move(r), runs, limits);
            note_budget(out, runs);
            return runs_problem(std::move(out), runs.problems, static_cast<long long>(runs.runs.size()));
        }
        if (runs.benchmarks == 0) {
            r.status = GateStatus::skip;
            r.summary = build.get()->executables.empty()
                            ? "no bench targets: nothing to profile"
                            : "no criterion, libtest or bencher benchmarks: DHAT's loop attribution reads their "
                              "Bencher::iter";
            note_not_measured(r, runs.not_measured, kNotMeasured);
            return r;
        }
        r = judge(std::move(r), runs, limits);
        note_budget(r, runs);
        note_not_measured(r, runs.not_measured, kNotMeasured);
        return r;
    }
};

}  // namespace

std::unique_ptr<Gate> make_allocations_gate() {
    return std::make_unique<AllocationsGate>();
}

}  // namespace gc::gates
