// ffi: the crate's FFI boundary (extern blocks and their functions, #[no_mangle] and
// #[export_name] items) and rustc's and clippy's lints on what crosses it. Edition-2021
// `extern "C" {}` blocks are found through `--force-warn missing_unsafe_on_extern` (one
// message per block that is not `unsafe extern`); edition-2024 `unsafe extern` blocks and
// the exported items through `--force-warn unsafe_code`.
#include <regex>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <iterator>

#include <fmt/format.h>

#include "gates/common.hpp"
#include "gates/gates.hpp"
#include "probes/keys.hpp"
#include "probes/parsers.hpp"

namespace gc::gates {
namespace {

const std::vector<LintRequest>& finding_lints() {
    static const std::vector<LintRequest> lints{
        {"improper_ctypes"}, {"improper_ctypes_definitions"}, {"clippy::not_unsafe_ptr_arg_deref"}};
    return lints;
}

// The functions an extern block's source declares: `fn name` in the block's text.
long functions_in(const std::string& block) {
    static const std::regex fn(R"(\bfn\s+[A-Za-z_]\w*)");
    return std::distance(std::sregex_iterator(block.begin(), block.end(), fn), std::sregex_iterator());
}

class FfiGate final : public Gate {
public:
    [[nodiscard]] const GateInfo& info() const override {
        static const GateInfo info{
            "ffi",
            "Security",
            {"FFI boundaries properly secured"},
            "the shared cargo clippy run with --force-warn missing_unsafe_on_extern and unsafe_code (extern blocks, "
            "#[no_mangle] / #[export_name] items) and improper_ctypes, improper_ctypes_definitions, "
            "clippy::not_unsafe_ptr_arg_deref",
            {keys::clippy.family},
            {"max_findings (integer, 0): more distinct findings than this fail the gate"}};
        return info;
    }
    [[nodiscard]] std::vector<SettingSpec> settings() const override {
        return {{"max_findings", SettingSpec::Type::integer, std::int64_t{0}, "distinct findings allowed"}};
    }
    [[nodiscard]] std::vector<LintRequest> lints() const override {
        auto all = finding_lints();
        all.push_back({"missing_unsafe_on_extern", LintRequest::Level::force_warn});
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
        long blocks = 0;
        long functions = 0;
        long no_mangle = 0;
        long export_name = 0;
        std::vector<Finding> inventory;
        CompileEvidence lints_only = *ev;
        lints_only.diagnostics.clear();
        for (const auto& d : distinct(ev->diagnostics)) {
            const auto code = normalize_lint_name(d.code);
            const bool block = code == "missing_unsafe_on_extern" ||
                               (code == "unsafe_code" && d.message.find("`unsafe extern` block") != std::string::npos);
            if (block) {
                ++blocks;
                const auto fns = functions_in(d.snippet);
                functions += fns;
                Finding f = to_finding(d);
                f.rule = "extern-block";
                f.level = FindingLevel::note;
                f.message = fmt::format("extern block with {}", plural(fns, "function"));
                inventory.push_back(std::move(f));
            } else if (code == "unsafe_code") {
                const bool mangle = d.message.find("`no_mangle`") != std::string::npos;
                const bool exported = d.message.find("`export_name`") != std::string::npos;
                if (!mangle && !exported) {
                    continue;  // other unsafe code is the unsafe gate's
                }
                (mangle ? no_mangle : export_name) += 1;
                Finding f = to_finding(d);
                f.rule = mangle ? "no-mangle" : "export-name";
                f.level = FindingLevel::note;
                inventory.push_back(std::move(f));
            } else {
                lints_only.diagnostics.push_back(d);
            }
        }
        const bool boundary = blocks + no_mangle + export_name > 0;
        const std::string clean = boundary ? fmt::format("{} ({}), {} exported by symbol name; no FFI-safety finding",
                                                         plural(blocks, "extern block"), plural(functions, "function"),
                                                         plural(no_mangle + export_name, "item"))
                                           : "no FFI boundary";
        r = evaluate_lints(std::move(r), lints_only, finding_lints(), in.settings.integer("max_findings"), clean,
                           std::move(inventory));
        r.metrics.emplace_back("extern_blocks", static_cast<double>(blocks));
        r.metrics.emplace_back("extern_functions", static_cast<double>(functions));
        r.metrics.emplace_back("no_mangle", static_cast<double>(no_mangle));
        r.metrics.emplace_back("export_name", static_cast<double>(export_name));
        return r;
    }
};

}  // namespace

std::unique_ptr<Gate> make_ffi_gate() {
    return std::make_unique<FfiGate>();
}

}  // namespace gc::gates
