#pragma once
// Line-independent identities of findings, so a baseline can recognise a finding after the
// code around it moved (roadmap: CI gating against a baseline).
#include <string>
#include <string_view>

#include "report/model.hpp"

namespace gc {

// Collapses every run of whitespace to one space and trims both ends.
std::string normalise_snippet(std::string_view text);

// 16 hex digits (FNV-1a, 64 bit) over rule, file and the normalised snippet; without a
// snippet, over the message with every run of digits replaced, so line numbers quoted in
// it do not count. Never over the line or column.
std::string fingerprint(const Finding& finding);

// Fills every finding's fingerprint. Equal fingerprints within one gate get "-2", "-3", ...
// in finding order, so each is unique within its gate.
void assign_fingerprints(Report& report);

}  // namespace gc
