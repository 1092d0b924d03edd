// GitHub Actions workflow commands (`::error file=...,line=...,title=...::message`): the
// annotations GitHub shows on a pull request's diff and the run's page. GitHub shows at most
// 10 error and 10 warning annotations of a step, so the most severe go first, and one notice
// counts the rest instead of their being dropped unsaid.
#include <array>
#include <cstddef>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include "report/ci_findings.hpp"
#include "report/ci_text.hpp"
#include "report/render.hpp"

namespace gc {
namespace {

constexpr std::size_t kShownPerKind = 10;
// GitHub truncates long annotations itself; cut first, and say by how much.
constexpr std::size_t kMaxMessageBytes = 4096;

// GitHub's escaping of a command's data: `%` first, then CR and LF.
std::string escape_data(std::string_view text) {
    std::string out;
    for (const char c : printable_utf8(text)) {
        switch (c) {
            case '%':
                out += "%25";
                break;
            case '\r':
                out += "%0D";
                break;
            case '\n':
                out += "%0A";
                break;
            default:
                out += c;
        }
    }
    return out;
}

// A property's value also escapes the characters that separate properties.
std::string escape_property(std::string_view text) {
    std::string out;
    for (const char c : escape_data(text)) {
        if (c == ':') {
            out += "%3A";
        } else if (c == ',') {
            out += "%2C";
        } else {
            out += c;
        }
    }
    return out;
}

std::string_view command_of(CiSeverity s) {
    switch (s) {
        case CiSeverity::error:
            return "error";
        case CiSeverity::warning:
            return "warning";
        case CiSeverity::notice:
            break;
    }
    return "notice";
}

std::string annotation(const CiFinding& f) {
    std::string props;
    if (!f.file.empty()) {
        props += "file=" + escape_property(f.file);
        if (f.line) {
            props += fmt::format(",line={}", *f.line);
            if (f.column) {
                props += fmt::format(",col={}", *f.column);
            }
        }
        props += ",";
    }
    props += "title=" + escape_property(f.rule == f.gate->id ? "gatecheck " + f.gate->id
                                                             : fmt::format("gatecheck {}: {}", f.gate->id, f.rule));
    std::string message = f.message;
    if (!f.hint.empty()) {
        message += "\n" + f.hint;
    }
    return fmt::format("::{} {}::{}\n", command_of(f.severity), props, escape_data(shorten(message, kMaxMessageBytes)));
}

}  // namespace

std::string render_github(const Report& report, const RenderOptions& /*options*/) {
    std::string out;
    std::array<std::size_t, 2> shown{};  // errors, warnings
    std::array<std::size_t, 2> rest{};
    for (const auto& f : ci_findings(report)) {
        if (f.severity == CiSeverity::notice) {
            continue;  // informational: the report has them, a diff does not need them
        }
        const auto kind = static_cast<std::size_t>(f.severity);
        if (shown.at(kind) == kShownPerKind) {
            ++rest.at(kind);
            continue;
        }
        ++shown.at(kind);
        out += annotation(f);
    }
    if (rest[0] + rest[1] > 0) {
        out += fmt::format(
            "::notice title=gatecheck::{} more not shown as annotations ({} errors, {} warnings; GitHub shows {} of "
            "each): the job summary and the report list them\n",
            rest[0] + rest[1], rest[0], rest[1], kShownPerKind);
    }
    if (!report.error.empty()) {
        out += fmt::format("::error title=gatecheck::{}\n", escape_data(report.error));
    }
    return out;
}

}  // namespace gc
