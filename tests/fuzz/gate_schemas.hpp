#pragma once
// The gates' configuration schemas as a JSON file (tests/fuzz/gate_schemas.json), so the
// gatecheck.toml fuzz target checks settings against the real gates without building them
// all with clang. A unit test (tests/unit/test_fuzz_corpus.cpp) keeps the file equal to
// gate_schemas(): regenerate it with `gatecheck_unit_tests "[fuzz-schemas]"` and
// GATECHECK_WRITE_FUZZ_SCHEMAS=1 when a gate's settings change.
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "core/result.hpp"

namespace gc::fuzz {

std::string schemas_to_json(const std::vector<GateSchema>& schemas);
Result<std::vector<GateSchema>> schemas_from_json(std::string_view json);

}  // namespace gc::fuzz
