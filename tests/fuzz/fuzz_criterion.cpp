// libFuzzer target: gc::fuzz::criterion (tests/fuzz/fuzz_parsers.hpp), seeds in tests/fuzz/corpus/criterion/.
#include "fuzz_parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gc::fuzz::criterion(gc::fuzz::as_text(data, size));
    return 0;
}
