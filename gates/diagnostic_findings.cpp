#include "gates/diagnostic_findings.hpp"

#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_set>

#include <fmt/format.h>

#include "gates/common.hpp"
#include "report/finding_cap.hpp"

namespace gc::gates {

std::vector<Finding> compiler_findings(const std::vector<Diagnostic>& diagnostics, long& errors, long& warnings,
                                       std::map<std::string, std::int64_t>* omitted) {
    // Distinct by place and text, counted without copying: a flood of warnings costs a hash
    // each, and only the findings a report keeps are built.
    std::unordered_set<std::size_t> seen;
    std::vector<const Diagnostic*> kept;
    for (const auto& d : diagnostics) {
        if (d.level != "error" && d.level != "warning") {
            continue;
        }
        const std::size_t key = std::hash<std::string>{}(
            fmt::format("{}\x1f{}\x1f{}\x1f{}\x1f{}\x1f{}", d.level, d.code, d.file, d.line, d.column, d.message));
        if (seen.insert(key).second) {
            ++(d.level == "error" ? errors : warnings);
            kept.push_back(&d);
        }
    }
    // Errors first (they are why the gate fails), then in source order.
    std::stable_sort(kept.begin(), kept.end(), [](const Diagnostic* a, const Diagnostic* b) {
        return std::tuple(a->level != "error", a->file, a->line, a->column) <
               std::tuple(b->level != "error", b->file, b->line, b->column);
    });
    std::vector<Finding> out;
    std::map<std::string, std::size_t> per_rule;
    for (const auto* d : kept) {
        auto f = to_finding(*d);
        if (omitted != nullptr && ++per_rule[f.rule] > kMaxFindingsPerRule) {
            ++(*omitted)[f.rule];
            continue;
        }
        out.push_back(std::move(f));
    }
    return out;
}

Finding to_finding(const Diagnostic& d) {
    Finding f;
    f.rule = d.code.empty() ? d.level : d.code;
    // rustc also says "error: internal compiler error", "help", "failure-note".
    f.level = d.level.rfind("error", 0) == 0     ? FindingLevel::error
              : d.level.rfind("warning", 0) == 0 ? FindingLevel::warning
                                                 : FindingLevel::note;
    f.message = d.message;
    f.file = d.file;
    f.snippet = d.snippet;
    if (d.line > 0) {
        f.line = d.line;
        f.column = d.column;
    }
    return f;
}

namespace {

// The bench and example targets that do not compile, quoted ("bench:parse"), when they are
// the only ones; empty otherwise.
std::vector<std::string> scope_targets(const std::vector<Diagnostic>& diagnostics) {
    std::vector<std::string> targets;
    for (const auto& d : diagnostics) {
        if (d.level != "error") {
            continue;
        }
        if (d.target_kind != "bench" && d.target_kind != "example") {
            return {};
        }
        auto name = fmt::format("\"{}:{}\"", d.target_kind, d.target_name);
        if (std::find(targets.begin(), targets.end(), name) == targets.end()) {
            targets.push_back(std::move(name));
        }
    }
    return targets;
}

}  // namespace

std::optional<Finding> scope_hint(const std::vector<Diagnostic>& diagnostics) {
    const auto targets = scope_targets(diagnostics);
    if (targets.empty()) {
        return std::nullopt;
    }
    return Finding{"gatecheck::scope",
                   FindingLevel::note,
                   fmt::format("only bench or example targets fail to compile; the library, binaries and tests build. "
                               "To check the others without them, leave them out: exclude_targets = [{}] in "
                               "gatecheck.toml (the benchmark gates then leave them out too; a target that needs "
                               "nightly through `#![feature(...)]` in its root file is left out of the stable builds "
                               "without it)",
                               fmt::join(targets, ", ")),
                   "",
                   std::nullopt,
                   std::nullopt};
}

void add_scope_hint(GateResult& result, const std::vector<Diagnostic>& diagnostics) {
    auto hint = scope_hint(diagnostics);
    if (!hint) {
        return;
    }
    if (result.fix.empty()) {
        // Whole, because the human report shows the note only with -v.
        result.fix = fmt::format(
            "exclude_targets = [{}] in gatecheck.toml leaves out the bench and example targets that do not compile "
            "(if they need nightly), so the rest is checked",
            fmt::join(scope_targets(diagnostics), ", "));
    }
    result.findings.insert(result.findings.begin(), std::move(*hint));
}

std::string lint_metric(const std::string& lint) {
    const auto name = normalize_lint_name(lint);
    return name.rfind("clippy::", 0) == 0 ? name.substr(8) : name;
}

GateResult evaluate_lints(GateResult result, const CompileEvidence& ev, const std::vector<LintRequest>& counted,
                          std::int64_t max_findings, const std::string& clean, std::vector<Finding> extra) {
    long errors = 0;
    long warnings = 0;
    result.findings = compiler_findings(ev.diagnostics, errors, warnings, &result.omitted);
    std::map<std::string, long> per_lint;
    for (const auto& r : counted) {
        per_lint[lint_metric(r.name)] = 0;
    }
    std::set<std::string> error_rules;
    for (const auto& f : result.findings) {
        if (f.level != FindingLevel::error) {
            ++per_lint[lint_metric(f.rule)];
        } else {
            error_rules.insert(f.rule);
        }
    }
    // Findings past the per-rule cap still count: a lint is reported at one level throughout,
    // so its omitted ones share its kept ones' level.
    for (const auto& [rule, n] : result.omitted) {
        if (error_rules.count(rule) == 0) {
            per_lint[lint_metric(rule)] += static_cast<long>(n);
        }
    }
    for (const auto& r : counted) {
        const auto name = lint_metric(r.name);
        result.metrics.emplace_back(name, static_cast<double>(per_lint[name]));
    }
    for (auto& f : extra) {
        warnings += f.level == FindingLevel::warning ? 1 : 0;
        result.findings.push_back(std::move(f));
    }
    std::stable_sort(result.findings.begin(), result.findings.end(), [](const Finding& a, const Finding& b) {
        return std::tuple(a.level != FindingLevel::error, a.file, a.line.value_or(0), a.column.value_or(0)) <
               std::tuple(b.level != FindingLevel::error, b.file, b.line.value_or(0), b.column.value_or(0));
    });
    result.metrics.emplace_back("findings", static_cast<double>(warnings));
    result.metrics.emplace_back("errors", static_cast<double>(errors));
    result.metrics.emplace_back("max_findings", static_cast<double>(max_findings));
    if (errors > 0 || !ev.success) {
        result.status = GateStatus::fail;
        result.summary = fmt::format("does not compile: {}", plural(errors, "error"));
    } else if (warnings > max_findings) {
        result.status = GateStatus::fail;
        result.summary = fmt::format("{} (at most {} allowed)", plural(warnings, "finding"), max_findings);
    } else if (warnings > 0) {
        result.status = GateStatus::warn;
        result.summary = fmt::format("{} (at most {} allowed)", plural(warnings, "finding"), max_findings);
    } else {
        result.summary = clean;
    }
    return result;
}

}  // namespace gc::gates
