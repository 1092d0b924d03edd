#pragma once
// The errors gate's check of error types, from rustdoc's JSON: every type of the crate
// returned as the error of a public function's Result implements std::error::Error and
// Display, so callers can use `?` into Box<dyn Error>, print it, and chain its source.
#include <optional>
#include <vector>

#include "gates/gate.hpp"

namespace gc::gates {

inline constexpr const char* kErrorTypeRule = "gatecheck::error_type_traits";

struct ErrorTypeCheck {
    std::vector<Finding> findings;       // one warning per type lacking Error or Display
    std::optional<ToolProblem> problem;  // rustdoc's JSON is missing or broken: the check is unknown
    long checked = 0;                    // error types of the crate's own seen in public signatures
};

ErrorTypeCheck check_error_types(const Evidence& evidence, const Workspace& workspace);

}  // namespace gc::gates
