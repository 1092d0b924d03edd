// Fault injection (issue 23, docs/RELIABILITY.md): the real binary with tests/faults/fault-tool
// in front of real cargo, for each cargo family and the test binaries, against every fault of
// the matrix. A fault is never a pass; each family first passes without one (the control),
// so the fault is what makes the difference. One crate (`clean`) and one warm target dir.
#include <catch2/catch.hpp>

#include <algorithm>

#include "faults.hpp"

using namespace e2e;
using namespace e2e::faults;

namespace {

const Crate& shared_crate() {
    static const Crate crate = fixture("clean", "faults");
    return crate;
}

// What each fault of a cargo family must be: a missing subcommand is `unavailable` with its
// install command, everything else an `error`, with the reason where it is specific.
Expected cargo_expectation(const Family& family, const std::string& fault) {
    if (fault == "missing") {
        return {"unavailable", family.name == "cargo metadata" ? "cargo is not installed" : "is not installed"};
    }
    if (fault == "flood") {  // a kept stdout has a smaller cap: process.hpp
        return {"error",
                family.collected ? "printed more than 64 MiB on stdout" : "printed more than 256 MiB on stdout"};
    }
    if (fault == "huge-line" && !family.collected) {  // a kept stdout has no line limit
        return {"error", "printed a line longer than 16 MiB"};
    }
    if (fault == "hang") {
        return {"error", "timed out"};
    }
    return {"error", ""};
}

// `inert`: faults that rewrite a stdout the family leaves empty (cargo rustdoc writes its JSON
// to a file): the run is genuine, so it must still pass.
void run_family(const Family& family, const std::vector<std::string>& inert = {}) {
    const auto& crate = shared_crate();
    run_case(crate, family, "none", {"pass", ""});
    for (const auto& fault : all_faults()) {
        const bool genuine = std::find(inert.begin(), inert.end(), fault) != inert.end();
        run_case(crate, family, fault, genuine ? Expected{"pass", ""} : cargo_expectation(family, fault));
    }
}

}  // namespace

TEST_CASE("faults: cargo metadata") {
    run_family({"cargo metadata", "cargo", "metadata --no-deps", "", {"build"}, false, 3, true});
}

TEST_CASE("faults: cargo check") {
    run_family({"cargo check", "cargo", "check", "", {"build"}});
}

TEST_CASE("faults: cargo clippy") {
    run_family({"cargo clippy", "cargo", "clippy", "", {"clippy"}});
}

TEST_CASE("faults: cargo build --tests") {
    run_family({"cargo build --tests", "cargo", "build --tests", "", {"unit-tests", "integration-tests"}, false, 5});
}

TEST_CASE("faults: cargo test --doc") {
    run_family({"cargo test --doc", "cargo", "test --doc", "", {"doctests"}, false, 5});
}

TEST_CASE("faults: cargo rustdoc --show-coverage") {
    run_family({"cargo rustdoc --show-coverage", "cargo", "rustdoc --show-coverage", "", {"docs"}, false, 5, true});
}

TEST_CASE("faults: cargo rustdoc JSON") {
    run_family({"cargo rustdoc JSON", "cargo", "rustdoc", "--show-coverage", {"errors"}, false, 5, true},
               {"truncated", "bad-line", "non-utf8"});
}

TEST_CASE("faults: cargo fmt") {
    run_family({"cargo fmt", "cargo", "fmt", "", {"fmt"}, false, 3, true});
}

TEST_CASE("faults: test binaries") {
    const Family family{"test binaries", "cargo", "build --tests", "", {"unit-tests"}, true, 5};
    const auto& crate = shared_crate();
    run_case(crate, family, "none", {"pass", ""});
    for (const auto& fault : all_faults()) {
        Expected expected{"error", ""};
        if (fault == "missing") {
            expected = {"error", "cannot run"};
        } else if (fault == "signal") {
            expected = {"fail", "did not finish"};  // a test binary killed is the crate's crash
        } else if (fault == "truncated") {
            // The last line (libtest's summary) cut: issue 23's message names the command.
            expected = {"error", "` exited 0 before libtest reported every test"};
        } else if (fault == "flood") {
            expected = {"error", "printed more than 256 MiB on stdout"};
        } else if (fault == "huge-line") {
            expected = {"error", "printed a line longer than 16 MiB"};
        }
        run_case(crate, family, fault, expected);
    }
}

// Issue 23, point 10: without cargo, --gate still chooses the gates, and an optional gate
// is not listed as required.
TEST_CASE("faults: without cargo, --gate chooses the gates and optional ones stay optional") {
    const auto empty = partial_toolchain("faults-none", {});
    const auto r = gatecheck(shared_crate(), {"--gate", "build", "--gate", "miri"}, {{"PATH", empty.string()}});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 3);
    REQUIRE(r.report.is_object());
    CHECK(status(r.report, "build") == "unavailable");
    CHECK(gate(r.report, "build").at("required") == true);
    CHECK(status(r.report, "miri") == "unavailable");
    CHECK(gate(r.report, "miri").at("required") == false);
    CHECK(status(r.report, "clippy") == "skip");
    CHECK(status(r.report, "unit-tests") == "skip");
}
