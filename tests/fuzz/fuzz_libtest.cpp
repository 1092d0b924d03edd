// libFuzzer target: gc::fuzz::libtest (tests/fuzz/fuzz_parsers.hpp), seeds in tests/fuzz/corpus/libtest/.
#include "fuzz_parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gc::fuzz::libtest(gc::fuzz::as_text(data, size));
    return 0;
}
