// The JSON report, schema "gatecheck/report/v1" (docs/REPORT.md).
#include <cmath>
#include <cstdint>

#include <nlohmann/json.hpp>

#include "report/render.hpp"

namespace gc {

std::string render_json(const Report& report) {
    using nlohmann::json;
    json packages = json::array();
    for (const auto& p : report.packages) {
        packages.push_back({{"name", p.name}, {"version", p.version}, {"manifest_path", p.manifest_path}});
    }
    json gates = json::array();
    for (const auto& g : report.gates) {
        json metrics = json::object();
        for (const auto& [key, value] : g.metrics) {
            // Counts print as integers ("warnings": 3), percentages keep their fraction.
            const bool whole = std::isfinite(value) && std::trunc(value) == value && std::fabs(value) < 9.0e15;
            metrics[key] = whole ? json(static_cast<std::int64_t>(value)) : json(value);
        }
        json findings = json::array();
        for (const auto& f : g.findings) {
            findings.push_back({{"rule", f.rule},
                                {"level", f.level},
                                {"message", f.message},
                                {"file", f.file.empty() ? json(nullptr) : json(f.file)},
                                {"line", f.line ? json(*f.line) : json(nullptr)},
                                {"column", f.column ? json(*f.column) : json(nullptr)}});
        }
        json gate = {{"id", g.id},
                     {"status", std::string(to_string(g.status))},
                     {"required", g.required},
                     {"summary", g.summary},
                     {"metrics", metrics},
                     {"findings", findings},
                     {"duration_ms", g.duration.count()}};
        if (!g.fix.empty()) {
            gate["fix"] = g.fix;
        }
        gates.push_back(std::move(gate));
    }
    json checklist = json::array();
    for (const auto& c : report.checklist) {
        checklist.push_back({{"item", c.text}, {"phase", c.phase}, {"status", c.status}, {"gates", c.gates}});
    }
    json probes = json::array();
    for (const auto& p : report.probes) {
        probes.push_back(
            {{"id", p.id}, {"command", p.command}, {"outcome", p.outcome}, {"duration_ms", p.duration.count()}});
    }
    const json doc = {
        {"schema", "gatecheck/report/v1"},
        {"tool", {{"name", "gatecheck"}, {"version", report.tool_version}}},
        {"target", {{"path", report.target_path}, {"packages", packages}}},
        {"toolchain", {{"rustc", report.rustc_version}, {"cargo", report.cargo_version}}},
        {"verdict", std::string(to_string(report.verdict))},
        {"exit_code", report.exit_code},
        {"interrupted", report.interrupted},
        {"duration_ms", report.duration.count()},
        {"gates", gates},
        {"checklist", checklist},
        {"probes", probes},
    };
    // Compiler messages may hold bytes that are not UTF-8: replace them, never throw.
    return doc.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace gc
