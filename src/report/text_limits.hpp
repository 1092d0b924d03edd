#pragma once
// Cutting text for consumers with limits, without splitting a UTF-8 character.
#include <cstddef>
#include <string>
#include <string_view>

namespace gc {

// At most max_bytes bytes of text, cut at a character boundary, ending in "…" when cut.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

// Same for a limit in UTF-16 code units (SARIF's and GitHub's "characters").
std::string truncate_utf16(std::string_view text, std::size_t max_units);

}  // namespace gc
