// unsafe: the inventory of the library's unsafe code (`--force-warn unsafe_code` in the shared
// clippy run), and clippy's lints on unsafe code that is not documented.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "evidence/keys.hpp"
#include "gates/common.hpp"
#include "gates/gate.hpp"
#include "gates/lint_gate.hpp"

namespace gc::gates {
namespace {

// The kinds of rustc's unsafe_code messages ("usage of an `unsafe` block", "declaration of a
// `no_mangle` function", ...), in the order the metrics list them.
const std::vector<std::string>& kinds() {
    static const std::vector<std::string> all{"block",       "fn",           "trait",      "impl", "no_mangle",
                                              "export_name", "extern_block", "global_asm", "other"};
    return all;
}

std::string kind_of(const std::string& message) {
    const auto has = [&](const char* s) { return message.find(s) != std::string::npos; };
    if (has("`unsafe extern` block")) {
        return "extern_block";
    }
    if (has("`unsafe` block")) {
        return "block";
    }
    if (has("declaration of an `unsafe` trait")) {
        return "trait";
    }
    if (has("implementation of an `unsafe` trait")) {
        return "impl";
    }
    if (has("`unsafe` function") || has("`unsafe` method")) {
        return "fn";
    }
    if (has("`no_mangle`")) {
        return "no_mangle";
    }
    if (has("`export_name`")) {
        return "export_name";
    }
    if (has("global_asm")) {
        return "global_asm";
    }
    return "other";
}

bool library_kind(const std::string& kind) {
    return kind == "lib" || kind == "rlib" || kind == "dylib" || kind == "cdylib" || kind == "staticlib" ||
           kind == "proc-macro";
}

// The library roots (of the selected packages) that say `#![forbid(unsafe_code)]`.
std::vector<std::string> forbidding_roots(const RustSources& sources) {
    std::vector<std::string> out;
    for (const auto& p : sources.packages) {
        out.insert(out.end(), p.forbid_unsafe_roots.begin(), p.forbid_unsafe_roots.end());
    }
    return out;
}

bool has_library(const Workspace& ws) {
    for (const auto* pkg : ws.selected_packages()) {
        for (const auto& t : pkg->targets) {
            if (t.is_library()) {
                return true;
            }
        }
    }
    return false;
}

// The rendered text's hash tells expansions of one macro apart (the text itself is not kept
// past the first diagnostics of a lint: probes/parsers.hpp).
using Place = std::tuple<std::string, std::string, int, int, std::uint64_t>;

Place place_of(const Diagnostic& d) {
    return {d.package, d.file, d.line, d.column, d.rendered_hash};
}

bool library_unsafe_code(const Diagnostic& d) {
    return normalize_lint_name(d.code) == "unsafe_code" && library_kind(d.target_kind);
}

// The inventory is the code that ships: every unsafe_code message of the library's own
// compile (the clippy probe's `--lib` run, clippy-lib), as `cargo rustc --lib -- --force-warn
// unsafe_code` counts them (one place inside a macro expanded several times is several
// messages, their rendered text naming the expansion). The shared run compiles the library
// twice, as lib and as its unit-test harness, under one target name: what only the harness
// says (unsafe code under `#[cfg(test)]`) is `test_only`. The clippy lints count as they are.
LintReading inventory(const GateInput& in, const CompileEvidence& own) {
    LintReading reading{own, {}, {}, "", std::nullopt};
    reading.counted.diagnostics.clear();
    std::set<Place> shared;
    for (const auto& d : own.diagnostics) {
        if (normalize_lint_name(d.code) != "unsafe_code") {
            reading.counted.diagnostics.push_back(d);
        } else if (library_kind(d.target_kind)) {
            shared.insert(place_of(d));
        }
    }
    const auto& lib_run = in.evidence.get(keys::clippy_lib);
    const auto* lib = lib_run.get();
    if (lib == nullptr) {
        reading.problem = problem_of(lib_run, "the library's own clippy run (--lib) did not run");
        return reading;
    }
    const auto& probed = in.evidence.get(keys::rust_sources);
    if (probed.get() == nullptr) {
        reading.problem = problem_of(probed, "the crate's sources were not read");
        return reading;
    }
    std::set<Place> shipped;
    std::map<std::string, long> per_kind;
    long total = 0;
    for (const auto& d : lib->diagnostics) {
        if (library_unsafe_code(d)) {
            shipped.insert(place_of(d));
            ++per_kind[kind_of(d.message)];
            ++total;
        }
    }
    // Without a library in the scope nothing was split: no test-only count either.
    long test_only = 0;
    if (!lib->args.empty()) {
        for (const auto& p : shared) {
            test_only += shipped.count(p) == 0 ? 1 : 0;
        }
    }
    const auto forbids = forbidding_roots(*probed.get());
    const auto in_tests = test_only == 0 ? std::string()
                                         : fmt::format("; {} only in its unit tests (test_only, not in the total)",
                                                       plural(test_only, "unsafe item"));
    if (total == 0 && !forbids.empty()) {
        reading.clean = fmt::format("no unsafe code: #![forbid(unsafe_code)] in {}", fmt::join(forbids, ", "));
    } else if (total == 0) {
        reading.clean = has_library(in.workspace) ? "no unsafe code in the library (unsafe_code is not forbidden)"
                                                  : "no library, so no unsafe code to inventory";
    } else {
        reading.clean = fmt::format("{} in the library, each documented", plural(total, "unsafe item"));
    }
    reading.clean += in_tests;
    reading.metrics.emplace_back("total", static_cast<double>(total));
    for (const auto& k : kinds()) {
        reading.metrics.emplace_back(k, static_cast<double>(per_kind[k]));
    }
    reading.metrics.emplace_back("test_only", static_cast<double>(test_only));
    reading.metrics.emplace_back("forbid_unsafe_code", forbids.empty() ? 0.0 : 1.0);
    return reading;
}

}  // namespace

std::unique_ptr<Gate> make_unsafe_gate() {
    return make_lint_gate({
        .info = {"unsafe",
                 "Development",
                 {"Memory safety verified (no unsafe without justification)",
                  "No unsafe code without proper documentation"},
                 "the shared cargo clippy run with --force-warn unsafe_code (the library's unsafe code, counted like "
                 "`cargo rustc --lib -- --force-warn unsafe_code`) and clippy::undocumented_unsafe_blocks, "
                 "missing_safety_doc, multiple_unsafe_ops_per_block",
                 {keys::clippy.family, keys::clippy_lib.family, keys::rust_sources.family}},
        .counted = {{"clippy::undocumented_unsafe_blocks"},
                    {"clippy::missing_safety_doc"},
                    {"clippy::multiple_unsafe_ops_per_block"}},
        .readonly = {{"unsafe_code", LintRequest::Level::force_warn}},
        .read = inventory,
    });
}

}  // namespace gc::gates
