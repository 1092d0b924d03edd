// libFuzzer target: gc::fuzz::doc_coverage (tests/fuzz/fuzz_parsers.hpp), seeds in tests/fuzz/corpus/doc_coverage/.
#include "fuzz_parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gc::fuzz::doc_coverage(gc::fuzz::as_text(data, size));
    return 0;
}
