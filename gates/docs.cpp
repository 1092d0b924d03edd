// docs: rustdoc's own coverage counts of the public API, documented and with examples.
#include <algorithm>

#include <fmt/format.h>

#include "evidence/keys.hpp"
#include "gates/common.hpp"
#include "gates/doc_items.hpp"
#include "gates/gate.hpp"

namespace gc::gates {
namespace {

class DocsGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{
            "docs",
            "Development",
            {"All public APIs have documentation with examples"},
            "rustdoc --show-coverage (stable, RUSTC_BOOTSTRAP=1): % of public items documented and with examples; "
            "rustdoc's JSON: which items lack docs or an example, by path and file:line",
            {keys::doc_coverage.family, keys::rustdoc_json.family}};
        return info;
    }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        return {{"min_documented", SettingSpec::Type::percent, 100.0, "least % of public items with docs"},
                {"min_examples", SettingSpec::Type::percent, 100.0, "least % of documentable items with an example"}};
    }
    [[nodiscard]] GateResult evaluate(const GateInput& in) const override {
        GateResult r = start(info(), in.settings);
        const auto coverage = in.evidence.all(keys::doc_coverage);
        if (coverage.empty()) {
            const auto selected = in.workspace.selected_packages();
            if (std::any_of(selected.begin(), selected.end(), [](const Package* p) { return p->has_library(); })) {
                return from_problem(std::move(r), ToolProblem{GateStatus::error, "rustdoc did not run", ""});
            }
            r.status = GateStatus::skip;
            r.summary = "no library target: no public API to document";
            return r;
        }
        DocCounts sum;
        std::vector<std::string> broken;
        for (const auto& [package, probed] : coverage) {
            if (const auto* p = probed->problem()) {
                return from_problem(std::move(r),
                                    ToolProblem{p->status, fmt::format("{}: {}", package, p->reason), p->fix});
            }
            const auto* cov = probed->get();
            if (cov == nullptr) {
                return from_problem(std::move(r),
                                    ToolProblem{GateStatus::error, "rustdoc did not run for " + package, ""});
            }
            if (!cov->compile_error.empty()) {
                broken.push_back(package);
                r.findings.push_back(
                    Finding{"docs::compile", FindingLevel::error, cov->compile_error, "", std::nullopt, std::nullopt});
                continue;
            }
            // Per item from rustdoc's JSON when it ran; per file (rustdoc's counts) otherwise.
            const auto& json = in.evidence.get(keys::rustdoc_json, package);
            const auto* api = json.get();
            const bool per_item = api != nullptr && api->compile_error.empty();
            DocCounts package_sum;
            for (const auto& [file, c] : cov->files) {
                package_sum.total += c.total;
                package_sum.with_docs += c.with_docs;
                package_sum.total_examples += c.total_examples;
                package_sum.with_examples += c.with_examples;
                sum.total += c.total;
                sum.with_docs += c.with_docs;
                sum.total_examples += c.total_examples;
                sum.with_examples += c.with_examples;
                const std::string rel = in.workspace.relative(file);
                if (per_item) {
                    continue;
                }
                if (c.with_docs < c.total) {
                    r.findings.push_back(Finding{"docs::missing-docs", FindingLevel::warning,
                                                 fmt::format("{} of {} public items have no documentation "
                                                             "(list them: cargo clippy -- -W missing_docs)",
                                                             c.total - c.with_docs, c.total),
                                                 rel, std::nullopt, std::nullopt});
                }
                if (c.with_examples < c.total_examples) {
                    r.findings.push_back(Finding{"docs::missing-examples", FindingLevel::warning,
                                                 fmt::format("{} of {} documentable items have no example",
                                                             c.total_examples - c.with_examples, c.total_examples),
                                                 rel, std::nullopt, std::nullopt});
                }
            }
            if (per_item) {
                auto items = doc_item_findings(*api, &package_sum, in.workspace);
                r.findings.insert(r.findings.end(), items.begin(), items.end());
            } else if (const auto* p = json.problem()) {
                r.findings.push_back(
                    Finding{"gatecheck::doc_lists", FindingLevel::note,
                            fmt::format("{}: no per-item lists, rustdoc's JSON failed: {}", package, p->reason), "",
                            std::nullopt, std::nullopt});
            }
        }
        if (!broken.empty()) {
            r.status = GateStatus::fail;
            r.summary = "rustdoc cannot document the crate: it does not compile";
            return r;
        }
        // No items at all: nothing is undocumented.
        const double documented_pct =
            sum.total == 0 ? 100.0 : 100.0 * static_cast<double>(sum.with_docs) / static_cast<double>(sum.total);
        const double examples_pct = sum.total_examples == 0 ? 100.0
                                                            : 100.0 * static_cast<double>(sum.with_examples) /
                                                                  static_cast<double>(sum.total_examples);
        r.metrics = {{"items", sum.total},
                     {"documented", sum.with_docs},
                     {"example_items", sum.total_examples},
                     {"with_examples", sum.with_examples},
                     {"documented_pct", documented_pct},
                     {"examples_pct", examples_pct}};
        const double min_doc = in.settings.number("min_documented");
        const double min_ex = in.settings.number("min_examples");
        r.summary = fmt::format("{}% documented ({}/{}), {}% with examples ({}/{})", percent(documented_pct),
                                sum.with_docs, sum.total, percent(examples_pct), sum.with_examples, sum.total_examples);
        // Compare exact counts, not rounded percentages: 99.99% is not 100%.
        const bool doc_ok = static_cast<double>(sum.with_docs) * 100.0 >= min_doc * static_cast<double>(sum.total);
        const bool ex_ok =
            static_cast<double>(sum.with_examples) * 100.0 >= min_ex * static_cast<double>(sum.total_examples);
        if (!doc_ok || !ex_ok) {
            r.status = GateStatus::fail;
            r.summary += fmt::format(" (required: {}% / {}%)", percent(min_doc), percent(min_ex));
        } else if (sum.with_docs < sum.total || sum.with_examples < sum.total_examples) {
            r.status = GateStatus::warn;
        }
        return r;
    }
};

}  // namespace

std::unique_ptr<Gate> make_docs_gate() {
    return std::make_unique<DocsGate>();
}

}  // namespace gc::gates
