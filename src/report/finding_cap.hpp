#pragma once
// A gate's findings bounded per rule: a crate with a hundred thousand warnings of one lint
// gets exact counts in its metrics, the first findings of each rule, and how many were left
// out (every format says "and N more"), so memory and reports stay bounded.
#include <cstddef>

#include "report/model.hpp"

namespace gc {

inline constexpr std::size_t kMaxFindingsPerRule = 100;

// Keeps the first `per_rule` findings of each rule, in order; counts the rest in `omitted`.
void cap_findings(GateResult& result, std::size_t per_rule = kMaxFindingsPerRule);

}  // namespace gc
