#include "probes/unsafe_regions.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include "probes/concurrency_scan.hpp"

namespace gc::probes {
namespace {

bool ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

int line_at(const std::string& code, std::size_t pos) {
    return 1 + static_cast<int>(std::count(code.begin(), code.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

// The index of the `}` closing the `{` at `open`, or npos.
std::size_t closing_brace(const std::string& code, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < code.size(); ++i) {
        if (code[i] == '{') {
            ++depth;
        } else if (code[i] == '}' && --depth == 0) {
            return i;
        }
    }
    return std::string::npos;
}

// The `{` of the body that follows `from`, or npos when a `;` at bracket depth 0 ends a
// declaration first (`[u8; 4]` in a signature does not).
std::size_t body_brace(const std::string& code, std::size_t from) {
    int depth = 0;
    for (std::size_t i = from; i < code.size(); ++i) {
        const char c = code[i];
        if (c == '(' || c == '[') {
            ++depth;
        } else if (c == ')' || c == ']') {
            --depth;
        } else if (c == '{') {
            return i;
        } else if (c == ';' && depth <= 0) {
            return std::string::npos;
        }
    }
    return std::string::npos;
}

}  // namespace

std::vector<LineRange> unsafe_regions(std::string_view source) {
    const auto code = code_only(source);
    std::vector<LineRange> out;
    constexpr std::string_view kWord = "unsafe";
    for (auto at = code.find(kWord); at != std::string::npos; at = code.find(kWord, at + kWord.size())) {
        const auto end = at + kWord.size();
        if ((at > 0 && ident_char(code[at - 1])) || (end < code.size() && ident_char(code[end]))) {
            continue;
        }
        // `unsafe {` opens a block; `unsafe fn|impl|trait|extern ...` a body at the next `{`,
        // unless a `;` ends a declaration first; `#[unsafe(no_mangle)]` and `unsafe(..)` have none.
        const auto next = code.find_first_not_of(" \t\r\n", end);
        if (next == std::string::npos || code[next] == '(' || code[next] == ')' || code[next] == ']') {
            continue;
        }
        const auto open = body_brace(code, next);
        if (open == std::string::npos) {
            continue;
        }
        const auto close = closing_brace(code, open);
        out.push_back(LineRange{line_at(code, at), line_at(code, close == std::string::npos ? code.size() : close)});
    }
    return out;
}

}  // namespace gc::probes
