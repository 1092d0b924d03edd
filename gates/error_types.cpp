#include "gates/error_types.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "gates/common.hpp"

namespace gc::gates {
namespace {

Finding error_type_finding(const ErrorType& e, const Workspace& workspace) {
    std::string missing;
    if (!e.implements_error) {
        missing = "std::error::Error";
    }
    if (!e.implements_display) {
        missing += missing.empty() ? "Display" : " nor Display";
    }
    const auto others = e.functions > 1 ? fmt::format(" and {} other public functions", e.functions - 1) : "";
    Finding f{kErrorTypeRule,
              FindingLevel::warning,
              fmt::format("`{}` is the error type of public `{}`{} but does not implement {}", e.path, e.returned_by,
                          others, missing),
              e.file.empty() ? "" : workspace.relative(e.file),
              e.line > 0 ? std::optional<int>(e.line) : std::nullopt,
              e.column > 0 ? std::optional<int>(e.column) : std::nullopt};
    f.hint =
        "derive it with thiserror (#[derive(Debug, thiserror::Error)]), or impl std::fmt::Display and "
        "std::error::Error for it";
    return f;
}

}  // namespace

ErrorTypeCheck check_error_types(const Evidence& evidence, const Workspace& workspace) {
    ErrorTypeCheck out;
    const auto all = evidence.all(keys::rustdoc_json);
    if (all.empty()) {
        const auto selected = workspace.selected_packages();
        if (std::any_of(selected.begin(), selected.end(), [](const Package* p) { return p->has_library(); })) {
            out.problem = ToolProblem{GateStatus::error, "rustdoc's JSON output did not run", ""};
        }
        return out;  // no library: no public API, nothing to check
    }
    for (const auto& [package, probed] : all) {
        const auto* api = probed->get();
        if (api == nullptr) {
            const auto p = problem_of(*probed, "rustdoc's JSON output did not run");
            out.problem = ToolProblem{p.status, fmt::format("{}: {}", package, p.reason), p.fix};
            return out;
        }
        for (const auto& e : api->error_types) {
            ++out.checked;
            if (!e.implements_error || !e.implements_display) {
                out.findings.push_back(error_type_finding(e, workspace));
            }
        }
    }
    return out;
}

}  // namespace gc::gates
