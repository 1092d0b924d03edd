#pragma once
// Source coverage of the crate's own files, as llvm-cov counts lines and regions.
#include <string>
#include <vector>

namespace gc {

struct CoverageCounts {
    long covered{};
    long count{};
    [[nodiscard]] double percent() const {
        return count == 0 ? 0.0 : 100.0 * static_cast<double>(covered) / static_cast<double>(count);
    }
};

struct FileCoverage {
    std::string file{};  // relative to the workspace root: "src/lib.rs"
    CoverageCounts lines{};
    CoverageCounts regions{};
    std::vector<int> uncovered{};  // lines llvm-cov counts as instrumented and never executed
};

struct CoverageEvidence {
    std::vector<FileCoverage> files{};  // the crate's own files, by path
    CoverageCounts lines{};             // the sums over `files`, as `llvm-cov report` totals them
    CoverageCounts regions{};
    long profiles{};                     // .profraw files merged
    std::vector<std::string> objects{};  // the test binaries passed as -object
    std::string ignore_regex{};          // --ignore-filename-regex
    std::string profdata{};              // the merged profile, kept for `llvm-cov report`
    std::string llvm_bin{};              // where llvm-profdata and llvm-cov were found
    long outside_files{};                // files llvm-cov reported outside the workspace root, not counted
    long doctest_objects{};              // of `objects`, the persisted doc test binaries (the last ones)
};

// "12-18, 30": sorted line numbers as ranges of consecutive lines.
std::string line_ranges(const std::vector<int>& lines);

}  // namespace gc
