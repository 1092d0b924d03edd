// Which Markdown code blocks rustdoc counts as examples (its LangString rules, reduced to
// what decides "a Rust test that is not ignored").
#include <cctype>
#include <string>
#include <string_view>

#include "core/text.hpp"
#include "probes/rustdoc_json.hpp"

namespace gc {
namespace {

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

bool is_edition_or_error_code(std::string_view token) {
    if (starts_with(token, "edition")) {
        return true;
    }
    if (token.size() < 2 || token[0] != 'E') {
        return false;
    }
    for (const char c : token.substr(1)) {
        if (std::isdigit(static_cast<unsigned char>(c)) == 0) {
            return false;
        }
    }
    return true;
}

// rustdoc's LangString: Rust unless another language or a custom tag is named without a
// Rust tag; `ignore` and `ignore-TARGET` keep it Rust but untested (not an example).
bool tested_rust(std::string_view info) {
    bool seen_rust = false;
    bool seen_other = false;
    bool ignored = false;
    std::size_t pos = 0;
    while (pos < info.size()) {
        const auto end = info.find_first_of(", \t", pos);
        const auto token = info.substr(pos, end == std::string_view::npos ? std::string_view::npos : end - pos);
        pos = end == std::string_view::npos ? info.size() : end + 1;
        if (token.empty()) {
            continue;
        }
        if (token == "ignore" || starts_with(token, "ignore-")) {
            ignored = true;
            seen_rust = true;
        } else if (token == "rust" || token == "should_panic" || token == "no_run" || token == "test_harness" ||
                   token == "compile_fail" || token == "standalone_crate" || is_edition_or_error_code(token)) {
            seen_rust = true;
        } else {
            seen_other = true;
        }
    }
    return (!seen_other || seen_rust) && !ignored;
}

std::size_t indentation(std::string_view line) {
    std::size_t width = 0;
    for (const char c : line) {
        if (c == ' ') {
            ++width;
        } else if (c == '\t') {
            width += 4 - (width % 4);
        } else {
            break;
        }
    }
    return width;
}

bool list_item(std::string_view text) {
    if (text.size() >= 2 && (text[0] == '-' || text[0] == '*' || text[0] == '+') && text[1] == ' ') {
        return true;
    }
    std::size_t digits = 0;
    while (digits < text.size() && std::isdigit(static_cast<unsigned char>(text[digits])) != 0) {
        ++digits;
    }
    return digits > 0 && digits + 1 < text.size() && (text[digits] == '.' || text[digits] == ')') &&
           text[digits + 1] == ' ';
}

// The fence a line opens or closes ("```", "~~~~"), or empty.
std::string_view fence_of(std::string_view text) {
    if (text.empty() || (text[0] != '`' && text[0] != '~')) {
        return {};
    }
    std::size_t n = 0;
    while (n < text.size() && text[n] == text[0]) {
        ++n;
    }
    return n >= 3 ? text.substr(0, n) : std::string_view{};
}

}  // namespace

bool has_rust_code_block(std::string_view markdown) {
    std::string_view open_fence;  // non-empty inside a fenced block
    bool previous_blank = true;
    bool in_list = false;
    std::size_t pos = 0;
    while (pos <= markdown.size()) {
        const auto nl = markdown.find('\n', pos);
        const auto line = markdown.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        pos = nl == std::string_view::npos ? markdown.size() + 1 : nl + 1;
        const auto text = trim(line);
        const auto fence = fence_of(text);
        if (!open_fence.empty()) {
            // A closing fence: the same character, at least as long, nothing after it.
            if (!fence.empty() && fence[0] == open_fence[0] && fence.size() >= open_fence.size() &&
                fence.size() == text.size()) {
                open_fence = {};
            }
            continue;
        }
        if (!fence.empty() && indentation(line) < 4 + (in_list ? 4U : 0U)) {
            const auto info = trim(text.substr(fence.size()));
            if (fence[0] == '`' && info.find('`') != std::string_view::npos) {
                previous_blank = false;  // inline code, not a fence
                continue;
            }
            if (tested_rust(info)) {
                return true;
            }
            open_fence = fence;
            continue;
        }
        if (text.empty()) {
            previous_blank = true;
            continue;
        }
        const auto indent = indentation(line);
        if (indent >= 4 && previous_blank && !in_list) {
            return true;  // an indented code block: rustdoc tests it as Rust
        }
        if (list_item(text)) {
            in_list = true;
        } else if (indent == 0 && previous_blank) {
            in_list = false;
        }
        previous_blank = false;
    }
    return false;
}

}  // namespace gc
