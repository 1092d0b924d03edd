#include "engine/evaluate.hpp"

#include <algorithm>

#include "report/finding_cap.hpp"

namespace gc {
namespace {

// Exact probe families, never prefixes: "check" must not claim a later "check-*" probe.
std::chrono::milliseconds gate_duration(const Gate& gate, const std::vector<TaskRecord>& records) {
    const auto& families = gate.info().probes;
    long long total = 0;
    for (const auto& r : records) {
        if (std::find(families.begin(), families.end(), probe_family(r.id)) != families.end()) {
            total += r.duration.count();
        }
    }
    return std::chrono::milliseconds(total);
}

}  // namespace

std::vector<GateResult> evaluate_gates(const std::vector<GateChoice>& choices, const Config& config,
                                       const Workspace& ws, const Evidence& evidence,
                                       const std::vector<TaskRecord>& records, Date today) {
    std::vector<GateResult> results;
    for (const auto& c : choices) {
        const auto& id = c.gate->info().id;
        const auto& settings = config.gate(id);
        if (!c.enabled) {
            GateResult skipped;
            skipped.id = id;
            skipped.status = GateStatus::skip;
            skipped.required = settings.required;
            skipped.summary = c.why_not;
            results.push_back(std::move(skipped));
            continue;
        }
        GateResult r = c.gate->evaluate(GateInput{evidence, settings, ws, today});
        cap_findings(r);
        r.duration = gate_duration(*c.gate, records);
        results.push_back(std::move(r));
    }
    return results;
}

std::vector<ProbeRecord> probe_records(const std::vector<TaskRecord>& records) {
    std::vector<ProbeRecord> out;
    for (const auto& r : records) {
        ProbeRecord p;
        p.id = r.id;
        p.command = r.command;
        p.outcome = r.started ? r.outcome : "not started";
        p.duration = r.duration;
        p.max_rss_bytes = r.resources.max_rss_bytes;
        p.user_ms = r.resources.user_ms;
        p.sys_ms = r.resources.sys_ms;
        p.started = r.started;
        out.push_back(std::move(p));
    }
    return out;
}

}  // namespace gc
