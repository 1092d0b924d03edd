#pragma once
// The spec's "Rust Quality Gates" checklist, verbatim, plus the "Best Practices" items that
// gates prove. Items no gate proves say "not-checked", never pass.
#include <string>
#include <vector>

#include "report/model.hpp"

namespace gc {

struct ChecklistItem {
    std::string text;
    std::string phase;
};

const std::vector<ChecklistItem>& checklist_items();
const std::vector<std::string>& checklist_phases();

// Each item's status from the results of the gates that prove it: fail > error >
// unavailable > manual > warn > attested > pass > not-applicable; all skipped gives skip; no
// gate gives "not-checked". An attestation gate's record and to-do are copied to its item.
std::vector<ChecklistEntry> build_checklist(
    const std::vector<GateResult>& results,
    const std::vector<std::pair<std::string, std::vector<std::string>>>& gate_items);

}  // namespace gc
