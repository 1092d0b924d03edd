#include "probes/property_scan.hpp"

#include <algorithm>
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

enum class Kind { module, framework_block, templ, invocation, function, other };

constexpr std::size_t kNone = static_cast<std::size_t>(-1);

struct Scope {
    Kind kind = Kind::other;
    std::string name;       // a module's, fn's or macro's name
    std::string framework;  // a framework block's, or what a test fn's body uses
    int line = 0;
    bool is_test = false;            // a fn with #[test] (or an attribute ending in `test`)
    std::size_t invocation = kNone;  // an invocation's index in PropertyScan::invocations
};

bool framework_crate(const std::string& w) {
    return w == "arbitrary" || w == "quickcheck" || w == "proptest";
}

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

    PropertyScan run() {
        for (i_ = 0; i_ < t_.size(); ++i_) {
            step();
        }
        if (unresolved_impl_) {
            // `impl Arbitrary for` whose trait no path or `use` names: any framework the file names.
            out_.trait_impls.insert(named_.begin(), named_.end());
        }
        return std::move(out_);
    }

private:
    const std::vector<Token>& t_;
    std::string prefix_;
    std::vector<Scope> stack_;
    PropertyScan out_;
    std::set<std::string> named_;  // frameworks the file names as a path (`quickcheck::`)
    std::string arbitrary_from_;   // the framework the last `use` of `Arbitrary` imports it from
    bool unresolved_impl_ = false;
    std::size_t pending_depth_ = 0;   // the bracket depth where the pending fn was seen
    std::size_t depth_ = 0;           // ( and [ nesting
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
        if (framework_crate(w) && at(i_ + 1) == ":" && at(i_ + 2) == ":") {
            named_.insert(w);
        }
        if (w == "(" || w == "[") {
            ++depth_;
        } else if ((w == ")" || w == "]") && depth_ > 0) {
            --depth_;
        }
        if (w == "#") {
            read_attribute();
        } else if (w == "use") {
            read_use();
        } else if (w == "impl") {
            read_impl();
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
            pending_depth_ = depth_;
            ++i_;
        } else if (w == "mod" && !at(i_ + 1).empty() && at(i_ + 2) == "{") {
            next_ = Scope{Kind::module, at(i_ + 1), "", 0, false};
        } else if (w == "macro_rules" && at(i_ + 1) == "!") {
            next_ = Scope{Kind::templ, at(i_ + 2), "", 0, false};
            i_ += 2;
        } else if (w == "!" && at(i_ + 1) == "{" && i_ > 0) {
            open_macro(at(i_ - 1));
        } else if (w == "{") {
            open();
        } else if (w == "}") {
            close();
        } else if (w == ";") {
            if (depth_ <= pending_depth_) {
                pending_.reset();  // not the `;` of a parameter's `[u8; 4]`
            }
            attrs_.clear();
        } else {
            note_marker();
        }
    }

    // The innermost `macro_rules!` body around the current token, or null.
    Scope* templ() {
        for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
            if (it->kind == Kind::templ) {
                return &*it;
            }
        }
        return nullptr;
    }

    // A framework's macro, attribute or runner inside a `macro_rules!` body: every macro around it
    // wraps that framework.
    void mark_templates(const std::string& framework) {
        for (auto& s : stack_) {
            if (s.kind == Kind::templ && !s.name.empty() && out_.macros.count(s.name) == 0) {
                out_.macros[s.name] = framework;
            }
        }
    }

    void open_macro(const std::string& name) {
        if (name == "proptest" || name == "quickcheck") {
            next_ = Scope{Kind::framework_block, "", name, 0, false};
            mark_templates(name);
            return;
        }
        if (name.empty() || !ident_char(name[0]) || name == "macro_rules") {
            return;
        }
        if (auto* t = templ()) {
            if (!t->name.empty() && t->name != name) {
                out_.macro_calls[t->name].insert(name);
            }
            return;
        }
        Scope s{Kind::invocation, name, "", t_[i_].line, false};
        s.invocation = out_.invocations.size();
        out_.invocations.push_back(MacroInvocation{name, {}});
        next_ = std::move(s);
    }

    // `use quickcheck::{Arbitrary, Gen};`: where `Arbitrary` comes from in this file.
    void read_use() {
        std::string root;
        bool arbitrary = false;
        for (std::size_t k = i_ + 1; k < t_.size() && at(k) != ";"; ++k) {
            if (root.empty() && !at(k).empty() && ident_char(at(k)[0])) {
                root = at(k);
            }
            arbitrary = arbitrary || at(k) == "Arbitrary";
        }
        if (arbitrary && framework_crate(root)) {
            arbitrary_from_ = root;
        }
    }

    // `impl<'a> Arbitrary<'a> for X` or `impl quickcheck::Arbitrary for X`: a framework's trait
    // implemented, which is a use of that dependency but not a test.
    void read_impl() {
        std::size_t k = i_ + 1;
        for (; k < t_.size() && at(k) != "{" && at(k) != ";" && at(k) != "for"; ++k) {
            if (at(k) == "Arbitrary") {
                break;
            }
        }
        if (at(k) != "Arbitrary") {
            return;
        }
        note_arbitrary(k);
    }

    void note_arbitrary(std::size_t k) {
        std::size_t root = k;  // the first segment of the trait's path: `proptest::arbitrary::Arbitrary`
        while (root >= 3 && at(root - 1) == ":" && at(root - 2) == ":") {
            root -= 3;
        }
        if (root != k && framework_crate(at(root))) {
            out_.trait_impls.insert(at(root));
        } else if (!arbitrary_from_.empty()) {
            out_.trait_impls.insert(arbitrary_from_);
        } else {
            unresolved_impl_ = true;
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
        const auto kind = attribute_kind(path);
        attrs_.push_back(kind);
        if ((kind == "quickcheck" || kind == "proptest") && templ() != nullptr) {
            mark_templates(kind);
        }
        const bool derive = path.size() == 1 && path[0] == "derive";
        for (depth = 0; i_ < t_.size(); ++i_) {  // to the attribute's closing bracket
            depth += at(i_) == "[" ? 1 : (at(i_) == "]" ? -1 : 0);
            if (derive && at(i_) == "Arbitrary") {
                note_arbitrary(i_);
            }
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
        } else if (parent != nullptr && parent->kind == Kind::invocation) {
            out_.invocations[parent->invocation].fns.push_back(PropertyTest{path_to(s.name), "", s.line, false, ""});
        }
    }

    void note_marker() {
        const auto marker = body_marker(t_, i_);
        // `Unstructured` also fills `Arbitrary` impls: only a runner marks a macro as a framework's.
        if (!marker.empty() && marker != "arbitrary" && templ() != nullptr) {
            mark_templates(marker);
        }
        for (auto it = stack_.rbegin(); it != stack_.rend(); ++it) {
            if (it->kind == Kind::function) {
                if (it->framework.empty()) {
                    it->framework = marker;
                }
                return;
            }
        }
    }

    // A fn's libtest path from the file's module and the inline modules around it.
    std::string path_to(const std::string& fn) const {
        std::string path = prefix_;
        for (const auto& s : stack_) {
            if (s.kind == Kind::module) {
                path += (path.empty() ? "" : "::") + s.name;
            }
        }
        return path + (path.empty() ? "" : "::") + fn;
    }

    void emit(const Scope& fn, const std::string& framework) {
        const bool templated =
            std::any_of(stack_.begin(), stack_.end(), [](const Scope& s) { return s.kind == Kind::templ; });
        out_.tests.push_back(PropertyTest{templated ? fn.name : path_to(fn.name), framework, fn.line, templated, ""});
    }
};

}  // namespace

PropertyScan scan_properties(std::string_view source, const std::string& prefix) {
    const auto tokens = tokenize(source);
    return Walker(tokens, prefix).run();
}

std::vector<PropertyTest> scan_property_tests(std::string_view source, const std::string& prefix) {
    auto scan = scan_properties(source, prefix);
    resolve_property_macros({&scan});
    return std::move(scan.tests);
}

void resolve_property_macros(const std::vector<PropertyScan*>& scans) {
    std::map<std::string, std::string> property_macros;
    std::map<std::string, std::set<std::string>> calls;
    for (const auto* s : scans) {
        property_macros.insert(s->macros.begin(), s->macros.end());
        for (const auto& [name, called] : s->macro_calls) {
            calls[name].insert(called.begin(), called.end());
        }
    }
    // A macro that invokes a property macro is one too, with its framework (to a fixed point).
    for (bool grew = true; grew;) {
        grew = false;
        for (const auto& [name, called] : calls) {
            if (property_macros.count(name) != 0) {
                continue;
            }
            for (const auto& c : called) {
                if (const auto it = property_macros.find(c); it != property_macros.end()) {
                    property_macros[name] = std::string(it->second);
                    grew = true;
                    break;
                }
            }
        }
    }
    for (auto* s : scans) {
        for (const auto& inv : s->invocations) {
            const auto it = property_macros.find(inv.macro);
            if (it == property_macros.end()) {
                continue;
            }
            for (auto t : inv.fns) {
                t.framework = it->second;
                t.via_macro = inv.macro;
                s->tests.push_back(std::move(t));
            }
        }
        std::stable_sort(s->tests.begin(), s->tests.end(),
                         [](const PropertyTest& a, const PropertyTest& b) { return a.line < b.line; });
    }
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
