// libFuzzer target: gc::fuzz::rustdoc_json (tests/fuzz/fuzz_parsers.hpp), seeds in tests/fuzz/corpus/rustdoc_json/.
#include "fuzz_parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gc::fuzz::rustdoc_json(gc::fuzz::as_text(data, size));
    return 0;
}
