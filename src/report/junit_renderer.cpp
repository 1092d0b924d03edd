// JUnit XML for GitLab's unit test reports and Jenkins (docs/REPORT.md, "JUnit"): one
// testsuite per gate, one testcase per test that ran, per finding of a gate without tests,
// and one for the gate itself whenever its status would otherwise be lost.
#include <map>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "report/junit_limits.hpp"
#include "report/locations.hpp"
#include "report/render.hpp"
#include "report/text_limits.hpp"
#include "report/xml_text.hpp"

namespace gc {
namespace {

enum class CaseKind { passed, failure, error, skipped };

struct Case {
    std::string classname;
    std::string name;
    std::string file;
    double seconds = 0;
    CaseKind kind = CaseKind::passed;
    std::string type;     // the failure's type: the rule or the test outcome
    std::string message;  // one line
    std::string detail;   // the failure element's text
    std::string output;   // system-out
};

struct Suite {
    std::string name;
    double seconds = 0;
    std::vector<std::pair<std::string, std::string>> properties;
    std::vector<Case> cases;
};

std::string first_line(std::string_view text) {
    const auto end = text.find_first_of("\r\n");
    return truncate_utf8(text.substr(0, end), kJunitMaxMessageBytes);
}

// "pkg (lib pkg)" -> "pkg.lib.pkg"; a doc test's target is the package alone.
std::string target_class(std::string_view target, std::string_view gate) {
    const auto open = target.find(" (");
    if (open == std::string_view::npos || target.back() != ')') {
        return fmt::format("{}.{}", target, gate);
    }
    std::string inside(target.substr(open + 2, target.size() - open - 3));
    for (auto& c : inside) {
        c = c == ' ' ? '.' : c;
    }
    return fmt::format("{}.{}.{}", target.substr(0, open), gate, inside);
}

// A test-failed finding names its test as "NAME failed in TARGET": it holds the file and
// line the panic points at, which the test record does not.
std::string failure_file(const Report& report, const GateResult& g, const TestCaseRecord& t) {
    const std::string prefix = t.name + " failed in " + t.target;
    for (const auto& f : g.findings) {
        if (f.rule == "test-failed" && f.message.rfind(prefix, 0) == 0 && !f.file.empty()) {
            return repo_relative_path(report, f);
        }
    }
    return "";
}

std::string finding_name(const Finding& f) {
    if (!f.file.empty()) {
        return fmt::format("{} at {}{}{}", f.rule, f.file, f.line ? fmt::format(":{}", *f.line) : "",
                           f.column ? fmt::format(":{}", *f.column) : "");
    }
    return fmt::format("{}: {}", f.rule, first_line(f.message));
}

CaseKind gate_kind(const GateResult& g) {
    switch (g.status) {
        case GateStatus::fail:
            return CaseKind::failure;
        case GateStatus::error:
            return CaseKind::error;
        case GateStatus::unavailable:
            // Missing tools on a required gate fail the run: never shown as merely skipped.
            return g.required ? CaseKind::error : CaseKind::skipped;
        case GateStatus::skip:
        case GateStatus::manual:
        case GateStatus::not_applicable:
            return CaseKind::skipped;
        case GateStatus::pass:
        case GateStatus::warn:
        case GateStatus::attested:
            return CaseKind::passed;
    }
    return CaseKind::error;
}

Suite gate_suite(const Report& report, const GateResult& g) {
    Suite s{g.id, static_cast<double>(g.duration.count()) / 1000.0, {}, {}};
    s.properties = {{"status", std::string(to_string(g.status))}, {"required", g.required ? "true" : "false"}};
    const std::string gate_class = fmt::format("{}.{}", packages_label(report), g.id);
    bool status_shown = false;
    for (const auto& t : g.tests) {
        Case c{target_class(t.target, g.id), t.name, "", t.seconds, CaseKind::passed, "", "", "", ""};
        if (t.status == TestOutcome::failed) {
            c.kind = CaseKind::failure;
            c.type = "test-failed";
            c.message = first_line(t.message.empty() ? "the test failed" : t.message);
            c.detail = t.message + (t.rerun.empty() ? "" : "\n\nrerun: " + t.rerun);
            c.output = t.output;
            c.file = failure_file(report, g, t);
            status_shown = true;
        } else if (t.status == TestOutcome::ignored) {
            c.kind = CaseKind::skipped;
            c.message = "ignored";
        }
        s.cases.push_back(std::move(c));
    }
    for (const auto& f : g.findings) {
        if (!g.tests.empty() && f.rule == "test-failed") {
            continue;  // already a testcase above
        }
        Case c{gate_class,
               finding_name(f),
               f.file.empty() ? "" : repo_relative_path(report, f),
               0,
               CaseKind::passed,
               f.rule,
               first_line(f.message),
               "",
               ""};
        std::string text = f.message + (f.hint.empty() ? "" : "\n\n" + f.hint);
        if (f.level == FindingLevel::error) {
            c.kind = g.status == GateStatus::error ? CaseKind::error : CaseKind::failure;
            c.detail = std::move(text);
            status_shown = true;
        } else {
            c.output = fmt::format("{}: {}", to_string(f.level), text);
        }
        s.cases.push_back(std::move(c));
    }
    const CaseKind kind = gate_kind(g);
    const bool red = kind == CaseKind::failure || kind == CaseKind::error;
    if (s.cases.empty() || (red && !status_shown)) {
        Case c{gate_class,
               "gate " + g.id,
               "",
               s.seconds,
               kind,
               std::string(to_string(g.status)),
               first_line(g.summary),
               g.summary,
               ""};
        if (!g.fix.empty()) {
            c.detail += "\n\n" + g.fix;
        }
        if (kind == CaseKind::passed) {
            c.output = g.summary;
        }
        s.cases.push_back(std::move(c));
    }
    if (g.omitted_total() > 0) {
        s.properties.emplace_back("omitted_findings", std::to_string(g.omitted_total()));
    }
    return s;
}

// GitLab keeps only the first of test cases with one classname and name: number the rest.
void make_unique(std::vector<Suite>& suites) {
    std::set<std::pair<std::string, std::string>> seen;
    for (auto& s : suites) {
        for (auto& c : s.cases) {
            std::string name = c.name;
            for (int n = 2; !seen.emplace(c.classname, name).second; ++n) {
                name = fmt::format("{} #{}", c.name, n);
            }
            c.name = std::move(name);
        }
    }
}

// The tail: a failing test's last lines say why it failed.
std::string capped(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) {
        return std::string(text);
    }
    std::size_t from = text.size() - max_bytes;
    while (from < text.size() && (static_cast<unsigned char>(text[from]) & 0xC0U) == 0x80U) {
        ++from;
    }
    return fmt::format("[{} bytes of output left out]\n{}", from, text.substr(from));
}

std::string seconds(double s) {
    return fmt::format("{:.3f}", s < 0 ? 0.0 : s);
}

void write_case(std::string& out, const Case& c, std::size_t output_cap) {
    out += fmt::format("    <testcase classname=\"{}\" name=\"{}\"", xml_attribute(c.classname), xml_attribute(c.name));
    if (!c.file.empty()) {
        out += fmt::format(" file=\"{}\"", xml_attribute(c.file));
    }
    out += fmt::format(" time=\"{}\"", seconds(c.seconds));
    const char* element = c.kind == CaseKind::failure   ? "failure"
                          : c.kind == CaseKind::error   ? "error"
                          : c.kind == CaseKind::skipped ? "skipped"
                                                        : nullptr;
    if (element == nullptr && c.output.empty()) {
        out += "/>\n";
        return;
    }
    out += ">\n";
    if (element != nullptr) {
        out += fmt::format("      <{} message=\"{}\"", element, xml_attribute(c.message));
        if (!c.type.empty()) {
            out += fmt::format(" type=\"{}\"", xml_attribute(c.type));
        }
        const std::string detail = capped(c.detail, output_cap);
        out += detail.empty() ? "/>\n" : fmt::format(">{}</{}>\n", xml_text(detail), element);
    }
    if (!c.output.empty()) {
        out += fmt::format("      <system-out>{}</system-out>\n", xml_text(capped(c.output, output_cap)));
    }
    out += "    </testcase>\n";
}

struct Counts {
    std::size_t tests = 0;
    std::size_t failures = 0;
    std::size_t errors = 0;
    std::size_t skipped = 0;
};

Counts count(const Suite& s) {
    Counts n;
    n.tests = s.cases.size();
    for (const auto& c : s.cases) {
        n.failures += c.kind == CaseKind::failure ? 1 : 0;
        n.errors += c.kind == CaseKind::error ? 1 : 0;
        n.skipped += c.kind == CaseKind::skipped ? 1 : 0;
    }
    return n;
}

std::string write(const Report& report, const std::vector<Suite>& suites, std::size_t output_cap) {
    Counts total;
    for (const auto& s : suites) {
        const Counts n = count(s);
        total.tests += n.tests;
        total.failures += n.failures;
        total.errors += n.errors;
    }
    std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    out += fmt::format("<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" time=\"{}\">\n",
                       xml_attribute("gatecheck " + packages_label(report)), total.tests, total.failures, total.errors,
                       seconds(static_cast<double>(report.duration.count()) / 1000.0));
    for (const auto& s : suites) {
        const Counts n = count(s);
        out += fmt::format(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"{}\" time=\"{}\">\n",
            xml_attribute(s.name), n.tests, n.failures, n.errors, n.skipped, seconds(s.seconds));
        out += "    <properties>\n";
        for (const auto& [key, value] : s.properties) {
            out +=
                fmt::format("      <property name=\"{}\" value=\"{}\"/>\n", xml_attribute(key), xml_attribute(value));
        }
        out += "    </properties>\n";
        for (const auto& c : s.cases) {
            write_case(out, c, output_cap);
        }
        out += "  </testsuite>\n";
    }
    out += "</testsuites>\n";
    return out;
}

std::vector<Suite> suites_of(const Report& report) {
    std::vector<Suite> suites;
    if (!report.error.empty() || report.interrupted) {
        // A run that stopped early: CI shows why rather than an empty, green report.
        Suite s{"gatecheck", static_cast<double>(report.duration.count()) / 1000.0, {}, {}};
        const std::string why = report.error.empty() ? "the run was interrupted" : report.error;
        s.cases.push_back(Case{"gatecheck." + packages_label(report), "run", "", 0, CaseKind::error, "error",
                               first_line(why), why, ""});
        suites.push_back(std::move(s));
    }
    for (const auto& g : report.gates) {
        suites.push_back(gate_suite(report, g));
    }
    make_unique(suites);
    return suites;
}

}  // namespace

std::string render_junit(const Report& report) {
    const auto suites = suites_of(report);
    // GitLab refuses files over 30 MB: cut each test's output shorter until it fits.
    std::size_t cap = kJunitMaxOutputBytes;
    std::string out = write(report, suites, cap);
    while (out.size() > kJunitMaxFileBytes && cap > 0) {
        cap /= 4;
        out = write(report, suites, cap);
    }
    return out;
}

}  // namespace gc
