// libFuzzer target: gc::fuzz::llvm_cov (tests/fuzz/fuzz_parsers.hpp), seeds in tests/fuzz/corpus/llvm_cov/.
#include "fuzz_parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gc::fuzz::llvm_cov(gc::fuzz::as_text(data, size));
    return 0;
}
