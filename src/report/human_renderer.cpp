// The terminal report: the checklist by phase, a status mark and one line of evidence per
// item, the top findings of failing gates with their next step, and a verdict line. Items no
// gate checks fold into one line unless -v. The reviews a person still has to make close it.
// A gate's errors come before its warnings, and its notes only with -v: informational notes
// must never take the places of the findings that fail it.
#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

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

// `optional`: every gate that gives the item its status is optional, so it does not fail the
// run; capitals are kept for what does.
std::string mark(ItemStatus status, const Painter& p, bool optional = false) {
    using C = fmt::terminal_color;
    switch (status) {
        case ItemStatus::pass:
            return p.paint("[pass]", C::green);
        case ItemStatus::fail:
            return optional ? p.paint("[fail]", C::yellow) : p.paint("[FAIL]", C::red, true);
        case ItemStatus::warn:
            return p.paint("[warn]", C::yellow);
        case ItemStatus::skip:
            return p.dim("[skip]");
        case ItemStatus::unavailable:
            // Its tool is missing here: not "does not apply", which is [none].
            return optional ? p.paint("[unav]", C::magenta) : p.paint("[unav]", C::magenta, true);
        case ItemStatus::error:
            return optional ? p.paint("[err ]", C::magenta) : p.paint("[ERR ]", C::magenta, true);
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

std::size_t rank(FindingLevel level) {
    switch (level) {
        case FindingLevel::error:
            return 0;
        case FindingLevel::warning:
            return 1;
        case FindingLevel::note:
            break;
    }
    return 2;
}

// "3 errors, 12 notes": the levels of the findings left out, most severe first.
std::string level_counts(const std::array<std::int64_t, 3>& by_rank) {
    static constexpr std::array<std::string_view, 3> kNames{"error", "warning", "note"};
    std::string out;
    for (std::size_t i = 0; i < by_rank.size(); ++i) {
        if (by_rank.at(i) > 0) {
            out += fmt::format("{}{} {}{}", out.empty() ? "" : ", ", by_rank.at(i), kNames.at(i),
                               by_rank.at(i) == 1 ? "" : "s");
        }
    }
    return out;
}

// What the report leaves out of a gate's findings: those -v would show (by level), and those
// past the per-rule cap, which no format keeps (only their number).
std::string more_line(const std::array<std::int64_t, 3>& hidden, std::int64_t omitted) {
    const std::int64_t shown_by_v = hidden[0] + hidden[1] + hidden[2];
    if (shown_by_v == 0) {
        return omitted == 0 ? ""
                            : fmt::format("... and {} more, only counted: past {} findings of one rule", omitted,
                                          kMaxFindingsPerRule);
    }
    const char* them = shown_by_v == 1 ? "it" : "them";
    std::string text = fmt::format("... and {} more: {} (-v shows {}, --report json=FILE keeps {})",
                                   shown_by_v + omitted, level_counts(hidden), them, them);
    if (omitted > 0) {
        text += fmt::format("; {} past {} findings of one rule, only counted", omitted, kMaxFindingsPerRule);
    }
    return text;
}

// A gate's fix is an install command when the gate could not run. When it ran, only a
// command that rewrites the code (`cargo clippy --fix`) fixes anything automatically, and
// then only some findings; any other advice is a next step for a person.
std::string_view fix_label(const GateResult& g) {
    if (!is_evaluated(g.status)) {
        return "fix";
    }
    const bool rewrites = g.fix.starts_with("cargo ") && g.fix.find(" --fix") != std::string::npos;
    return rewrites ? "fix some automatically" : "next step";
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
        std::vector<const GateResult*> gates;
        for (const auto& id : item.gates) {
            const auto g = std::find_if(report_.gates.begin(), report_.gates.end(),
                                        [&](const GateResult& r) { return r.id == id; });
            if (g != report_.gates.end()) {
                gates.push_back(&*g);
            }
        }
        // The gates that give the item its status: when none is required, it fails nothing.
        const auto gives_status = [&](const GateResult* g) { return to_item_status(g->status) == item.status; };
        const bool optional = std::any_of(gates.begin(), gates.end(), gives_status) &&
                              std::none_of(gates.begin(), gates.end(),
                                           [&](const GateResult* g) { return gives_status(g) && g->required; });
        std::string out = fmt::format("  {} {}\n", mark(item.status, p_, optional), item.text);
        for (const auto* g : gates) {
            out += write_gate(*g);
        }
        return out;
    }

    std::string write_gate(const GateResult& g) {
        // The statuses that would fail the run, or leave it unevaluated, if the gate were required.
        const bool counts = is_failure(g.status) || is_unevaluated(g.status) || g.status == GateStatus::manual;
        const std::string optional = g.required ? "" : counts ? " (optional: does not fail the run)" : " (optional)";
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
            out += fmt::format("         {}: {}\n", fix_label(g), g.fix);
        }
        const bool noteworthy = g.status != GateStatus::pass && g.status != GateStatus::skip &&
                                g.status != GateStatus::attested && g.status != GateStatus::not_applicable;
        if (noteworthy && shown_.insert(g.id).second) {
            out += write_findings(g);
        }
        return out;
    }

    // Errors first, then warnings; without -v the first kTopFindings of them, and no notes.
    // The line after them says how many of each level are left out, so none is lost unsaid.
    [[nodiscard]] std::string write_findings(const GateResult& g) const {
        const bool verbose = options_.verbosity > 0;
        std::vector<const Finding*> order;
        order.reserve(g.findings.size());
        for (const auto& f : g.findings) {
            order.push_back(&f);
        }
        std::stable_sort(order.begin(), order.end(),
                         [](const Finding* a, const Finding* b) { return rank(a->level) < rank(b->level); });
        std::string out;
        std::array<std::int64_t, 3> hidden{};  // by rank: errors, warnings, notes
        std::size_t shown = 0;
        for (const auto* f : order) {
            if (!verbose && (f->level == FindingLevel::note || shown == kTopFindings)) {
                ++hidden.at(rank(f->level));
                continue;
            }
            ++shown;
            out += fmt::format("           {}{} {}\n", location(*f), p_.dim(f->rule), f->message);
            if (!f->hint.empty()) {
                out += fmt::format("             {}\n", f->hint);
            }
        }
        const std::string more = more_line(hidden, g.omitted_total());
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
    const auto& section = report.performance;
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
