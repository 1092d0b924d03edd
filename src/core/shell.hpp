#pragma once
// Commands as a user would type them into a POSIX shell: what reports print for "run this
// again" (gates) and what the process layer prints for the commands it ran, spelt one way.
#include <string>
#include <string_view>
#include <vector>

namespace gc {

// The argument as the shell reads it back: bare when it holds nothing the shell treats
// specially, else single-quoted.
[[nodiscard]] inline std::string shell_quote(std::string_view arg) {
    if (!arg.empty() && arg.find_first_of(" \t\n'\"\\$`*?[]{}()<>|&;#~!") == std::string_view::npos) {
        return std::string(arg);
    }
    std::string q = "'";
    for (const char c : arg) {
        if (c == '\'') {
            q += "'\\''";
        } else {
            q += c;
        }
    }
    return q + "'";
}

// "cargo test -p 'my crate'": each argument quoted, separated by spaces.
[[nodiscard]] inline std::string shell_line(const std::vector<std::string>& argv) {
    std::string s;
    for (std::size_t i = 0; i < argv.size(); ++i) {
        s += (i == 0 ? "" : " ") + shell_quote(argv[i]);
    }
    return s;
}

}  // namespace gc
