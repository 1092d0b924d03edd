#pragma once
// Text made safe for XML 1.0: what it forbids removed, the rest escaped.
#include <string>
#include <string_view>

namespace gc {

// Valid UTF-8 with every character XML 1.0 allows: invalid bytes become U+FFFD; NUL, other
// C0 controls but tab, LF and CR, U+FFFE and U+FFFF, and ANSI colour sequences are removed.
std::string xml_clean(std::string_view text);

// Cleaned and escaped for element content; CR kept as &#13;, which parsers would turn into LF.
std::string xml_text(std::string_view text);

// Cleaned and escaped for a double-quoted attribute; tab, LF and CR as character references,
// which attribute normalisation would otherwise turn into spaces.
std::string xml_attribute(std::string_view text);

}  // namespace gc
