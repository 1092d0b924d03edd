// GitLab Code Quality (docs/REPORT.md, "Code Quality"): a JSON array of issues, each with
// description, check_name, a unique fingerprint, severity and a repository-relative location.
#include <cstdint>
#include <set>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "report/locations.hpp"
#include "report/render.hpp"

namespace gc {
namespace {

using nlohmann::json;

// GitLab merges issues with one fingerprint into one, so each gets its own: FNV-1a over the
// gate and gatecheck's fingerprint (unique within its gate), numbered if two still collide.
std::string issue_fingerprint(std::string_view gate, std::string_view fingerprint, std::set<std::string>& seen) {
    std::uint64_t h = 14695981039346656037ULL;
    const auto mix = [&](std::string_view text) {
        for (const char c : text) {
            h ^= static_cast<unsigned char>(c);
            h *= 1099511628211ULL;
        }
        h ^= 0xFFU;  // a separator no text holds
        h *= 1099511628211ULL;
    };
    mix(gate);
    mix(fingerprint);
    std::string out = fmt::format("{:016x}", h);
    for (int n = 2; !seen.insert(out).second; ++n) {
        out = fmt::format("{:016x}-{}", h, n);
    }
    return out;
}

// An error fails a required gate: critical; in an optional gate, major.
std::string severity(FindingLevel level, bool required) {
    switch (level) {
        case FindingLevel::error:
            return required ? "critical" : "major";
        case FindingLevel::warning:
            return "minor";
        case FindingLevel::note:
            return "info";
    }
    return "major";
}

json issue(std::string description, const std::string& check, std::string fingerprint, const std::string& sev,
           const std::string& path, int line) {
    return {{"type", "issue"},     {"description", std::move(description)},
            {"check_name", check}, {"fingerprint", std::move(fingerprint)},
            {"severity", sev},     {"location", {{"path", path}, {"lines", {{"begin", line < 1 ? 1 : line}}}}}};
}

}  // namespace

std::string render_codequality(const Report& report) {
    json out = json::array();
    std::set<std::string> seen;
    for (const auto& g : report.gates) {
        bool has_error = false;
        for (const auto& f : g.findings) {
            has_error = has_error || f.level == FindingLevel::error;
            const std::string description = f.message.empty() ? f.rule : f.message;
            out.push_back(issue(description, f.rule.empty() ? g.id : f.rule,
                                issue_fingerprint(g.id, f.fingerprint.empty() ? f.message : f.fingerprint, seen),
                                severity(f.level, g.required), repo_relative_path(report, f), f.line.value_or(1)));
        }
        // A red gate without a finding of its own (coverage under its threshold, a tool that
        // crashed) still shows, on the package's Cargo.toml.
        const bool red =
            g.status == GateStatus::fail || g.status == GateStatus::error || g.status == GateStatus::unavailable;
        if (red && !has_error) {
            out.push_back(issue(fmt::format("gate {} {}: {}", g.id, to_string(g.status), g.summary),
                                "gatecheck::" + g.id, issue_fingerprint(g.id, "gate", seen),
                                g.required ? "blocker" : "major", manifest_location(report), 1));
        }
    }
    // Compiler messages may hold bytes that are not UTF-8: replace them, never throw.
    return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace gc
