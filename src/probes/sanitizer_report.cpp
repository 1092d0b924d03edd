#include "probes/sanitizer_report.hpp"
#include "core/text.hpp"

#include <charconv>
#include <regex>

namespace gc {
namespace {

constexpr std::string_view kAsanError = "ERROR: AddressSanitizer: ";
constexpr std::string_view kLeakError = "ERROR: LeakSanitizer: ";
constexpr std::string_view kSummary = "SUMMARY: AddressSanitizer: ";

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

std::string first_word(std::string_view s) {
    return std::string(s.substr(0, s.find(' ')));
}

// "heap-use-after-free on address ..." -> "heap-use-after-free"; "attempting double-free on
// 0x..." -> "double-free". The SUMMARY line, when present, names the kind authoritatively.
std::string kind_of_headline(std::string_view headline) {
    if (starts_with(headline, "attempting ")) {
        headline.remove_prefix(std::string_view("attempting ").size());
    }
    auto kind = first_word(headline);
    while (!kind.empty() && kind.back() == ':') {
        kind.pop_back();
    }
    return kind;
}

// Reading state: which report the stack lines belong to, and whether its first stack ended.
struct Reader {
    std::vector<SanitizerReport> reports;
    SanitizerReport* current = nullptr;
    bool in_leaks = false;
    bool stack_open = false;  // the current report's first stack is being read
    bool stack_done = false;

    void start(SanitizerReport report) {
        reports.push_back(std::move(report));
        current = &reports.back();
        stack_open = false;
        stack_done = false;
    }
    void summary(std::string_view text) {
        for (auto& r : reports) {
            if (!r.summary.empty()) {
                continue;
            }
            r.summary = "AddressSanitizer: " + std::string(text);
            if (r.tool == "AddressSanitizer") {
                r.kind = first_word(text);
            }
        }
    }
    void line(std::string_view raw);
};

void Reader::line(std::string_view raw) {
    const auto text = trim(raw);
    if (const auto at = text.find(kAsanError); at != std::string_view::npos) {
        const auto headline = text.substr(at + kAsanError.size());
        in_leaks = false;
        start(SanitizerReport{"AddressSanitizer", kind_of_headline(headline), std::string(headline), "", "", {}});
        return;
    }
    if (text.find(kLeakError) != std::string_view::npos) {
        in_leaks = true;
        current = nullptr;
        return;
    }
    if (in_leaks && (starts_with(text, "Direct leak of ") || starts_with(text, "Indirect leak of "))) {
        if (starts_with(text, "Indirect")) {
            current = nullptr;  // a consequence of a direct leak, not a report of its own
            return;
        }
        auto headline = std::string(text);
        if (const auto from = headline.find(" allocated from:"); from != std::string::npos) {
            headline.erase(from);
        }
        start(SanitizerReport{"LeakSanitizer", "memory-leak", headline, "", "", {}});
        return;
    }
    if (starts_with(text, kSummary)) {
        summary(text.substr(kSummary.size()));
        current = nullptr;
        return;
    }
    if (current == nullptr) {
        return;
    }
    if (current->access.empty() && !stack_open &&
        (starts_with(text, "READ of size") || starts_with(text, "WRITE of size"))) {
        current->access = std::string(text);
        return;
    }
    if (auto frame = parse_stack_frame(text)) {
        if (!stack_done) {
            stack_open = true;
            current->frames.push_back(std::move(*frame));
        }
        return;
    }
    if (stack_open) {
        stack_open = false;
        stack_done = true;  // "freed by thread T2 here:" and the like follow: not the first stack
    }
}

}  // namespace

std::optional<StackFrame> parse_stack_frame(std::string_view line) {
    // Function names contain spaces ("<fn() -> T as FnOnce<()>>::call_once"): the location
    // is the last word, matched lazily so "lib.rs:10:18" is file, line and column.
    static const std::regex with_file(R"(^#\d+ 0x[0-9a-fA-F]+ in (.+) (\S+?):(\d+)(?::(\d+))?$)");
    static const std::regex in_module(R"(^#\d+ 0x[0-9a-fA-F]+ in (.+?) \(.*\)$)");
    static const std::regex bare(R"(^#\d+ 0x[0-9a-fA-F]+ +\(.*\)$)");
    const std::string text(trim(line));
    std::smatch m;
    if (std::regex_match(text, m, with_file)) {
        return StackFrame{m[1].str(), m[2].str(), location_number(m[3].str()),
                          m[4].matched ? location_number(m[4].str()) : 0};
    }
    if (std::regex_match(text, m, in_module)) {
        return StackFrame{m[1].str(), "", 0, 0};
    }
    if (std::regex_match(text, bare)) {
        return StackFrame{};
    }
    return std::nullopt;
}

std::vector<SanitizerReport> parse_sanitizer_reports(std::string_view err) {
    Reader reader;
    for (std::size_t pos = 0; pos < err.size();) {
        const auto nl = err.find('\n', pos);
        reader.line(err.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
        if (nl == std::string_view::npos) {
            break;
        }
        pos = nl + 1;
    }
    return std::move(reader.reports);
}

namespace {}  // namespace

namespace {

// "krate::tests::reads::{closure#0}" -> "krate::tests::reads".
std::string_view without_closures(std::string_view function) {
    constexpr std::string_view kClosure = "::{closure#";
    while (!function.empty() && function.back() == '}') {
        const auto at = function.rfind(kClosure);
        if (at == std::string_view::npos) {
            break;
        }
        function = function.substr(0, at);
    }
    return function;
}

}  // namespace

std::string test_on_stack(const SanitizerReport& report, const std::vector<std::string>& tests) {
    for (const auto& f : report.frames) {
        const auto function = without_closures(f.function);
        std::string best;
        for (const auto& t : tests) {
            const bool named = function == t || (function.size() > t.size() + 2 &&
                                                 function.substr(function.size() - t.size() - 2) == "::" + t);
            if (named && t.size() > best.size()) {
                best = t;  // the longest: "tests::reads" over a root-level test "reads"
            }
        }
        if (!best.empty()) {
            return best;
        }
    }
    return "";
}

std::vector<std::string> parse_test_list(std::string_view out) {
    constexpr std::string_view kTest = ": test";
    std::vector<std::string> names;
    for (std::size_t pos = 0; pos < out.size();) {
        const auto nl = out.find('\n', pos);
        const auto line = trim(out.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos));
        if (line.size() > kTest.size() && line.substr(line.size() - kTest.size()) == kTest) {
            names.emplace_back(line.substr(0, line.size() - kTest.size()));
        }
        if (nl == std::string_view::npos) {
            break;
        }
        pos = nl + 1;
    }
    return names;
}

}  // namespace gc
