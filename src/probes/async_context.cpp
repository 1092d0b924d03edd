#include "probes/async_context.hpp"

#include <algorithm>
#include <climits>
#include <regex>
#include <string>
#include <vector>

namespace gc::probes {
namespace {

enum class Scope { async_code, sync_code, neither };

// What the text before a `{` opens. Item scopes (impl, mod, trait) end the search like a
// plain fn: code in them runs wherever it is called from.
Scope classify(const std::string& head) {
    static const std::regex async_closure(R"(\basync\s+(move\s+)?\|[^|]*\|\s*(->[^{]*)?$)");
    static const std::regex closure(R"(\|[^|]*\|\s*(->[^{]*)?$)");
    static const std::regex async_block(R"(\basync(\s+move)?\s*$)");
    static const std::regex async_fn(R"(\basync\s+(unsafe\s+)?(extern\s+"[^"]*"\s+)?fn\b)");
    static const std::regex any_fn(R"(\bfn\s+\w+)");
    static const std::regex item(R"(^\s*(pub(\([^)]*\))?\s+)?(unsafe\s+)?(impl|mod|trait)\b)");
    if (std::regex_search(head, async_closure) || std::regex_search(head, async_block)) {
        return Scope::async_code;
    }
    if (std::regex_search(head, closure)) {
        return Scope::sync_code;
    }
    if (std::regex_search(head, any_fn)) {
        return std::regex_search(head, async_fn) ? Scope::async_code : Scope::sync_code;
    }
    if (std::regex_search(head, item)) {
        return Scope::sync_code;
    }
    return Scope::neither;
}

// A cursor over the source that knows its line and column and skips what is not code.
class Reader {
public:
    explicit Reader(std::string_view src) : src_(src) {}
    [[nodiscard]] bool done() const { return pos_ >= src_.size(); }
    [[nodiscard]] SourcePos pos() const { return {line_, column_}; }
    [[nodiscard]] char peek(std::size_t ahead = 0) const {
        return pos_ + ahead < src_.size() ? src_[pos_ + ahead] : '\0';
    }
    void advance() {
        if (src_[pos_] == '\n') {
            ++line_;
            column_ = 1;
        } else {
            ++column_;
        }
        ++pos_;
    }
    // Skips a comment, string or char literal at the cursor; false when there is none.
    bool skip_non_code() {
        const char c = peek();
        if (c == '/' && peek(1) == '/') {
            while (!done() && peek() != '\n') {
                advance();
            }
            return true;
        }
        if (c == '/' && peek(1) == '*') {
            skip_block_comment();
            return true;
        }
        if (c == '"' || (c == 'r' && (peek(1) == '"' || peek(1) == '#')) || (c == 'b' && peek(1) == '"')) {
            return skip_string();
        }
        if (c == '\'' && (peek(2) == '\'' || (peek(1) == '\\'))) {
            advance();
            while (!done() && peek() != '\'') {
                if (peek() == '\\') {
                    advance();
                }
                advance();
            }
            advance();
            return true;
        }
        return false;
    }

private:
    void skip_block_comment() {
        int depth = 0;
        do {
            if (peek() == '/' && peek(1) == '*') {
                ++depth;
                advance();
            } else if (peek() == '*' && peek(1) == '/') {
                --depth;
                advance();
            }
            advance();
        } while (!done() && depth > 0);
    }
    bool skip_string() {
        if (peek() == 'b') {
            advance();
        }
        if (peek() == 'r') {
            advance();
            std::size_t hashes = 0;
            while (peek() == '#') {
                ++hashes;
                advance();
            }
            if (peek() != '"') {
                return true;  // an identifier starting with r, e.g. `r#type`
            }
            advance();
            while (!done()) {
                if (peek() == '"' && closes_raw(hashes)) {
                    for (std::size_t i = 0; i <= hashes; ++i) {
                        advance();
                    }
                    return true;
                }
                advance();
            }
            return true;
        }
        advance();
        while (!done() && peek() != '"') {
            if (peek() == '\\') {
                advance();
            }
            advance();
        }
        advance();
        return true;
    }
    [[nodiscard]] bool closes_raw(std::size_t hashes) const {
        for (std::size_t i = 1; i <= hashes; ++i) {
            if (peek(i) != '#') {
                return false;
            }
        }
        return true;
    }

    std::string_view src_;
    std::size_t pos_ = 0;
    int line_ = 1;
    int column_ = 1;
};

}  // namespace

std::vector<AsyncScope> async_scopes(std::string_view source) {
    std::vector<AsyncScope> out;
    if (source.find("async") == std::string_view::npos) {
        return out;
    }
    struct Open {
        std::string head;  // the text before the `{`
        SourcePos at;
    };
    const auto close = [&out](const Open& o, SourcePos at) {
        if (const auto scope = classify(o.head); scope != Scope::neither) {
            out.push_back(AsyncScope{o.at, at, scope == Scope::async_code});
        }
    };
    Reader in(source);
    std::vector<Open> open;
    std::string head;
    while (!in.done()) {
        if (in.skip_non_code()) {
            head += ' ';
            continue;
        }
        const char c = in.peek();
        if (c == '{') {
            open.push_back(Open{std::move(head), in.pos()});
            head.clear();
        } else if (c == '}') {
            if (!open.empty()) {
                close(open.back(), in.pos());
                open.pop_back();
            }
            head.clear();
        } else if (c == ';') {
            head.clear();
        } else {
            head += c == '\n' || c == '\t' || c == '\r' ? ' ' : c;
        }
        in.advance();
    }
    for (const auto& o : open) {
        close(o, SourcePos{INT_MAX, INT_MAX});
    }
    // Closed innermost first; the lookup wants them by their `{`, outermost first.
    std::sort(out.begin(), out.end(), [](const AsyncScope& a, const AsyncScope& b) { return a.open < b.open; });
    return out;
}

bool in_async_context(std::string_view source, int line, int column) {
    return RustSource{async_scopes(source), {}, {}}.in_async_code(SourcePos{line, column});
}

}  // namespace gc::probes
