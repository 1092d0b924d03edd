// libFuzzer target: gc::fuzz::asan (tests/fuzz/fuzz_parsers.hpp), seeds in tests/fuzz/corpus/asan/.
#include "fuzz_parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gc::fuzz::asan(gc::fuzz::as_text(data, size));
    return 0;
}
