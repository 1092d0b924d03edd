#include "probes/miri_report.hpp"
#include "core/text.hpp"

#include <array>
#include <charconv>
#include <optional>
#include <regex>
#include <string>

namespace gc {
namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        out.push_back(text.substr(0, nl));
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    }
    return out;
}

// "path:12:9" or "path:12:9: 12:20" (a span's end) -> the location.
std::optional<MiriLocation> parse_location(const std::string& text, std::string function) {
    static const std::regex at(R"(^(.+?):(\d+):(\d+)(?::\s*\d+:\d+)?\s*$)");
    std::smatch m;
    if (!std::regex_match(text, m, at)) {
        return std::nullopt;
    }
    return MiriLocation{std::move(function), m[1].str(), location_number(m[2].str()), location_number(m[3].str())};
}

// "error: Undefined Behavior: ...", possibly after "test NAME ... " on the same line.
bool parse_headline(const std::string& line, MiriReport& r) {
    static const std::regex headline(
        R"(^(?:test (\S+) \.\.\. )?error: (Undefined Behavior|unsupported operation|memory leaked|deadlock|)"
        R"(abnormal termination|resource exhaustion|the evaluated program leaked memory|post-monomorphization error)"
        R"()(?::\s*(.*))?$)");
    std::smatch m;
    if (!std::regex_match(line, m, headline)) {
        return false;
    }
    r = MiriReport{m[2].str(), m[3].str(), {}, "", m[1].str()};
    return true;
}

// A line of a report's body: its span, a backtrace frame, a help.
void parse_body_line(const std::string& line, MiriReport& r) {
    static const std::regex arrow(R"(^\s*--> (.+)$)");
    static const std::regex inside(R"(^\s*(?:= )?note: inside (?:closure|`(.+)`)(?: at (.+))?$)");
    static const std::regex help(R"(^\s*= help: (.*)$)");
    std::smatch m;
    if (std::regex_match(line, m, arrow)) {
        // A `note: inside X` without "at" is followed by its own --> line.
        const bool framed = !r.locations.empty() && r.locations.back().file.empty();
        if (auto loc = parse_location(m[1].str(), "")) {
            if (framed) {
                r.locations.back().file = loc->file;
                r.locations.back().line = loc->line;
                r.locations.back().column = loc->column;
            } else {
                r.locations.push_back(std::move(*loc));
            }
        }
    } else if (std::regex_match(line, m, inside)) {
        const std::string function = m[1].matched ? m[1].str() : "{closure}";
        auto loc = m[2].matched ? parse_location(m[2].str(), function) : std::nullopt;
        r.locations.push_back(loc ? std::move(*loc) : MiriLocation{function, "", 0, 0});
    } else if (std::regex_match(line, m, help) && r.help.empty()) {
        r.help = m[1].str();
    }
}

void parse_summary(const std::string& line, MiriRun& run) {
    static const std::regex summary(R"(^test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored)");
    static const std::regex failed(R"(^test (\S+) \.\.\. FAILED$)");
    std::smatch m;
    if (std::regex_search(line, m, summary)) {
        // A count that does not fit is no count libtest printed: the line is skipped, as any
        // other that does not parse (cargo miri's exit status still decides the run).
        std::array<long, 3> counts{};
        for (std::size_t i = 0; i < counts.size(); ++i) {
            const auto text = m[i + 1].str();
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), counts[i]);
            if (ec != std::errc() || end != text.data() + text.size()) {
                return;
            }
        }
        run.passed += counts[0];
        run.failed += counts[1];
        run.ignored += counts[2];
        ++run.summaries;
    } else if (std::regex_match(line, m, failed)) {
        run.failed_tests.push_back(m[1].str());
    }
}

// The test a binary was running when it stopped: its "test NAME ... " line has no outcome.
std::string unfinished_test(std::string_view out) {
    static const std::regex started(R"(^test (\S+) \.\.\. ?(\S*)$)");
    std::string last;
    for (const auto sv : lines_of(out)) {
        const std::string line(sv);
        std::smatch m;
        if (std::regex_match(line, m, started)) {
            last = m[2].str().empty() ? m[1].str() : "";
        }
    }
    return last;
}

}  // namespace

MiriRun parse_miri_output(std::string_view out, std::string_view err) {
    MiriRun run;
    for (const auto sv : lines_of(out)) {
        parse_summary(std::string(sv), run);
    }
    const std::string running = unfinished_test(out);
    bool in_report = false;
    for (const auto sv : lines_of(err)) {
        const std::string line(sv);
        MiriReport r;
        if (parse_headline(line, r)) {
            if (r.test.empty()) {
                r.test = running;
            }
            run.reports.push_back(std::move(r));
            in_report = true;
        } else if (in_report && (line.starts_with("error") || line.starts_with("test result"))) {
            in_report = false;  // "error: aborting due to ...", cargo's own "error: test failed"
        } else if (in_report) {
            parse_body_line(line, run.reports.back());
        }
        parse_summary(line, run);
    }
    return run;
}

bool miri_missing(std::string_view err) {
    return err.find("'cargo-miri' is not installed") != std::string_view::npos ||
           (err.find("'miri' component") != std::string_view::npos &&
            err.find("is not available") != std::string_view::npos) ||
           err.find("no such command: `miri`") != std::string_view::npos;
}

}  // namespace gc
