#pragma once
// What each libFuzzer target (tests/fuzz/fuzz_*.cpp) feeds to gatecheck's parsers of external
// output, shared with the unit test that replays every file of tests/fuzz/corpus/TARGET/
// (tests/unit/test_fuzz_corpus.cpp): a regression input runs in the g++ and ASan passes too,
// not only under clang's fuzzer. Each function calls the parsers as their probe does
// (streaming parsers line by line) and throws nothing: a parser that throws, crashes, hangs
// or grows without bound is the bug being looked for.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"

namespace gc::fuzz {

// Inputs that hold two documents (criterion's estimates.json and benchmark.json, miri's
// stdout and stderr, llvm-cov's summary and lcov) have them separated by the first NUL byte.
void cargo_messages(std::string_view input);
void libtest(std::string_view input);
void doc_coverage(std::string_view input);
void rustdoc_json(std::string_view input);
void criterion(std::string_view input);
void bencher(std::string_view input);
void dhat(std::string_view input);
void perf_script(std::string_view input);
void asan(std::string_view input);
void tsan(std::string_view input);
void miri(std::string_view input);
void llvm_cov(std::string_view input);
void cargo_lock(std::string_view input);
void advisory(std::string_view input);
void gatecheck_toml(std::string_view input, const std::vector<GateSchema>& schemas);

// One target: its corpus dir name (tests/fuzz/corpus/NAME) and what it runs on an input.
struct Target {
    std::string name;
    std::function<void(std::string_view)> run;
};
// Every target; gatecheck.toml is checked against `schemas` (the gates' settings).
std::vector<Target> targets(std::vector<GateSchema> schemas);

// libFuzzer's bytes as the text a parser sees.
inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};  // NOLINT(cppcoreguidelines-pro-type-reinterpret-cast)
}

}  // namespace gc::fuzz
