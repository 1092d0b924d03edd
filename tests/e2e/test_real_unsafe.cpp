// Real crates with unsafe code, from Debian's registry (installed by scripts/setup.sh): the
// unsafe gate's inventory must equal what `cargo rustc --lib -- --force-warn unsafe_code`
// prints (also for crates with unsafe code in their unit tests, which is counted apart as
// `test_only`), and its findings what clippy itself reports for the same lints.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>
#include <vector>

#include "support.hpp"

using namespace e2e;

namespace {

// Per lint, the distinct (file, line, column) of clippy's own run on `targets` with only
// `lints` asked for.
std::map<std::string, long> raw_lint_counts(const Crate& crate, const std::vector<std::string>& lints,
                                            const std::vector<std::string>& targets, const std::string& dir,
                                            bool build_scripts = true) {
    std::vector<std::string> argv{"cargo", "clippy"};
    argv.insert(argv.end(), targets.begin(), targets.end());
    argv.insert(argv.end(), {"--keep-going", "--message-format=json", "--"});
    for (const auto& l : lints) {
        argv.insert(argv.end(), {"-W", l});
    }
    const auto out = run_program(argv, crate.dir, {{"CARGO_TARGET_DIR", (crate.target_dir / dir).string()}});
    std::set<std::tuple<std::string, std::string, long, long>> distinct;
    std::istringstream lines(out.out);
    for (std::string line; std::getline(lines, line);) {
        const auto j = json::parse(line, nullptr, false);
        if (j.is_discarded() || j.value("reason", "") != "compiler-message" ||
            !j.at("message").at("code").is_object()) {
            continue;
        }
        const auto& kinds = j.at("target").at("kind");
        if (!build_scripts && std::find(kinds.begin(), kinds.end(), "custom-build") != kinds.end()) {
            continue;
        }
        const auto code = j.at("message").at("code").value("code", "");
        for (const auto& s : j.at("message").at("spans")) {
            if (s.value("is_primary", false)) {
                distinct.emplace(code, s.at("file_name"), s.at("line_start"), s.at("column_start"));
                break;
            }
        }
    }
    std::map<std::string, long> counts;
    for (const auto& l : lints) {
        counts[l] = 0;
    }
    for (const auto& [code, file, line, column] : distinct) {
        if (counts.count(code) != 0) {
            ++counts[code];
        }
    }
    return counts;
}

// Distinct diagnostics of those lints in clippy's own run on all targets, summed.
long raw_lint_findings(const Crate& crate, const std::vector<std::string>& lints) {
    long total = 0;
    for (const auto& [lint, count] : raw_lint_counts(crate, lints, {"--all-targets"}, "raw-clippy")) {
        total += count;
    }
    return total;
}

// The metric a lint gate counts a lint in: "clippy::must_use_candidate" -> "must_use_candidate".
std::string metric_name(const std::string& lint) {
    const auto colon = lint.rfind(':');
    return colon == std::string::npos ? lint : lint.substr(colon + 1);
}

// The unsafe_code places (file, line, column, rendered) of the libraries in a raw run.
using Place = std::tuple<std::string, long, long, std::string>;
std::set<Place> library_unsafe_places(const Crate& crate, const std::vector<std::string>& argv,
                                      const std::string& dir) {
    const auto out = run_program(argv, crate.dir, {{"CARGO_TARGET_DIR", (crate.target_dir / dir).string()}});
    std::set<Place> places;
    std::istringstream lines(out.out);
    for (std::string line; std::getline(lines, line);) {
        const auto j = json::parse(line, nullptr, false);
        if (j.is_discarded() || j.value("reason", "") != "compiler-message" ||
            !j.at("message").at("code").is_object() || j.at("message").at("code").value("code", "") != "unsafe_code") {
            continue;
        }
        const auto& kinds = j.at("target").at("kind");
        if (std::find(kinds.begin(), kinds.end(), "lib") == kinds.end()) {
            continue;
        }
        for (const auto& sp : j.at("message").at("spans")) {
            if (sp.value("is_primary", false)) {
                places.emplace(sp.at("file_name"), sp.at("line_start"), sp.at("column_start"),
                               j.at("message").at("rendered"));
                break;
            }
        }
    }
    return places;
}

// The raw test-only count: the libraries' unsafe_code places that `cargo clippy --all-targets`
// reports (lib and unit-test harness) and `cargo rustc --lib` does not.
long raw_test_only(const Crate& crate) {
    const auto all = library_unsafe_places(
        crate, {"cargo", "clippy", "--all-targets", "--message-format=json", "--", "--force-warn", "unsafe_code"},
        "raw-unsafe-all");
    const auto lib = library_unsafe_places(
        crate, {"cargo", "rustc", "--lib", "--message-format=json", "--", "--force-warn", "unsafe_code"}, "raw-unsafe");
    long only = 0;
    for (const auto& p : all) {
        only += lib.count(p) == 0 ? 1 : 0;
    }
    return only;
}

void compare_unsafe(const std::string& name, long expected_total, long expected_test_only = 0) {
    const auto registry = fs::path("/usr/share/cargo/registry") / name;
    REQUIRE(fs::is_directory(registry));  // scripts/setup.sh installs librust-*-dev
    const auto crate = copy_crate(registry, "real-unsafe-" + name);
    const auto r = gatecheck(crate, {"--gate", "unsafe"});
    INFO(name << "\n" << r.out << r.err);
    REQUIRE(r.report.is_object());
    const auto raw = raw_unsafe_total(crate);
    CHECK(raw == expected_total);  // measured by hand with the same command
    CHECK(metric(r.report, "unsafe", "total") == raw);
    double kinds = 0;
    for (const char* k :
         {"block", "fn", "trait", "impl", "no_mangle", "export_name", "extern_block", "global_asm", "other"}) {
        kinds += metric(r.report, "unsafe", k);
    }
    CHECK(kinds == raw);
    CHECK(raw_test_only(crate) == expected_test_only);  // measured by hand with the same commands
    CHECK(metric(r.report, "unsafe", "test_only") == expected_test_only);
    CHECK(metric(r.report, "unsafe", "findings") ==
          raw_lint_findings(crate, {"clippy::undocumented_unsafe_blocks", "clippy::missing_safety_doc",
                                    "clippy::multiple_unsafe_ops_per_block"}));
}

// Every lint gate, in one gatecheck run, counts each of its lints exactly as clippy alone
// does: all targets for most; for `errors`, production code only, which clippy alone sees
// when it checks the library and binaries without their tests (and without the build script,
// which runs at compile time, where a panic is how it fails the build).
void compare_lint_gates(const std::string& name) {
    const auto crate = copy_crate(fs::path("/usr/share/cargo/registry") / name, "real-lints-" + name);
    const auto r = gatecheck(crate, {"--gate", "must-use", "--gate", "thread-safety", "--gate", "unsafe", "--gate",
                                     "async", "--gate", "ffi", "--gate", "errors"});
    INFO(name << "\n" << r.out << r.err);
    REQUIRE(r.report.is_object());
    const std::vector<std::pair<std::string, std::vector<std::string>>> all_targets{
        {"must-use",
         {"clippy::must_use_candidate", "clippy::return_self_not_must_use", "clippy::double_must_use",
          "clippy::let_underscore_must_use"}},
        {"thread-safety",
         {"clippy::arc_with_non_send_sync", "clippy::non_send_fields_in_send_ty", "clippy::await_holding_lock",
          "clippy::await_holding_refcell_ref"}},
        {"unsafe",
         {"clippy::undocumented_unsafe_blocks", "clippy::missing_safety_doc", "clippy::multiple_unsafe_ops_per_block"}},
        {"async",
         {"clippy::large_futures", "clippy::unused_async", "clippy::async_yields_async", "clippy::future_not_send"}},
        {"ffi", {"improper_ctypes", "improper_ctypes_definitions", "clippy::not_unsafe_ptr_arg_deref"}},
    };
    std::vector<std::string> lints;
    for (const auto& [gate_id, gate_lints] : all_targets) {
        lints.insert(lints.end(), gate_lints.begin(), gate_lints.end());
    }
    const auto raw = raw_lint_counts(crate, lints, {"--all-targets"}, "raw-lints");
    for (const auto& [gate_id, gate_lints] : all_targets) {
        for (const auto& l : gate_lints) {
            INFO(gate_id << " " << l);
            CHECK(metric(r.report, gate_id, metric_name(l)) == raw.at(l));
        }
    }
    const std::vector<std::string> errors{"clippy::unwrap_used",
                                          "clippy::expect_used",
                                          "clippy::panic",
                                          "clippy::todo",
                                          "clippy::unimplemented",
                                          "clippy::missing_errors_doc",
                                          "clippy::missing_panics_doc"};
    const auto production = raw_lint_counts(crate, errors, {"--lib", "--bins"}, "raw-errors", false);
    for (const auto& l : errors) {
        INFO("errors " << l);
        CHECK(metric(r.report, "errors", metric_name(l)) == production.at(l));
    }
}

}  // namespace

// itoa's unsafe blocks sit in macros expanded for several integer types: rustc reports one
// place several times, and so does the inventory.
TEST_CASE("real crate itoa 1.0.1: the unsafe inventory equals the raw unsafe_code count") {
    compare_unsafe("itoa-1.0.1", 11);
}
TEST_CASE("real crate scopeguard 1.1.0: the unsafe inventory equals the raw unsafe_code count") {
    compare_unsafe("scopeguard-1.1.0", 3);
}
TEST_CASE("real crate serde 1.0.152: the unsafe inventory equals the raw unsafe_code count") {
    compare_unsafe("serde-1.0.152", 2);
}
// Its dev-dependency quote pulls proc-macro2 from the registry too: gatecheck must not pass an
// ambiguous `-p proc-macro2`.
TEST_CASE("real crate proc-macro2 1.0.47: the unsafe inventory equals the raw unsafe_code count") {
    compare_unsafe("proc-macro2-1.0.47", 4);
}

// Unsafe code in their unit tests (#[cfg(test)] in the library), which the library's own
// compile never sees: not in the inventory, counted apart (issue 23). once_cell's two are in
// src/imp_std.rs's tests (336:17, 347:9); spin's 13 in the tests of mutex/spin.rs, once.rs and
// rwlock.rs.
TEST_CASE("real crate once_cell 1.17.0: the unsafe inventory equals the raw --lib count, tests' unsafe apart") {
    compare_unsafe("once_cell-1.17.0", 32, 2);
}
TEST_CASE("real crate spin 0.9.5: the unsafe inventory equals the raw --lib count, tests' unsafe apart") {
    compare_unsafe("spin-0.9.5", 64, 13);
}

TEST_CASE("real crates: each lint gate counts each of its lints as clippy alone does") {
    for (const char* name : {"itoa-1.0.1", "scopeguard-1.1.0", "serde-1.0.152", "proc-macro2-1.0.47"}) {
        compare_lint_gates(name);
    }
}
