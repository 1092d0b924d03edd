#include "probes/tsan_report.hpp"

#include <charconv>
#include <regex>
#include <string>

#include "core/text.hpp"
#include "probes/sanitizer_report.hpp"

namespace gc {
namespace {

constexpr std::string_view kWarning = "WARNING: ThreadSanitizer: ";
constexpr std::string_view kSummary = "SUMMARY: ThreadSanitizer: ";

bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

// "data race (pid=7727)" -> "data-race"; "lock-order-inversion (potential deadlock) (pid=1)"
// -> "lock-order-inversion".
std::string kind_of(std::string_view headline) {
    std::string kind(headline.substr(0, headline.find(" (")));
    for (auto& c : kind) {
        c = c == ' ' ? '-' : c;
    }
    return kind;
}

// "Write of size 8 at 0x... by thread T4:", "Previous atomic write ...", "Mutex M1 acquired ...".
bool is_access(std::string_view text) {
    static const std::regex access(R"(^(Previous )?(atomic )?(Read|Write|read|write) of size \d+ at .*:$)");
    return std::regex_match(text.begin(), text.end(), access);
}

struct Reader {
    std::vector<SanitizerReport> reports;
    SanitizerReport* current = nullptr;
    std::vector<StackFrame>* stack = nullptr;  // the stack being read, while it is one of the two

    void line(std::string_view raw) {
        const auto text = trim(raw);
        if (const auto at = text.find(kWarning); at != std::string_view::npos) {
            const auto headline = text.substr(at + kWarning.size());
            reports.push_back(SanitizerReport{"ThreadSanitizer", kind_of(headline), std::string(headline), "", "", {}});
            current = &reports.back();
            stack = nullptr;
            return;
        }
        if (current == nullptr) {
            return;
        }
        if (starts_with(text, kSummary)) {
            current->summary = std::string(text.substr(std::string_view("SUMMARY: ").size()));
            current = nullptr;
            return;
        }
        if (auto frame = parse_tsan_frame(text)) {
            if (stack != nullptr) {
                stack->push_back(std::move(*frame));
            }
            return;
        }
        stack = nullptr;  // a blank line or another section (thread creation, location) ends it
        // Kinds other than data races (lock-order-inversion, thread-leak) have no "Read of size"
        // line: their first section ("Mutex M2 acquired here ...:") is the access.
        const bool first_section = current->access.empty() && !text.empty() && text.back() == ':';
        if (!is_access(text) && !first_section) {
            return;
        }
        auto described = std::string(text.substr(0, text.size() - 1));
        if (current->access.empty()) {
            current->access = std::move(described);
            stack = &current->frames;
        } else if (current->other_access.empty() && starts_with(text, "Previous ")) {
            current->other_access = std::move(described);
            stack = &current->other_frames;
        }
    }
};

}  // namespace

std::optional<StackFrame> parse_tsan_frame(std::string_view line) {
    static const std::regex frame(R"(^#\d+ (.+) \([^()]*\+0x[0-9a-fA-F]+\)( \(BuildId: [0-9a-fA-F]+\))?$)");
    static const std::regex location(R"(^(.+) (\S+?):(\d+)(?::(\d+))?$)");
    const std::string text(trim(line));
    std::smatch m;
    if (!std::regex_match(text, m, frame)) {
        return std::nullopt;
    }
    // Function names hold spaces ("<fn() as FnOnce<()>>::call_once"): the location is the
    // last word, and only when it ends in :LINE or :LINE:COLUMN.
    const std::string body = m[1].str();
    std::smatch l;
    if (std::regex_match(body, l, location)) {
        return StackFrame{l[1].str(), l[2].str(), location_number(l[3].str()),
                          l[4].matched ? location_number(l[4].str()) : 0};
    }
    const auto space = body.rfind(' ');
    return StackFrame{space == std::string::npos ? body : body.substr(0, space), "", 0, 0};
}

std::vector<SanitizerReport> parse_tsan_reports(std::string_view err) {
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

}  // namespace gc
