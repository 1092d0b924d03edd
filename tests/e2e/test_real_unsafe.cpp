// Real crates with unsafe code, from Debian's registry (installed by scripts/setup.sh): the
// unsafe gate's inventory must equal what `cargo rustc --lib -- --force-warn unsafe_code`
// prints, and its findings what clippy itself reports for the same lints.
#include <catch2/catch.hpp>

#include <algorithm>
#include <set>
#include <sstream>
#include <tuple>

#include "support.hpp"

using namespace e2e;

namespace {

// The raw inventory: `cargo rustc --lib --message-format=json -- --force-warn unsafe_code`,
// every unsafe_code message counted.
long raw_unsafe_total(const Crate& crate) {
    const auto out =
        run_program({"cargo", "rustc", "--lib", "--message-format=json", "--", "--force-warn", "unsafe_code"},
                    crate.dir, {{"CARGO_TARGET_DIR", (crate.target_dir / "raw-unsafe").string()}});
    long total = 0;
    std::istringstream lines(out.out);
    for (std::string line; std::getline(lines, line);) {
        const auto j = json::parse(line, nullptr, false);
        if (!j.is_discarded() && j.value("reason", "") == "compiler-message" &&
            j.at("message").at("code").is_object() && j.at("message").at("code").value("code", "") == "unsafe_code") {
            ++total;
        }
    }
    return total;
}

// Distinct (code, file, line, column) of clippy's own run with only `lints` asked for.
long raw_lint_findings(const Crate& crate, const std::vector<std::string>& lints) {
    std::vector<std::string> argv{"cargo", "clippy", "--all-targets", "--keep-going", "--message-format=json", "--"};
    for (const auto& l : lints) {
        argv.insert(argv.end(), {"-W", l});
    }
    const auto out = run_program(argv, crate.dir, {{"CARGO_TARGET_DIR", (crate.target_dir / "raw-clippy").string()}});
    std::set<std::tuple<std::string, std::string, long, long>> distinct;
    std::istringstream lines(out.out);
    for (std::string line; std::getline(lines, line);) {
        const auto j = json::parse(line, nullptr, false);
        if (j.is_discarded() || j.value("reason", "") != "compiler-message" ||
            !j.at("message").at("code").is_object()) {
            continue;
        }
        const auto code = j.at("message").at("code").value("code", "");
        if (std::find(lints.begin(), lints.end(), code) == lints.end()) {
            continue;
        }
        for (const auto& s : j.at("message").at("spans")) {
            if (s.value("is_primary", false)) {
                distinct.emplace(code, s.at("file_name"), s.at("line_start"), s.at("column_start"));
                break;
            }
        }
    }
    return static_cast<long>(distinct.size());
}

void compare_unsafe(const std::string& name, long expected_total) {
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
    CHECK(metric(r.report, "unsafe", "findings") ==
          raw_lint_findings(crate, {"clippy::undocumented_unsafe_blocks", "clippy::missing_safety_doc",
                                    "clippy::multiple_unsafe_ops_per_block"}));
}

}  // namespace

// (proc-macro2 1.0.47, 4 unsafe_code messages, is not here: its dev-dependency `quote` pulls
// proc-macro2 from the registry too, and `cargo clippy -p proc-macro2` is then ambiguous.)

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
