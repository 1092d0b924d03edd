#include "probes/cfg_features.hpp"

#include <cctype>
#include <optional>

namespace gc::probes {
namespace {

bool ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// A recursive-descent reader of one cfg predicate; any surprise makes it unknown.
class CfgReader {
public:
    CfgReader(std::string_view text, const std::set<std::string>& features) : s_(text), features_(features) {}

    CfgTruth run() {
        const auto v = predicate();
        skip_space();
        return v && i_ == s_.size() ? *v : CfgTruth::unknown;
    }

private:
    void skip_space() {
        while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_])) != 0) {
            ++i_;
        }
    }
    bool eat(char c) {
        skip_space();
        if (i_ < s_.size() && s_[i_] == c) {
            ++i_;
            return true;
        }
        return false;
    }
    std::string ident() {
        skip_space();
        const auto start = i_;
        while (i_ < s_.size() && ident_char(s_[i_])) {
            ++i_;
        }
        return std::string(s_.substr(start, i_ - start));
    }
    std::optional<std::string> string_literal() {
        skip_space();
        if (i_ >= s_.size() || s_[i_] != '"') {
            return std::nullopt;
        }
        const auto end = s_.find('"', i_ + 1);
        if (end == std::string_view::npos) {
            return std::nullopt;
        }
        std::string out(s_.substr(i_ + 1, end - i_ - 1));
        i_ = end + 1;
        return out;
    }

    std::optional<CfgTruth> predicate() {
        const auto name = ident();
        if (name.empty()) {
            return std::nullopt;
        }
        if (eat('=')) {
            const auto value = string_literal();
            if (!value) {
                return std::nullopt;
            }
            if (name != "feature") {
                return CfgTruth::unknown;
            }
            return features_.count(*value) != 0 ? CfgTruth::yes : CfgTruth::no;
        }
        if (!eat('(')) {
            return CfgTruth::unknown;  // `test`, `unix`, `miri`, a --cfg
        }
        std::vector<CfgTruth> args;
        while (!eat(')')) {
            const auto v = predicate();
            if (!v) {
                return std::nullopt;
            }
            args.push_back(*v);
            if (!eat(',') && !(skip_space(), i_ < s_.size() && s_[i_] == ')')) {
                return std::nullopt;
            }
        }
        return combine(name, args);
    }

    static std::optional<CfgTruth> combine(const std::string& name, const std::vector<CfgTruth>& args) {
        const auto has = [&args](CfgTruth t) {
            for (const auto a : args) {
                if (a == t) {
                    return true;
                }
            }
            return false;
        };
        if (name == "all") {
            return has(CfgTruth::no) ? CfgTruth::no : has(CfgTruth::unknown) ? CfgTruth::unknown : CfgTruth::yes;
        }
        if (name == "any") {
            return has(CfgTruth::yes) ? CfgTruth::yes : has(CfgTruth::unknown) ? CfgTruth::unknown : CfgTruth::no;
        }
        if (name == "not" && args.size() == 1) {
            return args[0] == CfgTruth::yes  ? CfgTruth::no
                   : args[0] == CfgTruth::no ? CfgTruth::yes
                                             : CfgTruth::unknown;
        }
        return std::nullopt;
    }

    std::string_view s_;
    const std::set<std::string>& features_;
    std::size_t i_ = 0;
};

std::string collapse_space(std::string_view s) {
    std::string out;
    bool space = false;
    for (const char c : s) {
        if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            space = !out.empty();
            continue;
        }
        if (space) {
            out += ' ';
            space = false;
        }
        out += c;
    }
    return out;
}

// The index of the `)` closing the `(` at `open` in `code`, or npos.
std::size_t closing_paren(std::string_view code, std::size_t open) {
    int depth = 0;
    for (std::size_t k = open; k < code.size(); ++k) {
        depth += code[k] == '(' ? 1 : code[k] == ')' ? -1 : 0;
        if (depth == 0) {
            return k;
        }
    }
    return std::string_view::npos;
}

// A `#[cfg(` or `#![cfg(` at `i` of `code`: the index of its `(`, or npos.
std::size_t cfg_attribute_at(std::string_view code, std::size_t i, bool& inner) {
    std::size_t k = i + 1;
    inner = k < code.size() && code[k] == '!';
    k += inner ? 1 : 0;
    const auto skip = [&code](std::size_t at) {
        while (at < code.size() && std::isspace(static_cast<unsigned char>(code[at])) != 0) {
            ++at;
        }
        return at;
    };
    k = skip(k);
    if (k >= code.size() || code[k] != '[') {
        return std::string_view::npos;
    }
    k = skip(k + 1);
    if (code.compare(k, 3, "cfg") != 0 || (k + 3 < code.size() && ident_char(code[k + 3]))) {
        return std::string_view::npos;
    }
    k = skip(k + 3);
    return k < code.size() && code[k] == '(' ? k : std::string_view::npos;
}

// Where the item (or field, statement, arm) after an attribute ending at `from` ends: its
// `{ .. }`, or the `;` or `,` at its own depth, or just before the `}` that closes the enclosing
// block. `<` counts as a bracket only right after a name or `::` (`Arc<T>`, `fn f<A, B>`), so a
// comparison does not. A stretch it cannot bound ends at `from`: the code stays in.
// Whether the code after `from` (a cfg attribute's end) is an item or statement, which ends
// with `;` or its block, its commas inside (`where K: Send, V: Send`); else a field, arm or
// argument, which a `,` ends.
bool item_keyword_at(std::string_view code, std::size_t from) {
    static const std::set<std::string_view> items{"fn",     "impl",  "struct", "enum",       "union", "trait",
                                                  "mod",    "use",   "static", "const",      "type",  "unsafe",
                                                  "extern", "async", "let",    "macro_rules"};
    std::size_t k = from;
    for (;;) {
        while (k < code.size() && std::isspace(static_cast<unsigned char>(code[k])) != 0) {
            ++k;
        }
        if (k < code.size() && code[k] == '#') {
            const auto close = code.find(']', k);
            if (close == std::string_view::npos) {
                return false;
            }
            k = close + 1;
            continue;
        }
        const auto start = k;
        while (k < code.size() && ident_char(code[k])) {
            ++k;
        }
        const auto word = code.substr(start, k - start);
        if (word == "pub") {
            if (k < code.size() && code[k] == '(') {
                k = closing_paren(code, k);
                k = k == std::string_view::npos ? code.size() : k + 1;
            }
            continue;
        }
        return items.count(word) != 0;
    }
}

std::size_t item_end(std::string_view code, std::size_t from) {
    const bool commas_end = !item_keyword_at(code, from);
    int depth = 0;
    int angle = 0;
    for (std::size_t k = from; k < code.size(); ++k) {
        const char c = code[k];
        const char prev = k > 0 ? code[k - 1] : ' ';
        if (c == '(' || c == '[') {
            ++depth;
        } else if (c == ')' || c == ']') {
            if (--depth < 0) {
                return k - 1;
            }
        } else if (c == '<' && (ident_char(prev) || prev == ':')) {
            ++angle;
        } else if (c == '>' && angle > 0 && prev != '-' && prev != '=') {
            --angle;
        } else if (depth == 0 && c == '}') {
            return k - 1;
        } else if (depth == 0 && c == '{') {
            int braces = 0;
            for (std::size_t j = k; j < code.size(); ++j) {
                braces += code[j] == '{' ? 1 : code[j] == '}' ? -1 : 0;
                if (braces == 0) {
                    return j;
                }
            }
            return code.size() - 1;
        } else if (depth == 0 && (c == ';' || (c == ',' && angle == 0 && commas_end))) {
            return k;
        } else if (depth == 0 && c == '#' && k + 1 < code.size() && code[k + 1] == '[') {
            // Another attribute on the same item: read past it.
            const auto close = code.find(']', k);
            if (close == std::string_view::npos) {
                return from;
            }
            k = close;
        }
    }
    return from;
}

}  // namespace

CfgTruth eval_cfg(std::string_view predicate, const std::set<std::string>& features) {
    return CfgReader(predicate, features).run();
}

std::vector<std::string> cfg_predicates(std::string_view source, std::string_view code) {
    std::vector<std::string> out;
    for (std::size_t i = code.find('#'); i != std::string_view::npos; i = code.find('#', i + 1)) {
        bool inner = false;
        const auto open = cfg_attribute_at(code, i, inner);
        if (open == std::string_view::npos || inner) {
            continue;
        }
        const auto close = closing_paren(code, open);
        if (close == std::string_view::npos) {
            break;
        }
        out.push_back(collapse_space(source.substr(open + 1, close - open - 1)));
    }
    return out;
}

std::set<std::string> enabled_features(const Package& pkg, const TargetScope& scope) {
    std::set<std::string> on;
    std::vector<std::string> todo;
    if (scope.all_features) {
        for (const auto& [name, _] : pkg.features) {
            todo.push_back(name);
        }
    }
    if (!scope.no_default_features && pkg.features.count("default") != 0) {
        todo.emplace_back("default");
    }
    for (const auto& f : scope.features) {
        const auto slash = f.find('/');
        if (slash == std::string::npos) {
            todo.push_back(f);
        } else if (f.substr(0, slash) == pkg.name) {
            todo.push_back(f.substr(slash + 1));
        }
    }
    while (!todo.empty()) {
        const auto f = todo.back();
        todo.pop_back();
        if (!on.insert(f).second) {
            continue;
        }
        const auto it = pkg.features.find(f);
        if (it == pkg.features.end()) {
            continue;
        }
        for (const auto& entry : it->second) {
            if (entry.starts_with("dep:")) {
                continue;  // enables the dependency, not a feature of this package
            }
            const auto slash = entry.find('/');
            if (slash == std::string::npos) {
                todo.push_back(entry);
            } else if (entry[slash - 1] != '?' && pkg.features.count(entry.substr(0, slash)) != 0) {
                todo.push_back(entry.substr(0, slash));  // `dep/feat` turns on the optional dependency `dep`
            }
        }
    }
    return on;
}

std::vector<CfgOff> cfg_off_ranges(std::string_view source, std::string_view code,
                                   const std::set<std::string>& features) {
    std::vector<CfgOff> out;
    for (std::size_t i = code.find('#'); i != std::string_view::npos; i = code.find('#', i + 1)) {
        bool inner = false;
        const auto open = cfg_attribute_at(code, i, inner);
        if (open == std::string_view::npos) {
            continue;
        }
        const auto close = closing_paren(code, open);
        if (close == std::string_view::npos) {
            break;
        }
        const auto predicate = collapse_space(source.substr(open + 1, close - open - 1));
        if (eval_cfg(predicate, features) != CfgTruth::no) {
            continue;
        }
        const auto attr_end = code.find(']', close);
        if (attr_end == std::string_view::npos) {
            break;
        }
        if (inner) {
            out.push_back(CfgOff{0, code.size(), predicate});
            continue;
        }
        const auto end = item_end(code, attr_end + 1);
        out.push_back(CfgOff{i, std::max(end, attr_end), predicate});
    }
    return out;
}

std::string off_at(const std::vector<CfgOff>& ranges, std::size_t pos) {
    for (const auto& r : ranges) {
        if (r.contains(pos)) {
            return r.predicate;
        }
    }
    return "";
}

}  // namespace gc::probes
