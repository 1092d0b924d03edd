#pragma once
// Small text helpers shared by the parsers of tools' output.
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

}  // namespace gc
