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

std::string mark(const std::string& status, const Painter& p) {
    using C = fmt::terminal_color;
    if (status == "pass")
        return p.paint("[pass]", C::green);
    if (status == "fail")
        return p.paint("[FAIL]", C::red, true);
    if (status == "warn")
        return p.paint("[warn]", C::yellow);
    if (status == "skip")
        return p.dim("[skip]");
    if (status == "unavailable")
        return p.paint("[n/a ]", C::magenta, true);
    if (status == "error")
        return p.paint("[ERR ]", C::magenta, true);
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
        std::vector<std::string> failed;
        std::vector<std::string> unevaluated;
        for (const auto& g : report.gates) {
            if (!g.required) {
                continue;
            }
            if (is_failure(g.status)) {
                failed.push_back(g.id);
            } else if (is_unevaluated(g.status)) {
                unevaluated.push_back(g.id);
            }
        }
        const auto join = [](const std::vector<std::string>& v) {
            std::string s;
            for (const auto& x : v) {
                s += (s.empty() ? "" : ", ") + x;
            }
            return s;
        };
        std::string head;
        if (report.interrupted) {
            head = p.paint("INTERRUPTED", fmt::terminal_color::magenta, true) + ": partial report";
        } else if (report.verdict == Verdict::pass) {
            head = p.paint("PASS", fmt::terminal_color::green, true) + ": every required gate passed";
        } else if (report.verdict == Verdict::fail) {
            head = p.paint("FAIL", fmt::terminal_color::red, true) +
                   fmt::format(": required gate{} failed: {}", failed.size() == 1 ? "" : "s", join(failed));
        } else {
            head = p.paint("ERROR", fmt::terminal_color::magenta, true) +
                   fmt::format(": required gate{} could not be evaluated: {}", unevaluated.size() == 1 ? "" : "s",
                               join(unevaluated));
        }
        if (report.verdict == Verdict::fail && !unevaluated.empty()) {
            head += fmt::format("; not evaluated: {}", join(unevaluated));
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
