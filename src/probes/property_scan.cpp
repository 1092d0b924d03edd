#include "probes/property_scan.hpp"

#include <cctype>
#include <optional>
#include <utility>

namespace gc::probes {
namespace {

struct Token {
    std::string text;  // an identifier, or one punctuation character ("::" is two ':')
    int line = 0;
};

bool ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// Skips a string literal starting at `i` (after any r/b prefix); raw strings count their #s.
std::size_t skip_string(std::string_view s, std::size_t i, bool raw, int& line) {
    std::size_t hashes = 0;
    while (raw && i < s.size() && s[i] == '#') {
        ++hashes;
        ++i;
    }
    for (++i; i < s.size(); ++i) {
        if (s[i] == '\n') {
            ++line;
        } else if (!raw && s[i] == '\\') {
            line += i + 1 < s.size() && s[i + 1] == '\n' ? 1 : 0;
            ++i;
        } else if (s[i] == '"' && s.substr(i + 1, hashes).find_first_not_of('#') == std::string_view::npos &&
                   i + 1 + hashes <= s.size()) {
            return i + 1 + hashes;
        }
    }
    return s.size();
}

// A char literal ('a', '\n', '\u{1F600}') or a lifetime ('a): returns the index after it.
std::size_t skip_quote(std::string_view s, std::size_t i) {
    if (i + 3 < s.size() && s[i + 1] == '\\') {
        const auto end = s.find('\'', i + 3);  // after the escaped char, which may be a quote
        return end == std::string_view::npos ? s.size() : end + 1;
    }
    if (i + 2 < s.size() && s[i + 2] == '\'') {
        return i + 3;
    }
    return i + 1;  // a lifetime: its name is read as an identifier
}

std::size_t skip_comment(std::string_view s, std::size_t i, int& line) {
    if (s[i + 1] == '/') {
        const auto end = s.find('\n', i);
        return end == std::string_view::npos ? s.size() : end;
    }
    int depth = 0;
    for (; i + 1 < s.size(); ++i) {
        if (s[i] == '/' && s[i + 1] == '*') {
            ++depth;
            ++i;
        } else if (s[i] == '*' && s[i + 1] == '/') {
            ++i;
            if (--depth == 0) {
                return i + 1;
            }
        } else if (s[i] == '\n') {
            ++line;
        }
    }
    return s.size();
}

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> out;
    int line = 1;
    for (std::size_t i = 0; i < s.size();) {
        const char c = s[i];
        if (c == '\n') {
            ++line;
            ++i;
        } else if (std::isspace(static_cast<unsigned char>(c)) != 0) {
            ++i;
        } else if (c == '/' && i + 1 < s.size() && (s[i + 1] == '/' || s[i + 1] == '*')) {
            i = skip_comment(s, i, line);
        } else if (c == '"') {
            i = skip_string(s, i, false, line);
        } else if ((c == 'r' || c == 'b') && i + 1 < s.size() &&
                   (s[i + 1] == '"' || s[i + 1] == '#' || s[i + 1] == 'r') && (i == 0 || !ident_char(s[i - 1]))) {
            const std::size_t q = c == 'b' && s[i + 1] == 'r' ? i + 2 : i + 1;
            const bool raw = c == 'r' || s[i + 1] == 'r';
            if (q < s.size() && (s[q] == '"' || (raw && s[q] == '#'))) {
                i = skip_string(s, q, raw, line);
            } else {
                out.push_back({std::string(1, c), line});
                ++i;
            }
        } else if (c == '\'') {
            i = skip_quote(s, i);
        } else if (ident_char(c)) {
            const std::size_t start = i;
            while (i < s.size() && ident_char(s[i])) {
                ++i;
            }
            out.push_back({std::string(s.substr(start, i - start)), line});
        } else {
            out.push_back({std::string(1, c), line});
            ++i;
        }
    }
    return out;
}

enum class Kind { module, framework_block, templ, function, other };

struct Scope {
    Kind kind = Kind::other;
    std::string name;       // a module's or fn's name
    std::string framework;  // a framework block's, or what a test fn's body uses
    int line = 0;
    bool is_test = false;  // a fn with #[test] (or an attribute ending in `test`)
};

// The framework a fn's body shows by `tok` (tokens[i]), or "".
std::string body_marker(const std::vector<Token>& t, std::size_t i) {
    const auto at = [&t](std::size_t k) -> const std::string& {
        static const std::string none;
        return k < t.size() ? t[k].text : none;
    };
    const std::string& w = t[i].text;
    if (w == "TestRunner" || (w == "proptest" && at(i + 1) == "!")) {
        return "proptest";
    }
    if (w == "QuickCheck" || (w == "quickcheck" && (at(i + 1) == "(" || at(i + 1) == "!"))) {
        return "quickcheck";
    }
    if (w == "bolero" && at(i + 1) == ":" && at(i + 3) == "check") {
        return "bolero";
    }
    if (w == "Unstructured") {
        return "arbitrary";
    }
    return "";
}

// The framework an item attribute's path names (`quickcheck`, `quickcheck_macros::quickcheck`,
// `proptest`, `test_strategy::proptest`), or "test" for a test attribute, or "".
std::string attribute_kind(const std::vector<std::string>& path) {
    if (path.empty()) {
        return "";
    }
    const std::string& last = path.back();
    if (last == "quickcheck" || last == "proptest") {
        return last;
    }
    return last == "test" ? "test" : "";
}

class Walker {
public:
    Walker(const std::vector<Token>& tokens, std::string prefix) : t_(tokens), prefix_(std::move(prefix)) {}

    std::vector<PropertyTest> run() {
        for (i_ = 0; i_ < t_.size(); ++i_) {
            step();
        }
        return std::move(found_);
    }

private:
    const std::vector<Token>& t_;
    std::string prefix_;
    std::vector<Scope> stack_;
    std::vector<PropertyTest> found_;
    std::vector<std::string> attrs_;  // the kinds of the attributes before the next item
    std::optional<Scope> pending_;    // a fn seen, its body not yet opened
    std::optional<Scope> next_;       // what the next `{` opens, decided by the words before it
    std::size_t i_ = 0;

    [[nodiscard]] const std::string& at(std::size_t k) const {
        static const std::string none;
        return k < t_.size() ? t_[k].text : none;
    }

    void step() {
        const std::string& w = t_[i_].text;
        if (w == "#") {
            read_attribute();
        } else if (w == "fn" && !at(i_ + 1).empty() && ident_char(at(i_ + 1)[0])) {
            Scope f{Kind::function, at(i_ + 1), "", t_[i_ + 1].line, false};
            for (const auto& a : attrs_) {
                if (a == "test") {
                    f.is_test = true;
                } else if (!a.empty()) {
                    f.framework = a;
                    f.is_test = true;
                }
            }
            attrs_.clear();
            pending_ = std::move(f);
            ++i_;
        } else if (w == "mod" && !at(i_ + 1).empty() && at(i_ + 2) == "{") {
            next_ = Scope{Kind::module, at(i_ + 1), "", 0, false};
        } else if (w == "macro_rules" && at(i_ + 1) == "!") {
            next_ = Scope{Kind::templ, "", "", 0, false};
        } else if (w == "!" && at(i_ + 1) == "{" && i_ > 0) {
            open_macro(at(i_ - 1));
        } else if (w == "{") {
            open();
        } else if (w == "}") {
            close();
        } else if (w == ";") {
            pending_.reset();
            attrs_.clear();
        } else {
            note_marker();
        }
    }

    void open_macro(const std::string& name) {
        if (name == "proptest" || name == "quickcheck") {
            next_ = Scope{Kind::framework_block, "", name, 0, false};
        }
    }

    void read_attribute() {
        std::size_t k = i_ + 1;
        if (at(k) == "!") {
            ++k;  // an inner attribute: #![proptest_config(..)]
        }
        if (at(k) != "[") {
            return;
        }
        std::vector<std::string> path;
        int depth = 0;
        for (; k < t_.size(); ++k) {
            const std::string& w = at(k);
            depth += w == "[" ? 1 : (w == "]" ? -1 : 0);
            if (depth == 0) {
                break;
            }
            if (depth == 1 && !w.empty() && ident_char(w[0])) {
                path.push_back(w);
            } else if (depth == 1 && w != ":" && w != "[") {
                break;  // #[cfg(test)]: only the path before arguments names the attribute
            }
        }
        attrs_.push_back(attribute_kind(path));
        for (depth = 0; i_ < t_.size(); ++i_) {  // to the attribute's closing bracket
            depth += at(i_) == "[" ? 1 : (at(i_) == "]" ? -1 : 0);
            if (at(i_) == "]" && depth == 0) {
                break;
            }
        }
    }

    void open() {
        if (pending_) {
            stack_.push_back(std::move(*pending_));
            pending_.reset();
        } else if (next_) {
            stack_.push_back(std::move(*next_));
        } else {
            stack_.push_back(Scope{});
        }
        next_.reset();
        attrs_.clear();
    }

    void close() {
        if (stack_.empty()) {
            return;
        }
        Scope s = std::move(stack_.back());
        stack_.pop_back();
        if (s.kind != Kind::function) {
            return;
        }
        const Scope* parent = stack_.empty() ? nullptr : &stack_.back();
        if (parent != nullptr && parent->kind == Kind::framework_block) {
            emit(s, parent->framework);
        } else if (s.is_test && !s.framework.empty()) {
            emit(s, s.framework);
        }
    }

    void note_marker() {
        for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
            if (it->kind == Kind::function) {
                if (it->framework.empty()) {
                    it->framework = body_marker(t_, i_);
                }
                return;
            }
        }
    }

    void emit(const Scope& fn, const std::string& framework) {
        std::string path = prefix_;
        bool templated = false;
        for (const auto& s : stack_) {
            if (s.kind == Kind::module) {
                path += (path.empty() ? "" : "::") + s.name;
            }
            templated = templated || s.kind == Kind::templ;
        }
        path += (path.empty() ? "" : "::") + fn.name;
        found_.push_back(PropertyTest{templated ? fn.name : path, framework, fn.line, templated});
    }
};

}  // namespace

std::vector<PropertyTest> scan_property_tests(std::string_view source, const std::string& prefix) {
    const auto tokens = tokenize(source);
    return Walker(tokens, prefix).run();
}

std::string module_path_of(const std::string& relative) {
    std::string out;
    std::size_t start = 0;
    while (start < relative.size()) {
        auto slash = relative.find('/', start);
        const bool last = slash == std::string::npos;
        std::string part = relative.substr(start, last ? std::string::npos : slash - start);
        if (last) {
            if (part.size() > 3 && part.ends_with(".rs")) {
                part.resize(part.size() - 3);
            }
            if (part == "lib" || part == "main" || part == "mod") {
                break;
            }
        }
        out += (out.empty() ? "" : "::") + part;
        start = last ? relative.size() : slash + 1;
    }
    return out;
}

}  // namespace gc::probes
