#pragma once
// The docs gate's per-item findings, from rustdoc's JSON: each public item without docs
// (`missing_docs`) and each item rustdoc expects an example on that has none
// (`rustdoc::missing_doc_code_examples`), by path and file:line. The gate's percentages stay
// rustdoc --show-coverage's own; these lists say which items make them up.
#include <vector>

#include "gates/gate.hpp"

namespace gc::gates {

// At most this many findings of each rule per package; the rest are one summary note.
inline constexpr std::size_t kMaxItemFindings = 200;

// Findings for one package's API. `coverage` is rustdoc's own count of the same package,
// when known: if the lists do not add up to it, a note says so.
std::vector<Finding> doc_item_findings(const RustdocApi& api, const DocCounts* coverage, const Workspace& workspace);

}  // namespace gc::gates
