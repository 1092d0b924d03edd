#include "gates/async_context.hpp"

#include <regex>
#include <string>
#include <vector>

namespace gc::gates {
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
    [[nodiscard]] bool reached(int line, int column) const {
        return line_ > line || (line_ == line && column_ >= column);
    }
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

bool in_async_context(std::string_view source, int line, int column) {
    Reader in(source);
    std::vector<std::string> open;  // the text before each enclosing `{`
    std::string head;
    while (!in.done() && !in.reached(line, column)) {
        if (in.skip_non_code()) {
            head += ' ';
            continue;
        }
        const char c = in.peek();
        if (c == '{') {
            open.push_back(head);
            head.clear();
        } else if (c == '}') {
            if (!open.empty()) {
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
    for (auto it = open.rbegin(); it != open.rend(); ++it) {
        switch (classify(*it)) {
            case Scope::async_code:
                return true;
            case Scope::sync_code:
                return false;
            case Scope::neither:
                break;
        }
    }
    return false;
}

}  // namespace gc::gates
