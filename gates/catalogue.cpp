// The gate catalogue: the one explicit list of gates, in the order reports show them.
#include "gates/gates.hpp"

namespace gc {

const std::vector<std::unique_ptr<Gate>>& gate_catalogue() {
    static const auto catalogue = [] {
        std::vector<std::unique_ptr<Gate>> all;
        all.push_back(gates::make_build_gate());
        all.push_back(gates::make_clippy_gate());
        all.push_back(gates::make_docs_gate());
        all.push_back(gates::make_unit_tests_gate());
        all.push_back(gates::make_integration_tests_gate());
        all.push_back(gates::make_fmt_gate());
        all.push_back(gates::make_doctests_gate());
        return all;
    }();
    return catalogue;
}

const Gate* find_gate(const std::string& id) {
    for (const auto& g : gate_catalogue()) {
        if (g->info().id == id) {
            return g.get();
        }
    }
    return nullptr;
}

std::vector<GateSchema> gate_schemas() {
    std::vector<GateSchema> out;
    for (const auto& g : gate_catalogue()) {
        out.push_back(GateSchema{g->info().id, g->settings()});
    }
    return out;
}

}  // namespace gc
