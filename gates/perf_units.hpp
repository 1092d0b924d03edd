#pragma once
// The units of the performance gates' settings and summaries: durations ("50ns", "1.5us",
// "2ms", "1s"), sizes ("512MiB", "64MB", "4096") and shares ("5%").
#include <optional>
#include <string>
#include <string_view>

namespace gc::gates {

std::optional<double> parse_duration_ns(std::string_view text);
std::optional<double> parse_bytes(std::string_view text);
std::optional<double> parse_share(std::string_view text);  // "5%" -> 0.05

std::string format_ns(double ns);            // "1.234 ns", "56.7 µs", as criterion prints times
std::string format_bytes(double bytes);      // "12.3 MiB"
std::string format_change(double fraction);  // "+4.40%", "-12.00%"

}  // namespace gc::gates
