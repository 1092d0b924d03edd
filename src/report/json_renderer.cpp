// The JSON report, schema "gatecheck/report/v1" (docs/REPORT.md). report/json_reader.cpp
// reads it back; a field added here is added there, and the round-trip test holds both.
#include <cmath>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "report/perf_section.hpp"
#include "report/render.hpp"

namespace gc {
namespace {

using nlohmann::json;

// Declared up front: array_of finds them by ordinary lookup, and ADL cannot see into an
// anonymous namespace.
json to_json(const PackageRef& p);
json to_json(const Finding& f);
json to_json(const TestCaseRecord& t);
json to_json(const GateResult& g);
json to_json(const ChecklistEntry& c);
json to_json(const ProbeRecord& p);

template <class T>
json array_of(const std::vector<T>& items) {
    json out = json::array();
    for (const auto& item : items) {
        out.push_back(to_json(item));
    }
    return out;
}

json to_json(const PackageRef& p) {
    return {{"name", p.name}, {"version", p.version}, {"manifest_path", p.manifest_path}};
}

json metrics_json(const std::vector<Metric>& metrics) {
    json out = json::object();
    for (const auto& [key, value] : metrics) {
        // Counts print as integers ("warnings": 3), percentages keep their fraction.
        const bool whole = std::isfinite(value) && std::trunc(value) == value && std::fabs(value) < 9.0e15;
        out[key] = whole ? json(static_cast<std::int64_t>(value)) : json(value);
    }
    return out;
}

json to_json(const Finding& f) {
    json out = {{"rule", f.rule},
                {"level", std::string(to_string(f.level))},
                {"message", f.message},
                {"file", f.file.empty() ? json(nullptr) : json(f.file)},
                {"line", f.line ? json(*f.line) : json(nullptr)},
                {"column", f.column ? json(*f.column) : json(nullptr)},
                {"fingerprint", f.fingerprint}};
    if (!f.snippet.empty()) {
        out["snippet"] = f.snippet;
    }
    if (!f.hint.empty()) {
        out["hint"] = f.hint;
    }
    if (!f.line_hash.empty()) {
        out["line_hash"] = f.line_hash;
    }
    return out;
}

json to_json(const TestCaseRecord& t) {
    json out = {
        {"name", t.name}, {"target", t.target}, {"status", std::string(to_string(t.status))}, {"seconds", t.seconds}};
    // Output of passing tests is not captured by libtest; only failures carry it.
    if (t.status == TestOutcome::failed) {
        out["message"] = t.message;
        out["output"] = t.output;
        if (!t.rerun.empty()) {
            out["rerun"] = t.rerun;
        }
    }
    return out;
}

json attestation_json(const AttestationRecord& a) {
    return {{"by", a.by},
            {"date", a.date},
            {"note", a.note},
            {"expires", a.expires.empty() ? json(nullptr) : json(a.expires)},
            {"expired", a.expired}};
}

// An attestation gate's record and to-do, on its gate and on its checklist item.
template <class T>
void add_attestation(json& out, const T& source) {
    if (source.attestation) {
        out["attestation"] = attestation_json(*source.attestation);
    }
    if (!source.todo.empty()) {
        out["todo"] = source.todo;
    }
}

json to_json(const GateResult& g) {
    json gate = {{"id", g.id},
                 {"status", std::string(to_string(g.status))},
                 {"required", g.required},
                 {"summary", g.summary},
                 {"metrics", metrics_json(g.metrics)},
                 {"findings", array_of(g.findings)},
                 {"tests", array_of(g.tests)},
                 {"duration_ms", g.duration.count()}};
    if (!g.fix.empty()) {
        gate["fix"] = g.fix;
    }
    if (!g.omitted.empty()) {
        gate["omitted_findings"] = g.omitted_total();
        gate["omitted_by_rule"] = g.omitted;
    }
    if (!g.defers_to.empty()) {
        gate["defers_to"] = g.defers_to;
    }
    add_attestation(gate, g);
    return gate;
}

json to_json(const ChecklistEntry& c) {
    json entry = {
        {"item", c.text}, {"phase", c.phase}, {"status", std::string(to_string(c.status))}, {"gates", c.gates}};
    add_attestation(entry, c);
    return entry;
}

json to_json(const ProbeRecord& p) {
    return {{"id", p.id},           {"command", p.command},
            {"outcome", p.outcome}, {"duration_ms", p.duration.count()},
            {"started", p.started}, {"max_rss_bytes", p.max_rss_bytes},
            {"user_ms", p.user_ms}, {"sys_ms", p.sys_ms}};
}

template <class T>
void put_optional(json& out, const char* key, const std::optional<T>& value) {
    if (value) {
        out[key] = *value;
    }
}

// The Performance Analysis section: times in ns per iteration, changes as fractions.
json performance_json(const PerfSection& s) {
    json benches = json::array();
    for (const auto& b : s.benchmarks) {
        json j{{"id", b.id}, {"ns", b.ns}, {"ns_lower", b.ns_lower}, {"ns_upper", b.ns_upper}};
        put_optional(j, "change", b.change);
        put_optional(j, "change_lower", b.change_lower);
        put_optional(j, "change_upper", b.change_upper);
        put_optional(j, "allocations_per_iter", b.allocations_per_iter);
        put_optional(j, "bytes_per_iter", b.bytes_per_iter);
        benches.push_back(std::move(j));
    }
    json out{{"benchmarks", benches}};
    if (s.peak_rss_bytes) {
        out["peak_rss"] = {{"bytes", *s.peak_rss_bytes}, {"target", s.peak_rss_target}};
    }
    json hot = json::array();
    for (const auto& h : s.hotspots) {
        hot.push_back({{"function", h.function}, {"share_percent", h.share}});
    }
    out["hotspots"] = hot;
    return out;
}

}  // namespace

std::string render_json(const Report& report) {
    json doc = {
        {"schema", "gatecheck/report/v1"},
        {"tool",
         {{"name", "gatecheck"}, {"version", report.tool_version}, {"max_rss_bytes", report.tool_max_rss_bytes}}},
        {"target",
         {{"path", report.target_path},
          {"workspace_root", report.workspace_root},
          {"repo_root", report.repo_root},
          {"packages", array_of(report.packages)}}},
        {"toolchain", {{"rustc", report.rustc_version}, {"cargo", report.cargo_version}}},
        {"verdict", std::string(to_string(report.verdict))},
        {"verdict_reason", report.verdict_reason},
        {"exit_code", report.exit_code},
        {"interrupted", report.interrupted},
        {"duration_ms", report.duration.count()},
        {"notes", report.notes},
        {"gates", array_of(report.gates)},
        {"checklist", array_of(report.checklist)},
        {"probes", array_of(report.probes)},
    };
    if (!report.error.empty()) {
        doc["error"] = report.error;
    }
    if (const auto& p = report.profiled) {
        doc["profiled"] = {
            {"budget_s", p->budget_s}, {"spent_s", p->spent_s}, {"measured", p->measured}, {"deferred", p->deferred}};
    }
    if (const auto& perf = report.performance; !perf.empty()) {
        doc["performance"] = performance_json(perf);
    }
    // Compiler messages may hold bytes that are not UTF-8: replace them, never throw.
    return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace gc
