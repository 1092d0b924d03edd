#pragma once
// Text as CI systems can show it: tools' output reaches the report as they printed it
// (invalid UTF-8, NULs, escape sequences, 100 kB panics), and a CI page must neither choke on
// it nor let it pass for markup or commands. Each format escapes on top of these.
#include <cstddef>
#include <string>
#include <string_view>

namespace gc {

// Valid UTF-8: an invalid byte becomes U+FFFD; C0 controls and DEL are dropped, except tab,
// LF and CR, which each format escapes its own way.
std::string printable_utf8(std::string_view text);

// At most `max_bytes` bytes, cut at a character boundary, with "… (N bytes more)" saying what
// was cut. Text that fits is returned unchanged.
std::string shorten(std::string_view text, std::size_t max_bytes);

}  // namespace gc
