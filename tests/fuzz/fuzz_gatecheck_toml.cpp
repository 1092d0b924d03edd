// libFuzzer target: gc::fuzz::gatecheck_toml (tests/fuzz/fuzz_parsers.hpp), seeds in
// tests/fuzz/corpus/gatecheck_toml/, against the gates' schemas of tests/fuzz/gate_schemas.json.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "fuzz_parsers.hpp"
#include "gate_schemas.hpp"

namespace {

std::vector<gc::GateSchema> load_schemas() {
    std::ifstream in(GATECHECK_FUZZ_SCHEMAS);
    std::ostringstream text;
    text << in.rdbuf();
    auto schemas = gc::fuzz::schemas_from_json(text.str());
    if (!schemas || schemas->empty()) {
        std::fprintf(stderr, "cannot read the gate schemas %s\n", GATECHECK_FUZZ_SCHEMAS);
        std::abort();
    }
    return std::move(*schemas);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto schemas = load_schemas();
    gc::fuzz::gatecheck_toml(gc::fuzz::as_text(data, size), schemas);
    return 0;
}
