#include "probes/lock_guards.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <regex>
#include <string>

#include "probes/concurrency_scan.hpp"

namespace gc::probes {
namespace {

bool ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

bool space(char c) {
    return std::isspace(static_cast<unsigned char>(c)) != 0;
}

int line_at(const std::string& code, std::size_t pos) {
    return 1 + static_cast<int>(std::count(code.begin(), code.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

std::size_t skip_space(const std::string& code, std::size_t i) {
    while (i < code.size() && space(code[i])) {
        ++i;
    }
    return i;
}

// `(` at `open` -> the index past its matching `)`, or npos.
std::size_t past_parens(const std::string& code, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < code.size(); ++i) {
        if (code[i] == '(') {
            ++depth;
        } else if (code[i] == ')' && --depth == 0) {
            return i + 1;
        }
    }
    return std::string::npos;
}

// The receiver that ends right before `end` (the `.` of `.lock()`): identifiers joined by `.`
// or `::`, whitespace allowed around the dots (rustfmt breaks long chains). Its start, or
// npos when there is none (a call's result: `make().lock()`).
std::size_t receiver_start(const std::string& code, std::size_t end) {
    std::size_t i = end;
    while (true) {
        while (i > 0 && space(code[i - 1])) {
            --i;
        }
        const std::size_t word_end = i;
        while (i > 0 && ident_char(code[i - 1])) {
            --i;
        }
        if (i == word_end || std::isdigit(static_cast<unsigned char>(code[i])) != 0) {
            return std::string::npos;
        }
        std::size_t j = i;
        while (j > 0 && space(code[j - 1])) {
            --j;
        }
        if (j > 0 && code[j - 1] == '.' && !(j > 1 && code[j - 2] == '.')) {
            i = j - 1;
        } else if (j > 1 && code[j - 1] == ':' && code[j - 2] == ':') {
            i = j - 2;
        } else {
            return i;
        }
    }
}

std::string without_space(std::string_view s) {
    std::string out;
    std::copy_if(s.begin(), s.end(), std::back_inserter(out), [](char c) { return !space(c); });
    return out;
}

// The index past the std LockResult's unwrap that follows `at`: `.unwrap()`, `.expect(..)`,
// `.unwrap_or_else(..)` or `?`; npos when none does (parking_lot, spin, a Read or Write).
std::size_t past_unwrap(const std::string& code, std::size_t at) {
    auto i = skip_space(code, at);
    if (i < code.size() && code[i] == '?') {
        return i + 1;
    }
    if (i >= code.size() || code[i] != '.') {
        return std::string::npos;
    }
    i = skip_space(code, i + 1);
    for (const std::string_view name : {"unwrap_or_else", "unwrap", "expect"}) {
        if (code.compare(i, name.size(), name) == 0 && !ident_char(code[i + name.size()])) {
            const auto open = skip_space(code, i + name.size());
            return open < code.size() && code[open] == '(' ? past_parens(code, open) : std::string::npos;
        }
    }
    return std::string::npos;
}

// The `}` closing the innermost block around `pos`, or the end of the code.
std::size_t block_end(const std::string& code, std::size_t pos) {
    int depth = 0;
    for (std::size_t i = pos; i < code.size(); ++i) {
        if (code[i] == '{') {
            ++depth;
        } else if (code[i] == '}' && --depth < 0) {
            return i;
        }
    }
    return code.size();
}

bool names(std::string_view line, const std::string& ident) {
    for (auto at = line.find(ident); at != std::string_view::npos; at = line.find(ident, at + 1)) {
        const auto end = at + ident.size();
        if ((at == 0 || !ident_char(line[at - 1])) && (end >= line.size() || !ident_char(line[end]))) {
            return true;
        }
    }
    return false;
}

// The lines of a let-bound guard's block, after its `let`, that name it; up to a line that
// drops it or binds the name again.
void bound_guard_lines(const std::string& code, std::size_t statement_end, const std::string& name,
                       const GuardedLine& lock, std::map<int, GuardedLine>& out) {
    const auto end = block_end(code, statement_end);
    const std::regex ends(R"(\bdrop\s*\(\s*)" + name + R"(\s*\)|\blet\s+(mut\s+)?)" + name + R"(\b)");
    std::size_t pos = code.find('\n', statement_end);
    while (pos != std::string::npos && pos < end) {
        const auto next = std::min(code.find('\n', pos + 1), end);
        const std::string line = code.substr(pos + 1, next - pos - 1);
        if (std::regex_search(line, ends)) {
            return;
        }
        if (names(line, name)) {
            const int n = line_at(code, pos + 1);
            out.try_emplace(n, GuardedLine{n, lock.lock, lock.method});
        }
        pos = next == end ? std::string::npos : next;
    }
}

}  // namespace

std::vector<GuardedLine> guarded_lines(std::string_view source) {
    const auto code = code_only(source);
    std::map<int, GuardedLine> out;
    static const std::regex call(R"(\.\s*(lock|read|write)\s*\(\s*\))");
    static const std::regex let(R"(\blet\s+(?:mut\s+)?([A-Za-z_]\w*)\s*(?::[^=;{}]*)?=\s*$)");
    for (auto it = std::sregex_iterator(code.begin(), code.end(), call); it != std::sregex_iterator(); ++it) {
        const auto dot = static_cast<std::size_t>(it->position());
        const auto after = past_unwrap(code, dot + static_cast<std::size_t>(it->length()));
        const auto start = receiver_start(code, dot);
        if (after == std::string::npos || start == std::string::npos) {
            continue;
        }
        const GuardedLine lock{line_at(code, dot), without_space(code.substr(start, dot - start)), (*it)[1].str()};
        const auto window = code.substr(start > 200 ? start - 200 : 0, start > 200 ? 200 : start);
        std::smatch bound;
        const auto statement_end = skip_space(code, after);
        if (std::regex_search(window, bound, let) && statement_end < code.size() && code[statement_end] == ';') {
            bound_guard_lines(code, statement_end, bound[1].str(), lock, out);
        } else {
            out.try_emplace(lock.line, lock);  // a temporary guard: the access is in this statement
        }
    }
    std::vector<GuardedLine> lines;
    lines.reserve(out.size());
    for (auto& entry : out) {
        lines.push_back(std::move(entry.second));
    }
    return lines;
}

}  // namespace gc::probes
