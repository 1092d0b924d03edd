// memory: the peak resident set of every test and bench process gatecheck ran (the
// kernel's accounting of each reaped child, wait4), against `max_rss` overall and per
// "<package>/<target>". Bench processes count when the benchmarks ran in the same run.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "gates/bench_view.hpp"
#include "gates/common.hpp"
#include "gates/gate.hpp"
#include "gates/perf_units.hpp"

namespace gc::gates {
namespace {

struct Measured {
    std::map<std::string, double> peaks;  // "<package>/<target>" -> bytes, the largest of its processes
    long processes = 0;
    std::optional<ToolProblem> problem;
};

void add(Measured& m, const std::string& target, std::int64_t bytes) {
    if (bytes <= 0) {
        return;
    }
    ++m.processes;
    auto& peak = m.peaks[target];
    peak = std::max(peak, static_cast<double>(bytes));
}

Measured measure(const Evidence& evidence) {
    Measured m;
    const TestKeys& plain = keys::plain_tests;
    const auto& build = evidence.get(plain.build_key());
    if (build.get() == nullptr) {
        m.problem = problem_of(build, "the test build did not run");
        return m;
    }
    for (const auto& key : {plain.unit_key(), plain.integration_key()}) {
        for (const auto& [id, probed] : evidence.all(key)) {
            if (const auto* run = probed->get()) {
                add(m, run->binary.package + "/" + run->binary.target, run->max_rss_bytes);
            }
        }
    }
    if (evidence.get(keys::bench_build).get() != nullptr) {
        for (const auto* run : read_benches(evidence).view.runs) {
            add(m, run->bench.package + "/" + run->bench.target, run->max_rss_bytes);
        }
    }
    return m;
}

Finding over(const std::string& what, double bytes, const std::string& limit) {
    return perf_finding("memory-over-limit", FindingLevel::error,
                        fmt::format("{} peaked at {}, above {}", what, format_bytes(bytes), limit));
}

class MemoryGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        const TestKeys& plain = keys::plain_tests;
        static const GateInfo info{
            "memory",
            "Performance",
            {"Memory usage within constraints"},
            "the peak RSS (wait4) of every unit, integration test and bench process of the run, against max_rss "
            "overall and per target",
            {},
            false,
            false,
            // It measures the runs the test gates make: their limits stay theirs.
            {plain.family("test-build"), plain.family("unit-test"), plain.family("integration-test")}};
        return info;
    }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        return {{"max_rss", SettingSpec::Type::text, std::string{},
                 "largest peak RSS of any test or bench process, e.g. \"512MiB\" (none: no limit)"},
                {"targets", SettingSpec::Type::table, std::string{},
                 "\"<package>/<target>\" = \"64MiB\": largest peak RSS of that target's processes"}};
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        auto m = measure(in.evidence);
        if (m.problem) {
            return from_problem(std::move(r), *m.problem);
        }
        if (m.peaks.empty()) {
            r.status = GateStatus::error;
            r.summary = "no test or bench process ran: no memory measured";
            return r;
        }
        const auto largest = std::max_element(m.peaks.begin(), m.peaks.end(),
                                              [](const auto& a, const auto& b) { return a.second < b.second; });
        r.metrics = {{"max_rss_bytes", largest->second}, {"processes", static_cast<double>(m.processes)}};
        for (const auto& [target, bytes] : m.peaks) {
            r.metrics.emplace_back(target + ":max_rss_bytes", bytes);
        }
        r.summary = fmt::format("peak RSS {} ({}) over {}", format_bytes(largest->second), largest->first,
                                fmt::format("{} {}", m.processes, m.processes == 1 ? "process" : "processes"));
        return judge(std::move(r), m, in.settings);
    }

private:
    static GateResult judge(GateResult r, const Measured& m, const GateSettings& settings) {
        const auto overall = settings.text("max_rss");
        const auto targets = settings.table("targets");
        if (overall.empty() && targets.empty()) {
            r.status = GateStatus::skip;
            r.summary += "; no limit configured: set [gates.memory] max_rss = \"512MiB\" or [gates.memory.targets]";
            return r;
        }
        bool invalid = false;
        auto check = [&](const std::string& what, double bytes, const std::string& limit_text) {
            const auto limit = parse_bytes(limit_text);
            if (!limit) {
                invalid = true;
                r.findings.push_back(
                    perf_finding("memory-limit-invalid", FindingLevel::error,
                                 fmt::format("'{}' is not a size (B, KiB, MiB, GiB, kB, MB, GB)", limit_text)));
            } else if (bytes > *limit) {
                r.findings.push_back(over(what, bytes, limit_text));
            }
        };
        if (!overall.empty()) {
            for (const auto& [target, bytes] : m.peaks) {
                check(target, bytes, overall);
            }
        }
        for (const auto& [target, limit] : targets) {
            const auto it = m.peaks.find(target);
            if (it == m.peaks.end()) {
                r.findings.push_back(
                    perf_finding("memory-unknown-target", FindingLevel::error,
                                 fmt::format("memory target {}: no such test or bench process ran", target)));
                continue;
            }
            check(target, it->second, limit);
        }
        const auto failing = std::count_if(r.findings.begin(), r.findings.end(),
                                           [](const Finding& f) { return f.rule != "memory-limit-invalid"; });
        r.status = failing > 0 ? GateStatus::fail : invalid ? GateStatus::error : GateStatus::pass;
        if (failing > 0) {
            r.summary += fmt::format("; {} over the limit", plural(static_cast<long>(failing), "target"));
        }
        return r;
    }
};

}  // namespace

std::unique_ptr<Gate> make_memory_gate() {
    return std::make_unique<MemoryGate>();
}

}  // namespace gc::gates
