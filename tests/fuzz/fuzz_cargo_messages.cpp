// libFuzzer target: gc::fuzz::cargo_messages (tests/fuzz/fuzz_parsers.hpp), seeds in tests/fuzz/corpus/cargo_messages/.
#include "fuzz_parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gc::fuzz::cargo_messages(gc::fuzz::as_text(data, size));
    return 0;
}
