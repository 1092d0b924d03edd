#pragma once
// Where a failed test is in the sources, read from what libtest says of it.
#include <optional>
#include <string>
#include <string_view>

namespace gc {

// Where a failed test's output says it panicked ("panicked at src/lib.rs:83:9:").
struct SourceLocation {
    std::string file;
    int line = 0;
    int column = 0;
};
std::optional<SourceLocation> panic_location(std::string_view output);
// Where a doc test's example is, from its name: "src/lib.rs - Stack<T>::len (line 88)".
std::optional<SourceLocation> doctest_location(std::string_view name);

}  // namespace gc
