#pragma once
// Reads gatecheck's own JSON report (schema "gatecheck/report/v1", docs/REPORT.md) back
// into the model: for baselines, for re-rendering a saved report in another format.
#include <string_view>

#include "core/result.hpp"
#include "report/model.hpp"

namespace gc {

// An input error names the offending field ("gates[2].findings[0].level: expected one of
// error, warning, note") when the text is not JSON, has another schema, lacks a required
// field or has one of the wrong type. Fields added to v1 after its first release are optional.
Result<Report> read_report_json(std::string_view text);

}  // namespace gc
