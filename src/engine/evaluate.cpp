#include "engine/evaluate.hpp"

#include <algorithm>
#include <set>
#include <string>

#include <fmt/format.h>

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

std::string error_identity(const Finding& f) {
    return fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}", f.rule, f.file, f.line.value_or(0), f.column.value_or(0),
                       f.message);
}

bool is_error(const Finding& f) {
    return f.level == FindingLevel::error;
}

}  // namespace

void point_at_first_report(std::vector<GateResult>& results) {
    std::vector<std::pair<std::string, std::set<std::string>>> owners;  // gate id, its errors
    for (auto& r : results) {
        if (r.status != GateStatus::fail) {
            continue;
        }
        std::set<std::string> errors;
        for (const auto& f : r.findings) {
            if (is_error(f)) {
                errors.insert(error_identity(f));
            }
        }
        if (errors.empty()) {
            continue;
        }
        const auto owner = std::find_if(owners.begin(), owners.end(), [&](const auto& o) {
            return std::includes(o.second.begin(), o.second.end(), errors.begin(), errors.end());
        });
        // Only a gate whose whole judgement is that compile (clippy, the lint gates) defers; a test
        // gate that still ran the targets that built keeps its own account.
        const bool only_compiled = r.summary.rfind("does not compile", 0) == 0;
        if (owner == owners.end() || !only_compiled) {
            owners.emplace_back(r.id, std::move(errors));
            continue;
        }
        for (const auto& f : r.findings) {
            if (is_error(f)) {
                r.omitted.erase(f.rule);  // a rule is reported at one level: its overflow is errors too
            }
        }
        std::erase_if(r.findings, is_error);
        r.summary = fmt::format("cannot judge: the crate does not compile ({} {}, reported by `{}`: see there)",
                                errors.size(), errors.size() == 1 ? "error" : "errors", owner->first);
        r.fix.clear();
        r.defers_to = owner->first;
    }
}

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
    point_at_first_report(results);
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
