#pragma once
// A probe runs one kind of external command once and turns its output into evidence. Each
// probe is one file that declares what it publishes (its families) and plans its tasks;
// the explicit list of probes is probes/registry.cpp. Probes never include gates: gates
// ask for probe families by name, and the engine turns the selected gates' needs into one
// ProbeNeeds for the probes.
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "cargo/workspace.hpp"
#include "config/config.hpp"
#include "evidence/keys.hpp"
#include "probes/cargo_command.hpp"
#include "probes/lint_catalog.hpp"
#include "probes/tool.hpp"
#include "scheduler/scheduler.hpp"

namespace gc {

using Environment = std::map<std::string, std::string>;

// A gate's setting that changes what a probe runs (features.max_combinations), declared once
// in the probe's file with its C++ type and the value it takes when that gate is not enabled,
// and listed in the probe's ProbeInfo. A unit test (test_gates) holds every declaration to the
// gate's own SettingSpec, so a renamed key or a changed type fails there instead of turning
// into a silent default.
template <typename T>
struct ProbeSetting {
    std::string_view gate;
    std::string_view key;
    T fallback;

    [[nodiscard]] std::string name() const { return std::string(gate) + "." + std::string(key); }
};

// A declaration as ProbeInfo lists it: the setting's "gate.key" and its type's index in
// SettingValue.
struct ProbeSettingUse {
    std::string name;
    std::size_t type_index = 0;

    template <typename T>
    static ProbeSettingUse of(const ProbeSetting<T>& s) {
        return {s.name(), SettingValue(T{}).index()};
    }
};

// What the selected gates ask of the probes, merged.
struct ProbeNeeds {
    std::set<std::string> families;
    std::map<std::string, std::chrono::seconds> timeouts;  // per family: the longest any gate asked for
    std::vector<LintRequest> lints;                        // union of the gates' lint requests, in order
    bool lint_attribution = false;  // gates asked for different lints: clippy's lint table is needed
    bool all_features = true;       // build: also check with --all-features (off when the scope has it)
    TargetScope scope;              // features and excluded targets, for every cargo command
    // clippy.toml keys the gates asked for (TOML values), added to the crate's own clippy.toml.
    std::map<std::string, std::string> clippy_config;
    // The enabled gates' settings, as "gate.key": probes read them through setting().
    std::map<std::string, SettingValue> settings;
    std::string save_baseline;  // `gatecheck bench save NAME`: criterion's --save-baseline

    [[nodiscard]] bool wants(std::string_view family) const { return families.count(std::string(family)) != 0; }
    // The setting's value when its gate is enabled (configured or the gate's default), else
    // the declaration's fallback.
    template <typename T>
    [[nodiscard]] T setting(const ProbeSetting<T>& s) const {
        const auto it = settings.find(s.name());
        const T* value = it == settings.end() ? nullptr : std::get_if<T>(&it->second);
        return value != nullptr ? *value : s.fallback;
    }
    // The keys of a table setting (`[gates.allocations.max_per_iter]`) when its gate is enabled.
    [[nodiscard]] std::vector<std::string> table_keys(const ProbeSetting<std::string>& s) const {
        std::vector<std::string> out;
        const auto prefix = s.name() + ".";
        for (auto it = settings.lower_bound(prefix); it != settings.end() && it->first.rfind(prefix, 0) == 0; ++it) {
            out.push_back(it->first.substr(prefix.size()));
        }
        return out;
    }
    [[nodiscard]] std::chrono::seconds timeout(std::string_view family) const;
};

struct PlanContext {
    const Workspace& ws;
    const ProbeNeeds& needs;
    Evidence& evidence;      // outlives the run; tasks' callbacks write into it
    const Environment& env;  // the environment gatecheck runs in (for RUSTFLAGS composition)
};

struct ProbeInfo {
    std::string name;                            // "clippy", "test-pipeline(plain)"
    std::vector<std::string> families;           // the probe ids (before ':') it publishes evidence under
    Tool tool;                                   // the program behind it (probes/tool.hpp), for `gatecheck list`
    std::vector<ProbeSettingUse> settings = {};  // the gates' settings it reads (ProbeSetting)
    // Families another program runs (bench-profiling: valgrind for dhat, perf for perf).
    std::vector<std::pair<std::string, Tool>> family_tools = {};

    // The program behind one of its families.
    [[nodiscard]] const Tool& tool_of(std::string_view family) const {
        for (const auto& [f, t] : family_tools) {
            if (f == family) {
                return t;
            }
        }
        return tool;
    }
};

class Probe {
public:
    Probe() = default;
    Probe(const Probe&) = delete;
    Probe& operator=(const Probe&) = delete;
    Probe(Probe&&) = delete;
    Probe& operator=(Probe&&) = delete;
    virtual ~Probe() = default;

    [[nodiscard]] virtual const ProbeInfo& info() const = 0;
    // Called once when a selected gate needs one of its families. The tasks' callbacks (on
    // the scheduler's thread) store evidence; they may return follow-up tasks.
    [[nodiscard]] virtual std::vector<Task> plan(const PlanContext& ctx) const = 0;
};

using ProbeList = std::vector<const Probe*>;

// Every probe, the one explicit list (probes/registry.cpp).
const ProbeList& probe_registry();

}  // namespace gc
