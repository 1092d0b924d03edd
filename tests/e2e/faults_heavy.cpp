// Fault injection (issue 23, docs/RELIABILITY.md) for the measuring tools: valgrind (DHAT,
// the allocations gate) and perf (the profile gate) on prof-harness's bencher and libtest
// benches, llvm-profdata and llvm-cov (the coverage gate) on cov-full. As test_faults.cpp:
// the control passes, no fault does. Not a ctest test yet (its name is not test_*.cpp, its cases
// are hidden): valgrind and perf run each bench for real, about half a minute per case, more
// than CI's budget. Run it by hand: build/tests/gatecheck_e2e_tests "[faults-heavy]".
#include <catch2/catch.hpp>

#include "faults.hpp"

using namespace e2e;
using namespace e2e::faults;

namespace {

// A tool taken off PATH is `unavailable` with its install command; any other fault `error`.
Expected tool_expectation(const std::string& fault) {
    if (fault == "missing") {
        return {"unavailable", ""};
    }
    if (fault == "hang") {
        return {"error", "timed out"};
    }
    return {"error", ""};
}

void run_family(const Crate& crate, const Family& family) {
    run_case(crate, family, "none", {"pass", ""});
    for (const auto& fault : all_faults()) {
        run_case(crate, family, fault, tool_expectation(fault));
    }
}

}  // namespace

TEST_CASE("faults: valgrind (DHAT)", "[.][faults-heavy]") {
    run_family(fixture("prof-harness", "faults-prof"), {"valgrind", "valgrind", "", "", {"allocations"}, false, 30});
}

TEST_CASE("faults: perf script", "[.][faults-heavy]") {
    run_family(fixture("prof-harness", "faults-prof"), {"perf script", "perf", "script", "", {"profile"}, false, 30});
}

TEST_CASE("faults: perf record", "[.][faults-heavy]") {
    run_family(fixture("prof-harness", "faults-prof"), {"perf record", "perf", "record", "", {"profile"}, false, 30});
}

TEST_CASE("faults: llvm-profdata merge", "[.][faults-heavy]") {
    run_family(fixture("cov-full", "faults-cov"),
               {"llvm-profdata", "llvm-profdata", "merge", "", {"coverage"}, false, 20});
}

TEST_CASE("faults: llvm-cov export", "[.][faults-heavy]") {
    run_family(fixture("cov-full", "faults-cov"), {"llvm-cov", "llvm-cov", "export", "", {"coverage"}, false, 20});
}
