#pragma once
// The report model: the one thing every renderer reads (human, JSON, and later JUnit,
// SARIF, Markdown, GitHub annotations).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gc {

enum class GateStatus { pass, fail, warn, skip, unavailable, error };

std::string_view to_string(GateStatus status);

// A status counts against the verdict when the gate is required.
inline bool is_failure(GateStatus s) {
    return s == GateStatus::fail;
}
inline bool is_unevaluated(GateStatus s) {
    return s == GateStatus::unavailable || s == GateStatus::error;
}

struct Finding {
    std::string rule;   // "clippy::must_use_candidate", "rustfmt", "test-failed", ...
    std::string level;  // "error" | "warning" | "note"
    std::string message;
    std::string file;  // relative to the workspace root when inside it; empty when unknown
    std::optional<int> line;
    std::optional<int> column;
    // Room for the line-independent fingerprint baselines will need (roadmap: CI gating).
};

using Metric = std::pair<std::string, double>;

struct GateResult {
    std::string id;
    GateStatus status = GateStatus::error;
    bool required = true;
    std::string summary;
    std::vector<Metric> metrics;
    std::vector<Finding> findings;
    std::string fix;  // for unavailable: the command that would install the tool
    std::chrono::milliseconds duration{0};
};

struct ProbeRecord {
    std::string id;
    std::string command;
    std::string outcome;
    std::chrono::milliseconds duration{0};
};

struct ChecklistEntry {
    std::string text;    // verbatim from the spec
    std::string phase;   // "Development", "Testing", "Performance", "Security", "Best practices"
    std::string status;  // a GateStatus name, or "not-checked"
    std::vector<std::string> gates;
};

struct PackageRef {
    std::string name;
    std::string version;
    std::string manifest_path;
};

enum class Verdict { pass, fail, error };
std::string_view to_string(Verdict verdict);

struct Report {
    std::string tool_version;
    std::string target_path;
    std::vector<PackageRef> packages;
    std::string rustc_version;
    std::string cargo_version;
    Verdict verdict = Verdict::error;
    int exit_code = 3;
    bool interrupted = false;
    std::vector<GateResult> gates;
    std::vector<ChecklistEntry> checklist;
    std::vector<ProbeRecord> probes;
    std::chrono::milliseconds duration{0};
};

}  // namespace gc
