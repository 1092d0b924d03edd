// Which code the run's features compile (issue 25, point 7): cfg predicates judged against a
// package's enabled features, the stretches they leave out, and the concurrency scan and the
// rust-sources walk marking what is behind them instead of judging it as compiled.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

#include "cargo/workspace.hpp"
#include "probes/cfg_features.hpp"
#include "probes/concurrency_scan.hpp"
#include "probes/rust_sources.hpp"

using gc::probes::CfgTruth;
using gc::probes::eval_cfg;

TEST_CASE("cfg predicates: features known, every other option unknown, all/any/not three-valued", "[cfg]") {
    const std::set<std::string> on{"std", "serde"};
    CHECK(eval_cfg(R"(feature = "std")", on) == CfgTruth::yes);
    CHECK(eval_cfg(R"(feature="rayon")", on) == CfgTruth::no);
    CHECK(eval_cfg(R"(not(feature = "rayon"))", on) == CfgTruth::yes);
    CHECK(eval_cfg(R"(any(feature = "rayon", feature = "rustc-rayon"))", on) == CfgTruth::no);
    CHECK(eval_cfg(R"(all(feature = "std", feature = "rayon"))", on) == CfgTruth::no);
    CHECK(eval_cfg(R"(all(unix, feature = "rayon"))", on) == CfgTruth::no);  // false whatever unix is
    CHECK(eval_cfg(R"(all(unix, feature = "std"))", on) == CfgTruth::unknown);
    CHECK(eval_cfg(R"(any(test, feature = "rayon"))", on) == CfgTruth::unknown);
    CHECK(eval_cfg(R"(not(loom))", on) == CfgTruth::unknown);
    CHECK(eval_cfg(R"(target_os = "linux")", on) == CfgTruth::unknown);
    CHECK(eval_cfg("has_std", on) == CfgTruth::unknown);
    CHECK(eval_cfg(R"(all(feature = "std",)", on) == CfgTruth::unknown);  // does not parse: kept in
}

TEST_CASE("enabled features: default and what it turns on, flags, all_features, dep/feat", "[cfg]") {
    gc::Package pkg;
    pkg.name = "gcfx";
    pkg.features = {{"default", {"std"}},
                    {"std", {"alloc"}},
                    {"alloc", {}},
                    {"rayon", {"dep:rayon"}},
                    {"parallel", {"rayon/web_spin_lock"}},
                    {"weak", {"serde?/std"}},
                    {"serde", {"dep:serde"}}};
    pkg.optional_dependencies = {"rayon", "serde"};
    using Set = std::set<std::string>;
    CHECK(gc::probes::enabled_features(pkg, {}) == Set{"default", "std", "alloc"});
    gc::TargetScope none;
    none.no_default_features = true;
    CHECK(gc::probes::enabled_features(pkg, none).empty());
    gc::TargetScope par;
    par.no_default_features = true;
    par.features = {"gcfx/parallel", "other/std", "weak"};
    CHECK(gc::probes::enabled_features(pkg, par) == Set{"parallel", "rayon", "weak"});
    gc::TargetScope all;
    all.all_features = true;
    CHECK(gc::probes::enabled_features(pkg, all).size() == pkg.features.size());
}

namespace {

const std::string kParallel =
    "use std::sync::Mutex;\n"                                       // 1
    "#[cfg(feature = \"rayon\")]\n"                                 // 2
    "use rayon::prelude::*;\n"                                      // 3
    "pub struct Pool { inner: Mutex<u8>,\n"                         // 4
    "    #[cfg(feature = \"rayon\")] lanes: std::sync::Arc<u8>,\n"  // 5
    "    shared: std::sync::atomic::AtomicU8 }\n"                   // 6
    "#[cfg(all(feature = \"rayon\", not(miri)))]\n"                 // 7
    "pub fn sum<A, B>(v: &[u64]) -> u64 {\n"                        // 8
    "    v.par_iter().sum()\n"                                      // 9
    "}\n"                                                           // 10
    "#[cfg(not(feature = \"rayon\"))]\n"                            // 11
    "pub fn spawn() { std::thread::spawn(|| ()); }\n"               // 12
    "#[cfg(unix)]\n"                                                // 13
    "pub fn lock() -> std::sync::RwLock<u8> { todo!() }\n"          // 14
    "#[cfg(all(test, feature = \"rayon\"))]\n"                      // 15
    "mod tests {\n"                                                 // 16
    "    #[test]\n"                                                 // 17
    "    fn sums() { assert_eq!(super::sum(&[1]), 1); }\n"          // 18
    "}\n";                                                          // 19

std::string off_lines(const gc::SourceScan& scan) {
    std::string out;
    for (const auto& u : scan.uses) {
        out += std::to_string(u.line) + (u.off_by.empty() ? "+" : "-") + u.kind + " ";
    }
    return out;
}

}  // namespace

TEST_CASE("the concurrency scan marks what the features leave out, and keeps the rest", "[cfg][concurrency]") {
    const std::set<std::string> defaults{"default"};
    const auto scan = gc::probes::scan_source(kParallel, "", false, &defaults);
    // Off: the rayon import, the cfg'd field (not the fields around it), the rayon fn. In: the
    // not(rayon) fn, the unix one (unknown cfg), and everything without a cfg.
    CHECK(off_lines(scan) == "1+lock 3-rayon 4+lock 5-arc 6+atomic 9-rayon 12+thread-spawn 14+lock ");
    for (const auto& u : scan.uses) {
        if (!u.off_by.empty()) {
            CHECK(u.off_by.find("feature = \"rayon\"") != std::string::npos);
        }
    }
    // A test behind the feature is not built either, and calling par_iter exercises the pool.
    const auto with = std::set<std::string>{"rayon"};
    const auto on = gc::probes::scan_source(kParallel, "", false, &with);
    CHECK(off_lines(on) == "1+lock 3+rayon 4+lock 5+arc 6+atomic 9+rayon 12-thread-spawn 14+lock ");
    const auto tests = gc::probes::scan_source(
        "#[cfg(feature = \"rayon\")]\nmod t {\n#[test]\nfn par() { let v: Vec<u8> = vec![1]; "
        "v.par_iter().count(); }\n}\n#[test]\nfn plain() {}\n",
        "", false, &defaults);
    REQUIRE(tests.tests.size() == 2);
    CHECK(tests.tests[0].name == "t::par");
    CHECK(tests.tests[0].concurrent);
    CHECK(tests.tests[0].how == "par_iter");
    CHECK(tests.tests[0].off_by == "feature = \"rayon\"");
    CHECK(tests.tests[1].off_by.empty());
    // A where clause's commas do not end an item (indexmap's `par_drain`); a field's comma does.
    const auto where = gc::probes::scan_source(
        "#[cfg(feature = \"rayon\")]\npub(crate) fn par_drain<R>(&mut self, r: R) -> rayon::vec::Drain<'_, B<K, "
        "V>>\nwhere\n    K: Send,\n    V: Send,\n{\n    use rayon::iter::ParallelDrainRange;\n    "
        "self.entries.par_drain(r)\n}\npub fn after() -> std::sync::Arc<u8> { todo!() }\n",
        "", false, &defaults);
    CHECK(off_lines(where) == "2-rayon 7-rayon 8-rayon 10+arc ");
    // Without features (a caller that does not know them) nothing is marked.
    for (const auto& u : gc::probes::scan_source(kParallel, "").uses) {
        CHECK(u.off_by.empty());
    }
}

TEST_CASE("rust-sources: a file whose `mod` is behind an off feature is marked with that cfg", "[cfg][rust-sources]") {
    namespace fs = std::filesystem;
    const auto root = fs::temp_directory_path() / ("gatecheck-unit-cfg-" + std::to_string(::getpid()));
    fs::remove_all(root);
    const auto write = [&root](const std::string& name, const std::string& text) {
        fs::create_directories((root / name).parent_path());
        std::ofstream(root / name) << text;
    };
    write("Cargo.toml", "[package]\nname = \"gcfx-cfg\"\n");
    write("src/lib.rs",
          "pub mod plain;\n#[cfg(feature = \"rayon\")]\nmod rayon;\n// #[cfg(feature = \"rayon\")]\nmod "
          "commented;\n");
    write("src/plain.rs", "pub static M: std::sync::Mutex<u8> = std::sync::Mutex::new(0);\n");
    write("src/commented.rs", "pub static A: std::sync::atomic::AtomicU8 = std::sync::atomic::AtomicU8::new(0);\n");
    write("src/rayon/mod.rs", "mod map;\npub fn sum(v: &[u8]) -> usize { rayon::iter::repeat(1).count() }\n");
    write("src/rayon/map.rs",
          "pub fn n(v: &[u8]) -> usize { v.par_iter().count() }\n#[cfg(test)]\nmod tests {\n#[test]\nfn "
          "par() { super::n(&[1]); }\n}\n");
    gc::Workspace ws;
    ws.root = root;
    ws.target_dir = root / "target";
    gc::Package pkg;
    pkg.name = "gcfx-cfg";
    pkg.manifest_path = root / "Cargo.toml";
    pkg.features = {{"rayon", {"dep:rayon"}}};
    pkg.targets.push_back(gc::CargoTarget{"gcfx_cfg", {"lib"}, (root / "src/lib.rs").string()});
    ws.members.push_back(pkg);
    ws.selected.push_back(0);

    const auto sources = gc::probes::read_rust_sources(ws);
    REQUIRE(sources.get() != nullptr);
    const auto& p = sources.get()->packages.at(0);
    CHECK(p.features.empty());
    std::map<std::string, std::string> off;
    long off_uses = 0;
    long on_uses = 0;
    for (const auto& f : p.src) {
        off[f.path] = f.off_by;
        for (const auto& u : f.concurrency->uses) {
            ++(u.off_by.empty() ? on_uses : off_uses);
        }
    }
    CHECK(off["src/rayon/mod.rs"] == "feature = \"rayon\"");
    CHECK(off["src/rayon/map.rs"] == "feature = \"rayon\"");  // through its parent's mod
    CHECK(off["src/plain.rs"].empty());
    CHECK(off["src/commented.rs"].empty());  // a cfg in a comment is no cfg
    CHECK(off_uses == 2);
    CHECK(on_uses == 2);

    gc::TargetScope with;
    with.features = {"rayon"};
    const auto enabled = gc::probes::read_rust_sources(ws, with);
    REQUIRE(enabled.get() != nullptr);
    for (const auto& f : enabled.get()->packages.at(0).src) {
        CHECK(f.off_by.empty());
    }
    fs::remove_all(root);
}
