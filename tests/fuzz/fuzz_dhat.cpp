// libFuzzer target: gc::fuzz::dhat (tests/fuzz/fuzz_parsers.hpp), seeds in tests/fuzz/corpus/dhat/.
#include "fuzz_parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gc::fuzz::dhat(gc::fuzz::as_text(data, size));
    return 0;
}
