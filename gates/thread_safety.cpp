// thread-safety: clippy's lints on shared state across threads and awaits, and every manual
// `unsafe impl Send` / `unsafe impl Sync` with whether a `// SAFETY:` comment justifies it.
#include <regex>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "core/text.hpp"
#include "evidence/keys.hpp"
#include "evidence/lints.hpp"
#include "gates/common.hpp"
#include "gates/diagnostic_findings.hpp"
#include "gates/gate.hpp"
#include "gates/lint_gate.hpp"

namespace gc::gates {
namespace {

// "Send" or "Sync" when the unsafe_code diagnostic is a manual `unsafe impl Send/Sync for T`.
std::string send_sync_trait(const Diagnostic& d) {
    static const std::regex impl(R"(\bunsafe\s+impl\b[^{]*?(?:^|[\s:>])(Send|Sync)\s+for\s+([^{]+))");
    if (d.message.find("implementation of an `unsafe` trait") == std::string::npos) {
        return "";
    }
    std::smatch m;
    const std::string head = d.snippet.substr(0, d.snippet.find('{'));
    return std::regex_search(head, m, impl) ? m[1].str() + " for " + std::string(trim(m[2].str())) : "";
}

// The clippy lints count as they are; of the unsafe_code messages only the manual `unsafe impl
// Send/Sync` are this gate's (the rest are the unsafe gate's), each a note when a `// SAFETY:`
// comment justifies it and a warning when none does.
LintReading send_sync_impls(const GateInput& in, const CompileEvidence& own) {
    LintReading reading{own, {}, {}, "", std::nullopt};
    reading.counted.diagnostics.clear();
    const auto& probed = in.evidence.get(keys::rust_sources);
    const auto* sources = probed.get();
    if (sources == nullptr) {
        reading.problem = problem_of(probed, "the crate's sources were not read");
        return reading;
    }
    long justified = 0;
    for (const auto& d : distinct(own.diagnostics)) {
        if (normalize_lint_name(d.code) != "unsafe_code") {
            reading.counted.diagnostics.push_back(d);
            continue;
        }
        const auto what = send_sync_trait(d);
        if (what.empty()) {
            continue;
        }
        // A file the walk did not read (generated, outside the packages) has no comment to show.
        const auto* file = sources->find(in.workspace.relative(d.file));
        const bool ok = file != nullptr && file->safety_comment_above(d.line);
        justified += ok ? 1 : 0;
        Finding f = to_finding(d);
        f.rule = ok ? "unsafe-impl-justified" : "unsafe-impl-without-safety-comment";
        f.level = ok ? FindingLevel::note : FindingLevel::warning;
        f.message =
            fmt::format("unsafe impl {}: {}", what,
                        ok ? "justified by a `// SAFETY:` comment" : "no `// SAFETY:` comment says why this is sound");
        reading.extra.push_back(std::move(f));
    }
    const auto total = static_cast<long>(reading.extra.size());
    reading.clean = total == 0 ? "no thread-safety lint fired, no manual unsafe impl Send/Sync"
                               : fmt::format("no thread-safety lint fired; {}, each with a `// SAFETY:` comment",
                                             plural(total, "manual unsafe impl Send/Sync"));
    reading.metrics = {{"unsafe_send_sync_impls", static_cast<double>(total)},
                       {"unjustified_impls", static_cast<double>(total - justified)}};
    return reading;
}

}  // namespace

std::unique_ptr<Gate> make_thread_safety_gate() {
    return make_lint_gate({
        .info = {"thread-safety",
                 "Development",
                 {"Thread safety guaranteed for concurrent code"},
                 "the shared cargo clippy run with clippy::arc_with_non_send_sync, non_send_fields_in_send_ty, "
                 "await_holding_lock, await_holding_refcell_ref and --force-warn unsafe_code: those lints, and every "
                 "manual `unsafe impl Send/Sync` with or without a `// SAFETY:` comment",
                 {keys::clippy.family, keys::rust_sources.family}},
        .counted = {{"clippy::arc_with_non_send_sync"},
                    {"clippy::non_send_fields_in_send_ty"},
                    {"clippy::await_holding_lock"},
                    {"clippy::await_holding_refcell_ref"}},
        .readonly = {{"unsafe_code", LintRequest::Level::force_warn}},
        .read = send_sync_impls,
    });
}

}  // namespace gc::gates
