#include "probes/lint_catalog.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <optional>
#include <utility>

namespace gc {
namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t';
}

// Splits off the first whitespace-delimited word of s (s is left at what follows it).
std::string_view next_word(std::string_view& s) {
    s = trim(s);
    std::size_t end = 0;
    while (end < s.size() && !is_space(s[end])) {
        ++end;
    }
    const auto word = s.substr(0, end);
    s.remove_prefix(end);
    return word;
}

bool is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

// "dead-code", "clippy::must-use-candidate": an optional tool prefix, then a name.
bool is_lint_name(std::string_view s) {
    const auto sep = s.find("::");
    if (sep != std::string_view::npos) {
        const auto tool = s.substr(0, sep);
        if (tool.empty() || !std::all_of(tool.begin(), tool.end(), is_name_char)) {
            return false;
        }
        s.remove_prefix(sep + 2);
    }
    return !s.empty() && std::all_of(s.begin(), s.end(), is_name_char);
}

std::optional<LintLevel> to_level(std::string_view word) {
    if (word == "allow") {
        return LintLevel::allow;
    }
    if (word == "warn") {
        return LintLevel::warn;
    }
    if (word == "deny") {
        return LintLevel::deny;
    }
    if (word == "forbid") {
        return LintLevel::forbid;
    }
    return std::nullopt;
}

Error malformed(std::size_t line_no, std::string_view why, std::string_view line) {
    constexpr std::size_t shown = 120;
    return make_error(ErrorKind::input, "lint help, line " + std::to_string(line_no) + ": " + std::string(why) + ": '" +
                                            std::string(line.substr(0, shown)) + "'");
}

enum class Section { other, lints, groups };

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

}  // namespace

Result<LintCatalog> parse_lint_help(std::string_view output) {
    LintCatalog catalog;
    Section section = Section::other;
    int lint_sections = 0;
    int group_sections = 0;
    std::size_t line_no = 0;
    std::optional<Error> error;
    for_each_line(output, [&](std::string_view line) {
        ++line_no;
        if (error || trim(line).empty()) {
            return;
        }
        if (!is_space(line.front())) {
            // A section title: "Lint checks provided by rustc:", "Lint groups loaded by this crate:".
            if (starts_with(line, "Lint checks") && line.back() == ':') {
                section = Section::lints;
                ++lint_sections;
            } else if (starts_with(line, "Lint groups") && line.back() == ':') {
                section = Section::groups;
                ++group_sections;
            } else {
                section = Section::other;
            }
            return;
        }
        if (section == Section::other) {
            return;
        }
        auto rest = line;
        const auto name = next_word(rest);
        if (name == "name" || starts_with(name, "----")) {
            return;  // the column titles and their underlining
        }
        if (!is_lint_name(name)) {
            error = malformed(line_no, "not a lint name", line);
            return;
        }
        if (section == Section::lints) {
            const auto level = to_level(next_word(rest));
            if (!level) {
                error = malformed(line_no, "no default level (allow, warn, deny or forbid)", line);
                return;
            }
            catalog.default_level[normalize_lint_name(name)] = *level;
            return;
        }
        if (name == "warnings") {
            return;  // "all lints that are set to issue warnings": a level, not a list
        }
        auto& members = catalog.groups[normalize_lint_name(name)];
        rest = trim(rest);
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const auto member = trim(rest.substr(0, comma));
            if (!is_lint_name(member)) {
                error = malformed(line_no, "not a list of lint names", line);
                return;
            }
            members.insert(normalize_lint_name(member));
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        }
    });
    if (error) {
        return *error;
    }
    if (lint_sections == 0 || group_sections == 0 || catalog.default_level.empty()) {
        return make_error(ErrorKind::input, "not the output of `clippy-driver -W help`: no lint table");
    }
    const auto is_clippy = [](const auto& entry) { return starts_with(entry.first, "clippy::"); };
    if (std::none_of(catalog.default_level.begin(), catalog.default_level.end(), is_clippy) ||
        std::none_of(catalog.groups.begin(), catalog.groups.end(), is_clippy)) {
        return make_error(ErrorKind::input,
                          "lint help lists no clippy lints or groups (rustc's rather than clippy-driver's?)");
    }
    return catalog;
}

}  // namespace gc
