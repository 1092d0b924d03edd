#pragma once
// Factories of the gates: one per file, listed once in catalogue.cpp.
#include <memory>
#include <string_view>

#include "gates/gate.hpp"

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
