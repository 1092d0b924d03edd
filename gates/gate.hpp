#pragma once
// A gate is a pure function from evidence and its settings to a result. It never runs a
// command: it names the probes whose evidence it reads, and the shared clippy run's lint
// flags it needs, so adding a gate adds a view over evidence, not another run.
#include <memory>
#include <string>
#include <vector>

#include "cargo/workspace.hpp"
#include "config/config.hpp"
#include "probes/evidence.hpp"
#include "report/model.hpp"

namespace gc {

enum class ProbeKind { check, clippy, fmt, doc_coverage, test_build, unit_test_runs, integration_test_runs, doctests };

struct GateInfo {
    std::string id;                      // part of the interface: config keys, --gate, reports
    std::string phase;                   // checklist phase it belongs to
    std::vector<std::string> checklist;  // verbatim checklist items it proves
    std::string evidence;                // one line: what it runs and reads
    std::vector<ProbeKind> probes;
    std::vector<std::string> settings_doc;  // rendered by `gatecheck list`
};

struct GateInput {
    const Evidence& evidence;
    const GateSettings& settings;
    const Workspace& workspace;
};

class Gate {
public:
    Gate() = default;
    Gate(const Gate&) = delete;
    Gate& operator=(const Gate&) = delete;
    Gate(Gate&&) = delete;
    Gate& operator=(Gate&&) = delete;
    virtual ~Gate() = default;

    [[nodiscard]] virtual const GateInfo& info() const = 0;
    [[nodiscard]] virtual std::vector<SettingSpec> settings() const { return {}; }
    // Lint flags this gate needs in the one clippy run (after `--`), e.g. "-W", "clippy::pedantic".
    [[nodiscard]] virtual std::vector<std::string> clippy_flags() const { return {}; }
    [[nodiscard]] virtual GateResult evaluate(const GateInput& input) const = 0;
};

// Every gate, in checklist order: the one explicit list (gates/catalogue.cpp).
const std::vector<std::unique_ptr<Gate>>& gate_catalogue();
const Gate* find_gate(const std::string& id);
std::vector<GateSchema> gate_schemas();

}  // namespace gc
