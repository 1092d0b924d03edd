#include "report/checklist.hpp"

#include <algorithm>

namespace gc {

const std::vector<std::string>& checklist_phases() {
    static const std::vector<std::string> phases{"Development", "Testing", "Performance", "Security", "Best practices"};
    return phases;
}

const std::vector<ChecklistItem>& checklist_items() {
    static const std::vector<ChecklistItem> items{
        {"Code passes `cargo clippy` with pedantic lints", "Development"},
        {"All public APIs have documentation with examples", "Development"},
        {"Proper error handling using Result types", "Development"},
        {"Memory safety verified (no unsafe without justification)", "Development"},
        {"Ownership and lifetime annotations correct", "Development"},
        {"Thread safety guaranteed for concurrent code", "Development"},
        {"Unit tests with comprehensive coverage", "Testing"},
        {"Integration tests for external interfaces", "Testing"},
        {"Property-based tests for complex logic", "Testing"},
        {"Benchmark tests for performance-critical code", "Testing"},
        {"Miri testing for undefined behavior detection", "Testing"},
        {"Concurrent code tested for race conditions", "Testing"},
        {"CPU profiling shows no unexpected hotspots", "Performance"},
        {"Memory profiling shows minimal allocations", "Performance"},
        {"Benchmark results meet performance targets", "Performance"},
        {"Zero-cost abstractions verified", "Performance"},
        {"Async performance optimized", "Performance"},
        {"Memory usage within constraints", "Performance"},
        {"No unsafe code without proper documentation", "Security"},
        {"FFI boundaries properly secured", "Security"},
        {"Input validation comprehensive", "Security"},
        {"Cryptographic implementations reviewed", "Security"},
        {"Memory safety invariants maintained", "Security"},
        {"Security testing completed", "Security"},
        // From the spec's best-practice lists, proved by the fmt, doctests and must-use gates.
        {"Follow Rust idioms and community conventions", "Best practices"},
        {"Use doc tests to verify examples work", "Best practices"},
        {"Use `#[must_use]` for important returns", "Best practices"},
        {"Prefer `?` over `unwrap()` in production", "Best practices"},
        // From the spec's Output list, proved by the features gate.
        {"Cargo.toml with feature flags", "Best practices"},
    };
    return items;
}

namespace {

// A review still to do outranks a warning; a person's word ranks below any tool's doubt
// and above a tool's pass; "nothing to review" only above a skip.
int severity(GateStatus s) {
    switch (s) {
        case GateStatus::fail:
            return 8;
        case GateStatus::error:
            return 7;
        case GateStatus::unavailable:
            return 6;
        case GateStatus::manual:
            return 5;
        case GateStatus::warn:
            return 4;
        case GateStatus::attested:
            return 3;
        case GateStatus::pass:
            return 2;
        case GateStatus::not_applicable:
            return 1;
        case GateStatus::skip:
            return 0;
    }
    return 7;
}

}  // namespace

std::vector<ChecklistEntry> build_checklist(
    const std::vector<GateResult>& results,
    const std::vector<std::pair<std::string, std::vector<std::string>>>& gate_items) {
    std::vector<ChecklistEntry> out;
    for (const auto& item : checklist_items()) {
        ChecklistEntry e{item.text, item.phase, ItemStatus::not_checked, {}};
        std::optional<GateStatus> worst;
        std::optional<GateStatus> worst_evaluated;  // without the gates whose tool is unavailable
        for (const auto& [gate_id, items] : gate_items) {
            if (std::find(items.begin(), items.end(), item.text) == items.end()) {
                continue;
            }
            e.gates.push_back(gate_id);
            const std::string& id = gate_id;  // clang 14 cannot capture a structured binding
            const auto r =
                std::find_if(results.begin(), results.end(), [&](const GateResult& g) { return g.id == id; });
            const GateStatus s = r != results.end() ? r->status : GateStatus::skip;
            if (r != results.end() && (r->attestation || !r->todo.empty())) {
                e.attestation = r->attestation;
                e.todo = r->todo;
            }
            if (!worst || severity(s) > severity(*worst)) {
                worst = s;
            }
            if (s != GateStatus::unavailable && s != GateStatus::skip &&
                (!worst_evaluated || severity(s) > severity(*worst_evaluated))) {
                worst_evaluated = s;
            }
        }
        // A gate whose tool is missing here (miri) does not lower an item that another of its
        // gates evaluated (sanitizer): that one's evidence proves it.
        if (worst_evaluated) {
            e.status = to_item_status(*worst_evaluated);
        } else if (worst) {
            e.status = to_item_status(*worst);
        }
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace gc
