#include "scaffold/mod_declaration.hpp"

#include <regex>
#include <vector>

namespace gc::scaffold {
namespace {

std::vector<std::string> split_lines(std::string_view text) {
    std::vector<std::string> lines;
    std::size_t start = 0;
    while (start < text.size()) {
        const auto end = text.find('\n', start);
        const auto stop = end == std::string_view::npos ? text.size() : end;
        lines.emplace_back(text.substr(start, stop - start));
        start = stop + 1;
    }
    return lines;
}

std::string join_lines(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines) {
        out += l + "\n";
    }
    return out;
}

const std::regex& mod_line() {
    static const std::regex re(R"(^(pub(\([a-z: ]+\))? )?mod (r#)?([A-Za-z_][A-Za-z0-9_]*);\s*$)");
    return re;
}

bool is_attribute(const std::string& line) {
    return line.starts_with("#[");
}

// Where a line declares a top-level module: its name, else nullopt.
std::optional<std::string> declared(const std::string& line) {
    std::smatch m;
    if (std::regex_match(line, m, mod_line())) {
        return m[4].str();
    }
    return std::nullopt;
}

// The line index to insert at inside the group [begin, end), before the attributes of the
// first declaration whose name sorts after `name`.
std::size_t place_in_group(const std::vector<std::string>& lines, std::size_t begin, std::size_t end,
                           std::string_view name) {
    for (std::size_t i = begin; i < end; ++i) {
        const auto decl = declared(lines[i]);
        if (decl && *decl > name) {
            auto at = i;
            while (at > begin && is_attribute(lines[at - 1])) {
                --at;
            }
            return at;
        }
    }
    return end;
}

std::size_t after_header(const std::vector<std::string>& lines) {
    std::size_t i = 0;
    while (i < lines.size() && (lines[i].starts_with("//!") || lines[i].starts_with("#![") || lines[i].empty())) {
        ++i;
    }
    while (i > 0 && lines[i - 1].empty()) {
        --i;
    }
    return i;
}

}  // namespace

bool declares_module(std::string_view root, std::string_view name) {
    const std::regex re("^\\s*(pub(\\([a-z: ]+\\))? )?mod (r#)?" + std::string(name) + "\\s*[;{]");
    for (const auto& line : split_lines(root)) {
        if (std::regex_search(line, re)) {
            return true;
        }
    }
    return false;
}

std::string insert_module(std::string_view root, std::string_view name, std::string_view decl) {
    auto lines = split_lines(root);
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (!declared(lines[i])) {
            continue;
        }
        auto begin = i;
        while (begin > 0 && is_attribute(lines[begin - 1])) {
            --begin;
        }
        auto end = i;
        while (end < lines.size() && (declared(lines[end]) || is_attribute(lines[end]))) {
            ++end;
        }
        lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(place_in_group(lines, begin, end, name)),
                     std::string(decl));
        return join_lines(lines);
    }
    const auto at = after_header(lines);
    std::vector<std::string> block;
    if (at > 0) {
        block.emplace_back();
    }
    block.emplace_back(decl);
    if (at < lines.size() && !lines[at].empty()) {
        block.emplace_back();
    }
    lines.insert(lines.begin() + static_cast<std::ptrdiff_t>(at), block.begin(), block.end());
    return join_lines(lines);
}

}  // namespace gc::scaffold
