#pragma once
// A gate is a pure function from evidence and its settings to a result. It never runs a
// command: it names the probe families whose evidence it reads and the lints it needs in
// the shared clippy run, so adding a gate adds a view over evidence, not another run.
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cargo/workspace.hpp"
#include "config/config.hpp"
#include "core/date.hpp"
#include "evidence/keys.hpp"
#include "evidence/lints.hpp"
#include "report/model.hpp"

namespace gc {

struct GateInfo {
    std::string id;                      // part of the interface: config keys, --gate, reports
    std::string phase;                   // checklist phase it belongs to
    std::vector<std::string> checklist;  // verbatim checklist items it proves
    std::string evidence;                // one line: what it runs and reads
    std::vector<std::string> probes;     // probe families (evidence/keys.hpp, TestKeys::family)
    // A person's review ([attestations.ID] in the configuration), optional unless required.
    bool attestation{false};
    // Not required unless the configuration says so (`required = true`): the gate reports, but
    // only a required gate decides the exit code.
    bool optional{false};
    // Families this gate reads but another gate owns (concurrency-tests reads the plain test
    // runs): planned like `probes`, but this gate's timeout does not stretch theirs unless no
    // owner is enabled. A hang in the plain runs is then cut at the unit-tests gate's limit.
    std::vector<std::string> reads{};
};

struct GateInput {
    const Evidence& evidence;
    const GateSettings& settings;
    const Workspace& workspace;
    Date today{};  // the run's date (UTC), for attestations that expire
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
    // Lints this gate needs in the one clippy run, e.g. {"clippy::pedantic", warn}.
    [[nodiscard]] virtual std::vector<LintRequest> lints() const { return {}; }
    // clippy.toml keys this gate needs in the one clippy run, e.g. {"allow-unwrap-in-tests",
    // "true"}: added to the crate's own clippy.toml, never over a key the crate sets itself.
    [[nodiscard]] virtual std::vector<std::pair<std::string, std::string>> clippy_config() const { return {}; }
    [[nodiscard]] virtual GateResult evaluate(const GateInput& input) const = 0;
};

using GateList = std::vector<const Gate*>;

// Every gate, in checklist order: the one explicit list (gates/catalogue.cpp).
const GateList& gate_catalogue();
const Gate* find_gate(const GateList& gates, const std::string& id);
std::vector<GateSchema> gate_schemas(const GateList& gates);
// The same over gate_catalogue().
const Gate* find_gate(const std::string& id);
std::vector<GateSchema> gate_schemas();

}  // namespace gc
