#pragma once
// Probes: each runs one external command once and turns its output into evidence. This
// file decides which commands the selected gates need and builds them as scheduler tasks.
#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "cargo/workspace.hpp"
#include "gates/gate.hpp"
#include "probes/evidence.hpp"
#include "scheduler/scheduler.hpp"

namespace gc {

struct ProbePlan {
    std::set<ProbeKind> needed;
    std::map<ProbeKind, std::chrono::seconds> timeouts;
    std::vector<std::string> clippy_flags;  // union of the selected gates' lint flags
    bool all_features = true;
};

// The tasks that fill `evidence`; both `ws` and `evidence` must outlive the run.
std::vector<Task> plan_probes(const ProbePlan& plan, const Workspace& ws, Evidence& evidence);

// `cargo metadata` for the manifest, run before anything else (it decides what to check).
process::Command metadata_command(const std::filesystem::path& manifest, std::chrono::seconds timeout);

// Every probe id of a kind starts with this ("clippy", "unit-test:", "doc-coverage:", ...).
std::string probe_id_prefix(ProbeKind kind);

// How a missing or broken tool shows in a command's result, if it does.
std::optional<ToolProblem> tool_problem(const process::Completed& result, const process::Command& cmd);

}  // namespace gc
