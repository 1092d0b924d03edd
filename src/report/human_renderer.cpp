// The terminal report: the checklist by phase, a status mark and one line of evidence per
// item, the top findings of failing gates, and a verdict line.
#include <algorithm>
#include <set>

#include <fmt/color.h>
#include <fmt/format.h>

#include "report/checklist.hpp"
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
        case ItemStatus::not_checked:
            break;
    }
    return p.dim("[ -- ]");
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

    std::set<std::string> shown;
    for (const auto& phase : checklist_phases()) {
        out += "\n" + p.bold(phase) + "\n";
        for (const auto& item : report.checklist) {
            if (item.phase != phase) {
                continue;
            }
            out += fmt::format("  {} {}\n", mark(item.status, p), item.text);
            if (item.gates.empty()) {
                continue;
            }
            for (const auto& id : item.gates) {
                const auto g = std::find_if(report.gates.begin(), report.gates.end(),
                                            [&](const GateResult& r) { return r.id == id; });
                if (g == report.gates.end()) {
                    continue;
                }
                out += fmt::format("         {}: {}{}\n", p.bold(g->id), g->summary, g->required ? "" : " (optional)");
                if (!g->fix.empty()) {
                    out += fmt::format("         fix: {}\n", g->fix);
                }
                const bool noteworthy = g->status != GateStatus::pass && g->status != GateStatus::skip;
                if (!noteworthy || !shown.insert(g->id).second) {
                    continue;
                }
                const std::size_t limit = options.verbosity > 0 ? g->findings.size() : kTopFindings;
                for (std::size_t i = 0; i < g->findings.size() && i < limit; ++i) {
                    const auto& f = g->findings[i];
                    out += fmt::format("           {}{} {}\n", location(f), p.dim(f.rule), f.message);
                }
                if (g->findings.size() > limit) {
                    out += p.dim(fmt::format("           ... and {} more (-v shows all, --report json=FILE keeps all)",
                                             g->findings.size() - limit)) +
                           "\n";
                }
            }
        }
    }
    out += "\n" + verdict_line();
    return out;
}

}  // namespace gc
