#include "evidence/lints.hpp"

#include <algorithm>
#include <optional>
#include <utility>

#include "core/text.hpp"

namespace gc {
namespace {

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
