// The gate catalogue: the one explicit list of gates, in the order reports show them.
#include <memory>
#include <string_view>

#include "gates/gate.hpp"

// Each gate's factory, defined in its own file: adding a gate is its file, a line here and one
// in the list below (and its docs: CONFIG.md, CHECKLIST.md).
namespace gc::gates {
std::unique_ptr<Gate> make_build_gate();
std::unique_ptr<Gate> make_clippy_gate();
std::unique_ptr<Gate> make_docs_gate();
std::unique_ptr<Gate> make_unit_tests_gate();
std::unique_ptr<Gate> make_integration_tests_gate();
std::unique_ptr<Gate> make_fmt_gate();
std::unique_ptr<Gate> make_doctests_gate();
std::unique_ptr<Gate> make_must_use_gate();
std::unique_ptr<Gate> make_thread_safety_gate();
std::unique_ptr<Gate> make_unsafe_gate();
std::unique_ptr<Gate> make_errors_gate();
std::unique_ptr<Gate> make_async_gate();
std::unique_ptr<Gate> make_ffi_gate();
std::unique_ptr<Gate> make_sanitizer_gate();
std::unique_ptr<Gate> make_coverage_gate();
std::unique_ptr<Gate> make_concurrency_tests_gate();
std::unique_ptr<Gate> make_property_tests_gate();
std::unique_ptr<Gate> make_miri_gate();
// A person's review of one checklist item: cpu-profile, zero-cost, input-validation,
// crypto-review (gates/attestation.cpp); nullptr for another id.
std::unique_ptr<Gate> make_attestation_gate(std::string_view id);
std::unique_ptr<Gate> make_advisories_gate();
std::unique_ptr<Gate> make_features_gate();
std::unique_ptr<Gate> make_benchmarks_gate();
std::unique_ptr<Gate> make_bench_targets_gate();
std::unique_ptr<Gate> make_memory_gate();
std::unique_ptr<Gate> make_allocations_gate();
std::unique_ptr<Gate> make_profile_gate();
}  // namespace gc::gates

namespace gc {

const GateList& gate_catalogue() {
    static const auto owned = [] {
        std::vector<std::unique_ptr<Gate>> all;
        all.push_back(gates::make_build_gate());
        all.push_back(gates::make_clippy_gate());
        all.push_back(gates::make_docs_gate());
        all.push_back(gates::make_unit_tests_gate());
        all.push_back(gates::make_integration_tests_gate());
        all.push_back(gates::make_coverage_gate());
        all.push_back(gates::make_fmt_gate());
        all.push_back(gates::make_doctests_gate());
        all.push_back(gates::make_must_use_gate());
        all.push_back(gates::make_thread_safety_gate());
        all.push_back(gates::make_unsafe_gate());
        all.push_back(gates::make_errors_gate());
        all.push_back(gates::make_async_gate());
        all.push_back(gates::make_ffi_gate());
        all.push_back(gates::make_sanitizer_gate());
        all.push_back(gates::make_concurrency_tests_gate());
        all.push_back(gates::make_property_tests_gate());
        all.push_back(gates::make_miri_gate());
        all.push_back(gates::make_benchmarks_gate());
        all.push_back(gates::make_bench_targets_gate());
        all.push_back(gates::make_memory_gate());
        all.push_back(gates::make_profile_gate());
        all.push_back(gates::make_allocations_gate());
        all.push_back(gates::make_advisories_gate());
        all.push_back(gates::make_features_gate());
        // A person's reviews; cpu-profile shares its checklist item with the profile gate.
        for (const char* id : {"cpu-profile", "zero-cost", "input-validation", "crypto-review"}) {
            all.push_back(gates::make_attestation_gate(id));
        }
        return all;
    }();
    static const GateList list = [] {
        GateList out;
        for (const auto& g : owned) {
            out.push_back(g.get());
        }
        return out;
    }();
    return list;
}

const Gate* find_gate(const GateList& gates, const std::string& id) {
    for (const auto* g : gates) {
        if (g->info().id == id) {
            return g;
        }
    }
    return nullptr;
}

std::vector<GateSchema> gate_schemas(const GateList& gates) {
    std::vector<GateSchema> out;
    for (const auto* g : gates) {
        out.push_back(GateSchema{g->info().id, g->settings(), g->info().attestation, g->info().optional});
    }
    return out;
}

const Gate* find_gate(const std::string& id) {
    return find_gate(gate_catalogue(), id);
}

std::vector<GateSchema> gate_schemas() {
    return gate_schemas(gate_catalogue());
}

}  // namespace gc
