// The parse calls of the fuzz targets (tests/fuzz/fuzz_parsers.hpp).
#include "fuzz_parsers.hpp"

#include <sstream>
#include <utility>

#include "cargo/lockfile.hpp"
#include "cargo/workspace.hpp"
#include "probes/advisory_db.hpp"
#include "probes/bench_run.hpp"
#include "probes/coverage_report.hpp"
#include "probes/criterion_run.hpp"
#include "probes/dhat_report.hpp"
#include "probes/miri_report.hpp"
#include "probes/parsers.hpp"
#include "probes/perf_profile.hpp"
#include "probes/rustdoc_json.hpp"
#include "probes/sanitizer_report.hpp"
#include "probes/semver.hpp"
#include "probes/tsan_report.hpp"

namespace gc::fuzz {

namespace {

// Where the recorded outputs were made (tests/data/README.md): their paths are under it.
const std::filesystem::path kRoot = "/work/fixture";
const std::filesystem::path kTargetDir = "/work/fixture/target";

// What the process runner hands a line sink: each line without its '\n', and a last line
// without one.
template <class Fn>
void for_each_line(std::string_view text, Fn&& fn) {
    while (!text.empty()) {
        const auto newline = text.find('\n');
        fn(text.substr(0, newline));
        text.remove_prefix(newline == std::string_view::npos ? text.size() : newline + 1);
    }
}

std::pair<std::string_view, std::string_view> split_at_nul(std::string_view input) {
    const auto nul = input.find('\0');
    if (nul == std::string_view::npos) {
        return {input, {}};
    }
    return {input.substr(0, nul), input.substr(nul + 1)};
}

// The packages of the recorded cargo messages (tests/data/*/clippy.stdout, check.stdout...),
// all selected, so their diagnostics are parsed rather than skipped as another package's.
Workspace recorded_workspace() {
    Workspace ws;
    ws.root = kRoot;
    ws.target_dir = kTargetDir;
    const std::pair<const char*, const char*> packages[] = {{"gcfx-pedantic", ""},   {"gcfx-clean", ""},
                                                            {"gcfx-no-compile", ""}, {"gcfx-alpha", "alpha"},
                                                            {"gcfx-beta", "beta"},   {"gcfx-failing-unit", ""}};
    for (const auto& [name, dir] : packages) {
        Package p;
        p.name = name;
        const auto root = std::string(dir).empty() ? kRoot : kRoot / dir;
        p.id = "path+file://" + root.string() + "#" + name + "@0.1.0";
        p.version = "0.1.0";
        p.edition = "2021";
        p.manifest_path = root / "Cargo.toml";
        ws.selected.push_back(ws.members.size());
        ws.members.push_back(std::move(p));
    }
    return ws;
}

}  // namespace

void cargo_messages(std::string_view input) {
    static const Workspace ws = recorded_workspace();
    CargoMessageParser parser(ws);
    for_each_line(input, [&](std::string_view l) { parser.line(l); });
    (void)distinct(std::move(parser.result().diagnostics));
    (void)build_script_failures(input);
    (void)parse_cargo_metadata(input);
}

void libtest(std::string_view input) {
    LibtestParser parser;
    for_each_line(input, [&](std::string_view l) { parser.line(l); });
    const auto out = parser.finish();
    for (const auto& t : out.tests) {
        (void)panic_info(t.output);
        (void)panic_location(t.output);
        (void)doctest_location(t.name);
    }
}

void doc_coverage(std::string_view input) {
    (void)parse_doc_coverage(input);
}

void rustdoc_json(std::string_view input) {
    // As the probe reads target/doc/CRATE.json: a stream.
    std::istringstream in{std::string(input)};
    (void)parse_rustdoc_json(in);
}

void criterion(std::string_view input) {
    const auto [estimates, benchmark] = split_at_nul(input);
    (void)probes::parse_criterion_estimate(estimates, benchmark);
    (void)probes::parse_baseline_json(estimates);
    (void)probes::count_criterion_reports(input);
    for (const auto& id : parse_criterion_list(input)) {
        (void)exact_filter(id);
        (void)bench_slug("pkg", "bench", id);
    }
}

void bencher(std::string_view input) {
    (void)probes::parse_bench_lines(input);
    (void)parse_listed_ids(input, ": benchmark");
}

void dhat(std::string_view input) {
    constexpr int kCallers = 100;  // the probe's --num-callers
    (void)parse_dhat(input, kCallers);
    (void)parse_dhat_bencher_run(input, kCallers, {"legacy_squares", "legacy_sum"});
}

void perf_script(std::string_view input) {
    PerfScriptParser all;
    PerfScriptParser split({"legacy_squares", "legacy_sum", "alloc/sum"}, "prof_bench");
    for_each_line(input, [&](std::string_view l) {
        all.line(l);
        split.line(l);
    });
    (void)folded_text(all.finish());
    (void)split.finish_by_benchmark();
}

void asan(std::string_view input) {
    const auto tests = parse_test_list(input);
    for (const auto& r : parse_sanitizer_reports(input)) {
        (void)first_own_frame(r, kRoot, kTargetDir);
        (void)test_on_stack(r, tests);
    }
}

void tsan(std::string_view input) {
    for (const auto& r : parse_tsan_reports(input)) {
        (void)own_access_frame(r.frames, kRoot, kTargetDir);
        (void)own_access_frame(r.other_frames, kRoot, kTargetDir);
    }
}

void miri(std::string_view input) {
    const auto [out, err] = split_at_nul(input);
    const auto run = parse_miri_output(out, err);
    for (const auto& r : run.reports) {
        (void)first_own_location(r, kRoot.string());
    }
    (void)miri_missing(err);
}

void llvm_cov(std::string_view input) {
    const auto [summary, lcov] = split_at_nul(input);
    auto ev = parse_coverage_summary(summary, kRoot, kTargetDir);
    if (ev) {
        (void)add_lcov_lines(*ev, lcov, kRoot);
        for (const auto& f : ev->files) {
            (void)line_ranges(f.uncovered);
        }
    }
    (void)llvm_too_old(input);
}

void cargo_lock(std::string_view input) {
    if (const auto packages = parse_cargo_lock(input, "Cargo.lock")) {
        for (const auto& p : *packages) {
            (void)is_crates_io(p.source);
            (void)semver::parse_version(p.version);
        }
    }
}

void advisory(std::string_view input) {
    auto parsed = parse_advisory(input, "crates/x/RUSTSEC-0000-0000.md");
    if (!parsed) {
        return;
    }
    // Matched as the advisories gate does: against a lockfile's versions of its package.
    const std::string crates_io = "registry+https://github.com/rust-lang/crates.io-index";
    std::vector<LockedPackage> locked;
    for (const char* version : {"0.1.0", "1.0.0", "1.2.3-alpha.1", "99.0.0"}) {
        locked.push_back({parsed->package, version, crates_io, 1});
    }
    AdvisoryDb db;
    db.count = 1;
    db.by_package[parsed->package].push_back(std::move(*parsed));
    (void)audit_packages(db, locked, "Cargo.lock");
}

void gatecheck_toml(std::string_view input, const std::vector<GateSchema>& schemas) {
    // gatecheck.toml, and the same text as a Cargo.toml's metadata tables.
    for (const char* table : {"", "package.metadata.gatecheck", "workspace.metadata.gatecheck"}) {
        auto config = default_config(schemas);
        (void)apply_config_text(config, input, "gatecheck.toml", table, schemas);
    }
}

std::vector<Target> targets(std::vector<GateSchema> schemas) {
    return {
        {"cargo_messages", cargo_messages},
        {"libtest", libtest},
        {"doc_coverage", doc_coverage},
        {"rustdoc_json", rustdoc_json},
        {"criterion", criterion},
        {"bencher", bencher},
        {"dhat", dhat},
        {"perf_script", perf_script},
        {"asan", asan},
        {"tsan", tsan},
        {"miri", miri},
        {"llvm_cov", llvm_cov},
        {"cargo_lock", cargo_lock},
        {"advisory", advisory},
        {"gatecheck_toml", [s = std::move(schemas)](std::string_view input) { gatecheck_toml(input, s); }},
    };
}

}  // namespace gc::fuzz
