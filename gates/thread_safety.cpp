// thread-safety: clippy's lints on shared state across threads and awaits, and every manual
// `unsafe impl Send` / `unsafe impl Sync` with whether a `// SAFETY:` comment justifies it.
#include <fstream>
#include <regex>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "gates/common.hpp"
#include "gates/gates.hpp"
#include "probes/keys.hpp"
#include "probes/parsers.hpp"

namespace gc::gates {
namespace {

const std::vector<LintRequest>& clippy_lints() {
    static const std::vector<LintRequest> lints{{"clippy::arc_with_non_send_sync"},
                                                {"clippy::non_send_fields_in_send_ty"},
                                                {"clippy::await_holding_lock"},
                                                {"clippy::await_holding_refcell_ref"}};
    return lints;
}

// The lines of a source file; none when it cannot be read (then no comment justifies anything).
std::vector<std::string> read_lines(const std::filesystem::path& path) {
    std::vector<std::string> lines;
    std::ifstream in(path);
    for (std::string line; std::getline(in, line);) {
        lines.push_back(line);
    }
    return lines;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t\r");
    const auto e = s.find_last_not_of(" \t\r");
    return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// Whether the comment block right above line `line` (attributes and doc comments may sit in
// between, as clippy's undocumented_unsafe_blocks allows) holds a `SAFETY:` comment.
bool has_safety_comment(const std::vector<std::string>& lines, int line) {
    static const std::regex safety(R"(//.*\bSAFETY:)", std::regex::icase);
    for (int i = line - 2; i >= 0 && i < static_cast<int>(lines.size()); --i) {
        const auto text = trim(lines[static_cast<std::size_t>(i)]);
        if (text.rfind("//", 0) == 0) {
            if (std::regex_search(text, safety)) {
                return true;
            }
            continue;
        }
        if (text.rfind("#[", 0) == 0) {
            continue;
        }
        return false;  // code or a blank line ends the block
    }
    return false;
}

// "Send" or "Sync" when the unsafe_code diagnostic is a manual `unsafe impl Send/Sync for T`.
std::string send_sync_trait(const Diagnostic& d) {
    static const std::regex impl(R"(\bunsafe\s+impl\b[^{]*?(?:^|[\s:>])(Send|Sync)\s+for\s+([^{]+))");
    if (d.message.find("implementation of an `unsafe` trait") == std::string::npos) {
        return "";
    }
    std::smatch m;
    const std::string head = d.snippet.substr(0, d.snippet.find('{'));
    return std::regex_search(head, m, impl) ? m[1].str() + " for " + trim(m[2].str()) : "";
}

class ThreadSafetyGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{
            "thread-safety",
            "Development",
            {"Thread safety guaranteed for concurrent code"},
            "the shared cargo clippy run with clippy::arc_with_non_send_sync, non_send_fields_in_send_ty, "
            "await_holding_lock, await_holding_refcell_ref and --force-warn unsafe_code: those lints, and every "
            "manual `unsafe impl Send/Sync` with or without a `// SAFETY:` comment",
            {keys::clippy.family},
            {"max_findings (integer, 0): more distinct findings than this fail the gate"}};
        return info;
    }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        return {{"max_findings", SettingSpec::Type::integer, std::int64_t{0}, "distinct findings allowed"}};
    }
    [[nodiscard]] std::vector<LintRequest> lints() const override {
        auto all = clippy_lints();
        all.push_back({"unsafe_code", LintRequest::Level::force_warn});
        return all;
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        const auto view = own_lints(in.evidence, lints());
        const auto* ev = view.get();
        if (ev == nullptr) {
            return from_problem(std::move(r), problem_of(view, "cargo clippy did not run"));
        }
        CompileEvidence lints_only = *ev;
        lints_only.diagnostics.clear();
        std::vector<Finding> impls;
        long justified = 0;
        for (const auto& d : distinct(ev->diagnostics)) {
            if (normalize_lint_name(d.code) != "unsafe_code") {
                lints_only.diagnostics.push_back(d);
                continue;
            }
            const auto what = send_sync_trait(d);
            if (what.empty()) {
                continue;  // other unsafe code is the unsafe gate's
            }
            const bool ok = has_safety_comment(read_lines(in.workspace.root / d.file), d.line);
            justified += ok ? 1 : 0;
            Finding f = to_finding(d);
            f.rule = ok ? "unsafe-impl-justified" : "unsafe-impl-without-safety-comment";
            f.level = ok ? FindingLevel::note : FindingLevel::warning;
            f.message = fmt::format(
                "unsafe impl {}: {}", what,
                ok ? "justified by a `// SAFETY:` comment" : "no `// SAFETY:` comment says why this is sound");
            impls.push_back(std::move(f));
        }
        const auto total = static_cast<long>(impls.size());
        r = evaluate_lints(std::move(r), lints_only, clippy_lints(), in.settings.integer("max_findings"),
                           total == 0 ? "no thread-safety lint fired, no manual unsafe impl Send/Sync"
                                      : fmt::format("no thread-safety lint fired; {}, each with a `// SAFETY:` comment",
                                                    plural(total, "manual unsafe impl Send/Sync")),
                           std::move(impls));
        r.metrics.emplace_back("unsafe_send_sync_impls", static_cast<double>(total));
        r.metrics.emplace_back("unjustified_impls", static_cast<double>(total - justified));
        return r;
    }
};

}  // namespace

std::unique_ptr<Gate> make_thread_safety_gate() {
    return std::make_unique<ThreadSafetyGate>();
}

}  // namespace gc::gates
