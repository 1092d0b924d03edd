#include "report/ci_findings.hpp"

#include <algorithm>

#include "report/locations.hpp"

namespace gc {
namespace {

// A gate counts against the run when it would fail it or leave it unevaluated if required.
bool counts(const GateResult& g) {
    return is_failure(g.status) || is_unevaluated(g.status) || g.status == GateStatus::manual;
}

// A required gate that fails does so because of its findings, whatever level its tool gave
// them (clippy's warnings over max_warnings, rustfmt's diffs): each is an error of the run.
// An optional gate fails nothing, and a passing gate's warnings are only worth a look.
CiSeverity severity_of(const GateResult& g, FindingLevel level) {
    if (level == FindingLevel::note) {
        return CiSeverity::notice;
    }
    return counts(g) && g.required ? CiSeverity::error : CiSeverity::warning;
}

void add_gate(const Report& report, const GateResult& g, std::vector<CiFinding>& out) {
    const bool quiet = g.status == GateStatus::pass || g.status == GateStatus::skip ||
                       g.status == GateStatus::attested || g.status == GateStatus::not_applicable;
    if (!g.defers_to.empty()) {
        return;
    }
    bool explained = false;  // a finding says why the gate fails
    for (const auto& f : g.findings) {
        if (quiet && f.level != FindingLevel::warning) {
            continue;
        }
        explained = explained || f.level != FindingLevel::note;
        out.push_back(CiFinding{&g, severity_of(g, f.level), f.rule, f.message, repo_relative_path(report, f), f.line,
                                f.column, f.hint});
    }
    if (counts(g) && !explained) {
        const auto sev = g.required ? CiSeverity::error : CiSeverity::warning;
        const std::string todo = g.status == GateStatus::manual && !g.todo.empty() ? ": " + g.todo : "";
        out.push_back(
            CiFinding{&g, sev, g.id, g.summary + todo, manifest_location(report), std::nullopt, std::nullopt, g.fix});
    }
}

}  // namespace

std::vector<CiFinding> ci_findings(const Report& report) {
    std::vector<CiFinding> out;
    for (const auto& g : report.gates) {
        add_gate(report, g, out);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const CiFinding& a, const CiFinding& b) { return a.severity < b.severity; });
    return out;
}

}  // namespace gc
