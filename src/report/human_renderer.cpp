// The terminal report: the checklist by phase, a status mark and one line of evidence per
// item, the top findings of failing gates with their next step, and a verdict line. Items no
// gate checks fold into one line unless -v. The reviews a person still has to make close it.
#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include <fmt/color.h>
#include <fmt/format.h>

#include "report/checklist.hpp"
#include "report/finding_cap.hpp"
#include "report/perf_section.hpp"
#include "report/render.hpp"

namespace gc {
namespace {

constexpr std::size_t kTopFindings = 5;

class Painter {
public:
    explicit Painter(bool color) : color_(color) {}
    [[nodiscard]] std::string paint(const std::string& text, fmt::terminal_color c, bool bold = false) const {
        if (!color_) {
            return text;
        }
        auto style = fmt::fg(c);
        if (bold) {
            style |= fmt::emphasis::bold;
        }
        return fmt::format(style, "{}", text);
    }
    [[nodiscard]] std::string dim(const std::string& text) const {
        return color_ ? fmt::format(fmt::emphasis::faint, "{}", text) : text;
    }
    [[nodiscard]] std::string bold(const std::string& text) const {
        return color_ ? fmt::format(fmt::emphasis::bold, "{}", text) : text;
    }

private:
    bool color_;
};

std::string mark(ItemStatus status, const Painter& p) {
    using C = fmt::terminal_color;
    switch (status) {
        case ItemStatus::pass:
            return p.paint("[pass]", C::green);
        case ItemStatus::fail:
            return p.paint("[FAIL]", C::red, true);
        case ItemStatus::warn:
            return p.paint("[warn]", C::yellow);
        case ItemStatus::skip:
            return p.dim("[skip]");
        case ItemStatus::unavailable:
            return p.paint("[n/a ]", C::magenta, true);
        case ItemStatus::error:
            return p.paint("[ERR ]", C::magenta, true);
        case ItemStatus::manual:
            // A person must attest it: as loud as a failure would be, it is not done.
            return p.paint("[todo]", C::yellow, true);
        case ItemStatus::attested:
            // Signed off by a person: their word, not a tool's check.
            return p.paint("[sign]", C::cyan);
        case ItemStatus::not_applicable:
            return p.dim("[none]");
        case ItemStatus::not_checked:
            break;
    }
    return p.dim("[ -- ]");
}

// What a failed tool said, inside a gate's summary: "`cargo check ...` failed without a
// compiler error in the crate: error: no matching package ...". Gates whose different
// commands failed for one cause quote the same text; other summaries are their own cause.
std::string_view cause_of(std::string_view summary) {
    const auto at = summary.find("error: ");
    return at == std::string_view::npos ? summary : summary.substr(at);
}

std::string location(const Finding& f) {
    if (f.file.empty()) {
        return "";
    }
    if (!f.line) {
        return f.file + ": ";
    }
    return fmt::format("{}:{}:{}: ", f.file, *f.line, f.column.value_or(1));
}

// Renders the checklist: each item with the evidence line of its gates, findings under the
// first line of each gate that did not pass. Keeps what was already said across items.
class ChecklistWriter {
public:
    ChecklistWriter(const Report& report, const RenderOptions& options, const Painter& p)
        : report_(report), options_(options), p_(p) {}

    std::string write() {
        std::string out;
        for (const auto& phase : checklist_phases()) {
            std::string lines;
            for (const auto& item : report_.checklist) {
                if (item.phase == phase) {
                    lines += write_item(item);
                }
            }
            if (!lines.empty()) {
                out += "\n" + p_.bold(phase) + "\n" + lines;
            }
        }
        if (folded_ > 0) {
            // Always the same list: once read, it is noise on every run.
            out +=
                fmt::format("\n  {} {} not checked yet (gatecheck -v lists them)\n", mark(ItemStatus::not_checked, p_),
                            folded_ == 1 ? std::string("1 item") : fmt::format("{} items", folded_));
        }
        return out;
    }

private:
    std::string write_item(const ChecklistEntry& item) {
        if (item.status == ItemStatus::not_checked && options_.verbosity <= 0) {
            ++folded_;
            return "";
        }
        std::string out = fmt::format("  {} {}\n", mark(item.status, p_), item.text);
        for (const auto& id : item.gates) {
            const auto g = std::find_if(report_.gates.begin(), report_.gates.end(),
                                        [&](const GateResult& r) { return r.id == id; });
            if (g != report_.gates.end()) {
                out += write_gate(*g);
            }
        }
        return out;
    }

    std::string write_gate(const GateResult& g) {
        const std::string optional = g.required ? "" : " (optional)";
        // One cause (cargo cannot resolve a dependency) stops several gates with the same
        // long message: say it once, and point the others at it.
        if (is_unevaluated(g.status)) {
            const auto [first, inserted] =
                first_error_.try_emplace(std::string(cause_of(g.summary)) + '\0' + g.fix, g.id);
            if (!inserted && first->second != g.id) {
                return fmt::format("         {}: same error as `{}`{}\n", p_.bold(g.id), first->second, optional);
            }
        }
        std::string out = fmt::format("         {}: {}{}\n", p_.bold(g.id), g.summary, optional);
        if (!g.fix.empty()) {
            // On a gate that ran, the fix is a tool that repairs some findings, not all.
            out += fmt::format("         {}: {}\n", is_evaluated(g.status) ? "fix some automatically" : "fix", g.fix);
        }
        const bool noteworthy = g.status != GateStatus::pass && g.status != GateStatus::skip &&
                                g.status != GateStatus::attested && g.status != GateStatus::not_applicable;
        if (noteworthy && shown_.insert(g.id).second) {
            out += write_findings(g);
        }
        return out;
    }

    [[nodiscard]] std::string write_findings(const GateResult& g) const {
        std::string out;
        const std::size_t limit = options_.verbosity > 0 ? g.findings.size() : kTopFindings;
        for (std::size_t i = 0; i < g.findings.size() && i < limit; ++i) {
            const auto& f = g.findings[i];
            out += fmt::format("           {}{} {}\n", location(f), p_.dim(f.rule), f.message);
            if (!f.hint.empty()) {
                out += fmt::format("             {}\n", f.hint);
            }
        }
        const auto hidden = static_cast<std::int64_t>(g.findings.size() > limit ? g.findings.size() - limit : 0);
        const auto omitted = g.omitted_total();
        std::string more;
        if (hidden > 0 && omitted == 0) {
            more = fmt::format("... and {} more (-v shows all, --report json=FILE keeps all)", hidden);
        } else if (hidden > 0) {
            more = fmt::format(
                "... and {} more ({} with -v or in --report json=FILE; {} past {} findings of one rule "
                "are only counted)",
                hidden + omitted, hidden, omitted, kMaxFindingsPerRule);
        } else if (omitted > 0) {
            more = fmt::format("... and {} more, only counted: past {} findings of one rule", omitted,
                               kMaxFindingsPerRule);
        }
        if (!more.empty()) {
            out += p_.dim("           " + more) + "\n";
        }
        return out;
    }

    const Report& report_;
    const RenderOptions& options_;
    const Painter& p_;
    std::set<std::string> shown_;                     // gates whose findings are printed
    std::map<std::string, std::string> first_error_;  // error text -> the first gate that showed it
    std::size_t folded_ = 0;                          // not-checked items left out
};

// The reviews a person still has to make (manual items), with how to record each.
std::string write_todo(const Report& report, const Painter& p) {
    std::string out;
    for (const auto& item : report.checklist) {
        if (item.status == ItemStatus::manual && !item.todo.empty()) {
            out += fmt::format("  - {}: {}\n", item.text, item.todo);
        }
    }
    return out.empty() ? out : "\n" + p.bold("A person still has to:") + "\n" + out;
}

// The spec's Performance Analysis, when a performance gate measured something.
std::string write_performance(const Report& report, const Painter& p) {
    const auto section = performance_analysis(report);
    if (section.empty()) {
        return "";
    }
    std::string body = render_perf_markdown(section);
    body = body.substr(body.find('\n') + 1);  // its own "## Benchmarks" heading is Markdown's
    std::string out = "\n" + p.bold("Performance Analysis:") + "\n";
    std::size_t start = 0;
    while (start < body.size()) {
        const auto end = body.find('\n', start);
        out += "  " + body.substr(start, end - start) + "\n";
        start = end == std::string::npos ? body.size() : end + 1;
    }
    return out;
}

}  // namespace

std::string render_human(const Report& report, const RenderOptions& options) {
    const Painter p(options.color);
    std::string out;
    const auto verdict_line = [&] {
        std::string head;
        if (report.interrupted) {
            head = p.paint("INTERRUPTED", fmt::terminal_color::magenta, true);
        } else if (report.verdict == Verdict::pass) {
            head = p.paint("PASS", fmt::terminal_color::green, true);
        } else if (report.verdict == Verdict::fail) {
            head = p.paint("FAIL", fmt::terminal_color::red, true);
        } else {
            head = p.paint("ERROR", fmt::terminal_color::magenta, true);
        }
        if (!report.verdict_reason.empty()) {
            head += ": " + report.verdict_reason;
        }
        return fmt::format("{} {} (exit code {}, {:.1f} s)\n", p.bold("verdict:"), head, report.exit_code,
                           static_cast<double>(report.duration.count()) / 1000.0);
    };
    if (options.verbosity < 0) {
        return verdict_line();
    }

    std::string names;
    for (const auto& pkg : report.packages) {
        names += (names.empty() ? "" : ", ") + pkg.name + " " + pkg.version;
    }
    out += fmt::format("gatecheck {}: {} ({})\n", report.tool_version, names.empty() ? "?" : names, report.target_path);
    if (!report.rustc_version.empty()) {
        out += p.dim(fmt::format("toolchain: {}", report.rustc_version)) + "\n";
    }
    out += ChecklistWriter(report, options, p).write();
    out += write_todo(report, p);
    out += write_performance(report, p);
    if (!report.notes.empty()) {
        out += "\n";
        for (const auto& note : report.notes) {
            out += fmt::format("{} {}\n", p.bold("note:"), note);
        }
    }
    out += "\n" + verdict_line();
    return out;
}

}  // namespace gc
