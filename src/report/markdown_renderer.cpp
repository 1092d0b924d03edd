// Markdown for a pull-request comment or GitHub's job summary: the verdict, what failed with
// its next step, the checklist as a table, and the Performance Analysis block. Tools' text is
// escaped so that it reads as text, never as markup (a `<details>` or `|` in a panic message
// must not restructure the page), and the whole stays under the consumer's size limit.
#include <algorithm>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "report/checklist.hpp"
#include "report/ci_findings.hpp"
#include "report/ci_text.hpp"
#include "report/perf_section.hpp"
#include "report/render.hpp"

namespace gc {
namespace {

constexpr std::size_t kFindingsPerGate = 20;
constexpr std::size_t kMaxMessageBytes = 1000;

// A tool's text cut to its limit and made printable, once, before any escaping.
std::string clean(std::string_view raw) {
    return printable_utf8(shorten(raw, kMaxMessageBytes));
}

// Clean text that stays text: Markdown's punctuation backslash-escaped, HTML's specials as
// entities, line breaks as spaces (one finding is one list item or table cell).
std::string escape_text(std::string_view cleaned) {
    std::string out;
    for (const char c : cleaned) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '\n':
            case '\r':
            case '\t':
                out += ' ';
                break;
            case '\\':
            case '`':
            case '*':
            case '_':
            case '[':
            case ']':
            case '|':
            case '#':
            case '~':
            case '!':
                out += '\\';
                out += c;
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string text(std::string_view raw) {
    return escape_text(clean(raw));
}

// A code span that holds any clean text: fenced by one backtick more than its longest run.
std::string code_span(std::string_view cleaned) {
    std::string body(cleaned);
    std::replace_if(
        body.begin(), body.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; }, ' ');
    std::size_t longest = 0;
    std::size_t run = 0;
    for (const char c : body) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    const std::string fence(longest + 1, '`');
    const bool pad = body.empty() || body.front() == '`' || body.back() == '`';
    return pad ? fence + " " + body + " " + fence : fence + body + fence;
}

std::string code(std::string_view raw) {
    return code_span(clean(raw));
}

// A tool's message as Markdown: its `quoted code` (rustc and clippy quote code in backticks)
// stays code, the rest is text. A message with an unpaired backtick is all text. `|` is
// escaped inside code too, as a table cell needs.
std::string prose(std::string_view raw) {
    const std::string cleaned = clean(raw);
    if (std::count(cleaned.begin(), cleaned.end(), '`') % 2 != 0) {
        return escape_text(cleaned);
    }
    std::string out;
    bool in_code = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= cleaned.size(); ++i) {
        if (i < cleaned.size() && cleaned[i] != '`') {
            continue;
        }
        const std::string_view part(cleaned.data() + start, i - start);
        if (!in_code) {
            out += escape_text(part);
        } else if (!part.empty()) {
            std::string piece = code_span(part);
            for (std::size_t at = piece.find('|'); at != std::string::npos; at = piece.find('|', at + 2)) {
                piece.insert(at, "\\");
            }
            out += piece;
        }
        in_code = !in_code;
        start = i + 1;
    }
    return out;
}

std::string_view badge(ItemStatus s) {
    switch (s) {
        case ItemStatus::pass:
            return "✅ pass";
        case ItemStatus::fail:
            return "❌ fail";
        case ItemStatus::warn:
            return "⚠️ warn";
        case ItemStatus::skip:
            return "⏭️ skip";
        case ItemStatus::unavailable:
            return "❔ unavailable";
        case ItemStatus::error:
            return "❗ error";
        case ItemStatus::manual:
            return "📝 to review";
        case ItemStatus::attested:
            return "✍️ signed";
        case ItemStatus::not_applicable:
            return "➖ none";
        case ItemStatus::not_checked:
            break;
    }
    return "— not checked";
}

std::string heading(const Report& report) {
    const std::string_view verdict = report.interrupted                ? "⏹️ INTERRUPTED"
                                     : report.verdict == Verdict::pass ? "✅ PASS"
                                     : report.verdict == Verdict::fail ? "❌ FAIL"
                                                                       : "❗ ERROR";
    std::string names;
    for (const auto& pkg : report.packages) {
        names += (names.empty() ? "" : ", ") + pkg.name + " " + pkg.version;
    }
    std::string out = fmt::format("## gatecheck: {}\n\n", verdict);
    if (!report.verdict_reason.empty()) {
        out += text(report.verdict_reason) + "\n\n";
    }
    if (!report.error.empty()) {
        out += "**error:** " + text(report.error) + "\n\n";
    }
    out +=
        fmt::format("{} · gatecheck {} · exit code {} · {:.1f} s\n", text(names.empty() ? "?" : names),
                    text(report.tool_version), report.exit_code, static_cast<double>(report.duration.count()) / 1000.0);
    return out;
}

std::string finding_line(const CiFinding& f) {
    std::string where;
    if (!f.file.empty()) {
        where = f.line ? fmt::format("{}:{}:{}", f.file, *f.line, f.column.value_or(1)) : f.file;
        where = code(where) + " ";
    }
    std::string out =
        fmt::format("  - {}{}{}\n", where, f.rule == f.gate->id ? "" : code(f.rule) + " ", prose(f.message));
    if (!f.hint.empty()) {
        out += "    - next step: " + code(f.hint) + "\n";
    }
    return out;
}

// Per gate, its findings in severity order (as ci_findings gives them), the first few only.
std::string failures(const Report& report) {
    const auto all = ci_findings(report);
    std::string out;
    for (const auto& g : report.gates) {
        std::size_t shown = 0;
        std::size_t more = 0;
        std::string lines;
        for (const auto& f : all) {
            if (f.gate != &g || f.severity == CiSeverity::notice) {
                continue;
            }
            if (shown == kFindingsPerGate) {
                ++more;
                continue;
            }
            ++shown;
            lines += finding_line(f);
        }
        if (shown == 0) {
            continue;
        }
        more += static_cast<std::size_t>(g.omitted_total());
        if (more > 0) {
            lines += fmt::format("  - … and {} more (`--report json=FILE` keeps them)\n", more);
        }
        const std::string optional = g.required ? "" : " (optional: does not fail the run)";
        out += fmt::format("- {} **{}**{}: {}\n{}", badge(to_item_status(g.status)), g.id, optional, prose(g.summary),
                           lines);
    }
    return out.empty() ? out : "\n### What to fix\n\n" + out;
}

std::string checklist_table(const Report& report) {
    if (report.checklist.empty()) {
        return "";
    }
    std::string out = "\n### Checklist\n\n| Status | Item | Gates |\n|---|---|---|\n";
    for (const auto& item : report.checklist) {
        std::string gates;
        for (const auto& id : item.gates) {
            gates += (gates.empty() ? "" : ", ") + id;
        }
        out += fmt::format("| {} | {} | {} |\n", badge(item.status), prose(item.text), text(gates));
    }
    return out;
}

// Cut at a line boundary below the limit, saying so: GitHub drops an over-long summary whole.
std::string fit(std::string out, std::size_t max_bytes) {
    if (max_bytes == 0 || out.size() <= max_bytes) {
        return out;
    }
    const std::string tail_text = fmt::format(
        "\n\n**… cut here: the rest ({} bytes) is over the {} bytes this summary may take; the job's log and "
        "`--report json=FILE` have everything.**\n",
        out.size(), max_bytes);
    const std::size_t room = max_bytes > tail_text.size() + 1 ? max_bytes - tail_text.size() - 1 : 0;
    const auto cut = out.rfind('\n', room);
    const std::size_t keep = cut == std::string::npos ? 0 : cut + 1;
    out.resize(keep);
    return out + tail_text;
}

}  // namespace

std::string render_markdown(const Report& report, const RenderOptions& options) {
    std::string out = heading(report);
    out += failures(report);
    out += checklist_table(report);
    if (!report.performance.empty()) {
        out += "\n" + render_perf_markdown(report.performance);
    }
    if (!report.notes.empty()) {
        out += "\n### Notes\n\n";
        for (const auto& note : report.notes) {
            out += "- " + text(note) + "\n";
        }
    }
    return fit(std::move(out), options.max_bytes);
}

}  // namespace gc
