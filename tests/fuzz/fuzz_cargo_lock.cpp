// libFuzzer target: gc::fuzz::cargo_lock (tests/fuzz/fuzz_parsers.hpp), seeds in tests/fuzz/corpus/cargo_lock/.
#include "fuzz_parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gc::fuzz::cargo_lock(gc::fuzz::as_text(data, size));
    return 0;
}
