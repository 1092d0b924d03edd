// libFuzzer target: gc::fuzz::tsan (tests/fuzz/fuzz_parsers.hpp), seeds in tests/fuzz/corpus/tsan/.
#include "fuzz_parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gc::fuzz::tsan(gc::fuzz::as_text(data, size));
    return 0;
}
