#pragma once
// The report model: the one thing every renderer reads (human, JSON, and later JUnit,
// SARIF, Markdown, GitHub annotations).
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.hpp"
#include "report/perf_model.hpp"

namespace gc {

std::string_view to_string(GateStatus status);
std::optional<GateStatus> parse_gate_status(std::string_view text);

enum class FindingLevel { error, warning, note };

std::string_view to_string(FindingLevel level);
std::optional<FindingLevel> parse_finding_level(std::string_view text);

struct Finding {
    std::string rule;  // "clippy::must_use_candidate", "rustfmt", "test-failed", ...
    FindingLevel level = FindingLevel::error;
    std::string message;
    std::string file;  // relative to the workspace root when inside it; empty when unknown
    std::optional<int> line;
    std::optional<int> column;
    // Default member initialisers keep the positional Finding{...} of the gates warning-free.
    std::string snippet{};      // the source text the finding points at, normalised; may be empty
    std::string fingerprint{};  // line-independent identity for baselines (report/fingerprint.hpp)
    std::string hint{};         // the next step, e.g. "rerun: cargo test -p pkg --lib -- name --exact"
    std::string line_hash{};    // GitHub's primaryLocationLineHash of file:line (report/line_hash.hpp)
};

enum class TestOutcome { passed, failed, ignored };

std::string_view to_string(TestOutcome outcome);
std::optional<TestOutcome> parse_test_outcome(std::string_view text);

// Every test case a test gate ran, passing ones included (JUnit and other renderers list them).
struct TestCaseRecord {
    std::string name;
    std::string target;  // "pkg (lib pkg)", like the "where" of the gate's findings
    TestOutcome status = TestOutcome::passed;
    double seconds = 0;
    std::string message;  // the panic message, for failures
    std::string output;   // the captured output, for failures
    std::string rerun{};  // for failures: the cargo command that runs just this test again
};

using Metric = std::pair<std::string, double>;

// A person's review as the configuration recorded it ([attestations.ID]).
struct AttestationRecord {
    std::string by;
    std::string date;  // YYYY-MM-DD
    std::string note;
    std::string expires;  // YYYY-MM-DD, the first day it no longer holds; empty: it does not expire
    bool expired = false;
};

struct GateResult {
    std::string id;
    GateStatus status = GateStatus::error;
    bool required = true;
    std::string summary;
    std::vector<Metric> metrics;
    std::vector<Finding> findings;
    // For unavailable: the command that would install the tool; for a failing or warning
    // gate: a command that fixes some findings automatically (cargo clippy --fix).
    std::string fix;
    std::chrono::milliseconds duration{0};
    // Last, with an initialiser, so positional GateResult{...} stays valid and warning-free.
    std::vector<TestCaseRecord> tests{};             // every test case a test gate ran
    std::optional<AttestationRecord> attestation{};  // attestation gates: the review recorded, if any
    std::string todo{};                              // status manual: what a person still has to do
    // Findings left out past the per-rule cap (report/finding_cap.hpp), by rule.
    std::map<std::string, std::int64_t> omitted{};
    // Set when this gate could not judge because another gate's input failed: the gate that
    // reports the root cause. Renderers report the cause there, once.
    std::string defers_to{};
    [[nodiscard]] std::int64_t omitted_total() const;
};

struct ProbeRecord {
    std::string id;
    std::string command;
    std::string outcome;
    std::chrono::milliseconds duration{0};
    // Resource use of the command's process group, from the kernel's accounting.
    std::int64_t max_rss_bytes = 0;
    std::int64_t user_ms = 0;
    std::int64_t sys_ms = 0;
    bool started = true;
};

// A checklist item's status: a gate's status, or manual (a person must attest it; never a
// pass), or not_checked (no gate proves it). attested: a person's word, not a tool's;
// not_applicable: nothing to review (crypto-review without cryptographic crates).
enum class ItemStatus { pass, fail, warn, skip, unavailable, error, manual, not_checked, attested, not_applicable };

std::string_view to_string(ItemStatus status);  // not_checked is spelt "not-checked"
std::optional<ItemStatus> parse_item_status(std::string_view text);
ItemStatus to_item_status(GateStatus status);

struct ChecklistEntry {
    std::string text;   // verbatim from the spec
    std::string phase;  // "Development", "Testing", "Performance", "Security", "Best practices"
    ItemStatus status = ItemStatus::not_checked;
    std::vector<std::string> gates;
    std::optional<AttestationRecord> attestation{};  // from its attestation gate
    std::string todo{};                              // status manual: what a person still has to do
};

struct PackageRef {
    std::string name;
    std::string version;
    std::string manifest_path;
};

enum class Verdict { pass, fail, error };
std::string_view to_string(Verdict verdict);
std::optional<Verdict> parse_verdict(std::string_view text);

// The benchmarks DHAT and perf measured this run within their shared budget, and those left
// for the next runs (bench-profiling's round).
struct ProfiledBenchmarks {
    std::int64_t budget_s = 0;  // 0: no budget
    double spent_s = 0;
    std::vector<std::string> measured;  // "PACKAGE/TARGET/ID" (a bencher target: "PACKAGE/TARGET")
    std::vector<std::string> deferred;
};

struct Report {
    std::string tool_version;
    std::int64_t tool_max_rss_bytes = 0;  // gatecheck's own peak RSS (getrusage), without its children
    std::string target_path;
    // Absolute. Findings' files are relative to workspace_root; repo_root is the nearest
    // directory above it holding .git (empty: none), the root SARIF's URIs are relative to.
    std::string workspace_root{};
    std::string repo_root{};
    std::vector<PackageRef> packages;
    std::string rustc_version;
    std::string cargo_version;
    Verdict verdict = Verdict::error;
    int exit_code = 3;
    std::string verdict_reason;  // why the verdict is what it is (report/verdict.hpp)
    std::string error;           // set when an error stopped the run (exit 2): what it was
    bool interrupted = false;
    // What the run decided on its own that a reader must know (targets it left out), each once.
    std::vector<std::string> notes;
    std::optional<ProfiledBenchmarks> profiled;  // absent: nothing was profiled
    std::vector<GateResult> gates;
    std::vector<ChecklistEntry> checklist;
    std::vector<ProbeRecord> probes;
    std::chrono::milliseconds duration{0};
    // The Performance Analysis section, computed once from the gates' metrics when the run ends.
    PerfSection performance{};
};

}  // namespace gc
