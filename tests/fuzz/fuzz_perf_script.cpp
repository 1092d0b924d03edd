// libFuzzer target: gc::fuzz::perf_script (tests/fuzz/fuzz_parsers.hpp), seeds in tests/fuzz/corpus/perf_script/.
#include "fuzz_parsers.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    gc::fuzz::perf_script(gc::fuzz::as_text(data, size));
    return 0;
}
