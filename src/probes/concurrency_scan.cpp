#include "probes/concurrency_scan.hpp"

#include <algorithm>
#include <cctype>
#include <regex>
#include <utility>

#include "probes/cfg_features.hpp"

namespace gc::probes {
namespace {

// Blanks a literal or comment that starts at `i` (keeping newlines); returns the index after it.
class Blanker {
public:
    explicit Blanker(std::string& text) : s_(text) {}
    std::size_t run(std::size_t i) {
        const char c = s_[i];
        if (c == '/' && at(i + 1) == '/') {
            return blank_until(i, s_.find('\n', i));
        }
        if (c == '/' && at(i + 1) == '*') {
            return block_comment(i);
        }
        if (c == 'r' && (at(i + 1) == '"' || (at(i + 1) == '#' && (at(i + 2) == '"' || at(i + 2) == '#'))) &&
            !ident(at(i - 1))) {
            return raw_string(i);
        }
        if (c == '"') {
            return quoted(i, '"');
        }
        if (c == '\'' && (at(i + 1) == '\\' || at(i + 2) == '\'')) {
            return quoted(i, '\'');  // a char literal, not a lifetime
        }
        return i + 1;
    }

private:
    [[nodiscard]] char at(std::size_t i) const { return i < s_.size() ? s_[i] : '\0'; }
    static bool ident(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }
    std::size_t blank_until(std::size_t from, std::size_t to) {
        to = std::min(to, s_.size());
        for (std::size_t k = from; k < to; ++k) {
            s_[k] = s_[k] == '\n' ? '\n' : ' ';
        }
        return to;
    }
    std::size_t block_comment(std::size_t i) {
        std::size_t k = i;
        int depth = 0;
        do {
            if (at(k) == '/' && at(k + 1) == '*') {
                ++depth;
                ++k;
            } else if (at(k) == '*' && at(k + 1) == '/') {
                --depth;
                ++k;
            }
            ++k;
        } while (k < s_.size() && depth > 0);
        return blank_until(i, k);
    }
    std::size_t raw_string(std::size_t i) {
        std::size_t k = i + 1;
        std::string close = "\"";
        while (at(k) == '#') {
            close += '#';
            ++k;
        }
        const auto end = s_.find(close, k + 1);
        return blank_until(i, end == std::string::npos ? s_.size() : end + close.size());
    }
    std::size_t quoted(std::size_t i, char quote) {
        std::size_t k = i + 1;
        while (k < s_.size() && s_[k] != quote) {
            k += s_[k] == '\\' ? 2 : 1;
        }
        return blank_until(i, k + 1);
    }
    std::string& s_;
};

// The index of the `}` that closes the `{` at `open` (or the end).
std::size_t closing(const std::string& code, std::size_t open) {
    int depth = 0;
    for (std::size_t k = open; k < code.size(); ++k) {
        depth += code[k] == '{' ? 1 : code[k] == '}' ? -1 : 0;
        if (depth == 0) {
            return k;
        }
    }
    return code.size();
}

int line_at(const std::string& code, std::size_t pos) {
    return 1 + static_cast<int>(std::count(code.begin(), code.begin() + static_cast<long>(pos), '\n'));
}

using Ranges = std::vector<std::pair<std::size_t, std::size_t>>;

bool inside(const Ranges& ranges, std::size_t pos) {
    return std::any_of(ranges.begin(), ranges.end(),
                       [pos](const auto& r) { return pos >= r.first && pos <= r.second; });
}

// The body of the item after an attribute ending at `from`: its `{`..`}`, or nothing when a
// `;` comes first (`#[cfg(test)] mod tests;`, a use declaration).
std::pair<std::size_t, std::size_t> item_body(const std::string& code, std::size_t from) {
    const auto brace = code.find('{', from);
    const auto semi = code.find(';', from);
    if (brace == std::string::npos || (semi != std::string::npos && semi < brace)) {
        return {std::string::npos, std::string::npos};
    }
    return {brace, closing(code, brace)};
}

std::string module_at(const std::string& code, std::size_t pos, const std::string& base) {
    static const std::regex mod(R"(\bmod\s+(\w+)\s*\{)");
    std::string path = base;
    for (auto it = std::sregex_iterator(code.begin(), code.begin() + static_cast<long>(pos), mod);
         it != std::sregex_iterator(); ++it) {
        const auto open = static_cast<std::size_t>(it->position(0) + it->length(0) - 1);
        if (closing(code, open) > pos) {
            path += (path.empty() ? "" : "::") + (*it)[1].str();
        }
    }
    return path;
}

const std::vector<std::pair<std::string, std::regex>>& use_patterns() {
    static const std::vector<std::pair<std::string, std::regex>> patterns{
        {"thread-spawn", std::regex(R"(\bthread::(spawn|scope|Builder)\b|\bspawn_scoped\b)")},
        {"arc", std::regex(R"(\bArc\s*(<|::))")},
        {"lock", std::regex(R"(\b(Mutex|RwLock|Condvar|Barrier)\b)")},
        {"atomic", std::regex(R"(\bAtomic[A-Z]\w*|\batomic::)")},
        {"channel", std::regex(R"(\bmpsc::|\b(sync_)?channel\s*(::<[^(]*>)?\s*\()")},
        {"unsafe-send-sync", std::regex(R"(\bunsafe\s+impl\b[^{;]*\b(Send|Sync)\b)")},
        {"async-spawn",
         std::regex(R"(\b(tokio|async_std|smol)::(task::)?spawn(_blocking|_local)?\b|\bspawn_blocking\b)")},
        {"rayon",
         std::regex(R"(\brayon::|\b(into_)?par_(iter|iter_mut|bridge|chunks|chunks_mut|sort\w*|extend|drain)\s*\()")},
    };
    return patterns;
}

// What in a test's attribute or body exercises concurrency, or "".
std::string concurrency_in_test(const std::string& attribute, const std::string& body) {
    if (attribute.find("multi_thread") != std::string::npos) {
        return "multi_thread";
    }
    // rayon's parallel iterators run on its thread pool: a test that calls them runs the
    // parallel code from several threads.
    static const std::regex exercises(
        R"(\bthread::(spawn|scope|Builder)\b|\bspawn_scoped\b|\bloom::|\bshuttle::|\b(tokio|async_std)::(task::)?spawn\w*|\brayon::|\b(into_)?par_(iter|iter_mut|bridge|chunks|chunks_mut|sort\w*|extend|drain)\s*\()");
    std::smatch m;
    if (!std::regex_search(body, m, exercises)) {
        return "";
    }
    auto how = m[0].str();
    while (!how.empty() && (how.back() == '(' || std::isspace(static_cast<unsigned char>(how.back())) != 0)) {
        how.pop_back();
    }
    return how;
}

// Functions in test code that spawn threads (`fn use_barrier` in a tests module): a test
// calling one exercises concurrency too.
std::vector<std::string> spawning_helpers(const std::string& code, const Ranges& test_code) {
    static const std::regex any_fn(R"(\bfn\s+(\w+))");
    std::vector<std::string> names;
    for (auto it = std::sregex_iterator(code.begin(), code.end(), any_fn); it != std::sregex_iterator(); ++it) {
        const auto at = static_cast<std::size_t>(it->position(0));
        const auto body = item_body(code, at);
        if (body.first == std::string::npos || !inside(test_code, at)) {
            continue;
        }
        if (!concurrency_in_test("", code.substr(body.first, body.second - body.first)).empty()) {
            names.push_back((*it)[1].str());
        }
    }
    return names;
}

}  // namespace

std::string code_only(std::string_view source) {
    std::string code(source);
    Blanker blank(code);
    for (std::size_t i = 0; i < code.size();) {
        i = blank.run(i);
    }
    return code;
}

SourceScan scan_source(std::string_view source, const std::string& module_path, bool all_test_code,
                       const std::set<std::string>* features) {
    const std::string code = code_only(source);
    SourceScan scan;
    const auto off = features == nullptr ? std::vector<CfgOff>{} : cfg_off_ranges(source, code, *features);
    Ranges test_code;
    if (all_test_code) {
        test_code.emplace_back(0, code.size());
    }
    static const std::regex cfg_test(R"(#\s*\[\s*cfg\s*\(\s*test\s*\)\s*\])");
    for (auto it = std::sregex_iterator(code.begin(), code.end(), cfg_test); it != std::sregex_iterator(); ++it) {
        const auto body = item_body(code, static_cast<std::size_t>(it->position(0) + it->length(0)));
        if (body.first != std::string::npos) {
            test_code.push_back(body);
        }
    }
    const auto helpers = spawning_helpers(code, test_code);
    static const std::regex test_fn(R"(#\s*\[\s*((?:\w+::)*test)\b([^\]]*)\][^{;]*?\bfn\s+(\w+))");
    for (auto it = std::sregex_iterator(code.begin(), code.end(), test_fn); it != std::sregex_iterator(); ++it) {
        const auto fn_at = static_cast<std::size_t>(it->position(3));
        const auto body = item_body(code, fn_at);
        if (body.first == std::string::npos) {
            continue;
        }
        test_code.push_back(body);
        const auto module = module_at(code, fn_at, module_path);
        // The attribute from the source: its strings (flavor = "multi_thread") are blank in `code`.
        const auto attribute =
            source.substr(static_cast<std::size_t>(it->position(2)), static_cast<std::size_t>(it->length(2)));
        const auto text = code.substr(body.first, body.second - body.first);
        auto how = concurrency_in_test(std::string(attribute), text);
        for (const auto& helper : helpers) {
            if (how.empty() && std::regex_search(text, std::regex("\\b" + helper + "\\s*\\("))) {
                how = "via " + helper;
            }
        }
        scan.tests.push_back(ScannedTest{(module.empty() ? "" : module + "::") + (*it)[3].str(), line_at(code, fn_at),
                                         !how.empty(), how, off_at(off, fn_at)});
    }
    for (std::size_t pos = 0, line = 1; pos < code.size(); ++line) {
        const auto end = std::min(code.find('\n', pos), code.size());
        const std::string text = code.substr(pos, end - pos);
        for (const auto& [kind, pattern] : use_patterns()) {
            std::smatch m;
            if (std::regex_search(text, m, pattern) &&
                !inside(test_code, pos + static_cast<std::size_t>(m.position(0)))) {
                const auto first = source.substr(pos, end - pos);
                const auto b = first.find_first_not_of(" \t");
                scan.uses.push_back(ConcurrentUse{kind, static_cast<int>(line),
                                                  std::string(b == std::string_view::npos ? "" : first.substr(b)),
                                                  off_at(off, pos + static_cast<std::size_t>(m.position(0)))});
            }
        }
        pos = end + 1;
    }
    return scan;
}

std::string module_of(const std::string& relative) {
    std::string path = relative;
    if (path.size() > 3 && path.substr(path.size() - 3) == ".rs") {
        path.resize(path.size() - 3);
    }
    for (const char* root : {"lib", "main", "mod"}) {
        const std::string r(root);
        if (path == r) {
            return "";
        }
        if (path.size() > r.size() && path.substr(path.size() - r.size() - 1) == "/" + r) {
            path.resize(path.size() - r.size() - 1);
        }
    }
    std::string module;
    for (const char c : path) {
        module += c == '/' ? std::string("::") : std::string(1, c);
    }
    return module;
}

}  // namespace gc::probes
