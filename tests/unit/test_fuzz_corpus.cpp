// The fuzz targets' corpora (tests/fuzz/corpus/TARGET/: seeds from recorded real output and
// the inputs that once crashed a parser) through the same calls as the libFuzzer targets, in
// the normal and the ASan passes; and the gate schemas the gatecheck.toml target reads.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>

#include "fuzz_parsers.hpp"
#include "gate_schemas.hpp"
#include "gates/gate.hpp"
#include "recorded.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kFuzzDir = fs::path(GATECHECK_SOURCE_DIR) / "tests" / "fuzz";

}  // namespace

TEST_CASE("every input of every fuzz corpus goes through its parsers", "[fuzz-corpus]") {
    const auto targets = gc::fuzz::targets(gc::gate_schemas());
    std::set<std::string> names;
    for (const auto& t : targets) {
        names.insert(t.name);
        const auto dir = kFuzzDir / "corpus" / t.name;
        REQUIRE(fs::is_directory(dir));
        std::size_t inputs = 0;
        for (const auto& entry : fs::directory_iterator(dir)) {
            const auto text = recorded::read_file(entry.path().string());
            INFO(entry.path().string());
            CHECK_NOTHROW(t.run(text));
            ++inputs;
        }
        INFO(t.name);
        CHECK(inputs > 0);  // every target starts from recorded real output
    }
    // A corpus dir no target reads would be a regression input that never runs.
    for (const auto& entry : fs::directory_iterator(kFuzzDir / "corpus")) {
        CHECK(names.count(entry.path().filename().string()) == 1);
    }
}

TEST_CASE("the fuzz build's gate schemas are the gates' own", "[fuzz-schemas]") {
    const auto file = kFuzzDir / "gate_schemas.json";
    const auto expected = gc::fuzz::schemas_to_json(gc::gate_schemas());
    if (std::getenv("GATECHECK_WRITE_FUZZ_SCHEMAS") != nullptr) {
        std::ofstream(file, std::ios::binary) << expected;
    }
    CHECK(recorded::read_file(file.string()) == expected);
    const auto back = gc::fuzz::schemas_from_json(expected);
    REQUIRE(back);
    CHECK(gc::fuzz::schemas_to_json(*back) == expected);
}
