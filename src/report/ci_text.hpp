#pragma once
// Text as CI systems can show it: tools' output reaches the report as they printed it
// (invalid UTF-8, NULs, escape sequences, 100 kB panics), and a CI page must neither choke on
// it nor let it pass for markup or commands. Each format escapes on top of these.
#include <string>
#include <string_view>

#include "report/text_limits.hpp"  // shorten(): the cut every CI format makes

namespace gc {

// Valid UTF-8: an invalid byte becomes U+FFFD; C0 controls and DEL are dropped, except tab,
// LF and CR, which each format escapes its own way.
std::string printable_utf8(std::string_view text);

}  // namespace gc
