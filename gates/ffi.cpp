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

#include "evidence/keys.hpp"
#include "evidence/lints.hpp"
#include "gates/common.hpp"
#include "gates/diagnostic_findings.hpp"
#include "gates/gate.hpp"
#include "gates/lint_gate.hpp"

namespace gc::gates {
namespace {

// The functions an extern block's source declares: `fn name` in the block's text.
long functions_in(const std::string& block) {
    static const std::regex fn(R"(\bfn\s+[A-Za-z_]\w*)");
    return std::distance(std::sregex_iterator(block.begin(), block.end(), fn), std::sregex_iterator());
}

// The boundary's inventory (extern blocks with their functions, items exported by symbol name)
// as notes; other unsafe code is the unsafe gate's; the FFI-safety lints count as they are.
LintReading boundary(const GateInput& /*in*/, const CompileEvidence& own) {
    LintReading reading{own, {}, {}, "", std::nullopt};
    reading.counted.diagnostics.clear();
    long blocks = 0;
    long functions = 0;
    long no_mangle = 0;
    long export_name = 0;
    for (const auto& d : distinct(own.diagnostics)) {
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
            reading.extra.push_back(std::move(f));
        } else if (code == "unsafe_code") {
            const bool mangle = d.message.find("`no_mangle`") != std::string::npos;
            const bool exported = d.message.find("`export_name`") != std::string::npos;
            if (!mangle && !exported) {
                continue;
            }
            (mangle ? no_mangle : export_name) += 1;
            Finding f = to_finding(d);
            f.rule = mangle ? "no-mangle" : "export-name";
            f.level = FindingLevel::note;
            reading.extra.push_back(std::move(f));
        } else {
            reading.counted.diagnostics.push_back(d);
        }
    }
    const bool any = blocks + no_mangle + export_name > 0;
    reading.clean =
        any ? fmt::format("{} ({}), {} exported by symbol name; no FFI-safety finding", plural(blocks, "extern block"),
                          plural(functions, "function"), plural(no_mangle + export_name, "item"))
            : "no FFI boundary";
    reading.metrics = {{"extern_blocks", static_cast<double>(blocks)},
                       {"extern_functions", static_cast<double>(functions)},
                       {"no_mangle", static_cast<double>(no_mangle)},
                       {"export_name", static_cast<double>(export_name)}};
    return reading;
}

}  // namespace

std::unique_ptr<Gate> make_ffi_gate() {
    return make_lint_gate({
        .info = {"ffi",
                 "Security",
                 {"FFI boundaries properly secured"},
                 "the shared cargo clippy run with --force-warn missing_unsafe_on_extern and unsafe_code (extern "
                 "blocks, #[no_mangle] / #[export_name] items) and improper_ctypes, improper_ctypes_definitions, "
                 "clippy::not_unsafe_ptr_arg_deref",
                 {keys::clippy.family}},
        .counted = {{"improper_ctypes"}, {"improper_ctypes_definitions"}, {"clippy::not_unsafe_ptr_arg_deref"}},
        .readonly = {{"missing_unsafe_on_extern", LintRequest::Level::force_warn},
                     {"unsafe_code", LintRequest::Level::force_warn}},
        .read = boundary,
    });
}

}  // namespace gc::gates
