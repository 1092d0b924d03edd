#pragma once
// Small text helpers shared by the parsers of tools' output.
#include <charconv>
#include <optional>
#include <string>
#include <string_view>

namespace gc {

// Without leading and trailing ASCII whitespace (space, tab, CR, LF, FF, VT): tools' lines
// may end in "\r" and indentation may be tabs.
[[nodiscard]] constexpr std::string_view trim(std::string_view s) {
    constexpr std::string_view space = " \t\r\n\f\v";
    const auto first = s.find_first_not_of(space);
    if (first == std::string_view::npos) {
        return {};
    }
    return s.substr(first, s.find_last_not_of(space) - first + 1);
}

// Calls fn for each line of text (without the newline, nor a "\r" before it).
template <class Fn>
void for_each_line(std::string_view text, Fn&& fn) {
    while (!text.empty()) {
        const auto nl = text.find('\n');
        auto line = text.substr(0, nl);
        if (!line.empty() && line.back() == '\r') {
            line.remove_suffix(1);
        }
        fn(line);
        if (nl == std::string_view::npos) {
            break;
        }
        text.remove_prefix(nl + 1);
    }
}

// The decimal `digits` as an int; nothing when it is not one or does not fit (std::stoi threw
// out of parsers on "lib.rs:99999999999": found by tests/fuzz/).
[[nodiscard]] inline std::optional<int> to_int(std::string_view digits) {
    int v = 0;
    const auto* end = digits.data() + digits.size();
    const auto [ptr, ec] = std::from_chars(digits.data(), end, v);
    return ec == std::errc() && ptr == end ? std::optional<int>(v) : std::nullopt;
}

// A report's line or column: 0 (unknown) when it is not a decimal that fits an int.
[[nodiscard]] inline int location_number(std::string_view digits) {
    return to_int(digits).value_or(0);
}

}  // namespace gc
