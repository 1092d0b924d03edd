#include "probes/lint_catalog.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <optional>
#include <utility>

namespace gc {
namespace {

// Calls fn for each line of text (without the newline).
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

// `lint`'s level after the defaults and then the requests in order (`--force-warn` wins over
// everything); nothing for a lint the catalog does not know and no request names.
std::optional<LintLevel> effective_level(const LintCatalog& catalog, const std::vector<LintRequest>& requests,
                                         const std::string& lint) {
    const auto def = catalog.default_level.find(lint);
    std::optional<LintLevel> level;
    if (def != catalog.default_level.end()) {
        level = def->second;
    }
    bool forced = false;
    for (const auto& r : requests) {
        const auto name = normalize_lint_name(r.name);
        if (name != lint) {
            const auto group = catalog.groups.find(name);
            if (group == catalog.groups.end() || group->second.count(lint) == 0) {
                continue;
            }
        }
        switch (r.level) {
            case LintRequest::Level::warn:
                level = LintLevel::warn;
                break;
            case LintRequest::Level::deny:
                level = LintLevel::deny;
                break;
            case LintRequest::Level::allow:
                level = LintLevel::allow;
                break;
            case LintRequest::Level::force_warn:
                forced = true;
                break;
        }
    }
    return forced ? std::optional(LintLevel::warn) : level;
}

// Whether `lint` is on after the defaults and then the requests in order. A lint the
// catalog does not know starts at `unknown_on`.
bool lint_on(const LintCatalog& catalog, const std::vector<LintRequest>& requests, const std::string& lint,
             bool unknown_on) {
    const auto level = effective_level(catalog, requests, lint);
    return level ? *level != LintLevel::allow : unknown_on;
}

const char* flag_of(LintRequest::Level level) {
    switch (level) {
        case LintRequest::Level::warn:
            return "-W";
        case LintRequest::Level::deny:
            return "-D";
        case LintRequest::Level::force_warn:
            return "--force-warn";
        case LintRequest::Level::allow:
            return "-A";
    }
    return "-W";
}

}  // namespace

std::string normalize_lint_name(std::string_view name) {
    std::string out(trim(name));
    std::replace(out.begin(), out.end(), '-', '_');
    return out;
}

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

std::vector<std::string> lint_flags(const std::vector<LintRequest>& requests) {
    std::vector<std::pair<LintRequest::Level, std::string>> kept;
    for (auto it = requests.rbegin(); it != requests.rend(); ++it) {
        auto entry = std::make_pair(it->level, normalize_lint_name(it->name));
        if (std::find(kept.begin(), kept.end(), entry) == kept.end()) {
            kept.push_back(std::move(entry));
        }
    }
    std::vector<std::string> argv;
    argv.reserve(kept.size() * 2);
    for (auto it = kept.rbegin(); it != kept.rend(); ++it) {
        argv.emplace_back(flag_of(it->first));
        argv.push_back(it->second);
    }
    return argv;
}

std::vector<LintRequest> lint_requests(const std::vector<std::string>& rustc_args) {
    static const std::vector<std::pair<std::string, LintRequest::Level>> spellings{
        {"--force-warn", LintRequest::Level::force_warn},
        {"--warn", LintRequest::Level::warn},
        {"--allow", LintRequest::Level::allow},
        {"--deny", LintRequest::Level::deny},
        {"--forbid", LintRequest::Level::deny},
        {"-W", LintRequest::Level::warn},
        {"-A", LintRequest::Level::allow},
        {"-D", LintRequest::Level::deny},
        {"-F", LintRequest::Level::deny}};
    std::vector<LintRequest> requests;
    for (std::size_t i = 0; i < rustc_args.size(); ++i) {
        const std::string& arg = rustc_args[i];
        for (const auto& [flag, level] : spellings) {
            if (!starts_with(arg, flag)) {
                continue;
            }
            // "-W x", "-Wx", "--warn x", "--warn=x"; "--warnings" or "-Wfoo" of another flag never
            // reach here with a long flag's prefix, since long spellings come first.
            std::string name = arg.substr(flag.size());
            if (!name.empty() && name.front() == '=') {
                name.erase(0, 1);
            } else if (!name.empty() && flag.size() > 2) {
                break;  // "--warnings-as-errors": not this flag
            } else if (name.empty() && i + 1 < rustc_args.size()) {
                name = rustc_args[++i];
            }
            if (!name.empty()) {
                requests.push_back({normalize_lint_name(name), level});
            }
            break;
        }
    }
    return requests;
}

std::set<std::string> enabled_lints(const LintCatalog& catalog, const std::vector<LintRequest>& requests) {
    std::set<std::string> candidates;
    for (const auto& [name, level] : catalog.default_level) {
        candidates.insert(name);
    }
    for (const auto& r : requests) {
        auto name = normalize_lint_name(r.name);
        if (catalog.groups.count(name) == 0) {
            candidates.insert(std::move(name));
        }
    }
    std::set<std::string> on;
    for (const auto& lint : candidates) {
        if (lint_on(catalog, requests, lint, false)) {
            on.insert(lint);
        }
    }
    return on;
}

bool reported_by(const LintCatalog& catalog, const std::vector<LintRequest>& requests, const std::string& code) {
    const auto lint = normalize_lint_name(code);
    return lint.empty() || lint_on(catalog, requests, lint, true);
}

bool denied_by(const LintCatalog& catalog, const std::vector<LintRequest>& requests, const std::string& code) {
    const auto level = effective_level(catalog, requests, normalize_lint_name(code));
    return level == LintLevel::deny || level == LintLevel::forbid;
}

}  // namespace gc
