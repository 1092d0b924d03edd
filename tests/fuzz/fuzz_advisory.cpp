// libFuzzer target: gc::fuzz::advisory (tests/fuzz/fuzz_parsers.hpp), seeds in tests/fuzz/corpus/advisory/.
#include "fuzz_parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gc::fuzz::advisory(gc::fuzz::as_text(data, size));
    return 0;
}
