// Every test-depth gate of issue 14 on one crate, run twice: the second run must build
// nothing (no instrumented flavour, no feature combination, not the user's own build).
// Fixture copies are tagged "depth-*": no other test file uses them.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include "support.hpp"

using namespace e2e;

namespace {

const std::vector<std::string> kDepthGates{"unit-tests",        "coverage", "sanitizer",     "miri",
                                           "concurrency-tests", "features", "property-tests"};

std::vector<std::string> only_depth_gates() {
    std::vector<std::string> args;
    for (const auto& g : kDepthGates) {
        args.insert(args.end(), {"--gate", g});
    }
    return args;
}

}  // namespace

TEST_CASE("depth: a warm re-run of every test-depth gate rebuilds nothing") {
    const auto crate = fixture("depth-warm", "depth-warm");
    const auto cold = gatecheck(crate, only_depth_gates());
    INFO(cold.out << cold.err);
    REQUIRE(cold.report.is_object());
    for (const auto& g : kDepthGates) {
        INFO(g);
        CHECK(status(cold.report, g) != "skip");
        CHECK(status(cold.report, g) != "error");
    }
    // Each instrumented flavour built into its own dir.
    for (const char* flavour : {"coverage", "asan", "tsan", "features"}) {
        INFO(flavour);
        CHECK(fs::is_directory(crate.target_dir / "gatecheck" / flavour));
    }
    const auto before = file_times(crate.target_dir, true);
    CHECK(before.size() > 20);

    const auto warm = gatecheck(crate, only_depth_gates());
    INFO(warm.out << warm.err);
    REQUIRE(warm.report.is_object());
    CHECK(file_times(crate.target_dir, true) == before);
    CHECK(metric(warm.report, "features", "rebuilt") == 0);
    for (const auto& g : kDepthGates) {
        INFO(g);
        CHECK(status(warm.report, g) == status(cold.report, g));
    }
}
