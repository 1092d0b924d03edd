#include "gates/doc_items.hpp"

#include <fmt/format.h>

namespace gc::gates {
namespace {

Finding item_finding(const char* rule, const ApiItem& item, const std::string& what, const Workspace& workspace) {
    return Finding{rule,
                   FindingLevel::warning,
                   fmt::format("`{}` ({}) {}", item.path, item.kind, what),
                   item.file.empty() ? "" : workspace.relative(item.file),
                   item.line > 0 ? std::optional<int>(item.line) : std::nullopt,
                   item.column > 0 ? std::optional<int>(item.column) : std::nullopt};
}

Finding more_note(const char* rule, std::size_t more, const std::string& what) {
    return Finding{rule,
                   FindingLevel::note,
                   fmt::format("... and {} more {} (only the first {} are listed)", more, what, kMaxItemFindings),
                   "",
                   std::nullopt,
                   std::nullopt};
}

// What the lists count, in rustdoc's terms, to compare with --show-coverage.
DocCounts counts_of(const RustdocApi& api) {
    DocCounts c;
    for (const auto& item : api.items) {
        c.total += item.counts_docs ? 1 : 0;
        c.with_docs += item.documented ? 1 : 0;
        c.total_examples += item.needs_example || item.has_example ? 1 : 0;
        c.with_examples += item.has_example ? 1 : 0;
    }
    return c;
}

}  // namespace

std::vector<Finding> doc_item_findings(const RustdocApi& api, const DocCounts* coverage, const Workspace& workspace) {
    std::vector<Finding> undocumented;
    std::vector<Finding> no_example;
    std::size_t more_docs = 0;
    std::size_t more_examples = 0;
    for (const auto& item : api.items) {
        if (item.counts_docs && !item.documented) {
            if (undocumented.size() < kMaxItemFindings) {
                undocumented.push_back(item_finding("missing_docs", item, "has no documentation", workspace));
            } else {
                ++more_docs;
            }
        }
        if (item.needs_example && !item.has_example) {
            if (no_example.size() < kMaxItemFindings) {
                no_example.push_back(item_finding("rustdoc::missing_doc_code_examples", item,
                                                  "has no example (no Rust code block in its docs)", workspace));
            } else {
                ++more_examples;
            }
        }
    }
    if (more_docs > 0) {
        undocumented.push_back(more_note("missing_docs", more_docs, "public items without documentation"));
    }
    if (more_examples > 0) {
        no_example.push_back(
            more_note("rustdoc::missing_doc_code_examples", more_examples, "items without an example"));
    }
    undocumented.insert(undocumented.end(), no_example.begin(), no_example.end());
    if (coverage != nullptr) {
        const auto lists = counts_of(api);
        if (lists.total != coverage->total || lists.with_docs != coverage->with_docs ||
            lists.total_examples != coverage->total_examples || lists.with_examples != coverage->with_examples) {
            undocumented.push_back(Finding{
                "gatecheck::doc_lists", FindingLevel::note,
                fmt::format("{}: the per-item lists count {}/{} documented and {}/{} with examples, rustdoc "
                            "--show-coverage {}/{} and {}/{} (the percentages are rustdoc's)",
                            api.crate_name, lists.with_docs, lists.total, lists.with_examples, lists.total_examples,
                            coverage->with_docs, coverage->total, coverage->with_examples, coverage->total_examples),
                "", std::nullopt, std::nullopt});
        }
    }
    return undocumented;
}

}  // namespace gc::gates
