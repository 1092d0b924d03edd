#pragma once
// Cutting text for consumers with limits, without splitting a UTF-8 character, and the one
// UTF-8 decoder the report's text cleaners (xml_text, ci_text) share.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gc {

// At most max_bytes bytes of text, cut at a character boundary, ending in "…" when cut.
std::string truncate_utf8(std::string_view text, std::size_t max_bytes);

// At most max_bytes bytes of text, cut at a character boundary, with "… (N bytes more)"
// after the cut saying what was left out. Text that fits is returned unchanged.
std::string shorten(std::string_view text, std::size_t max_bytes);

// The length of the valid UTF-8 sequence at text[i], with its code point in cp; 0 when the
// bytes there are not one (overlong forms, surrogates and code points past U+10FFFF too).
std::size_t utf8_sequence(std::string_view text, std::size_t i, std::uint32_t& cp);

// Same for a limit in UTF-16 code units (SARIF's and GitHub's "characters").
std::string truncate_utf16(std::string_view text, std::size_t max_units);

}  // namespace gc
