#include "scaffold/names.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include <fmt/format.h>

namespace gc::scaffold {
namespace {

// cargo's restricted_names::is_keyword: strict and reserved keywords of every edition.
constexpr std::array kKeywords{
    "Self",   "abstract", "as",   "async",   "await",  "become", "box",   "break", "const",    "continue", "crate",
    "do",     "dyn",      "else", "enum",    "extern", "false",  "final", "fn",    "for",      "if",       "impl",
    "in",     "let",      "loop", "macro",   "match",  "mod",    "move",  "mut",   "override", "priv",     "pub",
    "ref",    "return",   "self", "static",  "struct", "super",  "trait", "true",  "try",      "type",     "typeof",
    "unsafe", "unsized",  "use",  "virtual", "where",  "while",  "yield"};
constexpr std::array kStdNames{"alloc", "core", "proc_macro", "proc-macro", "std"};
constexpr std::array kBuildDirs{"build", "deps", "examples", "incremental"};

bool is_one_of(std::string_view name, const auto& list) {
    return std::find(list.begin(), list.end(), name) != list.end();
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

// cargo's restricted_names::is_windows_reserved.
bool is_windows_reserved(std::string_view name) {
    const auto l = lower(name);
    if (l == "con" || l == "prn" || l == "aux" || l == "nul") {
        return true;
    }
    return l.size() == 4 && (l.starts_with("com") || l.starts_with("lpt")) && l[3] >= '1' && l[3] <= '9';
}

bool is_ascii_ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
}

// cargo's validate_package_name: the character rules, in cargo's words.
std::optional<std::string> character_problem(std::string_view name) {
    if (name.empty()) {
        return std::string("package name cannot be empty");
    }
    if (std::any_of(name.begin(), name.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
        return fmt::format(
            "invalid package name `{}`: contains non-ASCII characters; Non-ASCII crate names are "
            "not supported by Rust (cargo warns; gatecheck refuses it)",
            name);
    }
    if (std::isdigit(static_cast<unsigned char>(name.front())) != 0) {
        return fmt::format("invalid character `{}` in package name: `{}`, the name cannot start with a digit",
                           name.front(), name);
    }
    for (const char c : name) {
        if (!is_ascii_ident_char(c)) {
            return fmt::format(
                "invalid character `{}` in package name: `{}`, characters must be Unicode XID "
                "characters (numbers, `-`, `_`, or most letters)",
                c, name);
        }
    }
    if (name.front() == '-') {
        return fmt::format(
            "invalid character `-` in package name: `{}`, the first character must be a Unicode "
            "XID start character (most letters or `_`)",
            name);
    }
    return std::nullopt;
}

}  // namespace

std::optional<std::string> package_name_problem(std::string_view name, TargetKind kind) {
    if (auto problem = character_problem(name)) {
        return problem;
    }
    if (is_one_of(name, kKeywords)) {
        return fmt::format("invalid package name `{}`: it is a Rust keyword", name);
    }
    if (name == "test") {
        return fmt::format("invalid package name `{}`: it conflicts with Rust's built-in test library", name);
    }
    if (is_one_of(name, kStdNames)) {
        return fmt::format(
            "package name `{}` may be confused with the package with that name in Rust's standard "
            "library (cargo warns; gatecheck refuses it)",
            name);
    }
    if (is_windows_reserved(name)) {
        return fmt::format("package name `{}` is a reserved Windows filename (cargo warns; gatecheck refuses it)",
                           name);
    }
    if (is_one_of(name, kBuildDirs)) {
        return fmt::format("invalid package name `{}`: it conflicts with cargo's build directory names{}", name,
                           kind == TargetKind::bin ? "" : " (cargo warns for a library; gatecheck refuses it)");
    }
    if (std::any_of(name.begin(), name.end(), [](char c) { return std::isupper(static_cast<unsigned char>(c)); })) {
        return fmt::format(
            "package name `{}` is not snake_case or kebab-case which is recommended for package "
            "names, consider `{}` (cargo warns; gatecheck refuses it)",
            name, lower(name));
    }
    return std::nullopt;
}

std::optional<std::string> module_name_problem(std::string_view name) {
    const bool shaped = !name.empty() && (std::islower(static_cast<unsigned char>(name.front())) != 0) &&
                        std::all_of(name.begin(), name.end(), [](char c) {
                            return std::islower(static_cast<unsigned char>(c)) != 0 ||
                                   std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '_';
                        });
    if (!shaped) {
        return fmt::format(
            "invalid module name `{}`: use snake_case (a lowercase letter, then lowercase letters, "
            "digits or `_`)",
            name);
    }
    if (is_one_of(name, kKeywords) || name == "gen") {
        return fmt::format("invalid module name `{}`: it is a Rust keyword", name);
    }
    if (name == "main" || name == "lib" || name == "mod") {
        return fmt::format("invalid module name `{}`: src/{}.rs is a file cargo already gives a meaning", name, name);
    }
    return std::nullopt;
}

std::string crate_ident(std::string_view package_name) {
    std::string out(package_name);
    std::replace(out.begin(), out.end(), '-', '_');
    return out;
}

std::string pascal_case(std::string_view snake) {
    std::string out;
    bool upper = true;
    for (const char c : snake) {
        if (c == '_') {
            upper = true;
            continue;
        }
        out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
        upper = false;
    }
    return out;
}

}  // namespace gc::scaffold
